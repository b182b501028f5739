"""Writing the report files: the format each path's extension names, each file written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from normalize.batch.files import write_atomic_chunks
from normalize.report.aggregate import Report
from normalize.report.html import html_pieces
from normalize.report.json_csv import render_csv, render_json

RENDERERS = {".json": render_json, ".csv": render_csv, ".html": html_pieces, ".htm": html_pieces}


def write_reports(report: Report, paths: Iterable[str | Path], token: str | None = None) -> None:
    """Write the report once per path, in the format its extension names.

    ``token``: the run's, which names the temporary files (see :func:`normalize.batch.files.temporary_name`).

    JSON takes the file entries as JSON text, as they were encoded (by the workers);
    HTML and CSV read only those with an error, so no entry is decoded to write them.
    """
    data = report.to_dict()
    for path in map(Path, paths):
        renderer = RENDERERS[path.suffix.lower()]
        if renderer is render_json:
            rendered = renderer({**data, "files": report.encoded_files()})
        else:
            rendered = renderer({**data, "files": sorted(report.with_errors, key=lambda entry: entry["path"])})
        pieces = [rendered] if isinstance(rendered, str) else rendered
        write_atomic_chunks(path, (piece.encode("utf-8") for piece in pieces), token=token)
