"""Person-level evidence: the full names a word is part of, and when two look-alike words are different people.

A given name alone is shared by thousands of people, and a word mostly seen inside
longer names (``Jong`` of ``Kim Jong Un``, ``America`` of ``Make America Great``) is
a part of those names: two such words are one name only inside one full name.
:class:`FullNames` reads, from the counted runs of two or three capitalised words,
the other words that each word is seen with; the checks here say when two forms
share none of them.

>>> counts = NameCounts.of_article("a.txt", "In Seoul, Kim Jong met Ri Yong Ho; later Sergei Lavrov met Sergey Lavrov.", "en")
>>> full = full_names(counts)
>>> sorted(full.partners[("en", "Jong")]), sorted(full.partners[("en", "Yong")])
(['kim'], ['ho', 'ri'])
>>> full.surnames[("en", "Sergey")]
frozenset({'lavrov'})
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field

from normalize.discovery.data import discovery_data
from normalize.discovery.keys import ascii_spelling, fold, similarity
from normalize.discovery.lemmas import is_common_word
from normalize.discovery.names import Name, NameCounts

_EXAMPLES = 3  # partners named in a reason


@dataclass(frozen=True)
class FullNames:
    """What the longer names of a corpus say of its single words, by (language, word).

    surnames  the folded last word of each longer name the word starts (its surnames)
    inside    how often the word was seen inside a longer name
    partners  the other words (folded) of the longer names it is part of, that are names themselves
              (not titles such as President, which are also written in lower case)
    bound     the partners that every one of those longer names has: the one name it is part of
    words     every other word of those longer names, as written
    """

    surnames: Mapping[tuple[str, str], frozenset[str]]
    inside: Mapping[tuple[str, str], int]
    partners: Mapping[tuple[str, str], frozenset[str]]
    bound: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    words: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def mostly_inside(self, name: Name) -> bool:
        """Is ``name`` seen inside longer names at least ``given_name_share`` of the time?"""
        share = discovery_data().similarity.given_name_share
        return self.inside.get((name.language, name.form), 0) >= share * name.tally.count > 0

    def of_one_name(self, name: Name) -> bool:
        """Is ``name`` part of one longer name only (every one it is seen in shares a word), or of none counted?

        Runs of more than three words are not counted, so a given name seen only in
        them (Brighton-Torhüter Mathew Ryan) is part of none.
        """
        key = (name.language, name.form)
        return bool(self.bound.get(key)) or not self.inside.get(key, 0)


def full_names(counts: NameCounts, wanted: Container[tuple[str, str]] | None = None) -> FullNames:
    """The :class:`FullNames` of the counted runs (forms of two or three words) of ``counts``: of every word in
    them, or only of the (language, word) keys ``wanted`` (the forms linked, the only ones asked about).

    Only the runs each word is seen in are kept (the forms of the counts, not copies): its surnames, partners
    and words are read from them when asked.  Three frozen sets a word and five tables were about 870 bytes a
    word, most of an article of distinct names.

    >>> full = full_names(NameCounts.of_article("a.txt", "Sergei Lavrov met Sergey Lavrov.", "en"), {("en", "Sergei")})
    >>> dict(full.surnames), dict(full.inside)
    ({('en', 'Sergei'): frozenset({'lavrov'})}, {('en', 'Sergei'): 1})
    """
    runs: dict[tuple[str, str], str | list[str]] = {}  # (language, word) -> the run it is seen in, or a list of them
    for language, form in counts.forms.in_order():
        words = _words_of(form)
        if len(words) < 2:
            continue
        for index, word in enumerate(words):
            key = (language, word)
            if word in words[:index] or (wanted is not None and key not in wanted):
                continue  # a run is listed once a word, however often the word is in it
            known = runs.get(key)
            if isinstance(known, list):
                known.append(form)
            else:
                runs[key] = form if known is None else [known, form]
    tables = (_FromRuns(runs, counts, reads) for reads in (_surnames, _inside, _partners, _bound, _words_with))
    return FullNames(*tables)


def _words_of(form: str) -> list[str]:
    """The words of a counted form (a hyphen parts words too).

    >>> _words_of("Jean-Marie Le Pen")
    ['Jean', 'Marie', 'Le', 'Pen']
    """
    return form.replace("-", " ").split()


class _FromRuns(Mapping):
    """One table of :class:`FullNames`, (language, word) -> what ``reads`` makes of the runs the word is seen in,
    read when asked: ``reads(counts, language, seen)``, ``seen`` a (form, its words, the word's index) for each
    time the word is in a run, gives the value or None (the word is not in this table)."""

    def __init__(self, runs: dict[tuple[str, str], str | list[str]], counts: NameCounts,
                 reads: Callable[[NameCounts, str, list[tuple[str, list[str], int]]], object]):
        self.runs, self.counts, self.reads = runs, counts, reads

    def __getitem__(self, key: tuple[str, str]):
        found = self.runs.get(key)
        seen = [] if found is None else [(form, words, index)
                                         for form in ((found,) if isinstance(found, str) else found)
                                         for words in (_words_of(form),)
                                         for index, word in enumerate(words) if word == key[1]]
        value = self.reads(self.counts, key[0], seen) if seen else None
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (key for key in self.runs if key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _surnames(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> frozenset[str] | None:
    """The folded last words of the runs the word is in but not last in (the first of Sergei Lavrov, or of
    Vladimir Putin after a title)."""
    return frozenset(fold(words[-1]) for _, words, index in seen if index < len(words) - 1) or None


def _inside(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> int:
    return sum(counts.forms[(language, form)].count for form, _, _ in seen)


def _partners(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> frozenset[str]:
    return frozenset().union(*_named_others(counts, language, seen))


def _bound(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> frozenset[str]:
    return frozenset.intersection(*_named_others(counts, language, seen))


def _named_others(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> list[frozenset[str]]:
    """For each time the word is in a run, the other words of the run that are names themselves, folded."""
    return [frozenset(fold(other) for other in words[:index] + words[index + 1:] if counts.is_name(language, other))
            for _, words, index in seen]


def _words_with(counts: NameCounts, language: str, seen: list[tuple[str, list[str], int]]) -> frozenset[str]:
    return frozenset(word for _, words, index in seen for word in words[:index] + words[index + 1:])


def is_given_name(name: Name) -> bool:
    """Does ``name`` mostly start a longer name (Sergei of Sergei Lavrov)?"""
    return name.tally.leading >= discovery_data().similarity.given_name_share * name.tally.count > 0


def shares_a_surname(after_a: frozenset[str], after_b: frozenset[str]) -> bool:
    """Does some word of ``after_a`` match one of ``after_b`` (equal, or at least ``partner_floor`` similar)?"""
    floor = discovery_data().similarity.partner_floor
    return bool(after_a & after_b) or any(similarity(x, y) >= floor for x in after_a for y in after_b)


def given_name_evidence(a: Name, b: Name, full: FullNames) -> str | None:
    """Two given names are one only inside one person's full name: some surname must follow both.

    Surnames match when they are about as similar as two forms of one cluster (Medvedchuk,
    Medvedczuk).  Given names that fold alike and are each seen with several surnames
    (Serhiy, Serhii) are one name in two transliterations: left to the score.  When
    both are each seen in one person's name only (Mathew Ryan, Matthew Albence), they
    are two people however alike they are spelled.

    >>> from normalize.discovery.names import FormTally
    >>> def given(form): return Name(form, "en", FormTally(10, 0, 10))
    >>> full = FullNames({("en", "Viktor"): frozenset({"medvedchuk"}), ("en", "Wiktor"): frozenset({"medvedczuk"}),
    ...                   ("en", "Oleksandr"): frozenset({"syrskii"}), ("en", "Aleksandr"): frozenset({"lukashenko"})},
    ...                  {}, {})
    >>> given_name_evidence(given("Viktor"), given("Wiktor"), full) is None
    True
    >>> given_name_evidence(given("Oleksandr"), given("Aleksandr"), full)
    'Oleksandr and Aleksandr are given names that no surname follows both of: different people'
    """
    if not (_given_name_here(a, full) and _given_name_here(b, full)) or _accents_apart(a, b):
        return None
    if fold(a.form) == fold(b.form) and not (full.of_one_name(a) and full.of_one_name(b)):
        return None
    after_a = full.surnames.get((a.language, a.form), frozenset())
    after_b = full.surnames.get((b.language, b.form), frozenset())
    if shares_a_surname(after_a, after_b):
        return None
    return f"{a.form} and {b.form} are given names that no surname follows both of: different people"


def _given_name_here(name: Name, full: FullNames) -> bool:
    """Is ``name`` mostly a given name, or seen before a surname in one person's name only (Володимиром of
    Володимиром Зеленським, though often alone: «з Володимиром»)?"""
    return is_given_name(name) or bool(name.tally.leading and full.of_one_name(name)
                                       and full.surnames.get((name.language, name.form)))


def names_apart(a: Name, b: Name, full: FullNames) -> bool:
    """Are ``a`` and ``b`` both seen in longer names that share no other word, one of them in one name only
    (McFaul of Michael McFaul and many others, McFaull of Kendall McFaull)?  Weighed by the score, not
    evidence: a rare spelling of a surname may be another bearer's (Ivanova, Iwanowa).

    >>> from normalize.discovery.names import FormTally
    >>> partners = {("en", "McFaul"): frozenset({"michael", "iermak"}), ("en", "McFaull"): frozenset({"kendal"})}
    >>> full = FullNames({}, {}, partners, {("en", "McFaull"): frozenset({"kendal"})})
    >>> names_apart(Name("McFaul", "en", FormTally(57)), Name("McFaull", "en", FormTally(1)), full)
    True
    """
    with_a = full.partners.get((a.language, a.form), frozenset())
    with_b = full.partners.get((b.language, b.form), frozenset())
    bound = full.bound.get((a.language, a.form)) or full.bound.get((b.language, b.form))
    return bool(with_a and with_b and bound) and not _accents_apart(a, b) and not shares_a_surname(with_a, with_b)


def parts_evidence(a: Name, b: Name, full: FullNames) -> str | None:
    """Two words mostly seen inside longer names, each inside one only, with no other word in common: parts of two names.

    ``Jong`` (Kim Jong Un) and ``Yong`` (Ri Yong Ho), ``Alan`` (Alan Lithgow) and
    ``Allan`` (Allan McGregor): each is a part of its own name, and respelling one as
    the other would rename a different person.  A word seen in many names (Serhiy,
    Serhii) is a name of its own: this says nothing of it.

    >>> from normalize.discovery.names import FormTally
    >>> def part(form): return Name(form, "es", FormTally(4, 0, 2))
    >>> partners = {("es", "Jong"): frozenset({"kim", "un"}), ("es", "Yong"): frozenset({"ri", "ho"}),
    ...             ("es", "Jon"): frozenset({"kim"})}
    >>> full = FullNames({}, {("es", "Jong"): 4, ("es", "Yong"): 4, ("es", "Jon"): 4}, partners, partners)
    >>> parts_evidence(part("Jong"), part("Yong"), full)
    'Jong and Yong are parts of longer names that share no other word (kim, un / ho, ri): different names'
    >>> parts_evidence(part("Jong"), part("Jon"), full) is None
    True
    """
    if not (full.mostly_inside(a) and full.mostly_inside(b)) or _accents_apart(a, b):
        return None
    with_a = full.partners.get((a.language, a.form), frozenset())
    with_b = full.partners.get((b.language, b.form), frozenset())
    if not (full.bound.get((a.language, a.form)) and full.bound.get((b.language, b.form))):
        return None  # a word of many names (Serhiy, Serhii): a name of its own, left to the given-name checks
    if shares_a_surname(with_a, with_b):
        return None
    shown = " / ".join(", ".join(sorted(words)[:_EXAMPLES]) for words in (with_a, with_b))
    return f"{a.form} and {b.form} are parts of longer names that share no other word ({shown}): different names"


def _accents_apart(a: Name, b: Name) -> bool:
    """Are ``a`` and ``b`` one spelling but for accents (Frédéric, Frederic): one name, whoever bears it?"""
    return ascii_spelling(a.form) == ascii_spelling(b.form)


def foreign_name_evidence(a: Name, b: Name, full: FullNames) -> str | None:
    """A word mostly seen inside longer names made of English words, in text of another language, is part of an
    English name or slogan (``Make America Great``, ``Louisiana State``), not a spelling of a name of its own.

    Only when it is the rarer form, the one that accepting would respell: ``Tennessee`` of ``Tennessee
    State``, the more frequent, is the canonical that a stray ``Tennesse`` is respelled into.

    >>> from normalize.discovery.names import FormTally
    >>> full = FullNames({}, {("pt", "America"): 2, ("pt", "América"): 3}, {}, {},
    ...                  {("pt", "America"): frozenset({"Make", "Great"}), ("pt", "América"): frozenset({"Latina"})})
    >>> foreign_name_evidence(Name("América", "pt", FormTally(6)), Name("America", "pt", FormTally(2)), full)
    'America is part of English names (Great, Make) in pt text: not a spelling of América'
    """
    if a.language == "en":
        return None
    for name, other in ((a, b), (b, a)):
        respelled = (-name.tally.count, name.form) > (-other.tally.count, other.form)
        if respelled and _in_english_names(name, full) and not _in_english_names(other, full):
            shown = ", ".join(sorted(full.words[(name.language, name.form)])[:_EXAMPLES])
            return f"{name.form} is part of English names ({shown}) in {a.language} text: not a spelling of {other.form}"
    return None


def _in_english_names(name: Name, full: FullNames) -> bool:
    """Is ``name`` mostly inside longer names whose other words are all common English words (``State``, ``Great``)?"""
    others = full.words.get((name.language, name.form))
    return bool(others) and full.mostly_inside(name) and all(
        is_common_word(word, "en") for word in others)
