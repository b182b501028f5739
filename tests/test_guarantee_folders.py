"""Guarantee "an archive is never damaged, whatever folders a run is given".

Input and output folders that overlap (either way round, spelled through ``..``, a
link or a bind mount), report paths among the inputs or the articles, paths longer
than the system allows, folders nested thousands deep, an output folder that cannot
be written and folders that cannot be read.  Each is refused before anything is
written (exit 2, a message naming the path and what to do), or fails the files it
concerns and lets the batch go on (exit 1, each named on stderr and in the report).
A property test runs ``clean_folder`` twice over generated layouts and checks that
no input byte ever changes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import picture
from normalize import Config, Pipeline
from normalize.cli import main
from normalize.errors import NormalizeError
from normalize.batch.run import clean_folder, discover_folder

ARTICLE = "Talks in Kiev went on late into the night, Zelenskiy said.\n"
CLEANED = "Talks in Kyiv went on late into the night, Zelensky said.\n"
PATH_MAX = os.pathconf("/", "PC_PATH_MAX")


def write_files(root: Path, paths) -> Path:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(ARTICLE, encoding="utf-8")
    return root


def listing(folder: Path) -> dict[str, str]:
    """Every folder and file below ``folder``, the files with the hash of their bytes."""
    found = {}
    for where, dirs, files in os.walk(folder):
        for name in dirs:
            found[Path(where, name).relative_to(folder).as_posix()] = "folder"
        for name in files:
            found[Path(where, name).relative_to(folder).as_posix()] = hashlib.sha256(Path(where, name).read_bytes()).hexdigest()
    return found


def outside(found: dict[str, str], place: str) -> dict[str, str]:
    """``found`` without ``place`` and what is below it, nor the folders made to reach it."""
    return {path: kind for path, kind in found.items()
            if not (path == place or path.startswith(place + "/") or (kind == "folder" and place.startswith(path + "/")))}


def files_in(out: Path) -> set[str]:
    """The files written below the output folder ``out``, not its state folder."""
    return {path for path, kind in outside(listing(out), ".normalize").items() if kind != "folder"}


def mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode:
        pytest.skip(f"needs root and mount(8): {result.stderr.strip()}")


@contextmanager
def bind_mount(source: Path, target: Path, read_only: bool = False):
    """``source`` seen also at ``target`` (one folder, two paths), read-only there if asked."""
    target.mkdir(parents=True, exist_ok=True)
    mount("--bind", str(source), str(target))
    try:
        if read_only:
            mount("-o", "remount,ro,bind", str(target))
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


def clean(*args: str) -> int:
    return main(["clean", *map(str, args), "-j", "1", "-q", "--no-suggestions"])


def report_of(out: Path) -> dict[str, dict]:
    data = json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in data["files"]}


# 1. Input and output folders that overlap, and report paths among the inputs


@pytest.mark.parametrize("spelling", ["plain", "through ..", "through a link"])
def test_an_output_folder_that_contains_the_input_is_refused(tmp_path, spelling, capsys, monkeypatch):
    """``clean data/in --out data`` would write ``in/x.txt`` of the input over ``data/in/x.txt``."""
    source = write_files(tmp_path / "data" / "in", ["x.txt", "in/x.txt"])
    (tmp_path / "work").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "data")
    out = {"plain": tmp_path / "data", "through ..": "../data", "through a link": tmp_path / "alias"}[spelling]
    monkeypatch.chdir(tmp_path / "work")
    before = picture(tmp_path / "data")
    assert clean(source, "--out", out) == 2
    error = capsys.readouterr().err
    assert "contains the input folder" in error and "choose an --out outside the input folder" in error
    assert picture(tmp_path / "data") == before  # not a byte, not a folder written
    with pytest.raises(NormalizeError, match="contains the input folder"):
        clean_folder(source, out, Config(jobs=1))


def test_an_output_folder_inside_the_input_that_holds_files_is_refused(tmp_path, capsys):
    """Its files would be left out of the walk and written over by the outputs of the same names."""
    source = write_files(tmp_path / "in", ["x.txt", "sub/x.txt", "sub/y.txt"])
    before = picture(source)
    assert clean(source, "--out", source / "sub") == 2
    error = capsys.readouterr().err
    assert f"{source / 'sub'}: this folder inside the input folder" in error and "choose a new or empty folder" in error
    assert picture(source) == before


@pytest.mark.parametrize("spelling", ["through ..", "through a link"])
def test_an_output_folder_inside_the_input_is_left_out_however_it_is_spelled(tmp_path, spelling, monkeypatch):
    """``cd work && normalize clean ../articles --out ../articles/cleaned``, run twice, cleans the articles once."""
    source = write_files(tmp_path / "articles", ["a.txt", "news/b.txt"])
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "alias").symlink_to(source)
    monkeypatch.chdir(tmp_path / "work")
    out = {"through ..": "../articles/cleaned", "through a link": "alias/cleaned"}[spelling]
    inputs = listing(source)
    for _ in range(2):
        assert clean("../articles", "--out", out) == 0
        assert outside(listing(source), "cleaned") == inputs
        assert files_in(source / "cleaned") == {"a.txt", "news/b.txt"}  # not cleaned/a.txt, the first run's output
        assert sorted(report_of(source / "cleaned")) == ["a.txt", "news/b.txt"]


def test_a_link_to_the_output_folder_is_not_walked_into(tmp_path):
    """With --follow-links, a link in the input to the output folder would feed each run's output to the next."""
    source = write_files(tmp_path / "in", ["a.txt"])
    (source / "to-out").symlink_to(tmp_path / "out", target_is_directory=True)
    for _ in range(2):
        assert clean(source, "--out", tmp_path / "out", "--follow-links") == 0
        assert files_in(tmp_path / "out") == {"a.txt"}


