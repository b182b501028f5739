"""The model every reader shares: a document is its text plus the segments of prose in it.

A :class:`Segment` is a span ``[start, end)`` of the document's text whose *value*
(``text``) is prose: HTML with its entities decoded, a JSON string without its
escapes, a CSV field without its quotes.  Cleaning changes values; writing back
replaces only the edited characters of each span, escaped the way the format
needs, so everything outside the edits stays byte-identical:

>>> segment = Segment(5, 17, "Kiev & Lviv", offsets=(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15), escape=str)
>>> rewrite("<p>  Kiev &amp; Lviv</p>", [(segment, [(0, 4, "Kyiv")])])
'<p>  Kyiv &amp; Lviv</p>'
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Callable, Iterable, Sequence

from normalize.changes import Change, replay
from normalize.errors import NormalizeError


class FormatError(NormalizeError):
    """A document cannot be read as its format (the message says where and why)."""


@dataclass(frozen=True)
class Segment:
    """A run of prose in a document: its raw span, its value, and how to write a value back.

    ``offsets`` maps value positions to raw ones (``offsets[i]`` is where the raw form
    of ``text[i]`` starts, relative to ``start``; one entry more than ``text`` has
    characters); ``None`` means the raw text is the value.  ``record`` is the line
    where the segment's record starts (JSON Lines, CSV); ``field`` names the field,
    column or attribute; ``language`` is a language the document states for it.
    """

    start: int
    end: int
    text: str
    offsets: Sequence[int] | None = None
    escape: Callable[[str], str] = str
    record: int | None = None
    field: str | None = None
    language: str | None = None
    parts: tuple[Segment, ...] = ()  # runs of text joined across inline markup (HTML <b>, <a>), in order

    def raw_offset(self, position: int, end: bool = False) -> int:
        """Where value position ``position`` lies in the document (``end``: as the end of a span,
        which stops before the markup between two parts rather than after it)."""
        if end and position in self.breaks:
            return self.breaks[position]
        return self.start + (position if self.offsets is None else self.offsets[position])

    @cached_property
    def breaks(self) -> dict[int, int]:
        """Each value position where markup lies between two parts -> where the part before it ends."""
        breaks, cursor = {}, 0
        for part in self.parts[:-1]:
            cursor += len(part.text)
            breaks[cursor] = part.end
        return breaks

    def crosses_markup(self, start: int, end: int) -> bool:
        """Would an edit of ``[start, end)`` take in markup between two parts?

        >>> joined([Segment(3, 7, "Kiev"), Segment(11, 16, " city")]).crosses_markup(0, 4)
        False
        >>> joined([Segment(3, 7, "Kiev"), Segment(11, 16, " city")]).crosses_markup(2, 6)
        True
        """
        after = bisect_right(self._break_positions, start)
        return after < len(self._break_positions) and self._break_positions[after] < end

    @cached_property
    def _break_positions(self) -> list[int]:
        """The value positions of :attr:`breaks`, in order (for a binary search: a paragraph can hold thousands of tags)."""
        return sorted(self.breaks)

    def value_starts(self) -> list[int]:
        """Where each part's value starts in this segment's value."""
        starts, cursor = [], 0
        for part in self.parts:
            starts.append(cursor)
            cursor += len(part.text)
        return starts


def joined(parts: list[Segment]) -> Segment:
    """One segment of runs of text separated only by markup that does not break prose (``<b>``, ``<a>``).

    >>> segment = joined([Segment(3, 13, "Kiev &", offsets=(0, 1, 2, 3, 4, 5, 10)), Segment(17, 22, " Lviv")])
    >>> segment.text, segment.raw_offset(6), segment.raw_offset(6, end=True)  # "<p>Kiev &amp;</b> Lviv"
    ('Kiev & Lviv', 17, 13)
    """
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    offsets = array("q")  # eight bytes a character: a list of ints was about forty
    for part in parts:
        base = part.start - first.start
        offsets.extend(base + (i if part.offsets is None else part.offsets[i]) for i in range(len(part.text)))
    offsets.append(parts[-1].end - first.start)
    return Segment(first.start, parts[-1].end, "".join(part.text for part in parts), offsets, first.escape,
                   first.record, first.field, first.language, tuple(parts))


@dataclass
class Document:
    """What a reader found: the prose segments, plus problems that spared the rest.

    ``problems`` are ``(line, message)`` pairs for parts kept as they were (a bad
    JSON line); ``fixed`` are edits the format itself needs, such as a charset
    declaration that must say UTF-8 once the output is UTF-8.
    """

    segments: list[Segment] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    fixed: list[Change] = field(default_factory=list)
    language: str | None = None  # a language the whole document states (front matter, <html lang>)


def collapse(text: str, changes: Sequence[Change]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Turn a pipeline's stage-by-stage changes into edits of the original ``text``.

    Each stage's changes refer to that stage's input; the edits returned refer to
    ``text`` itself and do not overlap.  Also returns, for each change, the span of
    ``text`` it came from (so that the report can point into the file).

    >>> changes = [Change("fix_encoding", "f", 0, 2, "Ã©", "é"), Change("spelling", "s", 2, 6, "Kiev", "Kyiv")]
    >>> collapse("Ã© Kiev", changes)
    ([(0, 2, 'é'), (3, 7, 'Kyiv')], [(0, 2), (3, 7)])
    """
    pieces = [_Piece(0, len(text), text, False)]
    origins: list[tuple[int, int]] = [(0, 0)] * len(changes)
    for stage in dict.fromkeys(change.stage for change in changes):
        ordered = sorted((i for i, c in enumerate(changes) if c.stage == stage), key=lambda i: changes[i].start)
        follows = list(accumulate(len(piece.text) for piece in pieces))
        for i in ordered:
            origin = _original(pieces, changes[i].start, True, follows)
            origins[i] = (origin, max(origin, _original(pieces, changes[i].end, False, follows)))
        pieces = _cut_at(pieces, sorted(position for i in ordered for position in (changes[i].start, changes[i].end)))
        follows = list(accumulate(len(piece.text) for piece in pieces))
        pieces = _spliced_all(pieces, follows, [(changes[i].start, changes[i].end, changes[i].after) for i in ordered])
    edits = _merged_edits(pieces)
    if splice_text(text, edits) != replay(text, changes):  # never expected; stay correct regardless
        edits = [_whole_difference(text, replay(text, changes))]
    return edits, origins


