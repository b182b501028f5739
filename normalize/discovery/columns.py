"""The counted forms of a corpus as columns: a row per (language, form), its tallies in arrays, no object per form.

:class:`FormTable` maps (language, form) to a :class:`FormTally`, made when asked for.  The forms of
each language are a dict of str -> row; each of the six counts is a column, an array of four-byte
integers (eight once a count outgrows them: :func:`count_column`), and a row's first paths (sorted, at most
MAX_SAMPLES) index into one list of the paths met.  An article of distinct names counts millions of
forms: a tally object, a key tuple and a tuple of paths for each were about 200 bytes per form more
than these rows, and counts of eight bytes 24 more.

>>> table = FormTable()
>>> table.add("en", "Kyiv", (2, 1, 0, 1, 0, 0), ("b.txt",))
>>> table.add("en", "Kyiv", (1, 0, 0, 1, 0, 0), ("a.txt",))
>>> table["en", "Kyiv"], ("en", "Lviv") in table, len(table)
(FormTally(count=3, sentence_starts=1, leading=0, files=2, paths=('a.txt', 'b.txt'), quoted=0, in_quotes=0), False, 1)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, filterfalse

MAX_SAMPLES = 3  # samples (contexts and locations) shown per form, the first in (path, offset) order
_NUMBERS = 6  # the counts of a row: count, sentence_starts, leading, files, quoted, in_quotes
_NO_PATH = -1  # a row seen in fewer than MAX_SAMPLES files


def count_column(counts: Iterable[int]) -> array:
    """``counts`` (whole numbers from 0) as an array of four bytes each, or of eight if one needs more.

    >>> count_column([3, 0]).typecode, count_column([2 ** 32, 1]).typecode
    ('I', 'Q')
    """
    counts = counts if isinstance(counts, (list, array)) else list(counts)
    try:
        return array("I", counts)
    except OverflowError:
        return array("Q", counts)


@dataclass(slots=True)
class FormTally:
    """How often one form was seen, in how many files, and the first files it was seen in.

    ``paths`` are the first MAX_SAMPLES paths in sorted order (each article's path once):
    its first MAX_SAMPLES sightings in (path, offset) order are in them, so that
    :func:`~normalize.discovery.samples.gather_samples` reads only these.
    """

    count: int = 0
    sentence_starts: int = 0
    leading: int = 0  # times it was the first word of a longer name
    files: int = 0
    paths: tuple[str, ...] = ()
    quoted: int = 0  # sightings in lines without the letters of its language's own alphabet (a quote)
    in_quotes: int = 0  # sightings right after an opening quotation mark («Наполі», a club)

    def numbers(self) -> tuple[int, int, int, int, int, int]:
        """Its counts in the order of a :class:`FormTable`'s row."""
        return self.count, self.sentence_starts, self.leading, self.files, self.quoted, self.in_quotes


class FormTable(Mapping):
    """(language, form) -> :class:`FormTally`, kept as rows of arrays; adding a form seen before adds up its counts.

    Adding in any order gives the same tallies (the paths of a row are the first MAX_SAMPLES in sorted order).
    """

    def __init__(self, tallies: Mapping[tuple[str, str], FormTally] | None = None):
        self._rows: dict[str, dict[str, int]] = {}  # language -> form -> row
        self._numbers = [array("I") for _ in range(_NUMBERS)]  # a column per count, in a row's order (count_column)
        self._paths = array("i")  # MAX_SAMPLES a row: indexes into _path_names, sorted by name, then _NO_PATH
        self._path_names: list[str] = []
        self._path_ids: dict[str, int] = {}
        for (language, form), tally in (tallies or {}).items():
            self.add(language, form, tally.numbers(), tally.paths)

    def add(self, language: str, form: str, numbers: Iterable[int], paths: Iterable[str]) -> None:
        """Count ``form`` of ``language`` ``numbers`` more times (in a row's order), seen in ``paths``."""
        self._add(language, form, numbers, [self._path_id(path) for path in paths])

    def add_seen_in(self, path: str, language: str, forms: Sequence[str], numbers: Sequence[Sequence[int]]) -> None:
        """Add ``forms`` of ``language`` (distinct), each seen in ``path`` (one article), with ``numbers``: a column per
        count in a row's order, as long as ``forms`` (columns, not a tuple a form: an article may count millions).
        The path is looked up once, and the forms not counted before are appended together.

        >>> table = FormTable()
        >>> table.add_seen_in("b.txt", "en", ["Kyiv"], [[2], [1], [0], [1], [0], [0]])
        >>> table.add_seen_in("a.txt", "en", ["Kyiv", "Lviv"], [[1, 1], [0, 0], [0, 0], [1, 1], [0, 0], [0, 0]])
        >>> table["en", "Kyiv"].paths, table["en", "Lviv"]
        (('a.txt', 'b.txt'), FormTally(count=1, sentence_starts=0, leading=0, files=1, paths=('a.txt',), quoted=0, in_quotes=0))
        """
        if not forms:
            return
        path_id, known = self._path_id(path), self._rows.setdefault(language, {})
        is_new = [form not in known for form in forms]
        for index in filterfalse(is_new.__getitem__, range(len(forms))):  # the forms counted before
            self._add(language, forms[index], [column[index] for column in numbers], [path_id])
        new = list(compress(forms, is_new))
        self._append(known, new, [compress(column, is_new) for column in numbers],
                     array("i", [path_id] + [_NO_PATH] * (MAX_SAMPLES - 1)) * len(new))

    def merge(self, other: "FormTable") -> None:
        """Add every row of ``other`` to these: a form counted before adds up, the new ones are appended together."""
        ids = [self._path_id(path) for path in other._path_names]
        numbers, paths = other._numbers, other._paths
        for language, rows in other._rows.items():
            if not rows:
                continue
            known = self._rows.setdefault(language, {})
            for form in filter(known.__contains__, rows):
                row, start = rows[form], rows[form] * MAX_SAMPLES
                self._add(language, form, [column[row] for column in numbers],
                          [ids[i] for i in paths[start:start + MAX_SAMPLES] if i != _NO_PATH])
            new = [form for form in rows if form not in known]
            new_rows = [rows[form] for form in new]  # their first paths stay in the order of their names
            self._append(known, new, [map(column.__getitem__, new_rows) for column in numbers],
                         [ids[i] if i != _NO_PATH else i
                          for row in new_rows for i in paths[row * MAX_SAMPLES:(row + 1) * MAX_SAMPLES]])

    def _append(self, known: dict[str, int], forms: list[str], numbers: list[Iterable[int]], path_ids: Iterable[int]) -> None:
        """Append ``forms``, none in ``known`` (a language's rows), with their counts (a column each) and first paths."""
        known.update(zip(forms, range(len(self), len(self) + len(forms))))
        for index, counts in enumerate(numbers):
            self._extend(index, count_column(counts))
        self._paths.extend(path_ids)

    def _extend(self, index: int, counts: array) -> None:
        """Append ``counts`` to the column ``index``, made eight bytes a count first if they need it."""
        column = self._numbers[index]
        if counts.itemsize > column.itemsize:
            column = self._widened(index)
        column.extend(counts if counts.typecode == column.typecode else array(column.typecode, counts))

    def _widened(self, index: int) -> array:
        """The column ``index``, made eight bytes a count (one outgrew four)."""
        column = self._numbers[index] = array("Q", self._numbers[index])
        return column

    def _add(self, language: str, form: str, numbers: Sequence[int], path_ids: list[int]) -> None:
        rows = self._rows.get(language)
        if rows is None:
            rows = self._rows[language] = {}
        row = rows.get(form)
        if row is None:
            rows[form] = len(self)
            for index, number in enumerate(numbers):
                self._extend(index, count_column([number]))
            self._paths.extend(self._first_paths(path_ids))
            return
        for index, number in enumerate(numbers):
            try:
                self._numbers[index][row] += number
            except OverflowError:  # a sum beyond four bytes: the column takes eight a count
                self._widened(index)[row] += number
        start = row * MAX_SAMPLES
        known = self._paths[start:start + MAX_SAMPLES]
        if path_ids and not self._after_full_paths(known, path_ids):
            self._paths[start:start + MAX_SAMPLES] = self._first_paths([i for i in known if i != _NO_PATH] + path_ids)

    def _after_full_paths(self, known: array, path_ids: list[int]) -> bool:
        """Are the first paths of a row (``known``) all there, and every one of ``path_ids`` after them by name?
        Then they stay the first (articles are counted in the order of their paths: most forms met again are so).

        >>> table = FormTable()
        >>> ids = [table._path_id(path) for path in ("a", "b", "c", "d")]
        >>> table._after_full_paths(array("i", ids[:3]), [ids[3]]), table._after_full_paths(array("i", ids[1:]), [ids[0]])
        (True, False)
        """
        names = self._path_names
        return known[-1] != _NO_PATH and min(map(names.__getitem__, path_ids)) > names[known[-1]]

    def _first_paths(self, path_ids: list[int]) -> array:
        """The first MAX_SAMPLES of ``path_ids`` in the order of their names, then _NO_PATH to fill the row."""
        first = sorted(path_ids, key=self._path_names.__getitem__)[:MAX_SAMPLES] if len(path_ids) > 1 else path_ids
        return array("i", first + [_NO_PATH] * (MAX_SAMPLES - len(first)))

    def _path_id(self, path: str) -> int:
        found = self._path_ids.get(path)
        if found is None:
            found = self._path_ids[path] = len(self._path_names)
            self._path_names.append(path)
        return found

    def __getitem__(self, key: tuple[str, str]) -> FormTally:
        language, form = key
        row = self._rows.get(language, {}).get(form)
        if row is None:
            raise KeyError(key)
        count, starts, leading, files, quoted, in_quotes = (column[row] for column in self._numbers)
        paths = tuple(self._path_names[i] for i in self._paths[row * MAX_SAMPLES:(row + 1) * MAX_SAMPLES] if i != _NO_PATH)
        return FormTally(count, starts, leading, files, paths, quoted, in_quotes)

    def __contains__(self, key: object) -> bool:
        language, form = key  # type: ignore[misc]
        rows = self._rows.get(language)
        return rows is not None and form in rows

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((language, form) for language, rows in self._rows.items() for form in rows)

    def __len__(self) -> int:
        return len(self._numbers[0])

    def sizes(self) -> dict[str, int]:
        """How many forms each language has."""
        return {language: len(rows) for language, rows in self._rows.items()}

    def forms_of(self, language: str) -> list[str]:
        """The forms of ``language``, sorted."""
        return sorted(self._rows.get(language, ()))

    def in_order(self) -> Iterator[tuple[str, str]]:
        """Every (language, form), sorted (as ``sorted(table)`` gives them, without a list of the keys)."""
        for language in sorted(self._rows):
            for form in self.forms_of(language):
                yield language, form

    def rows_in_order(self) -> Iterator[tuple[str, str, list[int], tuple[str, ...]]]:
        """Every (language, form, its counts in a row's order, its paths), in the order of :meth:`in_order`,
        read from the columns (no :class:`FormTally` made).

        >>> table = FormTable({("en", "Kyiv"): FormTally(2, 1, 0, 1, ("a.txt",), 0, 0)})
        >>> [(language, form, list(numbers), paths) for language, form, numbers, paths in table.rows_in_order()]
        [('en', 'Kyiv', [2, 1, 0, 1, 0, 0], ('a.txt',))]
        """
        numbers, paths, names = self._numbers, self._paths, self._path_names
        for language in sorted(self._rows):
            rows = self._rows[language]
            for form in sorted(rows):
                row = rows[form]
                first = paths[row * MAX_SAMPLES:(row + 1) * MAX_SAMPLES]
                yield language, form, [column[row] for column in numbers], tuple(
                    names[i] for i in first if i != _NO_PATH)

    def __repr__(self) -> str:
        return f"FormTable({dict(self.items())!r})"