def test_folders_are_compared_by_device_and_inode_through_a_bind_mount(tmp_path, capsys):
    """One folder at two paths: the real paths differ, the device and inode do not."""
    source = write_files(tmp_path / "in", ["x.txt", "sub/y.txt"])
    before = picture(source)
    with bind_mount(source, tmp_path / "mirror") as mirror:
        assert clean(source, "--out", mirror) == 2
        assert "must not be the input folder" in capsys.readouterr().err
        assert clean(mirror / "sub", "--out", source) == 2
        assert "contains the input folder" in capsys.readouterr().err
        assert clean(source, "--out", mirror / "sub") == 2
        assert "holds files that are not the output of an earlier run" in capsys.readouterr().err
        assert clean(source, "--out", tmp_path / "out", "--report", mirror / "x.html") == 2
        assert "inside the input folder" in capsys.readouterr().err
    assert picture(source) == before


@pytest.mark.parametrize("report, why", [
    ("{in}/page.html", "inside the input folder"),  # an article of the input
    ("{in}/new.json", "inside the input folder"),  # anything inside the input folder
    ("{in}/news/../r.csv", "inside the input folder"),
    ("{link}/r.json", "inside the input folder"),
    ("{out}/page.html", "the output of the input"),  # where the cleaned article goes
    ("{out}/news/r.json", "a report goes at its top or in .normalize/"),  # among the articles
])
def test_a_report_among_the_inputs_or_the_articles_is_refused(tmp_path, report, why, capsys):
    source = write_files(tmp_path / "in", ["page.html", "news/a.txt"])
    (tmp_path / "link").symlink_to(source)
    before = picture(source)
    path = report.format(**{"in": source, "out": tmp_path / "out", "link": tmp_path / "link"})
    assert clean(source, "--out", tmp_path / "out", "--report", path) == 2
    error = capsys.readouterr().err
    assert f"{path}: " in error and why in error
    assert picture(source) == before
    assert not (tmp_path / "out").exists()  # refused before anything was written


@pytest.mark.parametrize("report", ["{out}/r.json", "{out}/.normalize/r.json", "{tmp}/r.json", "{in}/cleaned/r.json"])
def test_a_report_at_the_top_of_the_output_or_outside_the_input_is_written(tmp_path, report):
    source = write_files(tmp_path / "in", ["page.html", "news/a.txt"])
    out = tmp_path / "out" if "{out}" in report else source / "cleaned"
    path = Path(report.format(**{"in": source, "out": out, "tmp": tmp_path}))
    assert clean(source, "--out", out, "--report", path) == 0
    assert json.loads(path.read_text(encoding="utf-8"))["summary"]["files"] == 2


def test_discover_refuses_a_report_inside_the_input_folder(tmp_path, capsys):
    source = write_files(tmp_path / "in", ["page.html", "a.txt"])
    before = picture(source)
    assert main(["discover", str(source), "--report", str(source / "page.html"), "-j", "1", "-q"]) == 2
    assert f"{source / 'page.html'}: the report would be written inside the input folder" in capsys.readouterr().err
    with pytest.raises(NormalizeError, match="inside the input folder"):
        discover_folder(source, Config(jobs=1), [source / "sub" / "r.json"])
    assert picture(source) == before


# 2. Paths longer than the system allows, folders nested thousands deep


