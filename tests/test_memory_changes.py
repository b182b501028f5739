"""Memory of many changes: an article that writes one name again and again (a change every 33 bytes)
is cleaned in memory a few times its size (issue 20).

Each test measures what one step allocates with tracemalloc (tests/memory.py) on an article
of 20,000 sentences naming ``Kiev``, and bounds it per change or per byte; no test is timed.
"""

from __future__ import annotations

from dataclasses import replace

from normalize.changes import Change, Changes, LineIndex, apply_changes, locate
from normalize.pipeline import Pipeline
from normalize.stages.spans import Lines, SpanLanguages

from memory import peak_bytes

SENTENCE = "Officials met in Kiev on Sunday. "
TEXT = SENTENCE * 20_000  # 660 KB on one line
CHANGES = [Change("spelling", "r", at, at + 4, "Kiev", "Kyiv", entity="kyiv") for at in range(17, len(TEXT), len(SENTENCE))]


def test_located_changes_are_columns_of_a_few_bytes_each():
    located = locate(CHANGES, TEXT)
    assert isinstance(located, Changes) and len(located.kinds) == 1  # one (stage, rule, before, after, ...) for all
    assert located == [replace(change, line=1, column=change.start + 1) for change in CHANGES]
    assert peak_bytes(locate, CHANGES, TEXT) < 48 * len(CHANGES)  # a located copy of each Change: 160 bytes


def test_changes_are_applied_without_listing_every_piece_of_the_text():
    assert apply_changes(TEXT, CHANGES) == TEXT.replace("Kiev", "Kyiv")
    assert peak_bytes(apply_changes, TEXT, CHANGES) < 2.5 * len(TEXT)  # two pieces a change listed, then joined: 3.9 times


def test_the_spans_of_a_sentence_written_again_and_again_are_not_kept_by_place():
    languages = SpanLanguages(TEXT, ("de", "en"), frozenset({"kiev"}))
    languages.of(languages.lines.span_around(17, 21), "en")  # lingua's models loaded, the line's breaks found

    def judge_every_span():
        for change in CHANGES:
            languages.of(languages.lines.span_around(change.start, change.end), "en")

    assert peak_bytes(judge_every_span) < 16 * len(CHANGES)  # a verdict kept by place: 136 bytes a span


def test_the_breaks_of_a_line_are_numbers_in_an_array():
    assert Lines(TEXT).span_around(17 + 33, 21 + 33) == (33, 64)
    assert peak_bytes(Lines(TEXT).span_around, 17, 21) < 24 * len(CHANGES)  # a list of int objects: 132 bytes a sentence


def test_an_article_of_one_name_repeated_is_cleaned_in_memory_a_few_times_its_size():
    pipeline = Pipeline()
    cleaned = pipeline.clean_text(TEXT)  # the rules and models loaded
    assert isinstance(cleaned.changes, Changes) and len(cleaned.changes) == 20_000
    assert cleaned.changes[-1] == Change("spelling", cleaned.changes[-1].rule, len(TEXT) - 16, len(TEXT) - 12, "Kiev", "Kyiv",
                                         1, len(TEXT) - 15, "kyiv")
    assert peak_bytes(pipeline.clean_text, TEXT) < 20 * len(TEXT)  # a Change kept for each, located copies of them: 28 times


def test_a_line_index_holds_eight_bytes_a_line():
    lines = SENTENCE.replace(". ", ".\n") * 20_000  # a line break every 33 bytes
    assert LineIndex(lines).position(len(SENTENCE) + 17) == (2, 18)
    assert peak_bytes(LineIndex, lines) < 12 * 20_000  # a list of int objects: 40 bytes a line
