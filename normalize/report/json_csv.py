"""The report as JSON (the machine interface, file entries streamed) and as CSV (one row per variant form)."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from normalize.report.record import entry_json


def render_json(data: dict) -> Iterator[str]:
    """The report as indented JSON, piece by piece: the file entries are streamed,
    each a dict or already its JSON text (:func:`entry_json`), whole or in pieces.

    >>> data = {"schema": "normalize.report/1", "files": [{"path": "a"}, {"path": "b"}]}
    >>> "".join(render_json({**data, "files": iter(data["files"])})) == json.dumps(data, indent=1) + chr(10)
    True
    >>> "".join(render_json({**data, "files": map(entry_json, data["files"])})) == json.dumps(data, indent=1) + chr(10)
    True
    """
    placeholder = "\x00files\x00"
    head, tail = json.dumps({**data, "files": placeholder}, ensure_ascii=False, indent=1).split(
        json.dumps(placeholder), 1
    )
    yield head
    separator = "[\n  "
    for entry in data["files"]:
        if isinstance(entry, (str, dict)):
            yield separator + (entry if isinstance(entry, str) else entry_json(entry))
        else:
            yield separator
            yield from entry
        separator = ",\n  "
    yield "[]" if separator.startswith("[") else "\n ]"
    yield tail + "\n"


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
