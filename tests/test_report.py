"""The report as data (discovery runs once, when the report is built; reading it never runs it again),
and its page's script allowed by the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from normalize import Config, Report
from normalize.report.html import html_pieces, render_html
from normalize.report.json_csv import render_json
from normalize.report.write import write_reports
from normalize.batch.run import clean_folder, discover_folder

from memory import peak_bytes

ARTICLES = Path(__file__).parent / "data" / "discovery" / "articles"


@pytest.fixture
def discovery_runs(monkeypatch) -> list[int]:
    """One item per run of discovery, counted where the report looks it up."""
    owner = sys.modules[Report.__module__]
    real, runs = owner.suggest, []

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, "suggest", counted)
    return runs


def read_everything(report: Report, tmp_path: Path) -> None:
    """What the command line and a library user do with a finished report."""
    len(report.suggestions), report.suggestions[:3], report.summary_line(), report.to_dict()
    write_reports(report, [tmp_path / "again.json", tmp_path / "again.html"])
    report.merge(Report(entries=()))  # a partial report with no articles, as an empty last chunk gives
    report.to_dict()


@pytest.mark.parametrize("build", ["clean", "discover"])
def test_discovery_runs_once_and_reading_the_report_never_runs_it(tmp_path, discovery_runs, build):
    if build == "clean":
        report = clean_folder(ARTICLES, tmp_path / "out", Config(jobs=1), [tmp_path / "r.json"])
    else:
        report = discover_folder(ARTICLES, Config(jobs=1), [tmp_path / "r.json"])
    suggestions = report.suggestions
    assert len(suggestions) > 5 and len(discovery_runs) == 1
    read_everything(report, tmp_path)
    assert len(discovery_runs) == 1 and report.suggestions is suggestions


def test_without_discovery_the_report_has_no_suggestions_and_reading_it_runs_none(tmp_path, discovery_runs):
    report = clean_folder(ARTICLES, tmp_path / "out", Config(jobs=1, discover=False), [tmp_path / "r.json"])
    read_everything(report, tmp_path)
    assert report.suggestions == [] and not discovery_runs


def test_the_pages_script_is_the_one_its_content_security_policy_allows(tmp_path):
    """Without a browser: the hash in the page's policy is the hash of its one script's text."""
    clean_folder(ARTICLES, tmp_path / "out", Config(jobs=1), [tmp_path / "r.html"])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    (policy,) = re.findall(r"script-src 'sha256-([^']+)'", page)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert policy == base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def test_report_json_writes_the_suggestions_one_at_a_time():
    """An article of distinct names has tens of thousands of suggestions: json.dumps of them whole (2193c86) listed
    every piece of their JSON before joining them, several times its size at the peak."""
    suggestions = [{"id": f"s-{n:05}", "canonical": "Kalomi", "score": 0.5, "features": {"similarity": 0.9},
                    "variants": [{"form": "Kalomi", "count": 1, "contexts": ["… met Kalomi …"], "locations": ["a.txt:1:1"]}] * 3}
                   for n in range(3_000)]
    data = {"schema": "normalize.report/1", "files": [], "suggestions": suggestions}
    size = len(json.dumps(data, indent=1, ensure_ascii=False))
    assert "".join(render_json(data)) == json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    assert peak_bytes(lambda: sum(map(len, render_json(data)))) < size / 4


def test_report_html_is_written_a_row_at_a_time():
    """The page's rows of suggestions were listed, joined and put in the page whole (2193c86): three copies."""
    suggestion = {"language": "en", "canonical": "Kalomi", "canonical_from": "most frequent", "count": 2, "score": 0.5,
                  "why": "shared keys", "warning": None, "toml": "[kalomi]", "variants": [
                      {"form": "Kalomi", "count": 1, "files": 1, "excerpts": [{"text": "… met Kalomi …", "start": 6, "end": 12}]}]}
    data = {"schema": "x", "summary": {}, "files": [], "variants": [],
            "suggestions": [{**suggestion, "id": f"s-{n:05}"} for n in range(3_000)]}
    page = render_html(data)
    assert "".join(html_pieces(data)) == page and page.count("<tr id=") == 3_000
    assert peak_bytes(lambda: sum(map(len, html_pieces(data)))) < len(page) / 4
