"""The variant-mapping report: aggregates over all articles, rendered as JSON, CSV or HTML.

The report keeps counts and a few contexts per form, never whole texts, so its
size depends on the number of distinct forms, not on the size of the corpus.
The JSON rendering is the machine interface (``schema: normalize.report/1``).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import orjson

from normalize.article import Article
from normalize.changes import LineIndex
from normalize.discover import NameCounts, suggest
from normalize.files import write_atomic_chunks
from normalize.rules import Rules
from normalize.text import contexts_of, excerpt, shown_excerpt

SCHEMA = "normalize.report/1"
MAX_CONTEXTS = 3
MAX_LOCATIONS = 20
STATUSES = ("changed", "unchanged", "failed", "skipped", "partial")


@dataclass
class FormStats:
    """How often one written form of an entity was seen, in how many files, and what it became."""

    form: str
    became: str
    rule: str
    count: int = 0
    files: int = 0
    contexts: list[list] = field(default_factory=list)  # [text, start, end]: text.shown_excerpt
    locations: list[str] = field(default_factory=list)

    def absorb(self, count: int, files: int, contexts: list[list], locations: list[str]) -> None:
        """Add sightings that come after those already counted (so the first contexts stay first)."""
        self.count += count
        self.files += files
        self.contexts += contexts[:MAX_CONTEXTS - len(self.contexts)]
        self.locations += locations[:MAX_LOCATIONS - len(self.locations)]

    def as_dict(self) -> dict:
        return {
            "form": self.form, "count": self.count, "files": self.files, "became": self.became,
            "changed": self.form != self.became, "rule": self.rule,
            **contexts_of(self.contexts), "locations": self.locations,
        }


@dataclass
class ArticleRecord:
    """What the report keeps of one article: its file entry and the forms found in it.

    Small (no text): a worker encodes it (:meth:`encode`) for the manifest, and a
    later run rebuilds the report from that without cleaning the article again.
    Each form is ``[entity, language, canonical, form, became, rule, count, contexts, locations]``;
    ``names`` are the article's candidate names for discovery.

    >>> record = ArticleRecord({"path": "a.txt", "status": "unchanged"}, [], NameCounts())
    >>> ArticleRecord.decode(*record.encode()) == record
    True
    """

    entry: dict
    forms: list[list] = field(default_factory=list)
    names: NameCounts | None = None

    @classmethod
    def of(cls, article: Article) -> "ArticleRecord":
        found: dict[tuple[str, str, str, str], list] = {}
        index = LineIndex(article.source_text) if article.mentions else None
        for mention in article.mentions:
            key = (mention.entity, mention.language or article.language, mention.canonical, mention.form)
            form = found.setdefault(key, [*key, mention.replacement, mention.rule, 0, [], []])
            form[6] += 1
            if len(form[7]) < MAX_CONTEXTS:
                around = excerpt(article.source_text, mention.start, mention.end)
                form[7].append(list(shown_excerpt(*around, mention.start, mention.end - mention.start)))
            if len(form[8]) < MAX_LOCATIONS:
                line, column = index.position(mention.start)
                form[8].append(f"{article.path}:{line}:{column}")
        return cls(_file_entry(article), list(found.values()), article.names)

    def encode(self) -> tuple[str, bytes]:
        """The file entry as JSON text (as ``report.json`` writes it), and the rest as compressed JSON.

        The rest is mostly names with their contexts, several times the size of the
        article's text: compressed, it costs less to send, store and keep.  orjson
        writes it (compact UTF-8 JSON, as json.dumps would, in a quarter of the time).
        """
        names = self.names.to_json() if self.names is not None else None
        entry = entry_json(self.entry)
        entry.encode("utf-8")  # a lone surrogate fails here, in the article's guard, not where the entry is stored
        return entry, zlib.compress(orjson.dumps([self.forms, names]), 1)

    @classmethod
    def decode(cls, entry: str, rest: bytes) -> "ArticleRecord":
        """The record that :meth:`encode` gave these for."""
        forms, names = json.loads(zlib.decompress(rest))
        return cls(json.loads(entry), forms, NameCounts.from_json(names) if names is not None else None)


def entry_json(entry: dict) -> str:
    """A file entry as JSON text, indented as it stands in the ``files`` list of ``report.json``.

    >>> print(entry_json({"path": "a.txt", "problems": []}))
    {
       "path": "a.txt",
       "problems": []
      }
    """
    return json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")


class Report:
    """Aggregates over articles, added one at a time or merged from partial reports.

    Merging the partial reports of consecutive runs of articles, in order, gives the
    same report as adding the articles one by one:

    >>> whole, first, second = Report(), Report(), Report()
    >>> records = [ArticleRecord({"path": p, "status": "unchanged", "changes": []}) for p in "ab"]
    >>> for record in records: whole.add_record(record)
    >>> first.add_record(records[0]); second.add_record(records[1]); first.merge(second)
    >>> first.to_dict() == whole.to_dict()
    True

    The report keeps counts and a few contexts per form, never texts.  The file
    entries are kept in memory unless ``entries`` gives them (sorted by path)
    from elsewhere: a batch over a folder reads them back from its manifest
    (which also has them as JSON text, ``entries.encoded()``, to write as they are).
    Only the entries with an error (``with_errors``) are kept in any case.
    With ``rules``, the report suggests the clusters of names that they do not know
    (discovery), in up to ``jobs`` processes; a partial report counts the names and
    leaves that to the whole.
    """

    def __init__(self, entries: Iterable[dict] | None = None, rules: Rules | None = None, jobs: int = 1):
        self.rules = rules
        self.jobs = jobs  # processes that may share the suggesting
        self.names = NameCounts()
        self._suggestions: list[dict] | None = None
        self.counts = dict.fromkeys(STATUSES, 0)
        self.replacements = 0
        self.repairs = 0
        self.stray_byte_runs = 0  # decode changes: runs of bytes not UTF-8 in files that mostly are
        self.variants: dict[tuple[str, str, str], dict[str, FormStats]] = {}
        self.failures: list[dict] = []
        self.with_errors: list[dict] = []  # failed, left out or partly kept: what a person must look at
        self.romanizations = 0
        self.languages: dict[str, int] = {}  # articles per language
        self.without_rules: dict[str, int] = {}  # articles per language (of a paragraph) that no rule speaks for
        self._entries = entries
        self._kept: list[dict] = []

    def add(self, article: Article) -> None:
        self.add_record(ArticleRecord.of(article))

    def add_record(self, record: ArticleRecord) -> None:
        entry = record.entry
        self.counts[entry["status"]] += 1
        self.replacements += sum(c["stage"] == "spelling" for c in entry["changes"])
        self.repairs += sum(c["stage"] == "fix_encoding" for c in entry["changes"])
        self.stray_byte_runs += sum(c["stage"] == "decode" for c in entry["changes"])
        self.romanizations += sum(c["stage"] == "romanize" for c in entry["changes"])
        _count(self.languages, [entry["language"]] if entry.get("language") else [])
        _count(self.without_rules, entry.get("without_rules", []))
        if entry["status"] == "failed" or entry["status"] == "skipped" and entry.get("error"):
            self.failures.append(entry)  # not written, and why
        if entry.get("error"):
            self.with_errors.append(entry)
        if self._entries is None:
            self._kept.append(entry)
        if record.names is not None:
            self.names.merge(record.names)
            self._suggestions = None
        for entity, language, canonical, form, became, rule, count, contexts, locations in record.forms:
            forms = self.variants.setdefault((entity, language, canonical), {})
            forms.setdefault(form, FormStats(form, became, rule)).absorb(count, 1, contexts, locations)

    def merge(self, other: "Report") -> None:
        """Add ``other``, the report of the articles that come after this one's."""
        for status, count in other.counts.items():
            self.counts[status] += count
        self.replacements += other.replacements
        self.repairs += other.repairs
        self.stray_byte_runs += other.stray_byte_runs
        self.romanizations += other.romanizations
        for mine, theirs in ((self.languages, other.languages), (self.without_rules, other.without_rules)):
            for language, count in theirs.items():
                mine[language] = mine.get(language, 0) + count
        self.failures += other.failures
        self.with_errors += other.with_errors
        self._kept += other._kept
        self.names.merge(other.names)
        self._suggestions = None
        for key, forms in other.variants.items():
            mine = self.variants.setdefault(key, {})
            for form, stats in forms.items():
                mine.setdefault(form, FormStats(form, stats.became, stats.rule)).absorb(
                    stats.count, stats.files, stats.contexts, stats.locations
                )

    @property
    def files(self) -> Iterable[dict]:
        """The file entries, sorted by path."""
        if self._entries is not None:
            return self._entries
        return sorted(self._kept, key=lambda f: f["path"])

    def encoded_files(self) -> Iterable[str]:
        """The file entries as JSON text (:func:`entry_json`), sorted by path."""
        encoded = getattr(self._entries, "encoded", None)
        return encoded() if encoded is not None else map(entry_json, self.files)

    @property
    def summary(self) -> dict:
        return {
            "files": sum(self.counts.values()), **self.counts,
            "replacements": self.replacements, "repairs": self.repairs, "romanizations": self.romanizations,
            "stray_byte_runs": self.stray_byte_runs,
            "languages": dict(sorted(self.languages.items())),
        }

    def to_dict(self) -> dict:
        """The report as the JSON interface has it; ``files`` may be a lazy sequence."""
        return {
            "schema": SCHEMA,
            "summary": self.summary,
            "files": self.files,
            "variants": [
                {
                    "entity": entity, "language": language, "canonical": canonical, "settled": canonical is not None,
                    "forms": [s.as_dict() for s in sorted(forms.values(), key=lambda s: (-s.count, s.form))],
                }
                for (entity, language, canonical), forms in sorted(
                    self.variants.items(), key=lambda item: tuple(part or "" for part in item[0])
                )
            ],
            "suggestions": self.suggestions,
            "languages_without_rules": dict(sorted(self.without_rules.items())),
        }

    @property
    def suggestions(self) -> list[dict]:
        """Discovery's suggestions over the names counted so far (none without rules)."""
        if self._suggestions is None:
            self._suggestions = [] if self.rules is None else suggest(self.names, self.rules, self.jobs)
        return self._suggestions

    def summary_line(self) -> str:
        s = self.summary
        return (
            f"{s['files']} files, {s['changed']} changed, {s['unchanged']} unchanged, "
            f"{s['failed']} failed, {s['replacements']} replacements"
            + (f", {s['partial']} partial (records kept as they were)" if s["partial"] else "")
            + (f", {s['romanizations']} romanizations" if s["romanizations"] else "")
            + (f", {s['stray_byte_runs']} runs of bytes not UTF-8 read as legacy text" if s["stray_byte_runs"] else "")
            + (f"; no rules for {', '.join(sorted(self.without_rules))}" if self.without_rules else "")
        )


