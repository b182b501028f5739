"""The variant-mapping report: aggregates over all articles, rendered as JSON, CSV or HTML.

The report keeps counts and a few contexts per form, never whole texts, so its
size depends on the number of distinct forms, not on the size of the corpus.
The JSON rendering is the machine interface (``schema: normalize.report/1``).
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from normalize.article import Article
from normalize.changes import LineIndex
from normalize.files import write_atomic
from normalize.text import context_snippet

SCHEMA = "normalize.report/1"
MAX_CONTEXTS = 3
MAX_LOCATIONS = 20
STATUSES = ("changed", "unchanged", "failed", "skipped")


@dataclass
class FormStats:
    """How often one written form of an entity was seen, where, and what it became."""

    form: str
    became: str
    rule: str
    count: int = 0
    files: set[str] = field(default_factory=set)
    contexts: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "form": self.form, "count": self.count, "files": len(self.files), "became": self.became,
            "changed": self.form != self.became, "rule": self.rule,
            "contexts": self.contexts, "locations": self.locations,
        }


class Report:
    """Collects articles one at a time; renders the report at the end."""

    def __init__(self):
        self.files: list[dict] = []
        self.counts = dict.fromkeys(STATUSES, 0)
        self.replacements = 0
        self.repairs = 0
        self.variants: dict[tuple[str, str, str], dict[str, FormStats]] = {}

    def add(self, article: Article) -> None:
        self.counts[article.status] += 1
        self.replacements += sum(c.stage == "spelling" for c in article.changes)
        self.repairs += sum(c.stage == "fix_encoding" for c in article.changes)
        self.files.append(_file_entry(article))
        index = LineIndex(article.source_text) if article.mentions else None
        for mention in article.mentions:
            forms = self.variants.setdefault((mention.entity, article.language, mention.canonical), {})
            stats = forms.setdefault(mention.form, FormStats(mention.form, mention.replacement, mention.rule))
            stats.count += 1
            stats.files.add(article.path)
            if len(stats.contexts) < MAX_CONTEXTS:
                stats.contexts.append(context_snippet(article.source_text, mention.start, mention.end))
            if len(stats.locations) < MAX_LOCATIONS:
                line, column = index.position(mention.start)
                stats.locations.append(f"{article.path}:{line}:{column}")

    @property
    def summary(self) -> dict:
        return {
            "files": len(self.files), **self.counts,
            "replacements": self.replacements, "repairs": self.repairs,
        }

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "summary": self.summary,
            "files": sorted(self.files, key=lambda f: f["path"]),
            "variants": [
                {
                    "entity": entity, "language": language, "canonical": canonical, "settled": canonical is not None,
                    "forms": [s.as_dict() for s in sorted(forms.values(), key=lambda s: (-s.count, s.form))],
                }
                for (entity, language, canonical), forms in sorted(
                    self.variants.items(), key=lambda item: tuple(part or "" for part in item[0])
                )
            ],
            "suggestions": [],
        }

    def summary_line(self) -> str:
        s = self.summary
        return (
            f"{s['files']} files, {s['changed']} changed, {s['unchanged']} unchanged, "
            f"{s['failed']} failed, {s['replacements']} replacements"
        )


def _file_entry(article: Article) -> dict:
    return {
        "path": article.path, "status": article.status,
        "language": article.language, "language_score": article.language_score,
        "encoding": article.encoding, "encoding_method": article.encoding_method,
        "encoding_confidence": article.encoding_confidence, "error": article.error,
        "changes": [c.as_dict() for c in article.changes],
    }


def render_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_csv(data: dict) -> str:
    """One row per variant form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "language", "canonical", "form", "count", "files", "rule"])
    for variant in data["variants"]:
        for form in variant["forms"]:
            writer.writerow([variant["entity"], variant["language"], variant["canonical"],
                             form["form"], form["count"], form["files"], form["rule"]])
    return out.getvalue()


def render_html(data: dict) -> str:
    """A self-contained page for a person: summary, variants with contexts, failures."""
    e = html.escape
    summary = " · ".join(f"{e(str(v))} {e(k)}" for k, v in data["summary"].items())
    rows = []
    for variant in data["variants"]:
        for form in variant["forms"]:
            contexts = "".join(f"<li>{_mark(c)}</li>" for c in form["contexts"])
            rows.append(
                f"<tr><td>{e(variant['entity'])}</td><td>{e(str(variant['language']))}</td>"
                f"<td>{e(variant['canonical'] or 'no settled form')}</td><td>{e(form['form'])}</td>"
                f"<td class=n>{form['count']}</td><td class=n>{form['files']}</td>"
                f"<td>{e(form['rule'])}</td><td><ul>{contexts}</ul></td></tr>"
            )
    failures = "".join(
        f"<li><code>{e(f['path'])}</code>: {e(f['error'] or '')}</li>" for f in data["files"] if f["status"] == "failed"
    )
    return _PAGE.format(
        summary=summary,
        rows="\n".join(rows) or "<tr><td colspan=8>No names of the rules were found.</td></tr>",
        failures=f"<h2>Failed files</h2><ul>{failures}</ul>" if failures else "",
    )


def _mark(context: str) -> str:
    """Escape a context and highlight the form between ⟦ ⟧."""
    return html.escape(context).replace("⟦", "<mark>").replace("⟧", "</mark>")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>normalize report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; }}
td.n {{ text-align: right; }} ul {{ margin: 0; padding-left: 1.2em; }} mark {{ background: #fe6; }}
</style></head><body>
<h1>Variant-mapping report</h1>
<p>{summary}</p>
<h2>Variants</h2>
<table><thead><tr><th>entity</th><th>language</th><th>canonical</th><th>form</th><th>count</th><th>files</th><th>rule</th><th>contexts</th></tr></thead>
<tbody>
{rows}
</tbody></table>
{failures}
</body></html>
"""

RENDERERS = {".json": render_json, ".csv": render_csv, ".html": render_html, ".htm": render_html}


def write_reports(report: Report, paths: Iterable[str | Path]) -> None:
    """Write the report once per path, in the format its extension names."""
    data = report.to_dict()
    for path in map(Path, paths):
        write_atomic(path, RENDERERS[path.suffix.lower()](data).encode("utf-8"))
