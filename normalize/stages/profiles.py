"""langdetect's n-gram profiles (55 languages) as one table of log-probabilities, kept in the start-up cache.

The table is read from langdetect's JSON files the first time (0.13-0.2 s of CPU) and then from
the cache (:mod:`normalize.cache`, 21 MB, 0.03-0.06 s), once per process: the language detector
(:mod:`~normalize.stages.language`) scores words with it, and the decode stage's plausibility asks
it the probabilities of an n-gram (:func:`ngram_probabilities`).

>>> table = profiles_table()
>>> table.log_prob.shape == (len(table.row), len(table.languages))
True
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Iterable

import numpy as np
from langdetect.detector_factory import PROFILES_DIRECTORY

from normalize.cache import entry_name, pickled, version_of

SMOOTHING = 0.5 / 10000  # langdetect's alpha / BASE_FREQ: the weight of an n-gram a profile lacks


class Profiles:
    """langdetect's profiles as a matrix of log-probabilities: one row per n-gram, one column per language.

    The JSON files are read directly, in sorted order, as langdetect's DetectorFactory
    reads them (each n-gram's count over the profile's number of n-grams of its length),
    without its table of Python lists, which is slow to build.
    """

    def __init__(self):
        names = sorted(name for name in os.listdir(PROFILES_DIRECTORY) if not name.startswith("."))
        profiles = []
        for name in names:
            with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as file:
                profiles.append(json.load(file))
        self.languages: list[str] = [profile["name"].split("-")[0] for profile in profiles]  # zh-cn -> zh
        grams = [[gram for gram in profile["freq"] if 1 <= len(gram) <= 3] for profile in profiles]
        self.row: dict[str, int] = {gram: row for row, gram in enumerate(dict.fromkeys(chain.from_iterable(grams)))}
        self.log_prob = np.full((len(self.row), len(names)), np.log(SMOOTHING), dtype=np.float32)  # n-grams a profile lacks
        for column, (profile, its_grams) in enumerate(zip(profiles, grams)):
            counts = np.fromiter(map(profile["freq"].__getitem__, its_grams), dtype=np.float64, count=len(its_grams))
            lengths = np.fromiter(map(len, its_grams), dtype=np.int64, count=len(its_grams))
            rows = np.fromiter(map(self.row.__getitem__, its_grams), dtype=np.int64, count=len(its_grams))
            probabilities = counts / np.asarray(profile["n_words"], dtype=np.float64)[lengths - 1]
            self.log_prob[rows, column] = np.log(probabilities + SMOOTHING)
        keys = gram_keys(self.row)
        order = np.argsort(keys)
        self.keys, self.key_rows = keys[order], order  # the n-grams as numbers, sorted, and their rows

    def rows_of(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the n-gram ``keys`` a profile has (a mask), and their rows."""
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[at] == keys
        return found, self.key_rows[at[found]]


@lru_cache(maxsize=1)
def profiles_table() -> Profiles:
    """langdetect's profiles, once per process: read from the start-up cache (:mod:`normalize.cache`, 0.03 s of CPU)
    once they have been built from langdetect's JSON files (0.13 s)."""
    return pickled(_profiles_entry_name(), Profiles, is_whole=_whole)


def _profiles_entry_name() -> str:
    """The cache entry of the profiles: named by langdetect's profile files, this module (the code that builds
    them), the versions of langdetect and numpy, and Python (its pickle)."""
    files = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        with open(os.path.join(PROFILES_DIRECTORY, name), "rb") as file:
            files += [name, file.read()]
    return entry_name("langdetect-profiles", version_of("langdetect"), version_of("numpy"), sys.version,
                      Path(__file__).read_bytes(), *files)


def _whole(profiles: object) -> bool:
    """Whether ``profiles`` read from the cache are whole ones: one row per n-gram, one column per language."""
    if not isinstance(profiles, Profiles):
        return False
    grams, languages = profiles.log_prob.shape
    return (grams == len(profiles.row) == len(profiles.keys) == len(profiles.key_rows)
            and languages == len(profiles.languages))


def ngram_probabilities(gram: str) -> np.ndarray:
    """langdetect's probability of the 1-, 2- or 3-gram ``gram`` in each of its languages (always in
    the same order), 0 where a profile lacks it; the decode stage's plausibility is scored with them.

    >>> probabilities = ngram_probabilities("th")
    >>> len(probabilities) > 50 and bool(probabilities.max() > 0), float(ngram_probabilities("☃").max())
    (True, 0.0)
    """
    profiles = profiles_table()
    row = profiles.row.get(gram)
    if row is None:
        return np.zeros(len(profiles.languages))
    return np.maximum(np.exp(profiles.log_prob[row].astype(np.float64)) - SMOOTHING, 0.0)


def gram_keys(grams: Iterable[str]) -> np.ndarray:
    """N-grams of one to three characters as numbers, 21 bits a character (as :func:`~normalize.stages.language._gram_rows` makes them).

    >>> gram_keys(["a", " a"]).tolist() == [97, (32 << 21) + 97]
    True
    """
    padded = "".join(gram.rjust(3, "\0") for gram in grams)  # a leading "\0" adds nothing to the number
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64).reshape(-1, 3)
    return codes[:, 0] << np.uint64(42) | codes[:, 1] << np.uint64(21) | codes[:, 2]
