"""Variant discovery: find spellings of one name that no rule knows yet, and suggest them.

Three steps, each usable alone:

1. :func:`find_names` lists the capitalised names (and runs of two or three of them)
   in one text; :class:`NameCounts` counts them across a corpus.  It is a mergeable
   aggregate (``add_article``, ``merge``) that keeps counts and a few contexts, never
   whole texts, so workers can count parts of a corpus and a reduction merges them.
2. :func:`name_keys` folds what transliteration varies into blocking keys; forms
   that share a key are compared with rapidfuzz, so the cost grows with the number
   of distinct names, not with its square.
3. :func:`suggest` links similar forms unless evidence says they are different names
   (CLDR country and language names, gendered Slavic surnames, inflections, prefixes,
   two forms in one sentence, the rules, earlier rejections) and returns suggestions.

>>> counts = NameCounts()
>>> counts.add_article("a.txt", "Libya under Muammar Gaddafi. Gaddafi ruled long.", "en")
>>> counts.add_article("b.txt", "The rule of Qaddafi ended in Libya, and Qaddafi died.", "en")
>>> [(s["canonical"], [v["form"] for v in s["variants"]]) for s in suggest(counts)]
[('Gaddafi', ['Gaddafi', 'Qaddafi'])]
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
import math
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources
from itertools import chain, combinations
from operator import itemgetter

from rapidfuzz import fuzz
from transliterate import get_translit_function
from unidecode import unidecode

from normalize.changes import LineIndex
from normalize.parallel import forked_map
from normalize.rules.load import parse_rules
from normalize.rules.model import Rules
from normalize.stages.protect import protected_spans
from normalize.text import WORD, contexts_of, excerpt, phrase_key, script_of, shown_excerpt

MAX_SAMPLES = 3  # contexts and locations kept per form
MAX_WORDS = 3  # longer runs of capitalised words are headlines or titles, not one name
_SENTENCE_PUNCTUATION = '.!?:;"“”«»\n'  # a capital after one of these (and spaces) may just start a sentence
_JOINING_WORDS = " -\u00a0\u2011"  # one of these between two capitalised words makes them one name
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_UKRAINIAN_LETTER = re.compile("[іїєґІЇЄҐ]")
_NOT_LATIN = re.compile("[^a-z]+")
_WORD_SEPARATOR = re.compile(r"[\s\-]+")
_REPEATED = re.compile(r"(.)\1+")
_FIRST_GROUP = itemgetter(1)  # a match's first group, without the cost of a template like r"\1"


@lru_cache(maxsize=1)
def discovery_data() -> dict:
    """The tables of ``normalize/discovery.toml``: folding, thresholds, evidence."""
    return tomllib.loads(resources.files("normalize").joinpath("discovery.toml").read_text(encoding="utf-8"))


# -- 1. candidates ---------------------------------------------------------------------------


@dataclass(slots=True)
class NameMention:
    """A capitalised name (one to three words) at ``[start, end)`` of a text."""

    form: str
    start: int
    end: int
    sentence_start: bool  # capitalised because it starts a sentence, perhaps
    leads: bool = False  # a word followed by another word of the same name (a given name, often)


def find_names(text: str, protected: list[tuple[int, int]] | None = None) -> list[NameMention]:
    """Capitalised words and runs of two or three, outside ``protected`` spans.

    ALL-CAPS words (acronyms, shouting headlines) and one-letter words are left out;
    a possessive ``’s`` is not part of the name.

    >>> [m.form for m in find_names("Moammar Gadhafi’s son met NATO envoys in Tripoli.")]
    ['Moammar', 'Moammar Gadhafi', 'Gadhafi', 'Tripoli']
    """
    protected = protected_spans(text) if protected is None else sorted(protected)
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
    it makes the search several times slower.  The capital comes first and the word
    boundary is a look-behind, so that the search can skip to the next capital.

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


@dataclass
class FormTally:
    """How often one form was seen, in how many files, and a few places where.

    Contexts and locations keep the first ones in (path, offset) order, so that
    merging tallies in any order gives the same result.
    """

    count: int = 0
    sentence_starts: int = 0
    leading: int = 0  # times it was the first word of a longer name
    files: int = 0
    # path, offset, line, column, and the excerpt around the form (text.excerpt: its text, where the form begins, more after)
    samples: list[tuple[str, int, int, int, str, int, bool]] = field(default_factory=list)

    def merge(self, other: "FormTally") -> None:
        self.count += other.count
        self.sentence_starts += other.sentence_starts
        self.leading += other.leading
        self.files += other.files
        self.samples = sorted(self.samples + other.samples)[:MAX_SAMPLES]


@dataclass
class NameCounts:
    """Corpus-wide counts of candidate names: add articles, merge partial counts.

    forms     (language, form) -> FormTally
    lower     (language, word) -> times the word was written in lower case (a common word), in
              the articles where it is also capitalised: that keeps the counts small
    together  (language, form, form) -> sentences in which both forms occur and share a key

    ``to_json`` and ``from_json`` give a JSON-able form (for manifests and workers).
    """

    forms: dict[tuple[str, str], FormTally] = field(default_factory=dict)
    lower: Counter = field(default_factory=Counter)
    together: Counter = field(default_factory=Counter)

    @classmethod
    def of_article(cls, path: str, text: str, language: str | None) -> "NameCounts":
        counts = cls()
        counts.add_article(path, text, language)
        return counts

    def add_article(self, path: str, text: str, language: str | None) -> None:
        """Count the names of one article (``path`` relative, ``text`` as decoded and repaired)."""
        language = language or "und"
        mentions = find_names(text)
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
            self.lower.update({(language, word): n for word, n in found.items()})
        for sentence in _sentences(mentions, text, _look_alikes(words)):
            for a, b in _sharing_a_key(sentence):
                self.together[(language, a, b)] += 1

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
        self.lower.update(other.lower)
        self.together.update(other.together)
        return self

    def to_json(self) -> list:
        """The counts as lists (and tuples, which JSON writes as lists too), sorted."""
        return [
            [[*key, t.count, t.sentence_starts, t.leading, t.files, t.samples]
             for key, t in sorted(self.forms.items(), key=itemgetter(0))],
            [[*key, n] for key, n in sorted(self.lower.items())],
            [[*key, n] for key, n in sorted(self.together.items())],
        ]

    @classmethod
    def from_json(cls, data: list) -> "NameCounts":
        """The counts ``to_json`` gave.

        >>> counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk. The talks went on.", "en")
        >>> NameCounts.from_json(json.loads(json.dumps(counts.to_json()))) == counts
        True
        """
        forms, lower, together = data
        return cls(
            {(lang, form): FormTally(count, starts, leading, files, [tuple(x) for x in samples])
             for lang, form, count, starts, leading, files, samples in forms},
            Counter({tuple(row[:-1]): row[-1] for row in lower}),
            Counter({tuple(row[:-1]): row[-1] for row in together}),
        )


def _first_samples(path: str, text: str, mentions: list[NameMention], forms: Iterable[str]) -> dict[str, list[tuple]]:
    """The first MAX_SAMPLES samples (see :class:`FormTally`) of each of ``forms`` in ``mentions``.

    The location (``path:line:column``) and the marked context are written out only
    for the report: a corpus keeps hundreds of thousands of samples, and what grows
    with it is their number (up to MAX_SAMPLES a form), so each is kept small.
    """
    index = LineIndex(text)
    samples: dict[str, list[tuple]] = {form: [] for form in forms}
    for mention in mentions:
        kept = samples[mention.form]
        if len(kept) < MAX_SAMPLES:
            line, column = index.position(mention.start)
            kept.append((path, mention.start, line, column, *excerpt(text, mention.start, mention.end)))
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
            if previous is not None and _SENTENCE_END.search(text, previous, mention.start):
                sentences.append(set())
            sentences[-1].add(mention.form)
            previous = mention.start
    return [sentence for sentence in sentences if len(sentence) > 1]


# -- 2. keys ---------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def plain(form: str) -> str:
    """The lower-case, unaccented Latin spelling of ``form``; Cyrillic is transliterated.

    >>> plain("Erdoğan"), plain("Зеленський"), plain("Навальный")
    ('erdogan', 'zelenskij', 'navalnyj')
    """
    if script_of(form) == "Cyrl":
        form = _to_latin("uk" if _UKRAINIAN_LETTER.search(form) else "ru")(form, reversed=True)
    latin = unidecode(form).lower()
    return " ".join(_NOT_LATIN.sub("", word) for word in _WORD_SEPARATOR.split(latin) if word)


@lru_cache(maxsize=None)
def _to_latin(language: str):
    """transliterate's function from ``language``'s Cyrillic, made once (``translit`` builds its tables anew on every call)."""
    return get_translit_function(language)


@lru_cache(maxsize=200_000)
def fold(form: str) -> str:
    """Fold what transliteration varies: the key that spellings of one name share.

    >>> [fold(f) for f in ("Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi")]
    ['kadafi', 'kadafi', 'kadafi', 'kadafi']
    >>> fold("Navalnyy"), fold("Navalnyi"), fold("Навальный")
    ('navalni', 'navalni', 'navalni')
    """
    text = plain(form)
    for before, after in discovery_data()["fold"]["replace"]:
        text = text.replace(before, after)
    return _REPEATED.sub(_FIRST_GROUP, text)


@lru_cache(maxsize=200_000)
def name_keys(form: str) -> tuple[str, ...]:
    """The blocking keys of a form: its folded form, its stem, its consonant skeleton.

    >>> name_keys("Zelensky"), name_keys("Zelenska")
    (('f:zelenski', 'p:zelensk', 'c:zlnsk'), ('f:zelenska', 'p:zelensk', 'c:zlnsk'))
    """
    folded = fold(form)
    vowels = discovery_data()["fold"]["vowels"]
    skeleton = _REPEATED.sub(_FIRST_GROUP, folded.translate(_deleting(vowels)))
    keys = [f"f:{folded}"]
    if len(folded) >= 5:
        keys.append(f"p:{folded[:-1]}" if folded[-1] in vowels else f"p:{folded}")
    if len(skeleton.replace(" ", "")) >= 3:
        keys.append(f"c:{skeleton}")
    return tuple(dict.fromkeys(keys))


@lru_cache(maxsize=8)
def _deleting(letters: str) -> dict[int, None]:
    return dict.fromkeys(map(ord, letters))


# -- 3. linking, evidence, suggestions ---------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A candidate at discovery time: a form in a language, its tally, what the rules know."""

    form: str
    language: str
    tally: FormTally
    entity: str | None = None  # the rules' entity that has this form
    canonical: str | None = None  # that entity's canonical in this language
    context_only: bool = False  # the rules change it only in front of another name (Vladimir)

    @property
    def letters(self) -> int:
        return len(plain(self.form).replace(" ", ""))


