"""Guarantee "the state folder is safe": what normalize keeps in ``OUT/.normalize`` harms nothing else.

- The folder's lock is held until the last report is written: a second run cannot
  start in between and leave the first one's report without its files.
"""

from __future__ import annotations

import json
from pathlib import Path

from normalize import Config, clean_folder, runner
from normalize.errors import NormalizeError

ARTICLES = {f"{folder}/{number:02}.txt": f"Talks in Kiev, number {number}, went on late; Zelenskiy spoke.\n"
            for folder in ("news", "more") for number in range(20)}


def write_articles(root: Path) -> Path:
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


# --- the lock is held until the last report is written ------------------------------------------

def test_a_second_run_cannot_start_while_the_reports_are_written(tmp_path, monkeypatch):
    source, out = write_articles(tmp_path / "in"), tmp_path / "out"
    clean_folder(source, out, Config(jobs=1))
    real_write_reports, refused = runner.write_reports, []

    def write_reports(*args, **kwargs):  # the first call starts a second run, as a person might
        monkeypatch.setattr(runner, "write_reports", real_write_reports)
        try:
            clean_folder(source, out, Config(jobs=1))
        except NormalizeError as error:
            refused.append(str(error))
        real_write_reports(*args, **kwargs)

    monkeypatch.setattr(runner, "write_reports", write_reports)
    clean_folder(source, out, Config(jobs=1))
    assert refused and "another normalize run is writing to this folder" in refused[0]
    report = json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in report["files"]] == sorted(ARTICLES)
