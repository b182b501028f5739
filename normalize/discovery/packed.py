"""Dicts kept packed: a sequence of pickled dicts, each made again when read.

An article of distinct names makes tens of thousands of suggestions, each a dozen nested dicts and
lists: about 9 KB each as objects, 1.6 KB pickled.  They are read a few times (filtered, sorted,
sampled, written), one at a time, so they are kept as bytes in between.  Pickling gives back equal
dicts exactly (key order, floats, tuples), so what is written from them is the same.
"""

from __future__ import annotations

import pickle
from operator import eq
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any


class PackedDicts(Sequence):
    """``dicts``, each pickled when added and unpickled (a new dict) when read.

    >>> packed = PackedDicts([{"id": "s-1", "score": 0.5}, {"id": "s-2", "score": 0.9}])
    >>> len(packed), packed[1], packed[:1], packed == [{"id": "s-1", "score": 0.5}, {"id": "s-2", "score": 0.9}]
    (2, {'id': 's-2', 'score': 0.9}, [{'id': 's-1', 'score': 0.5}], True)
    >>> [s["id"] for s in packed.sorted_by(lambda s: -s["score"])]
    ['s-2', 's-1']
    """

    def __init__(self, dicts: Iterable[dict] = ()):
        self._pickles = [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in dicts]

    @classmethod
    def joined(cls, parts: Iterable["PackedDicts"]) -> "PackedDicts":
        """The dicts of ``parts``, one after the other (not unpickled).

        >>> PackedDicts.joined([PackedDicts([{"a": 1}]), PackedDicts([{"b": 2}])])[:]
        [{'a': 1}, {'b': 2}]
        """
        return cls._of_pickles(list(chain.from_iterable(part._pickles for part in parts)))

    @classmethod
    def _of_pickles(cls, pickles: list[bytes]) -> "PackedDicts":
        packed = cls()
        packed._pickles = pickles
        return packed

    def kept(self, keep: Callable[[dict], bool]) -> "PackedDicts":
        """The dicts that ``keep``, still packed: the same pickles, none made again.

        >>> PackedDicts([{"id": "s-1"}, {"id": "s-2"}]).kept(lambda s: s["id"] != "s-1")[:]
        [{'id': 's-2'}]
        """
        return self._of_pickles([packed for packed, item in zip(self._pickles, self) if keep(item)])

    def change_each(self, change: Callable[[dict], dict]) -> None:
        """Put ``change`` of each dict in its place, one after the other: each old pickle is let go (unless another
        PackedDicts holds it) as its new one is made, so the two are never all alive at once.

        >>> packed = PackedDicts([{"id": "s-1"}])
        >>> packed.change_each(lambda s: {**s, "seen": True}); packed[:]
        [{'id': 's-1', 'seen': True}]
        """
        for index, item in enumerate(self):
            self._pickles[index] = pickle.dumps(change(item), protocol=pickle.HIGHEST_PROTOCOL)

    def sorted_by(self, key: Callable[[dict], Any]) -> "PackedDicts":
        """These dicts in the order of ``key`` (of each dict; stable), still packed."""
        keys = [key(item) for item in self]
        return self._of_pickles([self._pickles[i] for i in sorted(range(len(keys)), key=keys.__getitem__)])

    def __len__(self) -> int:
        return len(self._pickles)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(pickle.loads, self._pickles[index]))
        return pickle.loads(self._pickles[index])

    def __iter__(self) -> Iterator[dict]:
        return map(pickle.loads, self._pickles)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(map(eq, self, other))
