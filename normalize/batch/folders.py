"""Where a run may read and write: never into its input folder, never over an input.

The input and output folders and the report paths are compared by real path (``..``
and links resolved) and by device and inode (a bind mount shows one folder at two
paths), so that no spelling of a path lets a run write over what it reads.  Every
check runs before anything is written; each refusal names the path, says why and
what to do.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Iterable

from normalize.errors import NormalizeError
from normalize.batch.files import advice, make_folders, read_advice, reason_of, shown
from normalize.batch.manifest import FILE_NAME as MANIFEST
from normalize.batch.state import STATE_DIR

SQLITE_PATH_MAX = 512  # the bytes of the longest path SQLite opens (its unix VFS's MAX_PATHNAME)


def default_report_paths(output_dir: Path) -> list[Path]:
    """Where the reports go when none is named: the output folder's state folder, which no walk enters."""
    state = Path(output_dir) / STATE_DIR
    return [state / "report.json", state / "report.html"]


def identity(path) -> tuple[int, int] | None:
    """The device and inode of what ``path`` names (through links), or None if it names nothing that can be seen."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def place_in(path: Path, folder: Path) -> PurePath | None:
    """Where ``path`` (a real path) lies below ``folder``: its relative path (``.`` for the folder itself), or None.

    Found by real path, or, for a folder seen at two paths (a bind mount), by the
    device and inode of ``path`` or one of the folders above it.
    """
    real_folder = Path(folder).resolve()
    if path.is_relative_to(real_folder):
        return path.relative_to(real_folder)
    folder_id = identity(real_folder)
    if folder_id is not None:
        for above in (path, *path.parents):
            if identity(above) == folder_id:
                return path.relative_to(above)
    return None


def real_file_path(path) -> Path:
    """The real path of the file at ``path``: its folder's links and ``..`` resolved, not a link it is itself.

    A write replaces a link by a file (a rename), it never writes through it.
    """
    path = Path(path).absolute()
    return path.parent.resolve() / path.name


def refuse_unreadable_input(input_dir: Path, doing: str) -> None:
    """Refuse an input folder that is not a folder that can be read; ``doing``: what the run would do with it."""
    if not os.path.isdir(input_dir):
        raise NormalizeError(f"{input_dir}: no such folder; give the folder of articles to {doing}")
    try:
        with os.scandir(input_dir):
            pass
    except OSError as error:
        raise NormalizeError(f"{input_dir}: could not read the input folder ({reason_of(error)}); {read_advice(error)}") from None


def refuse_unsafe_output(input_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder that is a file, is the input folder, contains it, or would mix with its files.

    An output folder inside the input folder is left out of the walk, so it may be
    there only if it holds no input: a new or empty folder, or the output of an
    earlier run (it has a state folder).
    """
    if os.path.lexists(output_dir) and not os.path.isdir(output_dir):
        raise NormalizeError(f"{output_dir}: not a folder, so the output cannot be written there; choose another --out")
    real_in, real_out = input_dir.resolve(), output_dir.resolve()
    out_in_input, input_in_out = place_in(real_out, input_dir), place_in(real_in, output_dir)
    if _is_itself(out_in_input) or _is_itself(input_in_out):
        raise NormalizeError(
            f"{output_dir}: the output folder must not be the input folder (inputs are never modified); choose another --out"
        )
    if input_in_out is not None:
        raise NormalizeError(
            f"{output_dir}: the output folder contains the input folder {input_dir}, so outputs would be written "
            "over or among the inputs (inputs are never modified); choose an --out outside the input folder"
        )
    manifest = real_out / STATE_DIR / f"{MANIFEST}-journal"  # the longest name SQLite opens there
    if len(os.fsencode(manifest)) > SQLITE_PATH_MAX:
        raise NormalizeError(
            f"{output_dir}: its path is too long for the manifest kept in it (SQLite opens paths of up to "
            f"{SQLITE_PATH_MAX} bytes, {manifest} has {len(os.fsencode(manifest))}); choose an --out with a shorter path"
        )
    if out_in_input is not None and not _free_for_output(output_dir):
        raise NormalizeError(
            f"{output_dir}: this folder inside the input folder {input_dir} holds files that are not the output of "
            "an earlier run: they would be left out of the cleaning and written over; choose a new or empty folder "
            "for --out, or one outside the input folder"
        )


def _is_itself(place: PurePath | None) -> bool:
    return place is not None and not place.parts


def _free_for_output(folder: Path) -> bool:
    """Whether an output folder holds nothing but an earlier run's output (or nothing at all, or is not there yet)."""
    if not os.path.lexists(folder):
        return True
    try:
        with os.scandir(folder) as entries:
            empty = next(entries, None) is None
    except OSError as error:
        raise NormalizeError(
            f"{folder}: could not read the output folder ({reason_of(error)}) to see that it holds no inputs; {read_advice(error)}"
        ) from None
    return empty or os.path.isdir(folder / STATE_DIR)


def refuse_unsafe_reports(paths: Iterable, input_dir: Path, output_dir: Path | None = None) -> None:
    """Refuse a report path inside the input folder, or among the articles of the output folder.

    Inside the output folder a report goes at the top, under a name no input has
    there, or in its state folder.
    """
    for path in paths:
        real = real_file_path(path)
        in_output = place_in(real, output_dir) if output_dir is not None else None
        if in_output is not None:
            if in_output.parts[:1] == (STATE_DIR,):
                continue
            if len(in_output.parts) != 1:
                raise NormalizeError(
                    f"{path}: inside the output folder, a report goes at its top or in {STATE_DIR}/ (deeper, it would "
                    "mix with the articles); choose another --report path"
                )
            if os.path.lexists(input_dir / in_output):
                raise NormalizeError(
                    f"{path}: the output of the input {input_dir / in_output} goes there; "
                    f"name the report otherwise, or write it in {output_dir / STATE_DIR}"
                )
        elif place_in(real, input_dir) is not None:
            raise NormalizeError(
                f"{path}: the report would be written inside the input folder {input_dir} (inputs are never "
                "modified); write it in the output folder or outside the input folder"
            )


def make_output(output_dir: Path) -> None:
    """Make the output folder (and the folders above it); an error says what to do."""
    try:
        make_folders(output_dir)
    except OSError as error:
        raise NormalizeError(
            f"{shown(error.filename or output_dir)}: could not make the output folder ({reason_of(error)}); "
            f"nothing was written; {advice(error)}, or choose another --out"
        ) from None
