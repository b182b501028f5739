"""The grammatical cases a noun or adjective can be in (Polish: Morfeusz 2; Russian: pymorphy3), so that the
spelling stage can tell the case of a name that follows such a word without a preposition; and whether a
Russian word is a surname too (``Николаев``, a city and a surname).

A name right after a noun is in that noun's case (apposition: ``prezydenta Zełenskiego``, ``городе Киеве``)
or in the genitive (``mieszkańcy Kijowa``, ``мэр Киева``); after a verb, a conjunction or a clause's start
the word tells nothing.  Only what the dictionaries analyse counts (Morfeusz's ``ign``, pymorphy3's guesses
do not); Ukrainian has no dictionary under a licence this project can ship (pymorphy3's is GPLv3).

>>> nominal("prezydentowi", "pl")
Nominal(cases=frozenset({'dat'}), plural=False, lemmas=frozenset({'prezydent'}))
>>> nominal("Жители", "ru").plural, nominal("powiedział", "pl"), nominal("Mieszkańcy", "uk")
(True, None, None)
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from normalize.stages.common_words import NAME_GRAMMEMES, polish_analyzer, russian_analyzer

_MORFEUSZ_NOMINAL = frozenset({"subst", "depr", "ger", "adj", "ppas", "pact", "num", "numcol"})
_MORFEUSZ_CASES = {"nom": "nom", "gen": "gen", "dat": "dat", "acc": "acc", "inst": "ins", "loc": "loc", "voc": "voc"}
_PYMORPHY_NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})
_PYMORPHY_CASES = {"nomn": "nom", "gent": "gen", "gen1": "gen", "gen2": "gen", "datv": "dat", "accs": "acc", "acc2": "acc",
                   "ablt": "ins", "loct": "loc", "loc1": "loc", "loc2": "loc", "voct": "voc"}


class Nominal(NamedTuple):
    """What the dictionary says of a noun, adjective, participle or numeral: its possible cases, whether
    every reading is plural, and its lemmas (lowercase)."""

    cases: frozenset[str]
    plural: bool
    lemmas: frozenset[str]


def nominal(word: str, language: str) -> Nominal | None:
    """The cases ``word`` can be in if the dictionary of ``language`` knows it as a declined word, else None."""
    if language == "pl":
        return _polish(word)
    if language == "ru":
        return _russian(word)
    return None


@lru_cache(maxsize=1 << 14)
def _polish(word: str) -> Nominal | None:
    readings = []
    for _, _, (_, lemma, tag, _, _) in polish_analyzer().analyse(word):
        parts = tag.split(":")
        if parts[0] not in _MORFEUSZ_NOMINAL or len(parts) < 3 or not lemma[:1].islower():  # a proper name's reading tells nothing
            continue
        cases = {_MORFEUSZ_CASES[c] for part in parts[1:] for c in part.split(".") if c in _MORFEUSZ_CASES}
        if len(cases) == len(_MORFEUSZ_CASES):
            continue  # an indeclinable reading (prezydent of a woman) tells no case
        readings.append((cases, "pl" in parts[1:2], lemma.split(":")[0].lower()))
    return _joined(readings)


@lru_cache(maxsize=1 << 14)
def _russian(word: str) -> Nominal | None:
    readings = [
        ({_PYMORPHY_CASES[parse.tag.case]}, parse.tag.number == "plur", parse.normal_form)
        for parse in russian_analyzer().parse(word)
        if parse.is_known and parse.tag.POS in _PYMORPHY_NOMINAL and parse.tag.case in _PYMORPHY_CASES
        and not parse.tag.grammemes & NAME_GRAMMEMES  # a proper name's reading tells nothing
    ]
    return _joined(readings)


def _joined(readings: list[tuple[set[str], bool, str]]) -> Nominal | None:
    if not readings:
        return None
    return Nominal(frozenset().union(*(cases for cases, _, _ in readings)), all(plural for _, plural, _ in readings),
                   frozenset(lemma for _, _, lemma in readings))


@lru_cache(maxsize=1 << 14)
def russian_surname(word: str) -> bool:
    """Does pymorphy3's Russian dictionary know ``word`` as a surname (``Николаев``, ``Львов``: cities and surnames)?

    >>> russian_surname("Николаев"), russian_surname("Мариуполь")
    (True, False)
    """
    return any(parse.is_known and "Surn" in parse.tag.grammemes for parse in russian_analyzer().parse(word))
