"""The per-article work outside the pipeline made cheaper without changing a byte (issue 20): a file
entry's JSON written by orjson where orjson writes what json writes, else by json.

Nothing is timed here (speed is measured by scripts/bench.py); each shortcut is checked
against the long way it replaces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

from normalize.changes import Change
from normalize.report.record import ChangeDicts, _indented, entry_json

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.integers(-2**70, 2**70)
    | st.floats() | st.floats(0, 1) | st.floats(-1e20, 1e20).map(lambda x: round(x, 3))
    | st.text() | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3F)) | st.sampled_from(["", "  ", "a\n  b"])
)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=30,
)


def json_indented(value, indent: str) -> str:
    """The long way: Python's encoder, indented by one space a level."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", indent)


@settings(max_examples=400)
@given(JSON_VALUES, st.sampled_from(["\n  ", "\n    ", "\n   ", "\n"]))
def test_a_value_is_written_as_json_writes_it_whatever_it_holds(value, indent):
    """Floats with an exponent, NaN, integers beyond 64 bits, lone surrogates, control characters,
    spaces and line breaks inside strings, empty containers, nesting: byte for byte json's text."""
    assert _indented(value, indent) == json_indented(value, indent)


@dataclass
class NotJson:
    field: int = 1


@pytest.mark.parametrize("value", [[NotJson()], {1: "a"}, {"a": (1, 2)}, {"score": 1e-05}, {"big": 2**64}, {"s": "\ud800"}])
def test_what_orjson_would_write_otherwise_is_left_to_json(value):
    """orjson writes a dataclass json refuses, turns a tuple into a list (as json does), writes 1e-05
    as 0.00001 and refuses a 65-bit integer or a lone surrogate: each is written (or refused) by json."""
    try:
        expected = json_indented(value, "\n  ")
    except TypeError:
        with pytest.raises(TypeError):
            _indented(value, "\n  ")
        return
    assert _indented(value, "\n  ") == expected


@settings(max_examples=60)
@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8), st.integers(0, 10**6)), max_size=600))
def test_an_entry_s_changes_are_written_as_json_writes_them(changes):
    """A file entry's changes are written a block at a time: the text is json's, across blocks."""
    entry = {"path": "a.txt", "language_score": 0.99, "problems": [],
             "changes": ChangeDicts([Change("spelling", rule, start, start + 4, before, "Kyiv")
                                     for before, rule, start in changes])}
    plain = {**entry, "changes": list(entry["changes"])}
    assert entry_json(entry) == json_indented(plain, "\n  ")
