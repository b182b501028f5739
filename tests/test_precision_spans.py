"""Precision of the spelling stage on text in another language inside an article (issue 16, cause 3).

A sentence, a quotation, a caption or a gloss that is clearly in another language takes
that language's house style; one whose language cannot be told is left as written and
reported as *left*; a sentence in the article's own language is still rewritten.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleaning import clean
from normalize.config import Config
from normalize.pipeline import Pipeline




# (kind, article's language, text, expected): the foreign span keeps its own style, the article's sentences are restyled
OTHER_LANGUAGE = [
    ("English headline cited in an Italian article", "it",
     "Il quotidiano britannico ha titolato: «Zelensky says Kyiv will never accept a frozen conflict».\n"
     "Il presidente Zelenskyy ha incontrato a Kyiv i ministri degli esteri europei.",
     "Il quotidiano britannico ha titolato: «Zelensky says Kyiv will never accept a frozen conflict».\n"
     "Il presidente Zelensky ha incontrato a Kiev i ministri degli esteri europei."),
    ("English caption in a French article", "fr",
     "Photo : Residents of Kyiv queue for drinking water after the overnight shelling.\n"
     "Les habitants de Kyiv ont de nouveau passé la nuit dans les abris du métro.",
     "Photo : Residents of Kyiv queue for drinking water after the overnight shelling.\n"
     "Les habitants de Kiev ont de nouveau passé la nuit dans les abris du métro."),
    ("German quote in a French article", "fr",
     "Le chancelier a déclaré : « Selenskyj hat in Kiew um mehr Luftabwehr gebeten, und wir werden liefern. »\n"
     "Volodymyr Zelensky a reçu mardi à Kyiv une délégation de parlementaires allemands.",
     "Le chancelier a déclaré : « Selenskyj hat in Kiew um mehr Luftabwehr gebeten, und wir werden liefern. »\n"
     "Volodymyr Zelensky a reçu mardi à Kiev une délégation de parlementaires allemands."),
    ("English glosses in a Spanish vocabulary list", "es",
     "Vocabulario de la unidad 3\n"
     "la capital – the capital city\n"
     "Kyiv es la capital de Ucrania – Kyiv is the capital of Ukraine\n"
     "Kharkiv está en el este del país – Kharkiv is in the east of the country\n",
     "Vocabulario de la unidad 3\n"
     "la capital – the capital city\n"
     "Kiev es la capital de Ucrania – Kyiv is the capital of Ukraine\n"
     "Járkov está en el este del país – Kharkiv is in the east of the country\n"),
    ("Russian quote in a Ukrainian article", "uk",
     "Жінка розповіла російською: «Мы уехали из Харькова в марте, наш дом разбомбили».\n"
     "Раніше в Харькове відбулася зустріч з волонтерами, які допомагають переселенцям.",
     "Жінка розповіла російською: «Мы уехали из Харькова в марте, наш дом разбомбили».\n"
     "Раніше в Харкові відбулася зустріч з волонтерами, які допомагають переселенцям."),
    ("ALL-CAPS English line in a German article", "de",
     "BREAKING: RUSSIAN MISSILES HIT KYIV OVERNIGHT\n"
     "In der Nacht wurde Kyiv erneut mit Raketen und Drohnen angegriffen, teilte die Stadtverwaltung mit.",
     "BREAKING: RUSSIAN MISSILES HIT KYIV OVERNIGHT\n"
     "In der Nacht wurde Kiew erneut mit Raketen und Drohnen angegriffen, teilte die Stadtverwaltung mit."),
    ("English sentence with Cyrillic names in a Ukrainian article", "uk",
     "Посол написав англійською: We met the mayor of Харьков and the governor of Одесса today.\n"
     "Раніше посол побував у Харькове та в Одессе.",
     "Посол написав англійською: We met the mayor of Харьков and the governor of Одесса today.\n"
     "Раніше посол побував у Харкові та в Одесі."),
]


@pytest.mark.parametrize("kind, language, text, expected", OTHER_LANGUAGE, ids=[case[0] for case in OTHER_LANGUAGE])
def test_a_span_in_another_language_keeps_its_own_house_style(pipeline, kind, language, text, expected):
    assert clean(pipeline, text, language).text == expected


def test_a_span_whose_language_cannot_be_told_is_left_and_reported(pipeline):
    text = "Zelenskyy visits Kyiv front line\nIl presidente Zelenskyy ha incontrato a Kyiv i ministri europei."
    cleaned = clean(pipeline, text, "it")
    assert cleaned.text.splitlines()[0] == "Zelensky visits Kyiv front line"  # Zelensky in English and in Italian
    left = {(m.form, m.would_become): m.left for m in cleaned.mentions if m.left}
    assert left[("Kyiv", "Kiev")].startswith("the language of its span cannot be told (en by")
    assert cleaned.text.splitlines()[1] == "Il presidente Zelensky ha incontrato a Kiev i ministri europei."


def test_an_english_sentence_with_cyrillic_names_in_an_english_article_is_english(pipeline):
    text = "The mayor of Харків said on Monday that Zelenskiy would visit the city again next week."
    assert clean(pipeline, text, None).text == text.replace("Zelenskiy", "Zelensky")


def test_a_list_of_names_counts_the_known_names_among_its_capitalised_words(pipeline):
    """The press release's list of corridors: four of its six words are names the rules rewrite; the rest
    ('Vorzel to') is not a sentence to judge, so the list is the paragraph's English (was 'de by 0.14', left)."""
    text = "Mariupol - Zaporizhzhia. Vorzel, Bucha, Borodyanka, Hostomel to Kyiv. Our officials are working on this."
    assert clean(pipeline, text, "en").text == text.replace("Borodyanka", "Borodianka")


@pytest.mark.parametrize("text, expected", [
    ("Zelenskiy met Biden.", "Zelensky met Biden."),  # langdetect: Danish
    ("BREAKING: KIEV HIT", "BREAKING: KYIV HIT"),  # langdetect: und
    ("He went to Kiev.\n\nZelenskiy met Biden in Kiev.", "He went to Kyiv.\n\nZelensky met Biden in Kyiv."),
])
def test_declared_languages_settle_short_english_spans(text, expected):
    """``--languages en``: every span is English, however short (langdetect took some for Danish, Dutch or none)."""
    assert clean(Pipeline(Config(languages=("en",))), text, None).text == expected


def test_output_and_report_are_the_same_for_any_number_of_jobs(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for index, (_, _, text, _) in enumerate(OTHER_LANGUAGE):
        (source / f"article-{index}.txt").write_text(text, encoding="utf-8")
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        report = tmp_path / f"report-{jobs}.json"
        command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "-q", "-j", jobs,
                   "--report", str(report)]
        subprocess.run(command, check=True, capture_output=True)
        files = {path.name: path.read_bytes() for path in sorted(out.glob("*.txt"))}
        results.append((files, json.loads(report.read_text(encoding="utf-8"))["files"]))
    assert results[0] == results[1]
    assert len(results[0][0]) == len(OTHER_LANGUAGE)
