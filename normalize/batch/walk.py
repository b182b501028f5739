"""Walking the input folder: which files a run sees (Source), in what order, which links it follows, what it ignores.

The walk is sorted, so that every run and every engine sees the files in the same
order.  What is left out (a link that leads outside, a pipe) or cannot be handled (a
name that is not UTF-8, a folder that cannot be read) comes out with the reason.
What the user ignores (``--exclude`` globs, the ``.gitignore`` files below the input
folder, the ``.git`` folder) is not seen at all, as git does not see it (:class:`Ignore`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pathspec

from normalize.batch.files import read_advice, reason_of, shown, unreadable
from normalize.batch.folders import identity
from normalize.batch.state import STATE_DIR
from normalize.errors import NormalizeError

FOLDER_NOT_READ = "nothing below it was cleaned or written"
GITIGNORE = ".gitignore"


@dataclass(frozen=True)
class Ignore:
    """What a walk leaves unseen: ``patterns`` (gitignore syntax, relative to the input folder) and,
    with ``gitignore``, the ``.git`` folder and what each ``.gitignore`` below the input folder names.

    >>> Ignore(("drafts/", "*.bak")).ignores("", "drafts", folder=True), Ignore(("*.bak",)).ignores("", "a/b.bak")
    (True, True)
    """

    patterns: tuple[str, ...] = ()
    gitignore: bool = True

    def ignores(self, within: str, name: str, folder: bool = False, specs: tuple = ()) -> bool:
        """Whether the entry ``name`` of the folder ``within`` is ignored, by ``patterns`` or ``specs``
        (the ``(base, spec)`` pairs of the ``.gitignore`` files above it)."""
        if self.gitignore and folder and name == ".git":
            return True
        path = f"{within}/{name}" if within else name
        suffix = "/" if folder else ""
        if self.patterns and _spec(self.patterns).match_file(path + suffix):
            return True
        return any(spec.match_file(path[len(base):] + suffix) for base, spec in specs if path.startswith(base))

    def specs_of(self, folder: Path, within: str, inherited: tuple) -> tuple:
        """``inherited`` and the ``.gitignore`` of ``folder`` (at ``within``), if there is one to read."""
        if not self.gitignore:
            return inherited
        try:
            lines = (folder / GITIGNORE).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return inherited
        return (*inherited, (f"{within}/" if within else "", pathspec.GitIgnoreSpec.from_lines(lines)))


def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return _SPECS.setdefault(patterns, pathspec.GitIgnoreSpec.from_lines(patterns))


_SPECS: dict[tuple[str, ...], pathspec.GitIgnoreSpec] = {}


@dataclass(frozen=True)
class Source:
    """A file found under the input folder.

    ``linked``: reached through a link that is followed.  ``skip``: why the file is
    left out (a link that leads outside the input folder, a pipe or a device);
    ``fail``: why it cannot be handled (a name that is not UTF-8).  Either way it is
    neither read nor written, and the report says why.
    """

    root: Path
    path: str  # relative, with "/" separators
    linked: bool = False
    skip: str | None = None
    fail: str | None = None

    @property
    def absolute(self) -> Path:
        return self.root.joinpath(*self.path.split("/"))


def walk(root: Path, exclude: Path | None = None, follow_links: bool = False, ignore: Ignore | None = None) -> Iterator[Source]:
    """Every file below ``root``, folder by folder in sorted order; state folders and the folder ``exclude`` left out.

    ``exclude`` (the output folder) is known by device and inode, however it is spelled
    or reached.  A link to a file inside ``root`` is followed.  A link that leads outside
    ``root`` is not, unless ``follow_links``: it comes out with a ``skip`` reason, as do
    links to nothing, pipes and devices.  A link to a folder inside ``root`` is not
    entered (its files are cleaned where they are), one outside only with
    ``follow_links``, and never one to a folder that contains it (a loop).  A folder that
    cannot be read (no permission, a path longer than the system allows) comes out with
    a ``fail`` reason, and the walk goes on; only ``root`` itself unreadable stops it.
    What ``ignore`` names is not seen at all.
    """
    root = Path(root)
    real_root = root.resolve()
    excluded = identity(exclude) if exclude is not None else None
    ignore = ignore or Ignore(gitignore=False)
    folders = [("", ())]  # relative paths of the folders still to read (the next one last), with their .gitignore specs
    while folders:
        within, specs = folders.pop()
        try:
            entries = _sorted_entries(root / within)
        except OSError as error:
            if not within:
                raise NormalizeError(f"{root}: could not read the input folder ({reason_of(error)}); {read_advice(error)}") from None
            yield Source(root, shown(within), fail=unreadable(root / within, error, FOLDER_NOT_READ))
            continue
        prefix = f"{within}/" if within else ""  # paths are built as text: a Path per file costs more than the rest
        specs = ignore.specs_of(root / within, within, specs)
        subfolders = []
        for entry in entries:
            if not _is_folder(entry) or entry.name == STATE_DIR or (excluded and identity(entry.path) == excluded):
                continue
            if ignore.ignores(within, entry.name, folder=True, specs=specs):
                continue
            path = prefix + entry.name
            try:
                problem = _folder_link_problem(Path(entry.path), real_root, follow_links)
            except OSError as error:
                yield Source(root, shown(path), fail=unreadable(entry.path, error, FOLDER_NOT_READ))
                continue
            if problem is None:
                subfolders.append((path, specs))
            else:
                yield Source(root, shown(path), skip=problem)
        for entry in entries:
            if not _is_folder(entry) and not ignore.ignores(within, entry.name, specs=specs):
                yield _file_source(root, prefix + entry.name, entry, real_root, follow_links)
        folders.extend(reversed(subfolders))


def _sorted_entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether the entry is a folder or a link to one (one that cannot be looked at is taken for a file)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _file_source(root: Path, path: str, entry: os.DirEntry, real_root: Path, follow_links: bool) -> Source:
    """The file at ``path`` (relative to ``root``), with why it is left out or cannot be handled, if it is."""
    if shown(path) != path:
        return Source(root, shown(path), fail=(
            "its name is not valid UTF-8, so it cannot be named in the report: not read, not written; "
            "rename it (e.g. with convmv) and run again"
        ))
    try:
        linked = entry.is_symlink()
        problem = file_problem(Path(entry.path), real_root, follow_links) if linked or not entry.is_file() else None
    except OSError as error:
        return Source(root, path, fail=unreadable(entry.path, error, "not cleaned, not written"))
    return Source(root, path, linked=linked, skip=problem)


def _folder_link_problem(folder: Path, real_root: Path, follow_links: bool) -> str | None:
    """Why the folder (or link to one) at ``folder`` is not entered, or None to enter it."""
    if not folder.is_symlink():
        return None
    target = folder.resolve()
    if target.is_relative_to(real_root) and not follow_links:
        return f"a link to the folder {shown(target)}, inside the input folder: its files are cleaned where they are"
    if folder.parent.resolve().is_relative_to(target):
        return f"a link to the folder {shown(target)}, which contains it: following it would never end"
    if not follow_links:
        return f"a link to the folder {shown(target)}, outside the input folder: not followed; pass --follow-links to follow it"
    return None


def file_problem(path: Path, real_root: Path, follow_links: bool) -> str | None:
    """Why the link or special file at ``path`` is not read, or None to read it."""
    if path.is_symlink():
        if not path.exists():
            return f"a link to {shown(os.readlink(path))}, which does not exist: left out; fix or remove the link"
        target = path.resolve()
        if not (follow_links or target.is_relative_to(real_root)):
            return f"a link to {shown(target)}, outside the input folder: not followed; pass --follow-links to follow it"
    if not path.is_file():
        return "not a regular file (a pipe, socket or device): left out; move it out of the folder to silence this"
    return None
