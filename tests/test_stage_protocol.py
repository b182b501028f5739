"""The stage protocol: every stage is run(text, context) -> Edited, the pipeline is their list,
and what every stage shares (protected spans, languages, a document's parse) is worked out once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from normalize import Config, Pipeline, replay
from normalize.changes import Change, apply_changes
from normalize.explain import explain_article
from normalize.formats import READERS, clean_document
from normalize.pipeline import STAGES, Cleaned
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord
from normalize.discovery import names
from normalize.batch.article_work import process, survey
from normalize.batch.walk import Source
from normalize.stages import base
from normalize.stages.base import Edited
from normalize.stages.language import LanguageModel

TEXT = "Café talks: Zelenskiy met Андрій Єрмак in Kiev, see https://kiev.example/Kiev and caf\u00c3\u00a9.\n"


@pytest.mark.parametrize("stage", STAGES, ids=lambda stage: stage.name)
def test_every_stage_returns_its_text_and_the_changes_that_replay_on_its_input(stage):
    pipeline = Pipeline(Config(romanize=True))
    _, context = pipeline.repair(TEXT, "en")
    text = TEXT if stage is STAGES[0] else context.text
    edited = stage.run(text, context)
    assert isinstance(edited, Edited) and apply_changes(text, edited.changes) == edited.text
    assert {change.stage for change in edited.changes} <= {stage.name}
    assert stage.counted_as and stage.nothing and stage.option in (None, *Config.__dataclass_fields__)


@dataclass(frozen=True)
class Shout:
    """A stage of the test's own: 'talks' in capitals."""

    name: str = "shout"
    counted_as: str = "shouts"
    nothing: str = "nothing to shout"
    option: str | None = None

    def run(self, text: str, context: base.Context) -> Edited:
        changes = [Change(self.name, "test", i, i + 5, "talks", "TALKS") for i in _find_all(text, "talks")
                   if not any(start < i + 5 and i < end for start, end in [*context.protected, *context.taken])]
        return Edited(apply_changes(text, changes), changes)


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def test_a_stage_added_to_the_list_runs_and_its_record_replays():
    pipeline = Pipeline()
    pipeline.stages.append(Shout())
    text = "The talks in Kiev: more talks at https://talks.example/talks\n"
    cleaned = pipeline.clean_text(text, "en")
    assert cleaned.text == "The TALKS in Kyiv: more TALKS at https://talks.example/talks\n"
    assert [c.stage for c in cleaned.changes] == ["spelling", "shout", "shout"]
    assert replay(text, cleaned.changes) == cleaned.text


def test_the_report_counts_changes_by_the_stage_that_made_them(tmp_path):
    (tmp_path / "a.txt").write_bytes("The caf\u00c3\u00a9 owners in Kiev said that Kiev was calm\n".encode("utf-8"))
    report = Report()
    report.add_record(ArticleRecord.of(process(Pipeline(), Source(tmp_path, "a.txt"))))
    assert (report.summary["repairs"], report.summary["replacements"], report.summary["romanizations"]) == (1, 2, 0)


SENTENCE = "The talks in Kiev went on late into the night, officials said."


@pytest.mark.parametrize("format_name, text", [("text", f"{SENTENCE}\n"), ("markdown", f"# Talks\n\n{SENTENCE}\n"),
                                               ("jsonl", f'{{"body": "{SENTENCE}"}}\n')])
def test_a_text_and_a_structured_document_clean_into_one_type(format_name, text):
    cleaned = clean_document(Pipeline(), text, format_name)
    assert isinstance(cleaned, Cleaned) and "Kyiv" in cleaned.text and "Kiev" in cleaned.prose


def test_every_stage_is_counted_in_the_summary():
    assert all(stage.counted_as in Report().summary for stage in STAGES)


def test_explain_walks_the_stages_that_ran(tmp_path):
    (tmp_path / "a.txt").write_text("Talks in Kiev.\n", encoding="utf-8")
    for config, rows in ((Config(), ["fix_encoding", "language", "spelling"]),
                         (Config(romanize=True), ["fix_encoding", "language", "spelling", "romanize"])):
        pipeline = Pipeline(config)
        story = explain_article(process(pipeline, Source(tmp_path, "a.txt")), 15, pipeline.stages)
        assert [line.split()[0] for line in story.splitlines()[2:-1] if not line.startswith(" ")] == rows


@pytest.mark.parametrize("step", [process, survey])
def test_protected_spans_are_found_once_per_article(tmp_path, monkeypatch, step):
    pipeline = Pipeline(Config(romanize=True, discover=True))
    calls = []
    for module in (base, names):
        real = module.protected_spans
        monkeypatch.setattr(module, "protected_spans", lambda text, real=real: calls.append(text) or real(text))
    (tmp_path / "a.txt").write_text("Café talks in Kiev, see https://kiev.example/Kiev\n", encoding="utf-8")
    article = step(pipeline, Source(tmp_path, "a.txt"))
    assert article.names.forms and len(calls) == 1  # repair, spelling, romanize and discovery share them


def test_an_article_is_detected_once(tmp_path, monkeypatch):
    calls = []
    real = LanguageModel.detect_paragraphs
    monkeypatch.setattr(LanguageModel, "detect_paragraphs", lambda self, *args: calls.append(args) or real(self, *args))
    (tmp_path / "a.txt").write_text("Die Gespräche in Kiew dauerten bis spät in die Nacht.\n", encoding="utf-8")
    article = process(Pipeline(Config(romanize=True, discover=True)), Source(tmp_path, "a.txt"))
    assert article.cleaned.language == "de" and len(calls) == 1


def test_a_structured_document_is_parsed_once(tmp_path, monkeypatch):
    calls = []
    reader = READERS["markdown"]
    real = reader.read
    monkeypatch.setattr(reader, "read", lambda *args: calls.append(args) or real(*args))
    (tmp_path / "a.md").write_text("# Talks\n\nThe talks in Kyiv went on late.\n", encoding="utf-8")
    article = process(Pipeline(Config(discover=True)), Source(tmp_path, "a.md"))
    assert article.status == "unchanged" and article.names is not None
    assert len(calls) == 1  # the prose that discovery counts names in comes with the cleaned document