@dataclass(frozen=True)
class _Piece:
    """A run of the current text: ``text`` stands where ``[start, end)`` of the original was."""

    start: int
    end: int
    text: str
    edited: bool


def _original(pieces: list[_Piece], position: int, is_start: bool, follows: Sequence[int] | None = None) -> int:
    """The original position of a current one; inside an edit, the edit's start (or end).

    ``follows`` are where each piece ends in the current text (their running lengths), if known:
    the piece is then found by bisection rather than by reading every piece before it.

    >>> pieces = [_Piece(0, 4, "Kyiv", True), _Piece(4, 9, " city", False)]
    >>> [_original(pieces, 6, True), _original(pieces, 2, True), _original(pieces, 2, False), _original(pieces, 4, False)]
    [6, 0, 4, 4]
    """
    follows = list(accumulate(len(piece.text) for piece in pieces)) if follows is None else follows
    index = (bisect_right if is_start else bisect_left)(follows, position)  # the first piece that holds it
    if index == len(pieces):
        return pieces[-1].end
    piece = pieces[index]
    if piece.edited:
        return piece.start if is_start else piece.end
    return piece.start + position - (follows[index] - len(piece.text))


def _spliced_all(pieces: list[_Piece], follows: Sequence[int], edits: list[tuple[int, int, str]]) -> list[_Piece]:
    """``pieces`` with each of one stage's ``edits`` (sorted, each ``(start, end, after)`` in the current text)
    spliced in, right to left as :func:`_splice` would, but each on the pieces it can touch alone.

    Those are the pieces whose span meets ``[start, end]``: the pieces before them and after them are
    kept as they are, so each splice costs the few pieces around it, not all of them (an HTML
    element of one megabyte with a change every hundred characters made one splice each read them all).
    ``follows`` are where each of ``pieces`` ends.  The pieces still to read are ``before`` (their
    positions unchanged by the splices on their right), those done are ``after``, nearest last.

    >>> pieces = [_Piece(0, 9, "Kiev city", False)]
    >>> [(p.text, p.edited) for p in _spliced_all(pieces, [9], [(0, 4, "Kyiv"), (5, 9, "town")])]
    [('Kyiv', True), (' ', False), ('town', True)]
    """
    before, after = list(pieces), []
    for start, end, text in reversed(edits):
        while len(before) > 1 and follows[len(before) - 2] > end:  # the last piece starts after the edit
            after.append(before.pop())
        window = []
        while before and follows[len(before) - 1] >= start:
            window.append(before.pop())
        window.reverse()
        offset = follows[len(before) - 1] if before else 0
        reach = offset + sum(len(piece.text) for piece in window)
        while after and reach <= end:  # a piece done that starts where the edit ends (an insertion there)
            window.append(after.pop())
            reach += len(window[-1].text)
        after += reversed(_splice(window, start - offset, end - offset, text))
    return before + after[::-1]


