"""The record every stage keeps of what it changed, and how to replay it.

A :class:`Change` says that ``text[start:end]`` (in the text the stage was given)
was ``before`` and became ``after``.  A stage's changes never overlap, so they can
be replayed on the stage's input to give its output:

>>> apply_changes("Kiev and kiev", [Change("spelling", "r", 0, 4, "Kiev", "Kyiv")])
'Kyiv and kiev'
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from itertools import accumulate, islice
from typing import Iterable, Iterator


@dataclass(frozen=True, slots=True)  # slots: an article can make a change every few bytes
class Change:
    """One edit: ``before`` at ``[start, end)`` of the stage's input became ``after``."""

    stage: str
    rule: str
    start: int
    end: int
    before: str
    after: str
    line: int = 0
    column: int = 0
    entity: str | None = None
    record: int | None = None  # structured formats: the line where the record (JSON Lines, CSV row) starts
    field: str | None = None  # structured formats: the field, column or attribute that held the text

    def as_dict(self) -> dict:
        """The change as the report writes it: every field, in order (its values are plain, so no deep copy).

        >>> Change("spelling", "r", 0, 4, "Kiev", "Kyiv").as_dict()["after"]
        'Kyiv'
        """
        return {name: getattr(self, name) for name in _CHANGE_FIELDS}


_CHANGE_FIELDS = tuple(f.name for f in fields(Change))


