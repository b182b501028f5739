"""The house-style rules as data: entities, paradigms, romanisations, rejections, and :class:`Rules`,
the validated whole, with its lookups and its lexicons (compiled for a language when first asked for).

In a language, an entity's forms are its variants and the canonical forms of its
other languages, written in the script of that language's canonical; each form
is also declined, so that every case of a variant maps to the same case of the
canonical.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Iterable

from normalize.errors import NormalizeError
from normalize.rules.lexicon import Entries, Form, Lexicon, first_claim
from normalize.rules.name_context import Homonym, NameContext
from normalize.text import apostrophe_joints, phrase_key, script_of

DEFAULT_STYLE = "default"  # the style of the canonical forms, when no house style is selected
DEFAULT_CANONICAL = "default"  # the key of ``canonical`` that holds the form of every language without its own
NOMINATIVE = "nom"


@dataclass(frozen=True)
class Paradigm:
    """The endings a language adds to a kind of name, by grammatical case.

    >>> p = Paradigm("pl-adjective", "pl", {"nom": ("i",), "gen": ("iego",), "loc": ("im",)}, "f", 1)
    >>> p.decline("Zełenski")
    {'nom': ('Zełenski',), 'gen': ('Zełenskiego',), 'loc': ('Zełenskim',)}
    >>> p.decline("Zelensky") is None
    True
    """

    id: str
    language: str
    endings: dict[str, tuple[str, ...]]  # case -> endings; the first is the one written
    source: str
    line: int

    def decline(self, form: str) -> dict[str, tuple[str, ...]] | None:
        """Every case of ``form`` (a nominative), or None when it lacks the nominative ending."""
        nominative = self.endings[NOMINATIVE][0]
        if not form.casefold().endswith(nominative.casefold()):
            return None
        stem = form[:len(form) - len(nominative)]
        return {case: tuple(stem + ending for ending in endings) for case, endings in self.endings.items()}


@dataclass(frozen=True)
class Romanization:
    """A national romanisation system for one language's Cyrillic (``rules/romanization.toml``)."""

    language: str
    system: str
    rule: str
    letters: dict[str, str]  # lower-case letter -> Latin
    initial: dict[str, str] = field(default_factory=dict)  # at the start of a word
    sequences: dict[str, str] = field(default_factory=dict)  # letter pairs with a rendering of their own


@dataclass
class Entity:
    """One name with its canonical form per language, variants, exceptions and inflection."""

    id: str
    source: str
    line: int
    kind: str | None = None  # person, given-name, place, river: what the name names
    canonical: dict[str, str] = field(default_factory=dict)
    variants: list[str] = field(default_factory=list)
    context_before: str | None = None
    context_variants: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    inflection: dict[str, list[str]] = field(default_factory=dict)  # language -> paradigm ids, canonical's first
    styles: dict[str, dict[str, str]] = field(default_factory=dict)  # style -> language -> canonical
    unsettled: dict[str, list[str]] = field(default_factory=dict)  # language -> forms in use
    lines: dict[str, int] = field(default_factory=dict)  # form -> line in its file
    native: dict[str, str] = field(default_factory=dict)  # language -> the name in its own script (``uk = "Єрмак"``)
    former: list[str] = field(default_factory=list)  # former names: found and reported, never rewritten
    derive: bool = True  # false: no spelling is derived from ``native`` (each would name someone else as well)
    not_variants: list[str] = field(default_factory=list)  # derived spellings refused: another's name or a word
    systems: dict[str, str] = field(default_factory=dict)  # derived form -> the system that produced it

    def canonical_for(self, language: str, languages: set[str], style: str | None = None) -> str | None:
        """The form to write in ``language`` (under ``style``); None if unsettled or not spoken for."""
        styled = self.styles.get(style or DEFAULT_STYLE, {})
        if language in styled:
            return styled[language]
        if language in self.unsettled:
            return None
        if language in self.canonical:
            return self.canonical[language]
        return self.canonical.get(DEFAULT_CANONICAL) if language in languages else None

    def rule_of(self, form: str) -> str:
        """The rule that gives ``form``: the file and line that name it (``rules/ukraine.toml:12``),
        and for a derived form the system that produced it (``rules/ukraine.toml:12 (KMU 2010)``)."""
        where = f"{self.source}:{self.lines.get(form, self.line)}"
        return f"{where} ({self.systems[form]})" if form in self.systems else where

    def canonicals_by_language(self) -> list[tuple[str, str]]:
        """``(language, form)`` for every canonical and style form, ``default`` included."""
        pairs = list(self.canonical.items())
        for forms in self.styles.values():
            pairs += forms.items()
        return pairs

    def all_forms(self) -> list[str]:
        """Every form the entity writes or matches, in any language or style (its exceptions are not forms)."""
        forms = [*self.canonical.values(), *self.variants, *self.context_variants]
        for styled in self.styles.values():
            forms += styled.values()
        for unsettled in self.unsettled.values():
            forms += unsettled
        return forms


