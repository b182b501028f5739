"""What the report keeps of one article (ArticleRecord: no text), and its encoding for the manifest."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterator

import orjson

from normalize.article import Article
from normalize.collector import collector_paused
from normalize.changes import Change, LineIndex
from normalize.discovery.names import NameCounts
from normalize.text import compressed, shown_around

MAX_CONTEXTS = 3  # contexts kept per form
MAX_LOCATIONS = 20  # path:line:column kept per form


@dataclass
class _Sightings:
    """One form's sightings in one article, while :meth:`ArticleRecord.of` reads them."""

    became: str
    rule: str
    count: int = 0
    contexts: list[list] = field(default_factory=list)  # [text, start, end]: text.shown_excerpt
    locations: list[str] = field(default_factory=list)  # path:line:column


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
        found: dict[tuple[str, str, str, str], _Sightings] = {}
        source_text = article.cleaned.source_text if article.mentions else ""
        index = LineIndex(source_text) if article.mentions else None
        for mention in article.mentions:
            if mention.left:
                continue  # not a form of the entity that was settled: listed in the entry's ``left``
            key = (mention.entity, mention.language or article.cleaned.language, mention.canonical, mention.form)
            seen = found.setdefault(key, _Sightings(mention.replacement, mention.rule))
            seen.count += 1
            if len(seen.contexts) < MAX_CONTEXTS:
                seen.contexts.append(list(mention.context or shown_around(source_text, mention.start, mention.end)))
            if len(seen.locations) < MAX_LOCATIONS:
                line, column = index.position(mention.start)
                seen.locations.append(f"{article.path}:{line}:{column}")
        forms = [[*key, s.became, s.rule, s.count, s.contexts, s.locations] for key, s in found.items()]
        return cls(_file_entry(article), forms, article.names)

    def encode(self) -> tuple[bytes, bytes]:
        """The file entry as compressed JSON text (as ``report.json`` writes it), and the rest as compressed JSON.

        The entry is compressed as it is written, a few changes at a time, so that its
        text (hundreds of bytes per change) is never whole in memory; :func:`normalize.text.decompressed_text`
        gives it back piece by piece.  The rest is mostly names with their contexts:
        orjson writes it (compact UTF-8 JSON, as json.dumps would, in a quarter of the time),
        the counts of names a few thousand rows at a time (:meth:`NameCounts.json_pieces`).
        """
        names = self.names.json_pieces() if self.names is not None else [b"null"]  # an article of distinct names: millions of rows
        with collector_paused():  # a list a row of the counts, no cycle
            return compressed(entry_pieces(self.entry)), compressed(chain([b"[", orjson.dumps(self.forms), b","], names, [b"]"]))

    @classmethod
    def decode(cls, entry: bytes, rest: bytes) -> "ArticleRecord":
        """The record that :meth:`encode` gave these for."""
        forms, names = json.loads(zlib.decompress(rest))
        return cls(json.loads(zlib.decompress(entry)), forms, NameCounts.from_json(names) if names is not None else None)


class ChangeDicts(Sequence):
    """An article's changes as the report lists them (``Change.as_dict``), each made when it is read.

    A file entry holds these rather than a list of dicts: an article can make a change
    every few bytes, and a dict of eleven fields costs several times the Change it shows.

    >>> changes = ChangeDicts([Change("spelling", "r", 0, 4, "Kiev", "Kyiv")])
    >>> changes[0]["after"], len(changes), changes == [Change("spelling", "r", 0, 4, "Kiev", "Kyiv").as_dict()]
    ('Kyiv', 1, True)
    """

    def __init__(self, changes: list[Change]):
        self._changes = changes

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [change.as_dict() for change in self._changes[index]]
        return self._changes[index].as_dict()

    def __len__(self) -> int:
        return len(self._changes)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return repr(list(self))


def plain_entry(entry: dict) -> dict:
    """``entry`` with its changes as a list of dicts, to keep (a Report's kept entries are plain JSON values)."""
    changes = entry.get("changes")
    return {**entry, "changes": list(changes)} if isinstance(changes, ChangeDicts) else entry


_BLOCK = 256  # changes joined into one piece of an entry's text


def entry_pieces(entry: dict) -> Iterator[str]:
    """A file entry as JSON text, indented as it stands in the ``files`` list of ``report.json``, in pieces
    of at most :data:`_BLOCK` changes (the text of one change is made only when its piece is)."""
    changes = entry.get("changes")
    if not changes:
        yield _indented(plain_entry(entry))
        return
    head, tail = _indented({**entry, "changes": _PLACEHOLDER}).split(json.dumps(_PLACEHOLDER), 1)
    # One piece per change (at depth 2 of an entry itself indented by 2: 4 more spaces a line);
    # json.dumps of the whole would first list every piece of every change, dozens each.
    yield head + "[\n    "
    for start in range(0, len(changes), _BLOCK):
        separator = "" if start == 0 else ",\n    "
        block = changes[start:start + _BLOCK]
        if not any(_long_texts(change) for change in block):
            yield separator + _indented(block, "\n   ")[len("[\n    "):-len("\n   ]")]  # the block's changes, joined
            continue
        for change in block:
            yield separator
            yield from _change_pieces(change)
            separator = ",\n    "
    yield "\n   ]" + tail


_LONG_TEXT = 1 << 16  # characters of a change's text that its JSON writes in pieces


