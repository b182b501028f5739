"""The suggestions of a report, read back and checked field by field before a review decides on them.

A report is data from outside: every field a decision uses is checked before it
is used (:func:`load_suggestions`), so that no text of a report can add a rule of its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel import Locale

from normalize.errors import NormalizeError
from normalize.rules.files import read_json_file
from normalize.text import printable

SUGGESTION_ID = re.compile(r"s-[0-9a-f]{10}")  # what discover writes: s- and ten hex digits of a digest
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REDO = "the report is damaged or not one normalize wrote: run `normalize discover` again for a new report"


def is_one_line(text: object) -> bool:
    """Is ``text`` a non-empty string on one line, without control characters?

    >>> is_one_line("Zełenski"), is_one_line("Kyiv\\n[[entity]]"), is_one_line("x\u202e"), is_one_line("")
    (True, False, False, False)
    """
    return isinstance(text, str) and bool(text.strip()) and not any(
        unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS for char in text
    )


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    """ISO 639 codes of the languages CLDR names (babel): those a report's suggestion may have."""
    return frozenset(code for code in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", code))


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_known(value: object) -> bool:
    return value is None or is_one_line(value)


def _is_contexts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(context, str) for context in value)


_SUGGESTION_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (lambda v: isinstance(v, str) and bool(SUGGESTION_ID.fullmatch(v)), 'an id such as "s-0123456789"'),
    "language": (lambda v: isinstance(v, str) and v in _language_codes(), 'a language code such as "en"'),
    "canonical": (is_one_line, "a name on one line"),
    "canonical_from": (lambda v: v in ("rules", "most frequent"), '"rules" or "most frequent"'),
    "entity": (is_one_line, "an entity id on one line"),
    "extends": (lambda v: isinstance(v, bool), "true or false"),
    "score": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "why": (lambda v: isinstance(v, str), "text"),
    "variants": (lambda v: isinstance(v, list) and bool(v), "a list of the forms"),
}
_VARIANT_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "form": (is_one_line, "a name on one line"),
    "count": (_is_count, "a whole number"),
    "files": (_is_count, "a whole number"),
    "known": (_is_known, "null or an entity id"),
    "contexts": (_is_contexts, "a list of texts"),
}


def _wrong_fields(table: object, fields: dict[str, tuple[Callable[[object], bool], str]]) -> str | None:
    """What is wrong with the first field of ``table`` that is missing or not what ``fields`` says, or None."""
    if not isinstance(table, dict):
        return f"is {type(table).__name__}, not an object"
    for name, (valid, what) in fields.items():
        if name not in table:
            return f"has no {name!r}"
        if not valid(table[name]):
            return f"{name!r} must be {what}, not {printable(json.dumps(table[name], ensure_ascii=False))[:80]}"
    return None


def suggestion_problem(suggestion: object) -> str | None:
    """What keeps ``suggestion`` (from a report) from being decided on, or None."""
    problem = _wrong_fields(suggestion, _SUGGESTION_FIELDS)
    if problem:
        return problem
    for number, variant in enumerate(suggestion["variants"], start=1):
        problem = _wrong_fields(variant, _VARIANT_FIELDS)
        if problem:
            return f"variant {number} {problem}"
    return None


def load_suggestions(report_path: str | Path) -> list[dict]:
    """The suggestions of a JSON report, each checked (:func:`suggestion_problem`); a clear error when it is not one."""
    path = Path(report_path)
    data = read_json_file(path, "report", "the report.json of clean or discover")
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("normalize.report/"):
        raise NormalizeError(f"{path}: not a normalize report (no \"schema\": \"normalize.report/1\"); "
                             "give the report.json of clean or discover")
    suggestions = data.get("suggestions", [])
    if not isinstance(suggestions, list):
        raise NormalizeError(f"{path}: \"suggestions\" is not a list; {_REDO}")
    for number, suggestion in enumerate(suggestions, start=1):
        problem = suggestion_problem(suggestion)
        if problem:
            named = suggestion.get("id") if isinstance(suggestion, dict) and is_one_line(suggestion.get("id")) else None
            label = f"suggestion {number}" + (f" ({printable(named)[:40]})" if named else "")
            raise NormalizeError(f"{path}: {label} {problem}; {_REDO}")
    return suggestions
