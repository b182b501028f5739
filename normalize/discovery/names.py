"""Candidate names: the capitalised names of a text, and their mergeable per-corpus tallies.

:func:`find_names` lists the capitalised names (and runs of two or three of them)
in one text; :class:`NameCounts` counts them across a corpus.  It is a mergeable
aggregate (``add_article``, ``merge``) that keeps counts and a few samples, never
whole texts, so workers can count parts of a corpus and a reduction merges them.
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
from typing import Iterable, NamedTuple

from normalize.changes import LineIndex
from normalize.discovery.data import discovery_data
from normalize.discovery.keys import ascii_spelling, name_keys
from normalize.stages.protect import protected_spans
from normalize.text import WORD, excerpt

MAX_SAMPLES = 3  # samples (contexts and locations) kept per form
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
    protected = protected_spans(text) if protected is None else protected
    mentions: list[NameMention] = []
    first, previous_end = 0, -2  # the name being read: the index of its first word, the end of its last
    for match in _capitalised_word().finditer(text):
        word, start = match.group(), match.start()
        if not word.isalpha() or word.isupper() or (protected and _inside(start, protected)):
            continue
        if start == previous_end + 1 and text[previous_end] in _JOINING_WORDS:
            mentions[-1].leads = True
        else:
            _add_run(mentions, first, text)
            first = len(mentions)
        previous_end = start + len(word)
        mentions.append(NameMention(word, start, previous_end, match.lastindex is not None))
    _add_run(mentions, first, text)
    return mentions


def _add_run(mentions: list[NameMention], first: int, text: str) -> None:
    """The words from ``mentions[first]`` on, if two or three, are one name too: insert it after its first word."""
    if 1 < len(mentions) - first <= MAX_WORDS:
        head, tail = mentions[first], mentions[-1]
        mentions.insert(first + 1, NameMention(text[head.start:tail.end], head.start, tail.end, head.sentence_start))


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
    capitals = "".join(re.escape(char) for char in map(chr, range(0x10000)) if char.isupper())
    before = "".join(map(re.escape, _SENTENCE_PUNCTUATION))
    starts = "|".join(rf"(?<=[{before}]{space}.)" for space in ("", r"\s", r"\s\s"))
    return re.compile(rf"[{capitals}](?<=\b.)((?<=^.)|{starts})?\w+")


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``offset`` inside one of the sorted, non-overlapping ``spans``? (A search, not a scan:
    a text with many protected spans and many words would otherwise take quadratic time.)

    >>> _inside(5, [(0, 2), (4, 6)]), _inside(3, [(0, 2), (4, 6)])
    (True, False)
    """
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


class Sample(NamedTuple):
    """One place where a form was seen, small enough to keep hundreds of thousands of.

    ``around``, ``before`` and ``more_after`` are the :func:`normalize.text.excerpt` of the
    form: the line around it, where the form begins in that, and whether the text goes on.
    """

    path: str
    offset: int
    line: int
    column: int
    around: str
    before: int
    more_after: bool