def _cut_at(pieces: list[_Piece], positions: list[int]) -> list[_Piece]:
    """``pieces`` with each one not edited cut at the sorted current ``positions`` strictly inside it, in one pass:
    as cutting them at one position at a time would, without copying the text after each cut again
    (a text of one megabyte cut at each of its changes from the right copied the part before it each time).

    >>> [p.text for p in _cut_at([_Piece(0, 9, "Kiev city", False), _Piece(9, 9, "!", True)], [0, 4, 5, 9, 10])]
    ['Kiev', ' ', 'city', '!']
    """
    out, cursor, at = [], 0, 0
    for piece in pieces:
        following = cursor + len(piece.text)
        while at < len(positions) and positions[at] <= cursor:
            at += 1
        if piece.edited or at == len(positions) or positions[at] >= following:
            out.append(piece)
        else:
            cut = cursor
            while at < len(positions) and positions[at] < following:
                if positions[at] > cut:
                    out.append(_Piece(piece.start + cut - cursor, piece.start + positions[at] - cursor,
                                      piece.text[cut - cursor:positions[at] - cursor], False))
                    cut = positions[at]
                at += 1
            out.append(_Piece(piece.start + cut - cursor, piece.end, piece.text[cut - cursor:], False))
        cursor = following
    return out


def _splice(pieces: list[_Piece], start: int, end: int, after: str) -> list[_Piece]:
    """Replace current ``[start, end)`` by ``after``, merged with the edits it touches."""
    out, inside, cursor, at = [], [], 0, None
    for piece in _cut_at(pieces, [start, end]):
        following = cursor + len(piece.text)
        if cursor < end and start < following:
            inside.append((cursor, piece))
            at = len(out) if at is None else at
        else:
            if at is None and (cursor > start or (cursor == start and piece.text)):
                at = len(out)
            out.append(piece)
        cursor = following
    if inside:
        (first_at, first), (last_at, last) = inside[0], inside[-1]
        text = first.text[:max(0, start - first_at)] + after + last.text[max(0, end - last_at):]
        merged = _Piece(first.start, last.end, text, True)
    else:
        origin = _original(pieces, start, True)
        merged = _Piece(origin, origin, after, True)
    out.insert(len(out) if at is None else at, merged)
    return out


def _merged_edits(pieces: list[_Piece]) -> list[tuple[int, int, str]]:
    """The edited runs, neighbours joined (two insertions at one place become one edit)."""
    edits: list[tuple[int, int, str]] = []
    joinable = False
    for piece in pieces:
        if piece.edited and joinable:
            start, _, text = edits.pop()
            edits.append((start, piece.end, text + piece.text))
        elif piece.edited:
            edits.append((piece.start, piece.end, piece.text))
        joinable = piece.edited or (joinable and piece.start == piece.end)
    return [edit for edit in edits if edit[2] or edit[0] < edit[1]]


def _whole_difference(before: str, after: str) -> tuple[int, int, str]:
    """One edit from the first to the last character that differ."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return prefix, len(before) - suffix, after[prefix:len(after) - suffix]


def rewrite(text: str, edits: Iterable[tuple[Segment, list[tuple[int, int, str]]]]) -> str:
    """The document with each segment's value edits written back, escaped, and nothing else changed."""
    replacements = []
    for segment, value_edits in edits:
        for start, end, after in value_edits:
            replacements.append((segment.raw_offset(start), segment.raw_offset(end, end=True), segment.escape(after)))
    return splice_text(text, replacements)


def splice_text(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """Replace non-overlapping ``(start, end, after)`` spans of ``text``.

    >>> splice_text("a Kiev b", [(2, 6, "Kyiv")])
    'a Kyiv b'
    """
    pieces, cursor = [], 0
    for start, end, after in sorted(replacements):
        if start < cursor:
            raise ValueError(f"overlapping edits at {start}")
        pieces += [text[cursor:start], after]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def language_code(value: object) -> str | None:
    """The ISO 639 code a ``lang`` field or attribute states, or None if it states none.

    >>> language_code("en-GB"), language_code("de_AT"), language_code("UK"), language_code("English")
    ('en', 'de', 'uk', None)
    """
    if not isinstance(value, str):
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if 2 <= len(code) <= 3 and code.isascii() and code.isalpha() else None
