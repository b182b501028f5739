"""Discovery's data (``discovery.toml``, shipped in this package): read once, checked, typed.

Every setting is a field of a frozen dataclass, one class per TOML table, and the
field says how its value is checked; an invalid file fails with an error that
names the file and the line, as one of the rules files does.

>>> discovery_data().similarity.block_limit
50
>>> parse_discovery_data("mine.toml", "[candidates]\\nlower_share = 2\\n")
Traceback (most recent call last):
normalize.errors.DataFileError: mine.toml:2: [candidates] lower_share must be a number from 0 to 1, not 2
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from typing import Callable, get_type_hints

from normalize.errors import DataFileError

DATA_FILE = "discovery.toml"
_HEADER = re.compile(r"\s*\[([\w\s.-]+)\]\s*(?:#.*)?")
_KEY = re.compile(r"\s*([\w-]+)\s*=")


class _Invalid(ValueError):
    """A value unfit for its setting: ``must`` says what it must be, ``key`` names the entry of a table at fault."""

    def __init__(self, must: str, key: str | None = None):
        super().__init__(must)
        self.must, self.key = must, key


def _fraction(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise _Invalid("a number from 0 to 1")
    return value


def _positive_number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise _Invalid("a number above 0")
    return value


def _whole_number(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Invalid("a whole number, 0 or more")
    return value


def _letter_string(value) -> str:
    if not isinstance(value, str) or not value.isalpha():
        raise _Invalid("a string of letters")
    return value


def _string_pairs(value) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair) for pair in value
    ):
        raise _Invalid('a list of pairs of strings, e.g. [["dh", "d"]]')
    return tuple(map(tuple, value))


def _thresholds(value) -> tuple[tuple[int, float], ...]:
    must = "a list of [shortest length, minimum similarity] pairs, longest first, e.g. [[8, 0.85], [6, 0.9]]"
    if not isinstance(value, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in value):
        raise _Invalid(must)
    try:
        pairs = tuple((_whole_number(length), _fraction(similarity)) for length, similarity in value)
    except _Invalid:
        raise _Invalid(must) from None
    if [length for length, _ in pairs] != sorted({length for length, _ in pairs}, reverse=True):
        raise _Invalid(must)
    return pairs


def _language_codes(value) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) and re.fullmatch(r"[a-z]{2,3}", code) for code in value):
        raise _Invalid('a list of language codes, e.g. ["de", "fr"]')
    return frozenset(value)


def _letters_by_language(value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _Invalid("a table of language codes and strings of letters")
    for language, letters in value.items():
        if not isinstance(letters, str) or not letters.isalpha():
            raise _Invalid("a string of letters", language)
    return dict(value)


def _lengths_by_language(value) -> dict[str, int]:
    if not isinstance(value, dict):
        raise _Invalid("a table of language codes and whole numbers")
    for language, length in value.items():
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise _Invalid("a whole number, 0 or more", language)
    return dict(value)


def _pairs_by_language(value) -> dict[str, tuple[tuple[str, str], ...]]:
    if not isinstance(value, dict):
        raise _Invalid("a table of language codes and lists of pairs of strings")
    pairs = {}
    for language, listed in value.items():
        try:
            pairs[language] = _string_pairs(listed)
        except _Invalid as invalid:
            raise _Invalid(invalid.must, language) from None
    return pairs


def _endings(value) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _Invalid("a table of language codes and lists of endings")
    for language, endings in value.items():
        if not isinstance(endings, list) or not all(isinstance(e, str) and e for e in endings):
            raise _Invalid("a list of endings (non-empty strings)", language)
    return {language: tuple(endings) for language, endings in value.items()}


def _setting(check: Callable):
    """A field read from the TOML value of its name, through ``check`` (which raises :class:`_Invalid`)."""
    return field(metadata={"check": check})


@dataclass(frozen=True)
class Candidates:
    """``[candidates]``: when a capitalised word is a name."""

    lower_share: float = _setting(_fraction)
    lower_z: float = _setting(_positive_number)


@dataclass(frozen=True)
class Folding:
    """``[fold]``: what folding a form replaces (in Cyrillic first, then in Latin), and what its consonant skeleton drops, and the ends
    that long forms are also blocked by."""

    replace: tuple[tuple[str, str], ...] = _setting(_string_pairs)
    cyrillic: tuple[tuple[str, str], ...] = _setting(_string_pairs)
    vowels: str = _setting(_letter_string)
    ends: int = _setting(_whole_number)
    ends_min_length: int = _setting(_whole_number)
    ends_margin: int = _setting(_whole_number)


@dataclass(frozen=True)
class Similarity:
    """``[similarity]``: when two forms link, and when two clusters merge."""

    thresholds: tuple[tuple[int, float], ...] = _setting(_thresholds)
    fuzzy_min_length: int = _setting(_whole_number)
    min_length: int = _setting(_whole_number)
    short_length: int = _setting(_whole_number)
    short_min_files: int = _setting(_whole_number)
    block_limit: int = _setting(_whole_number)
    cluster_floor: float = _setting(_fraction)
    partner_floor: float = _setting(_fraction)
    given_name_share: float = _setting(_fraction)


@dataclass(frozen=True)
class Evidence:
    """``[evidence]`` and ``[evidence.endings]``: what makes two similar forms different names."""

    gendered: tuple[tuple[str, str], ...] = _setting(_string_pairs)
    different_endings: int = _setting(_whole_number)
    stem_length: int = _setting(_whole_number)
    realigned: int = _setting(_whole_number)
    same_sentence: int = _setting(_whole_number)
    known_words_apart: frozenset[str] = _setting(_language_codes)
    quoted_names: frozenset[str] = _setting(_language_codes)
    compounds: frozenset[str] = _setting(_language_codes)
    own_letters: dict[str, str] = _setting(_letters_by_language)
    foreign_letters: dict[str, str] = _setting(_letters_by_language)
    quote_letters: dict[str, int] = _setting(_lengths_by_language)
    respell: dict[str, tuple[tuple[str, str], ...]] = _setting(_pairs_by_language)
    endings: dict[str, tuple[str, ...]] = _setting(_endings)


@dataclass(frozen=True)
class DiscoveryData:
    """All of ``discovery.toml``: one field per table."""

    candidates: Candidates
    fold: Folding
    similarity: Similarity
    evidence: Evidence


@lru_cache(maxsize=1)
def discovery_data() -> DiscoveryData:
    """The data shipped in this package, read and checked once per process."""
    path = resources.files(__package__).joinpath(DATA_FILE)
    return parse_discovery_data(str(path), path.read_text(encoding="utf-8"))


def parse_discovery_data(label: str, text: str) -> DiscoveryData:
    """The data of ``text`` (read from the file ``label``), or a :class:`DataFileError` naming the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise DataFileError(label, int(line.group(1)) if line else None, f"invalid TOML: {error}") from None
    return _read_table(DiscoveryData, data, "", _key_lines(text), label)


