"""The garbage collector kept quiet: paused in steps that make many objects and no cycles (:func:`collector_paused`),
and told once a chunk of work is done that what outlives it need not be scanned again (:func:`settle`).

A cyclic collection scans every object made since the last one that survived; a run that keeps
millions of small objects (counts, caches, a language model's words) would have them scanned again
and again, in time that grows faster than the input.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside: for steps that make many objects and no cycles.

    A collection that the new objects set off scans every object made since the last
    :func:`settle` (for an article of a million distinct names, all its counts), so the
    collections of a step that makes objects in proportion to its article grow faster
    than the article; reference counting still frees what the step drops.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Collect the garbage of the chunk just handled, then leave what outlives it out of later collections.

    What outlives a chunk lives to the end of the run (the report's counts, the language
    model's words, cached keys) and holds no cycles; every collection the next chunks set
    off would scan it all again.  A collection here scans only what the chunk made.
    ``gc.unfreeze`` ends it.
    """
    gc.collect()
    gc.freeze()
