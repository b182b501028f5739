"""House-style rules: loaded from TOML files, validated, compiled into one lexicon per language.

A rules file lists the languages it speaks for and one ``[[entity]]`` table per
name (see ``rules/ukraine.toml``)::

    languages = ["en", "de", "pl"]
    styles = { ap = "The AP Stylebook" }            # named house styles a user may select

    [[entity]]
    id = "zelensky"
    canonical = { default = "Zelensky", de = "Selenskyj", pl = "Zełenski" }
    variants = ["Zelenskiy", "Zelenski"]
    inflection = { pl = "pl-adjective" }             # a [[paradigm]]: the endings Polish adds
    styles = { ap = { en = "Zelenskyy" } }           # what the style writes instead
    unsettled = { pt = ["Carcóvia", "Kharkiv"] }     # no settled form: seen and reported, not changed
    exceptions = ["Chicken Kiev"]

    [[paradigm]]                                     # rules/inflection.toml
    id = "pl-adjective"
    language = "pl"
    endings = { nom = "i", gen = "iego", dat = "iemu", ins = "im", loc = "im" }

In a language, an entity's forms are its variants and the canonical forms of its
other languages, written in the script of that language's canonical; each form
is also declined, so that every case of a variant maps to the same case of the
canonical.  Every error names the file and the line.

Other tools may add top-level tables of their own: each name in
``TABLE_PARSERS`` is parsed by its function, anything else is an error.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

from normalize.errors import NormalizeError, RulesError
from normalize.stages.encoding import fix_encoding
from normalize.text import phrase_key, script_of

BUILTIN_PACKAGE = "normalize.builtin_rules"
LOCAL_FILE = "local.toml"  # a reviewer's file (normalize review), never a built-in one
DEFAULT_STYLE = "default"
_ENTITY_KEYS = {
    "id", "kind", "canonical", "variants", "context_variants", "exceptions", "inflection", "styles", "unsettled",
}
_CONTEXT_KEYS = {"before", "forms"}
_PARADIGM_KEYS = {"id", "language", "about", "endings"}
_ROMANIZATION_KEYS = {"language", "system", "source", "letters", "initial", "sequences"}
_REJECTED_KEYS = {"forms", "language"}
NOMINATIVE = "nom"


@dataclass(frozen=True)
class Form:
    """What a form found in text stands for: its entity, the canonical, the rule.

    ``canonical`` is None where the language has no settled form: the form is
    reported, never changed.  ``replacement`` is the inflected canonical to write
    when the form is itself inflected (``Zelenskiego`` -> ``Zełenskiego``).
    """

    entity: str
    canonical: str | None
    rule: str
    before_entity: str | None = None  # a context variant: only when this entity follows
    replacement: str | None = None

    @property
    def written(self) -> str | None:
        """The text that replaces the form (before case matching), or None to keep it."""
        return self.replacement or self.canonical


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
    canonical: dict[str, str] = field(default_factory=dict)
    variants: list[str] = field(default_factory=list)
    context_before: str | None = None
    context_variants: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    inflection: dict[str, list[str]] = field(default_factory=dict)  # language -> paradigm ids, canonical's first
    styles: dict[str, dict[str, str]] = field(default_factory=dict)  # style -> language -> canonical
    unsettled: dict[str, list[str]] = field(default_factory=dict)  # language -> forms in use
    lines: dict[str, int] = field(default_factory=dict)  # form -> line in its file

    def canonical_for(self, language: str, languages: set[str], style: str | None = None) -> str | None:
        """The form to write in ``language`` (under ``style``); None if unsettled or not spoken for."""
        styled = self.styles.get(style or DEFAULT_STYLE, {})
        if language in styled:
            return styled[language]
        if language in self.unsettled:
            return None
        if language in self.canonical:
            return self.canonical[language]
        return self.canonical.get("default") if language in languages else None

    def where(self, form: str) -> str:
        return f"{self.source}:{self.lines.get(form, self.line)}"

    def canonicals_by_language(self) -> list[tuple[str, str]]:
        """``(language, form)`` for every canonical and style form, ``default`` included."""
        pairs = list(self.canonical.items())
        pairs += [(language, form) for forms in self.styles.values() for language, form in forms.items()]
        return pairs


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


@dataclass(frozen=True)
class Lexicon:
    """Everything the spelling stage needs for one language, keyed by case-folded words."""

    language: str
    forms: dict[tuple[str, ...], Form]
    exceptions: frozenset[tuple[str, ...]]
    entity_of: dict[tuple[str, ...], str]  # any form of any entity, for context checks

    @cached_property
    def longest(self) -> int:
        return max(map(len, [*self.forms, *self.exceptions, *self.entity_of]), default=0)

    @cached_property
    def form_starts(self) -> frozenset[str]:
        """The first words of the forms: the only words where a form can begin."""
        return frozenset(key[0] for key in self.forms)

    @cached_property
    def exception_starts(self) -> frozenset[str]:
        return frozenset(key[0] for key in self.exceptions)


@dataclass
class Rules:
    """A validated set of entities, the languages they speak for, paradigms, styles, romanisations."""

    entities: dict[str, Entity]
    languages: set[str]
    paradigms: dict[str, Paradigm] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)  # name -> what it is, where it comes from
    romanizations: dict[str, Romanization] = field(default_factory=dict)
    style: str | None = None  # the selected house style; None is the default
    rejected: list[Rejection] = field(default_factory=list)  # written by ``normalize review``

    def entity_of(self, form: str) -> str | None:
        """The id of the entity that has ``form`` (in any language or style), or None."""
        return self._entity_of.get(phrase_key(form))

    def lexicon(self, language: str, romanize: bool = False) -> Lexicon | None:
        """The lexicon for ``language``, or None when no rule speaks for it.

        With ``romanize``, a Latin-script language's lexicon also holds the Cyrillic forms.
        """
        key = (language, romanize)
        if key not in self._lexicons:
            self._lexicons[key] = self._compile(language, romanize)
        return self._lexicons[key]

    def with_style(self, style: str | None) -> "Rules":
        """These rules under the named house style (None or ``default``: the canonical forms).

        >>> load_rules().with_style("ap").lexicon("en").forms[("zelensky",)].canonical
        'Zelenskyy'
        """
        if style in (None, DEFAULT_STYLE):
            return replace(self, style=None)
        if style not in self.styles:
            known = ", ".join([DEFAULT_STYLE, *sorted(self.styles)])
            raise NormalizeError(f"unknown house style {style!r}; the rules define: {known}")
        return replace(self, style=style)

    @cached_property
    def _lexicons(self) -> dict[tuple[str, bool], Lexicon | None]:
        return {}

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every case-folded word that a lexicon of these rules matches or writes, in any language."""
        words = {word for e in self.entities.values() for form in _all_forms(e) for word in phrase_key(form)}
        for lexicon in self.lexicons():
            for key, form in lexicon.forms.items():
                words.update(key)
                words.update(phrase_key(form.written or ""))
        return frozenset(words)

    def lexicons(self) -> list[Lexicon]:
        """The lexicon of every language these rules speak for, with and without romanisation."""
        languages = self.languages | {key for e in self.entities.values() for key in e.canonical if key != DEFAULT_STYLE}
        languages |= {language for e in self.entities.values() for language in e.unsettled}
        found = (self.lexicon(language, romanize) for language in sorted(languages) for romanize in (False, True))
        return [lexicon for lexicon in found if lexicon is not None]

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        return {phrase_key(form): e.id for e in self.entities.values() for form in _all_forms(e)}

    def _compile(self, language: str, romanize: bool) -> Lexicon | None:
        canonical_forms: dict[tuple[str, ...], Form] = {}
        listed: dict[tuple[str, ...], Form] = {}
        declined: dict[tuple[str, ...], Form] = {}
        exceptions: set[tuple[str, ...]] = set()
        for entity in self.entities.values():
            canonical = entity.canonical_for(language, self.languages, self.style)
            if canonical is None and language not in entity.unsettled:
                continue
            script = script_of(canonical or entity.unsettled[language][0])
            scripts = {script, "Cyrl"} if romanize and script == "Latn" else {script}
            paradigms = self._paradigms(entity, language)
            targets = paradigms[0].decline(canonical) if paradigms and canonical else None
            for variant, before in _variants_with_context(entity, canonical, language):
                if script_of(variant) not in scripts:
                    continue
                form = Form(entity.id, canonical, entity.where(variant), before)
                listed.setdefault(phrase_key(variant), form)
                for cases in self._declensions(entity, variant, language, script):
                    for case, surfaces in cases.items():
                        written = targets[case][0] if targets and case in targets else None
                        for surface in surfaces:
                            declined.setdefault(phrase_key(surface), replace(form, replacement=written))
            if canonical is not None:
                # The canonical and its cases map to themselves, so that wrong casing (``kyiv``) is put right.
                rule = entity.where(canonical)
                for surface in [canonical, *(s for cases in (targets or {}).values() for s in cases)]:
                    canonical_forms.setdefault(phrase_key(surface), Form(entity.id, canonical, rule, None, surface))
            exceptions.update(phrase_key(e) for e in entity.exceptions)
        forms = {**declined, **listed, **canonical_forms}
        if not forms:
            return None
        entity_of = {**self._entity_of, **{key: form.entity for key, form in forms.items()}}
        return Lexicon(language, forms, frozenset(exceptions), entity_of)

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


