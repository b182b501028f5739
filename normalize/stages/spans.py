"""The language of the sentence or quotation around a name (lingua), so that a span in another language takes its own house style.

A name found with the lexicon of its paragraph's language is looked at once more
in its *span*: the quotation around it (« », “ ”, „ “, ‹ ›, " "), else its
sentence or clause on its line (a headline, a caption, a gloss).  The span's
words, without the names the rules rewrite and without the words of the other
script, are given to lingua-language-detector, which is made for short text:

- the paragraph's own language leads: the mention stands;
- another language leads by :data:`CLEAR_GAP` or more: the span takes that
  language's house style (an English headline in an Italian article keeps ``Kyiv``);
- another language leads, but not clearly: a rewrite that its house style makes too stands
  (``Zelenskyy`` is ``Zelensky`` in English and Italian); the span is taken as the paragraph's
  language if that one is at most :data:`TIE_GAP` behind and every word is a word of it
  (``visita`` in Spanish, :mod:`~normalize.stages.common_words`); else the mention is *left*,
  with the reason.

Only spans that hold a rewrite are detected, each once.

>>> span_around("Il titolo: «Zelenskyy visits Kyiv front line». Poi.", 21, 25)
(12, 44)
>>> span_around("He said it. Kiev is far", 12, 16)
(12, 23)
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import Callable

from normalize.changes import Mention, Spans
from normalize.stages.common_words import common_word_source

CLEAR_GAP = 0.5  # lingua's first confidence minus its second: 99% precision at 84% coverage on short spans
# (scripts/eval_short_spans.py, labels scripts/labels/short_spans.tsv)
TIE_GAP = 0.1  # the paragraph's language this close behind the first is a tie (``visita``: pt 0.03 before es)
FEWEST_WORDS = 2  # a span with fewer words to judge is its paragraph's: one word tells no language (``Chicken``)
_QUOTATION = re.compile(r"«([^«»\n]+)»|“([^“”\n]+)”|„([^„“”\n]+)[“”]|‹([^‹›\n]+)›|\"([^\"\n]+)\"")
_OPENING_QUOTES = frozenset("«“„‹\"")
_SPAN_BREAK = re.compile(r"[.!?…]+[\"'”»]?\s+|\s[-–—=]\s|:\s|\t|\n")  # ends a sentence, a clause or a gloss
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

Find = Callable[[str, tuple[int, int]], "list[Mention] | None"]  # a language's mentions in a span; None: no rule for it


def span_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span that holds ``text[start:end]``: the innermost quotation on its line, else its
    sentence or clause (between stops, ``: ``, dashes, tabs and line ends)."""
    return Lines(text).span_around(start, end)


class Lines:
    """The quotations and span breaks of each line of a text, found once a line (not once a name:
    a line of a hundred thousand names costs one scan, not a hundred thousand)."""

    def __init__(self, text: str):
        self.text = text
        self._lines: dict[int, tuple[int, list[int], list[tuple[int, int]], array, array]] = {}

    @cached_property
    def _newlines(self) -> list[int]:
        """Where the lines end: found when a span is first asked for (most texts hold no rewrite to judge)."""
        return [match.start() for match in re.finditer("\n", self.text)]

    def span_around(self, start: int, end: int) -> tuple[int, int]:
        """:func:`span_around` of ``text[start:end]``."""
        line_start, line_end, quotation_starts, quotations, break_starts, break_ends = self._line(start, end)
        at = bisect.bisect_right(quotation_starts, start) - 1  # quotations do not overlap: only this one may hold it
        if at >= 0 and end <= quotations[at][1]:
            return quotations[at]
        before = bisect.bisect_right(break_ends, start) - 1
        after = bisect.bisect_left(break_starts, end)
        return (break_ends[before] if before >= 0 else line_start,
                break_starts[after] if after < len(break_starts) else line_end)

    def _line(self, start: int, end: int) -> tuple:
        newline = bisect.bisect_left(self._newlines, start)
        line_start = self._newlines[newline - 1] + 1 if newline > 0 else 0
        if line_start not in self._lines:
            following = bisect.bisect_left(self._newlines, end)
            line_end = self._newlines[following] if following < len(self._newlines) else len(self.text)
            quotations = [match.span(match.lastindex) for match in _QUOTATION.finditer(self.text, line_start, line_end)]
            break_starts, break_ends = array("q"), array("q")  # 8 bytes a number, not an int object: a break every sentence
            for match in _SPAN_BREAK.finditer(self.text, line_start, line_end):
                break_starts.append(match.start())
                break_ends.append(match.end())
            self._lines[line_start] = (line_end, [q[0] for q in quotations], quotations, break_starts, break_ends)
        return (line_start, *self._lines[line_start])