def nest(root: Path, length: int, name: str = "d" * 200) -> str:
    """Folders below ``root`` until their path is ``length`` bytes or more; their path relative to ``root``.

    Made through file descriptors: the kernel takes no path longer than PATH_MAX.
    """
    root.mkdir(parents=True, exist_ok=True)
    handle, parts, size = os.open(root, os.O_RDONLY), [], len(os.fsencode(root))
    try:
        while size < length:
            os.mkdir(name, dir_fd=handle)
            inner = os.open(name, os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle, size = inner, size + len(name) + 1
            parts.append(name)
        article = os.open("x.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle)
        os.write(article, ARTICLE.encode())
        os.close(article)
    finally:
        os.close(handle)
    return "/".join(parts)


@pytest.fixture
def removed_afterwards():
    """Folders to remove after the test: pytest's clean-up recurses once a folder, so a nest thousands deep stops it."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        subprocess.run(["rm", "-rf", "--", str(folder)], check=True)  # GNU rm walks a tree of any depth


def test_a_path_longer_than_path_max_fails_that_file_only(tmp_path, capsys, removed_afterwards):
    source = write_files(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    removed_afterwards += [source / "many", out / "many"]
    too_deep = first_too_long(source, "deep/" + nest(source / "deep", PATH_MAX + 300))  # a folder that cannot be read
    long_name = nest(source / "long", PATH_MAX - 150, name="d" * 40)  # a folder that can, with a file in it that cannot
    folder = _open_deep(source / "long", long_name)
    os.close(os.open("f" * 200 + ".txt", os.O_WRONLY | os.O_CREAT, dir_fd=folder))
    os.close(folder)
    thousands = nest(source / "many", len(os.fsencode(source / "many")) + 3000, name="a")  # 1,500 folders deep
    assert clean(source, "--out", out) == 4
    error = capsys.readouterr().err
    report = report_of(out)
    for failed in (too_deep, f"long/{long_name}/{'f' * 200}.txt"):
        assert report[failed]["status"] == "failed" and "too long" in report[failed]["error"]
        assert f"normalize: {failed}: " in error
    assert "move it higher up" in report[too_deep]["error"]
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert report[f"many/{thousands}/x.txt"]["status"] == "changed"  # deep, but not too long: cleaned
    assert report[f"long/{long_name}/x.txt"]["status"] == "changed"


def first_too_long(root: Path, relative: str) -> str:
    """The first folder on ``relative`` whose path is too long for the kernel to take."""
    parts = relative.split("/")
    depth = next(depth for depth in range(1, len(parts) + 1) if len(os.fsencode(root.joinpath(*parts[:depth]))) >= PATH_MAX)
    return "/".join(parts[:depth])


def _open_deep(root: Path, relative: str) -> int:
    handle = os.open(root, os.O_RDONLY)
    for part in relative.split("/"):
        inner = os.open(part, os.O_RDONLY, dir_fd=handle)
        os.close(handle)
        handle = inner
    return handle


def test_an_output_path_longer_than_path_max_fails_that_file_only(tmp_path, capsys):
    """The input's path is short enough, the output folder's path with it is not."""
    source = write_files(tmp_path / "in", ["a.txt"])
    deep = nest(source, PATH_MAX - 300, name="d" * 100)
    out = tmp_path / ("o" * 150) / ("o" * 150)  # short enough for the manifest, too long with ``deep``
    assert clean(source, "--out", out) == 4
    failed = f"{deep}/x.txt"
    entry = report_of(out)[failed]
    assert entry["status"] == "failed" and "nothing was written for it" in entry["error"]
    assert "choose an --out with a shorter path" in entry["error"]
    assert f"normalize: {failed}: could not write" in capsys.readouterr().err
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEANED


# 3. An output folder that cannot be written


def test_an_output_folder_that_is_a_file_is_refused(tmp_path, capsys):
    source = write_files(tmp_path / "in", ["a.txt"])
    (tmp_path / "file").write_text("not a folder")
    assert clean(source, "--out", tmp_path / "file") == 2
    assert f"{tmp_path / 'file'}: not a folder" in capsys.readouterr().err
    assert clean(source, "--out", tmp_path / "file" / "out") == 2
    error = capsys.readouterr().err
    assert f"{tmp_path / 'file' / 'out'}: could not make the output folder" in error and "choose another --out" in error
    assert (tmp_path / "file").read_text() == "not a folder"


@pytest.mark.parametrize("fault", ["the output folder", "its state folder"])
def test_an_unwritable_output_folder_is_refused_with_what_to_do(tmp_path, fault, monkeypatch, capsys):
    """Root writes anywhere: the refusal is injected, as a folder without write permission gives it."""
    source = write_files(tmp_path / "in", ["a.txt"])
    out = tmp_path / "out"
    if fault == "its state folder":
        out.mkdir()
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):
        if Path(path).is_relative_to(out):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    assert clean(source, "--out", out) == 2
    error = capsys.readouterr().err
    assert f"{out}" in error and "Permission denied" in error and "make the output folder writable" in error


def test_an_output_folder_on_a_read_only_disk_is_refused(tmp_path, capsys):
    source = write_files(tmp_path / "in", ["a.txt"])
    (tmp_path / "empty").mkdir()
    with bind_mount(tmp_path / "empty", tmp_path / "ro", read_only=True) as out:
        assert clean(source, "--out", out) == 2
        error = capsys.readouterr().err
        assert f"{out}" in error and "Read-only file system" in error and "writable disk" in error


def test_an_output_folder_too_long_for_the_manifest_is_refused(tmp_path, capsys):
    source = write_files(tmp_path / "in", ["a.txt"])
    out = tmp_path.joinpath(*["o" * 200] * 3)
    assert clean(source, "--out", out) == 2
    assert "choose an --out with a shorter path" in capsys.readouterr().err


# 4. Folders that cannot be read


@contextmanager
def unreadable(monkeypatch, *folders: Path, midway: Path | None = None):
    """``os.scandir`` refuses ``folders`` (as for a folder without permission: root reads anything) and
    fails half-way through listing ``midway`` (as a disk error does)."""
    real_scandir = os.scandir
    refused = {str(folder) for folder in folders}

    class Failing:
        """A listing that gives one entry, then fails."""

        def __init__(self, listing):
            self.listing, self.given = listing, False

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

        def __iter__(self):
            return self

        def __next__(self):
            if self.given:
                raise OSError(errno.EIO, "Input/output error", str(midway))
            self.given = True
            return next(self.listing)

        def close(self):
            self.listing.close()

    def scandir(path="."):
        if os.fspath(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        listing = real_scandir(path)
        return Failing(listing) if midway is not None and os.fspath(path) == str(midway) else listing

    monkeypatch.setattr(os, "scandir", scandir)
    yield


def test_an_unreadable_folder_is_a_failed_entry_named_on_stderr(tmp_path, monkeypatch, capsys):
    source = write_files(tmp_path / "in", ["a.txt", "locked/b.txt", "locked/deeper/c.txt", "flaky/d.txt", "flaky/e.txt"])
    out = tmp_path / "out"
    with unreadable(monkeypatch, source / "locked", midway=source / "flaky"):
        assert clean(source, "--out", out) == 4
        error = capsys.readouterr().err
        report = report_of(out)
        assert report["locked"]["status"] == "failed" and "Permission denied" in report["locked"]["error"]
        assert "make it readable" in report["locked"]["error"]
        assert report["flaky"]["status"] == "failed" and "Input/output error" in report["flaky"]["error"]
        assert "normalize: locked: could not read" in error and "normalize: flaky: could not read" in error
        assert (out / "a.txt").read_text(encoding="utf-8") == CLEANED

        assert main(["check", str(source)]) == 4
        assert "locked: failed: could not read" in capsys.readouterr().err
        assert main(["discover", str(source), "-j", "1", "-q"]) == 4
        assert "normalize: locked: could not read" in capsys.readouterr().err


def test_a_folder_without_permission_is_a_failed_entry_for_a_user_who_cannot_read_it():
    """The same without injection: root drops to ``nobody`` (setpriv), for whom chmod 000 is a wall."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv(1) to run normalize as another user")
    with tempfile.TemporaryDirectory() as name:  # not below tmp_path: pytest makes it private to root
        folder = Path(name)
        source = write_files(folder / "in", ["open/a.txt", "locked/b.txt"])
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o777 if path.is_dir() else 0o644)
        (source / "locked").chmod(0)
        try:
            result = subprocess.run(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "normalize.cli",
                 "clean", str(source), "--out", str(folder / "out"), "-j", "1", "-q", "--no-suggestions"],
                capture_output=True, text=True)
        finally:
            (source / "locked").chmod(0o755)
        assert result.returncode == 4, result.stderr
        assert f"normalize: locked: could not read {source / 'locked'} (Permission denied)" in result.stderr
        assert report_of(folder / "out")["locked"]["status"] == "failed"
        assert (folder / "out" / "open" / "a.txt").read_text(encoding="utf-8") == CLEANED


