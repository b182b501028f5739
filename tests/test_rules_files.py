"""The built-in rules are data under test: valid, unambiguous, and complete per language."""

from __future__ import annotations

import pytest

from normalize.rules.load import builtin_rule_files, parse_rules
from normalize.text import phrase_key, script_of

RULES = parse_rules(builtin_rule_files())
NINE = ["en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru"]
REQUIRED = ["zelensky", "volodymyr", "kyiv", "donbas", "kharkiv", "odesa", "lviv", "luhansk",
            "mykolaiv", "zaporizhzhia", "dnipro", "chernihiv"]


def test_every_builtin_entity_is_there():
    assert set(REQUIRED) <= set(RULES.entities)


@pytest.mark.parametrize("language", NINE)
def test_every_entity_has_a_canonical_in_the_script_of_its_language(language):
    """The entities of rules/ukraine.toml speak for all nine languages; those of the gazetteer
    (rules/places.toml, rules/people.toml) for English, Ukrainian and Russian: in the others
    they are left as written."""
    expected = "Cyrl" if language in ("uk", "ru") else "Latn"
    spelled_as_another = {homonym.other for homonym in RULES.homonyms.values()}  # the river Dnieper: Дніпро is the city's form
    for entity in RULES.entities.values():
        canonical = entity.canonical_for(language, RULES.languages)
        if canonical is None and entity.id in spelled_as_another:
            continue
        forms = entity.unsettled.get(language, [canonical])
        if entity.id not in REQUIRED and not canonical and language not in entity.unsettled:
            assert language not in ("en", "uk", "ru"), f"{entity.id} has no canonical form for {language}"
            continue
        assert canonical or language in entity.unsettled, f"{entity.id} has no canonical form for {language}"
        assert {script_of(f) for f in forms} == {expected}, f"{entity.id}/{language}: {forms}"


def test_no_form_belongs_to_two_entities():
    owner = {}
    for entity in RULES.entities.values():
        for form in [*entity.canonical.values(), *entity.variants, *entity.context_variants,
                     *(f for forms in entity.unsettled.values() for f in forms)]:
            key = (script_of(form), phrase_key(form))
            assert owner.setdefault(key, entity.id) == entity.id, f"{form} in {entity.id} and {owner[key]}"


def test_no_canonical_is_a_variant_of_its_own_language():
    for language in NINE:
        lexicon = RULES.lexicon(language)
        for form in lexicon.forms.values():
            if form.canonical is None:  # no settled form in this language: nothing is rewritten
                assert form.written is None
                continue
            canonical_form = lexicon.forms[phrase_key(form.canonical)]
            assert canonical_form.written == form.canonical, f"{form.canonical} is rewritten in {language}"
            assert lexicon.forms[phrase_key(form.written)].written == form.written, f"{form.written} is rewritten"


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


@pytest.mark.parametrize("language", NINE)
def test_every_declined_form_of_a_variant_is_a_declined_form_of_the_canonical(language):
    lexicon = RULES.lexicon(language)
    for key, form in lexicon.forms.items():
        if form.written is not None and form.written != form.canonical:
            entity = RULES.entities[form.entity]
            paradigm = RULES.paradigms[entity.inflection[language][0]]
            declined = {s for cases in paradigm.decline(form.canonical).values() for s in cases}
            assert form.written in declined, f"{' '.join(key)} -> {form.written} in {language}"


def test_paradigms_are_used_and_speak_for_their_language():
    """An entity declines by paradigms of its language; every paradigm speaks for a language of the
    rules, where discovery also reads it (two cases of one stem are one name, not two spellings)."""
    for entity in RULES.entities.values():
        for language, ids in entity.inflection.items():
            assert all(RULES.paradigms[p].language == language for p in ids), f"{entity.id}: {ids} for {language}"
    spoken = {language for entity in RULES.entities.values() for language in entity.canonical}
    unspoken = {p.id for p in RULES.paradigms.values() if p.language not in spoken or not p.id.startswith(p.language + "-")}
    assert not unspoken, f"paradigms of no language of the rules, or misnamed: {unspoken}"


@pytest.mark.parametrize("style, zelensky", [(None, "Zelensky"), ("ap", "Zelenskyy"), ("guardian", "Zelenskyy"),
                                             ("reuters", "Zelenskiy")])
def test_named_house_styles(style, zelensky):
    lexicon = RULES.with_style(style).lexicon("en")
    assert {form.canonical for key, form in lexicon.forms.items() if form.entity == "zelensky"} == {zelensky}
    assert lexicon.forms[("kyiv",)].canonical == "Kyiv"
    assert RULES.with_style(style).lexicon("de").forms[("zelenskyy",)].canonical == "Selenskyj"


def test_every_romanization_covers_its_alphabet():
    alphabets = {"uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя", "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"}
    for language, letters in alphabets.items():
        romanization = RULES.romanizations[language]
        assert set(letters) <= set(romanization.letters), f"{language}: {set(letters) - set(romanization.letters)}"
