"""Guarantees "input never modified" and "atomic output", under injected faults.

Faults injected: a read-only input folder (a read-only bind mount, so that even
root cannot write), a real full disk (a small tmpfs), ENOSPC half-way through
writing an article, EACCES on the rename into place, EACCES on making a folder,
an unwritable report path, and a process killed with SIGKILL between writing an
article's bytes and renaming them into place.  An audit hook watches every open,
rename, removal and change of mode in the process for any write below the input.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus import KILL_BEFORE_RENAME, outputs, picture, write_corpus
from normalize.batch import files
from normalize.cli import main

WRITE_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.utime",
                "os.truncate", "os.link", "os.symlink", "shutil.copyfile", "shutil.rmtree", "os.setxattr"}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_watched: list[tuple[str, list]] = []  # (folder, writes seen below it)


def _audit(event: str, args: tuple) -> None:
    if not _watched or not (event == "open" or event in WRITE_EVENTS):
        return
    if event == "open":
        path, mode, flags = args
        writes = bool((mode and any(c in mode for c in "wax+")) or (flags or 0) & WRITE_FLAGS)
        paths = [path] if writes else []
    else:
        paths = [arg for arg in args[:2] if isinstance(arg, (str, bytes, os.PathLike))]
    for path in paths:
        if isinstance(path, (str, bytes, os.PathLike)):
            full = os.path.abspath(os.fsdecode(path))
            for folder, seen in _watched:
                if full == folder or full.startswith(folder + os.sep):
                    seen.append((event, full))


sys.addaudithook(_audit)


@contextmanager
def no_writes_below(folder: Path):
    """Fail if anything in this process writes below ``folder`` (an audit hook sees every attempt)."""
    seen: list = []
    _watched.append((os.path.abspath(folder), seen))
    try:
        yield
    finally:
        _watched.pop()
    assert seen == [], f"writes below the input folder: {seen}"


def mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode:
        pytest.skip(f"needs root and mount(8) to make a read-only folder or a small disk: {result.stderr.strip()}")


@pytest.fixture
def read_only_input(tmp_path):
    """The hostile corpus on a read-only bind mount: a write fails even for root."""
    folder = write_corpus(tmp_path / "in")
    mount("--bind", str(folder), str(folder))
    try:
        mount("-o", "remount,ro,bind", str(folder))
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    mount("-t", "tmpfs", "-o", "size=160k", "tmpfs", str(folder))
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The output of an undisturbed run over the hostile corpus: what every disturbed run must match."""
    root = tmp_path_factory.mktemp("reference")
    out = root / "out"
    assert main(["clean", str(write_corpus(root / "in")), "--out", str(out), "-j", "1", "-q"]) == 4  # bad/ fails
    return outputs(out)


def articles(found: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in found.items() if not path.startswith(".normalize/")}


def test_the_input_is_only_ever_read(read_only_input, tmp_path, reference):
    before = picture(read_only_input)
    with no_writes_below(read_only_input):
        assert main(["clean", str(read_only_input), "--out", str(tmp_path / "out"), "-j", "1", "-q"]) == 4
        assert main(["check", str(read_only_input)]) == 4
    workers = run_cli("clean", str(read_only_input), "--out", str(tmp_path / "out2"), "-j", "2", "-q")
    assert workers.returncode == 4, workers.stderr
    assert picture(read_only_input) == before  # bytes, links, modes, inodes and mtimes
    assert articles(outputs(tmp_path / "out")) == articles(reference)


def test_the_audit_hook_sees_a_write_below_the_input(tmp_path):
    """The tripwire of the test above works: it must catch a write, or the test proves nothing."""
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(AssertionError, match="writes below the input folder"):
        with no_writes_below(tmp_path):
            os.replace(tmp_path / "a.txt", tmp_path / "b.txt")


