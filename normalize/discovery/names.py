"""Candidate names: the capitalised names of a text, their mergeable per-corpus tallies, and their samples.

:func:`iter_names` reads the capitalised names (and runs of two or three of them)
of one text in one scan; :class:`NameCounts` tallies them across a corpus.  It is a
mergeable aggregate (``add_article``, ``merge``) of counts only, never texts or
contexts, so workers can count parts of a corpus and a reduction merges them.
Discovery is two-phase: the tallies say which forms are suggested, and only then
:func:`~normalize.discovery.samples.gather_samples` reads the few files that hold the
first sightings of those forms (each tally names them) for their contexts and locations.
:class:`Name` is a counted form as discovery weighs it, with what the rules know.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, combinations
from operator import itemgetter
from typing import Iterable, Iterator

from normalize.discovery.keys import ascii_spelling, name_keys
from normalize.stages.protect import protected_spans
from normalize.text import WORD

MAX_SAMPLES = 3  # samples (contexts and locations) shown per form, the first in (path, offset) order
MAX_WORDS = 3  # longer runs of capitalised words are headlines or titles, not one name
_SENTENCE_PUNCTUATION = '.!?:;"“”«»\n'  # a capital after one of these (and spaces) may just start a sentence
_JOINING_WORDS = " -\u00a0\u2011"  # one of these between two capitalised words makes them one name
_SENTENCE_OR_LINE_END = re.compile(r"[.!?](?=\s)|\n")


@dataclass(slots=True)
class NameMention:
    """A capitalised name (one to three words) at ``[start, end)`` of a text."""

    form: str
    start: int
    end: int
    sentence_start: bool  # capitalised because it starts a sentence, perhaps
    leads: bool = False  # a word followed by another word of the same name (a given name, often)


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
        if not word.isalpha() or word.isupper() or (protected and _inside(start, protected)):
            continue
        if start == previous_end + 1 and text[previous_end] in _JOINING_WORDS:
            run[-1].leads = True
        else:
            yield from _run_names(run, text)
            run = []
        previous_end = start + len(word)
        run.append(NameMention(word, start, previous_end, match.lastindex is not None))
    yield from _run_names(run, text)


def _run_names(run: list[NameMention], text: str) -> Iterator[NameMention]:
    """The words of a run; if two or three, the run as one name too, after its first word."""
    if not run:
        return
    head, tail = run[0], run[-1]
    yield head
    if 1 < len(run) <= MAX_WORDS:
        yield NameMention(text[head.start:tail.end], head.start, tail.end, head.sentence_start)
    yield from run[1:]


@lru_cache(maxsize=1)
def _capitalised_word() -> re.Pattern:
    """A whole word (a run of ``\\w``) that begins with a capital letter: where a name may be.

    Its group matches (empty) when the word may start a sentence: it starts the text,
    or a full stop, colon, quotation mark or line break is at most three characters
    before it with only spaces after that.  The capitals are those of the Basic
    Multilingual Plane, where every script of the news is; a class that reaches beyond
    it makes the search much slower.  The capital comes first and the word boundary
    is a look-behind, so that the search can skip to the next capital.

    >>> [(m.group(), m.lastindex) for m in _capitalised_word().finditer("Kyiv, Lviv. “Odesa”\\n  Kharkiv")]
    [('Kyiv', 1), ('Lviv', None), ('Odesa', 1), ('Kharkiv', 1)]
    """
    capital, starts = _word_parts()
    return re.compile(rf"{capital}((?<=^.)|{starts})?\w+")


@lru_cache(maxsize=2)
def _capitalised_runs(starting: bool) -> re.Pattern:
    """Capitalised words one joining character apart (those :func:`iter_names` may join into a name);
    if ``starting``, only the runs whose first word may start a sentence (only a first word can).

    >>> _capitalised_runs(False).findall("Then Sergei Lavrov-Smith met NATO Kyiv."), _capitalised_runs(True).findall("Then Sergei Lavrov")
    (['Then Sergei Lavrov-Smith', 'NATO Kyiv'], ['Then Sergei Lavrov'])
    """
    capital, starts = _word_parts()
    first = rf"{capital}(?:(?<=^.)|{starts})\w+" if starting else rf"{capital}\w+"
    return re.compile(rf"{first}(?:[{re.escape(_JOINING_WORDS)}]{capital}\w+)*")


@lru_cache(maxsize=1)
def _word_parts() -> tuple[str, str]:
    """The patterns of a capital that begins a word, and of the look-behinds that say it may start a sentence."""
    capitals = "".join(re.escape(char) for char in map(chr, range(0x10000)) if char.isupper())
    before = "".join(map(re.escape, _SENTENCE_PUNCTUATION))
    return rf"[{capitals}](?<=\b.)", "|".join(rf"(?<=[{before}]{space}.)" for space in ("", r"\s", r"\s\s"))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``offset`` inside one of the sorted, non-overlapping ``spans``? (A search, not a scan:
    a text with many protected spans and many words would otherwise take quadratic time.)

    >>> _inside(5, [(0, 2), (4, 6)]), _inside(3, [(0, 2), (4, 6)])
    (True, False)
    """
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