def words_to_judge(span: str, names: frozenset[str], quoted: bool = False) -> str:
    """The words of ``span`` that tell its language: those of its main script (Latin or not), but not
    the names the rules rewrite (cleaning again judges the same words), nor the other capitalised
    words after the first (names: ``Mariusz Kowalczyk railway station`` is not Polish); in a span of mostly
    capitalised words (a list of names, a title, a credit line) only the lowercase words tell, unless in ALL CAPS
    or a quoted title of capitalised words only (``„The Kiev Trial“``: its words tell).

    >>> words_to_judge("The mayor of Харків met Zelenskiy and Mariusz Kowalczyk", frozenset({"zelenskiy"}))
    'The mayor of met and'
    >>> words_to_judge("RUSSIAN MISSILES HIT KYIV", frozenset({"kyiv"}))
    'RUSSIAN MISSILES HIT'
    >>> words_to_judge("Wołodymyr Zelanski Dmytro Larin/Shutterstock", frozenset())
    ''
    >>> words_to_judge("Vorzel, Bucha, Borodyanka, Hostomel to Kyiv", frozenset({"kyiv"}))
    'to'
    >>> words_to_judge("The Kiev Trial", frozenset({"kiev"}), quoted=True)
    'The Trial'
    >>> words_to_judge("Vorzel, Bucha, Borodyanka, Hostomel to Kyiv", frozenset({"kyiv", "borodyanka", "bucha", "hostomel"}))
    'to'
    """
    every_word = _WORD.findall(span)  # the names left out below are capitalised words of the span too
    words = [word for word in every_word if word.casefold() not in names]
    lowercase = [word for word in words if word[0].islower()]
    if 2 * len(lowercase) >= len(every_word) - 1:  # a capitalised word inside a sentence is most often a name
        words = words[:1] + [word for word in words[1:] if word[0].islower()]
    elif lowercase or not (quoted or all(word.isupper() for word in words)):  # mostly capitalised: names, no language
        words = lowercase
    latin = [word[0] < "\u0250" for word in words]
    latin_letters = sum(len(word) for word, is_latin in zip(words, latin) if is_latin)
    keep_latin = 2 * latin_letters >= sum(map(len, words))
    return " ".join(word for word, is_latin in zip(words, latin) if is_latin == keep_latin)


@lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]):
    """lingua for ``languages`` (two or more), built once per process; its models load on first use."""
    return _builder(languages).build()


def preload_models(languages: tuple[str, ...]) -> None:
    """Load lingua's models for ``languages`` now, in the process that forks the workers: read once (for
    the nine languages of the built-in rules, 2.5 s and 270 MB), their pages then shared by every worker.

    lingua keeps its models in one cache per process, which every detector built later reads.
    """
    if len(languages) > 1:
        _builder(languages).with_preloaded_language_models().build()


def _builder(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, code.upper()) for code in languages))


