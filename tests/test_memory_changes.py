"""Memory of many changes: an article that writes one name again and again (a change every 33 bytes)
is cleaned in memory a few times its size (issue 20).

Each test measures what one step allocates with tracemalloc (tests/memory.py) on an article
of 20,000 sentences naming ``Kiev``, and bounds it per change or per byte; no test is timed.
"""

from __future__ import annotations

from normalize.changes import Change
from normalize.stages.spans import Lines, SpanLanguages

from memory import peak_bytes

SENTENCE = "Officials met in Kiev on Sunday. "
TEXT = SENTENCE * 20_000  # 660 KB on one line
CHANGES = [Change("spelling", "r", at, at + 4, "Kiev", "Kyiv", entity="kyiv") for at in range(17, len(TEXT), len(SENTENCE))]


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
