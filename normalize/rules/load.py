"""Reading house-style rules: the built-in files and the user's, TOML parsed and validated into
:class:`~normalize.rules.model.Rules`; every error names the file and the line.

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

    apostrophe_suffixes = { en = ["s"] }             # may follow a name after an apostrophe: Kyiv's

The top-level keys are those of ``_TABLE_PARSERS``, each parsed by its function;
anything else is an error.  Once parsed, the rules go through the checks of
:mod:`normalize.rules.checks`; rules that pass them are kept in the start-up cache
(:mod:`normalize.rules.cached`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Callable, Iterable

from normalize.errors import RulesError
from normalize.rules.cached import checked_rules
from normalize.rules.checks import check_claims, check_forms, check_references, check_stable
from normalize.rules.located import LocatedStrings
from normalize.rules.derive import derive
from normalize.rules.files import read_regular_file
from normalize.rules.named_after import name_after_places
from normalize.rules.name_context import add_homonyms, add_name_contexts, check_homonyms
from normalize.rules.native import read_derive, read_names, read_native
from normalize.rules.model import (
    DEFAULT_CANONICAL, DEFAULT_STYLE, NOMINATIVE, Entity, Paradigm, Rejection, Romanization, Rules,
)
from normalize.text import phrase_key

try:  # the parser tomllib was made from, compiled: three times faster on a large rules file
    from tomli import TOMLDecodeError as _FastTOMLError, loads as _fast_toml_loads
except ImportError:  # an install without it reads with tomllib alone
    _FastTOMLError, _fast_toml_loads = tomllib.TOMLDecodeError, tomllib.loads

BUILTIN_PACKAGE = "normalize.builtin_rules"
LOCAL_FILE = "local.toml"  # a reviewer's file (normalize review), never a built-in one
_ENTITY_KEYS = {
    "id", "kind", "canonical", "variants", "context_variants", "exceptions", "inflection", "styles", "unsettled",
    "native", "derive", "not_variants", "former", "named_after",
}
_CONTEXT_KEYS = {"before", "forms"}
_PARADIGM_KEYS = {"id", "language", "about", "endings"}
_ROMANIZATION_KEYS = {"language", "system", "source", "letters", "initial", "sequences"}
_REJECTED_KEYS = {"forms", "language"}


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
    return checked_rules(rule_sources(paths, builtin), parse_rules).with_style(style)


def rule_sources(paths: Iterable[str | Path] = (), builtin: bool = True) -> list[tuple[str, str]]:
    """The ``(label, text)`` pairs that :func:`load_rules` parses."""
    sources = builtin_rule_files() if builtin else []
    for path in paths:
        try:
            sources.append((str(path), read_regular_file(path).decode("utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(str(path), None, f"cannot read the rules file ({_why(error)}); check the path given to --rules") from None
    return sources


def _why(error: Exception) -> str:
    """What went wrong reading a file, without the path the message names already."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"not UTF-8 text at byte {error.start}" if isinstance(error, UnicodeDecodeError) else str(error)


def parse_rules(sources: Iterable[tuple[str, str]]) -> Rules:
    """Parse and validate ``(label, toml_text)`` pairs into :class:`Rules`."""
    loading = _Loading(Rules({}, set()))
    for label, text in sources:
        data, located = _read_toml(label, text)
        _check_keys(data, set(_TABLE_PARSERS), label, 1, "the file")
        for key, parser in _TABLE_PARSERS.items():
            if key in data:
                parser(loading, data[key], _Where(label, located, key))
    derive(loading.rules)  # the spellings of native names, once every hand-written form is known
    name_after_places(loading.rules, loading.named_after)  # and of the names that hold a place's name
    for entity in loading.added:
        check_references(loading.rules, entity)
    check_stable(loading.rules)
    check_homonyms(loading.rules)
    return loading.rules


@dataclass
class _Loading:
    """The rules loaded so far, and what validation needs to know about them."""

    rules: Rules
    owner: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)  # (script, form's key) -> entity id
    added: list[Entity] = field(default_factory=list)
    named_after: dict[str, str] = field(default_factory=dict)  # entity id -> the place whose name it holds


@dataclass(frozen=True)
class _Where:
    """Where the tables of one top-level key of one file are, for error messages."""

    label: str
    located: LocatedStrings
    key: str

    def line(self, index: int = 0) -> int:
        return self.located.header_line(self.key, index)

    def lines_of(self, index: int) -> dict[str, int]:
        """The line of each string (and ``key:name``) of the ``index``-th table."""
        return self.located.lines_of((self.key, index))

    def key_line(self, name: str) -> int | None:
        """The line of the top-level key ``name`` of the file."""
        return self.located.line_of(("", 0), f"key:{name}")

    def error(self, line: int | None, message: str) -> RulesError:
        return RulesError(self.label, line, message)


