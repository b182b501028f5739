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

import errno
import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from normalize.errors import NormalizeError, RulesError
from normalize.stages.encoding import fix_encoding
from normalize.text import WORD, joins_name, match_case, phrase_key, script_of

try:  # the parser tomllib was made from, compiled: three times faster on a large rules file
    from tomli import TOMLDecodeError as _FastTOMLError, loads as _fast_toml_loads
except ImportError:  # an install without it reads with tomllib alone
    _FastTOMLError, _fast_toml_loads = tomllib.TOMLDecodeError, tomllib.loads

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
_WORD_AND_GAPS = re.compile(f"({WORD.pattern})")  # text.WORD, with the gaps between the words kept


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
        for forms in self.styles.values():
            pairs += forms.items()
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
        return max(map(len, chain(self.exceptions, self.entity_of)), default=0)  # entity_of has every form

    @cached_property
    def form_starts(self) -> frozenset[str]:
        """The first words of the forms: the only words where a form can begin."""
        return frozenset(map(itemgetter(0), self.forms))

    @cached_property
    def exception_starts(self) -> frozenset[str]:
        return frozenset(map(itemgetter(0), self.exceptions))


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
    paradigms: dict[str, Paradigm] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)  # name -> what it is, where it comes from
    romanizations: dict[str, Romanization] = field(default_factory=dict)
    style: str | None = None  # the selected house style; None is the default
    rejected: list[Rejection] = field(default_factory=list)  # written by ``normalize review``
    keys: Remembered = field(default_factory=lambda: Remembered(phrase_key), repr=False, compare=False)
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
        words = {word for e in self.entities.values() for form in _all_forms(e) for word in self.keys[form]}
        # The only other words of a lexicon are cases of declined forms, which only inflected entities have.
        inflected = self.restricted_to({e.id for e in self.entities.values() if e.inflection})
        for lexicon in inflected.lexicons(self.spoken_languages()):
            for key, form in lexicon.forms.items():
                words.update(key)
                words.update(phrase_key(form.written or ""))
        return frozenset(words)

    def spoken_languages(self) -> list[str]:
        """Every language a lexicon may exist for: those of the rules, of canonicals and of unsettled forms."""
        languages = set(self.languages)
        for entity in self.entities.values():
            languages.update(key for key in entity.canonical if key != DEFAULT_STYLE)
            languages.update(entity.unsettled)
        return sorted(languages)

    def lexicons(self, languages: list[str]) -> list[Lexicon]:
        """The lexicons of ``languages`` (see :meth:`spoken_languages`), without and with romanisation."""
        found = (self.lexicon(language, romanize) for language in languages for romanize in (False, True))
        return [lexicon for lexicon in found if lexicon is not None]

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        return {self.keys[form]: e.id for e in self.entities.values() for form in _all_forms(e)}

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
        entries = _Entries()
        if self.languages:
            self._add(alike, entries, min(self.languages), False)
        forms = entries.forms()
        return _Alike(particular, entries, forms, {**self._entity_of, **{key: form.entity for key, form in forms.items()}})

    def _compile(self, language: str, romanize: bool) -> Lexicon | None:
        alike = self._alike
        own = _Entries()
        self._add(alike.particular, own, language, romanize)
        if language in self.languages:  # the alike entities speak for it
            forms = {**own.declined, **alike.forms, **own.listed, **own.canonical}
            for key in alike.forms.keys() & set(own.keys()):
                forms[key] = _first_claim(key, (alike.entries, own), self._rank)
            entity_of, exceptions = dict(alike.entity_of), alike.entries.exceptions | own.exceptions
        else:
            forms, entity_of, exceptions = own.forms(), dict(self._entity_of), own.exceptions
        if not forms:
            return None
        entity_of.update((key, forms[key].entity) for key in own.keys())
        return Lexicon(language, forms, frozenset(exceptions), entity_of)

    def _add(self, entities: Iterable[Entity], entries: _Entries, language: str, romanize: bool) -> None:
        """Add the forms of ``entities`` in ``language`` to ``entries``."""
        key, script_of, listed, declined = (
            self.keys.__getitem__, self.scripts.__getitem__, entries.listed.setdefault, entries.declined.setdefault
        )
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
                rule = entity.where(variant)
                listed(key(variant), Form(entity.id, canonical, rule, before))
                for cases in self._declensions(entity, variant, language, script):
                    for case, surfaces in cases.items():
                        written = targets[case][0] if targets and case in targets else None
                        for surface in surfaces:
                            declined(key(surface), Form(entity.id, canonical, rule, before, written))
            if canonical is not None:
                # The canonical and its cases map to themselves, so that wrong casing (``kyiv``) is put right.
                rule = entity.where(canonical)
                cases = [s for surfaces in targets.values() for s in surfaces] if targets else []
                for surface in [canonical, *cases]:
                    entries.canonical.setdefault(key(surface), Form(entity.id, canonical, rule, None, surface))
            if entity.exceptions:
                entries.exceptions.update(map(key, entity.exceptions))

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