def _file_entry(article: Article) -> dict:
    return {
        "path": article.path, "status": article.status,
        "language": article.language, "language_score": article.language_score,
        "encoding": article.encoding, "encoding_method": article.encoding_method,
        "encoding_confidence": article.encoding_confidence, "encoding_declared": article.encoding_declared,
        "error": article.error,
        "format": article.format, "problems": article.problems,
        "languages": article.languages, "without_rules": article.without_rules,
        "changes": [c.as_dict() for c in article.changes],
    }


def render_json(data: dict) -> Iterator[str]:
    """The report as indented JSON, piece by piece: the file entries are streamed,
    each a dict or already its JSON text (:func:`entry_json`).

    >>> data = {"schema": SCHEMA, "files": [{"path": "a"}, {"path": "b"}]}
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
        yield separator + (entry if isinstance(entry, str) else entry_json(entry))
        separator = ",\n  "
    yield "[]" if separator.startswith("[") else "\n ]"
    yield tail + "\n"


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
    """A self-contained page for a person: summary, variants and suggestions in sortable,
    filterable tables, contexts with the form highlighted, failures.

    Every piece of article text is escaped; the page's one script is allowed by its
    hash in the Content-Security-Policy, so no text in the page could run as code.
    """
    e = _escape
    summary = " · ".join(f"{e(_plain(v))} {e(k)}" for k, v in data["summary"].items())
    variants = []
    for variant in data["variants"]:
        for form in variant["forms"]:
            contexts = "".join(f"<li>{_mark(c)}</li>" for c in form["excerpts"])
            variants.append(
                f"<tr data-language=\"{e(variant['language'])}\" data-count=\"{form['count']}\">"
                f"<td>{e(variant['entity'])}</td><td>{e(variant['language'])}</td>"
                f"<td>{e(variant['canonical'] or 'no settled form')}</td><td>{e(form['form'])}</td>"
                f"<td class=n>{form['count']}</td><td class=n>{form['files']}</td>"
                f"<td>{e(form['rule'])}</td><td><ul>{contexts}</ul></td></tr>"
            )
    suggestions = [_suggestion_row(s) for s in data["suggestions"]]
    failures = "".join(
        f"<li><code>{e(f['path'])}</code>: {e(f['error'])}</li>" for f in data["files"] if f.get("error")
    )
    languages = sorted({str(v["language"]) for v in data["variants"]} | {s["language"] for s in data["suggestions"]})
    return _PAGE.format(
        script_hash=_SCRIPT_HASH, script=_SCRIPT,
        summary=summary,
        languages="".join(f"<option value=\"{e(language)}\">{e(language)}</option>" for language in languages),
        variants="\n".join(variants) or "<tr><td colspan=8>No names of the rules were found.</td></tr>",
        suggestions="\n".join(suggestions) or "<tr><td colspan=7>No suggestions.</td></tr>",
        failures=(f"<h2>Failed files and kept records</h2><ul>{failures}</ul>" if failures else "")
        + _without_rules(data),
    )


def _suggestion_row(suggestion: dict) -> str:
    e = _escape
    forms = "".join(
        f"<li><b>{e(v['form'])}</b> {v['count']}× in {v['files']} file(s)"
        f"{' · rule: ' + e(v['known']) if v.get('known') else ''}"
        f"<ul>{''.join(f'<li>{_mark(c)}</li>' for c in v['excerpts'])}</ul></li>"
        for v in suggestion["variants"]
    )
    warning = f"<p class=warn>{e(suggestion['warning'])}</p>" if suggestion.get("warning") else ""
    return (
        f"<tr id=\"{e(suggestion['id'])}\" data-language=\"{e(suggestion['language'])}\" "
        f"data-count=\"{suggestion['count']}\" data-score=\"{suggestion['score']}\">"
        f"<td><code>{e(suggestion['id'])}</code></td><td>{e(suggestion['language'])}</td>"
        f"<td>{e(suggestion['canonical'])}<br><small>{e(suggestion['canonical_from'])}</small></td>"
        f"<td class=n>{suggestion['count']}</td><td class=n>{suggestion['score']}</td>"
        f"<td><ul class=forms>{forms}</ul>{warning}<p><small>{e(suggestion['why'])}</small></p></td>"
        f"<td><pre class=toml>{e(suggestion['toml'])}</pre></td></tr>"
    )


def _escape(value) -> str:
    return html.escape(str(value), quote=True)


def _count(counts: dict[str, int], languages: list[str]) -> None:
    for language in languages:
        counts[language] = counts.get(language, 0) + 1


def _plain(value) -> str:
    """A summary figure as text: a table of counts as ``en: 3, de: 1``."""
    return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)


def _without_rules(data: dict) -> str:
    languages = data.get("languages_without_rules") or {}
    if not languages:
        return ""
    items = "".join(f"<li>{_escape(k)}: {v} files</li>" for k, v in languages.items())
    return f"<h2>Languages without rules</h2><p>Repaired and tagged, no house style applied.</p><ul>{items}</ul>"


def _mark(excerpt: dict) -> str:
    """A context, escaped, with its form highlighted: the form is found by its offsets, never by
    characters (which the text may contain)."""
    text, start, end = excerpt["text"], excerpt["start"], excerpt["end"]
    return f"{_escape(text[:start])}<mark>{_escape(text[start:end])}</mark>{_escape(text[end:])}"


_SCRIPT = """
"use strict";
function cellValue(row, column, numeric) {
  var text = row.cells[column].textContent.trim();
  return numeric ? parseFloat(text) || 0 : text.toLowerCase();
}
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (head, column) {
    if (!head.dataset.sort) { return; }
    head.tabIndex = 0;
    head.title = "sort";
    function sort() {
      var numeric = head.dataset.sort === "number";
      var current = head.getAttribute("aria-sort");  // first click: numbers largest first, text A to Z
      var descending = current ? current === "ascending" : numeric;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", descending ? "descending" : "ascending");
    }
    head.addEventListener("click", sort);
    head.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
  });
});
document.querySelectorAll("form.filter").forEach(function (form) {
  var table = document.getElementById(form.dataset.table);
  function apply() {
    var text = form.elements.text.value.trim().toLowerCase();
    var language = form.elements.language.value;
    var count = parseFloat(form.elements.count.value) || 0;
    var score = form.elements.score ? parseFloat(form.elements.score.value) || 0 : 0;
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var visible = (!text || row.textContent.toLowerCase().indexOf(text) >= 0)
        && (!language || row.dataset.language === language)
        && parseFloat(row.dataset.count || 0) >= count
        && parseFloat(row.dataset.score || 1) >= score;
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    form.querySelector("output").textContent = shown + " shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
});
document.body.dataset.ready = "yes";
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")

_FILTER = """<form class=filter data-table="{table}">
<input name=text type=search placeholder="filter: any text" aria-label="filter {table}">
<select name=language aria-label="language"><option value="">every language</option>{{languages}}</select>
<label>count ≥ <input name=count type=number min=0 value=0></label>{extra}
<output></output></form>"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>normalize report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; }}
th[data-sort] {{ cursor: pointer; }} th[aria-sort=ascending]::after {{ content: " ▲"; }} th[aria-sort=descending]::after {{ content: " ▼"; }}
td.n {{ text-align: right; }} ul {{ margin: 0; padding-left: 1.2em; }} mark {{ background: #fe6; }}
form.filter {{ margin: .5em 0; }} pre.toml {{ background: #f6f6f6; padding: .4em; margin: 0; }} .warn {{ color: #a40; }}
</style></head><body>
<h1>Variant-mapping report</h1>
<p>{summary}</p>
<h2>Suggestions</h2>
<p>Clusters of spellings that no rule knows yet. None is applied until a reviewer accepts it
(<code>normalize review REPORT.json</code>); accepting writes the TOML shown into <code>rules/local.toml</code>.</p>
""" + _FILTER.format(table="suggestions", extra=' <label>score ≥ <input name=score type=number min=0 max=1 step=0.01 value=0></label>') + """
<table id=suggestions class=sortable><thead><tr><th data-sort=text>id</th><th data-sort=text>language</th>
<th data-sort=text>canonical</th><th data-sort=number>count</th><th data-sort=number>score</th><th>forms, contexts, why</th><th>rule written on accepting</th></tr></thead>
<tbody>
{suggestions}
</tbody></table>
<h2>Variants</h2>
""" + _FILTER.format(table="variants", extra="") + """
<table id=variants class=sortable><thead><tr><th data-sort=text>entity</th><th data-sort=text>language</th><th data-sort=text>canonical</th>
<th data-sort=text>form</th><th data-sort=number>count</th><th data-sort=number>files</th><th data-sort=text>rule</th><th>contexts</th></tr></thead>
<tbody>
{variants}
</tbody></table>
{failures}
<script>{script}</script>
</body></html>
"""

RENDERERS = {".json": render_json, ".csv": render_csv, ".html": render_html, ".htm": render_html}


def write_reports(report: Report, paths: Iterable[str | Path], token: str | None = None) -> None:
    """Write the report once per path, in the format its extension names.

    ``token``: the run's, which names the temporary files (see :func:`normalize.files.temporary_name`).

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
