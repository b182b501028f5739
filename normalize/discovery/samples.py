"""Discovery's second phase: the contexts and locations of the forms suggested, read from the few files
that hold their first sightings (each form's tally names them: :attr:`~normalize.discovery.names.FormTally.paths`).
"""

from __future__ import annotations

from functools import partial
from typing import Callable, NamedTuple

from normalize.batch.local import forked_map
from normalize.changes import LineIndex
from normalize.discovery.columns import MAX_SAMPLES
from normalize.discovery.finding import iter_names
from normalize.text import excerpt


class Sample(NamedTuple):
    """One place where a form was seen, as the report shows it.

    ``around``, ``before`` and ``more_after`` are the :func:`normalize.text.excerpt` of the
    form: the line around it, where the form begins in that, and whether the text goes on.
    """

    path: str
    offset: int
    line: int
    column: int
    around: str
    before: int
    more_after: bool


def gather_samples(paths: dict[tuple[str, str], tuple[str, ...]],
                   read: Callable[[str], str | None], jobs: int = 1) -> dict[tuple[str, str], list[Sample]]:
    """The second phase: the first MAX_SAMPLES samples of each ``(language, form)``, read from its tally's ``paths``.

    ``read(path)`` gives the text the names of the article at ``path`` were counted in
    (None if it cannot be read now: no samples from it).  Each file is read once, in path
    order, and scanned only until its forms have their samples.  With ``jobs`` above 1, the
    files are shared among that many processes (forked from this one: the same samples).

    >>> texts = {"a.txt": "Then Kovalchuk spoke.", "b.txt": "Kovalchuk and Kovalchuk."}
    >>> found = gather_samples({("en", "Kovalchuk"): ("a.txt", "b.txt")}, texts.get)
    >>> [(s.path, s.line, s.column) for s in found[("en", "Kovalchuk")]]
    [('a.txt', 1, 6), ('b.txt', 1, 1), ('b.txt', 1, 15)]
    >>> gather_samples({("en", "Kovalchuk"): ("a.txt", "b.txt")}, texts.get, jobs=2) == found
    True
    """
    wanted: dict[str, dict[str, tuple[str, str]]] = {}  # path -> form -> its key (an article has one language)
    for key, form_paths in paths.items():
        for path in form_paths:
            wanted.setdefault(path, {})[key[1]] = key
    ordered = sorted(wanted)
    shares = [ordered[share * len(ordered) // jobs:(share + 1) * len(ordered) // jobs] for share in range(max(1, jobs))]
    found: dict[tuple[str, str], list[Sample]] = {}
    for share in forked_map(partial(_samples_in, wanted, read), [share for share in shares if share]):
        for key, samples in share.items():
            found.setdefault(key, []).extend(samples)
    return {key: sorted(found.get(key, []))[:MAX_SAMPLES] for key in paths}


def _samples_in(wanted: dict[str, dict[str, tuple[str, str]]], read: Callable[[str], str | None],
                paths: list[str]) -> dict[tuple[str, str], list[Sample]]:
    """The samples of the ``wanted`` forms of each of ``paths`` (path -> form -> its key), by key."""
    found: dict[tuple[str, str], list[Sample]] = {}
    for path in paths:
        text = read(path)
        if text is not None:
            keys = wanted[path]
            for form, samples in _first_samples(path, text, set(keys)).items():
                found.setdefault(keys[form], []).extend(samples)
    return found


def _first_samples(path: str, text: str, forms: set[str]) -> dict[str, list[Sample]]:
    """The first MAX_SAMPLES samples of each of ``forms`` in ``text``, found by scanning its names
    until each has them.
    """
    index = LineIndex(text)
    samples: dict[str, list[Sample]] = {form: [] for form in forms}
    missing = len(forms)
    for mention in iter_names(text):
        kept = samples.get(mention.form)
        if kept is None or len(kept) == MAX_SAMPLES:
            continue
        line, column = index.position(mention.start)
        kept.append(Sample(path, mention.start, line, column, *excerpt(text, mention.start, mention.end)))
        if len(kept) == MAX_SAMPLES:
            missing -= 1
            if not missing:
                break
    return samples
