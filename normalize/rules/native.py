"""The fields of an ``[[entity]]`` that declare it by its own name: ``native`` (the name in its own
script, per language) and ``former`` (history: found and reported, never rewritten), read and checked.

    native = { uk = "Єрмак", ru = "Ермак" }   # exactly the words the entity matches
    former = ["Dnipropetrovsk", "Днепропетровск"]

The Latin spellings that the romanisation systems make of ``native`` are derived by
:mod:`normalize.rules.derive`.
"""

from __future__ import annotations

from normalize.errors import RulesError
from normalize.text import script_of

NATIVE_SCRIPTS = {"uk": "Cyrl", "ru": "Cyrl", "be": "Cyrl"}  # the languages a native name may be given in


def read_native(table: dict, entity_id: str, where: tuple[str, int], lines: dict[str, int]) -> dict[str, str]:
    """``native`` of an entity table, checked: a table of language = name, each in its language's script;
    ``where`` is the file and line of the table, ``lines`` the line of each of its strings.

    >>> read_native({"native": {"uk": "Єрмак"}}, "yermak", ("rules.toml", 3), {})
    {'uk': 'Єрмак'}
    """
    def error(text: str, message: str) -> RulesError:
        return RulesError(where[0], lines.get(text) or where[1], f"entity '{entity_id}': {message}")

    native = table.get("native", {})
    if not isinstance(native, dict) or not all(isinstance(v, str) and v.strip() for v in native.values()):
        raise error("key:native", "native must be a table of language = name, "
                                 "e.g. native = { uk = \"Єрмак\", ru = \"Ермак\" }")
    for language, name in native.items():
        if language not in NATIVE_SCRIPTS:
            raise error(name, f"no romanisation is known for a native name in "
                                       f"{language!r}; give it in one of {', '.join(sorted(NATIVE_SCRIPTS))}")
        if script_of(name) != NATIVE_SCRIPTS[language]:
            raise error(name, f"the native name {name!r} is not written in the "
                                       f"script of {language!r} ({NATIVE_SCRIPTS[language]}); write it as {language} writes it")
    return dict(native)


def read_former(table: dict, entity_id: str, where: tuple[str, int], lines: dict[str, int]) -> list[str]:
    """``former`` of an entity table, checked: a list of names.

    >>> read_former({"former": ["Dnipropetrovsk"]}, "dnipro", ("rules.toml", 3), {})
    ['Dnipropetrovsk']
    """
    former = table.get("former", [])
    if not isinstance(former, list) or not all(isinstance(f, str) and f.strip() for f in former):
        raise RulesError(where[0], lines.get("key:former") or where[1], f"entity '{entity_id}': former must be a list of names, e.g. former = [\"Dnipropetrovsk\"]")
    return list(former)
