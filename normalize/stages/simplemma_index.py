"""simplemma's memory-frugal dictionaries, each read decompressed and with its block index from the cache after the first run.

simplemma 2.0's memory-frugal backend (``StreamMap``) keeps a language's dictionary as its
decompressed front-coded stream and, to find a word, bisects a block index: the first key of
every 32nd record and the record before it, the seed to decode from.  Building that index
reads every record in a Python loop (German: 1.1M records, 0.6 s of the 0.65 s its dictionary
takes); decompressing (LZMA) is the rest (German: 0.08 s, the seven languages 0.19 s).  Both are the
same on every run, so the decompressed stream and its index are written to the cache
(:mod:`normalize.cache`, 22 MB for the seven languages) the first time, keyed by simplemma's version
and a hash of the language's data file, and read back in one call afterwards: the map is then exactly
the one simplemma builds, and answers the same.

This reaches into simplemma's private names (``StreamMap``'s slots, ``_read_decompressed``,
``frontcode._read_header``), checked when first asked: with another version, or names that
moved, :func:`dictionaries` is simplemma's own memory-frugal backend, built as before.

>>> dictionaries().get_dictionary("en").get("houses")
'house'
"""

from __future__ import annotations

import struct
import sys
from array import array
from functools import lru_cache
from itertools import accumulate

from normalize.cache import entry_name, read_entry, write_entry

SUPPORTED_VERSIONS = ("2.0.",)  # the simplemma versions whose StreamMap this reads and builds
_STREAM_MAP_SLOTS = ("_data", "_pos", "_rev", "_count", "_firsts", "_blocks")
_FORMAT = f"2-{sys.byteorder}"  # this module's layout of an entry (native byte order: the cache is local)


def dictionaries():
    """simplemma's ``DictionaryFactory`` of memory-frugal dictionaries: one whose block indexes are cached if this
    simplemma's internals are those known here, else simplemma's own (``LOW_MEMORY_DICTIONARY_FACTORY``)."""
    from simplemma.strategies import LOW_MEMORY_DICTIONARY_FACTORY

    return _CACHED_INDEXES if internals_known() else LOW_MEMORY_DICTIONARY_FACTORY


@lru_cache(maxsize=1)
def internals_known() -> bool:
    """Is the installed simplemma one whose ``StreamMap`` this module knows how to build from a cached index?"""
    import simplemma
    from simplemma.strategies.dictionaries import dictionary_factory, frontcode, stream_dictionary_factory

    stream_map = getattr(stream_dictionary_factory, "StreamMap", None)
    return (simplemma.__version__.startswith(SUPPORTED_VERSIONS)
            and getattr(stream_map, "__slots__", None) == _STREAM_MAP_SLOTS
            and isinstance(getattr(stream_dictionary_factory, "_BLOCK_SIZE", None), int)
            and callable(getattr(dictionary_factory, "_read_decompressed", None))
            and callable(getattr(frontcode, "_read_header", None)))


class _CachedIndexes:
    """A ``DictionaryFactory`` (simplemma's protocol): a language's ``StreamMap``, built once per process."""

    @lru_cache(maxsize=None)
    def get_dictionary(self, lang: str):
        return stream_map(lang)


_CACHED_INDEXES = _CachedIndexes()


def stream_map(lang: str):
    """simplemma's ``StreamMap`` of ``lang``: its stream and index read from the cache, or built by simplemma and then cached."""
    from simplemma.strategies.dictionaries import dictionary_factory, stream_dictionary_factory

    StreamMap = stream_dictionary_factory.StreamMap
    if lang not in dictionary_factory.SUPPORTED_LANGUAGES:
        return StreamMap(lang)  # simplemma's error
    name = _entry_name(lang, (dictionary_factory.DATA_FOLDER / f"{lang}.plzma").read_bytes())
    payload = read_entry(name)
    mapping = None if payload is None else _from_entry(payload)
    if mapping is None:
        mapping = StreamMap(lang)
        write_entry(name, lambda: _HEAD.pack(len(mapping._data)) + mapping._data + _index_to_bytes(mapping._firsts, mapping._blocks))
    return mapping


def _from_entry(payload: bytes):
    """The ``StreamMap`` of an entry: the length of the decompressed stream, the stream, then its index
    (:func:`_index_to_bytes`); None if ``payload`` is not one."""
    from simplemma.strategies.dictionaries import frontcode, stream_dictionary_factory

    if len(payload) < _HEAD.size:
        return None
    stream_end = _HEAD.size + _HEAD.unpack_from(payload)[0]
    data = payload[_HEAD.size:stream_end]
    if not data:  # (a stream said longer than it is leaves no index after it: _index_from_bytes finds none)
        return None
    rev, count, pos = frontcode._read_header(data)
    index = _index_from_bytes(payload[stream_end:], len(data), -(-count // stream_dictionary_factory._BLOCK_SIZE))
    if index is None:
        return None
    mapping = stream_dictionary_factory.StreamMap.__new__(stream_dictionary_factory.StreamMap)
    mapping._data, mapping._rev, mapping._count, mapping._pos = data, rev, count, pos
    mapping._firsts, mapping._blocks = index
    return mapping


def _entry_name(lang: str, compressed: bytes) -> str:
    """The cache entry of ``lang``'s index: named by simplemma's version, its data file, this module's layout."""
    import simplemma

    return entry_name(f"simplemma-{simplemma.__version__}-{lang}", compressed, _FORMAT)


_HEAD = struct.Struct("<Q")  # the length of the stream; the number of blocks


def _index_to_bytes(firsts: list[bytes], blocks: list[tuple[int, bytes, bytes]]) -> bytes:
    """A block index as bytes: the count, each block's offset (8 bytes), the lengths of its three keys (4 bytes
    each), then the keys, in the order first key, seed key, seed value of each block.

    >>> _index_from_bytes(_index_to_bytes([b"ab", b"cd"], [(6, b"", b""), (9, b"ab", b"a")]), 10, 2)
    ([b'ab', b'cd'], [(6, b'', b''), (9, b'ab', b'a')])
    """
    offsets = array("Q", (offset for offset, _, _ in blocks))
    pieces = [piece for first, (_, key, value) in zip(firsts, blocks) for piece in (first, key, value)]
    lengths = array("I", map(len, pieces))
    return _HEAD.pack(len(blocks)) + offsets.tobytes() + lengths.tobytes() + b"".join(pieces)


def _index_from_bytes(payload: bytes, data_size: int, expected_blocks: int) -> tuple[list, list] | None:
    """The ``(firsts, blocks)`` of :func:`_index_to_bytes`, or None if ``payload`` is not an index of
    ``expected_blocks`` blocks whose offsets lie in a stream of ``data_size`` bytes (an empty payload: none)."""
    if len(payload) < _HEAD.size or _HEAD.unpack_from(payload)[0] != expected_blocks:
        return None
    offsets, lengths = array("Q"), array("I")
    start = _HEAD.size + expected_blocks * offsets.itemsize
    keys_start = start + 3 * expected_blocks * lengths.itemsize
    if len(payload) < keys_start:
        return None
    offsets.frombytes(payload[_HEAD.size:start])
    lengths.frombytes(payload[start:keys_start])
    ends = list(accumulate(lengths, initial=keys_start))
    if ends[-1] != len(payload) or (offsets and max(offsets) >= data_size):
        return None
    pieces = [payload[begin:end] for begin, end in zip(ends, ends[1:])]
    firsts, keys, values = pieces[0::3], pieces[1::3], pieces[2::3]
    return firsts, list(zip(offsets, keys, values))
