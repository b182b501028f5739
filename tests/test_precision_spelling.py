"""Precision of the spelling stage: when the evidence does not settle a candidate, it is left as
written and reported as *left*, with the reason (DESIGN.md, principle 1).

Three causes of wrong rewrites outside English, each with sentences of the languages it
concerns: a lowercase common word spelled like a name (Russian ``львов`` "of lions"); the
case of a lowercase name others bear too (``президент росії володимир путін``); a form
matched across a word boundary (``харків'ян``, ``Zelensky emu``).
"""

from __future__ import annotations

import json

import pytest

from cleaning import clean, left_of
from normalize.cli import main





# ---- 1. lowercase common words spelled like a name --------------------------------------------

COMMON_WORDS = [
    ("ru", "В зоопарке живёт прайд львов: один из беглых львов улёгся на крыше контейнера.", "львов", "pymorphy3"),
    ("ru", "Самолёт сел в луганском аэропорту, сообщили местные власти.", "луганском", "pymorphy3"),
    ("pl", "Chłopcy zebrali w lesie pęk kijów i poszli oglądać stado lwów w zoo.", "kijów", "morfeusz2"),
    ("pl", "W ogrodzie zoologicznym pokazano stado lwów z Afryki.", "lwów", "morfeusz2"),
    ("uk", "Вчора луганська влада оголосила евакуацію, а луганську трасу перекрили.", "луганська", "simplemma"),
]


@pytest.mark.parametrize("language, text, word, lexicon", COMMON_WORDS)
def test_a_lowercase_common_word_is_left_as_written(pipeline, language, text, word, lexicon):
    cleaned = clean(pipeline, text, language)
    assert cleaned.text == text
    assert left_of(cleaned)[word] == f"a common word of {language}: {word} ({lexicon})"


@pytest.mark.parametrize("language, text, expected", [
    ("en", "Washington suggested a free economic zone if kyiv agreed to cede the region.",
     "Washington suggested a free economic zone if Kyiv agreed to cede the region."),
    ("ru", "Во Львове и в Киеве прошли митинги, а львов в зоопарке кормили.",
     "Во Львове и в Киеве прошли митинги, а львов в зоопарке кормили."),
    ("pl", "Prezydent był we wtorek w Kijowie, a potem pojechał do kyiv.",
     "Prezydent był we wtorek w Kijowie, a potem pojechał do Kijowa."),  # do governs the genitive
])
def test_a_name_written_in_lowercase_is_still_put_right(pipeline, language, text, expected):
    assert clean(pipeline, text, language).text == expected


# ---- 2. case and word boundaries ----------------------------------------------------------------

def test_a_lowercase_name_others_bear_too_keeps_its_case(pipeline):
    text = "24 лютого президент росії володимир путін оголосив про початок вторгнення."
    cleaned = clean(pipeline, text, "uk")
    assert cleaned.text == text
    assert left_of(cleaned)["володимир"].endswith("case not changed")


@pytest.mark.parametrize("language, text, expected", [
    ("uk", "Президент володимир зеленський виступив у Раді.", "Президент Володимир Зеленський виступив у Раді."),
    ("ru", "Владимир Зеленский и владимир путин.", "Владимир Зеленский и владимир путин."),
])
def test_the_case_of_a_shared_name_is_put_right_in_its_context_only(pipeline, language, text, expected):
    assert clean(pipeline, text, language).text == expected


@pytest.mark.parametrize("language, text, word", [
    ("uk", "Волонтери захистили місто від гніву пересічних харків'ян, які залишилися без світла.", "харків"),
    ("uk", "Гроші для армії цього тижня зібрали львів’яни та одесити.", "львів"),
    ("pl", "Dziennikarze z Kyiv'u przyjechali do Warszawy we wtorek.", "Kyiv"),
])
def test_a_name_followed_by_an_apostrophe_and_letters_is_part_of_a_longer_word(pipeline, language, text, word):
    cleaned = clean(pipeline, text, language)
    assert cleaned.text == text
    assert left_of(cleaned)[word].startswith("part of a longer word")


def test_a_declared_suffix_after_an_apostrophe_still_matches(pipeline):
    text = "Zelenskiy's team said that Kiev’s mayor would attend."
    assert clean(pipeline, text, "en").text == "Zelensky's team said that Kyiv’s mayor would attend."


def test_a_form_written_with_an_apostrophe_does_not_match_across_a_space(pipeline):
    text = "Rozmowa z Zelensky emu nie wyszła, a Zelensky'emu podziękował premier."
    cleaned = clean(pipeline, text, "pl")
    assert cleaned.text == "Rozmowa z Zelensky emu nie wyszła, a Zełenskiemu podziękował premier."
    assert "Zelensky emu" in left_of(cleaned)


# ---- 3. the report and check list what was left ----------------------------------------------------

def test_the_report_lists_and_counts_what_was_left(tmp_path):
    (tmp_path / "in").mkdir()
    text = "В зоопарке живёт прайд львов: один из беглых львов улёгся на крыше.\nВо Львове прошли митинги.\n"
    (tmp_path / "in" / "zoo.txt").write_text(text, encoding="utf-8")
    report_path = tmp_path / "report.json"
    main(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--report", str(report_path), "--quiet"])
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["summary"]["left"] == 2 and report["summary"]["replacements"] == 0
    [entry] = report["files"]
    assert entry["left"][0] == {"line": 1, "start": 23, "end": 28, "form": "львов", "would_become": "Львов",
                                "reason": "a common word of ru: львов (pymorphy3)"}
    assert (tmp_path / "out" / "zoo.txt").read_text(encoding="utf-8") == text


def test_check_shows_what_was_left_when_asked(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("24 лютого президент росії володимир путін оголосив про початок вторгнення.\n"
                                    "Волонтери захистили місто від гніву пересічних харків'ян.\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "--show-left", str(tmp_path)]) == 0  # nothing left is a change
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a.txt'}:1: left володимир (not Володимир): lowercase name others bear too")
    assert lines[1] == f"{tmp_path / 'a.txt'}:2: left харків (not Харків): part of a longer word: харків'ян"


def test_apostrophe_suffixes_that_are_not_lists_are_an_error_naming_the_file_and_line():
    from normalize.errors import RulesError
    from normalize.rules.load import parse_rules

    with pytest.raises(RulesError) as error:
        parse_rules([("house.toml", 'languages = ["en"]\napostrophe_suffixes = { en = "s" }\n')])
    assert str(error.value).startswith("house.toml:2:") and "apostrophe_suffixes" in str(error.value)
