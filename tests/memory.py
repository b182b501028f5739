"""Measuring memory in the tests of cost: the bytes a call allocates at its peak, as tracemalloc sees them."""

from __future__ import annotations

import tracemalloc


def peak_bytes(function, *args) -> int:
    """The bytes ``function(*args)`` allocates at its peak (Python's allocations only: not those of C libraries)."""
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