def _variants_with_context(entity: Entity, canonical: str | None, language: str) -> list[tuple[str, str | None]]:
    """Every form that stands for ``canonical``, with the entity it must precede (context variants)."""
    context = set(entity.context_variants)
    plain = [
        *entity.variants,
        *(f for _, f in entity.canonicals_by_language() if f not in context),
        *(f for forms in entity.unsettled.values() for f in forms),
    ]
    pairs = [(form, None) for form in plain if form != canonical]
    pairs += [(form, entity.context_before) for form in entity.context_variants if form != canonical]
    return pairs


def _all_forms(entity: Entity) -> list[str]:
    return [
        *entity.canonical.values(), *entity.variants, *entity.context_variants,
        *(f for forms in entity.styles.values() for f in forms.values()),
        *(f for forms in entity.unsettled.values() for f in forms),
    ]


def builtin_rule_files() -> list[tuple[str, str]]:
    """The built-in rules as ``(label, text)`` pairs, in file-name order."""
    folder = resources.files(BUILTIN_PACKAGE)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.name != LOCAL_FILE),
                   key=lambda f: f.name)
    return [(f"rules/{f.name}", f.read_text(encoding="utf-8")) for f in files]


def load_rules(paths: Iterable[str | Path] = (), builtin: bool = True, style: str | None = None) -> Rules:
    """Load the built-in rules (unless ``builtin`` is False) and then ``paths``, in order.

    A later file may extend an entity of an earlier one by using its ``id``:
    its canonical forms override, its variants and exceptions add up.
    """
    return parse_rules(rule_sources(paths, builtin)).with_style(style)


