"""The built-in rules are data under test: valid, unambiguous, and complete per language."""

from __future__ import annotations

import pytest

from normalize.rules import builtin_rule_files, parse_rules
from normalize.text import phrase_key, script_of

RULES = parse_rules(builtin_rule_files())
NINE = ["en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru"]
REQUIRED = ["zelensky", "volodymyr", "kyiv", "donbas", "kharkiv", "odesa", "lviv", "luhansk",
            "mykolaiv", "zaporizhzhia", "dnipro", "chernihiv"]


def test_every_builtin_entity_is_there():
    assert set(REQUIRED) <= set(RULES.entities)


@pytest.mark.parametrize("language", NINE)
def test_every_entity_has_a_canonical_in_the_script_of_its_language(language):
    expected = "Cyrl" if language in ("uk", "ru") else "Latn"
    for entity in RULES.entities.values():
        canonical = entity.canonical_for(language, RULES.languages)
        assert canonical, f"{entity.id} has no canonical form for {language}"
        assert script_of(canonical) == expected, f"{entity.id}/{language}: {canonical}"


def test_no_form_belongs_to_two_entities():
    owner = {}
    for entity in RULES.entities.values():
        for form in [*entity.canonical.values(), *entity.variants, *entity.context_variants]:
            key = (script_of(form), phrase_key(form))
            assert owner.setdefault(key, entity.id) == entity.id, f"{form} in {entity.id} and {owner[key]}"


def test_no_canonical_is_a_variant_of_its_own_language():
    for language in NINE:
        lexicon = RULES.lexicon(language)
        for form in lexicon.forms.values():
            canonical_form = lexicon.forms[phrase_key(form.canonical)]
            assert canonical_form.canonical == form.canonical, f"{form.canonical} is rewritten in {language}"


def test_variant_lists_have_no_duplicates_and_no_empty_forms():
    for entity in RULES.entities.values():
        keys = [phrase_key(v) for v in entity.variants]
        assert len(keys) == len(set(keys)), f"duplicate variant in {entity.id}"
        assert all(keys), f"empty variant in {entity.id}"


def test_every_exception_protects_a_form_it_names():
    for entity in RULES.entities.values():
        forms = {phrase_key(f)[0] for f in [*entity.variants, *entity.canonical.values()]}
        for exception in entity.exceptions:
            assert forms & set(phrase_key(exception)), f"{exception} protects nothing of {entity.id}"