class Changes(Sequence):
    """Changes kept as columns: four numbers each (start, end, line, column) in an array, and the index of
    its kind (stage, rule, before, after, entity, record, field) in a table of the distinct kinds.
    A :class:`Change` is made only when one is read.

    An article can make a change every few bytes, most of them alike (``Kiev`` → ``Kyiv`` a
    hundred thousand times): 36 bytes each here, against 120 for a Change and 32 for each of its
    numbers beyond 256.

    >>> changes = Changes([Change("spelling", "r", 0, 4, "Kiev", "Kyiv"), Change("spelling", "r", 9, 13, "Kiev", "Kyiv")])
    >>> changes[1].start, len(changes), len(changes.kinds), changes == list(changes)
    (9, 2, 1, True)
    """

    __slots__ = ("_places", "_kind_of", "kinds", "_kind_ids")

    def __init__(self, changes: Iterable[Change] = ()):
        self._places = array("q")  # start, end, line, column of each change
        self._kind_of = array("I")  # each change's index in ``kinds``
        self.kinds: list[tuple] = []  # the distinct (stage, rule, before, after, entity, record, field)
        self._kind_ids: dict[tuple, int] = {}
        self.extend(changes)

    def append(self, change: Change, line: int | None = None, column: int | None = None) -> None:
        """Add ``change``; at ``line`` and ``column`` when they are given (rather than a located copy of it)."""
        self._places.extend((change.start, change.end, change.line if line is None else line,
                             change.column if column is None else column))
        self._kind_of.append(self._kind_id((change.stage, change.rule, change.before, change.after,
                                            change.entity, change.record, change.field)))

    def extend(self, changes: Iterable[Change]) -> None:
        if isinstance(changes, Changes):  # its columns, each kind looked up once
            ids = [self._kind_id(kind) for kind in changes.kinds]
            self._places.extend(changes._places)
            self._kind_of.extend(ids[kind] for kind in changes._kind_of)
            return
        for change in changes:
            self.append(change)

    def _kind_id(self, kind: tuple) -> int:
        found = self._kind_ids.get(kind)
        if found is None:
            found = self._kind_ids[kind] = len(self.kinds)
            self.kinds.append(kind)
        return found

    def __len__(self) -> int:
        return len(self._kind_of)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._change(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("change index out of range")
        return self._change(index)

    def _change(self, i: int) -> Change:
        stage, rule, before, after, entity, record, field = self.kinds[self._kind_of[i]]
        start, end, line, column = self._places[4 * i:4 * i + 4]
        return Change(stage, rule, start, end, before, after, line, column, entity, record, field)

    def __iter__(self) -> Iterator[Change]:
        return map(self._change, range(len(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None

    def __repr__(self) -> str:
        return f"Changes({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A form of an entity found in the text, whether or not it was changed.

    A *left* mention is a candidate the evidence did not settle (a common word, a name
    others bear too, a longer word): written as it was (``replacement == form``), with
    ``left`` saying why and ``would_become`` what the rule would have written.
    """

    entity: str
    canonical: str | None  # None where the language has no settled form
    form: str
    replacement: str
    rule: str
    start: int
    end: int
    language: str | None = None  # the language whose house style applied (the paragraph's)
    left: str | None = None  # why the form was left as written where a rule would rewrite it
    would_become: str | None = None  # what that rule would write, when ``left``
    context: tuple[str, int, int] | None = None  # the prose around it (text.shown_excerpt), in a structured document


DECODE = "decode"  # the stage whose changes are bytes read as text: placed in its output, not its input


def apply_changes(text: str, changes: Iterable[Change], offset: int = 0) -> str:
    """Replay non-overlapping ``changes`` (positions in ``text``, or in a text that ``text`` is the part of
    from ``offset`` on: a line of it, without a shifted copy of each change) and return the result.

    The result is joined from blocks of :data:`_JOINED` pieces: a list of every piece of the text
    (two per change) costs several times the text when a change comes every few bytes.

    >>> apply_changes("in Kiev", [Change("spelling", "r", 13, 17, "Kiev", "Kyiv")], offset=10)
    'in Kyiv'
    """
    pieces = _pieces_applied(text, sorted(changes, key=lambda c: c.start), offset)
    blocks = []
    while block := "".join(islice(pieces, _JOINED)):
        blocks.append(block)
    return "".join(blocks)


_JOINED = 1024  # pieces of text joined at a time by apply_changes


def _pieces_applied(text: str, changes: list[Change], offset: int) -> Iterator[str]:
    cursor = 0
    for change in changes:
        start, end = change.start - offset, change.end - offset
        if start < cursor or text[start:end] != change.before:
            raise ValueError(f"change does not fit the text: {change}")
        yield text[cursor:start]
        yield change.after
        cursor = end
    yield text[cursor:]


_LINE_BREAK = re.compile("\n")


class Spans:
    """Spans ``(start, end)`` of a text, in any order, overlapping or not, asked by a binary search whether a
    span overlaps one of them or lies inside one: a list scanned for each question costs its length each time.

    >>> spans = Spans([(10, 20), (0, 4), (12, 30), (40, 40)])
    >>> spans.overlap((3, 5)), spans.overlap((4, 10)), spans.overlap((39, 41)), spans.overlap((40, 40))
    (True, False, True, False)
    >>> spans.inside((13, 29)), spans.inside((5, 8)), spans.inside((40, 40))
    (True, False, True)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))  # the furthest end of the spans up to each

    def overlap(self, span: tuple[int, int]) -> bool:
        """Does one of the spans start before ``span`` ends and end after it starts?"""
        before_its_end = bisect.bisect_left(self.starts, span[1])
        return before_its_end > 0 and self.reach[before_its_end - 1] > span[0]

    def inside(self, span: tuple[int, int]) -> bool:
        """Does one of the spans start at or before ``span`` starts and end at or after it ends?"""
        at_its_start = bisect.bisect_right(self.starts, span[0])
        return at_its_start > 0 and self.reach[at_its_start - 1] >= span[1]


class LineIndex:
    """Turns character offsets into 1-based (line, column) pairs.

    >>> LineIndex("ab\\ncd").position(4)
    (2, 2)
    """

    def __init__(self, text: str):
        self._starts = array("q", [0])  # 8 bytes a line, not an int object
        self._starts.extend(match.end() for match in _LINE_BREAK.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, offset: int) -> int:
        """The offset at which the line holding ``offset`` starts, without searching back over the line.

        >>> LineIndex("ab\\ncd").line_start(4)
        3
        """
        return self._starts[bisect.bisect_right(self._starts, offset) - 1]


def locate(changes: Iterable[Change], text: str, located: Changes | None = None) -> Changes:
    """``changes`` with ``line`` and ``column`` filled in from each one's offset in ``text``, as columns
    (added to ``located``, if given: not copied into it).

    >>> located = locate([Change("spelling", "r", 4, 8, "Kiev", "Kyiv")], "a\\nin Kiev")
    >>> located[0].line, located[0].column
    (2, 3)
    """
    located, index = Changes() if located is None else located, None
    for change in changes:
        index = index or LineIndex(text)
        located.append(change, *index.position(change.start))
    return located


def shift_past(changes: list[Change], earlier: list[Change]) -> list[Change]:
    """Move ``changes``, made on the same text as ``earlier``, to where they are once ``earlier`` is applied.

    >>> earlier = [Change("spelling", "r", 0, 4, "Kiev", "Kyiv!!")]
    >>> shift_past([Change("romanize", "r", 9, 13, "Київ", "Kyiv")], earlier)[0].start
    11
    """
    ordered = sorted(earlier, key=lambda c: c.start)
    ends = [c.end for c in ordered]
    growth = [0]
    for change in ordered:
        growth.append(growth[-1] + len(change.after) - len(change.before))
    shifted = []
    for change in changes:
        delta = growth[bisect.bisect_right(ends, change.start)]
        shifted.append(replace(change, start=change.start + delta, end=change.end + delta) if delta else change)
    return shifted  # a change that does not move is itself, not a copy: an article can make one every few bytes


def replay(text: str, changes: Iterable[Change]) -> str:
    """Replay a pipeline's changes stage by stage on the decoded ``text``; each stage's positions refer to its own input.

    The ``decode`` stage's changes (bytes that were not UTF-8, in a file that mostly
    was) say how the bytes became ``text``: they are in it already, placed where
    they are in it (``text[start:end] == after``; ``before`` names the bytes), and
    are not replayed.

    >>> replay("Kiev", [Change("fix_encoding", "f", 0, 0, "", ""), Change("spelling", "r", 0, 4, "Kiev", "Kyiv")])
    'Kyiv'
    >>> replay("Café à Kiev", [Change("decode", "d", 3, 4, "\\\\xe9", "é"), Change("spelling", "r", 7, 11, "Kiev", "Kyiv")])
    'Café à Kyiv'
    """
    stages: dict[str, list[Change]] = {}
    for change in changes:
        if change.stage == DECODE:
            if text[change.start:change.end] != change.after:
                raise ValueError(f"change does not fit the text: {change}")
            continue
        stages.setdefault(change.stage, []).append(change)
    for stage_changes in stages.values():
        text = apply_changes(text, stage_changes)
    return text
