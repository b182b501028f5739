"""Guarantee "deterministic": the same input and rules give byte-identical output and
reports, whatever the worker count, the order of the files on disk, the locale, the
time zone or the hash seed.

Each run is a separate process with its own environment, on the hostile corpus
(formats, odd names, links, failures), written afresh at the same path in another
order, into the same output path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from corpus import outputs, write_corpus

RUNS = [  # (environment, workers, files created backwards)
    ({"PYTHONHASHSEED": "0", "LC_ALL": "C", "TZ": "UTC"}, "1", False),
    ({"PYTHONHASHSEED": "random", "LC_ALL": "C.UTF-8", "LANG": "tr_TR.UTF-8", "TZ": "America/St_Johns"}, "3", True),
]


def run_once(tmp_path, environment: dict, jobs: str, backwards: bool) -> dict[str, bytes]:
    source, out = tmp_path / "in", tmp_path / "out"
    for folder in (source, out):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(source, backwards)
    reports = [str(out / ".normalize" / f"report.{kind}") for kind in ("json", "csv", "html")]
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "-q", "-j", jobs]
    for report in reports:
        command += ["--report", report]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **environment})
    assert result.returncode == 4, result.stderr  # bad/ fails, the same way every time
    return {**outputs(out), "stdout": result.stdout.encode(), "stderr": result.stderr.encode()}


def test_output_and_reports_are_byte_identical_whatever_the_run(tmp_path):
    first, *others = [run_once(tmp_path, *run) for run in RUNS]
    assert {".normalize/report.json", ".normalize/report.csv", ".normalize/report.html"} <= set(first)
    for other in others:
        assert sorted(other) == sorted(first)
        assert [path for path in first if first[path] != other[path]] == []
