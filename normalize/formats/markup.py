"""HTML and XML: text nodes and prose attributes are cleaned; tags, code and the rest kept byte for byte.

The tokenizer of Python's ``html.parser`` (lenient, made for the HTML found on
the web) reports where each tag and each run of text starts, which is what
lets us write back only the changed characters.  Text inside ``script``,
``style``, ``code``, ``pre`` and the like is never touched; of the attributes,
only ``Config.prose_attributes`` (``title``, ``alt``).  The nearest ``lang``
(or ``xml:lang``) attribute states the language of the text below it.  A
charset declaration is rewritten to UTF-8, which is what the output is.  After
cleaning, lexbor (a browser-grade HTML parser, through selectolax) parses the
input and the output: their trees must match, prose aside.

>>> document = read('<p title="Kiev" class="kiev">Kiev &amp; <code>kiev()</code></p>', Config(), "html")
>>> [(s.text, s.field) for s in document.segments]
[('Kiev', 'title'), ('Kiev & ', None)]
"""

from __future__ import annotations

import html
import re
from array import array
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser

from normalize.changes import Change
from normalize.config import Config
from normalize.formats.segments import Document, Segment, joined, language_code

UNTOUCHED = frozenset({"script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "template", "svg", "math"})
# Phrasing elements that mark up words inside a sentence: the text on both sides is one run of
# prose (`President <a>Zelenskiy</a>`), so the stages see the sentence, not a lone name.
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i", "ins",
                    "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_SPACE = " \t\n\r\f"
UTF8 = "utf-8"


def read(text: str, config: Config, format_name: str) -> Document:
    """The text runs and prose attribute values of ``text``, in document order."""
    scanner = _Scanner(text, config, xml=format_name == "xml")
    scanner.feed(text)
    scanner.close()
    scanner.flush(len(text))
    return scanner.document


def same_structure(before: str, after: str, config: Config, format_name: str) -> bool:
    """lexbor reads the same tree from both: same elements, attributes and untouched text."""
    return _tree(before, config) == _tree(after, config)


def _tree(text: str, config: Config) -> list:
    """The elements (tag, attributes but prose ones) and text nodes of ``text`` as lexbor reads it, in document order;
    a text node as ``#text``, or as written inside an element that is left untouched.

    >>> _tree("<p>Kiev <code>kiev</code></p>", Config())[-3:]
    ['#text', ('code', []), 'kiev']
    """
    root = LexborHTMLParser(text).root
    if root is None:
        return []
    prose = set(config.prose_attributes)
    shape = []
    untouched: dict[int, bool] = {}  # each element met (its mem_id): is it, or an element around it, UNTOUCHED?
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            shape.append(node.text(deep=False) if _inside_untouched(node, untouched) else "#text")
        else:
            untouched[node.mem_id] = node.tag in UNTOUCHED or _inside_untouched(node, untouched)
            shape.append((node.tag, sorted((k, v) for k, v in node.attributes.items() if k not in prose)))
    return shape


def _inside_untouched(node, untouched: dict[int, bool]) -> bool:
    """Is ``node`` inside an UNTOUCHED element?  Read from its parent's entry in ``untouched`` (elements met in document
    order, parents first), so that a node nested thousands deep is not walked up to the root; else by that walk."""
    parent = node.parent
    known = None if parent is None else untouched.get(parent.mem_id)
    return any(p.tag in UNTOUCHED for p in _ancestors(node)) if known is None else known


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


class _Scanner(HTMLParser):
    """Collects prose segments while html.parser tokenizes; positions come from getpos()."""

    def __init__(self, text: str, config: Config, xml: bool):
        super().__init__(convert_charrefs=False)
        self.text, self.xml = text, xml
        self.prose_attributes = frozenset(name.casefold() for name in config.prose_attributes)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, language, untouched
        self.run_start: int | None = None  # where the text since the last tag starts
        self.parts: list[Segment] = []  # the runs of text joined so far across inline tags
        self.document = Document()

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # text: a run of data and character references between two other tokens
    def handle_data(self, data: str) -> None:
        if self.run_start is None:
            self.run_start = self.here()

    handle_entityref = handle_charref = handle_data

    def end_part(self, end: int) -> None:
        """The text since the last tag is a part of the current run of prose."""
        start, self.run_start = self.run_start, None
        if start is not None and not self.untouched:
            value, offsets = _unescape(self.text[start:end])
            self.parts.append(Segment(start, end, value, offsets, _escape_text, language=self.language))

    def flush(self, end: int) -> None:
        """The current run of prose ends here: one segment, its parts joined."""
        self.end_part(end)
        parts, self.parts = self.parts, []
        if any(part.text.strip(_SPACE) for part in parts):
            self.document.segments.append(joined(parts))

    def joins_prose(self, tag: str, language: str | None, has_prose_attributes: bool = False) -> bool:
        """Does the inline tag ``tag`` leave the run of prose around it whole?"""
        return (not self.xml and tag in INLINE and not self.untouched
                and language == self.language and not has_prose_attributes)

    @property
    def untouched(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    @property
    def language(self) -> str | None:
        return self.stack[-1][1] if self.stack else None

    # everything else ends a run of text
    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list, closed: bool) -> None:
        start = self.here()
        raw = self.get_starttag_text() or ""
        values = dict(attrs)
        language = language_code(values.get("lang") or values.get("xml:lang")) or self.language
        prose = any(name in self.prose_attributes and value and value.strip() for name, value in attrs)
        if self.joins_prose(tag, language, prose) and not closed:
            self.end_part(start)
        else:
            self.flush(start)
        untouched = self.untouched or tag in UNTOUCHED
        if not untouched:
            self._attributes(start, raw, attrs, language)
        if tag == "meta":
            self._charset_in_meta(start, raw, attrs)
        if not closed and (self.xml or tag not in VOID):
            self.stack.append((tag, language, untouched))

    def _attributes(self, start: int, raw: str, attrs: list, language: str | None) -> None:
        spans = _attribute_spans(raw)
        if [(name.casefold(), None if value is None else html.unescape(value)) for name, value, _, _ in spans] != \
                [(name, value) for name, value in attrs]:
            return  # the tag is too odd to be sure where its values are: leave it alone
        for name, value, value_start, quote in spans:
            if name.casefold() in self.prose_attributes and value and value.strip():
                decoded, offsets = _unescape(value)
                begin = start + value_start
                self.document.segments.append(Segment(
                    begin, begin + len(value), decoded, offsets, _attribute_escape(quote), field=name.casefold(), language=language))

    def _charset_in_meta(self, start: int, raw: str, attrs: list) -> None:
        for name, value, value_start, _ in _attribute_spans(raw):
            key = name.casefold()
            if key == "charset" and value and value.strip().casefold() not in ("utf-8", "utf8"):
                self._declare(start + value_start, start + value_start + len(value), value)
            elif key == "content" and value and any(k.casefold() == "http-equiv" and (v or "").casefold() == "content-type"
                                                    for k, v in attrs):
                found = re.search(r"charset\s*=\s*['\"]?([\w.:-]+)", value, re.IGNORECASE)
                if found and found.group(1).casefold() not in ("utf-8", "utf8"):
                    begin = start + value_start + found.start(1)
                    self._declare(begin, begin + len(found.group(1)), found.group(1))

    def _declare(self, start: int, end: int, before: str) -> None:
        self.document.fixed.append(Change("format", "charset declaration: the output is UTF-8", start, end, before, UTF8))

    def handle_pi(self, data: str) -> None:
        start = self.here()
        self.flush(start)
        found = re.match(r"xml\s.*?encoding\s*=\s*(['\"])([\w.:-]+)\1", data, re.IGNORECASE | re.DOTALL)
        if found and found.group(2).casefold() not in ("utf-8", "utf8"):
            begin = start + 2 + found.start(2)
            self._declare(begin, begin + len(found.group(2)), found.group(2))

    def handle_endtag(self, tag: str) -> None:
        inner = self.stack[-1] if self.stack else None
        outer = self.stack[-2][1] if len(self.stack) > 1 else None
        if inner is not None and inner[0] == tag and not inner[2] and self.joins_prose(tag, outer):
            self.end_part(self.here())
        else:
            self.flush(self.here())
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_comment(self, data: str) -> None:
        self.flush(self.here())

    handle_decl = unknown_decl = handle_comment


def _attribute_spans(tag: str) -> list[tuple[str, str | None, int, str]]:
    """Each attribute of a start tag: name, raw value, where the value starts, its quote.

    Follows the HTML tokenizer's attribute states; checked against what html.parser read.

    >>> _attribute_spans('<img alt="Kiev" src=/a.png hidden>')
    [('alt', 'Kiev', 10, '"'), ('src', '/a.png', 20, ''), ('hidden', None, 33, '')]
    """
    i, n = 1, len(tag)
    while i < n and tag[i] not in _SPACE + "/>":
        i += 1
    spans = []
    while True:
        while i < n and tag[i] in _SPACE + "/":
            i += 1
        if i >= n or tag[i] == ">":
            return spans
        start = i
        i += 1  # a name may start with "="
        while i < n and tag[i] not in _SPACE + "/>=":
            i += 1
        name = tag[start:i]
        j = i
        while j < n and tag[j] in _SPACE:
            j += 1
        if j < n and tag[j] == "=":
            j += 1
            while j < n and tag[j] in _SPACE:
                j += 1
            if j < n and tag[j] in "\"'":
                close = tag.find(tag[j], j + 1)
                close = n if close < 0 else close
                spans.append((name, tag[j + 1:close], j + 1, tag[j]))
                i = close + 1
            else:
                k = j
                while k < n and tag[k] not in _SPACE + ">":
                    k += 1
                spans.append((name, tag[j:k], j, ""))
                i = k
        else:
            spans.append((name, None, i, ""))


def _unescape(raw: str) -> tuple[str, array | None]:
    """Decode character references; where each character's raw form starts, eight bytes each (None: no references).

    >>> _unescape("a&amp;b")
    ('a&b', array('q', [0, 1, 6, 7]))
    """
    if "&" not in raw:
        return raw, None
    pieces, offsets, cursor = [], array("q"), 0
    for match in _CHARREF.finditer(raw):
        decoded = html.unescape(match.group())
        if decoded == match.group():
            continue  # not a reference: plain characters
        pieces.append(raw[cursor:match.start()])
        offsets += array("q", range(cursor, match.start()))
        pieces.append(decoded)
        offsets += array("q", [match.start()]) * len(decoded)  # a reference is replaced whole or not at all
        cursor = match.end()
    pieces.append(raw[cursor:])
    offsets += array("q", range(cursor, len(raw) + 1))
    return "".join(pieces), offsets


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute_escape(quote: str):
    def escape(text: str) -> str:
        text = text.replace("&", "&amp;")
        if quote:
            return text.replace(quote, "&quot;" if quote == '"' else "&#39;")
        return "".join(f"&#{ord(c)};" if c in _SPACE + "\"'=<>`" else c for c in text)
    return escape
