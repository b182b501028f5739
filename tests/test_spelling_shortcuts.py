"""Shortcuts in the spelling stage and its context find what the work they skip finds: protected spans
searched only in the runs of characters that can hold one; the verdict of the span judged last, kept; the words
after a name read only while they begin a form."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalize.rules.load import parse_rules
from normalize.stages import protect, spelling
from normalize.stages.spans import SpanLanguages

WORDS = ["kiev", "Kiev", "ua", "com", "pdf", "JPG", "www", "http", "1", "é", "x"]
MARKS = [".", "/", "\\", "@", "#", "-", "_", ":", "://", "~", "~~~\n", ")", "’", ",", "'", "<"]  # a backtick: all searched
SPACES = [" ", "\n", "\u00a0", "\u2003", "\t"]
RUNS = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS)), min_size=1, max_size=5).map("".join)
TEXTS = st.lists(st.tuples(RUNS, st.sampled_from(SPACES)).map("".join), max_size=10).map("".join)


def protected_by_searching_everywhere(text: str) -> list[tuple[int, int]]:
    """:func:`protect.protected_spans` as it was: the inline pattern searched over each whole stretch between fences."""
    spans, cursor = [], 0
    inline = protect._inline_for(text)
    for start, end in [*protect.fenced_blocks(text), (len(text), len(text))]:
        if inline is not None:
            spans += protect._inline_spans(inline, text, cursor, start)
        if end > start:
            spans.append((start, end))
        cursor = end
    return spans


@settings(max_examples=400)
@given(TEXTS)
def test_protected_spans_searched_in_marked_runs_only_are_those_searched_everywhere(text):
    assert protect.protected_spans(text) == protected_by_searching_everywhere(text)


@settings(max_examples=200)
@given(TEXTS)
def test_protected_spans_searched_whole_after_dense_marked_runs_are_those_searched_everywhere(text):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protect, "_DENSE", 2)
        assert protect.protected_spans(text) == protected_by_searching_everywhere(text)


def test_protected_spans_searched_in_marked_runs_only_are_those_searched_everywhere_on_identifiers():
    for text in ["See https://kiev.example/Kiev or mail kiev@mail.ua about Kiev, #Kyiv @kyiv_news",
                 "Kiev: kiev.travel/tours?id=3, img/kiev_2022.jpg, kiev-talks.pdf and volodymyr-zelensky, not Kiev/Kyiv",
                 "`kiev.ua` and kiev.ua", "a-b " * 200 + "kiev.ua, not Kiev. " * 10 + "x_y " * 70 + "Kiev./kiev", "e.g. Kiev.As said, www.kiev.ua. ../a/b\\c.txt a.a.a.a.b -x- _a_ a_b\u00a0c.d\n~~~\nkiev.ua\n~~~\nz-z"]:
        assert protect.protected_spans(text) == protected_by_searching_everywhere(text)


SPANS_TEXT = ("Kiev is far. «Zelenskiy visits Kiev front line», said Kiev's mayor.\n"
              "Il presidente Zelenskiy è arrivato a Kiev: We will rebuild Kiev. Die Seite kiev.example geht.")
SPANS = [(0, 11), (14, 46), (13, 67), (68, 109), (111, 131), (133, 161), (0, 67), (14, 30)]  # sentences, a quotation, more


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SPANS), st.sampled_from(["en", "it", "de"])), max_size=8))
def test_a_span_judged_again_right_after_gets_the_verdict_a_fresh_judgement_gives(asked):
    def languages():
        return SpanLanguages(SPANS_TEXT, ("de", "en", "it"), frozenset({"kiev", "zelenskiy"}), [(143, 155)])

    one = languages()
    assert [one.of(span, own) for span, own in asked] == [languages().of(span, own) for span, own in asked]


LONGER_NAMES = parse_rules([("longer", """
languages = ["en"]
[[entity]]
id = "kyiv"
canonical = "Kyiv"
variants = ["Kiev"]
exceptions = ["Chicken Kiev", "Kiev Pechersk"]
[[entity]]
id = "kyiv-oblast"
canonical = "Kyiv Oblast"
variants = ["Kiev Oblast", "Kiev Oblast Region Council Hall"]
[[entity]]
id = "lavra"
canonical = "Pechersk Lavra"
variants = ["Petchersk Lavra", "Petchersk Lavra of the Caves"]
""")]).lexicon("en")
NAME_WORDS = st.lists(st.sampled_from(["Kiev Oblast Region Council Hall", "Kiev Oblast Region", "Petchersk Lavra of the",
                                       "Kiev", "kiev", "Oblast", "Region", "Council", "Hall", "Pechersk", "Petchersk", "Lavra",
                                       "Chicken", "is", "of", "the", "Caves", "kiev.ua", "http://x.ua/Kiev", " ", " ", "  ", "-", ", ", "'", "\n"]),
                      max_size=24).map("".join)


def longest_form_reading_every_word(tokens, i, lexicon, blocked):
    """``spelling._longest_form`` as it was: the words joined after word ``i`` read up to the longest form's length."""
    reach = 1
    while reach < min(lexicon.longest, len(tokens) - i) and spelling.joins_name(tokens.gap_before(i + reach)) \
            and i + reach not in blocked:
        reach += 1
    for length in range(reach, 0, -1):
        form = lexicon.forms.get(tokens.phrase(i, length))
        if form is not None:
            return length, form
    return None


@settings(max_examples=300, deadline=None)
@given(NAME_WORDS)
@example("In the Kiev Oblast Region Council Hall, Kiev Oblast Region Council, Chicken Kiev Oblast and Kiev Pechersk Lavra.")
@example("Petchersk Lavra of the Caves, Petchersk Lavra of the, Kiev Oblast http://x.ua/Kiev Region Council Hall")
def test_reading_on_only_while_the_words_begin_a_form_finds_the_forms_reading_every_word_finds(text):
    protected = protect.protected_spans(text)
    shortcut = spelling.find_mentions(text, LONGER_NAMES, protected)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spelling, "_longest_form", longest_form_reading_every_word)
        assert shortcut == spelling.find_mentions(text, LONGER_NAMES, protected)
