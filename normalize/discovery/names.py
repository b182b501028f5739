"""Candidate names: the mergeable per-corpus tallies of the capitalised names of texts.

:func:`~normalize.discovery.finding.iter_names` reads the capitalised names (and runs of
two or three of them) of one text in one scan; :class:`NameCounts` tallies them across a corpus.  It is a
mergeable aggregate (``add_article``, ``merge``) of counts only, never texts or
contexts, so workers can count parts of a corpus and a reduction merges them.
Discovery is two-phase: the tallies say which forms are suggested, and only then
:func:`~normalize.discovery.samples.gather_samples` reads the few files that hold the
first sightings of those forms (each tally names them) for their contexts and locations.
:class:`Name` is a counted form as discovery weighs it, with what the rules know.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, islice, repeat
from typing import Iterable, Iterator

import orjson

from normalize.collector import collector_paused
from normalize.discovery.columns import FormTable, FormTally, count_column
from normalize.discovery.data import discovery_data
from normalize.discovery.finding import (
    SENTENCE_OR_LINE_END, NameMention, inside, iter_names, name_tallies,
)
from normalize.discovery.keys import ascii_spelling, may_share_a_key, name_keys, similarity
from normalize.stages.protect import protected_spans
from normalize.text import WORD, pieces, whole_word_starts

@dataclass
class NameCounts:
    """Corpus-wide counts of candidate names: add articles, merge partial counts.

    forms          (language, form) -> FormTally: a :class:`~normalize.discovery.columns.FormTable` (rows, not objects)
    written_lower  (language, word) -> times the word was written in lower case (a common word), in
                   the articles where it is also capitalised: that keeps the counts small
    together       (language, form, form) -> sentences in which both forms occur and share a key

    ``to_json`` and ``from_json`` give a JSON-able form (for manifests and workers).
    """

    forms: FormTable = field(default_factory=FormTable)
    written_lower: Counter = field(default_factory=Counter)
    together: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if not isinstance(self.forms, FormTable):  # a mapping of (language, form) -> FormTally
            self.forms = FormTable(self.forms)

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
        with collector_paused():  # tallies, keys and groups of the article's forms: no cycle
            words = self._count_forms(path, text, language, protected)
            self._count_written_lower(words, text, language)
            self._count_together(_look_alikes(words), text, language, protected)

    def _count_forms(self, path: str, text: str, language: str, protected: list[tuple[int, int]]) -> list[str]:
        """Add the tallies of the names of ``text``; its forms of one word.  (Each step of :meth:`add_article`
        in its own method: the tallies of an article of distinct names, a Counter of every form, are let go.
        They go to the table as columns, four bytes a form each: a tuple each was about 130 bytes a form.)"""
        counts, starts, leading, in_quotes = name_tallies(text, protected)
        if not counts:
            return []
        quoted = _quoted_counts(text, language)
        forms = list(counts)
        self.forms.add_seen_in(path, language, forms, [
            count_column(counts.values()), _column(starts, forms), _column(leading, forms), array("I", [1]) * len(forms),
            count_column(min(quoted.get(form, 0), count) for form, count in counts.items()), _column(in_quotes, forms)])
        return [form for form in forms if " " not in form]

    def _count_written_lower(self, words: list[str], text: str, language: str) -> None:
        """Count how often ``words`` are written in lower case in ``text``."""
        lower = {lowered for lowered in map(str.lower, words) if lowered.islower()}
        if lower:
            found = _whole_word_counts(lower, text)
            self.written_lower.update({(language, word): n for word, n in found.items() if n})

    def _count_together(self, look_alikes: set[str], text: str, language: str, protected: list[tuple[int, int]]) -> None:
        """Count the sentences of ``text`` in which two of ``look_alikes`` alike enough to be merged occur."""
        if look_alikes:
            for sentence in _sentences(_mentions_of(look_alikes, text, protected), text, look_alikes):
                for a, b in _alike_pairs(sentence):
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
        self.forms.merge(other.forms)
        self.written_lower.update(other.written_lower)
        self.together.update(other.together)
        return self

    def absorb(self, other: "NameCounts") -> "NameCounts":
        """:meth:`merge` ``other``, handed on rather than copied while these are empty: its tables become
        these (a report of one article's counts, or of the first chunk's, copied them whole), so ``other``
        is used up: the reduction's steps drop it.

        >>> first, second = NameCounts(), NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk.", "en")
        >>> first.absorb(second).forms is second.forms
        True
        """
        if self.forms or self.written_lower or self.together:
            return self.merge(other)
        self.forms, self.written_lower, self.together = other.forms, other.written_lower, other.together
        return self

    def to_json(self) -> list:
        """The counts as lists (and tuples, which JSON writes as lists too), sorted."""
        return [list(rows) for rows in self._json_rows()]

    def json_pieces(self, rows_a_piece: int = 4096) -> Iterator[bytes]:
        """The compact UTF-8 JSON of :meth:`to_json` (as ``orjson.dumps`` writes it), ``rows_a_piece`` rows
        at a time: never whole (a million forms, as lists, were about 300 bytes each).

        >>> counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk. Then Kovalchuk left.", "en")
        >>> b"".join(counts.json_pieces(rows_a_piece=2)) == orjson.dumps(counts.to_json())
        True
        """
        yield b"["
        for index, rows in enumerate(self._json_rows()):
            yield b"[" if index == 0 else b",["
            for number, batch in enumerate(iter(lambda: list(islice(rows, rows_a_piece)), [])):
                yield (b"," if number else b"") + orjson.dumps(batch)[1:-1]  # one buffer a piece, not one a row
            yield b"]"
        yield b"]"

    def _json_rows(self) -> tuple[Iterator[list], Iterator[list], Iterator[list]]:
        """The rows of :meth:`to_json`'s three lists, each made when read."""
        return (
            ([language, form, count, starts, leading, files, paths, quoted, in_quotes]
             for language, form, (count, starts, leading, files, quoted, in_quotes), paths in self.forms.rows_in_order()),
            ([*key, n] for key, n in sorted(self.written_lower.items())),
            ([*key, n] for key, n in sorted(self.together.items())),
        )

    @classmethod
    def from_json(cls, data: list) -> "NameCounts":
        """The counts ``to_json`` gave (each path one string, however many forms name it).

        >>> import json
        >>> counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk. The talks went on.", "en")
        >>> NameCounts.from_json(json.loads(json.dumps(counts.to_json()))) == counts
        True
        """
        forms, written_lower, together = data
        table = FormTable()
        for lang, form, count, starts, leading, files, paths, quoted, in_quotes in forms:
            table.add(lang, form, (count, starts, leading, files, quoted, in_quotes), paths)
        return cls(
            table,
            Counter({tuple(row[:-1]): row[-1] for row in written_lower}),
            Counter({tuple(row[:-1]): row[-1] for row in together}),
        )


