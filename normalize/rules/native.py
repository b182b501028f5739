"""The fields of an ``[[entity]]`` that declare it by its own name: ``native`` (the name in its own
script, per language), the derived spellings it refuses (``not_variants``, or ``derive = false`` for
none), and ``former`` (history: found and reported, never rewritten), read and checked.

    native = { uk = "Єрмак", ru = "Ермак" }   # exactly the words the entity matches
    not_variants = ["Seversk"]                # a derived form that names something else (Tomsk's Seversk)
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


def read_names(table: dict, key: str, entity_id: str, where: tuple[str, int], lines: dict[str, int]) -> list[str]:
    """``former`` or ``not_variants`` of an entity table, checked: a list of names.

    >>> read_names({"former": ["Dnipropetrovsk"]}, "former", "dnipro", ("rules.toml", 3), {})
    ['Dnipropetrovsk']
    """
    names = table.get(key, [])
    if not isinstance(names, list) or not all(isinstance(f, str) and f.strip() for f in names):
        raise RulesError(where[0], lines.get(f"key:{key}") or where[1],
                         f"entity '{entity_id}': {key} must be a list of names, e.g. {key} = [\"Dnipropetrovsk\"]")
    return list(names)


def read_derive(table: dict, entity_id: str, where: tuple[str, int], lines: dict[str, int]) -> bool:
    """``derive`` of an entity table: false when no spelling may be derived from its native name
    (every one names someone or something else as well: Khmelnytsky, the hetman the city is named after).

    >>> read_derive({}, "kyiv", ("rules.toml", 3), {}), read_derive({"derive": False}, "khmelnytskyi", ("rules.toml", 3), {})
    (True, False)
    """
    derive = table.get("derive", True)
    if not isinstance(derive, bool):
        raise RulesError(where[0], lines.get("key:derive") or where[1],
                         f"entity '{entity_id}': derive must be true or false (false: no spelling is derived from native)")
    return derive
