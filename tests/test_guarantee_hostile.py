"""Guarantee "hostile input": links, output paths, odd names, huge and pathological files.

Each pathological file runs through the command line in a subprocess with a
generous watchdog (HANG): the test does not time the work (scripts/bench_hostile.py
does, as ratios), it fails only if a file makes normalize hang or crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import ARTICLES, outputs, write_corpus
from normalize.cli import main
from normalize.errors import NormalizeError
from normalize.batch.files import output_path

HANG = 240  # seconds: far beyond what any of these takes (a few seconds), far below a hang


def run_cli(*args: str, timeout: float = HANG) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True, timeout=timeout)


def report_of(out: Path) -> dict[str, dict]:
    return {f["path"]: f for f in json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))["files"]}


@pytest.fixture
def linked(tmp_path):
    """An input folder with links of every kind, and a secret outside it."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("The secret of Kiev, outside the input folder.\n", encoding="utf-8")
    (outside / "folder" / "more.txt").write_text("More from Kiev, outside the input folder.\n", encoding="utf-8")
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "real.txt").write_text("The talks in Kiev went on late into the night, officials said.\n", encoding="utf-8")
    (source / "inside.txt").symlink_to("real.txt")
    (source / "secret.txt").symlink_to(outside / "secret.txt")
    (source / "folder").symlink_to(outside / "folder")
    (source / "sub" / "loop").symlink_to("..")
    (source / "sub" / "again").symlink_to(source / "sub")
    (source / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(source / "pipe.txt")
    return source


def test_links_leading_outside_the_input_are_not_followed(linked, tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", str(linked), "--out", str(out), "-q")  # a pipe read would hang: the watchdog catches it
    assert result.returncode == 0, result.stderr
    written = outputs(out)
    assert "real.txt" in written and written["inside.txt"] == written["real.txt"]  # a link inside is followed
    assert not {"secret.txt", "folder/more.txt", "broken.txt", "pipe.txt"} & set(written)
    assert not any(path.startswith("sub/") for path in written)
    report = report_of(out)
    expected = {
        "secret.txt": "outside the input folder: not followed; pass --follow-links",
        "folder": "outside the input folder: not followed; pass --follow-links",
        "sub/loop": "inside the input folder: its files are cleaned where they are",
        "sub/again": "inside the input folder",
        "broken.txt": "does not exist: left out; fix or remove the link",
        "pipe.txt": "not a regular file",
    }
    for path, reason in expected.items():
        assert report[path]["status"] == "skipped" and reason in report[path]["error"], path
        assert f"normalize: {path}: " in result.stderr


def test_follow_links_follows_them_but_never_round_a_loop(linked, tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", str(linked), "--out", str(out), "-q", "--follow-links")
    assert result.returncode == 0, result.stderr
    written = outputs(out)
    assert b"secret of Kyiv" in written["secret.txt"] and b"More from Kyiv" in written["folder/more.txt"]
    assert "following it would never end" in report_of(out)["sub/loop"]["error"]


@pytest.mark.parametrize("relative", ["../escape.txt", "a/../../escape.txt", "/etc/passwd", "", "a//b.txt",
                                      "./a.txt", "a/./b.txt", "a/..", "nul\0.txt"])
def test_no_output_path_climbs_out_of_the_output_folder(relative, tmp_path):
    with pytest.raises(NormalizeError, match="not a path inside the output folder; rename the file"):
        output_path(tmp_path / "out", relative)


@pytest.mark.parametrize("relative", ["a.txt", "..a.txt", "a..b/c.txt", "‮txt.exe‬.txt", "new\nline.txt", "ünï/cödé.md", "a\\b.txt"])
def test_odd_but_harmless_names_stay_below_the_output_folder(relative, tmp_path):
    target = output_path(tmp_path / "out", relative)
    assert target.parent.resolve().is_relative_to((tmp_path / "out").resolve()) and target.name == relative.split("/")[-1]


def test_a_link_planted_in_the_output_folder_is_not_written_through(tmp_path):
    source = write_corpus(tmp_path / "in")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "news").symlink_to(elsewhere)
    assert main(["clean", str(source), "--out", str(tmp_path / "out"), "-q", "-j", "1"]) == 4
    assert list(elsewhere.iterdir()) == []
    entry = report_of(tmp_path / "out")["news/kiev.txt"]
    assert entry["status"] == "failed" and "is a link" in entry["error"] and "remove the link" in entry["error"]


def test_odd_names_come_out_at_the_same_path_and_in_a_valid_report(tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(write_corpus(tmp_path / "in")), "--out", str(out), "-q", "-j", "1"]) == 4
    written = outputs(out)
    for name in ARTICLES:
        assert name in written, name
    report = report_of(out)
    assert report["bad/not-utf8-\\xff.txt"]["status"] == "failed" and "rename it" in report["bad/not-utf8-\\xff.txt"]["error"]
    page = (out / ".normalize" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page


def test_files_over_the_size_limit_are_copied_as_they_are_with_the_reason(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    big = ("The talks in Kiev went on late into the night, officials said.\n" * 2000).encode()
    (source / "big.txt").write_bytes(big)
    (source / "small.txt").write_bytes(big[:1000])
    (source / "big.bin").write_bytes(os.urandom(3 << 20))  # not an article: copied in pieces, whatever its size
    out = tmp_path / "out"
    result = run_cli("clean", str(source), "--out", str(out), "-q", "--max-size", "100K")
    assert result.returncode == 0, result.stderr
    assert (out / "big.txt").read_bytes() == big and (out / "big.bin").read_bytes() == (source / "big.bin").read_bytes()
    assert b"Kyiv" in (out / "small.txt").read_bytes()
    entry = report_of(out)["big.txt"]
    assert entry["status"] == "skipped" and "larger than the size limit of 100 KiB" in entry["error"]
    assert "raise the limit with --max-size" in result.stderr
    assert run_cli("clean", str(source), "--out", str(out), "--max-size", "lots").returncode == 2


MEGABYTE = 1_000_000
PIECE = 300_000  # enough to turn a quadratic pass into a hang (20 kB of "a.a." took 30 s before the fix)
PATHOLOGICAL = {
    "no-spaces.txt": "Kiev" * (MEGABYTE // 4),
    "dots.txt": "a." * (PIECE // 2),
    "dashes-and-dots.txt": "Kiev-a.b@" * (PIECE // 9),
    "empty-lines.txt": "\n" * (2 * MEGABYTE),
    "tiny-lines.txt": "a\n" * (PIECE // 2),
    "unmatched-backticks.md": "".join("`" * k + "a" for k in range(770, 0, -1)),
    "unclosed-fences.md": "".join("`" * k + "\n" for k in range(770, 2, -1)),
    "deep.html": "<div>" * 30_000 + "Kiev" + "</div>" * 30_000,
    "deep.json": "[" * 100_000 + '"Kiev"' + "]" * 100_000,
    "deep.jsonl": '{"text": "Kiev", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + '{"text": "Talks in Kiev."}\n',
    "deep-quotes.md": "> " * 50_000 + "Kiev\n",
    "one-long-cell.csv": 'text\n"' + "Talks in Kiev. " * 20_000 + '"\n',
    "many-entities.html": "<p>" + "&amp;" * 60_000 + " Kiev</p>",
}


def test_pathological_text_is_processed_or_refused_with_a_reason(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for name, text in PATHOLOGICAL.items():
        (source / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("clean", str(source), "--out", str(out), "-q", "-j", "2")
    assert "Traceback" not in result.stderr and result.returncode in (0, 4)
    report = report_of(out)
    for name in PATHOLOGICAL:
        entry = report[name]
        if entry["status"] in ("failed", "partial", "skipped"):
            assert entry["error"] and name in result.stderr, name
        else:
            assert (out / name).exists(), name