def rule_sources(paths: Iterable[str | Path] = (), builtin: bool = True) -> list[tuple[str, str]]:
    """The ``(label, text)`` pairs that :func:`load_rules` parses."""
    sources = builtin_rule_files() if builtin else []
    for path in paths:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(str(path), None, f"cannot read the rules file ({_why(error)}); check the path given to --rules") from None
    return sources


def parse_rules(sources: Iterable[tuple[str, str]]) -> Rules:
    """Parse and validate ``(label, toml_text)`` pairs into :class:`Rules`."""
    loading = _Loading(Rules({}, set()))
    for label, text in sources:
        data, located = _read_toml(label, text)
        _check_keys(data, set(TABLE_PARSERS), label, 1, "the file")
        for key, parser in TABLE_PARSERS.items():
            if key in data:
                parser(loading, data[key], _Where(label, located, key))
    for entity in loading.added:
        _check_references(loading.rules, entity)
    _check_stable(loading.rules)
    return loading.rules


@dataclass
class _Loading:
    """The rules loaded so far, and what validation needs to know about them."""

    rules: Rules
    owner: dict[tuple[str, str], str] = field(default_factory=dict)  # (script, case-folded form) -> entity id
    added: list[Entity] = field(default_factory=list)


@dataclass(frozen=True)
class _Where:
    """Where the tables of one top-level key of one file are, for error messages."""

    label: str
    located: "_LocatedStrings"
    key: str

    def line(self, index: int = 0) -> int:
        return self.located.header_line(self.key, index)

    def line_of(self, index: int, value: str) -> int | None:
        return self.located.line_of((self.key, index), value)

    def error(self, line: int | None, message: str) -> RulesError:
        return RulesError(self.label, line, message)