@dataclass
class FormTally:
    """How often one form was seen, in how many files, and a few places where.

    The samples kept are the first ones in (path, offset) order, so that merging
    tallies in any order gives the same result.
    """

    count: int = 0
    sentence_starts: int = 0
    leading: int = 0  # times it was the first word of a longer name
    files: int = 0
    samples: list[Sample] = field(default_factory=list)

    def merge(self, other: "FormTally") -> None:
        self.count += other.count
        self.sentence_starts += other.sentence_starts
        self.leading += other.leading
        self.files += other.files
        self.samples = sorted(self.samples + other.samples)[:MAX_SAMPLES]


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
        ``protected``: its spans that no stage may touch, if the pipeline found them already)."""
        language = language or "und"
        mentions = find_names(text, protected)
        if not mentions:
            return
        counts = Counter([m.form for m in mentions])
        starts = Counter([m.form for m in mentions if m.sentence_start])
        leading = Counter([m.form for m in mentions if m.leads])
        samples = _first_samples(path, text, mentions, counts)
        for form, count in counts.items():
            tally = FormTally(count, starts[form], leading[form], 1, samples[form])
            known = self.forms.get((language, form))
            if known is None:
                self.forms[(language, form)] = tally
            else:
                known.merge(tally)
        words = [form for form in counts if " " not in form]
        lower = {lowered for lowered in map(str.lower, words) if lowered.islower()}
        if lower:
            found = Counter(filter(lower.__contains__, WORD.findall(text)))
            self.written_lower.update({(language, word): n for word, n in found.items()})
        for sentence in _sentences(mentions, text, _look_alikes(words)):
            for a, b in _sharing_a_key(sentence):
                self.together[(language, a, b)] += 1

    def is_name(self, language: str, word: str) -> bool:
        """Is ``word`` capitalised inside sentences and hardly ever written in lower case (a name, not a word)?

        >>> counts = NameCounts.of_article("a.txt", "In Kyiv the Minister met the minister.", "en")
        >>> counts.is_name("en", "Kyiv"), counts.is_name("en", "Minister"), counts.is_name("en", "Lviv")
        (True, False, False)
        """
        tally = self.forms.get((language, word))
        if tally is None:
            return False
        within = tally.count - tally.sentence_starts
        return within > 0 and mostly_capitalised(within, self.written_lower.get((language, word.lower()), 0))

    def merge(self, other: "NameCounts") -> "NameCounts":
        """Add ``other``'s counts to these and return them (a reduction step)."""
        forms = self.forms
        for key, tally in other.forms.items():
            mine = forms.get(key)
            if mine is None:  # a copy, as merging into an empty tally would make
                forms[key] = FormTally(tally.count, tally.sentence_starts, tally.leading, tally.files,
                                       sorted(tally.samples)[:MAX_SAMPLES])
            else:
                mine.merge(tally)
        self.written_lower.update(other.written_lower)
        self.together.update(other.together)
        return self

    def to_json(self) -> list:
        """The counts as lists (and tuples, which JSON writes as lists too), sorted."""
        return [
            [[*key, t.count, t.sentence_starts, t.leading, t.files, list(map(tuple, t.samples))]
             for key, t in sorted(self.forms.items(), key=itemgetter(0))],
            [[*key, n] for key, n in sorted(self.written_lower.items())],
            [[*key, n] for key, n in sorted(self.together.items())],
        ]

    @classmethod
    def from_json(cls, data: list) -> "NameCounts":
        """The counts ``to_json`` gave.

        >>> import json
        >>> counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk. The talks went on.", "en")
        >>> NameCounts.from_json(json.loads(json.dumps(counts.to_json()))) == counts
        True
        """
        forms, written_lower, together = data
        return cls(
            {(lang, form): FormTally(count, starts, leading, files, [Sample(*sample) for sample in samples])
             for lang, form, count, starts, leading, files, samples in forms},
            Counter({tuple(row[:-1]): row[-1] for row in written_lower}),
            Counter({tuple(row[:-1]): row[-1] for row in together}),
        )


def mostly_capitalised(capitalised: int, lower: int) -> bool:
    """Is a word written in lower case at most ``lower_share`` as often, as far as its counts can tell?

    The share is judged by the lower bound of its Wilson interval (``lower_z``), so a
    few odd lowercase uses do not disqualify a frequent name, and a common word used
    often in lower case stays a word.

    >>> mostly_capitalised(33, 1), mostly_capitalised(1520, 91), mostly_capitalised(271, 0)
    (True, False, True)
    """
    settings = discovery_data().candidates
    total, z = capitalised + lower, settings.lower_z
    share = lower / total
    centre, spread = share + z * z / (2 * total), z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total) <= settings.lower_share


def _first_samples(path: str, text: str, mentions: list[NameMention], forms: Iterable[str]) -> dict[str, list[Sample]]:
    """The first MAX_SAMPLES samples of each of ``forms`` in ``mentions``.

    The location (``path:line:column``) and the marked context are written out only
    for the report: a corpus keeps hundreds of thousands of samples, and what grows
    with it is their number (up to MAX_SAMPLES a form), so each is kept small.
    """
    index = LineIndex(text)
    samples: dict[str, list[Sample]] = {form: [] for form in forms}
    for mention in mentions:
        kept = samples[mention.form]
        if len(kept) < MAX_SAMPLES:
            line, column = index.position(mention.start)
            kept.append(Sample(path, mention.start, line, column, *excerpt(text, mention.start, mention.end)))
    return samples


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


def _sentences(mentions: list[NameMention], text: str, forms: set[str]) -> list[set[str]]:
    """The distinct ``forms`` of each sentence that has two or more of them.

    >>> text = "Kovalchuk met Kovalchyk. Kovalchuk left.\\nKovalchyk and Tripoli stayed."
    >>> [sorted(forms) for forms in _sentences(find_names(text), text, {"Kovalchuk", "Kovalchyk"})]
    [['Kovalchuk', 'Kovalchyk']]
    """
    sentences: list[set[str]] = [set()]
    previous = None
    for mention in mentions:
        if mention.form in forms:
            if previous is not None and _SENTENCE_OR_LINE_END.search(text, previous, mention.start):
                sentences.append(set())
            sentences[-1].add(mention.form)
            previous = mention.start
    return [sentence for sentence in sentences if len(sentence) > 1]


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
