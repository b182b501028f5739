"""The rules that passed their checks, kept in the start-up cache (:mod:`normalize.cache`): an entry for each
list of rules files, named by a hash of their text and of the code and data that checked them, so that the next
run that loads the same files reads them back rather than checking them again.  Rules with an error are never
kept: the error is found and reported, with its file and line, on every run.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import resources
from typing import Callable

from normalize.batch.local import collector_paused
from normalize.cache import read_entry, tool_hash, version_of, write_entry
from normalize.rules.model import Rules

# What the checks and the derived spellings read besides normalize's code: the lexicons, romanisations, encoding repair.
_CHECK_DEPENDENCIES = ("ftfy", "simplemma", "pymorphy3", "pymorphy3-dicts-ru", "iuliia", "translitua")


def checked_rules(sources: list[tuple[str, str]], check: Callable[[list[tuple[str, str]]], Rules]) -> Rules:
    """``check(sources)`` (:func:`~normalize.rules.load.parse_rules`), read from the start-up cache if these
    sources passed the checks of this code before (then written there); rules with an error raise it, and are
    never written."""
    entry = _entry_name(sources)
    cached = read_entry(entry)
    if cached is not None:
        return _unpickled(cached)
    rules = check(sources)
    write_entry(entry, lambda: pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
    return rules


def _entry_name(sources: list[tuple[str, str]]) -> str:
    """The cache entry of the rules checked from ``sources``: a hash of their labels and text (the errors and
    rules cite the labels), of the code and libraries that check them, of the built-in data they read
    (the conventions), and of Python (its Unicode tables, its pickle)."""
    digest = hashlib.sha256(f"{tool_hash()}\0{sys.version}\0".encode())
    for name in _CHECK_DEPENDENCIES:
        digest.update(f"{name}=={version_of(name)}\0".encode())
    conventions = resources.files("normalize.builtin_rules") / "conventions"
    for data in sorted((f for f in conventions.iterdir() if f.is_file()), key=lambda f: f.name):
        digest.update(_framed(data.name, data.read_bytes()))
    for label, text in sources:
        digest.update(_framed(label, text.encode("utf-8")))
    return f"rules-{digest.hexdigest()}"


def _framed(name: str, data: bytes) -> bytes:
    """``data`` after its name and length, so that no two lists of named pieces hash alike.

    >>> _framed("a.toml", b"x = 1")
    b'a.toml\\x005\\x00x = 1'
    """
    return f"{name}\0{len(data)}\0".encode() + data


def _unpickled(payload: bytes) -> Rules:
    """The rules pickled in ``payload``; the garbage collector waits meanwhile (it would walk the tens of
    thousands of objects a large rules file makes again and again, three times the time of reading them)."""
    with collector_paused():
        return pickle.loads(payload)