@dataclass(frozen=True)
class Rejection:
    """Forms a reviewer said are not one name (``[[rejected]]``): never suggested together again."""

    forms: tuple[str, ...]
    language: str | None
    source: str
    line: int

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(form.casefold() for form in self.forms)


class Remembered(dict):
    """A function of a form, with its results remembered: loading and compiling ask about each form several times.

    >>> keys = Remembered(phrase_key)
    >>> keys["Odessa, Texas"], len(keys)
    (('odessa', 'texas'), 1)
    """

    def __init__(self, function: Callable[[str], object]):
        super().__init__()
        self.function = function

    def __missing__(self, form: str):
        value = self[form] = self.function(form)
        return value


@dataclass
class Rules:
    """A validated set of entities, the languages they speak for, paradigms, styles, romanisations."""

    entities: dict[str, Entity]
    languages: set[str]
    languages_of: dict[str, frozenset[str]] = field(default_factory=dict)  # file -> the languages it speaks for
    paradigms: dict[str, Paradigm] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)  # name -> what it is, where it comes from
    romanizations: dict[str, Romanization] = field(default_factory=dict)
    style: str | None = None  # the selected house style; None is the default
    rejected: list[Rejection] = field(default_factory=list)  # written by ``normalize review``
    apostrophe_suffixes: dict[str, set[str]] = field(default_factory=dict)  # language -> what may follow a name after an apostrophe
    name_contexts: dict[str, NameContext] = field(default_factory=dict)  # language -> the words around a name it reads
    homonyms: dict[str, Homonym] = field(default_factory=dict)  # entity -> the other thing that bears its name
    phrase_keys: Remembered = field(default_factory=lambda: Remembered(phrase_key), repr=False, compare=False)
    scripts: Remembered = field(default_factory=lambda: Remembered(script_of), repr=False, compare=False)

    def entity_of(self, form: str) -> str | None:
        """The id of the entity that has ``form`` (in any language or style), or None."""
        return self._entity_of.get(phrase_key(form))

    def lexicon(self, language: str, romanize: bool = False) -> Lexicon | None:
        """The lexicon for ``language``, or None when no rule speaks for it; compiled when first asked for.

        With ``romanize``, a Latin-script language's lexicon also holds the Cyrillic forms.
        """
        key = (language, romanize)
        if key not in self._lexicons:
            self._lexicons[key] = self._compile(language, romanize)
        return self._lexicons[key]

    def with_style(self, style: str | None) -> "Rules":
        """These rules under the named house style (None or ``default``: the canonical forms).

        >>> from normalize.rules.load import load_rules
        >>> load_rules().with_style("ap").lexicon("en").forms[("zelensky",)].canonical
        'Zelenskyy'
        """
        if style in (None, DEFAULT_STYLE):
            return replace(self, style=None)
        if style not in self.styles:
            known = ", ".join([DEFAULT_STYLE, *sorted(self.styles)])
            raise NormalizeError(f"unknown house style {style!r}; the rules define: {known}")
        return replace(self, style=style)

    def restricted_to(self, ids: set[str]) -> "Rules":
        """These rules with only the entities of ``ids``, in the same order."""
        return replace(self, entities={i: e for i, e in self.entities.items() if i in ids})

    @cached_property
    def _lexicons(self) -> dict[tuple[str, bool], Lexicon | None]:
        return {}

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every case-folded word that a lexicon of these rules matches or writes, in any language."""
        words = {word for e in self.entities.values() for form in e.all_forms() for word in self.phrase_keys[form]}
        # The only other words of a lexicon are cases of declined forms, which only inflected entities have.
        inflected = self.restricted_to({e.id for e in self.entities.values() if e.inflection})
        for lexicon in inflected.lexicons(self.spoken_languages()):
            for key, form in lexicon.forms.items():
                words.update(key)
                words.update(phrase_key(form.written or ""))
        return frozenset(words)

    def spoken_languages(self) -> list[str]:
        """Every language a lexicon may exist for: those of the rules, of canonicals and of unsettled forms."""
        return list(self._spoken_languages)

    @cached_property
    def _spoken_languages(self) -> tuple[str, ...]:  # asked for every article: worked out once, when the rules are loaded
        languages = set(self.languages)
        for entity in self.entities.values():
            languages.update(key for key in entity.canonical if key != DEFAULT_CANONICAL)
            languages.update(entity.unsettled)
        return tuple(sorted(languages))

    def lexicons(self, languages: list[str]) -> list[Lexicon]:
        """The lexicons of ``languages`` (see :meth:`spoken_languages`), without and with romanisation."""
        found = (self.lexicon(language, romanize) for language in languages for romanize in (False, True))
        return [lexicon for lexicon in found if lexicon is not None]

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        return {self.phrase_keys[form]: e.id for e in self.entities.values() for form in e.all_forms()}

    @cached_property
    def _rank(self) -> dict[str, int]:
        """Each entity's place in the rules: of two entities that give one key, the earlier keeps it."""
        return {entity_id: rank for rank, entity_id in enumerate(self.entities)}

    @cached_property
    def _alike(self) -> _Alike:
        """The entities whose forms are the same in every language of ``languages``, compiled once.

        Most entities have one canonical and a few variants, nothing per language or
        style (:func:`_is_alike`); the others are compiled for each lexicon.
        """
        alike, particular = [], []
        for entity in self.entities.values():
            (alike if _is_alike(entity, self.scripts) else particular).append(entity)
        entries = Entries()
        if self.languages:
            self._add(alike, entries, min(self.languages), False)
        forms = entries.forms()
        return _Alike(particular, entries, forms, {**self._entity_of, **{key: form.entity for key, form in forms.items()}})

    def _compile(self, language: str, romanize: bool) -> Lexicon | None:
        alike = self._alike
        own = Entries()
        self._add(alike.particular, own, language, romanize)
        if language in self.languages:  # the alike entities speak for it
            forms = {**own.declined, **alike.forms, **own.listed, **own.canonical}
            for key in alike.forms.keys() & set(own.keys()):
                forms[key] = first_claim(key, (alike.entries, own), self._rank)
            entity_of, exceptions = dict(alike.entity_of), alike.entries.exceptions | own.exceptions
        else:
            forms, entity_of, exceptions = own.forms(), dict(self._entity_of), own.exceptions
        if not forms:
            return None
        entity_of.update((key, forms[key].entity) for key in own.keys())
        suffixes = frozenset(self.apostrophe_suffixes.get(language, ()))
        return Lexicon(language, forms, frozenset(exceptions), entity_of, suffixes, self.name_contexts.get(language),
                       self.homonyms, *self._canonicals_and_cases(language),
                       {entity.id: entity.kind for entity in self.entities.values() if entity.kind},
                       frozenset(form.casefold() for entity in self.entities.values() for _, form in entity.canonicals_by_language()))

    def _canonicals_and_cases(self, language: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        """Each entity's canonical in ``language``, and the cases of those that a paradigm declines there."""
        canonicals, cases = {}, {}
        for entity in self.entities.values():
            canonical = entity.canonical_for(language, self.languages, self.style)
            if canonical is None:
                continue
            canonicals[entity.id] = canonical
            paradigms = self._paradigms(entity, language) if entity.inflection else []
            table = paradigms[0].decline(canonical) if paradigms else None
            if table:
                cases[entity.id] = {case: surfaces[0] for case, surfaces in table.items()}
        return canonicals, cases

    def _add(self, entities: Iterable[Entity], entries: Entries, language: str, romanize: bool) -> None:
        """Add the forms of ``entities`` in ``language`` to ``entries``."""
        key, script_of, listed, declined = (
            self.phrase_keys.__getitem__, self.scripts.__getitem__, entries.listed.setdefault, entries.declined.setdefault
        )
        context = self.name_contexts.get(language)
        declines = context is not None and bool(context.prepositions)  # the language declines names (pl, uk, ru)
        for entity in entities:
            canonical = entity.canonical_for(language, self.languages, self.style)
            if canonical is None and language not in entity.unsettled:
                continue
            script = script_of(canonical or entity.unsettled[language][0])
            scripts = {script, "Cyrl"} if romanize and script == "Latn" else {script}
            paradigms = self._paradigms(entity, language) if entity.inflection else []
            targets = paradigms[0].decline(canonical) if paradigms and canonical else None
            for variant, before in _variants_with_context(entity, canonical):
                if script_of(variant) not in scripts:
                    continue
                rule = entity.rule_of(variant)
                listed(key(variant), Form(entity.id, canonical, rule, before, apostrophes=apostrophe_joints(variant)))
                for cases in self._declensions(entity, variant, language, script):
                    for case, surfaces in cases.items():
                        written = targets[case][0] if targets and case in targets else None
                        if written is None and case != "nom" and declines:
                            continue  # no case of the canonical to write (ru Николаев), where the nominative is none either
                        for surface in surfaces:
                            declined(key(surface), Form(entity.id, canonical, rule, before, written,
                                                        apostrophes=apostrophe_joints(surface)))
            if canonical is not None:
                # The canonical and its cases map to themselves, so that wrong casing (``kyiv``) is put right;
                # unless others bear the name too (a context variant): then only in that context.
                rule = entity.rule_of(canonical)
                cases = [s for surfaces in targets.values() for s in surfaces] if targets else []
                shared = entity.context_before if key(canonical) in map(key, entity.context_variants) else None
                for surface in [canonical, *cases]:
                    entries.canonical.setdefault(key(surface), Form(entity.id, canonical, rule, None, surface, shared,
                                                                    apostrophe_joints(surface)))
            for former in entity.former if canonical is not None else ():
                if script_of(former) in scripts:  # history: found and reported, never rewritten
                    listed(key(former), Form(entity.id, canonical, entity.rule_of(former), history=True))
            if entity.exceptions:
                entries.exceptions.update(_in_any_spelling(entity, key))

    def _paradigms(self, entity: Entity, language: str) -> list[Paradigm]:
        return [self.paradigms[p] for p in entity.inflection.get(language, ())]

    def _declensions(self, entity: Entity, variant: str, language: str, script: str) -> list[dict]:
        """The case tables of ``variant``: by the article language's paradigms when the variant is
        in its script, and by the paradigms of each language whose canonical the variant is."""
        if not entity.inflection:
            return []  # most entities: no paradigm in any language
        paradigms = self._paradigms(entity, language) if script_of(variant) == script else []
        for other, form in entity.canonicals_by_language():
            if form == variant:
                paradigms += self._paradigms(entity, other)
        tables = (paradigm.decline(variant) for paradigm in {p.id: p for p in paradigms}.values())
        return [table for table in tables if table]


def _variants_with_context(entity: Entity, canonical: str | None) -> list[tuple[str, str | None]]:
    """Every form that stands for ``canonical``, with the entity it must precede (context variants)."""
    context = entity.context_variants
    plain = entity.variants + [form for _, form in entity.canonicals_by_language() if form not in context]
    for forms in entity.unsettled.values():
        plain += forms
    pairs = [(form, None) for form in plain if form != canonical]
    if context:
        pairs += [(form, entity.context_before) for form in context if form != canonical]
    return pairs


def _in_any_spelling(entity: Entity, key: Callable[[str], tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The keys of ``entity``'s exceptions, each also with every other form of the entity in place of
    the one it holds: the longer name ``Kyiv Post`` is ``Kiev Post`` too."""
    forms = {key(form) for form in entity.all_forms()}
    found = set()
    for exception in map(key, entity.exceptions):
        found.add(exception)
        for held in forms:
            for start in range(len(exception) - len(held) + 1):
                if exception[start:start + len(held)] == held:
                    found.update(exception[:start] + other + exception[start + len(held):] for other in forms)
    return found


@dataclass(frozen=True)
class _Alike:
    """The entities compiled for each lexicon, and the forms of the others, compiled once."""

    particular: list[Entity]
    entries: Entries
    forms: dict[tuple[str, ...], Form]  # ``entries`` as one table
    entity_of: dict[tuple[str, ...], str]  # the rules' forms, and those of ``forms``, to their entity


def _is_alike(entity: Entity, scripts: Remembered) -> bool:
    """Has ``entity`` the same forms in every language its rules speak for, romanised or not?

    True for one canonical without paradigms, styles or unsettled forms, unless a
    Latin canonical has Cyrillic variants (which romanisation adds to a lexicon).
    """
    if entity.styles or entity.unsettled or entity.inflection or entity.former or list(entity.canonical) != [DEFAULT_CANONICAL]:
        return False
    latin = scripts[entity.canonical[DEFAULT_CANONICAL]] == "Latn"
    return not latin or all(scripts[form] != "Cyrl" for form in (*entity.variants, *entity.context_variants))

