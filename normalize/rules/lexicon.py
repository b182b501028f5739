"""The rules' compiled form for one language: the lexicon the spelling stage looks words up in,
and which of the entries that give the same key keeps it.

A lexicon maps the case-folded words of each form (``("kiev",)``) to a
:class:`Form`: the entity, the canonical to write and the rule that says so.
:meth:`normalize.rules.model.Rules.lexicon` compiles it from the entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

from normalize.rules.name_context import Homonym, NameContext


class Form(NamedTuple):
    """What a form found in text stands for: its entity, the canonical, the rule.

    ``canonical`` is None where the language has no settled form: the form is
    reported, never changed.  ``replacement`` is the inflected canonical to write
    when the form is itself inflected (``Zelenskiego`` -> ``Zełenskiego``).
    A named tuple: a large rules file makes tens of thousands, and a tuple is made
    three times faster than a frozen dataclass.
    """

    entity: str
    canonical: str | None
    rule: str
    before_entity: str | None = None  # a context variant: only when this entity follows
    replacement: str | None = None
    shared_before: str | None = None  # a canonical that is also a context variant: its case only before this entity
    apostrophes: tuple[int, ...] = ()  # the words (from 1) that an apostrophe joins to the one before: Zelensky'emu
    history: bool = False  # a former name (Dnipropetrovsk): found and reported, never rewritten

    @property
    def written(self) -> str | None:
        """The text that replaces the form (before case matching), or None to keep it."""
        return self.replacement or self.canonical


@dataclass(frozen=True)
class Lexicon:
    """Everything the spelling stage needs for one language, keyed by case-folded words."""

    language: str
    forms: dict[tuple[str, ...], Form]
    exceptions: frozenset[tuple[str, ...]]
    entity_of: dict[tuple[str, ...], str]  # any form of any entity, for context checks
    apostrophe_suffixes: frozenset[str] = frozenset()  # what may follow a name after an apostrophe (English 's)
    context: NameContext | None = None  # the words around a name that tell its case, or river from city
    homonyms: dict[str, Homonym] = field(default_factory=dict)  # entity -> the other thing of the same name
    canonicals: dict[str, str] = field(default_factory=dict)  # entity -> its canonical in this language
    cases: dict[str, dict[str, str]] = field(default_factory=dict)  # entity -> case -> its declined canonical
    kinds: dict[str, str] = field(default_factory=dict)  # entity -> what it names: person, place, river
    house_spellings: frozenset[str] = frozenset()  # every language's canonicals, case-folded: a spelling cited in quotes

    @cached_property
    def longest(self) -> int:
        return max(map(len, chain(self.exceptions, self.entity_of)), default=0)  # entity_of has every form

    @cached_property
    def form_starts(self) -> frozenset[str]:
        """The first words of the forms: the only words where a form can begin."""
        return frozenset(map(itemgetter(0), self.forms))

    @cached_property
    def form_prefixes(self) -> frozenset[tuple[str, ...]]:
        """The first words of the forms, one word or more: a phrase no form begins with can be read no further."""
        return frozenset(form[:length] for form in self.forms for length in range(1, len(form) + 1))

    @cached_property
    def exception_starts(self) -> frozenset[str]:
        return frozenset(map(itemgetter(0), self.exceptions))


@dataclass
class Entries:
    """A lexicon's forms as it is compiled: in each table, the first entity to give a key keeps it."""

    declined: dict[tuple[str, ...], Form] = field(default_factory=dict)  # the cases of variants
    listed: dict[tuple[str, ...], Form] = field(default_factory=dict)  # variants as written
    canonical: dict[tuple[str, ...], Form] = field(default_factory=dict)  # canonicals and their cases
    exceptions: set[tuple[str, ...]] = field(default_factory=set)

    def forms(self) -> dict[tuple[str, ...], Form]:
        """One table: a canonical wins over a variant, a variant over a declined case."""
        return {**self.declined, **self.listed, **self.canonical}

    def keys(self) -> Iterator[tuple[str, ...]]:
        return chain(self.declined, self.listed, self.canonical)


def first_claim(key: tuple[str, ...], groups: Iterable[Entries], rank: dict[str, int]) -> Form:
    """The form that keeps ``key`` among the entries of groups of entities compiled apart: a canonical
    wins over a variant, a variant over a declined case, and of two entities the earlier (lower ``rank``).

    >>> a, b = Entries(), Entries(listed={("x",): Form("b", "B", "r:2")})
    >>> a.listed[("x",)] = Form("a", "A", "r:1")
    >>> first_claim(("x",), [a, b], {"a": 1, "b": 0}).entity
    'b'
    >>> b.canonical[("x",)] = Form("b", "X", "r:3")
    >>> first_claim(("x",), [a, b], {"a": 0, "b": 1}).rule
    'r:3'
    """
    for table in ("canonical", "listed", "declined"):
        claims = [getattr(group, table)[key] for group in groups if key in getattr(group, table)]
        if claims:
            return min(claims, key=lambda form: rank[form.entity])
    raise KeyError(key)