@dataclass(frozen=True)
class Link:
    a: Name
    b: Name
    key: str
    similarity: float


def similarity(a: str, b: str) -> float:
    """The mean of rapidfuzz's ratio on the folded and on the unaccented forms, 0..1.

    >>> similarity("Gaddafi", "Qaddafi"), similarity("Zelensky", "Zelenska")
    (0.929, 0.875)
    """
    return round((fuzz.ratio(fold(a), fold(b)) + fuzz.ratio(plain(a), plain(b))) / 200, 3)


def links_between(a: Name, b: Name, key: str) -> Link | None:
    """Link two forms of a block if they are similar enough for their length."""
    settings = discovery_data()["similarity"]
    shortest = min(a.letters, b.letters)
    if shortest < settings["min_length"]:
        return None
    score = similarity(a.form, b.form)
    if fold(a.form) == fold(b.form):
        short = shortest < settings["short_length"]
        if short and min(a.tally.files, b.tally.files) < settings["short_min_files"]:
            return None
        return Link(a, b, key, score)
    if shortest < settings["fuzzy_min_length"] or " " in a.form or "-" in a.form:
        return None  # names of several words link only when they fold alike
    needed = next((t for length, t in settings["thresholds"] if shortest >= length), 1.01)
    return Link(a, b, key, score) if score >= needed else None