def test_an_unreadable_input_folder_is_refused(tmp_path, monkeypatch, capsys):
    source = write_files(tmp_path / "in", ["a.txt"])
    with unreadable(monkeypatch, source):
        assert clean(source, "--out", tmp_path / "out") == 2
        assert f"{source}: could not read the input folder (Permission denied)" in capsys.readouterr().err
        assert main(["check", str(source)]) == 2
    assert not (tmp_path / "out").exists()
    assert main(["check", str(tmp_path / "nowhere")]) == 2  # was: nothing to check, exit 0
    assert f"{tmp_path / 'nowhere'}: no such folder" in capsys.readouterr().err


# A property: whatever the folders, either a clear refusal or a run, and no input byte changes

INPUTS = ["a.txt", "news/b.txt", "news/deep/c.md", "out/d.txt", "x/y/e.txt"]
INPUT = "top/in"  # the input folder, below the test's folder
OUTPUTS = [  # the output folder, below the test's folder
    INPUT, "top", ".",  # the input folder itself, its parent and grandparent
    f"{INPUT}/out", f"{INPUT}/news", f"{INPUT}/x/y", f"{INPUT}/news/cleaned", f"{INPUT}/news/deep/cleaned/more",
    f"{INPUT}/new/cleaned",  # inside: where input files are, or new
    "top/sibling", "elsewhere/out",  # outside
]
SPELLINGS = ["real", "through .. from the current folder", "through a link to top", "through a link to the input"]


