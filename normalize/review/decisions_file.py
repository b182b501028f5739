"""The decisions file that report.html exports (``decisions.json``), read back and checked entry by entry.

Its format (``schema`` carries the version)::

    {"schema": "normalize.decisions/1",
     "decisions": [
      {"id": "s-0123456789", "decision": "accept", "canonical": "Gaddafi", "leave_out": ["Kadhafi"]},
      {"id": "s-9876543210", "decision": "reject"}]}

An accepted suggestion names its canonical (a name on one line) and the forms left out
of it (forms of that suggestion, at least one kept); a rejected one says nothing more.
The file is data from outside, like the report: any other key, type, id or form is an
error that names the file and the entry, and nothing is decided from a file with one.
"""

from __future__ import annotations

import json
from pathlib import Path

from normalize.errors import NormalizeError
from normalize.review.decisions import Decision
from normalize.review.suggestions import is_one_line
from normalize.rules.files import read_json_file
from normalize.text import printable

DECISIONS_SCHEMA = "normalize.decisions/1"
_KEYS = {"accept": {"id", "decision", "canonical", "leave_out"}, "reject": {"id", "decision"}}


def load_decisions(path: str | Path, suggestions: list[dict]) -> list[Decision]:
    """The decisions of the file at ``path`` on ``suggestions`` (a report's), in the file's order."""
    data = _read(Path(path))
    by_id = {s["id"]: s for s in suggestions}
    decisions, seen = [], set()
    for number, entry in enumerate(data["decisions"], start=1):
        problem = entry_problem(entry, by_id)
        if problem is None and entry["id"] in seen:
            problem = "decides a suggestion that an earlier entry decides already"
        if problem:
            named = entry.get("id") if isinstance(entry, dict) and is_one_line(entry.get("id")) else None
            label = f"decision {number}" + (f" ({printable(named)[:40]})" if named else "")
            raise NormalizeError(f"{path}: {label} {problem}; export the decisions again from the page of this report")
        seen.add(entry["id"])
        suggestion = by_id[entry["id"]]
        if entry["decision"] == "reject":
            decisions.append(Decision(suggestion, False))
        else:
            decisions.append(Decision(suggestion, True, entry["canonical"].strip(), list(entry["leave_out"])))
    return decisions


def entry_problem(entry: object, suggestions: dict[str, dict]) -> str | None:
    """What is wrong with one entry of the file (``suggestions`` by id), or None.

    >>> s = {"s-0123456789": {"variants": [{"form": "Gaddafi"}, {"form": "Qaddafi"}]}}
    >>> entry_problem({"id": "s-0123456789", "decision": "reject"}, s) is None
    True
    >>> entry_problem({"id": "s-0123456789", "decision": "accept", "canonical": "Gaddafi", "leave_out": ["Kadafi"]}, s)
    "leaves out 'Kadafi', which is not a form of the suggestion (Gaddafi, Qaddafi)"
    """
    if not isinstance(entry, dict):
        return f"is {_shown(entry)}, not an object"
    verdict = entry.get("decision")
    if verdict not in _KEYS:
        return f"'decision' must be \"accept\" or \"reject\", not {_shown(verdict)}"
    if set(entry) != _KEYS[verdict]:
        unknown, missing = sorted(set(entry) - _KEYS[verdict]), sorted(_KEYS[verdict] - set(entry))
        wrong = f"unknown key {printable(repr(unknown[0]))[:80]}" if unknown else f"no {missing[0]!r}"
        return f"has {wrong} (an entry that says {verdict} has {', '.join(sorted(_KEYS[verdict]))})"
    if not isinstance(entry["id"], str) or entry["id"] not in suggestions:
        return f"names no suggestion of the report ({_shown(entry['id'])})"
    if verdict == "reject":
        return None
    forms = [v["form"] for v in suggestions[entry["id"]]["variants"]]
    if not is_one_line(entry["canonical"]):
        return f"'canonical' must be a name on one line, without control characters, not {_shown(entry['canonical'])}"
    leave_out = entry["leave_out"]
    if not isinstance(leave_out, list) or not all(isinstance(form, str) for form in leave_out):
        return f"'leave_out' must be a list of forms, not {_shown(leave_out)}"
    for form in leave_out:
        if form not in forms:
            return f"leaves out {printable(repr(form))[:80]}, which is not a form of the suggestion ({', '.join(forms)})"
        if form == entry["canonical"].strip():
            return f"leaves out {printable(repr(form))[:80]}, its own canonical"
    if len(set(leave_out)) != len(leave_out) or set(leave_out) >= set(forms):
        return "'leave_out' must name each form once and keep at least one form"
    return None


def _read(path: Path) -> dict:
    """The file's JSON, with the keys of the format and a list of decisions; a clear error otherwise."""
    data = read_json_file(path, "decisions file", "the decisions.json exported from report.html")
    if not isinstance(data, dict) or data.get("schema") != DECISIONS_SCHEMA:
        raise NormalizeError(f"{path}: not a decisions file of this version (no \"schema\": \"{DECISIONS_SCHEMA}\"); "
                             "give the decisions.json exported from report.html")
    if set(data) != {"schema", "decisions"} or not isinstance(data["decisions"], list):
        unknown = sorted(set(data) - {"schema", "decisions"})
        why = f"unknown key {printable(repr(unknown[0]))}" if unknown else "\"decisions\" must be a list"
        raise NormalizeError(f"{path}: {why} (a decisions file has \"schema\" and \"decisions\")")
    return data


def _shown(value: object) -> str:
    return printable(json.dumps(value, ensure_ascii=False))[:80]
