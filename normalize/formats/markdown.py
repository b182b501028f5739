"""Markdown: paragraphs, headings, list items, quotes and table cells are cleaned.

markdown-it-py (a CommonMark parser) says which lines are prose; inside them,
code spans, link and image destinations, reference labels, autolinks and inline
HTML are left exactly as they are, like fenced and indented code blocks, and so
are invisible characters at the start of a line (a byte-order mark left by joining
files): removing one would make its line something else (``\ufeff# Title`` a
heading, a line of only ``\ufeff`` a blank line).  HTML blocks are read as HTML.  In YAML or TOML front matter, keys are kept and only
the values of ``Config.prose_fields`` are cleaned; a ``lang`` key states the
document's language.

>>> text = "---\\nslug: kiev-news\\ntitle: Kiev talks\\n---\\nIn Kiev, see `kiev()` and [Kiev](https://kiev.ua/Kiev).\\n"
>>> [s.text for s in read(text, Config(), "markdown").segments]
['Kiev talks', 'In Kiev, see ', ' and [Kiev].\\n']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from ftfy.chardata import CONTROL_CHARS

from normalize.config import Config
from normalize.formats import markup
from normalize.formats.front_matter import read_front_matter
from normalize.formats.segments import Document, Segment, joined

_BACKTICKS = re.compile("`+")
_LINE_BREAK = re.compile("\r\n?|\n")  # markdown-it's line ends
# The invisible characters that the repair removes (ftfy's remove_control_chars): not whitespace to CommonMark.
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(CONTROL_CHARS)) + "]+")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_INLINE_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--|\?.*?\?)>", re.DOTALL)


def read(text: str, config: Config, format_name: str) -> Document:
    """The prose of ``text``: front matter values, then every inline run outside code and links."""
    document = Document()
    body_start = read_front_matter(text, config, document)
    masked = "\n" * len(_LINE_BREAK.findall(text, 0, body_start)) + text[body_start:]  # same line numbers, no front matter
    env: dict = {}
    tokens = _parser().parse(masked, env)
    starts = _line_starts(text)
    references = set(env.get("references", {}))
    seen = set()
    for token in tokens:
        if token.map is None or (token.type != "inline" and token.type != "html_block"):
            continue
        first, last = token.map
        if (first, last) in seen:
            continue
        seen.add((first, last))
        start, end = max(starts[first], body_start), starts[min(last, len(starts) - 1)]
        if token.type == "html_block":
            inner = markup.read(text[start:end], config, "html")
            document.segments += [replace(s, start=s.start + start, end=s.end + start) for s in inner.segments]
        else:
            document.segments += _inline_segments(text, start, end, references)
    if document.language:
        document.segments = [s if s.language else replace(s, language=document.language) for s in document.segments]
    return document


def same_structure(before: str, after: str, config: Config, format_name: str) -> bool:
    """markdown-it reads the same blocks (and the same code) from both."""
    shape = lambda text: [(t.type, t.tag, t.map, t.info, t.markup, t.content if t.type in ("fence", "code_block") else "")
                          for t in _parser().parse(text)]
    return shape(before) == shape(after)


@lru_cache(maxsize=1)
def _parser():
    """markdown-it's CommonMark parser, with tables and strikethrough: made when a Markdown document is first read
    (importing markdown-it costs 0.03 s of CPU, which a run without one never needs).  A table's delimiter row is no prose:

    >>> [s.text for s in read("| City | Note |\\n|---|---|\\n| Kiev | old |\\n", Config(), "markdown").segments]
    ['| City | Note |\\n', '| Kiev | old |\\n']
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_segments(text: str, start: int, end: int, references: set[str]) -> list[Segment]:
    """The runs of ``text[start:end]`` that are prose: everything but code, destinations and tags.

    Runs separated only by markup inside a sentence (a link's destination, an inline tag) are one
    segment of parts, so that the stages read the sentence: ``[Zelenskiy](/z) said``.
    """
    segments, parts, cursor = [], [], start
    for protected_start, protected_end, inside_sentence in _protected(text, start, end, references):
        parts.append(Segment(cursor, protected_start, text[cursor:protected_start]))
        if not inside_sentence:
            segments += _prose(parts)
            parts = []
        cursor = protected_end
    return segments + _prose(parts + [Segment(cursor, end, text[cursor:end])])


