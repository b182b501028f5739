"""Spans of a text asked about in work that grows with them, not with their square (issue 20): a paragraph's
mentions set in place after its spans in other languages are searched again (:func:`normalize.stages.spans.placed`),
the protected spans blanked in a span's prose, and :class:`normalize.changes.Spans` (the romanize stage's
names, protected and taken spans), each the same as comparing every span with every other."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from normalize.changes import Mention, Spans
from normalize.stages.spans import SpanLanguages, placed


def straightforward_placed(kept, moved, mentions, find):
    """``placed`` as it was written first: every kept mention compared with every moved span and every other."""
    kept = [m for m in kept if not any(start <= m.start < end for start, end in moved)]
    for span, language in sorted(moved.items(), key=lambda item: item[0][1] - item[0][0]):
        found = find(language, span)
        if found is None:
            found = [replace(m, replacement=m.form, left=f"in a span in {language}, which no rule speaks for",
                             would_become=m.replacement) if m.form != m.replacement and not m.left else m
                     for m in mentions if span[0] <= m.start < span[1]]
        kept += [m for m in found if not any(k.start < m.end and m.start < k.end for k in kept)]
    return sorted(kept, key=lambda m: m.start)


def mention(start: int, end: int, replacement: str = "B", left: str | None = None) -> Mention:
    return Mention("e", None, "A" * (end - start), replacement, "r:1", start, end, left=left)


@st.composite
def non_overlapping(draw, first: int, last: int, replacement: str) -> list[Mention]:
    """Mentions in order between ``first`` and ``last`` that do not overlap, as one search finds them."""
    cuts = sorted(draw(st.sets(st.integers(first, last), max_size=12)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return [mention(a, b, draw(st.sampled_from([replacement, "A" * (b - a)])), draw(st.sampled_from([None, "why"])))
            for a, b in pairs]


@st.composite
def paragraphs(draw):
    """A paragraph's mentions, the subset kept, its moved spans (nested or overlapping) and what each language finds."""
    mentions = draw(non_overlapping(0, 60, "B"))
    kept = [m for m in mentions if draw(st.booleans())]
    spans = draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 25)), max_size=6))
    moved = {(start, start + length): draw(st.sampled_from(["de", "pl", "xx"])) for start, length in spans}
    found = {(language, span): None if language == "xx" else draw(non_overlapping(span[0], span[1], language))
             for span, language in moved.items()}
    return kept, moved, mentions, lambda language, span: found[(language, span)]


@settings(max_examples=500)
@given(paragraphs())
def test_mentions_are_placed_as_comparing_every_pair_places_them(paragraph):
    assert placed(*paragraph) == straightforward_placed(*paragraph)


class _Counted(Mention):
    """A mention that counts how often its position is read."""

    __slots__ = ()
    reads = 0

    def __getattribute__(self, name):
        if name in ("start", "end"):
            _Counted.reads += 1
        return object.__getattribute__(self, name)


def test_a_paragraph_of_many_moved_spans_reads_each_mention_a_few_times():
    """Ten thousand sentences in another language, a name in each: the old way read positions a hundred million times."""
    sentences = 10_000
    mentions = [_Counted("e", None, "Kiev", "Kyiv", "r:1", 100 * i + 20, 100 * i + 24) for i in range(sentences)]
    moved = {(100 * i, 100 * i + 90): "de" for i in range(sentences)}
    found = {span: [replace(m, replacement="Kiew")] for span, m in zip(moved, mentions)}
    _Counted.reads = 0
    result = placed([], moved, mentions, lambda language, span: found[span])
    assert [m.replacement for m in result] == ["Kiew"] * sentences
    assert _Counted.reads < 20 * sentences


class _Unclear(SpanLanguages):
    """Every span's language cannot be told; German leads."""

    def of(self, span, own):
        return None, "unclear", "de"


@pytest.mark.parametrize("german, left", [("Kiew", 1000), ("Kyiv", 0), (None, 1000)])
def test_a_span_is_searched_once_for_all_its_names(german, left):
    """A span whose language cannot be told keeps the rewrites that the leading language would make alike
    (a rewrite it would leave does not count), and leaves the others."""
    text = "Kiev, " * 1000
    mentions = [mention(6 * i, 6 * i + 4, "Kyiv") for i in range(1000)]
    asked = []

    def find(language, span):
        asked.append((language, span))
        return [replace(m, replacement=german or "Kyiv", left="why" if german is None else None) for m in mentions]

    result = _Unclear(text, ("de", "en"), frozenset()).restyled(mentions, "en", find)
    assert asked == [("de", (0, len(text)))]
    assert sum(bool(m.left) for m in result) == left
    assert all((m.replacement == m.form) == bool(m.left) for m in result)


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=8), st.integers(0, 40), st.integers(0, 10))
def test_spans_answer_as_a_scan_of_every_span_answers(spans, start, length):
    spans = [(a, a + n) for a, n in spans]
    span = (start, start + length)
    asked = Spans(spans)
    assert asked.overlap(span) == any(a < span[1] and span[0] < b for a, b in spans)
    assert asked.inside(span) == any(a <= span[0] and span[1] <= b for a, b in spans)


class _CountedList(list):
    """A list that counts the items read from it (a slice counts each item it copies)."""

    reads = 0

    def __getitem__(self, key):
        _CountedList.reads += len(range(*key.indices(len(self)))) if isinstance(key, slice) else 1
        return super().__getitem__(key)


def test_a_spans_prose_reads_only_the_protected_spans_near_it():
    """Two thousand sentences, each with a URL: blanking a sentence's URLs reads the URLs in it, not all that follow."""
    sentence = "Er sagte das heute, siehe https://example.com/a dazu. "
    text = sentence * 2000
    url = sentence.index("https")
    protected = [(len(sentence) * i + url, len(sentence) * i + url + 21) for i in range(2000)]
    languages = SpanLanguages(text, ("de", "en"), frozenset(), protected)
    languages.protected = _CountedList(languages.protected)
    _CountedList.reads = 0
    blanked = [languages._prose((len(sentence) * i, len(sentence) * (i + 1))) for i in range(2000)]
    assert blanked == [sentence.replace("https://example.com/a", " ")] * 2000
    assert _CountedList.reads < 30 * 2000