def _long_texts(change: dict) -> list[str]:
    """The fields of ``change`` whose text is longer than :data:`_LONG_TEXT`."""
    return [key for key, value in change.items() if isinstance(value, str) and len(value) > _LONG_TEXT]


def _change_pieces(change: dict) -> Iterator[str]:
    """A change as indented JSON (as ``_indented(change, "\\n    ")``), its long texts in pieces: a repair
    may rewrite most of a line of megabytes, and its text escaped, indented and encoded whole costs many times it.

    >>> text = "«Kyiv»\\n" * 20_000
    >>> "".join(_change_pieces({"before": text, "after": ""})) == _indented({"before": text, "after": ""}, "\\n    ")
    True
    """
    long = _long_texts(change)
    placeholder = json.dumps(_PLACEHOLDER)
    parts = _indented({key: _PLACEHOLDER if key in long else value for key, value in change.items()}, "\n    ")
    *heads, last = parts.split(placeholder)
    for head, key in zip(heads, long):
        yield head + '"'
        for at in range(0, len(change[key]), _LONG_TEXT):  # JSON escapes one character at a time: pieces join
            yield _ENCODER.encode(change[key][at:at + _LONG_TEXT])[1:-1]
        yield '"'
    yield last


def entry_json(entry: dict) -> str:
    """A file entry as JSON text, indented as it stands in the ``files`` list of ``report.json``.

    >>> print(entry_json({"path": "a.txt", "problems": []}))
    {
       "path": "a.txt",
       "problems": []
      }
    """
    return "".join(entry_pieces(entry))


_PLACEHOLDER = "\x00changes\x00"


def _indented(value, indent: str = "\n  ") -> str:
    """``value`` as indented JSON (``json.dumps(value, ensure_ascii=False, indent=1)``), each line after
    the first indented by ``indent``'s spaces.

    orjson writes it where it writes what json writes (:func:`_written_alike`): in C, the
    Python encoder that ``indent`` needs taking about ten times as long.  orjson indents by
    two spaces a level; its lines are re-indented by :func:`_one_space_a_level`.

    >>> print(_indented({"path": "a.txt", "changes": [{"line": 1}], "score": 0.99}, "\\n  "))
    {
       "path": "a.txt",
       "changes": [
        {
         "line": 1
        }
       ],
       "score": 0.99
      }
    """
    if _written_alike(value):
        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except orjson.JSONEncodeError:  # a lone surrogate, an integer beyond 64 bits: json writes it
            pass
        else:
            return _one_space_a_level(text, indent)
    return _ENCODER.encode(value).replace("\n", indent)


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1)


def _one_space_a_level(text: str, indent: str) -> str:
    """JSON ``text`` indented by two spaces a level, indented by one, each line after ``indent``'s spaces.

    A JSON text holds a line break only between its values (one inside a string is ``\\n``)
    and never a raw control character: the lines of each level, deepest first, are marked
    by a NUL that the shallower levels' spaces no longer follow, and the marks are replaced last.

    >>> _one_space_a_level('{\\n  "a": [\\n    1\\n  ],\\n  "b": "  x\\\\n    y"\\n}', "\\n>")
    '{\\n> "a": [\\n>  1\\n> ],\\n> "b": "  x\\\\n    y"\\n>}'
    """
    depth = 0
    while "\n" + "  " * (depth + 1) in text:
        depth += 1
    for level in range(depth, 0, -1):
        text = text.replace("\n" + "  " * level, "\0" + " " * level)
    return text.replace("\n", indent).replace("\0", indent)


_SCALARS = frozenset({str, int, bool, type(None)})  # written alike by both, or refused by orjson (an int of 65 bits)
_KEYS = frozenset({str})


def _written_alike(value) -> bool:
    """Do orjson and json write ``value`` alike (or orjson refuse it)?  Yes for the plain values of
    JSON (a dict's keys strings), but a float only where both write its shortest digits
    without an exponent (json writes ``1e-05``, orjson ``0.00001``), and no other type
    (orjson writes a dataclass that json refuses).  A container of scalars is told by the set of their types.

    >>> _written_alike({"score": 0.25, "changes": [["Kiev", 1, None, True]]}), _written_alike([1e-05]), _written_alike({1: 2})
    (True, False, False)
    """
    kind = type(value)
    if kind is dict:
        values = value.values()
        return set(map(type, value)) <= _KEYS and (set(map(type, values)) <= _SCALARS or all(map(_written_alike, values)))
    if kind is list or kind is tuple:
        return set(map(type, value)) <= _SCALARS or all(map(_written_alike, value))
    if kind is float:
        return value == 0 or 1e-4 <= abs(value) < 1e16
    return kind in _SCALARS


def _file_entry(article: Article) -> dict:
    decoded, cleaned = article.decoded, article.cleaned
    return {
        "path": article.path, "status": article.status,
        "language": cleaned and cleaned.language, "language_score": cleaned and cleaned.language_score,
        "encoding": decoded and decoded.encoding, "encoding_method": decoded and decoded.method,
        "encoding_confidence": decoded and decoded.confidence, "encoding_declared": decoded and decoded.declared,
        "error": article.error,
        "format": article.format, "problems": article.problems,
        "languages": cleaned.languages if cleaned else [], "without_rules": cleaned.without_rules if cleaned else [],
        "changes": ChangeDicts(article.changes),
        "left": article.left,
    }
