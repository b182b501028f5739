"""The report as a self-contained HTML page, every piece of article text escaped.

The page's template, style and script are package data (``page.html``,
``page.css``, ``page.js``); the script is allowed by its hash in the page's
Content-Security-Policy, so no text in the page could run as code.
"""

from __future__ import annotations

import base64
import hashlib
import html
from functools import cache
from importlib import resources
from string import Template
from typing import Iterator

from normalize.text import filled


def render_html(data: dict) -> str:
    """A page for a person: summary, variants and suggestions in sortable,
    filterable tables, contexts with the form highlighted, failures (:func:`html_pieces`, joined)."""
    return "".join(html_pieces(data))


def html_pieces(data: dict) -> Iterator[str]:
    """The page of :func:`render_html` piece by piece: a row of its tables at a time (an article of distinct
    names has tens of thousands of suggestions: their rows, listed, joined and put in the page, were three copies)."""
    e = _escape
    summary = " · ".join(f"{e(_plain(v))} {e(k)}" for k, v in data["summary"].items())
    rows = [(variant, form) for variant in data["variants"] for form in variant["forms"]]
    variants = (_variant_row(variant, form, f"v{number}") for number, (variant, form) in enumerate(rows, start=1))
    suggestions = map(_suggestion_row, data["suggestions"])
    failures = "".join(
        f"<li><code>{e(f['path'])}</code>: {e(f['error'])}</li>" for f in data["files"] if f.get("error")
    )
    languages = sorted({str(v["language"]) for v in data["variants"]} | {s["language"] for s in data["suggestions"]})
    script = _element_text("page.js")
    slots = {"variants": (variants, f"<tr><td colspan=10>{_no_variants(data)}</td></tr>"),
             "suggestions": (suggestions, "<tr><td colspan=8>No suggestions.</td></tr>")}
    page = _template().substitute(
        script_hash=base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii"),
        script=script, style=_element_text("page.css"),
        summary=summary,
        languages="".join(f"<option value=\"{e(language)}\">{e(language)}</option>" for language in languages),
        failures=(f"<h2>Failed files and kept records</h2><ul>{failures}</ul>" if failures else "")
        + _without_rules(data),
        **{name: _SLOT.format(name) for name in slots},
    )
    yield from filled(page, {_SLOT.format(name): _lines(*rows) for name, rows in slots.items()})


_SLOT = "\x00{}\x00"  # where a table's rows go in the page (no text put in it holds a NUL)


def _lines(rows: Iterator[str], empty: str) -> Iterator[str]:
    """``rows`` one a line, or ``empty`` if there are none."""
    separator = ""
    for row in rows:
        yield separator + row
        separator = "\n"
    if not separator:
        yield empty


def _variant_row(variant: dict, form: dict, anchor: str) -> str:
    """One form of an entity: what it became, where it was seen (the first places linked to their contexts)."""
    e = _escape
    contexts = "".join(f"<li id=\"{anchor}-{i}\">{_mark(c)}</li>" for i, c in enumerate(form["excerpts"], start=1))
    places = "".join(
        f"<li><a href=\"#{anchor}-{i}\">{e(place)}</a></li>" if i <= len(form["excerpts"]) else f"<li>{e(place)}</li>"
        for i, place in enumerate(form["locations"], start=1)
    )
    return (
        f"<tr data-language=\"{e(variant['language'])}\" data-count=\"{form['count']}\">"
        f"<td>{e(variant['entity'])}</td><td>{e(variant['language'])}</td>"
        f"<td>{e(variant['canonical'] or 'no settled form')}</td><td>{e(form['form'])}</td>"
        f"<td class=n>{form['count']}</td><td class=n>{form['files']}</td>"
        f"<td>{e(form['rule'])}</td><td>{e(form['became'])}</td>"
        f"<td><ul class=places>{places}</ul></td><td><ul>{contexts}</ul></td></tr>"
    )


def _no_variants(data: dict) -> str:
    if data["summary"].get("surveyed"):
        return ("discover counts names to suggest new spellings; it does not apply the rules, so it lists no "
                "variants and changes nothing: normalize check lists what the rules would change.")
    return "No names of the rules were found."


def _suggestion_row(suggestion: dict) -> str:
    """A suggestion with the reviewer's controls: accept or reject, the canonical to write, a box per form to keep."""
    e = _escape
    forms = "".join(
        f"<li><label><input type=checkbox class=keep data-form=\"{e(v['form'])}\" checked> keep</label> "
        f"<b>{e(v['form'])}</b> {v['count']}× in {v['files']} file(s)"
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
        f"<td><pre class=toml>{e(suggestion['toml'])}</pre></td>"
        f"<td class=decision><label><input type=radio name=\"decision-{e(suggestion['id'])}\" value=\"\" checked> undecided</label>"
        f"<label><input type=radio name=\"decision-{e(suggestion['id'])}\" value=accept> accept</label>"
        f"<label><input type=radio name=\"decision-{e(suggestion['id'])}\" value=reject> reject</label>"
        f"<label>canonical <input type=text class=canonical value=\"{e(suggestion['canonical'])}\" "
        f"aria-label=\"canonical of {e(suggestion['id'])}\"></label></td></tr>"
    )


def _escape(value) -> str:
    return html.escape(str(value), quote=True)


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


@cache
def _template() -> Template:
    """``page.html``: ``$name`` marks where each part goes (``$$`` is a dollar sign)."""
    return Template(_package_file("page.html"))


@cache
def _element_text(name: str) -> str:
    """A package file as the text of its ``<style>`` or ``<script>`` element, starting on a line of its own."""
    return "\n" + _package_file(name)


def _package_file(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
