"""scripts/eval_short_spans.py: how short spans are cut and how abstaining is scored, on small data of its own."""

from __future__ import annotations

import doctest

import pytest

import eval_short_spans  # scripts/, on the path from conftest

Span, Judged = eval_short_spans.Span, eval_short_spans.Judged


def test_the_docstring_examples_hold():
    assert doctest.testmod(eval_short_spans).failed == 0


def test_a_row_gives_each_language_its_kinds_of_span():
    row = {
        "en": 'Then Biden said: "We will hold Kyiv", and left.',
        "de": "Dann sagte Biden: „Wir halten Kiew“, und ging.",
        "ru": "Переговоры в Киеве",
    }
    spans = list(eval_short_spans.spans_of_row(row, "test"))
    kinds = {(span.language, span.kind, span.text) for span in spans}
    assert ("en", "sentence", row["en"]) in kinds
    assert ("en", "quote", "We will hold Kyiv") in kinds
    assert ("de", "clause", "und ging.") in kinds
    assert ("ru", "headline", "Переговоры в Киеве") in kinds
    assert ("ru", "caps", "ПЕРЕГОВОРЫ В КИЕВЕ") in kinds
    assert ("ru", "other-script names", "Переговоры в Kieve") in kinds
    assert ("en", "other-script names", "Then Биден said") in kinds  # Biden stands alike in the German line


def test_german_nouns_are_not_taken_for_names_but_shared_names_are():
    row = {"de": "Der Präsident traf Biden in der Stadt.", "en": "The president met Biden in the city."}
    mixed = [span.text for span in eval_short_spans.spans_of_row(row, "test")
             if span.language == "de" and span.kind == "other-script names"]
    assert "Der Präsident traf Биден in der Stadt." in mixed  # Biden stands alike in the English line: a name
    assert all("Präsident" in text and "Stadt" in text for text in mixed)


def test_a_span_left_untranslated_in_another_language_is_dropped():
    row = {"de": "Der Name „Welsh Parliament“ bleibt.", "en": "The name Welsh Parliament stays."}
    texts = [span.text for span in eval_short_spans.spans_of_row(row, "test") if span.language == "de"]
    assert "Welsh Parliament" not in texts
    assert "Der Name „Welsh Parliament“ bleibt." in texts


def test_spans_are_one_to_fifteen_words():
    row = {"en": " ".join(["word"] * 16) + ", short one."}
    spans = list(eval_short_spans.spans_of_row(row, "test"))
    assert spans and all(1 <= span.words <= 15 for span in spans)


@pytest.mark.parametrize("precision, threshold", [(1.0, 0.8), (0.75, 0.4), (0.5, 0.1)])
def test_the_threshold_is_the_lowest_that_keeps_the_precision(precision, threshold):
    span = Span("x", "en", "sentence", "t")
    judged = [Judged(span, "en", 0.9), Judged(span, "en", 0.8), Judged(span, "de", 0.5), Judged(span, "en", 0.4),
              Judged(span, "de", 0.1), Judged(span, "und", 0.0)]
    assert eval_short_spans.threshold_for(judged, precision) == threshold


def test_answers_of_one_confidence_are_kept_or_dropped_together():
    span = Span("x", "en", "sentence", "t")
    judged = [Judged(span, "en", 1.0), Judged(span, "de", 1.0)]
    assert eval_short_spans.threshold_for(judged, 0.9) is None
    assert eval_short_spans.answered(judged, 1.0) == (0.5, 1.0)


def test_an_abstention_counts_against_coverage_not_precision():
    span = Span("x", "en", "sentence", "t")
    judged = [Judged(span, "en", 0.9), Judged(span, "und", 0.0), Judged(span, "de", 0.2)]
    assert eval_short_spans.answered(judged, 0.0) == (0.5, 2 / 3)
    assert eval_short_spans.answered(judged, 0.5) == (1.0, 1 / 3)


def test_a_malformed_case_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "cases.tsv"
    path.write_text("# header\nen\tfine\twritten\nxx\tbad language\twritten\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"cases.tsv:3: expected language<TAB>text<TAB>source"):
        eval_short_spans.load_cases(path)


def test_the_shipped_cases_load():
    cases = eval_short_spans.load_cases(eval_short_spans.CASES)
    assert len(cases) >= 30 and {case.language for case in cases} == set(eval_short_spans.NINE)


@pytest.mark.skipif(not (eval_short_spans.SHARED / "corpora" / "ntrex-128-subset").is_dir(), reason="needs /work/shared")
def test_the_corpus_spans_cover_every_language_and_kind():
    first = eval_short_spans.load_spans(eval_short_spans.SHARED, 2)
    cells = {(span.language, span.kind, span.bucket) for span in first}
    assert {language for language, _, _ in cells} == set(eval_short_spans.NINE)
    assert {kind for _, kind, _ in cells} == set(eval_short_spans.KINDS)