@lru_cache(maxsize=1 << 12)  # news repeats its lines (datelines, press releases' openings): each judged once per process
def judge(words: str, own: str, languages: tuple[str, ...]) -> tuple[str | None, str, str]:
    """The language of ``words`` among ``languages`` for a span of a paragraph in ``own``: ``own``
    unless another leads clearly, or leads not clearly and ``own`` is not tied with it or some word
    is not a word of ``own`` (then None: it cannot be told), why, and the language that leads.

    >>> judge("We will rebuild", "fr", ("en", "fr"))
    ('en', 'en by 0.99', 'en')
    >>> judge("Chicken", "en", ("de", "en"))
    ('en', 'too few words to judge', 'en')
    >>> judge("вечерний", "uk", ("ru", "uk"))[:2]
    (None, "too few words to judge, and 'вечерний' is no word of uk")
    """
    if len(languages) == 1:
        return languages[0], f"the only language expected: {languages[0]}", languages[0]
    if own not in languages:  # a paragraph judged outside the expected languages
        own = languages[0]
    if len(words.split()) < FEWEST_WORDS:
        if words and words[0].islower() and not common_word_source(words, own):  # «Киев вечерний» in Ukrainian
            return None, f"too few words to judge, and {words!r} is no word of {own}", own
        return own, "too few words to judge", own
    values = _detector(languages).compute_language_confidence_values(words)
    if not values or values[0].value == 0:
        return own, "no language told", own
    first, second = values[0], values[1]
    code = first.language.iso_code_639_1.name.lower()
    gap = round(first.value - second.value, 2)
    if code == own:
        return own, f"{own} by {gap}", own
    if gap >= CLEAR_GAP:
        return code, f"{code} by {gap}", code
    behind = round(first.value - next((v.value for v in values if v.language.iso_code_639_1.name.lower() == own), 0.0), 2)
    if behind <= TIE_GAP and all(common_word_source(word.lower(), own) for word in words.split()):
        return own, f"{code} by {gap} only, {own} {behind} behind, and every word is a word of {own}", code
    return None, f"{code} by {gap} only, less than {CLEAR_GAP}", code


class SpanLanguages:
    """The languages of the spans of one text."""

    def __init__(self, text: str, languages: tuple[str, ...], names: frozenset[str],
                 protected: list[tuple[int, int]] = ()):
        self.text = text
        self.lines = Lines(text)
        self.languages = languages  # those a span may be in, sorted: the declared ones, else those of the rules
        self.names = names
        self.protected = sorted(protected)  # URLs, domains, file names, code: no words of a language
        self._last: tuple = (None, None, None)  # the span last judged, its paragraph's language, and the verdict

    def of(self, span: tuple[int, int], own: str) -> tuple[str | None, str, str]:
        """The language that ``text[span]``, in a paragraph in ``own``, takes its house style from (None: cannot tell),
        why, and the language that leads (:func:`judge`).

        A span is judged by its words, whose verdicts :func:`judge` keeps, not by its place: a sentence
        written a hundred thousand times is one verdict, not one kept for each place.  The last span's
        verdict is kept too: the names of one span, asked one after the other, have their words picked once.
        """
        if self._last[:2] != (span, own):
            quoted = span[0] > 0 and self.text[span[0] - 1] in _OPENING_QUOTES
            self._last = (span, own, judge(words_to_judge(self._prose(span), self.names, quoted), own, self.languages))
        return self._last[2]

    def _prose(self, span: tuple[int, int]) -> str:
        """``text[span]`` with its protected identifiers blanked: ``kiev.example`` tells no language.

        >>> SpanLanguages("Die Seite kiev.example geht", ("de",), frozenset(), [(10, 22)])._prose((0, 27))
        'Die Seite   geht'
        """
        start, end = span
        first = max(bisect.bisect_right(self.protected, (start,)) - 1, 0)
        pieces, cursor = [], start
        for index in range(first, len(self.protected)):  # not a slice: a copy of the rest of the list for each span
            begin, finish = self.protected[index]
            if begin >= end:
                break
            if finish > cursor:
                pieces += [self.text[cursor:max(begin, cursor)], " "]
                cursor = finish
        return "".join(pieces) + self.text[cursor:end] if pieces else self.text[start:end]

    def restyled(self, mentions: list[Mention], own: str, find: Find) -> list[Mention]:
        """``mentions`` (found with the lexicon of ``own``, in order), those in a span of another language replaced
        by what ``find`` gives for that language there, a rewrite left when its span's language cannot be told.

        Each span is searched once per language, however many of its names ask, and the mentions
        found are set in place by their positions (:func:`placed`): a paragraph of ten thousand
        sentences in another language costs ten thousand searches, not ten thousand squared.
        """
        alike = _Alike(find)
        kept, moved = [], {}
        for mention in mentions:
            if mention.left or mention.form == mention.replacement:
                kept.append(mention)
                continue
            span = self.lines.span_around(mention.start, mention.end)
            language, why, leader = self.of(span, own)
            if language == own or language is None and leader != own and alike(leader, span, mention):
                kept.append(mention)
            elif language is None:
                kept.append(_left(mention, f"the language of its span cannot be told ({why}): {self.text[slice(*span)]!r}"))
            else:
                moved[span] = language
        return placed(kept, moved, mentions, find)