def _all_forms(entity: Entity) -> list[str]:
    forms = [*entity.canonical.values(), *entity.variants, *entity.context_variants]
    for styled in entity.styles.values():
        forms += styled.values()
    for unsettled in entity.unsettled.values():
        forms += unsettled
    return forms


@dataclass
class _Entries:
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


@dataclass(frozen=True)
class _Alike:
    """The entities compiled for each lexicon, and the forms of the others, compiled once."""

    particular: list[Entity]
    entries: _Entries
    forms: dict[tuple[str, ...], Form]  # ``entries`` as one table
    entity_of: dict[tuple[str, ...], str]  # the rules' forms, and those of ``forms``, to their entity


def _first_claim(key: tuple[str, ...], groups: Iterable[_Entries], rank: dict[str, int]) -> Form:
    """The form that keeps ``key`` among the entries of groups of entities compiled apart: a canonical
    wins over a variant, a variant over a declined case, and of two entities the earlier.

    >>> a, b = _Entries(), _Entries(listed={("x",): Form("b", "B", "r:2")})
    >>> a.listed[("x",)] = Form("a", "A", "r:1")
    >>> _first_claim(("x",), [a, b], {"a": 1, "b": 0}).entity
    'b'
    >>> b.canonical[("x",)] = Form("b", "X", "r:3")
    >>> _first_claim(("x",), [a, b], {"a": 0, "b": 1}).rule
    'r:3'
    """
    for table in ("canonical", "listed", "declined"):
        claims = [getattr(group, table)[key] for group in groups if key in getattr(group, table)]
        if claims:
            return min(claims, key=lambda form: rank[form.entity])
    raise KeyError(key)


