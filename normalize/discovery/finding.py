"""Finding names in a text: its capitalised words and runs of two or three of them, in one scan.

:func:`iter_names` yields each name with where it starts and whether it may only start a
sentence.  A text's tallies (how often each form occurs, starts a sentence, leads a longer
name) are counted from them, or, where its protected spans cut it cleanly (most texts), from
its distinct runs of capitalised words, found in C a piece at a time (:func:`name_tallies`).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from normalize.stages.protect import protected_spans
from normalize.text import pieces

MAX_WORDS = 3  # longer runs of capitalised words are headlines or titles, not one name
_SENTENCE_PUNCTUATION = ".!?:;\n"  # a capital after one of these (and spaces) may just start a sentence
# ... and after a quotation mark that follows one of those, a dash or nothing: «Рейнджерс» after a word is a name
# inside a sentence (перемогу над «Рейнджерс»), as is « Molliwood » (surnommés « Molliwood »)
_QUOTATION_MARKS, _DASHES = '"“”«»', "—–"
# A name right after one of these (or after "« ", as French spaces it) is in quotation marks: how Ukrainian and
# Russian write the names of clubs, companies and newspapers («Наполі», the club; в Неаполі, the city).
_OPENING_QUOTES = '«„“"‘‹'
_JOINING_WORDS = " -\u00a0\u2011"  # one of these between two capitalised words makes them one name
SENTENCE_OR_LINE_END = re.compile(r"[.!?](?=\s)|\n")


@dataclass(slots=True)
class NameMention:
    """A capitalised name (one to three words) at ``[start, end)`` of a text."""

    form: str
    start: int
    end: int
    sentence_start: bool  # capitalised because it starts a sentence, perhaps
    leads: bool = False  # a word followed by another word of the same name (a given name, often)
    in_quotes: bool = False  # right after an opening quotation mark


def find_names(text: str, protected: list[tuple[int, int]] | None = None) -> list[NameMention]:
    """Capitalised words and runs of two or three, outside the text's ``protected`` spans (found if not given).

    ALL-CAPS words (acronyms, shouting headlines) and one-letter words are left out;
    a possessive ``’s`` is not part of the name.

    >>> [m.form for m in find_names("Moammar Gadhafi’s son met NATO envoys in Tripoli.")]
    ['Moammar', 'Moammar Gadhafi', 'Gadhafi', 'Tripoli']
    """
    return list(iter_names(text, protected))


def iter_names(text: str, protected: list[tuple[int, int]] | None = None) -> Iterator[NameMention]:
    """The names of :func:`find_names`, one at a time, in the same order: memory for one run of words, not the text's names.

    >>> [(m.form, m.leads) for m in iter_names("They met Sergei Lavrov.")]
    [('They', False), ('Sergei', True), ('Sergei Lavrov', False), ('Lavrov', False)]
    """
    protected = protected_spans(text) if protected is None else protected
    run: list[NameMention] = []  # the words of the name being read
    previous_end = -2  # the end of its last word
    for match in _capitalised_word().finditer(text):
        word, start = match.group(), match.start()
        if not word.isalpha() or word.isupper() or (protected and inside(start, protected)):
            continue
        if start == previous_end + 1 and text[previous_end] in _JOINING_WORDS:
            run[-1].leads = True
        else:
            yield from _run_names(run, text)
            run = []
        previous_end = start + len(word)
        run.append(NameMention(word, start, previous_end, match.group(1) is not None, in_quotes=match.group(2) is not None))
    yield from _run_names(run, text)


def _run_names(run: list[NameMention], text: str) -> Iterator[NameMention]:
    """The words of a run and, after its first word, the run as one name if it has two or three words; a longer
    run's last three words are one name, after the first of them: a person's name after a title or a place
    (Major General Eduard Moskaliov, Mayor of Mykolaiv Oleksandr Fedorovych Senkevych).

    >>> [m.form for m in iter_names("Then Major General Eduard Moskaliov spoke.") if " " in m.form]
    ['General Eduard Moskaliov']
    """
    if not run:
        return
    first = run[0] if len(run) <= MAX_WORDS else run[-MAX_WORDS]
    for word in run:
        yield word
        if word is first and len(run) > 1:
            yield NameMention(text[word.start:run[-1].end], word.start, run[-1].end, word.sentence_start,
                              in_quotes=word.in_quotes)


@lru_cache(maxsize=1)
def _capitalised_word() -> re.Pattern:
    """A whole word (a run of ``\\w``) that begins with a capital letter: where a name may be.

    Its first group matches (empty) when the word may start a sentence: it starts the text,
    or a full stop, colon or line break is at most three characters before it with only
    spaces after that, or a quotation mark is, itself after one of those, a dash or
    nothing (a space apart at most).  A quotation mark after a word opens a quoted name
    inside the sentence (перемогу над «Рейнджерс»).  Its second group matches when the word
    is right after an opening quotation mark.  The capitals are those of the Basic
    Multilingual Plane, where every script of the news is; a class that reaches beyond
    it makes the search much slower.  The capital comes first and the word boundary
    is a look-behind, so that the search can skip to the next capital.

    >>> [(m.group(), m.groups()) for m in _capitalised_word().finditer("Kyiv, Lviv. “Odesa”\\n  Kharkiv")]
    [('Kyiv', ('', None)), ('Lviv', (None, None)), ('Odesa', ('', '')), ('Kharkiv', ('', None))]
    >>> [(m.group(), m.groups()) for m in _capitalised_word().finditer("«Ми» — «Він» над «Рейнджерс», і « Molliwood »")]
    [('Ми', ('', '')), ('Він', ('', '')), ('Рейнджерс', (None, '')), ('Molliwood', (None, ''))]
    """
    capital, starts = _word_parts()
    return re.compile(rf"{capital}((?<=^.)|{starts})?({_after_opening_quote()})?\w+")


@lru_cache(maxsize=1)
def _capitalised_runs() -> re.Pattern:
    """Capitalised words one joining character apart (those :func:`iter_names` may join into a name), found with
    two marks: the first word's capital if it may start a sentence (only a first word can), and again if it is
    right after an opening quotation mark, else empty (the look-behinds of :func:`_capitalised_word`, each
    then looking back at the capital to capture it).  ``findall`` gives (run, start mark, quote mark).

    >>> _capitalised_runs().findall("Then Sergei Lavrov-Smith met NATO Kyiv. «Napoli», in Napoli")
    [('Then Sergei Lavrov-Smith', 'T', ''), ('NATO Kyiv', '', ''), ('Napoli', 'N', 'N'), ('Napoli', '', '')]
    """
    capital, starts = _word_parts()
    starting, quoted = rf"(?:(?:(?<=^.)|{starts})(?<=(.)))?", rf"(?:{_after_opening_quote()}(?<=(.)))?"
    return re.compile(rf"({capital}{starting}{quoted}\w+(?:[{re.escape(_JOINING_WORDS)}]{capital}\w+)*)")


@lru_cache(maxsize=1)
def _word_parts() -> tuple[str, str]:
    """The patterns of a capital that begins a word, and of the look-behinds that say it may start a sentence."""
    capitals = "".join(re.escape(char) for char in map(chr, range(0x10000)) if char.isupper())
    ends, quotes = (re.escape(_SENTENCE_PUNCTUATION), re.escape(_QUOTATION_MARKS))
    after_end = [rf"(?<=[{ends}]{space}.)" for space in ("", r"\s", r"\s\s")]
    quoted = [rf"(?<={before}{space}[{quotes}]{inside}.)" for before in ("^", rf"[{ends}{_DASHES}]")
              for space in ("", r"\s") for inside in ("", r"\s")]
    return rf"[{capitals}](?<=\b.)", "|".join(after_end + quoted)


def _after_opening_quote() -> str:
    """The look-behinds that say a capital is right after an opening quotation mark (or "« ")."""
    return rf"(?:(?<=[{re.escape(_OPENING_QUOTES)}].)|(?<=«\s.))"


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``offset`` inside one of the sorted, non-overlapping ``spans``? (A search, not a scan:
    a text with many protected spans and many words would otherwise take quadratic time.)

    >>> inside(5, [(0, 2), (4, 6)]), inside(3, [(0, 2), (4, 6)])
    (True, False)
    """
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def tallies(mentions: Iterable[NameMention]) -> tuple[Counter, Counter, Counter, Counter]:
    """How often each form occurs, starts a sentence, leads a longer name, and stands in quotation marks.

    >>> tallies(find_names("Kyiv. Sergei Lavrov met Lavrov."))[0]
    Counter({'Lavrov': 2, 'Kyiv': 1, 'Sergei': 1, 'Sergei Lavrov': 1})
    >>> tallies(find_names("Lavrov of «Lavrov Group»."))[3]
    Counter({'Lavrov': 1, 'Lavrov Group': 1})
    """
    counts, starts, leading, quoted = Counter(), Counter(), Counter(), Counter()
    for mention in mentions:
        form = mention.form
        counts[form] += 1
        if mention.sentence_start:
            starts[form] += 1
        if mention.leads:
            leading[form] += 1
        if mention.in_quotes:
            quoted[form] += 1
    return counts, starts, leading, quoted