def _read_toml(label: str, text: str) -> tuple[dict, "_LocatedStrings"]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise RulesError(label, int(line.group(1)) if line else None, f"invalid TOML: {error}") from None
    return data, _LocatedStrings(text)


def _parse_languages(loading: _Loading, value, where: _Where) -> None:
    if not _is_list_of_text(value):
        raise where.error(where.located.line_of(("", 0), "key:languages"), "'languages' must be a list of language codes")
    loading.rules.languages.update(value)


def _parse_styles(loading: _Loading, value, where: _Where) -> None:
    line = where.located.line_of(("", 0), "key:styles")
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise where.error(line, "'styles' must be a table of style names and descriptions, e.g. ap = \"AP Stylebook\"")
    if DEFAULT_STYLE in value:
        raise where.error(line, f"'{DEFAULT_STYLE}' is the style of the canonical forms; do not redefine it")
    loading.rules.styles.update(value)


def _tables(value, where: _Where) -> list[dict]:
    if not isinstance(value, list):
        raise where.error(where.located.line_of(("", 0), f"key:{where.key}"), f"use [[{where.key}]] tables")
    return value


def _parse_entities(loading: _Loading, value, where: _Where) -> None:
    for index, table in enumerate(_tables(value, where), start=1):
        entity = _parse_entity(where, table, index)
        _claim(_merge(loading.rules.entities, entity), entity, loading.owner)
        loading.added.append(entity)


def _parse_entity(where: _Where, table: dict, index: int) -> Entity:
    line = where.line(index)
    label = where.label
    _check_keys(table, _ENTITY_KEYS, label, line, "an [[entity]]")
    entity_id = table.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise where.error(line, "an [[entity]] needs an id, e.g. id = \"kyiv\"")
    canonical = table.get("canonical", {})
    if isinstance(canonical, str):
        canonical = {"default": canonical}
    if not _is_table_of(canonical, str):
        raise where.error(line, f"entity '{entity_id}': canonical must be a string or a table of strings")
    context = table.get("context_variants", {})
    _check_keys(context, _CONTEXT_KEYS, label, line, f"context_variants of '{entity_id}'")
    inflection = table.get("inflection", {})
    if isinstance(inflection, dict):
        inflection = {language: [p] if isinstance(p, str) else p for language, p in inflection.items()}
    if not _is_table_of(inflection, list) or not all(_is_list_of_text(v) and v for v in inflection.values()):
        raise where.error(line, f"entity '{entity_id}': inflection must be a table of language = \"paradigm id\"")
    styles = table.get("styles", {})
    if not _is_table_of(styles, dict) or not all(_is_table_of(s, str) for s in styles.values()):
        raise where.error(line, f"entity '{entity_id}': styles must look like {{ ap = {{ en = \"Zelenskyy\" }} }}")
    unsettled = table.get("unsettled", {})
    if not _is_table_of(unsettled, list) or not all(_is_list_of_text(f) and f for f in unsettled.values()):
        raise where.error(line, f"entity '{entity_id}': unsettled must look like {{ pt = [\"Carcóvia\", \"Kharkiv\"] }}")
    entity = Entity(
        id=entity_id,
        source=label,
        line=line,
        canonical=canonical,
        variants=_text_list(table, "variants", label, line, entity_id),
        context_before=context.get("before"),
        context_variants=_text_list(context, "forms", label, line, entity_id),
        exceptions=_text_list(table, "exceptions", label, line, entity_id),
        inflection=inflection,
        styles=styles,
        unsettled={language: list(forms) for language, forms in unsettled.items()},
    )
    located = [*_all_forms(entity), *entity.exceptions, *(p for ids in entity.inflection.values() for p in ids)]
    entity.lines = {form: where.line_of(index, form) or line for form in located}
    for form in (*_all_forms(entity), *entity.exceptions):
        if not phrase_key(form):
            raise where.error(entity.lines[form], f"entity '{entity_id}': empty form {form!r}; write a name or delete it")
        repaired = fix_encoding(form)[0]
        if repaired != form:
            raise where.error(
                entity.lines[form],
                f"entity '{entity_id}': {form!r} is not as the encoding repair leaves text (it would read "
                f"{repaired!r}), so it would never match, or change again on a second run; write {repaired!r}",
            )
    if entity.context_variants and not isinstance(entity.context_before, str):
        raise where.error(line, f"entity '{entity_id}': context_variants needs before = \"<entity id>\"")
    for language in entity.unsettled:
        if language in entity.canonical:
            raise where.error(
                entity.lines[entity.unsettled[language][0]],
                f"entity '{entity_id}': '{language}' has both a canonical form and unsettled forms; keep one",
            )
    return entity


