"""The rules that passed their checks, kept in the start-up cache (:mod:`normalize.cache`): an entry for each
list of rules files, named by a hash of their text and of the code and data that checked them, so that the next
run that loads the same files reads them back rather than checking them again.  Rules with an error are never
kept: the error is found and reported, with its file and line, on every run.
"""

from __future__ import annotations

import sys
from importlib import resources
from itertools import chain
from typing import Callable

from normalize.cache import entry_name, pickled, tool_hash, version_of
from normalize.rules.model import Rules

# What the checks and the derived spellings read besides normalize's code: the lexicons, romanisations, encoding repair.
_CHECK_DEPENDENCIES = ("ftfy", "simplemma", "pymorphy3", "pymorphy3-dicts-ru", "iuliia", "translitua")


def checked_rules(sources: list[tuple[str, str]], check: Callable[[list[tuple[str, str]]], Rules]) -> Rules:
    """``check(sources)`` (:func:`~normalize.rules.load.parse_rules`), read from the start-up cache if these
    sources passed the checks of this code before (then written there); rules with an error raise it, and are
    never written."""
    return pickled(_entry_name(sources), lambda: check(sources))


def _entry_name(sources: list[tuple[str, str]]) -> str:
    """The cache entry of the rules checked from ``sources``: named by their labels and text (the errors and
    rules cite the labels), the code and libraries that check them, the built-in data they read
    (the conventions), and Python (its Unicode tables, its pickle)."""
    conventions = resources.files("normalize.builtin_rules") / "conventions"
    data = sorted((f for f in conventions.iterdir() if f.is_file()), key=lambda f: f.name)
    return entry_name("rules", tool_hash(), sys.version, *(f"{name}=={version_of(name)}" for name in _CHECK_DEPENDENCIES),
                      *chain.from_iterable((f.name, f.read_bytes()) for f in data), *chain.from_iterable(sources))
