"""Edits of a structured document's value from a pipeline's stage-by-stage changes
(:func:`normalize.formats.segments.collapse`): the same as splicing each change into the whole
list of pieces, in work that grows with the changes, not with their square (issue 20)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from normalize.changes import Change, apply_changes
from normalize.formats import segments
from normalize.formats.segments import _Piece, _merged_edits, collapse


# The first way, a reference: each change spliced into the whole list of pieces, found by a scan.
def straightforward_original(pieces: list[_Piece], position: int, is_start: bool) -> int:
    """The original position of a current one; inside an edit, the edit's start (or end)."""
    cursor = 0
    for piece in pieces:
        following = cursor + len(piece.text)
        if position < following or (position == following and not is_start):
            if piece.edited:
                return piece.start if is_start else piece.end
            return piece.start + position - cursor
        cursor = following
    return pieces[-1].end


def straightforward_split_at(pieces: list[_Piece], position: int) -> list[_Piece]:
    out, cursor = [], 0
    for piece in pieces:
        cut = position - cursor
        if not piece.edited and 0 < cut < len(piece.text):
            out += [_Piece(piece.start, piece.start + cut, piece.text[:cut], False),
                    _Piece(piece.start + cut, piece.end, piece.text[cut:], False)]
        else:
            out.append(piece)
        cursor += len(piece.text)
    return out


def straightforward_splice(pieces: list[_Piece], start: int, end: int, after: str) -> list[_Piece]:
    """Replace current ``[start, end)`` by ``after``, merged with the edits it touches."""
    out, inside, cursor, at = [], [], 0, None
    for piece in straightforward_split_at(straightforward_split_at(pieces, start), end):
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
        origin = straightforward_original(pieces, start, True)
        merged = _Piece(origin, origin, after, True)
    out.insert(len(out) if at is None else at, merged)
    return out


def straightforward_pieces(text: str, changes: list[Change]) -> tuple[list[_Piece], list[tuple[int, int]]]:
    pieces = [_Piece(0, len(text), text, False)]
    origins = [(0, 0)] * len(changes)
    for stage in dict.fromkeys(change.stage for change in changes):
        ordered = sorted((i for i, c in enumerate(changes) if c.stage == stage), key=lambda i: changes[i].start)
        for i in ordered:
            origin = straightforward_original(pieces, changes[i].start, True)
            origins[i] = (origin, max(origin, straightforward_original(pieces, changes[i].end, False)))
        for i in reversed(ordered):
            pieces = straightforward_splice(pieces, changes[i].start, changes[i].end, changes[i].after)
    return pieces, origins


@st.composite
def staged_changes(draw) -> tuple[str, list[Change]]:
    """A text and up to three stages of changes, each stage's positions in its own input: replacements,
    insertions and deletions, side by side or apart."""
    text = draw(st.text(alphabet="ab c", max_size=16))
    changes, current = [], text
    for stage in ("repair", "romanize", "spelling")[:draw(st.integers(1, 3))]:
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=8)))
        spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])]
        ours = [Change(stage, "r", a, b, current[a:b], draw(st.text(alphabet="xyz", max_size=3))) for a, b in spans]
        changes += ours
        current = apply_changes(current, ours)
    return text, changes


@settings(max_examples=1000)
@given(staged_changes())
def test_changes_collapse_to_the_edits_that_splicing_each_into_every_piece_gives(staged):
    text, changes = staged
    pieces, origins = straightforward_pieces(text, changes)
    assert collapse(text, changes) == (_merged_edits(pieces), origins)


def test_a_value_of_many_changes_is_spliced_a_few_pieces_at_a_time(monkeypatch):
    """Twenty thousand changes in one value: each is spliced into the pieces around it, not into all of them."""
    text = "Kiev and " * 20_000
    changes = [Change("spelling", "r", 9 * i, 9 * i + 4, "Kiev", "Kyiv") for i in range(20_000)]
    spliced = []
    splice = segments._splice
    monkeypatch.setattr(segments, "_splice", lambda pieces, *rest: spliced.append(len(pieces)) or splice(pieces, *rest))
    edits, _ = collapse(text, changes)
    assert edits == [(9 * i, 9 * i + 4, "Kyiv") for i in range(20_000)]
    assert max(spliced) <= 3


@settings(max_examples=300)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=8), st.integers(0, 25), st.integers(0, 25))
def test_an_edit_crosses_markup_where_a_break_lies_strictly_inside_it(lengths, start, end):
    parts, cursor = [], 0
    for length in lengths:
        parts.append(segments.Segment(cursor, cursor + length, "k" * length))
        cursor += length + 3  # a tag between two parts
    segment = segments.joined(parts)
    assert segment.crosses_markup(start, end) == any(start < position < end for position in segment.breaks)
