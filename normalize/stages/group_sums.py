"""Sums of groups of rows of a matrix, a block of rows at a time (the language model's scores of words and samples).

The language model sums the rows of a word's n-grams, and of a sample's words: a row holds a value per
language (55), so that gathering every row at once costs 220 to 440 bytes per n-gram or word: hundreds
of megabytes for the paragraphs of a long article.  Summed a block of :data:`ROWS_AT_ONCE` rows at a
time, each group whole in one block, the sums are the same, added in the same order.
"""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

ROWS_AT_ONCE = 1 << 14  # rows gathered at once (of 55 languages in float64: 7 MB)


def group_bounds(owners: np.ndarray) -> np.ndarray:
    """Where each run of equal ``owners`` starts, and where the last ends."""
    if not len(owners):
        return np.zeros(1, int)
    return np.concatenate(([0], np.flatnonzero(owners[1:] != owners[:-1]) + 1, [len(owners)]))  # not np.r_: slow in Python


def group_sums(bounds: np.ndarray, rows_of: Callable[[int, int], np.ndarray]) -> Iterator[tuple[slice, np.ndarray]]:
    """The sums of the groups of rows that start at ``bounds``, ``rows_of(start, end)`` a block of about :data:`ROWS_AT_ONCE`
    rows at a time (a row has a value per language): each block's groups (of ``bounds``) and their sums.

    >>> [(s, sums.tolist()) for s, sums in group_sums(np.array([0, 2, 3]), lambda a, b: np.arange(a, b)[:, None])]
    [(slice(0, 2, None), [[1], [2]])]
    """
    first = 0
    while first < len(bounds) - 1:
        if bounds[-1] - bounds[first] <= ROWS_AT_ONCE:  # the rest in one block (most often all of it)
            last = len(bounds) - 1
        else:
            last = max(first + 1, int(np.searchsorted(bounds, bounds[first] + ROWS_AT_ONCE, side="right")) - 1)
        rows = rows_of(bounds[first], bounds[last])
        yield slice(first, last), np.add.reduceat(rows, bounds[first:last] - bounds[first], axis=0)
        first = last
