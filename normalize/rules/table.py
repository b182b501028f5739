"""The TOML tables a reviewer's decision adds to a rules file: an entity, a rejection, a new entity's id.

>>> print(entity_toml("gaddafi", "en", "Gaddafi", ["Qaddafi", "Gadhafi"]))
[[entity]]
id = "gaddafi"
variants = [
    "Qaddafi",
    "Gadhafi",
]
<BLANKLINE>
[entity.canonical]
en = "Gaddafi"
"""

from __future__ import annotations

import re

import tomli_w
from unidecode import unidecode

from normalize.rules.model import Rules


def entity_table(entity: str, language: str, canonical: str | None, variants: list[str],
                 inflection: str | None = None) -> dict:
    """The ``[[entity]]`` table accepting a suggestion writes; no canonical when a rule's stays.

    ``inflection`` names the paradigm that declines the canonical and the variants in
    ``language``, so that every case of a variant is respelled, not only the one listed.

    >>> entity_table("sonora", "uk", "Сонора", ["Санора"], "uk-feminine-a")["inflection"]
    {'uk': 'uk-feminine-a'}
    """
    table: dict = {"id": entity}
    if canonical is not None:
        table["canonical"] = {language: canonical}
    if variants:
        table["variants"] = list(variants)
    if inflection is not None:
        table["inflection"] = {language: inflection}
    return table


def rejection_table(language: str, forms: list[str]) -> dict:
    """The ``[[rejected]]`` table that keeps ``forms`` from being suggested together again."""
    return {"language": language, "forms": list(forms)}


def entity_toml(entity: str, language: str, canonical: str | None, variants: list[str],
                inflection: str | None = None) -> str:
    """:func:`entity_table` as TOML (the report shows what accepting would write)."""
    return tomli_w.dumps({"entity": [entity_table(entity, language, canonical, variants, inflection)]}).rstrip()


def new_entity_id(canonical: str, rules: Rules) -> str:
    """An id for a new entity, from its canonical, unused by ``rules``.

    >>> new_entity_id("Muammar al-Gaddafi", Rules(entities={}, languages=set()))
    'muammar-al-gaddafi'
    """
    base = re.sub(r"[^a-z0-9]+", "-", unidecode(canonical).lower()).strip("-") or "name"
    candidate, number = base, 1
    while candidate in rules.entities:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
