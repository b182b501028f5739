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


def test_a_letter_slipped_inside_a_long_name_joins_it():
    # neither the fold, the stem nor the consonant skeleton is shared; the ends of the name are
    texts = [
        "The Macedonian striker Kavadarkov scored twice on Saturday.",
        "Coach praised Kavadarkov after the match in Skopje.",
        "Fans chanted for Kavardarkov as the game ended.",
        "The mayor of Encinitas said on Monday that the beach will reopen.",
        "Residents of Encinitas met the council again.",
        "Police in Ecinitas closed the road for two hours.",
    ]
    assert _joined("en", texts, "Kavadarkov", "Kavardarkov")
    assert _joined("en", texts, "Encinitas", "Ecinitas")


def test_another_ending_is_no_slip_inside_a_name():
    texts = [
        "The Socialist group voted against the plan in Lisbon.",
        "A Socialist deputy said the budget was unfair.",
        "Critics of Socialism spoke at the rally in Porto.",
        "The debate on Socialism went on for hours.",
    ]
    assert not _joined("en", texts, "Socialist", "Socialism")


def test_a_club_in_quotation_marks_is_not_the_city_it_is_named_after():
    # Ukrainian quotes the names of clubs and companies: «Наполі» is the club, в Неаполі the city
    texts = [
        "«Ліверпуль» зіграє проти «Наполі» в груповому етапі Ліги чемпіонів.",
        "Захисник «Наполі» отримав травму на тренуванні.",
        "Матч відбудеться на стадіоні «Сан-Паулу» в Неаполі, Італія.",
        "Туристи в Неаполі скаржаться на спеку.",
    ]
    assert not _joined("uk", texts, "Наполі", "Неаполі")


def test_two_german_compounds_of_one_word_are_two_words():
    texts = [
        "Pub- und Barunternehmen verzeichneten im Juli einen Umsatzwachstum.",
        "Viele Barunternehmen in London suchen Personal.",
        "Er beschuldigte Bauunternehmen, die Preise hochzuhalten.",
        "Laut dem Amt haben Bauunternehmen volle Auftragsbücher.",
    ]
    assert not _joined("de", texts, "Barunternehmen", "Bauunternehmen")


def _score_of(language: str, texts: list[str], form: str) -> float:
    counts = NameCounts()
    for number, text in enumerate(texts):
        counts.add_article(f"{number:02}.txt", text, language)
    return next(s["score"] for s in suggest(counts, RULES) if form in {v["form"] for v in s["variants"]})


def test_the_score_trusts_two_spellings_in_one_article_more_than_in_two():
    # one writer's slip beside the usual spelling, against two spellings that never meet
    one = ["The mayor of Encinitas said the beach will reopen. Police in Ecinitas closed the road.",
           "Residents of Encinitas met the council again."]
    apart = ["The mayor of Encinitas said the beach will reopen.", "Police in Ecinitas closed the road.",
             "Residents of Encinitas met the council again."]
    assert _score_of("en", one, "Ecinitas") > _score_of("en", apart, "Ecinitas")


def test_the_score_weighs_a_polish_spelling_as_often_another_bearer():
    from collections import Counter

    from normalize.discovery.names import FormTally, Name
    from normalize.discovery.persons import FullNames
    from normalize.discovery.score import features, score

    def scored(*forms):
        cluster = [Name(form, "en", FormTally(3, 0, 0, 1, (f"{form}.txt",))) for form in forms]
        return score(features(cluster, [1.0], FullNames({}, Counter(), {})))

    assert scored("Pavel", "Paweł") < scored("Pavel", "Pawel")  # Pavel Durov is not Paweł Kowal