def spelled(test: Path, place: str, spelling: str) -> str:
    """The folder ``test/place`` named another way: ``..`` from ``test/work``, or a link then ``..`` as needed."""
    target = test / place
    if spelling == "real":
        return str(target.resolve())
    if spelling == "through .. from the current folder":
        return os.path.relpath(target, test / "work")
    link, into = {"through a link to top": ("alias", "top"), "through a link to the input": ("in-alias", INPUT)}[spelling]
    return os.path.join(test / link, os.path.relpath(target, test / into))  # the kernel takes link/.. as its target's parent


def refusal_expected(test: Path, place: str) -> bool:
    """The output folder is the input, contains it, or lies in it and holds files that are not an earlier run's."""
    if place in (INPUT, ".") or INPUT.startswith(f"{place}/"):
        return True
    folder = test / place
    inside_with_files = place.startswith(f"{INPUT}/") and folder.is_dir() and any(folder.iterdir())
    return inside_with_files and not (folder / ".normalize").is_dir()


@pytest.fixture(scope="module")
def quick_pipeline():
    return Pipeline(Config(jobs=1, discover=False))


@settings(max_examples=10)
@given(
    files=st.lists(st.sampled_from(INPUTS), min_size=1, max_size=4, unique=True),
    input_spelling=st.sampled_from(SPELLINGS),
    output_spelling=st.sampled_from(SPELLINGS),
)
def test_no_layout_of_folders_changes_an_input_byte(quick_pipeline, files, input_spelling, output_spelling):
    """Every output folder of ``OUTPUTS``, for the input files and spellings drawn: two runs each."""
    for place in OUTPUTS:
        with tempfile.TemporaryDirectory() as name:
            test = Path(name).resolve()
            write_files(test / INPUT, files)
            for folder in ("work", "elsewhere", "top/sibling"):
                (test / folder).mkdir(parents=True, exist_ok=True)
            (test / "alias").symlink_to(test / "top")
            (test / "in-alias").symlink_to(test / INPUT)
            here = os.getcwd()
            os.chdir(test / "work")
            try:
                clean_twice(test, files, place, spelled(test, INPUT, input_spelling), spelled(test, place, output_spelling), quick_pipeline)
            finally:
                os.chdir(here)


def clean_twice(test: Path, files: list[str], place: str, source: str, out: str, pipeline: Pipeline) -> None:
    """Clean ``source`` into ``out`` (spellings of ``INPUT`` and ``place``) twice: a refusal or a run, inputs intact."""
    before, refuse = listing(test / INPUT), refusal_expected(test, place)
    relative_out = os.path.relpath(test / place, test / INPUT)
    inside = not relative_out.startswith("..") and relative_out != "."
    for run in (1, 2):
        try:
            report = clean_folder(source, out, pipeline.config, pipeline=pipeline)
        except NormalizeError as error:
            assert refuse, f"{place} as {out}, run {run}: {error}"
            assert str(error).startswith(str(Path(out).absolute())) and "--out" in str(error)
            assert listing(test / INPUT) == before  # refused before writing anything
            continue
        assert not refuse, f"{place} as {out}, run {run}: not refused"
        assert report.summary["failed"] == 0
        assert outside(listing(test / INPUT), relative_out) == (outside(before, relative_out) if inside else before)
        assert files_in(test / place) == set(files)  # not an earlier run's output cleaned again