def _column(counts: Counter, forms: list[str]) -> array:
    """The counts of ``forms`` (0 for those not in ``counts``), as a column of the counts' table.

    >>> list(_column(Counter({"Kyiv": 2}), ["Lviv", "Kyiv"]))
    [0, 2]
    """
    return count_column(map(counts.get, forms, repeat(0)))


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


def _quoted_counts(text: str, language: str) -> Counter:
    """How often each name of ``text`` stands in a line without the letters of ``language``'s own alphabet
    (``own_letters``, for the languages with a ``quote_letters`` length): a quote in the other Cyrillic language.

    >>> _quoted_counts("Президент Росії Володимир Путін і військові повинні відповісти\\n"
    ...                "Но я понимаю, что Путин с Лукашенком не остановятся, пока этих людей", "uk")
    Counter({'Но': 1, 'Путин': 1, 'Лукашенком': 1})
    """
    settings = discovery_data().evidence
    least, letters = settings.quote_letters.get(language), set(settings.own_letters.get(language, ""))
    if not least or not letters:
        return Counter()
    lines = [line for line in text.split("\n")
             if sum(map(str.isalpha, line)) >= least and letters.isdisjoint(line.casefold())]
    quotes = "\n".join(lines)
    return name_tallies(quotes, protected_spans(quotes))[0] if lines else Counter()


def _look_alikes(forms: list[str]) -> set[str]:
    """The ``forms`` that share a blocking key with another one: all that two names in one sentence may be (among
    many forms, with a few whose key only shares its hash with another's: :func:`_alike_pairs` reads the keys).

    >>> sorted(_look_alikes(["Gaddafi", "Qaddafi", "Tripoli"]))
    ['Gaddafi', 'Qaddafi']
    """
    return set(may_share_a_key(forms, name_keys))


def _alike_pairs(forms: set[str]) -> set[tuple[str, str]]:
    """The pairs of ``forms`` (in order) that share a blocking key (grouped by key, not compared all with all) and
    are at least ``cluster_floor`` similar: the only pairs whose sentences discovery asks about, as two clusters
    merge only if every pair of their forms is that similar.  (Forms of ten distinct names a sentence share many
    a key, the ends of the longer ones most: a pair counted for each was about 400 bytes per form.)

    A key that more than ``block_limit`` forms of the sentence share is no evidence, as in clustering
    (:func:`~normalize.discovery.cluster.find_links`): its pairs are not compared.  (A "sentence" of a hundred
    thousand distinct names, a list without a full stop, made pairs in the square of its names: 0.5 MB, 40 s and
    1 GB; the largest such group in a sentence of the bench corpus holds four forms.)

    >>> sorted(_alike_pairs({"Gaddafi", "Qaddafi", "Tripoli", "Kalomiver", "Kalomitan"}))
    [('Gaddafi', 'Qaddafi')]
    """
    settings = discovery_data().similarity
    floor, limit = settings.cluster_floor, settings.block_limit
    by_key: dict[str, list[str]] = {}
    for form in sorted(forms):
        for key in name_keys(form):
            by_key.setdefault(key, []).append(form)
    pairs = {pair for group in by_key.values() if len(group) <= limit for pair in combinations(group, 2)}
    return {pair for pair in pairs if similarity(*pair) >= floor}


