"""Small text helpers shared by the rules, the spelling stage, the report and the command line (and text compressed as it is made).

>>> [t.text for t in tokenize("Kiev-based Zelenskiy’s team")]
['Kiev', 'based', 'Zelenskiy', 's', 'team']
>>> script_of("Зеленський"), script_of("Zełenski")
('Cyrl', 'Latn')
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

WORD = re.compile(r"\w+")
WORD_AND_GAPS = re.compile(f"({WORD.pattern})")  # split by it: gap, word, gap, ..., word, gap
NOT_A_WORD = re.compile(r"\W")  # where a text may be cut between words
_BREAKS_A_NAME = frozenset(".!?;:")  # ends a sentence or a clause: no name runs across it
APOSTROPHES = frozenset("'’‘`´")  # between letters: one word goes on (ʼ, U+02BC, is a letter already)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.casefold()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``text`` (or ``text[start:end]``) into words (runs of letters, digits and underscores)."""
    return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text, start, len(text) if end is None else end)]


@lru_cache(maxsize=1 << 17)  # rules ask for the key of each form once per language
def phrase_key(text: str) -> tuple[str, ...]:
    """The lookup key of a form: its words, case-folded.

    >>> phrase_key("Odessa, Texas")
    ('odessa', 'texas')
    """
    return tuple(map(str.casefold, WORD.findall(text)))


def apostrophe_joints(form: str) -> tuple[int, ...]:
    """The words of ``form`` (counted from 0) that an apostrophe joins to the word before.

    >>> apostrophe_joints("Zelensky'ego"), apostrophe_joints("Odessa, Texas"), apostrophe_joints("O’Brien's Kyiv")
    ((1,), (), (1, 2))
    """
    if not APOSTROPHES.intersection(form):
        return ()
    gaps = WORD_AND_GAPS.split(form)[2:-1:2]  # the gaps between the words
    return tuple(index for index, gap in enumerate(gaps, start=1) if gap in APOSTROPHES)


@lru_cache(maxsize=1 << 12)  # asked of every gap after a word that may begin a name: a few gaps recur (" ", ", ")
def joins_name(gap: str) -> bool:
    """May ``gap`` stand between two words of one name?

    A space, a comma, a bracket or a hyphen may; more than three characters,
    a second line break, or anything that ends a sentence may not.

    >>> joins_name(", "), joins_name(". "), joins_name("\\n\\n")
    (True, False, False)
    """
    return (
        0 < len(gap) <= 3
        and gap.count("\n") <= 1
        and not any(char.isalnum() or char == "_" or char in _BREAKS_A_NAME for char in gap)
    )


def script_of(text: str) -> str:
    """The script of the letters of ``text``: ``Latn``, ``Cyrl``, ``Grek`` or ``other``."""
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if code < 0x250 or 0x1E00 <= code < 0x1F00:
            return "Latn"
        if 0x400 <= code < 0x530 or 0x1C80 <= code < 0x1C90 or 0xA640 <= code < 0xA6A0:
            return "Cyrl"
        if 0x370 <= code < 0x400 or 0x1F00 <= code < 0x2000:
            return "Grek"
        return "other"
    return "other"


def match_case(original: str, canonical: str) -> str:
    """Keep ALL CAPS as ALL CAPS; otherwise the canonical casing from the rules.

    Only letters that have a case count: ``XIʼAN`` is in capitals (the ʼ has no case),
    so the canonical it is written in reads as capitals again on the next run.

    >>> match_case("ZELENSKIY", "Zelensky"), match_case("kyiv", "Kyiv"), match_case("XIʼAN", "Xiʼan")
    ('ZELENSKY', 'Kyiv', 'XIʼAN')
    """
    cased = [c for c in original if c.isupper() or c.islower()]
    if len(cased) > 1 and not any(c.islower() for c in cased):
        return canonical.upper()
    return canonical


def context_snippet(text: str, start: int, end: int, width: int = 40) -> str:
    """A one-line excerpt around ``text[start:end]``, with the form marked by ⟦ ⟧.

    >>> context_snippet("First line.\\nThe talks with Zelenskiy went on for hours.", 27, 36, width=10)
    '…alks with ⟦Zelenskiy⟧ went on f…'
    """
    return marked(*excerpt(text, start, end, width), start, end - start)


def excerpt(text: str, start: int, end: int, width: int = 40) -> tuple[str, int, bool]:
    """The line around ``text[start:end]``, up to ``width`` characters each side, unmarked: its text,
    where the form begins in it, and whether the text goes on after it (:func:`marked` writes it out).

    Kept instead of the snippet where many are kept: without the marks, Latin text takes
    one byte a character instead of two.

    >>> excerpt("First line.\\nThe talks with Zelenskiy went on for hours.", 27, 36, width=10)
    ('alks with Zelenskiy went on f', 10, True)
    """
    left = text[max(0, start - width):start].rpartition("\n")[2]
    right = text[end:end + width].partition("\n")[0]
    return text[start - len(left):end + len(right)], len(left), end + len(right) < len(text)


def marked(around: str, before: int, more_after: bool, start: int, length: int) -> str:
    """An :func:`excerpt` written out: its form (``length`` characters at ``start`` in the text)
    marked by ⟦ ⟧, and … where the text goes on.  For text only: the marks are characters that
    an article can contain too, so a page highlights the form by :func:`shown_excerpt`'s offsets."""
    return with_marks(*shown_excerpt(around, before, more_after, start, length))


