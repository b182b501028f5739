"""Multilingual house style end to end: nine languages, inflection, scripts, mixed articles,
--languages, --romanize, --style and the project configuration file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY

from normalize import Config, Pipeline, replay
from normalize.stages.language import language_model, paragraph_spans
from normalize.stages.profiles import ngram_probabilities

DATA = Path(__file__).parent / "data" / "languages"
NINE = ["en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru"]
HOUSE = {  # what each language writes for Zelensky, Volodymyr and Kyiv (nominative)
    "en": ("Zelensky", "Volodymyr", "Kyiv"), "de": ("Selenskyj", "Wolodymyr", "Kiew"),
    "fr": ("Zelensky", "Volodymyr", "Kiev"), "es": ("Zelenski", "Volodímir", "Kiev"),
    "pt": ("Zelensky", "Volodymyr", "Kiev"), "it": ("Zelensky", "Volodymyr", "Kiev"),
    "pl": ("Zełenski", "Wołodymyr", "Kijów"), "uk": ("Зеленський", "Володимир", "Київ"),
    "ru": ("Зеленский", "Владимир", "Киев"),
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(Path(__file__).parent.parent), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def nine_run(tmp_path_factory):
    """``normalize clean`` on the nine articles and the two already in house style."""
    folder = tmp_path_factory.mktemp("in")
    for name in [f"{lang}.txt" for lang in NINE] + ["uk-house-style.txt", "ru-house-style.txt"]:
        shutil.copy(DATA / name, folder / name)
    out = tmp_path_factory.mktemp("out")
    result = run("clean", str(folder), "--out", str(out), "--report", str(out / "r.json"))
    assert result.returncode == 0, result.stderr
    return out, json.loads((out / "r.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", NINE)
def test_each_language_comes_out_in_one_house_spelling(nine_run, language):
    out, report = nine_run
    name = f"{language}.txt"
    assert (out / name).read_text(encoding="utf-8") == (DATA / "expected" / name).read_text(encoding="utf-8")
    (entry,) = [f for f in report["files"] if f["path"] == name]
    assert entry["language"] == language and entry["status"] == "changed"
    assert len({c["before"] for c in entry["changes"]}) >= 5  # several spellings of the three names
    again = Pipeline().clean_text((out / name).read_text(encoding="utf-8"))
    assert again.changes == []
    seen = {(m.entity, m.canonical) for m in again.mentions}
    zelensky, volodymyr, kyiv = HOUSE[language]
    assert seen >= {("zelensky", zelensky), ("volodymyr", volodymyr), ("kyiv", kyiv)}
    for mention in again.mentions:  # every form left is the canonical, or one of its own cases
        assert mention.form == mention.replacement


@pytest.mark.parametrize("language, before, after", [
    ("pl", "Zelenskiego", "Zełenskiego"), ("pl", "Zelensky'ego", "Zełenskiego"), ("pl", "Zelenskim", "Zełenskim"),
    ("pl", "Volodymyra", "Wołodymyra"), ("uk", "Зеленского", "Зеленського"), ("uk", "Киеве", "Києві"),
    ("uk", "Зеленскому", "Зеленському"), ("ru", "Зеленського", "Зеленского"), ("ru", "Києві", "Киеве"),
    ("de", "Zelenskyjs", "Selenskyjs"), ("de", "Kievs", "Kiews"),
])
def test_inflected_forms_are_reported_with_their_rule(nine_run, language, before, after):
    _, report = nine_run
    (entry,) = [f for f in report["files"] if f["path"] == f"{language}.txt"]
    assert any(c["before"] == before and c["after"] == after and c["rule"].startswith("rules/ukraine.toml:")
               for c in entry["changes"])


@pytest.mark.parametrize("name", ["uk-house-style.txt", "ru-house-style.txt"])
def test_an_article_with_no_variant_comes_out_byte_identical(nine_run, name):
    out, report = nine_run
    assert (out / name).read_bytes() == (DATA / name).read_bytes()
    (entry,) = [f for f in report["files"] if f["path"] == name]
    assert entry["status"] == "unchanged" and entry["changes"] == []


def test_the_report_groups_forms_per_language(nine_run):
    _, report = nine_run
    canonical = {(v["entity"], v["language"]): v["canonical"] for v in report["variants"]}
    for language, (zelensky, volodymyr, kyiv) in HOUSE.items():
        assert canonical[("zelensky", language)] == zelensky
        assert canonical[("kyiv", language)] == kyiv
    assert report["summary"]["languages"] == {lang: 1 for lang in NINE if lang not in ("uk", "ru")} | {"uk": 2, "ru": 2}


def test_a_language_with_no_settled_form_lists_the_forms_seen(nine_run):
    _, report = nine_run
    (kharkiv,) = [v for v in report["variants"] if v["entity"] == "kharkiv" and v["language"] == "pt"]
    assert kharkiv["canonical"] is None and kharkiv["settled"] is False
    assert sorted(f["form"] for f in kharkiv["forms"]) == ["Carcóvia", "Kharkiv", "Kharkov"]
    assert not any(f["changed"] for f in kharkiv["forms"])


def test_a_quoted_german_paragraph_takes_the_german_house_style():
    text = (DATA / "en-quoting-german.txt").read_text(encoding="utf-8")
    cleaned = Pipeline().clean_text(text)
    assert cleaned.text == (DATA / "expected" / "en-quoting-german.txt").read_text(encoding="utf-8")
    assert cleaned.language == "en" and cleaned.languages == ["en", "de"]
    assert {(m.language, m.replacement) for m in cleaned.mentions} == {
        ("en", "Zelensky"), ("en", "Kyiv"), ("de", "Selenskyj"), ("de", "Kiew"),
    }
    assert replay(text, cleaned.changes) == cleaned.text


@pytest.mark.parametrize("text", [
    "Zelenskiy in Kiev\n\nPresident Zelenskiy met the envoys in Kiev on Sunday, officials said, and the talks went on.",
    "President Zelenskiy met the envoys in Kiev on Sunday, officials said, and the talks went on late.\nSelenski, Kiev.",
])
def test_short_paragraphs_take_the_language_of_their_article(text):
    cleaned = Pipeline().clean_text(text)
    assert cleaned.languages == ["en"] and "Kiev" not in cleaned.text and "Zelensky" in cleaned.text


def test_a_short_article_takes_the_language_of_its_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("de.txt", "en-quoting-german.txt"):
        shutil.copy(DATA / name, folder / name)
    shutil.copy(DATA / "de.txt", folder / "de2.txt")
    (folder / "caption.txt").write_text("Selenski in Kiev\n", encoding="utf-8")
    result = run("clean", str(folder), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "caption.txt").read_text(encoding="utf-8") == "Selenskyj in Kiew\n"


def test_romanize_writes_known_names_in_house_style_and_others_in_the_national_system(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "en-quoting-cyrillic.txt", folder / "a.txt")
    plain = run("clean", str(folder), "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0 and (tmp_path / "plain" / "a.txt").read_bytes() == (folder / "a.txt").read_bytes()
    result = run("clean", str(folder), "--out", str(tmp_path / "out"), "--romanize", "--report", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert text == (DATA / "expected" / "en-quoting-cyrillic.txt").read_text(encoding="utf-8")
    assert 'signed "Volodymyr Zelensky"' in text and "Andrii Yermak" in text and "«слава героям»" in text
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    changes = {(c["stage"], c["before"], c["after"]) for c in report["files"][0]["changes"]}
    assert changes == {("romanize", "Володимир", "Volodymyr"), ("romanize", "Зеленський", "Zelensky"),
                       ("romanize", "Андрій", "Andrii"), ("romanize", "Єрмак", "Yermak")}  # a known surname, a given name
    assert report["summary"]["romanizations"] == 4 and ", 4 romanizations;" in result.stdout
    forms = {(v["entity"], f["form"], f["became"]) for v in report["variants"] for f in v["forms"]}
    assert ("zelensky", "Зеленський", "Zelensky") in forms


@pytest.mark.parametrize("before, after", [
    ("Ukraine's minister Юлія Свириденко arrived.", "Ukraine's minister Yuliia Svyrydenko arrived."),  # uk: KMU 2010
    ("Ukraine's envoy Рустем Умєров arrived.", "Ukraine's envoy Rustem Umerov arrived."),  # a known surname: the rest romanised
    ("Ukraine's Зеленського office replied.", "Ukraine's Zelensky office replied."),  # a known name, any case
    ("The new envoy Андрій Зеленський came to the talks.", "The new envoy Andrii Zelensky came to the talks."),  # a known surname, an unknown given name
    ("Russia's Сергей Лавров said it.", "Russia's Sergei Lavrov said it."),  # ru: Russian passports
    ("Mr Ігор Згурський of the Київ city council", "Mr Ihor Zghurskyi of the Kyiv city council"),  # зг -> zgh; uk by і
    ("Mr Петров came late to the meeting.", "Mr Petrov came late to the meeting."),  # language unknown: unidecode
    ("the crowd shouted «Слава героям» at the gates", "the crowd shouted «Слава героям» at the gates"),  # a phrase
])
def test_romanize_table(before, after):
    cleaned = Pipeline(Config(romanize=True)).clean_text(before, language="en")
    assert cleaned.text == after
    assert replay(before, cleaned.changes) == after


@pytest.mark.parametrize("text, alone, expected", [
    ("Kyiv under attack again", "sv", "en"),
    ("Alerta en Kiev", "no", "es"),
    ("Atak na Kijów", "sw", "pl"),
    ("Zelenskiy arrived in Kiev for talks.", "da", "en"),
    ("Президент в Киеве", "bg", "ru"),
    ("Нові санкції проти Росії.", "uk", "uk"),
    ("De regering heeft vandaag besloten dat de nieuwe wet op de arbeidsmarkt pas volgend jaar ingaat, "
     "zo meldde de minister na afloop van de ministerraad in Den Haag.", "nl", "nl"),  # a prior, not a cage
])
def test_the_languages_prior_settles_short_texts(text, alone, expected):
    assert language_model().detect(text).language == alone
    assert language_model(tuple(NINE)).detect(text).language == expected


def test_languages_with_no_rules_are_tagged_and_listed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nl.txt").write_text("De president van Oekraïne, Zelenskiy, sprak vandaag in Kiev met de Europese "
                                   "leiders over veiligheidsgaranties en de wederopbouw van het land. Volgens de "
                                   "regering in Den Haag zijn er nog geen afspraken gemaakt.\n", encoding="utf-8")
    result = run("clean", str(folder), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json"))
    assert result.returncode == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["files"][0]["language"] == "nl" and report["files"][0]["status"] == "unchanged"
    assert report["languages_without_rules"] == {"nl": 1} and "; no rules for nl;" in result.stdout


def test_detection_is_deterministic_and_paragraphs_are_found():
    text = (DATA / "en-quoting-german.txt").read_text(encoding="utf-8")
    model = language_model()
    first = model.detect_paragraphs(text)
    assert all(model.detect_paragraphs(text) == first for _ in range(5))
    assert len(paragraph_spans(text)) == 5


@pytest.mark.parametrize("style, spelling", [("ap", "Zelenskyy"), ("reuters", "Zelenskiy"), ("default", "Zelensky")])
def test_named_house_styles_from_the_command_line(tmp_path, style, spelling):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "en.txt", folder / "en.txt")
    shutil.copy(DATA / "de.txt", folder / "de.txt")
    assert run("clean", str(folder), "--out", str(tmp_path / "out"), "--style", style).returncode == 0
    text = (tmp_path / "out" / "en.txt").read_text(encoding="utf-8")
    assert f"Volodymyr {spelling} told" in text and "Kyiv" in text
    assert "Selenskyj" in (tmp_path / "out" / "de.txt").read_text(encoding="utf-8")  # German keeps its own


@pytest.mark.parametrize("args, message", [
    (["--style", "bbc"], "unknown house style 'bbc'; the rules define: default, ap, guardian, reuters"),
    (["--languages", "en,xx"], "no language profile for xx"),
])
def test_bad_options_are_usage_errors(tmp_path, args, message):
    result = run("check", str(DATA), *args)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.parametrize("name, text", [
    ("normalize.toml", 'style = "reuters"\nromanize = true\nlanguages = ["en", "de", "uk"]\nrules = ["house.toml"]\n'),
    ("pyproject.toml", '[project]\nname = "desk"\n\n[tool.normalize]\nstyle = "reuters"\nromanize = true\n'
                       'languages = ["en", "de", "uk"]\nrules = ["house.toml"]\n'),
])
def test_the_project_file_in_the_current_folder_sets_the_options(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "house.toml").write_text('[[entity]]\nid = "yermak"\ncanonical = "Yermak"\nvariants = ["Ermak"]\n',
                                         encoding="utf-8")
    (tmp_path / "in").mkdir()
    shutil.copy(DATA / "en-quoting-cyrillic.txt", tmp_path / "in" / "a.txt")
    (tmp_path / "in" / "b.txt").write_text("The envoys said Zelensky and Ermak went to Kiev on Sunday night.\n",
                                           encoding="utf-8")
    assert run("clean", "in", "--out", "out", cwd=tmp_path).returncode == 0
    assert "Volodymyr Zelenskiy" in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == (
        "The envoys said Zelenskiy and Yermak went to Kyiv on Sunday night.\n")
    assert run("clean", "in", "--out", "out2", "--style", "ap", cwd=tmp_path).returncode == 0  # flags win
    assert "Zelenskyy and Yermak" in (tmp_path / "out2" / "b.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, message", [
    ('style = "ap"\nromanise = true\n', "normalize.toml:2: unknown option 'romanise'"),
    ('languages = "en"\n', "normalize.toml:1: 'languages' must be a list of strings"),
    ('romanize = "yes"\n', "normalize.toml:1: 'romanize' must be a bool"),
    ('style = [\n', "normalize.toml: invalid TOML"),
])
def test_a_bad_project_file_is_named_with_its_line(tmp_path, text, message):
    (tmp_path / "normalize.toml").write_text(text, encoding="utf-8")
    result = run("check", str(DATA), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_romanizing_first_leaves_transliterate_its_own_packs():
    code = ("from normalize import Config, Pipeline\n"
            "from transliterate import translit\n"
            "Pipeline(Config(romanize=True)).clean_text('Mr Андрій Єрмак came.', language='en')\n"
            "print(translit('Навальный', 'ru', reversed=True))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "Naval'nyj", result.stderr


def test_a_long_article_scores_a_bounded_sample_and_every_paragraph_with_a_name(monkeypatch):
    pipeline = Pipeline()
    model = pipeline.language_model
    paragraphs = ["The council met on Tuesday to discuss the budget for the coming year and the new schools."] * 300
    paragraphs[151] = ("Der Präsident Zelenskiy sagte am Sonntag, dass die Verhandlungen mit den Nachbarn "
                       "in der kommenden Woche weitergehen würden.")
    scored, original = [], model.scores
    monkeypatch.setattr(model, "scores", lambda samples: scored.append(len(samples)) or original(samples))
    result = pipeline.clean_text("\n\n".join(paragraphs))
    assert scored == [16]  # 15 paragraphs spread over 300, and the one with a name
    assert result.language == "en" and result.languages == ["en", "de"]
    assert "Der Präsident Selenskyj sagte" in result.text


def test_the_language_stage_gives_the_ngram_probabilities_of_its_profiles():
    """What the decode stage's plausibility needs, through a public function of the language stage."""
    names = sorted(name for name in os.listdir(PROFILES_DIRECTORY) if not name.startswith("."))
    english = json.loads(Path(PROFILES_DIRECTORY, "en").read_text(encoding="utf-8"))
    column = names.index("en")
    for gram in ("t", "th", "the"):
        expected = english["freq"][gram] / english["n_words"][len(gram) - 1]
        assert ngram_probabilities(gram)[column] == pytest.approx(expected, rel=1e-5)
    assert ngram_probabilities("☃").max() == 0  # no profile has it