def _parse_paradigms(loading: _Loading, value, where: _Where) -> None:
    rules = loading.rules
    for index, table in enumerate(_tables(value, where), start=1):
        line = where.line(index)
        _check_keys(table, _PARADIGM_KEYS, where.label, line, "a [[paradigm]]")
        paradigm_id, language, endings = table.get("id"), table.get("language"), table.get("endings")
        if not isinstance(paradigm_id, str) or not isinstance(language, str):
            raise where.error(line, "a [[paradigm]] needs an id and a language, e.g. id = \"pl-adjective\", language = \"pl\"")
        if not isinstance(endings, dict) or NOMINATIVE not in endings or not all(
            isinstance(e, str) or (_is_list_of_text(e) and e) for e in endings.values()
        ):
            raise where.error(
                line, f"paradigm '{paradigm_id}': endings must be a table of case = \"ending\" (or a list), "
                f"with the nominative, e.g. {{ {NOMINATIVE} = \"i\", gen = \"iego\" }}",
            )
        if paradigm_id in rules.paradigms:
            raise where.error(line, f"paradigm '{paradigm_id}' is defined twice")
        cases = {case: (e,) if isinstance(e, str) else tuple(e) for case, e in endings.items()}
        rules.paradigms[paradigm_id] = Paradigm(paradigm_id, language, cases, where.label, line)


def _parse_romanizations(loading: _Loading, value, where: _Where) -> None:
    for index, table in enumerate(_tables(value, where), start=1):
        line = where.line(index)
        _check_keys(table, _ROMANIZATION_KEYS, where.label, line, "a [[romanization]]")
        language, system = table.get("language"), table.get("system")
        tables = [table.get(key, {}) for key in ("letters", "initial", "sequences")]
        if not isinstance(language, str) or not isinstance(system, str) or not tables[0]:
            raise where.error(line, "a [[romanization]] needs a language, a system and letters")
        if not all(_is_table_of(t, str) for t in tables):
            raise where.error(line, f"romanization '{language}': letters, initial and sequences map text to text")
        lowered = [{k.lower(): v for k, v in t.items()} for t in tables]
        loading.rules.romanizations[language] = Romanization(language, system, f"{where.label}:{line}", *lowered)


def _parse_rejected(loading: _Loading, value, where: _Where) -> None:
    """``[[rejected]]``: ``forms`` (two or more) that are not one name, and an optional ``language``."""
    for index, table in enumerate(_tables(value, where), start=1):
        line = where.line(index)
        _check_keys(table, _REJECTED_KEYS, where.label, line, "a [[rejected]] table")
        forms, language = table.get("forms"), table.get("language")
        if not _is_list_of_text(forms) or len(forms) < 2 or not all(phrase_key(f) for f in forms):
            raise where.error(line, "a [[rejected]] table needs forms = [two or more names]")
        if language is not None and not isinstance(language, str):
            raise where.error(line, "language of a [[rejected]] table must be a language code")
        loading.rules.rejected.append(Rejection(tuple(forms), language, where.label, line))


TABLE_PARSERS: dict[str, Callable[[_Loading, object, _Where], None]] = {
    "languages": _parse_languages,
    "styles": _parse_styles,
    "entity": _parse_entities,
    "paradigm": _parse_paradigms,
    "romanization": _parse_romanizations,
    "rejected": _parse_rejected,
}