def test_a_full_disk_leaves_no_half_article_and_names_what_was_not_written(small_disk, tmp_path, reference):
    source = write_corpus(tmp_path / "in")
    (source / "more").mkdir()
    for number in range(12):  # more than the disk holds
        shutil.copy(source / "seed.txt", source / "more" / f"{number:02}.txt")
    full = run_cli("clean", str(source), "--out", str(small_disk / "out"), "-j", "1", "-q")
    assert full.returncode == 4
    assert "No space left on device" in full.stderr or "disk is full" in full.stderr
    assert "free some space" in full.stderr and "run the same command again" in full.stderr
    written = articles(outputs(small_disk / "out"))
    expected = run_reference_with_more(tmp_path, source)
    assert written and all(expected[path] == data for path, data in written.items())  # no half article
    assert not list((small_disk / "out").rglob(f"*{files.TEMPORARY_SUFFIX}"))
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)  # space freed
    again = run_cli("clean", str(source), "--out", str(small_disk / "out"), "-j", "1", "-q")
    assert again.returncode == 4 and "No space" not in again.stderr  # only bad/ fails now
    assert articles(outputs(small_disk / "out")) == expected


def run_reference_with_more(tmp_path: Path, source: Path) -> dict[str, bytes]:
    assert main(["clean", str(source), "--out", str(tmp_path / "expected"), "-j", "1", "-q"]) == 4
    return articles(outputs(tmp_path / "expected"))


class FailingStream:
    """A file object that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, data):
        self.stream.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


@pytest.mark.parametrize("fault", ["disk full mid-write", "rename refused", "folder refused"])
def test_an_injected_write_fault_fails_that_article_only(fault, monkeypatch, tmp_path, reference, capsys):
    source = write_corpus(tmp_path / "in")
    victim = {"disk full mid-write": "news/kiev.txt", "rename refused": "seed.txt", "folder refused": "odd names/café.txt"}[fault]
    real_fdopen, real_replace, real_mkdir = os.fdopen, os.replace, Path.mkdir

    def fdopen(handle, *args, **kwargs):
        stream = real_fdopen(handle, *args, **kwargs)
        return FailingStream(stream) if fault == "disk full mid-write" and _writing(victim, handle) else stream

    def replace(source, target, *args, **kwargs):
        if fault == "rename refused" and str(target).endswith(victim):
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_replace(source, target, *args, **kwargs)

    def mkdir(self, *args, **kwargs):
        if fault == "folder refused" and self.name == "odd names":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    out = tmp_path / "out"
    assert main(["clean", str(source), "--out", str(out), "-j", "1", "-q"]) == 4
    written = articles(outputs(out))
    lost = {path for path in articles(reference) if path not in written}
    assert victim in lost
    assert all(reference[path] == data for path, data in written.items())  # the others are whole
    assert not list(out.rglob(f"*{files.TEMPORARY_SUFFIX}"))  # no temporary file left behind
    report = {f["path"]: f for f in json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))["files"]}
    for path in lost:
        assert report[path]["status"] == "failed" and "nothing was written for it" in report[path]["error"]
    reason = {"disk full mid-write": "free some space", "rename refused": "make the output folder writable",
              "folder refused": "make the output folder writable"}[fault]
    assert reason in report[victim]["error"]


def _writing(victim: str, handle: int) -> bool:
    return os.readlink(f"/proc/self/fd/{handle}").rsplit("/", 1)[-1].startswith("." + victim.rsplit("/", 1)[-1])


def test_an_unwritable_report_is_an_error_naming_it(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The talks in Kiev went on late into the night.\n", encoding="utf-8")
    (tmp_path / "file").write_text("a file where a folder should be")
    result = run_cli("clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "file" / "r.json"))
    assert result.returncode == 4
    assert f"{tmp_path / 'file'}" in result.stderr and "could not write the report" in result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "The talks in Kyiv went on late into the night.\n"




@pytest.mark.parametrize("kill_at", [1, 7])
def test_a_process_killed_mid_write_leaves_no_half_article(kill_at, tmp_path, reference):
    source, out = write_corpus(tmp_path / "in"), tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME, str(kill_at), "clean", str(source), "--out", str(out), "-j", "1", "-q"],
                            capture_output=True, text=True)
    assert killed.returncode == -9
    written = articles(outputs(out))
    assert len(written) == kill_at - 1 and all(reference[path] == data for path, data in written.items())
    assert len(list(out.rglob(f"*{files.TEMPORARY_SUFFIX}"))) == 1  # the article being written, under its temporary name
    assert run_cli("clean", str(source), "--out", str(out), "-j", "1", "-q").returncode == 4
    assert articles(outputs(out)) == articles(reference)
    assert not list(out.rglob(f"*{files.TEMPORARY_SUFFIX}"))  # the next run cleans up