class _Alike:
    """Does the house style of a language rewrite a mention as its own language does (then its span's language
    need not be told)?  Each span searched once for all the names in it that ask."""

    def __init__(self, find: Find):
        self.find, self._rewrites = find, {}

    def __call__(self, language: str, span: tuple[int, int], mention: Mention) -> bool:
        if (language, span) not in self._rewrites:
            self._rewrites[(language, span)] = {(m.start, m.end, m.replacement) for m in self.find(language, span) or []
                                                if m.left is None}
        return (mention.start, mention.end, mention.replacement) in self._rewrites[(language, span)]


def placed(kept: list[Mention], moved: dict[tuple[int, int], str], mentions: list[Mention], find: Find) -> list[Mention]:
    """``kept`` less those that start in a ``moved`` span, with the mentions ``find`` gives in each moved span for its
    language (the innermost span first; the span's ``mentions`` left if no rule speaks for the language) that
    overlap none kept before that span, in order of their starts.  Mentions are never empty; those of one
    ``find`` lie inside its span and do not overlap, nor do ``mentions``, which are in order; ``kept`` are
    some of ``mentions``.  So only the characters of the moved spans need be marked as taken (:class:`_Covered`).

    >>> def m(start, end, replacement="X"): return Mention("e", None, "x" * (end - start), replacement, "r", start, end)
    >>> def find(language, span): return [m(2, 4, language), m(12, 14, language)] if span == (0, 20) else None
    >>> [(x.start, x.replacement) for x in placed([m(2, 4), m(30, 32)], {(0, 20): "de"}, [m(2, 4), m(30, 32)], find)]
    [(2, 'de'), (12, 'de'), (30, 'X')]
    """
    if not moved:
        return kept
    in_moved = Spans(moved)
    kept = [m for m in kept if not in_moved.overlap((m.start, m.start + 1))]  # its first character in a moved span
    taken = _Covered(min(start for start, _ in moved), max(end for _, end in moved), kept)
    starts = [m.start for m in mentions]
    for span, language in sorted(moved.items(), key=lambda item: item[0][1] - item[0][0]):  # the innermost first
        found = find(language, span)
        if found is None:
            inside = mentions[bisect.bisect_left(starts, span[0]):bisect.bisect_left(starts, span[1])]
            found = [_left(m, f"in a span in {language}, which no rule speaks for") if m.form != m.replacement and not m.left else m
                     for m in inside]
        added = [m for m in found if taken.is_free(m.start, m.end)]
        taken.cover(added)
        kept += added
    return sorted(kept, key=lambda m: m.start)


class _Covered:
    """The characters from ``first`` to ``last`` that mentions cover, a byte each: does a range in it overlap
    one of them?  Work in the mentions' lengths, not in their number.

    >>> def m(start, end): return Mention("e", None, "x" * (end - start), "y", "r", start, end)
    >>> covered = _Covered(0, 10, [m(2, 5), m(9, 14)])
    >>> covered.is_free(5, 7), covered.is_free(0, 3), covered.is_free(8, 10)
    (True, False, False)
    """

    def __init__(self, first: int, last: int, mentions: list[Mention]):
        self.first, self.marks = first, bytearray(max(0, last - first))
        self.cover(mentions)

    def cover(self, mentions: list[Mention]) -> None:
        """Mark the characters of ``mentions`` that lie between ``first`` and ``last``."""
        for mention in mentions:
            start, end = max(mention.start - self.first, 0), min(mention.end - self.first, len(self.marks))
            if start < end:
                self.marks[start:end] = b"\x01" * (end - start)

    def is_free(self, start: int, end: int) -> bool:
        """Does no mention cover a character of ``start`` to ``end`` (a range between ``first`` and ``last``)?"""
        return 1 not in self.marks[start - self.first:end - self.first]


def _left(mention: Mention, reason: str) -> Mention:
    return replace(mention, replacement=mention.form, left=reason, would_become=mention.replacement)
