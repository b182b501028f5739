"""The report as JSON (the machine interface, file entries streamed) and as CSV (one row per variant form)."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from normalize.report.record import entry_json
from normalize.text import filled


def render_json(data: dict) -> Iterator[str]:
    """The report as indented JSON, piece by piece: the file entries are streamed,
    each a dict or already its JSON text (:func:`entry_json`), whole or in pieces;
    and the suggestions, one at a time (an article of distinct names has tens of
    thousands: json.dumps of them whole listed millions of pieces before joining them).

    >>> data = {"schema": "normalize.report/1", "files": [{"path": "a"}, {"path": "b"}],
    ...         "suggestions": [{"id": "s-1", "links": [{"forms": ["Kyïv", "Kiev"]}]}, {"id": "s-2", "links": []}]}
    >>> "".join(render_json({**data, "files": iter(data["files"])})) == json.dumps(data, indent=1, ensure_ascii=False) + chr(10)
    True
    >>> "".join(render_json({**data, "files": map(entry_json, data["files"]), "suggestions": []})) == (
    ...     json.dumps({**data, "suggestions": []}, indent=1) + chr(10))
    True
    """
    streamed = {"files": entry_json, "suggestions": _item_json}
    marks = {key: json.dumps(f"\x00{key}\x00") for key in streamed if key in data}
    text = json.dumps({**data, **{key: json.loads(mark) for key, mark in marks.items()}}, ensure_ascii=False, indent=1)
    yield from filled(text + "\n", {mark: _listed(data[key], streamed[key]) for key, mark in marks.items()})


def _listed(items, item_json) -> Iterator[str]:
    """The JSON list of ``items`` as it stands in the report (each a dict, made JSON text by ``item_json``, or already
    its JSON text, whole or in pieces)."""
    separator = "[\n  "
    for item in items:
        if isinstance(item, (str, dict)):
            yield separator + (item if isinstance(item, str) else item_json(item))
        else:
            yield separator
            yield from item
        separator = ",\n  "
    yield "[]" if separator.startswith("[") else "\n ]"


def _item_json(item: dict) -> str:
    """An item of a list of the report as JSON text, indented as it stands there."""
    return json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def render_csv(data: dict) -> str:
    """One row per variant form, then one per form of a suggested cluster (its ``rule``: ``suggestion ID``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "language", "canonical", "form", "count", "files", "rule"])
    for variant in data["variants"]:
        for form in variant["forms"]:
            writer.writerow([variant["entity"], variant["language"], variant["canonical"],
                             form["form"], form["count"], form["files"], form["rule"]])
    for suggestion in data["suggestions"]:
        for form in suggestion["variants"]:
            writer.writerow([None, suggestion["language"], suggestion["canonical"],
                             form["form"], form["count"], form["files"], f"suggestion {suggestion['id']}"])
    return out.getvalue()