def _read_table(kind: type, table, name: str, lines: dict[tuple[str, str], int], label: str):
    """The dataclass ``kind`` from the TOML ``table`` called ``name`` ("" for the top level), every value checked."""
    here = lines.get((name, ""))
    if not isinstance(table, dict):
        raise DataFileError(label, here, f"{name} must be a table, [{name}]")
    where = f"[{name}] " if name else ""
    settings = {setting.name: setting for setting in fields(kind)}
    for key in table:
        if key not in settings:
            line = lines.get((name, key)) or lines.get((f"{name}.{key}" if name else key, "")) or here
            raise DataFileError(label, line, f"{where}unknown key {key!r}; known: {', '.join(settings)}")
    values = {}
    for key, setting in settings.items():
        path = f"{name}.{key}" if name else key
        if key not in table:
            missing = f"the key {key!r}" if "check" in setting.metadata else f"the table [{path}]"
            raise DataFileError(label, here, f"{where}{missing} is missing; the {DATA_FILE} that normalize ships has it")
        check = setting.metadata.get("check")
        if check is None:
            values[key] = _read_table(get_type_hints(kind)[key], table[key], path, lines, label)
            continue
        try:
            values[key] = check(table[key])
        except _Invalid as invalid:
            if invalid.key is not None:  # an entry of a table: [path] key
                line, where, key, value = lines.get((path, invalid.key)), f"[{path}] ", invalid.key, table[key][invalid.key]
            else:
                line, value = lines.get((name, key)), table[key]
            raise DataFileError(label, line or lines.get((path, "")) or here,
                                f"{where}{key} must be {invalid.must}, not {value!r}") from None
    return kind(**values)


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each ``key =`` of a TOML text by (its table, key), and of each ``[table]`` by (table, "").

    tomllib gives values without their lines; errors must still name the line.
    """
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if header := _HEADER.fullmatch(line):
            table = re.sub(r"\s", "", header.group(1))
            lines.setdefault((table, ""), number)
        elif key := _KEY.match(line):
            lines.setdefault((table, key.group(1)), number)
    return lines
