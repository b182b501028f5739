"""Name keys: folding what transliteration varies, the blocking keys of a form, and similarity.

Forms that share a key are compared with rapidfuzz, so the cost grows with the
number of distinct names, not with its square.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Callable, Hashable, Iterable, Iterator, Sequence, TypeVar

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from transliterate import get_translit_function
from unidecode import unidecode

from normalize.discovery.data import discovery_data
from normalize.text import script_of

_UKRAINIAN_LETTER = re.compile("[іїєґІЇЄҐ]")
_NOT_LATIN = re.compile("[^a-z]+")
_WORD_SEPARATOR = re.compile(r"[\s\-]+")
_REPEATED = re.compile(r"(.)\1+")
_FIRST_GROUP = itemgetter(1)  # a match's first group, without the cost of a template like r"\1"
Keyed = TypeVar("Keyed")
_COUNTED_BY_HASH_FROM = 4096  # items from which sharing_a_key counts the keys' hashes first (memory bounded by the items)
_SEARCHED_AT_ONCE = 1 << 20  # values _members searches for at once


@lru_cache(maxsize=200_000)
def ascii_spelling(form: str) -> str:
    """The lower-case, unaccented Latin spelling of ``form``; Cyrillic is transliterated.

    >>> ascii_spelling("Erdoğan"), ascii_spelling("Зеленський"), ascii_spelling("Навальный")
    ('erdogan', 'zelenskij', 'navalnyj')
    """
    if form.isascii() and form.isalpha():  # one word of a to z (as it comes back), without a step for each letter
        return form.lower()
    if script_of(form) == "Cyrl":
        form = _to_latin("uk" if _UKRAINIAN_LETTER.search(form) else "ru")(form, reversed=True)
    latin = unidecode(form).lower()
    return " ".join(_NOT_LATIN.sub("", word) for word in _WORD_SEPARATOR.split(latin) if word)


@lru_cache(maxsize=None)
def _to_latin(language: str):
    """transliterate's function from ``language``'s Cyrillic, made once (``translit`` builds its tables anew on every call)."""
    return get_translit_function(language)


@lru_cache(maxsize=200_000)
def fold(form: str) -> str:
    """Fold what transliteration varies: the key that spellings of one name share.

    >>> [fold(f) for f in ("Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi")]
    ['kadafi', 'kadafi', 'kadafi', 'kadafi']
    >>> fold("Navalnyy"), fold("Navalnyi"), fold("Навальный")
    ('navalni', 'navalni', 'navalni')
    >>> fold("Бірмінґемі"), fold("Бірмінгемі")
    ('birminhemi', 'birminhemi')
    """
    data = discovery_data().fold
    if data.cyrillic and not form.isascii() and script_of(form) == "Cyrl":
        form = form.lower()
        for before, after in data.cyrillic:
            form = form.replace(before, after)
    text = ascii_spelling(form)
    for before, after in data.replace:
        text = text.replace(before, after)
    return _REPEATED.sub(_FIRST_GROUP, text)


@lru_cache(maxsize=200_000)
def name_keys(form: str) -> tuple[str, ...]:
    """The blocking keys of a form: its folded form, its stem, its consonant skeleton, and a long form's ends.

    >>> name_keys("Zelensky"), name_keys("Zelenska")
    (('f:zelenski', 'p:zelensk', 'c:zlnsk', 'a:zelen', 'z:enski'), ('f:zelenska', 'p:zelensk', 'c:zlnsk', 'a:zelen', 'z:enska'))
    >>> name_keys("Kavadarkov")[-2:], name_keys("Kavardarkov")[-2:]
    (('a:kavad', 'z:arkov'), ('a:kavar', 'z:arkov'))
    """
    settings = discovery_data().fold
    folded = fold(form)
    skeleton = _REPEATED.sub(_FIRST_GROUP, _deleted(folded, settings.vowels))
    keys = [f"f:{folded}"]
    if len(folded) >= 5:
        keys.append(f"p:{folded[:-1]}" if folded[-1] in settings.vowels else f"p:{folded}")
    if len(skeleton.replace(" ", "")) >= 3:
        keys.append(f"c:{skeleton}")
    if len(folded) >= settings.ends_min_length and " " not in folded:
        keys += [f"a:{folded[:settings.ends]}", f"z:{folded[-settings.ends:]}"]
    return tuple(keys)  # each of another kind: no two alike


def forget_spellings() -> None:
    """Empty the caches of :func:`ascii_spelling`, :func:`fold` and :func:`name_keys` once the forms are
    clustered (full, they hold about 200 MB: 200,000 forms of three kinds).

    >>> fold("Gaddafi"); forget_spellings(); fold.cache_info().currsize
    'kadafi'
    0
    """
    for cached in (ascii_spelling, fold, name_keys):
        cached.cache_clear()


def sharing_a_key(items: Sequence[Keyed], keys_of: Callable[[Keyed], Iterable[Hashable]]) -> dict[Hashable, list[Keyed]]:
    """The ``items`` of each key that two or more of them share (``keys_of`` gives an item's keys), in their order.

    From :data:`_COUNTED_BY_HASH_FROM` items on, a key that one item alone has (most keys of a corpus) is never
    kept: the hashes of all keys are counted first, four bytes each (:func:`_short_hash`), and only the items with
    a key whose hash recurs are read again.  (Two keys with one hash make a group of one, dropped at the end.)
    Fewer items (an article's forms) are grouped by every key at once (:func:`_grouped_by_key`).

    >>> sharing_a_key(["Gaddafi", "Qaddafi", "Tripoli"], name_keys)
    {'f:kadafi': ['Gaddafi', 'Qaddafi'], 'p:kadaf': ['Gaddafi', 'Qaddafi'], 'c:kdf': ['Gaddafi', 'Qaddafi']}
    """
    if len(items) < _COUNTED_BY_HASH_FROM:
        return _grouped_by_key(items, keys_of)
    sharing, recurs = _sharing_a_hash(items, keys_of)
    flags = iter(recurs.tobytes())  # a byte per key of the items read again, in the order they are read
    return _grouped_by_key(map(items.__getitem__, sharing.tolist()),
                           lambda item: [key for key in keys_of(item) if next(flags)])


def may_share_a_key(items: Sequence[Keyed], keys_of: Callable[[Keyed], Iterable[Hashable]]) -> Iterator[Keyed]:
    """The ``items`` that share a key with another one, in their order; from :data:`_COUNTED_BY_HASH_FROM` items on,
    with a few whose key only shares its short hash with another's, and no group made: what a filter needs, which
    asks again of the items it lets through (an article of distinct names shares most keys: their groups were
    about 150 bytes a name).

    >>> list(may_share_a_key(["Gaddafi", "Qaddafi", "Tripoli"], name_keys))
    ['Gaddafi', 'Qaddafi']
    """
    if len(items) < _COUNTED_BY_HASH_FROM:
        return iter(dict.fromkeys(chain.from_iterable(_grouped_by_key(items, keys_of).values())))
    return map(items.__getitem__, _sharing_a_hash(items, keys_of)[0])


def _sharing_a_hash(items: Sequence[Keyed], keys_of: Callable[[Keyed], Iterable[Hashable]]) -> tuple[np.ndarray, np.ndarray]:
    """The indexes of the ``items`` that have a key whose short hash another key has too, in order, and for each key
    of those items, in the order ``keys_of`` gives them, whether its hash recurs: every key's hash counted in an
    array, four bytes each, no key kept (nor a set of the recurring hashes, which were millions of numbers).

    >>> sharing, recurs = _sharing_a_hash(["Kyiv", "Lviv", "Kiev"], lambda form: [form[0], form[1:]])
    >>> sharing.tolist(), recurs.tolist()
    ([0, 2], [True, False, True, False])
    """
    hashes, owners = array("I"), array("i")  # a row per key of an item: the key's short hash, the item's index
    for index, item in enumerate(items):
        for key in keys_of(item):
            hashes.append(_short_hash(key))
            owners.append(index)
    all_hashes, owner = np.frombuffer(hashes, dtype=np.uint32), np.frombuffer(owners, dtype=np.int32)
    recurs = _members(_recurring(all_hashes), all_hashes)
    del all_hashes, hashes
    is_sharing = np.zeros(len(items), dtype=bool)
    is_sharing[owner[recurs]] = True
    return np.flatnonzero(is_sharing), recurs[is_sharing[owner]]


def _short_hash(key: Hashable) -> int:
    """The low 32 bits of ``key``'s hash: the keys of an article of 50 MB of distinct names are 19 million, and their
    hashes, sorted, searched and gathered eight bytes each at once, were the peak of its run (a few more hashes
    shared by two keys only make :func:`sharing_a_key` read a few more items again).

    >>> _short_hash("f:kadafi") == hash("f:kadafi") & 0xFFFF_FFFF < 2 ** 32
    True
    """
    return hash(key) & 0xFFFF_FFFF


def _grouped_by_key(items: Iterable[Keyed], keys_of: Callable[[Keyed], Iterable[Hashable]]) -> dict[Hashable, list[Keyed]]:
    """:func:`sharing_a_key` of a few items (an article's forms), in one pass: a group for every key, then those of one
    item dropped (for a few items, cheaper than counting the keys' hashes in arrays first; for many, the
    items and keys whose hashes recur).

    >>> _grouped_by_key(["Gaddafi", "Qaddafi", "Tripoli"], name_keys)
    {'f:kadafi': ['Gaddafi', 'Qaddafi'], 'p:kadaf': ['Gaddafi', 'Qaddafi'], 'c:kdf': ['Gaddafi', 'Qaddafi']}
    """
    groups: dict[Hashable, list[Keyed]] = {}
    for item in items:
        for key in keys_of(item):
            groups.setdefault(key, []).append(item)
    return {key: group for key, group in groups.items() if len(group) > 1}


def _recurring(values: np.ndarray) -> np.ndarray:
    """The values met more than once, sorted.

    >>> _recurring(np.array([5, 3, 5, 1, 3, 5])).tolist()
    [3, 5]
    """
    ordered = np.sort(values)
    return np.unique(ordered[1:][ordered[1:] == ordered[:-1]])


def _members(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``sorted_values`` (a search for each, without sorting ``values``), searched
    :data:`_SEARCHED_AT_ONCE` at a time (the places found are eight bytes each).

    >>> _members(np.array([3, 5]), np.array([5, 1, 3, 7])).tolist(), _members(np.array([], dtype=int), np.array([5])).tolist()
    ([True, False, True, False], [False])
    """
    found = np.zeros(len(values), dtype=bool)
    if len(sorted_values):
        for start in range(0, len(values), _SEARCHED_AT_ONCE):
            part = values[start:start + _SEARCHED_AT_ONCE]
            places = np.minimum(np.searchsorted(sorted_values, part), len(sorted_values) - 1)
            found[start:start + len(part)] = sorted_values[places] == part
    return found


def _deleted(text: str, letters: str) -> str:
    """``text`` without ``letters``: byte by byte when ``text`` is ASCII, as folded forms are (in a third of the
    time of ``str.translate``; the bytes of a letter beyond ASCII are none of its bytes).

    >>> _deleted("zelenski", "aeiou"), _deleted("zelenski ë", "aeiou"), _deleted("zelenski", "eë")
    ('zlnsk', 'zlnsk ë', 'zlnski')
    """
    if text.isascii():
        return text.encode().translate(None, letters.encode()).decode()
    return text.translate(_deleting(letters))


@lru_cache(maxsize=8)
def _deleting(letters: str) -> dict[int, None]:
    return dict.fromkeys(map(ord, letters))


def similarity(a: str, b: str) -> float:
    """The mean of rapidfuzz's ratio on the folded and on the ASCII spellings, 0..1.

    >>> similarity("Gaddafi", "Qaddafi"), similarity("Zelensky", "Zelenska")
    (0.929, 0.875)
    """
    return round((fuzz.ratio(fold(a), fold(b)) + fuzz.ratio(ascii_spelling(a), ascii_spelling(b))) / 200, 3)


def slip_inside(a: str, b: str, margin: int) -> bool:
    """Do the folded forms differ by one letter dropped, added or changed, with at least ``margin`` letters
    after it: a slip in the middle of a name, not another ending?

    >>> slip_inside("Kavadarkov", "Kavardarkov", 2), slip_inside("Encinitas", "Ecinitas", 2)
    (True, True)
    >>> slip_inside("Socialist", "Socialism", 2), slip_inside("Christine", "Christie", 2)
    (False, False)
    """
    edits = Levenshtein.editops(fold(a), fold(b))
    if len(edits) != 1:
        return False
    (edit,) = edits
    return edits.src_len - edit.src_pos - (edit.tag != "insert") >= margin
