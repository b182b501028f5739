"""The built-in gazetteer (rules/places.toml, rules/people.toml): its size, its sources, and what it
rewrites and leaves in real-looking sentences of each language it speaks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize import clean_text, load_rules

RULES = Path(__file__).resolve().parent.parent / "rules"
GAZETTEER = {"rules/places.toml": 60, "rules/people.toml": 50}  # file -> the fewest entities it holds
SOURCE = re.compile(r"^# source en: .+; uk: .+; ru: .+", re.MULTILINE)
CYRILLIC = re.compile(r"^[\u0400-\u04ff' -]+$")


def entities_of(label: str) -> list:
    return [entity for entity in load_rules().entities.values() if entity.source == label]


@pytest.mark.parametrize("label, fewest", GAZETTEER.items())
def test_the_gazetteer_loads_with_enough_entities(label, fewest):
    assert len(entities_of(label)) >= fewest


@pytest.mark.parametrize("label", GAZETTEER)
def test_every_entry_has_its_ukrainian_and_russian_name(label):
    for entity in entities_of(label):
        for language in ("uk", "ru"):
            assert CYRILLIC.match(entity.canonical.get(language, "")), f"{label}: '{entity.id}' has no {language} name"


@pytest.mark.parametrize("label", GAZETTEER)
def test_every_entry_names_the_source_of_its_forms(label):
    blocks = (RULES / Path(label).name).read_text(encoding="utf-8").split("[[entity]]")[1:]
    assert blocks
    for block in blocks:
        assert SOURCE.search(block), f"{label}: an entry without '# source en: ...; uk: ...; ru: ...': {block[:60]!r}"


def english(sentence: str) -> str:
    return clean_text(sentence, language="en")[0]


@pytest.mark.parametrize("before, after", [
    ("Russian forces shelled Izyum and Borodyanka overnight, the governor said.",
     "Russian forces shelled Izium and Borodianka overnight, the governor said."),
    ("Presidential adviser Mykhailo Podoliak said talks with Moscow were frozen.",
     "Presidential adviser Mykhailo Podolyak said talks with Moscow were frozen."),
    ("General Valerii Zaluzhny met commanders near Severodonetsk and Lisichansk.",
     "General Valerii Zaluzhnyi met commanders near Sievierodonetsk and Lysychansk."),
    ("The Energodar plant lost power again; residents of Irpen and Gostomel returned home.",
     "The Enerhodar plant lost power again; residents of Irpin and Hostomel returned home."),
    ("Viktor Yanukovich fled in 2014; Vassily Nebenzya spoke at the Security Council.",
     "Viktor Yanukovych fled in 2014; Vassily Nebenzia spoke at the Security Council."),
    ("Fighting raged around Avdeyevka and Ugledar as Berdyansk port burned.",
     "Fighting raged around Avdiivka and Vuhledar as Berdiansk port burned."),
])
def test_english_variants_become_the_house_style(before, after):
    assert english(before) == after


@pytest.mark.parametrize("unchanged", [
    "The plant in Seversk, in Russia's Tomsk region, was closed.",        # another city: no variant of Siversk
    "Volchansk, in the Urals, elected a new mayor.",                      # another town: no variant of Vovchansk
    "A statue of Bohdan Khmelnitsky stands in the square.",               # the hetman, not the city
    "The ferry left Slavyansk-na-Kubani at dawn.",                        # a town in Russia
    "Marshal Semyon Timoshenko commanded the front in 1941.",             # not Tymoshenko
    "Daniil Medvedev won the match in straight sets.",                    # one spelling: nothing to change
    "Bakhmut was called Artemivsk until 2016, and Artyomovsk before.",    # former names are history
    "Dnipro was Dnipropetrovsk; Kropyvnytskyi was Kirovohrad, or Kirovograd.",
    "Toretsk was named Dzerzhynsk and Pokrovsk was Krasnoarmiisk.",
])
def test_english_homographs_and_former_names_are_left(unchanged):
    assert english(unchanged) == unchanged


@pytest.mark.parametrize("language, before, after", [
    ("uk", "Російські війська обстріляли Северодонецк і Лисичанск, повідомив голова ОВА.",
     "Російські війська обстріляли Сєвєродонецьк і Лисичанськ, повідомив голова ОВА."),
    ("uk", "Очільник МЗС Росії Сергій Лавров заявив, що Шмыгаль не прав.",
     "Очільник МЗС Росії Сергій Лавров заявив, що Шмигаль не прав."),
    ("ru", "Ірпінь и Бородянка вернулись к мирной жизни после освобождения.",  # after "Жители" the genitive: left
     "Ирпень и Бородянка вернулись к мирной жизни после освобождения."),
    ("ru", "Генерал Залужний и Сирський провели совещание в штабе.",
     "Генерал Залужный и Сырский провели совещание в штабе."),
])
def test_ukrainian_and_russian_write_their_own_names(language, before, after):
    assert clean_text(before, language=language)[0] == after


@pytest.mark.parametrize("language, unchanged", [
    ("ru", "На рынке продавали изюм, курагу и орехи по хорошей цене."),      # raisins, the common word
    ("uk", "Президент росії володимир путін оголосив про вторгнення."),    # lowercase on purpose: no entry for him
    ("de", "Die Kämpfe um Kherson dauerten an, sagte der Sprecher."),  # Cherson, dpa's form, is refused: left
    ("de", "Vitali Klitschko und Sergej Lawrow trafen sich nicht."),   # the brothers' spelling; no German form for Russians
    ("pl", "Walki o Izyum i Berdyansk trwały, powiedział rzecznik."),
])
def test_what_the_gazetteer_leaves_in_other_languages_and_words(language, unchanged):
    assert clean_text(unchanged, language=language)[0] == unchanged


# --- the gazetteer declared by native names (issue 18: the systems are the source of the variants) ------

RUSSIA_AND_BELARUS = {"peskov", "lavrov", "shoigu", "gerasimov", "nebenzia", "zakharova", "medvedev", "prigozhin",
                      "mishustin", "patrushev", "kadyrov", "surovikin", "naryshkin", "bortnikov", "volodin",
                      "matviyenko", "nabiullina", "siluanov", "kiriyenko", "konashenkov", "pushilin", "balitsky",
                      "simonyan", "girkin", "belousov", "lukashenko", "tsikhanouskaya", "khrenin"}


@pytest.mark.parametrize("label", GAZETTEER)
def test_every_entry_is_declared_by_its_native_names(label):
    """Ukraine's places and people by their Ukrainian and Russian names; Russia's and Belarus's people by
    their Russian one (the Ukrainian name of a Russian is a transcription: Білоусов would derive Bilousov,
    another Ukrainian surname)."""
    for entity in entities_of(label):
        expected = {"ru"} if entity.id in RUSSIA_AND_BELARUS else {"uk", "ru"}
        assert set(entity.native) == expected, entity.id
        assert all(entity.native[language] == entity.canonical[language] for language in expected), entity.id


@pytest.mark.parametrize("before, after", [
    ("Shelling hit Bachmut, Kramators'k and Lysytchansk.", "Shelling hit Bakhmut, Kramatorsk and Lysychansk."),
    ("Syrsky and Podoljak spoke to Schmyhal.", "Syrskyi and Podolyak spoke to Shmyhal."),
    ("Residents fled Wuhledar and Awdijiwka.", "Residents fled Vuhledar and Avdiivka."),
])
def test_derived_spellings_of_the_gazetteer_become_the_house_style(before, after):
    assert english(before) == after


@pytest.mark.parametrize("unchanged", [
    "The Byzantine theme of Cherson stood on the Crimean coast.",       # not Kherson
    "The village of Konstantinovka near Rostov was quiet.",             # many in Russia: not Kostiantynivka
    "Matvienko, a boy of nine, was rescued.",                            # not Matviyenko's spelling
    "Krawczuk scored twice for the Polish side.",                         # a Polish surname: not Kravchuk
    "Ignat and his brother farmed near Cluj.",                            # a given name: not Ihnat
    "Tarnawski, the Polish mayor, welcomed the refugees.",                # a Polish surname: not Tarnavskyi
    "Jerson scored twice for Flamengo.",                                  # a given name: not Kherson
])
def test_derived_spellings_that_name_someone_else_are_refused(unchanged):
    assert english(unchanged) == unchanged


@pytest.mark.parametrize("label", GAZETTEER)
def test_every_refused_spelling_is_one_the_systems_derive(label):
    """A `not_variants` entry refuses a real derived form (none is stale), and the entity keeps none of them."""
    from normalize.rules.derive import romanize_native
    rules = load_rules()
    for entity in entities_of(label):
        derived = {rules.phrase_keys[form] for form, _ in romanize_native(entity.native)}
        own = {rules.phrase_keys[form] for form in entity.all_forms()}
        for form in entity.not_variants:
            assert rules.phrase_keys[form] in derived and rules.phrase_keys[form] not in own, (entity.id, form)
        if not entity.derive:
            assert not entity.systems, entity.id


@pytest.mark.parametrize("label", GAZETTEER)
def test_derived_canonicals_are_only_those_of_the_files_languages(label):
    """The gazetteer speaks for en, de, uk and ru: no Polish or French canonical is derived for it."""
    for entity in entities_of(label):
        assert {"en", "uk", "ru"} <= set(entity.canonical) <= {"en", "de", "uk", "ru"}, (entity.id, entity.canonical)


@pytest.mark.parametrize("before, after", [
    ("Die Kämpfe um Izyum und Berdyansk dauerten an, sagte der Sprecher.",
     "Die Kämpfe um Isjum und Berdjansk dauerten an, sagte der Sprecher."),
    ("Russische Truppen rücken auf Lysychansk und Chasiv Yar vor, sagte Zaluzhnyi.",
     "Russische Truppen rücken auf Lyssytschansk und Tschassiw Jar vor, sagte Saluschnyj."),
])
def test_german_takes_the_duden_forms_dpa_prints(before, after):
    assert clean_text(before, language="de")[0] == after
