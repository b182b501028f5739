"""Guarantee "the state folder is safe": what normalize keeps in ``OUT/.normalize`` harms nothing else.

- After a killed run, the next removes only the temporary files this tool recorded
  before writing them: never a file of the user's that is named like one, nor an
  input when the input folder lies inside the output folder, nor anything through a link.
- The folder's lock is held until the last report is written: a second run cannot
  start in between and leave the first one's report without its files.
- The lock, the manifest and its journals are never opened through a link, and the
  state folder is never one: a planted link is refused, by name, and its target untouched.
- A damaged manifest is moved aside and started afresh, said once; a read-only one,
  or a read-only state folder, is an error that names it and says what to do.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus import KILL_BEFORE_RENAME, outputs
from normalize import Config, clean_folder
from normalize.batch import files, run
from normalize.cli import main
from normalize.errors import NormalizeError, ReportError
from normalize.batch.files import TEMPORARY_SUFFIX
from normalize.batch.manifest import Manifest

ARTICLES = {f"{folder}/{number:02}.txt": f"Talks in Kiev, number {number}, went on late; Zelenskiy spoke.\n"
            for folder in ("news", "more") for number in range(20)}
USERS_FILE = ".notes.txt.abcd1234" + TEMPORARY_SUFFIX  # named as a temporary file is, made by the user
USERS_INPUT = ".draft.txt.1a2b3c4d" + TEMPORARY_SUFFIX  # likewise, an input (copied as it is: not an article)


def write_articles(root: Path) -> Path:
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def clean(source: Path, out: Path, *args: str) -> int:
    return main(["clean", str(source), "--out", str(out), "-j", "1", "-q", *args])


def fresh_outputs(tmp_path: Path, source: Path) -> dict[str, bytes]:
    assert clean(source, tmp_path / "fresh") == 0
    return outputs(tmp_path / "fresh")


# --- after a killed run, only what this tool wrote is removed ---------------------------------



def temporaries(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob(f"*{TEMPORARY_SUFFIX}")}


def test_a_killed_run_is_cleaned_up_without_touching_files_named_like_temporary_ones(tmp_path):
    out = tmp_path / "out"
    source = write_articles(tmp_path / "in")  # (an output folder that contains the input is refused)
    (source / USERS_INPUT).write_text("an input named like a temporary file")
    out.mkdir()
    (out / USERS_FILE).write_text("the user's notes")
    killed = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME, "5", "clean", str(source), "--out", str(out), "-j", "1", "-q"],
                            capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    left = temporaries(out) - {USERS_FILE, USERS_INPUT}
    assert len(left) == 1  # the article being written, under its temporary name
    assert clean(source, out) == 0
    assert (out / USERS_FILE).read_text() == "the user's notes"
    assert (source / USERS_INPUT).read_text() == "an input named like a temporary file"
    assert temporaries(out) == {USERS_FILE, USERS_INPUT}  # the notes and the input's copy
    assert outputs(out) == fresh_outputs(tmp_path, source)


def test_the_sweep_removes_a_recorded_name_only_where_a_regular_file_is(tmp_path):
    out, elsewhere, victim = tmp_path / "out", tmp_path / "elsewhere", tmp_path / "victim"
    (out / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    victim.write_text("keep")
    (out / "linked").symlink_to(elsewhere)
    manifest = Manifest(out / ".normalize", "rules", "tool")
    manifest.expect_writes(["a.txt", "sub/b.txt", "linked/c.txt", "gone.txt"])  # as a run does before writing
    ours = out / files.temporary_name("a.txt", manifest.token)
    ours.write_text("half an arti")
    (out / files.temporary_name("sub/b.txt", manifest.token)).symlink_to(victim)  # a link at a recorded name
    (elsewhere / files.temporary_name("c.txt", manifest.token)).write_text("keep")  # reached only through a link
    (out / "sub" / USERS_FILE).write_text("keep")  # never recorded
    manifest.close()  # killed: nothing was cleared
    again = Manifest(out / ".normalize", "rules", "tool")
    try:
        assert again.remove_temporary_files(out) == 1
        assert again.remove_temporary_files(out) == 0  # the records are cleared too
    finally:
        again.close()
    assert not ours.exists() and victim.read_text() == "keep"
    assert (out / files.temporary_name("sub/b.txt", manifest.token)).is_symlink()
    assert (elsewhere / files.temporary_name("c.txt", manifest.token)).read_text() == "keep"
    assert (out / "sub" / USERS_FILE).read_text() == "keep"


# --- the lock is held until the last report is written ------------------------------------------

def test_a_second_run_cannot_start_while_the_reports_are_written(tmp_path, monkeypatch):
    source, out = write_articles(tmp_path / "in"), tmp_path / "out"
    clean_folder(source, out, Config(jobs=1))
    real_write_reports, refused = run.write_reports, []

    def write_reports(*args, **kwargs):  # the first call starts a second run, as a person might
        monkeypatch.setattr(run, "write_reports", real_write_reports)
        try:
            clean_folder(source, out, Config(jobs=1))
        except NormalizeError as error:
            refused.append(str(error))
        real_write_reports(*args, **kwargs)

    monkeypatch.setattr(run, "write_reports", write_reports)
    clean_folder(source, out, Config(jobs=1))
    assert refused and "another normalize run is writing to this folder" in refused[0]
    report = json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in report["files"]] == sorted(ARTICLES)


def test_a_manifest_that_cannot_record_the_reports_is_an_error_naming_them(tmp_path, monkeypatch):
    source, out = write_articles(tmp_path / "in"), tmp_path / "out"

    def full(self, paths):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Manifest, "written", full)
    with pytest.raises(ReportError, match="could not write the report: database or disk is full") as raised:
        clean_folder(source, out, Config(jobs=1))
    assert str(out / ".normalize" / "report.json") in str(raised.value)
    assert raised.value.report.summary["files"] == len(ARTICLES)


# --- no state file through a link ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["lock", "manifest.sqlite", "manifest.sqlite-wal", "manifest.sqlite-shm"])
def test_a_link_planted_at_a_state_file_is_refused_and_its_target_untouched(name, tmp_path, capsys):
    source, out, victim = write_articles(tmp_path / "in"), tmp_path / "out", tmp_path / "victim"
    assert clean(source, out) == 0
    victim.write_bytes(b"precious data\n" * 100)
    (out / ".normalize" / name).unlink(missing_ok=True)
    (out / ".normalize" / name).symlink_to(victim)
    capsys.readouterr()
    assert clean(source, out) == 2
    error = capsys.readouterr().err
    assert f"{out / '.normalize' / name}: a link stands where normalize keeps its state" in error
    assert "remove it and run again" in error
    assert victim.read_bytes() == b"precious data\n" * 100


def test_a_link_planted_at_the_state_folder_is_refused_and_its_target_untouched(tmp_path, capsys):
    source, out, victim = write_articles(tmp_path / "in"), tmp_path / "out", tmp_path / "victim"
    victim.mkdir()
    out.mkdir()
    (out / ".normalize").symlink_to(victim)
    assert clean(source, out) == 2
    assert f"{out / '.normalize'}: a link stands where normalize keeps its state" in capsys.readouterr().err
    assert list(victim.iterdir()) == []


def test_a_link_planted_at_a_report_is_replaced_not_written_through(tmp_path):
    source, out, victim = write_articles(tmp_path / "in"), tmp_path / "out", tmp_path / "victim"
    (out / ".normalize").mkdir(parents=True)
    victim.write_text("precious")
    (out / ".normalize" / "report.json").symlink_to(victim)
    assert clean(source, out) == 0
    assert victim.read_text() == "precious"
    assert not (out / ".normalize" / "report.json").is_symlink()


# --- a damaged or read-only manifest -------------------------------------------------------------

def garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all\n" * 500)


def truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [garbage, truncated])
def test_a_damaged_manifest_is_moved_aside_and_started_afresh(damage, tmp_path, capsys):
    source, out = write_articles(tmp_path / "in"), tmp_path / "out"
    assert clean(source, out) == 0
    manifest = out / ".normalize" / "manifest.sqlite"
    damage(manifest)
    damaged = manifest.read_bytes()
    capsys.readouterr()
    assert clean(source, out) == 0
    error = capsys.readouterr().err
    assert len(error.splitlines()) == 1 and f"{manifest}: the manifest is damaged" in error
    assert "moved it aside to manifest.sqlite.damaged-1" in error
    assert (out / ".normalize" / "manifest.sqlite.damaged-1").read_bytes() == damaged
    assert outputs(out) == fresh_outputs(tmp_path, source)
    assert clean(source, out) == 0 and capsys.readouterr().err == ""  # the new manifest is sound


@contextmanager
def read_only(path: Path):
    """``path`` (a file or a folder) read-only: by its mode, or for root (who writes anyway) by a read-only bind mount."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    for args in (["--bind", str(path), str(path)], ["-o", "remount,ro,bind", str(path)]):
        result = subprocess.run(["mount", *args], capture_output=True, text=True)
        if result.returncode:
            subprocess.run(["umount", str(path)], capture_output=True)
            pytest.skip(f"needs mount(8) to make {path.name} read-only for root: {result.stderr.strip()}")
    try:
        yield
    finally:
        if subprocess.run(["umount", str(path)], capture_output=True).returncode:
            subprocess.run(["umount", "--lazy", str(path)], check=True)  # still open (a run that failed to close it)


@pytest.mark.parametrize("what, named", [("manifest.sqlite", "manifest.sqlite"), ("", "lock")], ids=["manifest", "state-folder"])
def test_a_read_only_manifest_or_state_folder_is_an_error_naming_it(what, named, tmp_path, capsys):
    source, out = write_articles(tmp_path / "in"), tmp_path / "out"
    assert clean(source, out) == 0
    before = outputs(out)
    capsys.readouterr()
    with read_only(out / ".normalize" / what if what else out / ".normalize"):
        assert clean(source, out) == 2
    error = capsys.readouterr().err
    assert f"{out / '.normalize' / named}: cannot" in error and "writable" in error
    assert "Traceback" not in error
    assert outputs(out) == before