@dataclass(slots=True)
class FormTally:
    """How often one form was seen, in how many files, and the first files it was seen in.

    ``paths`` are the first MAX_SAMPLES paths in sorted order (each article's path once):
    its first MAX_SAMPLES sightings in (path, offset) order are in them, so that
    :func:`~normalize.discovery.samples.gather_samples` reads only these.  Merging tallies in any order gives the same result.
    """

    count: int = 0
    sentence_starts: int = 0
    leading: int = 0  # times it was the first word of a longer name
    files: int = 0
    paths: tuple[str, ...] = ()

    def merge(self, other: "FormTally") -> None:
        self.count += other.count
        self.sentence_starts += other.sentence_starts
        self.leading += other.leading
        self.files += other.files
        self.paths = tuple(sorted(self.paths + other.paths)[:MAX_SAMPLES])


@dataclass
class NameCounts:
    """Corpus-wide counts of candidate names: add articles, merge partial counts.

    forms          (language, form) -> FormTally
    written_lower  (language, word) -> times the word was written in lower case (a common word), in
                   the articles where it is also capitalised: that keeps the counts small
    together       (language, form, form) -> sentences in which both forms occur and share a key

    ``to_json`` and ``from_json`` give a JSON-able form (for manifests and workers).
    """

    forms: dict[tuple[str, str], FormTally] = field(default_factory=dict)
    written_lower: Counter = field(default_factory=Counter)
    together: Counter = field(default_factory=Counter)

    @classmethod
    def of_article(cls, path: str, text: str, language: str | None,
                   protected: list[tuple[int, int]] | None = None) -> "NameCounts":
        counts = cls()
        counts.add_article(path, text, language, protected)
        return counts

    def add_article(self, path: str, text: str, language: str | None,
                    protected: list[tuple[int, int]] | None = None) -> None:
        """Count the names of one article (``path`` relative, ``text`` as decoded and repaired;
        ``protected``: its spans that no stage may touch, if the pipeline found them already).

        Tallies only, in one scan of the names: no contexts (read later, for the forms
        suggested), and sentences only where two forms that share a key occur.
        """
        language = language or "und"
        protected = protected_spans(text) if protected is None else protected
        counts, starts, leading = _tallies(iter_names(text, protected)) if protected else _run_tallies(text)
        if not counts:
            return
        paths = (path,)
        for form, count in counts.items():
            tally = FormTally(count, starts[form], leading[form], 1, paths)
            known = self.forms.get((language, form))
            if known is None:
                self.forms[(language, form)] = tally
            else:
                known.merge(tally)
        words = [form for form in counts if " " not in form]
        lower = {lowered for lowered in map(str.lower, words) if lowered.islower()}
        if lower:
            found = Counter()
            for piece in _pieces(text):
                found.update(filter(lower.__contains__, WORD.findall(text, *piece)))
            self.written_lower.update({(language, word): n for word, n in found.items()})
        look_alikes = _look_alikes(words)
        if look_alikes:
            for sentence in _sentences(_mentions_of(look_alikes, text, protected), text, look_alikes):
                for a, b in _sharing_a_key(sentence):
                    self.together[(language, a, b)] += 1

    def merge(self, other: "NameCounts") -> "NameCounts":
        """Add ``other``'s counts to these and return them (a reduction step)."""
        forms = self.forms
        for key, tally in other.forms.items():
            mine = forms.get(key)
            if mine is None:  # a copy, as merging into an empty tally would make
                forms[key] = FormTally(tally.count, tally.sentence_starts, tally.leading, tally.files, tally.paths)
            else:
                mine.merge(tally)
        self.written_lower.update(other.written_lower)
        self.together.update(other.together)
        return self

    def to_json(self) -> list:
        """The counts as lists (and tuples, which JSON writes as lists too), sorted."""
        return [
            [[*key, t.count, t.sentence_starts, t.leading, t.files, t.paths]
             for key, t in sorted(self.forms.items(), key=itemgetter(0))],
            [[*key, n] for key, n in sorted(self.written_lower.items())],
            [[*key, n] for key, n in sorted(self.together.items())],
        ]

    @classmethod
    def from_json(cls, data: list) -> "NameCounts":
        """The counts ``to_json`` gave (each path one string, however many forms name it).

        >>> import json
        >>> counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk. The talks went on.", "en")
        >>> NameCounts.from_json(json.loads(json.dumps(counts.to_json()))) == counts
        True
        """
        forms, written_lower, together = data
        one: dict[str, str] = {}
        return cls(
            {(lang, form): FormTally(count, starts, leading, files, tuple(one.setdefault(p, p) for p in paths))
             for lang, form, count, starts, leading, files, paths in forms},
            Counter({tuple(row[:-1]): row[-1] for row in written_lower}),
            Counter({tuple(row[:-1]): row[-1] for row in together}),
        )


