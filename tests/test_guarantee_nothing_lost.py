"""Guarantee "nothing lost": the output differs from the input only inside recorded changes.

Property-based: hypothesis builds articles of names in every spelling the rules
know, words of several scripts, URLs, e-mail, code, markup, mojibake and odd
characters, and each property must hold for every one of them.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from normalize import Pipeline, apply_changes, replay
from normalize.changes import LineIndex
from normalize.errors import RulesError
from normalize.rules.load import parse_rules
from strategies import articles, articles_with_protected, languages, tiny_rules, tiny_texts

PIPELINE = Pipeline()


@settings(max_examples=200)
@given(articles(), languages)
def test_replaying_the_recorded_changes_on_the_input_gives_the_output(text, language):
    cleaned = PIPELINE.clean_text(text, language)
    assert replay(text, cleaned.changes) == cleaned.text


@settings(max_examples=100)
@given(articles())
def test_every_change_is_a_real_edit_at_the_place_it_names(text):
    cleaned = PIPELINE.clean_text(text)
    inputs = {"fix_encoding": text, "spelling": cleaned.source_text}
    for change in cleaned.changes:
        source = inputs[change.stage]
        assert change.before != change.after
        assert source[change.start:change.end] == change.before
        assert (change.line, change.column) == LineIndex(source).position(change.start)
    for stage, source in inputs.items():  # one stage's changes never overlap: each replays alone
        apply_changes(source, [c for c in cleaned.changes if c.stage == stage])


@settings(max_examples=150)
@given(articles())
def test_cleaning_twice_changes_nothing(text):
    once = PIPELINE.clean_text(text)
    twice = PIPELINE.clean_text(once.text)
    assert (twice.text, twice.changes) == (once.text, [])


@settings(max_examples=60)
@given(articles(), articles())
def test_cleaning_twice_changes_nothing_in_every_language(text, more):
    for language in ("en", "de", "pl", "uk", "es"):
        once = PIPELINE.clean_text(text + more, language)
        assert PIPELINE.clean_text(once.text, language).changes == []


@settings(max_examples=100)
@given(articles_with_protected())
def test_urls_addresses_handles_and_code_come_out_as_written(case):
    text, protected = case
    output = PIPELINE.clean_text(text).text
    for piece in protected:
        assert piece in output


@settings(max_examples=300)
@given(tiny_rules(), tiny_texts, st.sampled_from(["en", "de"]))
def test_any_valid_rules_file_cleans_idempotently_and_replayably(rules_text, text, language):
    try:
        rules = parse_rules([("tiny.toml", rules_text)])
    except RulesError:
        return  # refused, with a message naming the file and line (tested in test_rules_errors.py)
    pipeline = Pipeline(rules=rules)
    once = pipeline.clean_text(text, language)
    assert replay(text, once.changes) == once.text
    assert pipeline.clean_text(once.text, language).changes == []