def evidence_against(a: Name, b: Name, counts: NameCounts, rules: Rules) -> str | None:
    """Why ``a`` and ``b`` are different names however alike they look, or None.

    >>> rules = parse_rules([])
    >>> def name(form): return Name(form, "en", FormTally(1, 0, 1))
    >>> evidence_against(name("Austria"), name("Australia"), NameCounts(), rules)
    'CLDR: Austria (territory AT) and Australia (territory AU) are different names'
    >>> evidence_against(name("Zelensky"), name("Zelenska"), NameCounts(), rules)
    'gendered forms of one name: Zelensky and Zelenska'
    >>> evidence_against(name("Gaddafi"), name("Qaddafi"), NameCounts(), rules) is None
    True
    """
    for check in (_rules_evidence, _cldr_evidence, _gendered_evidence, _ending_evidence, _affix_evidence,
                  _different_endings_evidence):
        reason = check(a, b, rules)
        if reason:
            return reason
    pair = (a.language, *sorted((a.form, b.form)))
    if counts.together[pair] >= discovery_data()["evidence"]["same_sentence"]:
        return f"{a.form} and {b.form} occur in one sentence as two names ({counts.together[pair]}×)"
    return None


def _rules_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    if a.entity and b.entity and a.entity != b.entity:
        return f"the rules know {a.form} ({a.entity}) and {b.form} ({b.entity}) as different entities"
    for rejected in rules.rejected:
        if rejected.language in (None, a.language) and {a.form.casefold(), b.form.casefold()} <= rejected.keys:
            return f"rejected at {rejected.source}:{rejected.line}"
    return None


