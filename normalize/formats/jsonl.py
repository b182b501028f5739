"""JSON Lines and JSON: the strings of the prose fields are cleaned, nothing else.

A record is an object; its prose fields are those named in ``Config.prose_fields``
at any depth (a list under a prose key is prose too).  A string field named in
``Config.language_fields`` states the record's language.  In JSON Lines a line
that is not valid JSON is reported with its number and kept as it was.

>>> document = read('{"url": "https://x/Kiev", "title": "Kiev talks", "lang": "en"}\\n{"title": broken\\n', Config(), "jsonl")
>>> [(s.text, s.field, s.record, s.language) for s in document.segments]
[('Kiev talks', 'title', 1, 'en')]
>>> document.problems
[(2, 'not valid JSON (Expecting value: column 11); the line is kept as it was')]
"""

from __future__ import annotations

import json
import re
from array import array
from json.decoder import scanstring

from normalize.changes import LineIndex
from normalize.config import Config
from normalize.formats.segments import Document, FormatError, Segment, language_code

_WHITESPACE = " \t\n\r"
TOO_DEEP = "nested too deeply to be read"
_DECODER = json.JSONDecoder()
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")  # a pair is one character once read: what is left is alone


def read(text: str, config: Config, format_name: str) -> Document:
    """The prose strings of every record (``format_name`` is ``jsonl`` or ``json``)."""
    walker = _Walker(text, config)
    if format_name == "json":
        try:
            json.loads(text)
            start = _skip(text, 0)
            if text[start] == "[":  # an array of articles: each object is a record
                walker.array(start, None, False, records=LineIndex(text))
            else:
                walker.record(start, 1)
        except ValueError as error:
            raise FormatError(f"not valid JSON: {_message(error, with_line=True)}") from None
        except RecursionError:
            raise FormatError(TOO_DEEP) from None
        return walker.document
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            found = len(walker.document.segments)
            try:
                json.loads(line)
                walker.record(_skip(text, offset), number)
            except ValueError as error:
                walker.document.problems.append((number, f"not valid JSON ({_message(error)}); the line is kept as it was"))
            except RecursionError:
                del walker.document.segments[found:]
                walker.document.problems.append((number, f"{TOO_DEEP}; the line is kept as it was"))
        offset += len(line) + 1
    return walker.document


def same_structure(before: str, after: str, config: Config, format_name: str) -> bool:
    """Every line that parsed still parses (the segments were compared already)."""
    lines = zip(before.split("\n"), after.split("\n")) if format_name == "jsonl" else [(before, after)]
    return all(_parses(old) == _parses(new) for old, new in lines)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return not text.strip()
    return True


class _Walker:
    """Walks JSON values with their positions, collecting the strings of prose fields."""

    def __init__(self, text: str, config: Config):
        self.text = text
        self.fields = frozenset(name.casefold() for name in config.prose_fields)
        self.language_fields = frozenset(name.casefold() for name in config.language_fields)
        ascii_style = text.isascii() and "\\u" in text  # written with \uXXXX escapes: keep writing them
        self.escape = _escape_ascii if ascii_style else _escape
        self.document = Document()
        self.record_line: int | None = None
        self.language: str | None = None

    def record(self, i: int, line: int) -> int:
        """One article: the value at ``i``, its language from its own language field."""
        self.record_line, self.language = line, None
        if self.text[i] == "{":
            stated = _DECODER.raw_decode(self.text, i)[0]
            self.language = next((language_code(v) for k, v in stated.items()
                                  if k.casefold() in self.language_fields and language_code(v)), None)
        return self.value(i, None, False)

    def value(self, i: int, path: str | None, prose: bool) -> int:
        """Scan the value at ``i``; return where it ends."""
        char = self.text[i]
        if char == '"':
            value, end = scanstring(self.text, i + 1, True)
            lone = _LONE_SURROGATE.search(value) if prose else None
            if lone:  # "\ud800" is no character: no text to clean, nor to write as UTF-8
                self.document.problems.append((self.record_line, (
                    f"the field {path} holds a lone surrogate ({_escape_ascii(lone.group())}), "
                    "which is not a character; that field is kept as it was")))
            elif prose:
                raw = self.text[i + 1:end - 1]
                offsets = _offsets(raw) if "\\" in raw else None
                self.document.segments.append(
                    Segment(i + 1, end - 1, value, offsets, self.escape, self.record_line, path, self.language))
            return end
        if char == "{":
            i = _skip(self.text, i + 1)
            while self.text[i] != "}":
                key, i = scanstring(self.text, i + 1, True)
                i = _skip(self.text, _skip(self.text, i) + 1)  # past the colon
                here = f"{path}.{key}" if path else key
                i = _skip(self.text, self.value(i, here, prose or key.casefold() in self.fields))
                if self.text[i] == ",":
                    i = _skip(self.text, i + 1)
            return i + 1
        if char == "[":
            return self.array(i, path, prose)
        return _DECODER.raw_decode(self.text, i)[1]

    def array(self, i: int, path: str | None, prose: bool, records: LineIndex | None = None) -> int:
        """Scan an array; with ``records``, each element is a record of its own."""
        i, position = _skip(self.text, i + 1), 0
        while self.text[i] != "]":
            if records is not None:
                end = self.record(i, records.position(i)[0])
            else:
                end = self.value(i, f"{path or ''}[{position}]", prose)
            i, position = _skip(self.text, end), position + 1
            if self.text[i] == ",":
                i = _skip(self.text, i + 1)
        return i + 1


def _escape_ascii(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)[1:-1]


def _escape(text: str) -> str:
    r"""A JSON string's content for ``text``, non-ASCII kept as it is.

    >>> _escape('Kyiv "centre"\n')
    'Kyiv \\"centre\\"\\n'
    """
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _offsets(raw: str) -> array:
    r"""Where each character of a JSON string's value starts in its raw form (plus the end), eight bytes each.

    >>> list(_offsets(r'a\n\u00e9\ud83d\ude00b'))
    [0, 1, 3, 9, 21, 22]
    """
    offsets, i = array("q"), 0
    while i < len(raw):
        offsets.append(i)
        if raw[i] != "\\":
            i += 1
        elif raw[i + 1] != "u":
            i += 2
        elif 0xD800 <= int(raw[i + 2:i + 6], 16) < 0xDC00 and raw[i + 6:i + 8] == "\\u" \
                and 0xDC00 <= int(raw[i + 8:i + 12], 16) < 0xE000:
            i += 12  # a surrogate pair: one character
        else:
            i += 6
    offsets.append(len(raw))
    return offsets


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i


def _message(error: ValueError, with_line: bool = False) -> str:
    if isinstance(error, json.JSONDecodeError):
        where = f"line {error.lineno} column {error.colno}" if with_line else f"column {error.colno}"
        return f"{error.msg}: {where}"
    return str(error)
