"""Bytes that are mostly UTF-8 with a few stray bytes of a legacy code page: the UTF-8 kept as it is,
each run of stray bytes read with the one code page that reads them best in their words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from charset_normalizer.utils import is_multi_byte_encoding

from normalize.changes import DECODE, Change, locate
from normalize.stages.codepages import (
    ASCII, DECLARED_PRIOR, Reading, candidate_families, codec_of, family_of, family_rarity, least_implausible,
)
from normalize.stages.plausibility import CJK

STRAY_SHARE = 0.4  # most stray bytes a mostly-UTF-8 file has, as a share of its non-ASCII bytes (legacy files: >= 0.5)
CONTEXT_CHARS = 40  # characters either side of a run of stray bytes (in its line) that say how to read it
STRAY_RANK_COST = 0.25  # nats per place down the pages, the most used first: for stray bytes, only a tie-break
FOREIGN_COST = 5.0  # nats for reading a stray byte as a character that the rest of the text never has
CONTEXT_RUNS = 100  # runs of stray bytes whose words choose their code page


class StrayBytes:
    """Bytes read as UTF-8 where they are, with the runs of bytes that are not UTF-8 set apart.

    >>> stray = StrayBytes("Müller".encode("utf-8") + b" \\x92 ok")
    >>> stray.runs, stray.mostly_utf8
    ([b'\\x92'], True)
    >>> StrayBytes("Київ".encode("cp1251")).mostly_utf8  # no valid multi-byte sequence: a legacy file
    False
    """

    _RUN = re.compile("[\udc80-\udcff]+")  # how surrogateescape writes bytes that are not UTF-8

    def __init__(self, data: bytes):
        self.escaped = data.decode("utf-8", "surrogateescape")
        self.spans = [match.span() for match in self._RUN.finditer(self.escaped)]
        self.runs = [self.escaped[start:end].encode("utf-8", "surrogateescape") for start, end in self.spans]
        stray_bytes = sum(end - start for start, end in self.spans)
        self.own = frozenset(char for char in self._RUN.sub("", self.escaped) if not char.isascii())
        self.mostly_utf8 = 0 < stray_bytes <= STRAY_SHARE * len(data.translate(None, ASCII))

    def decoded(self, declared: str | None) -> tuple[str, float, tuple[Change, ...]]:
        """The text with every run decoded by the code page that reads them best in their words,
        the share of belief that code page gets, and a ``decode`` change for each run.

        The candidates are those of a whole legacy file (:func:`candidate_families` on the runs
        joined) and cp1252 (latin-1 for its five undefined bytes) in any case, the most
        used first; a double-byte (CJK) page only in a text with CJK characters of its
        own (it reads any two stray bytes as one CJK character, which costs little).
        A few bytes give charset-normalizer too little to rank them by, so the prior is
        the text's own characters instead (a Greek text spells its stray bytes with the
        Greek letters it has elsewhere): :data:`FOREIGN_COST` for each character read
        that the UTF-8 of the text never has; a near tie goes to the more used page.
        """
        declared_family = family_of(codec_of(declared)) if declared else ()
        cjk = CJK.search(self.escaped) is not None
        guesses = sorted(dict.fromkeys((*candidate_families(b"".join(self.runs)), family_of("cp1252"))), key=family_rarity)
        families = [
            family for family in (declared_family, *guesses) if family and (cjk or not is_multi_byte_encoding(family[0]))
        ]

        def readings() -> Iterator[tuple[float, Reading]]:
            for rank, family in enumerate(families):
                reading = self._decoded_with(family)
                if reading is not None:
                    foreign = sum(char not in self.own for after in reading.runs for char in after)
                    prior = DECLARED_PRIOR if family is declared_family else -STRAY_RANK_COST * rank
                    yield prior - FOREIGN_COST * foreign, reading

        reading, confidence = least_implausible(readings())
        changes = [
            Change(DECODE, f"not valid UTF-8: read as {reading.codec}", start, end, _shown(run), after)
            for run, after, (start, end) in zip(self.runs, reading.runs, reading.spans)
        ]
        return reading.text, round(confidence, 4), tuple(locate(changes, reading.text))

    def _decoded_with(self, family: tuple[str, ...]) -> Reading | None:
        """The text with every run decoded by the first codec of ``family`` that decodes them all.

        A codec that does not read ASCII as ASCII (EBCDIC) cannot be what the rest of the text is in.
        """
        for codec in filter(_reads_ascii, family):
            try:
                decoded = [_printable(run.decode(codec)) for run in self.runs]
            except UnicodeDecodeError:
                continue
            pieces, spans, cursor, length = [], [], 0, 0
            for (start, end), after in zip(self.spans, decoded):
                pieces += [self.escaped[cursor:start], after]
                length += start - cursor
                spans.append((length, length + len(after)))
                length += len(after)
                cursor = end
            pieces.append(self.escaped[cursor:])
            text = "".join(pieces)
            return Reading(text, codec, _context(text, spans[:CONTEXT_RUNS]), tuple(decoded), tuple(spans))
        return None


@lru_cache(maxsize=None)
def _reads_ascii(codec: str) -> bool:
    """Does ``codec`` read the printable ASCII bytes as ASCII?

    >>> _reads_ascii("cp1251"), _reads_ascii("cp037")
    (True, False)
    """
    printable = bytes(range(0x20, 0x7F))
    try:
        return printable.decode(codec, "replace") == printable.decode("ascii")
    except LookupError:
        return False


def _printable(text: str) -> str:
    """``text`` with each control character (what a code page makes of a byte it has no character for) as U+FFFD."""
    return _CONTROL_CHARACTER.sub("\ufffd", text)


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


def _shown(run: bytes) -> str:
    r"""Bytes as a person reads them in a report: ``\xe9\x92``."""
    return "".join(f"\\x{byte:02x}" for byte in run)


def _context(text: str, spans: list[tuple[int, int]]) -> str:
    """The words around each span, within its line, one per line: what tells code pages apart."""
    windows = []
    for start, end in spans:
        before = text[max(0, start - CONTEXT_CHARS):start].rpartition("\n")[2]  # within the window: never the whole line
        after = text[end:end + CONTEXT_CHARS].partition("\n")[0]
        windows.append(before + text[start:end] + after)
    return "\n".join(windows)