_MAX_SEARCHED = 64  # forms searched for at once (a longer alternation is slower than reading every name)
_MAX_COUNTED = 32  # words counted by searching for each one (for more, reading every word is faster)
_CHARACTERS_PER_FIND = 20  # words searched for one at a time only if found at most once in this many characters


def _mentions_of(forms: set[str], text: str, protected: list[tuple[int, int]]) -> Iterator[NameMention]:
    """The mentions of ``forms`` (words of a counted text) in ``text``, in order: those of :func:`iter_names`.

    A form of letters only is a mention wherever it stands as a whole word outside the protected
    spans, so a few such forms are searched for in C, one at a time if they are rare (:func:`_rare`);
    other forms (a name joined by a hyphen), or many, are found by reading every name.

    >>> [(m.form, m.start) for m in _mentions_of({"Kovalchuk", "Kovalchyk"}, "Kovalchuk met Kovalchyk, not Kovalchuks.", [])]
    [('Kovalchuk', 0), ('Kovalchyk', 14)]
    """
    if len(forms) > _MAX_SEARCHED or not all(map(str.isalpha, forms)):
        return (mention for mention in iter_names(text, protected) if mention.form in forms)
    if _rare(forms, text):
        found = heapq.merge(*(zip(whole_word_starts(text, form), repeat(form)) for form in sorted(forms)))
        return (NameMention(form, start, start + len(form), False) for start, form in found
                if not (protected and inside(start, protected)))
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(forms)))})(?!\w)")
    return (NameMention(match.group(), match.start(), match.end(), False) for match in pattern.finditer(text)
            if not (protected and inside(match.start(), protected)))


def _rare(words: Iterable[str], text: str) -> bool:
    """Are ``words`` written (as words or inside others) at most once in :data:`_CHARACTERS_PER_FIND` characters of
    ``text``?  Then each place :func:`~normalize.text.whole_word_starts` looks at costs less than reading every word.

    >>> _rare({"kiev"}, "In Kiev, kievan talks."), _rare({"kiev"}, "kievkievkiev")
    (True, False)
    """
    return sum(map(text.count, words)) * _CHARACTERS_PER_FIND <= len(text)


def _whole_word_counts(words: set[str], text: str) -> Counter:
    """How often each of ``words`` is a whole word of ``text`` (a run of ``\\w+``): a few rare words are searched
    for one at a time in C (:func:`~normalize.text.whole_word_starts`); else every word is read once.

    >>> sorted(_whole_word_counts({"kiev", "talks", "jean-marie"}, "kiev, Kiev and kievan talks: kiev jean-marie").items())
    [('kiev', 2), ('talks', 1)]
    """
    if len(words) > _MAX_COUNTED or not _rare(words, text):
        found = Counter()
        for piece in pieces(text):
            found.update(filter(words.__contains__, WORD.findall(text, *piece)))
        return found
    return Counter({word: sum(1 for _ in whole_word_starts(text, word)) for word in words if WORD.fullmatch(word)})


def _sentences(mentions: Iterable[NameMention], text: str, forms: set[str]) -> Iterator[set[str]]:
    """The distinct ``forms`` of each sentence that has two or more of them, one sentence at a time.

    >>> text = "Kovalchuk met Kovalchyk. Kovalchuk left.\\nKovalchyk and Tripoli stayed."
    >>> [sorted(forms) for forms in _sentences(iter_names(text), text, {"Kovalchuk", "Kovalchyk"})]
    [['Kovalchuk', 'Kovalchyk']]
    """
    sentence: set[str] = set()
    previous = None
    for mention in mentions:
        if mention.form in forms:
            if previous is not None and SENTENCE_OR_LINE_END.search(text, previous, mention.start):
                if len(sentence) > 1:
                    yield sentence
                sentence = set()
            sentence.add(mention.form)
            previous = mention.start
    if len(sentence) > 1:
        yield sentence


@dataclass(frozen=True, slots=True)
class Name:
    """A counted form as discovery weighs it: its language, its tally, what the rules know of it (a row, no dict: one per candidate)."""

    form: str
    language: str
    tally: FormTally
    entity: str | None = None  # the rules' entity that has this form
    canonical: str | None = None  # that entity's canonical in this language
    context_only: bool = False  # the rules change it only in front of another name (Vladimir)

    @property
    def letters(self) -> int:
        return letters(self.form)


def letters(form: str) -> int:
    """The letters of ``form`` written in ASCII, its spaces left out.

    >>> letters("Paweł"), letters("Jean Marie")
    (5, 9)
    """
    return len(ascii_spelling(form).replace(" ", ""))
