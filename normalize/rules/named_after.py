"""Names that hold a place's name (``named_after``): a club or an academy written with its city's name,
whose every spelling of that city makes a variant of the whole name.

``Dynamo Kiew`` names the city Kyiv; so do ``Dynamo Kyjiw`` and ``Dynamo Kijow``.  An entity that says
``named_after = "kyiv"`` gets, as variants, each of its forms with the city's form it holds replaced by each
other form of the city in the same script (hand-written and derived, and their cases), so that whichever spelling of the
city a text writes inside the name, the whole name is read, and the name the rules write reads back
as itself on a second run.

>>> from normalize.rules.load import load_rules
>>> variants = load_rules().entities["dynamo-kyiv"].variants
>>> {"Dynamo Kyjiw", "Dinamo de Kyiv", "Динамо Кийв"} <= set(variants)
True
"""

from __future__ import annotations

import re

from normalize.errors import RulesError
from normalize.rules.model import Entity, Rules
from normalize.text import script_of


def name_after_places(rules: Rules, named_after: dict[str, str]) -> None:
    """Give each entity of ``named_after`` (entity id -> the place's id) the variants its place's spellings make."""
    for entity_id, place_id in sorted(named_after.items()):
        entity, place = rules.entities[entity_id], rules.entities.get(place_id)
        if place is None:
            raise RulesError(entity.source, entity.line, f"entity '{entity_id}' is named after '{place_id}', which no "
                             "rule defines: give the id of a place of the rules, or remove named_after")
        known = {rules.phrase_keys[form] for form in entity.all_forms()}
        for form in respelled(entity, _spellings(place, rules)):
            if rules.phrase_keys[form] not in known:
                known.add(rules.phrase_keys[form])
                entity.variants.append(form)


def respelled(entity: Entity, spellings: list[str]) -> list[str]:
    """Each form of ``entity`` with a whole-word spelling of ``spellings`` in it replaced by each other
    spelling of the same script, in order.

    >>> respelled(Entity("club", "f", 1, canonical={"en": "Dynamo Kyiv"}), ["Kyiv", "Kiev", "Київ"])
    ['Dynamo Kiev']
    """
    found = []
    for form in entity.all_forms():
        for held in spellings:
            match = re.search(rf"(?<!\w){re.escape(held)}(?!\w)", form)
            if match is None:
                continue
            found += [form[:match.start()] + other + form[match.end():] for other in spellings
                      if other != held and script_of(other) == script_of(held)]
    return list(dict.fromkeys(found))


def _spellings(place: Entity, rules: Rules) -> list[str]:
    """The place's forms and their cases by its paradigms of each language, for the forms in that language's
    script (``Kijowie``, which a German lexicon reads as Kiew too), in a fixed order; its former names are
    history, not spellings."""
    forms = set(place.all_forms())
    cases = set()
    for language, ids in place.inflection.items():
        canonical = place.canonical_for(language, rules.languages)
        script = script_of(canonical) if canonical else None
        for paradigm in (rules.paradigms[p] for p in ids if p in rules.paradigms):
            cases.update(surface for form in forms if script_of(form) == script
                         for surfaces in (paradigm.decline(form) or {}).values() for surface in surfaces)
    return sorted(forms | cases)