def _tallies(mentions: Iterable[NameMention]) -> tuple[Counter, Counter, Counter]:
    """How often each form occurs, starts a sentence, and leads a longer name.

    >>> _tallies(find_names("Kyiv. Sergei Lavrov met Lavrov."))[0]
    Counter({'Lavrov': 2, 'Kyiv': 1, 'Sergei': 1, 'Sergei Lavrov': 1})
    """
    counts, starts, leading = Counter(), Counter(), Counter()
    for mention in mentions:
        form = mention.form
        counts[form] += 1
        if mention.sentence_start:
            starts[form] += 1
        if mention.leads:
            leading[form] += 1
    return counts, starts, leading


def _run_tallies(text: str) -> tuple[Counter, Counter, Counter]:
    """:func:`_tallies` of a text with no protected span, by distinct runs of capitalised words: the text is
    searched in C (a piece at a time), and only each distinct run is read word by word.

    >>> _run_tallies("Kyiv. Sergei Lavrov met Lavrov.") == _tallies(find_names("Kyiv. Sergei Lavrov met Lavrov."))
    True
    """
    runs, starting = Counter(), Counter()  # each distinct run: how often, and how often it may start a sentence
    for piece in _pieces(text, _OUTSIDE_A_RUN):
        runs.update(_capitalised_runs(False).findall(text, *piece))
        starting.update(_capitalised_runs(True).findall(text, *piece))
    counts, starts, leading = Counter(), Counter(), Counter()
    for run, times in runs.items():
        for mention in iter_names(run, []):
            counts[mention.form] += times
            if mention.start == 0 and run in starting:  # the run's first word, and the run itself
                starts[mention.form] += starting[run]
            if mention.leads:
                leading[mention.form] += times
    return counts, starts, leading


_PIECE, _NOT_A_WORD = 1 << 20, re.compile(r"\W")  # characters of a text searched for words at a time; cut there
_OUTSIDE_A_RUN = re.compile(rf"[^\w{re.escape(_JOINING_WORDS)}]")  # no run of capitalised words goes on past it


