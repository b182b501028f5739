"""House-style rules: loaded from TOML files, validated, compiled into one lexicon per language.

A rules file lists the languages it speaks for and one ``[[entity]]`` table per
name (see ``rules/ukraine.toml``)::

    languages = ["en", "de"]

    [[entity]]
    id = "kyiv"
    canonical = { default = "Kyiv", de = "Kiew" }
    variants = ["Kiev", "Kyjiw"]
    exceptions = ["Chicken Kiev"]

In a language, an entity's forms are its variants and the canonical forms of its
other languages, written in the script of that language's canonical.  Every
error names the file and the line.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable

from normalize.errors import RulesError
from normalize.text import phrase_key, script_of

BUILTIN_PACKAGE = "normalize.builtin_rules"
_FILE_KEYS = {"languages", "entity"}
_ENTITY_KEYS = {"id", "kind", "canonical", "variants", "context_variants", "exceptions"}
_CONTEXT_KEYS = {"before", "forms"}


@dataclass(frozen=True)
class Form:
    """What a form found in text stands for: its entity, the canonical to write, the rule."""

    entity: str
    canonical: str
    rule: str
    before_entity: str | None = None  # a context variant: only when this entity follows


@dataclass
class Entity:
    """One name with its canonical form per language, variants and exceptions."""

    id: str
    source: str
    line: int
    canonical: dict[str, str] = field(default_factory=dict)
    variants: list[str] = field(default_factory=list)
    context_before: str | None = None
    context_variants: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # form -> line in its file

    def canonical_for(self, language: str, languages: set[str]) -> str | None:
        if language in self.canonical:
            return self.canonical[language]
        return self.canonical.get("default") if language in languages else None

    def where(self, form: str) -> str:
        return f"{self.source}:{self.lines.get(form, self.line)}"


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


@dataclass
class Rules:
    """A validated set of entities and the languages they speak for."""

    entities: dict[str, Entity]
    languages: set[str]

    def lexicon(self, language: str) -> Lexicon | None:
        """The lexicon for ``language``, or None when no rule speaks for it."""
        if language not in self._lexicons:
            self._lexicons[language] = self._compile(language)
        return self._lexicons[language]

    @cached_property
    def _lexicons(self) -> dict[str, Lexicon | None]:
        return {}

    @cached_property
    def _entity_of(self) -> dict[tuple[str, ...], str]:
        return {phrase_key(form): e.id for e in self.entities.values() for form in _all_forms(e)}

    def _compile(self, language: str) -> Lexicon | None:
        forms: dict[tuple[str, ...], Form] = {}
        exceptions: set[tuple[str, ...]] = set()
        for entity in self.entities.values():
            canonical = entity.canonical_for(language, self.languages)
            if canonical is None:
                continue
            script = script_of(canonical)
            context = set(entity.context_variants)
            plain = [*entity.variants, *(f for f in entity.canonical.values() if f not in context)]
            for variant in plain:
                if script_of(variant) == script:
                    forms.setdefault(phrase_key(variant), Form(entity.id, canonical, entity.where(variant)))
            for variant in entity.context_variants:
                if script_of(variant) == script and variant != canonical:
                    forms.setdefault(
                        phrase_key(variant),
                        Form(entity.id, canonical, entity.where(variant), entity.context_before),
                    )
            # The canonical itself, so that wrong casing (``kyiv``) is put right.
            forms[phrase_key(canonical)] = Form(entity.id, canonical, entity.where(canonical))
            exceptions.update(phrase_key(e) for e in entity.exceptions)
        if not forms:
            return None
        return Lexicon(language, forms, frozenset(exceptions), self._entity_of)


def _all_forms(entity: Entity) -> list[str]:
    return [*entity.canonical.values(), *entity.variants, *entity.context_variants]


def builtin_rule_files() -> list[tuple[str, str]]:
    """The built-in rules as ``(label, text)`` pairs, in file-name order."""
    folder = resources.files(BUILTIN_PACKAGE)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f"rules/{f.name}", f.read_text(encoding="utf-8")) for f in files]


def load_rules(paths: Iterable[str | Path] = (), builtin: bool = True) -> Rules:
    """Load the built-in rules (unless ``builtin`` is False) and then ``paths``, in order.

    A later file may extend an entity of an earlier one by using its ``id``:
    its canonical forms override, its variants and exceptions add up.
    """
    sources = builtin_rule_files() if builtin else []
    for path in paths:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(str(path), None, f"cannot read the rules file: {error}") from None
    return parse_rules(sources)


def parse_rules(sources: Iterable[tuple[str, str]]) -> Rules:
    """Parse and validate ``(label, toml_text)`` pairs into :class:`Rules`."""
    rules = Rules({}, set())
    owner: dict[tuple[str, str], str] = {}  # (script, case-folded form) -> entity id
    for label, text in sources:
        for entity in _parse_file(label, text, rules.languages):
            merged = _merge(rules.entities, entity)
            _claim(merged, entity, owner)
    return rules


def _parse_file(label: str, text: str, languages: set[str]) -> list[Entity]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise RulesError(label, int(line.group(1)) if line else None, f"invalid TOML: {error}") from None
    located = _LocatedStrings(text)
    _check_keys(data, _FILE_KEYS, label, 1, "the file")
    file_languages = data.get("languages", [])
    if not _is_list_of_text(file_languages):
        raise RulesError(label, located.line_of_key(0, "languages"), "'languages' must be a list of language codes")
    languages.update(file_languages)
    tables = data.get("entity", [])
    if not isinstance(tables, list):
        raise RulesError(label, located.line_of_key(0, "entity"), "use [[entity]] tables for entities")
    return [_parse_entity(label, table, located, index) for index, table in enumerate(tables, start=1)]


def _parse_entity(label: str, table: dict, located: "_LocatedStrings", index: int) -> Entity:
    line = located.header_line(index)
    _check_keys(table, _ENTITY_KEYS, label, line, "an [[entity]]")
    entity_id = table.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise RulesError(label, line, "an [[entity]] needs an id, e.g. id = \"kyiv\"")
    canonical = table.get("canonical", {})
    if isinstance(canonical, str):
        canonical = {"default": canonical}
    if not isinstance(canonical, dict) or not all(isinstance(v, str) for v in canonical.values()):
        raise RulesError(label, line, f"entity '{entity_id}': canonical must be a string or a table of strings")
    context = table.get("context_variants", {})
    _check_keys(context, _CONTEXT_KEYS, label, line, f"context_variants of '{entity_id}'")
    entity = Entity(
        id=entity_id,
        source=label,
        line=line,
        canonical=canonical,
        variants=_text_list(table, "variants", label, line, entity_id),
        context_before=context.get("before"),
        context_variants=_text_list(context, "forms", label, line, entity_id),
        exceptions=_text_list(table, "exceptions", label, line, entity_id),
    )
    entity.lines = {form: located.line_of(index, form) or line for form in (*_all_forms(entity), *entity.exceptions)}
    for form in (*_all_forms(entity), *entity.exceptions):
        if not phrase_key(form):
            raise RulesError(label, entity.lines[form], f"entity '{entity_id}': empty form {form!r}")
    if entity.context_variants and not isinstance(entity.context_before, str):
        raise RulesError(label, line, f"entity '{entity_id}': context_variants needs before = \"<entity id>\"")
    return entity


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
                "a form may belong to one entity only",
            )
    for exception in added.exceptions:
        if not any(_contains(phrase_key(exception), phrase_key(f)) for f in _all_forms(merged)):
            raise RulesError(
                added.source, added.lines[exception],
                f"exception '{exception}' of entity '{merged.id}' contains none of its forms",
            )
    if merged.context_before is not None and merged.context_before == merged.id:
        raise RulesError(added.source, added.line, f"entity '{merged.id}': context_variants refers to itself")


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


class _LocatedStrings:
    """Finds the line of each string (and key) of a TOML text, per ``[[entity]]`` table.

    tomllib gives values without positions; errors must still name the line.
    Table 0 is the file's top level, table *n* the n-th ``[[entity]]``.
    """

    _TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#|^\s*\[\[\s*entity\s*\]\]|^\s*([A-Za-z_][\w-]*)\s*=')

    def __init__(self, text: str):
        self._headers: list[int] = [1]
        self._strings: list[dict[str, int]] = [{}]
        for number, line in enumerate(text.splitlines(), start=1):
            for match in self._TOKEN.finditer(line):
                token = match.group()
                if token == "#":
                    break
                if token.lstrip().startswith("[["):
                    self._headers.append(number)
                    self._strings.append({})
                elif match.group(1):
                    self._strings[-1].setdefault(f"key:{match.group(1)}", number)
                else:
                    self._strings[-1].setdefault(_unquote(token), number)

    def header_line(self, index: int) -> int:
        return self._headers[index] if index < len(self._headers) else 1

    def line_of(self, index: int, value: str) -> int | None:
        return self._strings[index].get(value) if index < len(self._strings) else None

    def line_of_key(self, index: int, key: str) -> int | None:
        return self.line_of(index, f"key:{key}")


def _unquote(token: str) -> str:
    if token.startswith("'"):
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