def _is_alike(entity: Entity, scripts: Remembered) -> bool:
    """Has ``entity`` the same forms in every language its rules speak for, romanised or not?

    True for one canonical without paradigms, styles or unsettled forms, unless a
    Latin canonical has Cyrillic variants (which romanisation adds to a lexicon).
    """
    if entity.styles or entity.unsettled or entity.inflection or list(entity.canonical) != [DEFAULT_STYLE]:
        return False
    latin = scripts[entity.canonical[DEFAULT_STYLE]] == "Latn"
    return not latin or all(scripts[form] != "Cyrl" for form in (*entity.variants, *entity.context_variants))


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
            sources.append((str(path), read_regular_file(path).decode("utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(str(path), None, f"cannot read the rules file ({_why(error)}); check the path given to --rules") from None
    return sources


def read_regular_file(path: str | Path) -> bytes:
    """The bytes of the file at ``path``; OSError if it is not a regular file.

    Opened without blocking and checked before reading: a named pipe or a device
    would otherwise wait forever for data, a folder fail with a puzzling error.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = _FILE_KINDS.get(stat.S_IFMT(os.fstat(descriptor).st_mode), "special file")
        if kind != "file":
            raise OSError(errno.EINVAL, f"it is a {kind}, not a regular file", str(path))
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_FILE_KINDS = {
    stat.S_IFREG: "file", stat.S_IFDIR: "folder", stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "device", stat.S_IFBLK: "device", stat.S_IFSOCK: "socket",
}


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
    owner: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)  # (script, form's key) -> entity id
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

    def lines_of(self, index: int) -> dict[str, int]:
        """The line of each string (and ``key:name``) of the ``index``-th table."""
        return self.located.lines_of((self.key, index))

    def error(self, line: int | None, message: str) -> RulesError:
        return RulesError(self.label, line, message)


def _read_toml(label: str, text: str) -> tuple[dict, "_LocatedStrings"]:
    try:
        try:
            data = _fast_toml_loads(text)
        except _FastTOMLError:
            data = tomllib.loads(text)  # to report its error, worded as ever
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
        entity = _parse_entity(where, table, index, loading.rules.keys)
        _claim(loading, _merge(loading.rules.entities, entity), entity)
        loading.added.append(entity)


def _parse_entity(where: _Where, table: dict, index: int, keys: Remembered) -> Entity:
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
    # The optional tables are checked only where given (most entities have none of them).
    context = table.get("context_variants", {})
    if "context_variants" in table:
        _check_keys(context, _CONTEXT_KEYS, label, line, f"context_variants of '{entity_id}'")
    inflection = table.get("inflection", {})
    if isinstance(inflection, dict) and inflection:
        inflection = {language: [p] if isinstance(p, str) else p for language, p in inflection.items()}
    if "inflection" in table and (
        not _is_table_of(inflection, list) or not all(_is_list_of_text(v) and v for v in inflection.values())
    ):
        raise where.error(line, f"entity '{entity_id}': inflection must be a table of language = \"paradigm id\"")
    styles = table.get("styles", {})
    if "styles" in table and (not _is_table_of(styles, dict) or not all(_is_table_of(s, str) for s in styles.values())):
        raise where.error(line, f"entity '{entity_id}': styles must look like {{ ap = {{ en = \"Zelenskyy\" }} }}")
    unsettled = table.get("unsettled", {})
    if "unsettled" in table and (
        not _is_table_of(unsettled, list) or not all(_is_list_of_text(f) and f for f in unsettled.values())
    ):
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
        unsettled={language: list(forms) for language, forms in unsettled.items()} if unsettled else {},
    )
    forms = _all_forms(entity) + entity.exceptions
    located = forms + [p for ids in inflection.values() for p in ids] if inflection else forms
    strings = where.lines_of(index)
    entity.lines = {form: strings.get(form) or line for form in located}
    written = set(_all_forms(entity))  # exceptions are never written: they only need words to be found
    for form in forms:
        problem = _unreadable(form) if form in written else _wordless(form)
        if problem:
            raise where.error(entity.lines[form], f"entity '{entity_id}': {problem}")
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


def _unreadable(form: str) -> str | None:
    """Why the spelling stage could not read ``form`` back as one name, or None.

    Names are found word by word (``text.WORD``), the words of one name joined by the
    gaps ``text.joins_name`` accepts; whatever lies outside the words is never matched.
    A canonical that begins or ends outside a word grows on every run (``Yahoo!`` ->
    ``Yahoo!!``), one whose words do not join is read as separate names.

    >>> _unreadable("Kyiv-Pechersk Lavra") is None, _unreadable("Yahoo!")
    (True, "'Yahoo!' ends with '!', which is not part of a word: names are found by their words, so a canonical would gain another '!' on every run and a variant would match without it; write 'Yahoo'")
    """
    wordless = _wordless(form)
    if wordless:
        return wordless
    pieces = _WORD_AND_GAPS.split(form)  # gap, word, gap, ..., word, gap
    for edge, gap in (("begins", pieces[0]), ("ends", pieces[-1])):
        if gap:
            return (f"{form!r} {edge} with {gap!r}, which is not part of a word: names are found by their words, "
                    f"so a canonical would gain another {gap!r} on every run and a variant would match without it; "
                    f"write {form[len(pieces[0]):len(form) - len(pieces[-1])]!r}")
    for before, gap, after in zip(pieces[1:-2:2], pieces[2:-1:2], pieces[3::2]):
        if not joins_name(gap):
            return (f"{form!r} has {gap!r} between '{before}' and '{after}', which ends a sentence or is too long "
                    "to join the words of one name, so it would be read as two names; "
                    "join them with a space, a hyphen or an apostrophe")
    return None


def _wordless(form: str) -> str | None:
    """Why ``form`` has no word to find (empty, or only punctuation and spaces), or None."""
    if not form:
        return "'' is an empty form; write a name or delete it"
    if not WORD.search(form):
        return (f"{form!r} has no letters or digits, only punctuation or spaces: names are found by their words, "
                "so it would never match; write a name or delete it")
    return None


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


def _claim(loading: _Loading, merged: Entity, added: Entity) -> None:
    """Each form belongs to one entity; a canonical may not be another entity's variant."""
    key, script_of, owner = loading.rules.keys.__getitem__, loading.rules.scripts.__getitem__, loading.owner
    for form in _all_forms(added):
        holder = owner.setdefault((script_of(form), key(form)), merged.id)
        if holder != merged.id:
            raise RulesError(
                added.source, added.lines[form],
                f"'{form}' of entity '{merged.id}' is already a form of entity '{holder}': "
                "a form may belong to one entity only; remove it from one of them",
            )
    for exception in added.exceptions:
        if not any(_contains(key(exception), key(f)) for f in _all_forms(merged)):
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
            if paradigm_id != entity.inflection[language][0] or not canonical:
                continue
            cases = paradigm.decline(canonical)
            if cases is None:
                raise RulesError(
                    entity.source, entity.lines.get(canonical, line),
                    f"entity '{entity.id}': '{canonical}' does not end in the nominative ending "
                    f"{paradigm.endings[NOMINATIVE][0]!r} of paradigm '{paradigm_id}'",
                )
            for case, surface in ((case, s) for case, surfaces in cases.items() for s in surfaces):
                problem = _unreadable(surface)
                if problem:
                    raise RulesError(
                        paradigm.source, paradigm.line,
                        f"paradigm '{paradigm_id}' writes the {case} of '{canonical}' (entity '{entity.id}') "
                        f"as {surface!r}, which it cannot use: {problem}",
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

    Two ways a written form can be rewritten again: read alone, a second run finds
    another rule in it (:func:`_check_read_back`), or together with the words around
    it, it reads as a multi-word variant (:func:`_check_overlaps`).  Only
    the entities that may take part are compiled (:func:`_may_read_otherwise`,
    :func:`_may_overlap`): a file of one-word names costs nothing to check.
    """
    multiword = any(len(rules.keys[form]) > 1 for e in rules.entities.values() for form in _all_forms(e))
    ids = _may_read_otherwise(rules) | (_may_overlap(rules) if multiword else set())
    if not ids:
        return
    languages = rules.spoken_languages()
    involved = rules.restricted_to(ids)
    for style in (None, *sorted(rules.styles)):
        styled = involved.with_style(style)
        for lexicon in styled.lexicons(_restyled(styled, languages)):
            _check_read_back(lexicon)
            if multiword:
                _check_overlaps(lexicon)


def _may_read_otherwise(rules: Rules) -> set[str]:
    """The ids of the entities a second run might read differently from what they write.

    A one-word canonical reads back as itself, in capitals too, unless its capitals
    fold to other letters (``Diyarbakır``, ``DIYARBAKIR``) or are not all capitals.
    The others: entities with a paradigm (their cases), or a canonical of several
    words, or such capitals, and the entities that hold the forms of those capitals.
    """
    ids, capitals = set(), set()
    for entity in rules.entities.values():
        if entity.inflection:
            ids.add(entity.id)
        for _, written in entity.canonicals_by_language():
            upper = written.upper()
            if len(rules.keys[written]) > 1 or rules.keys[upper] != rules.keys[written] or match_case(upper, written) != upper:
                ids.add(entity.id)
                capitals.add(rules.keys[upper])
    if capitals:
        ids.update(e.id for e in rules.entities.values() if any(rules.keys[f] in capitals for f in _all_forms(e)))
    return ids


def _check_read_back(lexicon: Lexicon) -> None:
    """Each form the lexicon writes, as written and in capitals, is left as it is by a second run."""
    from normalize.stages.spelling import find_mentions  # the stage itself judges; it imports this module

    written = {form.written: form for form in lexicon.forms.values() if form.written}
    for text, form in sorted(written.items()):
        for again in dict.fromkeys((text, text.upper())):
            for mention in find_mentions(again, lexicon):
                if mention.form != mention.replacement:
                    source, _, line = form.rule.rpartition(":")
                    raise RulesError(
                        source, int(line),
                        f"in {lexicon.language}, entity '{form.entity}' writes '{again}', in which a second run "
                        f"would rewrite '{mention.form}' to '{mention.replacement}' (rule {mention.rule}): the text "
                        "would change on every run; remove one of the two forms, or make them one entity",
                    )


def _check_overlaps(lexicon: Lexicon) -> None:
    """No multi-word form overlaps a form that other spellings become.

    Where one spelling of a name becomes the form C, and C together with the words
    around it reads as another multi-word form F (F contains C, or ends with the start
    of C, or starts with the end of C), the next run would rewrite F: into its
    canonical, or, when F is a canonical itself, into its casing (``MUAMMAR Gaddafi``).
    Unless F contains C and each spelling that becomes C, in its place, makes a form
    written as F is (``Kiev Oblast`` beside ``Kyiv Oblast``): the first run reads that.
    """
    written = {key: phrase_key(form.written) for key, form in lexicon.forms.items() if form.written}
    becomes: dict[tuple[str, ...], list[tuple[str, ...]]] = {}  # a produced form -> the spellings that become it
    produced_with: dict[str, set[tuple[str, ...]]] = {}  # a word -> the produced forms that have it
    for key, target in written.items():
        if target != key:
            becomes.setdefault(target, []).append(key)
            for word in target:
                produced_with.setdefault(word, set()).add(target)
    # Forms that rewrite first: their message is the one a rule author expects.
    for key, form in sorted(lexicon.forms.items(), key=lambda item: (written.get(item[0]) == item[0], item[0])):
        if len(key) < 2 or form.written is None:
            continue
        # Only a produced form that shares a word with this one can overlap it.
        for target in sorted({t for word in key for t in produced_with.get(word, ())} - {key}):
            if _overlaps(key, target) and not _read_whole_first(key, target, becomes[target], lexicon.forms):
                source, _, line = form.rule.rpartition(":")
                phrase = " ".join(key)
                raise RulesError(
                    source, int(line),
                    f"in {lexicon.language}, the form '{phrase}' of entity '{form.entity}' overlaps "
                    f"'{' '.join(target)}', which other spellings become: a second run would rewrite "
                    f"'{phrase}' again; give it a variant for each spelling that becomes '{' '.join(target)}' "
                    "(that spelling in its place), remove one of the two forms, or make the phrase an exception",
                )


def _read_whole_first(key: tuple[str, ...], target: tuple[str, ...], spellings: list[tuple[str, ...]],
                      forms: dict[tuple[str, ...], Form]) -> bool:
    """Does ``key`` contain ``target`` (without overlapping it at an end), and does each of the ``spellings``
    that become ``target``, put in its place, make a form written as ``key`` is?

    >>> kyiv = Form("kyiv-oblast", "Kyiv Oblast", "r:1")
    >>> forms = {("kyiv", "oblast"): kyiv, ("kiev", "oblast"): kyiv}
    >>> _read_whole_first(("kyiv", "oblast"), ("kyiv",), [("kiev",)], forms)
    True
    >>> _read_whole_first(("kyiv", "oblast"), ("kyiv",), [("kiev",), ("kiew",)], forms)
    False
    """
    length = len(target)
    if any(key[-k:] == target[:k] or key[:k] == target[-k:] for k in range(1, min(len(key), length))):
        return False
    places = [i for i in range(len(key) - length + 1) if key[i:i + length] == target]
    written = forms[key].written
    return bool(places) and all(
        (form := forms.get(key[:i] + spelling + key[i + length:])) is not None and form.written == written
        for i in places for spelling in spellings
    )


def _restyled(rules: Rules, languages: list[str]) -> list[str]:
    """Those of ``languages`` whose lexicons the style of ``rules`` changes (all, without a style):
    the others are the same as without it."""
    if rules.style is None:
        return languages
    restyled = {language for e in rules.entities.values() for language in e.styles.get(rules.style, {})}
    return [language for language in languages if language in restyled]


def _may_overlap(rules: Rules) -> set[str]:
    """The ids of the entities whose forms the stability check must compile.

    A lexicon's multi-word keys come from entities with a multi-word form or a
    paradigm (the *wide* ones); only a produced form that shares a word with such a
    key can overlap it, so an entity whose forms share no word with any form or case
    of a wide entity, and no key with another entity (which decides who keeps the
    key), adds nothing the check could find: its lexicons are left uncompiled.
    """
    keys = {e.id: list(map(rules.keys.__getitem__, _all_forms(e))) for e in rules.entities.values()}
    wide = [e for e in rules.entities.values() if e.inflection or max(map(len, keys[e.id]), default=0) > 1]
    words: set[str] = set()
    for entity in wide:
        paradigms = [rules.paradigms[p] for ids in entity.inflection.values() for p in ids]
        for form in _all_forms(entity):
            words.update(rules.keys[form])
            cases = (paradigm.decline(form) or {} for paradigm in paradigms)
            words.update(word for table in cases for surfaces in table.values() for s in surfaces for word in phrase_key(s))
    last_holder: dict[tuple[str, ...], str] = {}
    for entity_id, entity_keys in keys.items():
        last_holder.update(dict.fromkeys(entity_keys, entity_id))
    # Keys of two entities (one spelling in two scripts): some holder is not the last.
    shared = {key for entity_id, entity_keys in keys.items() for key in entity_keys if last_holder[key] != entity_id}
    return {e.id for e in wide} | {
        entity_id for entity_id, entity_keys in keys.items()
        if not words.isdisjoint(chain.from_iterable(entity_keys)) or not shared.isdisjoint(entity_keys)
    }


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
    if key not in table:
        return []
    value = table[key]
    if not _is_list_of_text(value):
        raise RulesError(label, line, f"entity '{entity_id}': {key} must be a list of strings")
    return list(value)


def _is_list_of_text(value) -> bool:
    return isinstance(value, list) and all(map(isinstance, value, repeat(str)))


def _is_table_of(value, kind: type) -> bool:
    return isinstance(value, dict) and all(map(isinstance, value.values(), repeat(kind)))


class _LocatedStrings:
    """Finds the line of each string (and key) of a TOML text, per ``[[name]]`` table.

    tomllib gives values without positions; errors must still name the line.
    Table ``("", 0)`` is the file's top level, ``("entity", n)`` the n-th ``[[entity]]``.
    """

    # One pass over the text, tokens within a line (line breaks as str.splitlines counts them);
    # a line break is read with what starts the next line: a [[header]], a [table] or a key.
    _BREAK = r"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    _SPACE = rf"[^\S{_BREAK}]*"
    _TOKEN = re.compile(
        rf"""("[^"\\{_BREAK}]*(?:\\[^{_BREAK}][^"\\{_BREAK}]*)*"|'[^'{_BREAK}]*')|#[^{_BREAK}]*"""
        rf"|(\r\n|[{_BREAK}]){_SPACE}(?:\[\[{_SPACE}([A-Za-z_][\w-]*){_SPACE}\]\]|(\[[^\]{_BREAK}]*\])|([A-Za-z_][\w-]*){_SPACE}=|)"
    )

    def __init__(self, text: str):
        self._headers: dict[str, list[int]] = {}
        self._strings: dict[tuple[str, int], dict[str, int]] = {("", 0): {}}
        strings = self._strings[("", 0)]
        number = 0
        for string, line_break, header, table, key in self._TOKEN.findall("\n" + text):
            if string:
                strings.setdefault(_unquote(string) if "\\" in string else string[1:-1], number)
            if not line_break:
                continue  # a string or a comment
            number += 1
            if key:
                strings.setdefault(f"key:{key}", number)
            elif header:
                headers = self._headers.setdefault(header, [])
                headers.append(number)
                strings = self._strings[(header, len(headers))] = {}
            elif table:  # [entity.canonical] belongs to the last [[entity]]; another [table] to the top level
                name = table[1:-1].partition(".")[0].strip()
                strings = self._strings[(name, len(self._headers[name])) if name in self._headers else ("", 0)]

    def header_line(self, name: str, index: int) -> int:
        headers = self._headers.get(name, [])
        return headers[index - 1] if 0 < index <= len(headers) else 1

    def line_of(self, table: tuple[str, int], value: str) -> int | None:
        return self.lines_of(table).get(value)

    def lines_of(self, table: tuple[str, int]) -> dict[str, int]:
        return self._strings.get(table, {})


def _unquote(token: str) -> str:
    if token.startswith("'") or "\\" not in token:  # nothing escaped: no need to decode
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