def with_marks(shown: str, begin: int, end: int) -> str:
    """A :func:`shown_excerpt` as text, its form between ⟦ ⟧."""
    return f"{shown[:begin]}⟦{shown[begin:end]}⟧{shown[end:]}"


def shown_excerpt(around: str, before: int, more_after: bool, start: int, length: int) -> tuple[str, int, int]:
    """An :func:`excerpt` written out with … where the text goes on, and where its form
    (``length`` characters at ``start`` in the text) begins and ends in it.

    >>> shown_excerpt("alks with Zelenskiy went on f", 10, True, 27, 9)
    ('…alks with Zelenskiy went on f…', 11, 20)
    """
    lead = "…" if start > before else ""
    begin = len(lead) + before
    return f"{lead}{around}{'…' if more_after else ''}", begin, begin + length


def shown_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The line of ``text`` around ``text[start:end]`` as a report shows it (:func:`shown_excerpt`).

    >>> shown_around("First line.\\nThe talks with Zelenskiy went on for hours.", 27, 36)
    ('…The talks with Zelenskiy went on for hours.', 16, 25)
    """
    return shown_excerpt(*excerpt(text, start, end), start, end - start)


def contexts_of(excerpts: Iterable[tuple[str, int, int]]) -> dict:
    """The report's two views of a form's contexts (:func:`shown_excerpt`): ``contexts``,
    text with the form between ⟦ ⟧, and ``excerpts``, the text with the form's offsets, which
    the page highlights (an article can contain ⟦ ⟧ too)."""
    excerpts = list(excerpts)
    return {
        "contexts": [with_marks(*shown) for shown in excerpts],
        "excerpts": [{"text": text, "start": start, "end": end} for text, start, end in excerpts],
    }

_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (C0, C1, DEL), bidirectional
    controls, line separators and lone surrogates written as escapes, so that a name or a
    text from a file can neither forge a line, nor run an escape sequence, nor reorder a line.

    >>> print(printable("a.txt\\nb.txt:1:1: Kiev -> Kyiv\\x1b[2J \\u202egnp.exe"))
    a.txt\\nb.txt:1:1: Kiev -> Kyiv\\x1b[2J \\u202egnp.exe
    """
    return _UNPRINTABLE.sub(_escape_character, text)


def _escape_character(match: re.Match) -> str:
    char = match.group()
    return _NAMED_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def filled(text: str, slots: dict[str, Iterable[str]]) -> Iterator[str]:
    """``text`` piece by piece, each mark of ``slots`` (each once in it) replaced by its pieces: a report
    whose long lists are written as they are read, never put into its text whole.

    >>> "".join(filled("a<1>b<2>c", {"<2>": ["x", "y"], "<1>": iter("z")}))
    'azbxyc'
    """
    for mark in sorted(slots, key=text.index):
        before, text = text.split(mark, 1)
        yield before
        yield from slots[mark]
    yield text


def compressed(pieces: Iterable[str | bytes]) -> bytes:
    """``pieces`` of text (or of its UTF-8) as one zlib stream of their UTF-8, compressed as they come:
    the same bytes as ``zlib.compress`` of them joined, at level 1.

    A lone surrogate fails here, where the text is made, not where it is stored.

    >>> zlib.decompress(compressed(["Ky", b"iv"]))
    b'Kyiv'
    """
    compressor = zlib.compressobj(1)
    out = [compressor.compress(piece.encode("utf-8") if isinstance(piece, str) else piece) for piece in pieces]
    out.append(compressor.flush())
    return b"".join(out)


def decompressed_text(data: bytes, size: int = 1 << 16) -> Iterator[str]:
    """The text that :func:`compressed` was given, in pieces of about ``size`` bytes.

    >>> "".join(decompressed_text(compressed(["Kyïv"] * 3), size=3))
    'KyïvKyïvKyïv'
    """
    decompressor, decoder = zlib.decompressobj(), codecs.getincrementaldecoder("utf-8")()
    while not decompressor.eof:
        piece = decompressor.decompress(data, size)
        data = decompressor.unconsumed_tail
        if not piece and not data:
            raise ValueError("compressed text cut short")
        yield decoder.decode(piece)
    yield decoder.decode(b"", final=True)


def whole_word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``word`` (word characters only) stands in ``text`` as a whole word, as :data:`WORD` would find it:
    each place found by ``str.find`` in C, then checked for a word character (``str.isalnum`` or ``_``, as
    ``\\w`` reads one) on either side.  A few words of a long text cost a few scans in C, not a match per word.

    >>> list(whole_word_starts("kiev, Kiev kievan _kiev kiev", "kiev"))
    [0, 24]
    """
    length, start = len(word), text.find(word)
    while start >= 0:
        if not (start and _is_word_character(text[start - 1]) or _is_word_character(text[start + length:start + length + 1])):
            yield start
        start = text.find(word, start + 1)


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def pieces(text: str, start: int = 0, end: int | None = None, size: int = 1 << 20,
           cut_at: re.Pattern = NOT_A_WORD) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of ``text[start:end]`` of about ``size`` characters, each cut where ``cut_at``
    matches (between words): a long text is searched or split a piece at a time.

    >>> list(pieces("ab cd")), list(pieces("ab cd ef", size=2)), list(pieces("ab cd ef", 3, 8, size=1))
    ([(0, 5)], [(0, 2), (2, 5), (5, 8)], [(3, 5), (5, 8)])
    """
    end = len(text) if end is None else end
    while start < end:
        cut = cut_at.search(text, min(start + size, end), end)
        stop = cut.start() if cut else end
        yield start, stop
        start = stop