def _pieces(text: str, cut_at: re.Pattern = _NOT_A_WORD) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of about :data:`_PIECE` characters, each cut where ``cut_at`` matches (between
    words): a long text's words are listed a piece at a time.

    >>> list(_pieces("ab cd")), len(list(_pieces("word " * _PIECE)))
    ([(0, 5)], 5)
    """
    start = 0
    while start < len(text):
        cut = cut_at.search(text, min(start + _PIECE, len(text)))
        end = cut.start() if cut else len(text)
        yield start, end
        start = end


def _look_alikes(forms: list[str]) -> set[str]:
    """The ``forms`` that share a blocking key with another one: all that two names in one sentence may be.

    >>> sorted(_look_alikes(["Gaddafi", "Qaddafi", "Tripoli"]))
    ['Gaddafi', 'Qaddafi']
    """
    keys = Counter(chain.from_iterable(map(name_keys, forms)))
    shared = {key for key, n in keys.items() if n > 1}
    return {form for form in forms if not shared.isdisjoint(name_keys(form))} if shared else set()


def _sharing_a_key(forms: set[str]) -> set[tuple[str, str]]:
    """The pairs of ``forms`` (in order) that share a blocking key: grouped by key, not compared all with all.

    >>> sorted(_sharing_a_key({"Gaddafi", "Qaddafi", "Tripoli"}))
    [('Gaddafi', 'Qaddafi')]
    """
    by_key: dict[str, list[str]] = {}
    for form in sorted(forms):
        for key in name_keys(form):
            by_key.setdefault(key, []).append(form)
    return {pair for group in by_key.values() for pair in combinations(group, 2)}


_MAX_SEARCHED = 64  # forms searched for at once (a longer alternation is slower than reading every name)


def _mentions_of(forms: set[str], text: str, protected: list[tuple[int, int]]) -> Iterator[NameMention]:
    """The mentions of ``forms`` (words of a counted text) in ``text``, in order: those of :func:`iter_names`.

    A form of letters only is a mention wherever it stands as a whole word outside the protected
    spans, so a few such forms are searched for in C; other forms (a name joined by a hyphen),
    or many, are found by reading every name.

    >>> [(m.form, m.start) for m in _mentions_of({"Kovalchuk", "Kovalchyk"}, "Kovalchuk met Kovalchyk, not Kovalchuks.", [])]
    [('Kovalchuk', 0), ('Kovalchyk', 14)]
    """
    if len(forms) > _MAX_SEARCHED or not all(map(str.isalpha, forms)):
        return (mention for mention in iter_names(text, protected) if mention.form in forms)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(forms)))})(?!\w)")
    return (NameMention(match.group(), match.start(), match.end(), False) for match in pattern.finditer(text)
            if not (protected and _inside(match.start(), protected)))


def _sentences(mentions: Iterable[NameMention], text: str, forms: set[str]) -> Iterator[set[str]]:
    """The distinct ``forms`` of each sentence that has two or more of them, one sentence at a time.

    >>> text = "Kovalchuk met Kovalchyk. Kovalchuk left.\\nKovalchyk and Tripoli stayed."
    >>> [sorted(forms) for forms in _sentences(find_names(text), text, {"Kovalchuk", "Kovalchyk"})]
    [['Kovalchuk', 'Kovalchyk']]
    """
    sentence: set[str] = set()
    previous = None
    for mention in mentions:
        if mention.form in forms:
            if previous is not None and _SENTENCE_OR_LINE_END.search(text, previous, mention.start):
                if len(sentence) > 1:
                    yield sentence
                sentence = set()
            sentence.add(mention.form)
            previous = mention.start
    if len(sentence) > 1:
        yield sentence


@dataclass(frozen=True)
class Name:
    """A counted form as discovery weighs it: its language, its tally, what the rules know of it."""

    form: str
    language: str
    tally: FormTally
    entity: str | None = None  # the rules' entity that has this form
    canonical: str | None = None  # that entity's canonical in this language
    context_only: bool = False  # the rules change it only in front of another name (Vladimir)

    @property
    def letters(self) -> int:
        return len(ascii_spelling(self.form).replace(" ", ""))