def _merge(entities: dict[str, Entity], entity: Entity) -> Entity:
    """Add ``entity``, or extend the entity of the same id loaded earlier."""
    known = entities.get(entity.id)
    if known is None:
        entities[entity.id] = entity
        return entity
    known.canonical.update(entity.canonical)
    known.variants += entity.variants
    known.context_variants += entity.context_variants
    known.context_before = entity.context_before or known.context_before
    known.exceptions += entity.exceptions
    known.inflection.update(entity.inflection)
    for style, forms in entity.styles.items():
        known.styles.setdefault(style, {}).update(forms)
    for language in entity.canonical:
        known.unsettled.pop(language, None)  # a later file that settles a language wins
    for language in entity.unsettled:
        known.canonical.pop(language, None)
    known.unsettled.update(entity.unsettled)
    known.lines.update(entity.lines)
    known.source, known.line = entity.source, entity.line  # rules added later are cited from there
    return known


def _claim(merged: Entity, added: Entity, owner: dict[tuple[str, str], str]) -> None:
    """Each form belongs to one entity; a canonical may not be another entity's variant."""
    for form in _all_forms(added):
        key = (script_of(form), " ".join(phrase_key(form)))
        holder = owner.setdefault(key, merged.id)
        if holder != merged.id:
            raise RulesError(
                added.source, added.lines[form],
                f"'{form}' of entity '{merged.id}' is already a form of entity '{holder}': "
                "a form may belong to one entity only; remove it from one of them",
            )
    for exception in added.exceptions:
        if not any(_contains(phrase_key(exception), phrase_key(f)) for f in _all_forms(merged)):
            raise RulesError(
                added.source, added.lines[exception],
                f"exception '{exception}' of entity '{merged.id}' contains none of its forms",
            )
    if merged.context_before is not None and merged.context_before == merged.id:
        raise RulesError(added.source, added.line, f"entity '{merged.id}': context_variants refers to itself")


def _check_references(rules: Rules, entity: Entity) -> None:
    """Paradigms and styles named by an entity exist, and each canonical fits its paradigm."""
    for language, paradigm_id in ((lang, p) for lang, ids in entity.inflection.items() for p in ids):
        line = entity.lines.get(paradigm_id, entity.line)
        paradigm = rules.paradigms.get(paradigm_id)
        if paradigm is None:
            known = ", ".join(sorted(rules.paradigms)) or "none"
            raise RulesError(entity.source, line, f"entity '{entity.id}': no paradigm '{paradigm_id}' (known: {known})")
        if paradigm.language != language:
            raise RulesError(
                entity.source, line,
                f"entity '{entity.id}': paradigm '{paradigm_id}' is for '{paradigm.language}', not '{language}'",
            )
        for style in (None, *entity.styles):
            canonical = entity.canonical_for(language, rules.languages, style)
            if paradigm_id == entity.inflection[language][0] and canonical and paradigm.decline(canonical) is None:
                raise RulesError(
                    entity.source, entity.lines.get(canonical, line),
                    f"entity '{entity.id}': '{canonical}' does not end in the nominative ending "
                    f"{paradigm.endings[NOMINATIVE][0]!r} of paradigm '{paradigm_id}'",
                )
    for style in entity.styles:
        if style not in rules.styles:
            raise RulesError(
                entity.source, entity.line,
                f"entity '{entity.id}': style '{style}' is not declared; add it to a file's styles = {{ ... }}",
            )