def _prose(parts: list[Segment]) -> list[Segment]:
    """The parts joined into one segment, if any of them holds more than white space."""
    return [joined(parts)] if any(part.text.strip() for part in parts) else []


def _protected(text: str, i: int, end: int, references: set[str]):
    """Spans of code, link destinations, reference labels, autolinks, inline HTML and invisible line starts, in order;
    each with whether the sentence goes on across it (a link's destination, an inline tag)."""
    from markdown_it.common.utils import normalizeReference  # imported by :func:`_parser` already

    backticks = None
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
        elif char == "`":
            run = _run(text, i, "`")
            backticks = backticks or _backtick_runs(text, i, end)
            close = _closing_backticks(backticks, i + run, run)
            if close is None:
                i += run
            else:
                yield i, close, False
                i = close
        elif text[i - 1:i] in ("", "\n") and (invisible := _INVISIBLE.match(text, i, end)):
            yield i, invisible.end(), False
            i = invisible.end()
        elif char == "<" and (tag := _INLINE_TAG.match(text, i, end)):
            yield i, tag.end(), _is_inline_tag(tag.group())
            i = tag.end()
        elif char == "]" and text.startswith("(", i + 1):
            close = _closing_paren(text, i + 1, end)
            yield i + 1, close, True
            i = close
        elif char == "]" and text.startswith("[", i + 1):
            close = text.find("]", i + 2, end)
            close = end if close < 0 else close + 1
            yield i + 1, close, True
            i = close
        elif char == "[" and (close := text.find("]", i, end)) > 0 and (
                text.startswith("^", i + 1) or normalizeReference(text[i + 1:close]) in references):
            yield i, close + 1, False  # a footnote, or a shortcut reference link: its label must stay as it is
            i = close + 1
        elif char == "{" and text[i + 1:i + 2] in ("#", ".", ":") and (close := text.find("}", i, end)) > 0:
            yield i, close + 1, False  # an attribute list: {#id .class}
            i = close + 1
        else:
            i += 1


def _is_inline_tag(tag: str) -> bool:
    """Is ``tag`` one of HTML's inline tags (``<b>``, ``</a>``), not an autolink, comment or ``<br>``?

    >>> _is_inline_tag("<em>"), _is_inline_tag("</a>"), _is_inline_tag("<br/>"), _is_inline_tag("<https://kiev.ua>")
    (True, True, False, False)
    """
    name = _TAG_NAME.match(tag)
    return name is not None and name.group(1).lower() in markup.INLINE


def _run(text: str, i: int, char: str) -> int:
    j = i
    while j < len(text) and text[j] == char:
        j += 1
    return j - i


def _backtick_runs(text: str, start: int, end: int) -> dict[int, list[int]]:
    """Where each run of backticks in ``text[start:end]`` starts, by its length.

    Found once per block, so that a line of many unmatched runs costs time in
    proportion to its length, not its square.
    """
    runs: dict[int, list[int]] = {}
    for match in _BACKTICKS.finditer(text, start, end):
        runs.setdefault(match.end() - match.start(), []).append(match.start())
    return runs


def _closing_backticks(runs: dict[int, list[int]], i: int, run: int) -> int | None:
    """The end of the first run of exactly ``run`` backticks that starts at ``i`` or later."""
    starts = runs.get(run, [])
    found = bisect.bisect_left(starts, i)
    return starts[found] + run if found < len(starts) else None


def _closing_paren(text: str, i: int, end: int) -> int:
    """The end of a link destination and title that opens at ``text[i] == "("``."""
    depth, j = 0, i
    while j < end:
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return end


def _line_starts(text: str) -> list[int]:
    """Where each line starts, the lines as markdown-it counts them (a CR alone ends one too)."""
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)] + [len(text)]