def _read_toml(label: str, text: str) -> tuple[dict, LocatedStrings]:
    try:
        try:
            data = _fast_toml_loads(text)
        except _FastTOMLError:
            data = tomllib.loads(text)  # to report its error, worded as ever
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise RulesError(label, int(line.group(1)) if line else None, f"invalid TOML: {error}") from None
    return data, LocatedStrings(text)


def _parse_languages(loading: _Loading, value, where: _Where) -> None:
    if not _is_list_of_text(value):
        raise where.error(where.key_line("languages"), "'languages' must be a list of language codes")
    loading.rules.languages.update(value)
    loading.rules.languages_of[where.label] = frozenset(value)


def _parse_styles(loading: _Loading, value, where: _Where) -> None:
    line = where.key_line("styles")
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise where.error(line, "'styles' must be a table of style names and descriptions, e.g. ap = \"AP Stylebook\"")
    if DEFAULT_STYLE in value:
        raise where.error(line, f"'{DEFAULT_STYLE}' is the style of the canonical forms; do not redefine it")
    loading.rules.styles.update(value)


def _tables(value, where: _Where) -> list[dict]:
    if not isinstance(value, list):
        raise where.error(where.key_line(where.key), f"use [[{where.key}]] tables")
    return value


def _parse_entities(loading: _Loading, value, where: _Where) -> None:
    for index, table in enumerate(_tables(value, where), start=1):
        entity = _parse_entity(where, table, index)
        if "named_after" in table:
            if not isinstance(table["named_after"], str):
                raise where.error(entity.line, f"entity '{entity.id}': named_after must be the id of a place, e.g. named_after = \"kyiv\"")
            loading.named_after[entity.id] = table["named_after"]
        check_claims(loading.rules, loading.owner, _merge(loading.rules.entities, entity), entity)
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
        canonical = {DEFAULT_CANONICAL: canonical}
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
    strings = where.lines_of(index)
    entity = Entity(
        id=entity_id,
        source=label,
        line=line,
        kind=table.get("kind") if isinstance(table.get("kind"), str) else None,
        canonical=canonical,
        variants=_text_list(table, "variants", label, line, entity_id),
        context_before=context.get("before"),
        context_variants=_text_list(context, "forms", label, line, entity_id),
        exceptions=_text_list(table, "exceptions", label, line, entity_id),
        inflection=inflection,
        styles=styles,
        unsettled={language: list(forms) for language, forms in unsettled.items()} if unsettled else {},
        native=read_native(table, entity_id, (label, line), strings),
        derive=read_derive(table, entity_id, (label, line), strings),
        not_variants=read_names(table, "not_variants", entity_id, (label, line), strings),
        former=read_names(table, "former", entity_id, (label, line), strings),
    )
    forms = entity.all_forms() + entity.exceptions + entity.former + entity.not_variants + list(entity.native.values())
    located = forms + [p for ids in inflection.values() for p in ids] if inflection else forms
    entity.lines = {form: strings.get(form) or line for form in located}
    check_forms(entity)
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


def _parse_apostrophe_suffixes(loading: _Loading, value, where: _Where) -> None:
    """``apostrophe_suffixes = { en = ["s"] }``: what may follow a name after an apostrophe in a language
    (English ``Kyiv's``); elsewhere an apostrophe and letters make the name part of a longer word."""
    if not _is_table_of(value, list) or not all(map(_is_list_of_text, value.values())):
        raise where.error(where.key_line("apostrophe_suffixes"),
                          "'apostrophe_suffixes' must be a table of language = [suffixes], e.g. { en = [\"s\"] }")
    for language, suffixes in value.items():
        loading.rules.apostrophe_suffixes.setdefault(language, set()).update(map(str.casefold, suffixes))


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


_TABLE_PARSERS: dict[str, Callable[[_Loading, object, _Where], None]] = {
    "languages": _parse_languages,
    "styles": _parse_styles,
    "entity": _parse_entities,
    "paradigm": _parse_paradigms,
    "romanization": _parse_romanizations,
    "rejected": _parse_rejected,
    "apostrophe_suffixes": _parse_apostrophe_suffixes,
    "name_context": lambda loading, value, where: add_name_contexts(loading.rules, value, where.label, where.line()),
    "homonym": lambda loading, value, where: add_homonyms(loading.rules, value, where.label, where.line()),
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
    known.native.update(entity.native)
    known.former += entity.former
    known.not_variants += entity.not_variants
    known.derive = known.derive and entity.derive
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

