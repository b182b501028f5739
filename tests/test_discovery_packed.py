"""Suggestions kept pickled (discovery.packed) read back as the dicts they were: the reports written from them are the same."""

from __future__ import annotations

import json

from hypothesis import given, strategies as st

from normalize.discovery.packed import PackedDicts

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
_DICTS = st.lists(st.dictionaries(st.text(max_size=5), _VALUES, max_size=6), max_size=8)


@given(_DICTS)
def test_packed_dicts_read_back_as_they_were_written(dicts):
    packed = PackedDicts(dicts)
    assert list(packed) == dicts and packed[:] == dicts and packed == dicts and len(packed) == len(dicts)
    assert [json.dumps(item, ensure_ascii=False, indent=1) for item in packed] == [
        json.dumps(item, ensure_ascii=False, indent=1) for item in dicts]
    assert all(type(a) is type(b) for item, again in zip(dicts, packed) for a, b in zip(item.values(), again.values()))


@given(_DICTS, _DICTS)
def test_packed_dicts_sort_and_join_as_lists_do(first, second):
    def key(item):
        return len(item), sorted(item)
    assert PackedDicts.joined([PackedDicts(first), PackedDicts(second)]) == first + second
    assert PackedDicts(first).sorted_by(key) == sorted(first, key=key)


@given(_DICTS)
def test_packed_dicts_filter_and_change_as_lists_do(dicts):
    def keep(item):
        return len(item) % 2 == 0

    def change(item):
        return {**item, "seen": len(item)}
    packed = PackedDicts(dicts)
    assert packed.kept(keep) == [item for item in dicts if keep(item)]
    packed.change_each(change)
    assert packed == [change(item) for item in dicts]
