"""Precision of the spelling stage in Polish, Ukrainian and Russian news (issue 16), the classes found by the
constructed cases of scripts/labels/cases/{pl,uk,ru}/ (wschod.txt, skhid.txt, vostok.txt):

1. without a preposition, the word before an undeclined variant tells its case: a title before a person
   and a noun a place stands beside give their own (apposition), a declined given name its own, a plural
   noun before a place the genitive; any other noun or adjective its own case or the genitive, and when
   those are written differently the variant is left (Polish: Morfeusz 2, Russian: pymorphy3);
2. another house style's spelling quoted on its own is cited as written (a spelling talked about, a ship,
   a channel): left; a variant quoted for emphasis is still rewritten; a quoted title whose one other word
   is no word of the article's language (a Russian song title in Ukrainian) cannot be told: left;
3. a case of a variant whose canonical the language does not decline is not written as the nominative
   (Russian Миколаєва is not Николаев), and after a preposition such a name is left;
4. words spelled like names: Czernichów near Kraków, the Russian surname Николаев, Ukrainian буча
   ("commotion") are left.
"""

from __future__ import annotations

import pytest

from cleaning import clean, left_of


# ---- 1. the case told by the word before ---------------------------------------------------------

@pytest.mark.parametrize("language, text, expected", [
    ("pl", "Doradca prezydenta Zelensky Mychajło Podolak skomentował wypowiedź Kremla.",
     "Doradca prezydenta Zełenskiego Mychajło Podolak skomentował wypowiedź Kremla."),
    ("pl", "Ambasador przekazał prezydentowi Zelensky list od papieża.",
     "Ambasador przekazał prezydentowi Zełenskiemu list od papieża."),
    ("pl", "Spotkanie prezydentów Andrzeja Dudy i Wołodymyra Zelensky odbyło się w Rzeszowie.",
     "Spotkanie prezydentów Andrzeja Dudy i Wołodymyra Zełenskiego odbyło się w Rzeszowie."),
    ("pl", "Mieszkańcy Kyiv czekają na zimę bez prądu, a władze miasta otwierają punkty grzewcze.",
     "Mieszkańcy Kijowa czekają na zimę bez prądu, a władze miasta otwierają punkty grzewcze."),
    ("ru", "Жители Запоріжжя снова провели ночь в укрытиях.", "Жители Запорожья снова провели ночь в укрытиях."),
])
def test_a_variant_takes_the_case_the_word_before_it_tells(pipeline, language, text, expected):
    assert clean(pipeline, text, language).text == expected


@pytest.mark.parametrize("language, text, form", [
    ("pl", "Mer Kyiv Witalij Kliczko zaapelował do mieszkańców o oszczędzanie energii.", "Kyiv"),
    ("pl", "Ostrzał Kharkiv trwał przez całą noc, poinformował mer miasta.", "Kharkiv"),
    ("pl", "Rakiety uderzyły w infrastrukturę energetyczną Kharkiv i Odesa w nocy.", "Odesa"),
    ("ru", "Мэр Запоріжжя Иван Федоров сообщил о повреждении энергообъекта.", "Запоріжжя"),
])
def test_a_variant_whose_case_the_word_before_does_not_tell_is_left(pipeline, language, text, form):
    cleaned = clean(pipeline, text, language)
    assert cleaned.text == text
    assert "case is not told" in left_of(cleaned)[form]


@pytest.mark.parametrize("language, text, expected", [
    ("pl", "Prezydent Zelenskiy podpisał ustawę o mobilizacji.", "Prezydent Zełenski podpisał ustawę o mobilizacji."),
    ("pl", "Prezydent Ukrainy Zelensky przyjął we wtorek europejskich przywódców.",
     "Prezydent Ukrainy Zełenski przyjął we wtorek europejskich przywódców."),
    ("pl", "Sztab generalny podał, że ostrzelano Zaporizhzhia, Charkow i Mykolaiv.",
     "Sztab generalny podał, że ostrzelano Zaporoże, Charków i Mikołajów."),
    ("ru", "Город Дніпро снова атаковали баллистическими ракетами.", "Город Днепр снова атаковали баллистическими ракетами."),
])
def test_a_title_an_apposition_or_a_verb_before_a_variant_still_lets_it_be_rewritten(pipeline, language, text, expected):
    assert clean(pipeline, text, language).text == expected


# ---- 2. quoted on its own ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, text, form", [
    ("uk", "Російські пропагандисти називають президента «Зеленский», а місто — «Киев».", "Киев"),
    ("ru", "Украинские власти требуют писать «Київ» и «Kyiv», а не «Киев» и «Kiev».", "Київ"),
    ("pl", 'Statek "Kiev" zawinął do portu w Gdyni.', "Kiev"),
])
def test_a_form_quoted_on_its_own_is_cited_as_written(pipeline, language, text, form):
    cleaned = clean(pipeline, text, language)
    assert cleaned.text == text
    assert "quoted on its own, cited as written" in left_of(cleaned)[form]


def test_a_variant_quoted_for_emphasis_is_still_rewritten(pipeline):
    text = 'Hard words. "Hostomel", "Borodyanka", "Izyum", "Severodonetsk". Words we will not forget.'
    assert clean(pipeline, text, "en").text == 'Hard words. "Hostomel", "Borodianka", "Izium", "Sievierodonetsk". Words we will not forget.'


def test_a_quoted_title_whose_one_word_is_no_word_of_the_article_is_left(pipeline):
    text = "Пісня «Киев вечерний» звучала на концерті у Варшаві."  # a Russian song title: вечерний is not Ukrainian
    cleaned = clean(pipeline, text, "uk")
    assert cleaned.text == text
    assert "'вечерний' is no word of uk" in left_of(cleaned)["Киев"]


# ---- 3. no declension in the language ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Из Миколаєва сообщают о новых взрывах в районе порта.",
    "В Миколаєві объявлена воздушная тревога.",
])
def test_a_declined_variant_is_not_written_as_a_nominative_the_language_does_not_decline(pipeline, text):
    assert clean(pipeline, text, "ru").text == text  # Николаева, Николаеве: the rules do not decline it in Russian


def test_after_a_preposition_a_name_the_rules_do_not_decline_is_left(pipeline):
    text = "По словам генерала, ситуация у Часів Яр остаётся сложной."
    cleaned = clean(pipeline, text, "ru")
    assert cleaned.text == text  # у governs the genitive, Часова Яра, which the rules do not give
    assert "do not decline it in ru" in left_of(cleaned)["Часів Яр"]


# ---- 4. other words and places spelled like names ----------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("pl", "W Czernichowie pod Krakowem odbył się festyn dla uchodźców z Ukrainy."),
    ("pl", "Wójt gminy Czernichów zapowiedział zbiórkę darów dla szpitala."),
    ("uk", "Російський співак Николаев висловив підтримку війні."),
    ("uk", "Після атаки в місті зчинилася буча, люди вибігали з під'їздів."),
])
def test_other_places_surnames_and_words_spelled_like_a_name_are_left(pipeline, language, text):
    assert clean(pipeline, text, language).text == text


def test_a_place_that_is_a_surname_too_is_rewritten_after_a_preposition(pipeline):
    assert clean(pipeline, "Учні школи у Львове провели ярмарок.", "uk").text == "Учні школи у Львові провели ярмарок."