def _cldr_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    (code_a, exact_a), (code_b, exact_b) = _cldr_code(a.form, a.language), _cldr_code(b.form, b.language)
    if code_a and code_b and code_a != code_b:
        return f"CLDR: {a.form} ({code_a}) and {b.form} ({code_b}) are different names"
    if code_a and code_a == code_b and exact_a != exact_b:
        return f"CLDR: one of {a.form} and {b.form} is the name of {code_a}, the other a word made from it"
    return None


def _cldr_code(form: str, language: str) -> tuple[str | None, bool]:
    """The CLDR code of a country or language name, and whether ``form`` is that name exactly.

    A name with a short ending, or with its last letter changed, is made from it
    (Austrian, Argentinean): it has the code, inexactly.

    >>> _cldr_code("Austria", "en"), _cldr_code("Argentinean", "en"), _cldr_code("Gaddafi", "en")
    (('territory AT', True), ('territory AR', False), (None, False))
    """
    names = _cldr_names(language)
    key = form.casefold()
    if key in names:
        return names[key], True
    for cut in (1, 2, 3):
        stem = key[:-cut]
        if len(stem) >= 4 and (stem in names or (stem, "last") in names):
            return names.get(stem) or names[(stem, "last")], False
    return None, False


@lru_cache(maxsize=64)
def _cldr_names(language: str) -> dict:
    """Country and language names in English and in ``language``, from Babel's CLDR data."""
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    for code in dict.fromkeys(("en", language)):
        try:
            locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        for kind, table in (("territory", locale.territories), ("language", locale.languages)):
            for key, name in table.items():
                if key.isalpha():  # numeric codes are regions such as "Europe"
                    names.setdefault(name.casefold(), f"{kind} {key}")
                    names.setdefault((name.casefold()[:-1], "last"), f"{kind} {key}")
    return names


def _gendered_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    fa, fb = fold(a.form), fold(b.form)
    for masculine, feminine in discovery_data()["evidence"]["gendered"]:
        for he, she in ((fa, fb), (fb, fa)):
            stem = he[:len(he) - len(masculine)] if he.endswith(masculine) else None
            if stem and len(stem) >= 3 and she == stem + feminine:
                return f"gendered forms of one name: {a.form} and {b.form}"
    return None


def _ending_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    endings = discovery_data()["evidence"]["endings"].get(a.language, [])

    def stems(word: str) -> set[str]:
        return {word} | {word[:-len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 3}

    if stems(a.form.casefold()) & stems(b.form.casefold()):
        return f"{a.form} and {b.form} are inflected or derived forms of one word, not spellings"
    return None


def _affix_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    short, long = sorted((plain(a.form), plain(b.form)), key=len)
    if short != long and (long.startswith(short) or long.endswith(short)) and fold(a.form) != fold(b.form):
        return f"one name is the other with letters added: {a.form} / {b.form}"
    return None


def _different_endings_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    settings = discovery_data()["evidence"]
    pa, pb = plain(a.form), plain(b.form)
    stem = len(os.path.commonprefix([pa, pb]))
    ra, rb = pa[stem:], pb[stem:]
    if fold(a.form) == fold(b.form) or stem < settings["stem_length"]:
        return None
    if fold(ra) != fold(rb) and len(ra) + len(rb) >= settings["different_endings"]:
        return f"different endings after {pa[:stem]!r}: {a.form} / {b.form}"
    return None


def suggest(counts: NameCounts, rules: Rules | None = None, jobs: int = 1) -> list[dict]:
    """Clusters of forms that look like spellings of one name and that no rule covers yet.

    Sorted by the number of occurrences, largest first; see the report contract in
    the README for the fields.  The forms of each language are clustered on their
    own, so with ``jobs`` above 1 the languages are shared among that many processes.
    """
    rules = rules if rules is not None else parse_rules([])
    found = forked_map(partial(_suggestions_in, counts, rules), _language_groups(counts, jobs))
    return sorted(chain.from_iterable(found), key=lambda s: (-s["count"], s["id"]))


def _suggestions_in(counts: NameCounts, rules: Rules, languages: tuple[str, ...]) -> list[dict]:
    """The suggestions among the forms of ``languages``, unsorted."""
    with _collector_paused():
        clusters = _cluster(_links(_candidates(counts, rules, languages)), counts, rules)
        suggestions = [_suggestion(cluster, cluster_links, rules) for cluster, cluster_links in clusters]
    suggestions = [s for s in suggestions if s is not None]
    implied = _single_word_canonicals(suggestions)
    return [s for s in suggestions if not _implied(s, implied, rules)]


def _language_groups(counts: NameCounts, jobs: int) -> list[tuple[str, ...]]:
    """The languages of ``counts`` in at most ``jobs`` groups with about as many forms each.

    >>> forms = {key: FormTally() for key in [("en", "A"), ("en", "B"), ("en", "C"), ("de", "D"), ("pl", "E")]}
    >>> _language_groups(NameCounts(forms), 2), _language_groups(NameCounts(forms), 1)
    ([('en',), ('de', 'pl')], [('de', 'en', 'pl')])
    """
    sizes = Counter(language for language, _ in counts.forms)
    groups: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(sizes))))]
    totals = [0] * len(groups)
    for language, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        smallest = totals.index(min(totals))
        groups[smallest].append(language)
        totals[smallest] += size
    return [tuple(sorted(group)) for group in groups]


