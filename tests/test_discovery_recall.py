"""Discovery finds the spellings of one name that news writes in ways its keys used to miss (issue 17, recall).

Each test builds counts from a few real-looking news sentences and asks :func:`suggest`
whether it joins two spellings; one class of missed true suggestion per test.
"""

from __future__ import annotations

from normalize.discovery.cluster import suggest
from normalize.discovery.names import NameCounts
from normalize.rules.load import parse_rules

RULES = parse_rules([])


def _joined(language: str, texts: list[str], a: str, b: str) -> bool:
    counts = NameCounts()
    for number, text in enumerate(texts):
        counts.add_article(f"{number:02}.txt", text, language)
    return any({a, b} <= {v["form"] for v in s["variants"]} for s in suggest(counts, RULES))


def test_a_name_in_quotation_marks_inside_a_sentence_is_a_name_not_a_sentence_start():
    # Ukrainian writes clubs and companies in «»: after a word, the capital is the name's, not a sentence's
    texts = [
        "У суботу «Лівінгстон» здобув перемогу над «Рейнджерс» з рахунком 1:0.",
        "Тренер визнав, що гра проти «Рейнджерс» була важкою для команди.",
        "Уболівальники «Рейнджерс» чекали на реванш у неділю.",
        "Захисник «Ренджерс» отримав жовту картку на початку гри.",
        "Після матчу тренер «Ренджерс» подякував уболівальникам.",
    ]
    assert _joined("uk", texts, "Рейнджерс", "Ренджерс")


def test_a_french_name_in_spaced_guillemets_inside_a_sentence_is_a_name():
    texts = [
        "Fleetwood et Molinari, surnommés « Molliwood » après un week-end historique, ont gagné.",
        "Le duo « Molliwood » a remporté ses quatre matchs à Paris.",
        "Les supporters ont acclamé le duo « Moliwood » sur le dernier trou.",
        "La paire « Moliwood » reste invaincue cette semaine.",
    ]
    assert _joined("fr", texts, "Molliwood", "Moliwood")


def test_ukrainian_g_with_upturn_and_h_letter_are_one_name():
    # the orthography of 2019 restores ґ for a foreign g: Бірмінґем beside the older Бірмінгем
    texts = [
        "Конференція партії відбулася в Бірмінгемі минулого тижня.",
        "Прем'єр-міністерка виступила в Бірмінгемі перед делегатами.",
        "Делегати зібралися в Бірмінґемі, щоб обговорити бюджет.",
        "Мітинг у Бірмінґемі зібрав кілька тисяч людей.",
    ]
    assert _joined("uk", texts, "Бірмінгемі", "Бірмінґемі")