def _why(error: Exception) -> str:
    """What went wrong reading a file, without the path the message names already."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"not UTF-8 text at byte {error.start}" if isinstance(error, UnicodeDecodeError) else str(error)


def _check_stable(rules: Rules) -> None:
    """Refuse rules whose output a second cleaning would change again.

    Where one spelling of a name becomes the form C, and C together with the words
    around it reads as a multi-word variant F (F contains C, or ends with the start
    of C, or starts with the end of C), the next run would rewrite F.  Only rules
    with multi-word forms can do this, so the others cost nothing to check.
    """
    if not any(len(phrase_key(form)) > 1 for e in rules.entities.values() for form in _all_forms(e)):
        return
    for styled in [rules.with_style(style) for style in (None, *sorted(rules.styles))]:
        for lexicon in styled.lexicons():
            written = {key: phrase_key(form.written) for key, form in lexicon.forms.items() if form.written}
            produced_with: dict[str, set[tuple[str, ...]]] = {}  # a word -> the produced forms that have it
            for key, target in written.items():
                if target != key:
                    for word in target:
                        produced_with.setdefault(word, set()).add(target)
            for key, form in sorted(lexicon.forms.items()):
                if len(key) < 2 or written.get(key, key) == key:
                    continue
                # Only a produced form that shares a word with the variant can overlap it.
                for target in sorted({t for word in key for t in produced_with.get(word, ())}):
                    if _overlaps(key, target):
                        source, _, line = form.rule.rpartition(":")
                        variant = " ".join(key)
                        raise RulesError(
                            source, int(line),
                            f"in {lexicon.language}, the variant '{variant}' of entity '{form.entity}' overlaps "
                            f"'{' '.join(target)}', which other spellings become: a second run would rewrite "
                            f"'{variant}' again; remove the variant, or make the phrase an exception",
                        )


def _overlaps(variant: tuple[str, ...], target: tuple[str, ...]) -> bool:
    """Does ``target`` lie inside ``variant``, or overlap one of its ends?

    >>> _overlaps(("donetsk", "peoples", "republic"), ("donetsk",)), _overlaps(("a", "b"), ("b", "a"))
    (True, True)
    >>> _overlaps(("new", "york"), ("boston",))
    False
    """
    if len(target) < len(variant) and _contains(variant, target):
        return True
    return any(
        variant[-k:] == target[:k] or variant[:k] == target[-k:] for k in range(1, min(len(variant), len(target)))
    )


def _contains(phrase: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(phrase[i:i + len(part)] == part for i in range(len(phrase) - len(part) + 1))


def _check_keys(table, allowed: set[str], label: str, line: int, what: str) -> None:
    if not isinstance(table, dict):
        raise RulesError(label, line, f"{what} must be a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RulesError(label, line, f"unknown key {unknown[0]!r} in {what}; allowed: {', '.join(sorted(allowed))}")


def _text_list(table: dict, key: str, label: str, line: int, entity_id: str) -> list[str]:
    value = table.get(key, [])
    if not _is_list_of_text(value):
        raise RulesError(label, line, f"entity '{entity_id}': {key} must be a list of strings")
    return list(value)


def _is_list_of_text(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_table_of(value, kind: type) -> bool:
    return isinstance(value, dict) and all(isinstance(item, kind) for item in value.values())


class _LocatedStrings:
    """Finds the line of each string (and key) of a TOML text, per ``[[name]]`` table.

    tomllib gives values without positions; errors must still name the line.
    Table ``("", 0)`` is the file's top level, ``("entity", n)`` the n-th ``[[entity]]``.
    """

    _TOKEN = re.compile(
        r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|^\s*\[\[\s*([A-Za-z_][\w-]*)\s*\]\]|^\s*\[[^\]]*\]|^\s*([A-Za-z_][\w-]*)\s*='
    )

    def __init__(self, text: str):
        self._headers: dict[str, list[int]] = {}
        self._strings: dict[tuple[str, int], dict[str, int]] = {("", 0): {}}
        current = ("", 0)
        for number, line in enumerate(text.splitlines(), start=1):
            for match in self._TOKEN.finditer(line):
                token = match.group()
                if token == "#":
                    break
                if match.group(1):
                    headers = self._headers.setdefault(match.group(1), [])
                    headers.append(number)
                    current = (match.group(1), len(headers))
                    self._strings[current] = {}
                elif token.lstrip().startswith("["):
                    current = ("", 0)  # a [table]: the top level's keys
                elif match.group(2):
                    self._strings[current].setdefault(f"key:{match.group(2)}", number)
                else:
                    self._strings[current].setdefault(_unquote(token), number)

    def header_line(self, name: str, index: int) -> int:
        headers = self._headers.get(name, [])
        return headers[index - 1] if 0 < index <= len(headers) else 1

    def line_of(self, table: tuple[str, int], value: str) -> int | None:
        return self._strings.get(table, {}).get(value)


def _unquote(token: str) -> str:
    if token.startswith("'") or "\\" not in token:  # nothing escaped: no need to decode
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