def name_tallies(text: str, protected: list[tuple[int, int]]) -> tuple[Counter, Counter, Counter, Counter]:
    """:func:`tallies` of ``iter_names(text, protected)``, counted by distinct runs of capitalised words
    (:func:`run_tallies`) in the gaps between the ``protected`` spans, where each span cuts the text cleanly
    (:func:`_cuts_cleanly`); else name by name.

    >>> text = "See kyiv.example. Kyiv and Sergei Lavrov met."
    >>> name_tallies(text, [(4, 16)]) == tallies(iter_names(text, [(4, 16)]))
    True
    """
    if not all(_cuts_cleanly(text, start, end) for start, end in protected):
        return tallies(iter_names(text, protected))
    return run_tallies(text, _gaps(protected, len(text)))


def _cuts_cleanly(text: str, start: int, end: int) -> bool:
    """Does leaving out the span ``[start, end)`` of ``text`` cut it as :func:`iter_names` does: no word goes on
    into the span (as a word starting inside it is left out, one starting before it is read whole), and the span
    is too long for a name to be joined across it (a word after a joining character at its start is inside it)?

    >>> _cuts_cleanly("Kyiv kyiv.ua Lviv", 5, 12), _cuts_cleanly("Kyivkyiv.ua", 4, 11), _cuts_cleanly("Kyiv Lviv", 4, 5)
    (True, False, False)
    """
    return end - start >= 2 and not (start and _TWO_WORD_CHARACTERS.match(text, start - 1))


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The parts of ``[0, length)`` outside the sorted ``spans``.

    >>> _gaps([(2, 4), (6, 9)], 9), _gaps([], 3)
    ([(0, 2), (4, 6)], [(0, 3)])
    """
    gaps, position = [], 0
    for start, end in spans:
        if start > position:
            gaps.append((position, start))
        position = max(position, end)
    if position < length:
        gaps.append((position, length))
    return gaps


def run_tallies(text: str, parts: Iterable[tuple[int, int]] | None = None) -> tuple[Counter, Counter, Counter, Counter]:
    """:func:`tallies` of the names in ``parts`` of a text (all of it if not given; names never run across the
    end of a part), by distinct runs of capitalised words: the text is searched and the runs counted in C (a
    piece at a time), a run of one word is a name as it is, and only each distinct longer run is read word by
    word (:func:`_names_in_run`).

    >>> run_tallies("Kyiv. Sergei Lavrov met Lavrov.") == tallies(find_names("Kyiv. Sergei Lavrov met Lavrov."))
    True
    """
    runs: dict[str, int] = {}  # each distinct run: how often, how often it may start a sentence, stands in quotes
    starting: dict[str, int] = {}
    in_quotes: dict[str, int] = {}
    for part in [(0, len(text))] if parts is None else parts:
        for piece in pieces(text, *part, cut_at=_OUTSIDE_A_RUN):
            marked = Counter(_capitalised_runs().findall(text, *piece))  # each (run, start mark, quote mark): how often
            for (run, starts_a_sentence, after_a_quote), times in marked.items():
                runs[run] = runs.get(run, 0) + times
                if starts_a_sentence:
                    starting[run] = starting.get(run, 0) + times
                if after_a_quote:
                    in_quotes[run] = in_quotes.get(run, 0) + times
    counts = Counter({run: times for run, times in runs.items() if run.isalpha() and not run.isupper()})
    starts = Counter({run: times for run, times in starting.items() if run in counts})  # so far the runs of one word
    quoted = Counter({run: times for run, times in in_quotes.items() if run in counts})
    leading = Counter()
    for run, times in runs.items():
        if run.isalpha():  # one word, counted above if a name (no joining character is a letter)
            continue
        for form, starts_run, leads in _names_in_run(run):
            counts[form] = counts.get(form, 0) + times
            if starts_run and run in starting:
                starts[form] = starts.get(form, 0) + starting[run]
            if starts_run and run in in_quotes:
                quoted[form] = quoted.get(form, 0) + in_quotes[run]
            if leads:
                leading[form] = leading.get(form, 0) + times
    return counts, starts, leading, quoted


def _names_in_run(run: str) -> Iterator[tuple[str, bool, bool]]:
    """The names of a run of capitalised words (as :func:`iter_names` reads it), each with whether it starts the
    run and whether it leads a longer name.

    >>> list(_names_in_run("Then Sergei Lavrov"))
    [('Then', True, True), ('Then Sergei Lavrov', True, False), ('Sergei', False, True), ('Lavrov', False, False)]
    """
    return ((name.form, name.start == 0, name.leads) for name in iter_names(run, []))


_OUTSIDE_A_RUN = re.compile(rf"[^\w{re.escape(_JOINING_WORDS)}]")  # no run of capitalised words goes on past it
_TWO_WORD_CHARACTERS = re.compile(r"\w\w")
