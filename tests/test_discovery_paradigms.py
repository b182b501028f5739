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