@contextmanager
def _collector_paused():
    """No cyclic garbage collection inside: for steps that make many objects and no cycles.

    The counts of a corpus are hundreds of thousands of objects, and every full
    collection that the new objects set off would scan them all (it doubled the time
    of ``suggest``); reference counting still frees what the step drops.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _candidates(counts: NameCounts, rules: Rules, languages: tuple[str, ...]) -> list[Name]:
    """The forms of ``languages`` that look like names: capitalised inside sentences, hardly ever in lower case."""
    share = discovery_data()["candidates"]["lower_share"]
    forms, lower = counts.forms, counts.lower

    def is_name(language: str, word: str) -> bool:
        tally = forms.get((language, word))
        if tally is None:
            return False
        within = tally.count - tally.sentence_starts
        return within > 0 and lower.get((language, word.lower()), 0) <= share * within

    names = []
    for language, form in sorted(key for key in forms if key[0] in languages):
        words = form.replace("-", " ").split()
        if not (is_name(language, form) if len(words) == 1 else all(is_name(language, word) for word in words)):
            continue
        key = phrase_key(form)
        entity = rules.entity_of(form)
        lexicon = rules.lexicon(language)
        known = lexicon.forms.get(key) if lexicon else None
        context_only = bool(known and known.before_entity) or any(
            key == phrase_key(v) for e in [rules.entities.get(entity)] if e for v in e.context_variants
        )
        names.append(Name(form, language, forms[(language, form)], entity, known.canonical if known else None, context_only))
    return names


def _links(names: list[Name]) -> list[Link]:
    limit = discovery_data()["similarity"]["block_limit"]
    blocks: dict[tuple[str, str, str], list[Name]] = {}
    for name in names:
        script = script_of(name.form)
        for key in name_keys(name.form):
            blocks.setdefault((name.language, script, key), []).append(name)
    found: dict[tuple[str, str, str], Link] = {}
    strength = {"f": 0, "p": 1, "c": 2}  # a pair is explained by its strongest shared key
    compared = [(strength[where[2][0]], where, block) for where, block in blocks.items() if 1 < len(block) <= limit]
    for _, (language, _, key), block in sorted(compared, key=lambda item: item[:2]):
        for a, b in combinations(block, 2):
            pair = (language, a.form, b.form)
            if pair not in found and (a.entity is None or b.entity is None or a.entity != b.entity):
                link = links_between(a, b, key)
                if link:
                    found[pair] = link
    return sorted(found.values(), key=lambda l: (-l.similarity, l.a.language, l.a.form, l.b.form))


def _cluster(links: list[Link], counts: NameCounts, rules: Rules) -> list[tuple[list[Name], list[Link]]]:
    """Merge linked forms, strongest link first, never across evidence against merging."""
    floor = discovery_data()["similarity"]["cluster_floor"]
    cluster_of: dict[tuple[str, str], int] = {}
    members: dict[int, list[Name]] = {}
    kept: dict[int, list[Link]] = {}
    for link in links:
        ids = []
        for name in (link.a, link.b):
            key = (name.language, name.form)
            if key not in cluster_of:
                cluster_of[key] = len(cluster_of)
                members[cluster_of[key]], kept[cluster_of[key]] = [name], []
            ids.append(cluster_of[key])
        first, second = ids
        if first == second:
            kept[first].append(link)
            continue
        pairs = [(x, y) for x in members[first] for y in members[second]]
        if any(similarity(x.form, y.form) < floor for x, y in pairs):
            continue
        if any(evidence_against(x, y, counts, rules) for x, y in pairs):
            continue
        for name in members[second]:
            cluster_of[(name.language, name.form)] = first
        members[first] += members.pop(second)
        kept[first] += kept.pop(second) + [link]
    return [(members[i], kept[i]) for i in sorted(members) if len(members[i]) > 1]


def _suggestion(cluster: list[Name], links: list[Link], rules: Rules) -> dict | None:
    from normalize.review import entity_toml, new_entity_id

    entities = {n.entity for n in cluster if n.entity}
    unknown = [n for n in cluster if n.entity is None]
    if not unknown or len(entities) > 1 or any(n.context_only for n in cluster):
        return None  # nothing new, two entities, or a name the rules change only in context
    language = cluster[0].language
    ranked = sorted(cluster, key=lambda n: (-n.tally.count, n.form))
    ruled = next((n.canonical for n in ranked if n.canonical), None)
    canonical = ruled or ranked[0].form
    forms = sorted({n.form.casefold() for n in cluster})
    digest = hashlib.sha1("\x1f".join([language, *forms]).encode("utf-8")).hexdigest()[:10]
    entity = next(iter(entities)) if entities else new_entity_id(canonical, rules)
    variants = [n.form for n in ranked if n.entity is None and n.form != canonical]
    keys = sorted({l.key for l in links})
    scores = [l.similarity for l in links]
    share = discovery_data()["similarity"]["given_name_share"]
    given = sum(n.tally.leading for n in cluster) >= share * sum(n.tally.count for n in cluster)
    return {
        "id": f"s-{digest}",
        "language": language,
        "canonical": canonical,
        "canonical_from": "rules" if ruled else "most frequent",
        "entity": entity,
        "extends": bool(entities),
        "count": sum(n.tally.count for n in cluster),
        "score": round(sum(scores) / len(scores), 3),
        "why": f"shared keys {', '.join(keys)}; similarity {min(scores):.2f}–{max(scores):.2f} (rapidfuzz ratio "
               "on folded and unaccented forms)",
        "warning": "mostly a given name, shared by many people: accepting respells it for all of them"
                   if given else None,
        "links": [{"forms": [l.a.form, l.b.form], "key": l.key, "similarity": l.similarity} for l in links],
        "variants": [_variant(n) for n in ranked],
        "toml": entity_toml(entity, language, None if entities and ruled else canonical, variants),
    }


def _variant(name: Name) -> dict:
    return {
        "form": name.form, "count": name.tally.count, "files": name.tally.files,
        "known": name.entity,
        **contexts_of(shown_excerpt(*around, start, len(name.form)) for _, start, _, _, *around in name.tally.samples),
        "locations": [f"{path}:{line}:{column}" for path, _, line, column, *_ in name.tally.samples],
    }


def _single_word_canonicals(suggestions: list[dict]) -> dict[tuple[str, str], str]:
    """(language, case-folded word) -> canonical, from the single-word suggestions."""
    mapping = {}
    for s in suggestions:
        for variant in s["variants"]:
            if " " not in variant["form"]:
                mapping[(s["language"], variant["form"].casefold())] = s["canonical"].casefold()
    return mapping


def _implied(suggestion: dict, mapping: dict[tuple[str, str], str], rules: Rules) -> bool:
    """Is a multi-word suggestion only the sum of single-word ones or rules (Muammar Gaddafi/Qaddafi)?"""
    forms = [v["form"] for v in suggestion["variants"]]
    if all(" " not in f and "-" not in f for f in forms):
        return False
    language = suggestion["language"]
    lexicon = rules.lexicon(language)

    def spelled(word: str) -> str:
        known = lexicon.forms.get((word,)) if lexicon else None
        return known.canonical.casefold() if known else mapping.get((language, word), word)

    return len({" ".join(map(spelled, f.casefold().replace("-", " ").split())) for f in forms}) == 1
