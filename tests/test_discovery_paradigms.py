"""Discovery and declension (issue 17): one name in two cases is not two spellings; a variant brings its paradigm.

The names are foreign ones no lexicon knows, declined as Polish and Ukrainian news
decline them; the paradigms are those of ``rules/inflection.toml``.
"""

from __future__ import annotations

import pytest

from normalize.discovery.cluster import suggest
from normalize.discovery.names import NameCounts
from normalize.rules.load import load_rules

RULES = load_rules()


def _counts(language: str, texts: list[str]) -> NameCounts:
    counts = NameCounts()
    for number, text in enumerate(texts):
        counts.add_article(f"{number:02}.txt", text, language)
    return counts


def _suggestions(language: str, texts: list[str]) -> list[dict]:
    return suggest(_counts(language, texts), RULES)


def _joined(suggestions: list[dict], a: str, b: str) -> bool:
    return any({a, b} <= {v["form"] for v in s["variants"]} for s in suggestions)


DAYS = {"pl": ("poniedziałek", "wtorek", "piątek"), "uk": ("понеділок", "вівторок", "п'ятницю")}

# One article per sentence: each uses one case of the name, as real reports do.
CASE_FORMS = [
    ("pl", "Theresa", "Theresą", ["W {day} Theresa May przemawiała w parlamencie i zapowiedziała nowe wybory.",
                                  "W {day} premier rozmawiała z Theresą May o umowie handlowej."]),
    ("pl", "Giselle", "Gisellę", ["W {day} Giselle Bündchen otworzyła nowy sklep w centrum miasta.",
                                  "W {day} fotografowie zobaczyli Gisellę Bündchen na lotnisku."]),
    ("pl", "Christine", "Christiny", ["W {day} Christine Blasey Ford zeznawała przed komisją senacką.",
                                      "W {day} senatorowie wysłuchali zeznań Christiny Blasey Ford."]),
    ("pl", "Donggala", "Donggalę", ["W {day} ratownicy dotarli do miasta Donggala po trzęsieniu ziemi.",
                                    "W {day} tsunami uderzyło w Donggalę i zniszczyło port."]),
    ("pl", "Sayfullo", "Sayfulla", ["W {day} Sayfullo Saipov stanął przed sądem federalnym.",
                                    "W {day} prokuratorzy żądali kary śmierci dla Sayfulla Saipova."]),
    ("uk", "Сонори", "Сонорі", ["У {day} губернатор штату Сонори оголосив надзвичайний стан.",
                                "У {day} у Сонорі пройшли сильні дощі та повені."]),
    ("uk", "Феттеля", "Феттелю", ["У {day} гонщики команди Феттеля провели тести на трасі.",
                                  "У {day} журналісти поставили Феттелю питання про нову машину."]),
    ("uk", "Ніколенко", "Ніколенка", ["У {day} тренер Ніколенко провів відкрите тренування команди.",
                                      "У {day} уболівальники чекали на Ніколенка біля стадіону."]),
]


@pytest.mark.parametrize("language, a, b, sentences", CASE_FORMS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASE_FORMS])
def test_two_cases_of_one_foreign_name_are_not_suggested_as_spellings(language, a, b, sentences):
    texts = [sentence.format(day=day) for day in DAYS[language] for sentence in sentences]
    assert not _joined(_suggestions(language, texts), a, b)


def test_two_spellings_in_one_case_are_still_suggested():
    texts = [sentence.format(day=day) for day in DAYS["uk"] for sentence in (
        "У {day} президент Індонезії відвідав місто Донґала після землетрусу.",
        "У {day} рятувальники працювали в місті Донггала до ночі.")]
    assert _joined(_suggestions("uk", texts), "Донґала", "Донггала")


PALIN = [sentence.format(day=day) for day in ("понедельник", "среду", "пятницу") for sentence in (
    "В {day} Трек Пэйлин, сын Сары Пэйлин, выступил перед избирателями.",
    "В {day} полиция допросила Трека Пэйлина по делу о нападении.",
    "В {day} Трек Пейлин был арестован в Василле.",
    "В {day} против Трека Пейлина выдвинули новые обвинения.")]


def _palin() -> dict:
    suggestions = _suggestions("ru", PALIN)
    assert not _joined(suggestions, "Пэйлина", "Пейлина"), "the genitives join their nominatives, not stand alone"
    return next(s for s in suggestions if {"Пэйлин", "Пейлин"} <= {v["form"] for v in s["variants"]})


def test_a_suggestion_lists_the_case_forms_of_each_variant_under_it():
    suggestion = _palin()
    assert suggestion["inflection"] == "ru-person-hard"
    assert {v["form"]: v["case_forms"] for v in suggestion["variants"]} == {"Пэйлин": ["Пэйлина"], "Пейлин": ["Пейлина"]}
    assert 'ru = "ru-person-hard"' in suggestion["toml"]


def test_the_review_shows_the_paradigm_and_the_case_forms():
    from normalize.review.prompt import describe

    shown = describe(_palin(), 1, 1)
    assert "declined by paradigm ru-person-hard" in shown and "case forms: Пейлина" in shown


def test_accepting_writes_the_paradigm_so_every_case_of_the_variant_is_respelled(tmp_path):
    import tomli_w

    from normalize.review.decisions import Decision
    from normalize.text import phrase_key

    suggestion = _palin()
    tables = Decision(suggestion, accept=True).tables(RULES)
    assert tables["entity"][0]["inflection"] == {"ru": "ru-person-hard"}
    local = tmp_path / "local.toml"
    local.write_text(tomli_w.dumps(tables), encoding="utf-8")
    written = {form: load_rules([local]).lexicon("ru").forms[phrase_key(form)].written
               for form in ("Пейлин", "Пейлина", "Пейлину", "Пейлином")}
    assert written == {"Пейлин": "Пэйлин", "Пейлина": "Пэйлина", "Пейлину": "Пэйлину", "Пейлином": "Пэйлином"}


def test_a_reviewer_s_canonical_that_the_paradigm_does_not_decline_is_written_without_it():
    from normalize.review.decisions import Decision

    suggestion = {"id": "s-0123456789", "language": "uk", "canonical": "Сонора", "canonical_from": "most frequent",
                  "entity": "sonora", "extends": False, "inflection": "uk-feminine-a",
                  "variants": [{"form": "Сонора", "known": None}, {"form": "Санора", "known": None}]}
    assert Decision(suggestion, accept=True).tables(RULES)["entity"][0]["inflection"] == {"uk": "uk-feminine-a"}
    assert "inflection" not in Decision(suggestion, accept=True, canonical="Сонорас").tables(RULES)["entity"][0]
