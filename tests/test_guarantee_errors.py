"""Guarantee "errors a person can act on": every failure names the file, what went wrong,
and what to do.  One table: each situation, the file it must name, and the words
that must say what happened and what to do about it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CASES = [  # file, what it holds (bytes) or how it is made, what went wrong, what to do
    ("binary.txt", b"\x00\x01 binary", "not text", "move it out of the folder"),
    ("deep.json", b"[" * 5000 + b"]" * 5000, "nested too deeply", "fix the file, or name its format with --format"),
    ("bad.csv", b'id,text\n1,"never closed\n', "never closed", "fix the file"),
    ("partial.jsonl", b'{"text": "Kiev"}\n{bad json\n', "not valid JSON", "the line is kept as it was"),
    ("big.txt", b"The talks in Kiev. " * 8000, "larger than the size limit", "raise the limit with --max-size"),
    ("outside.txt", "link:/etc/hostname", "outside the input folder", "pass --follow-links"),
    ("broken.txt", "link:nowhere.txt", "does not exist", "fix or remove the link"),
    ("pipe.txt", "fifo", "not a regular file", "move it out of the folder"),
    (os.fsdecode(b"bad\xff.txt"), b"Kiev", "not valid UTF-8", "rename it"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    source = tmp_path_factory.mktemp("errors") / "in"
    source.mkdir()
    for name, content, _, _ in CASES:
        path = source / name
        if content == "fifo":
            os.mkfifo(path)
        elif isinstance(content, str):
            path.symlink_to(content.removeprefix("link:"))
        else:
            path.write_bytes(content)
    out = source.parent / "out"
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "-q", "--max-size", "100K"],
                            capture_output=True, text=True, timeout=240)
    report = {f["path"]: f for f in json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))["files"]}
    return result, report


@pytest.mark.parametrize("name, content, wrong, to_do", CASES, ids=[case[0] for case in CASES])
def test_each_failure_names_the_file_what_went_wrong_and_what_to_do(run, name, content, wrong, to_do):
    result, report = run
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"normalize: {shown}")]
    assert lines, result.stderr
    message = " ".join(lines)
    assert wrong in message and to_do in message, message
    assert wrong in report[shown]["error"] and to_do in report[shown]["error"]


@pytest.mark.parametrize("args, status, words", [
    (["clean", "{tmp}/nowhere", "--out", "{tmp}/o"], 2, ["{tmp}/nowhere", "no such folder", "give the folder"]),
    (["clean", "{tmp}", "--out", "{tmp}"], 2, ["{tmp}", "must not be the input folder", "choose another --out"]),
    (["clean", "{tmp}", "--out", "{tmp}/o", "--rules", "{tmp}/none.toml"], 3, ["{tmp}/none.toml", "cannot read", "check the path"]),
    (["clean", "{tmp}", "--out", "{tmp}/o", "--rules", "{tmp}/two.toml"], 3,
     ["{tmp}/two.toml:3", "already a form of entity 'kyiv'", "remove it from one of them"]),
    (["clean", "{tmp}", "--out", "{tmp}/o", "--max-size", "lots"], 2, ["--max-size", "not a size", "write e.g. 16M"]),
    (["clean", "{tmp}", "--out", "{tmp}/o", "--report", "{tmp}/r.pdf"], 2, ["{tmp}/r.pdf", "unknown report format", "use .json"]),
])
def test_usage_and_rules_errors_say_what_to_do_and_write_nothing(tmp_path, args, status, words):
    (tmp_path / "two.toml").write_text('[[entity]]\nid = "x"\ncanonical = "Kyiv"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "normalize.cli", *(a.format(tmp=tmp_path) for a in args)], capture_output=True, text=True)
    assert result.returncode == status
    for word in words:
        assert word.format(tmp=tmp_path) in result.stderr
    assert not (tmp_path / "o").exists()
