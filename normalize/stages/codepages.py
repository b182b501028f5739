"""The candidate code pages for bytes that are not UTF-8, and the contest that reads them least like mojibake.

Code pages come in families (a standard, then the vendor supersets browsers use for it);
the candidates are charset-normalizer's guesses and the common single-byte pages of Europe
and around it, the most used first.  Each candidate reading has a prior (in nats) and is
scored by :func:`normalize.stages.plausibility.implausibility`.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass
from typing import Iterable

import charset_normalizer
from charset_normalizer.utils import is_multi_byte_encoding

from normalize.stages.plausibility import implausibility

# Each family: a standard code page first, then the vendor supersets that browsers use for it;
# the first that decodes the bytes is used (C1 controls that tis-620 leaves are for fix_encoding).
_FAMILIES = [
    ("shift_jis", "cp932", "shift_jis_2004"),
    ("euc_jp", "euc_jis_2004"),
    ("gb2312", "gbk", "gb18030"),
    ("big5", "cp950", "big5hkscs"),
    ("euc_kr", "cp949"),
    ("cp1252", "latin-1"),  # latin-1's 0x80-0x9F are control codes no text uses: cp1252 first, as browsers do
    ("cp1254", "iso8859-9"),
    ("tis-620", "cp874"),
]
# Always tried: the single-byte code pages of Europe and around it, the most used first
# (when several give the same text, the first names it: German is cp1252, not cp1250).
_SINGLE_BYTE = (
    "cp1252 latin-1 iso8859-15 cp1250 iso8859-2 cp1254 cp1257 mac_roman "
    "cp1251 koi8-r koi8-u iso8859-5 cp866 mac_cyrillic cp1253 iso8859-7 cp1255 iso8859-8 cp1256 tis-620"
).split()
_SINGLE_BYTE = [codecs.lookup(name).name for name in _SINGLE_BYTE]
_LABELS = {"x-sjis": "shift_jis", "windows-31j": "cp932", "x-mac-cyrillic": "mac_cyrillic",
           "x-mac-roman": "mac_roman", "windows-874": "cp874", "x-euc-jp": "euc_jp", "x-cp1251": "cp1251"}

DECLARED_PRIOR = 10.0  # nats: how much more plausible another decoding must be to overrule a declaration
CJK_RELIABLE_BYTES = 200  # non-ASCII bytes from which charset-normalizer's CJK verdict is trusted
RANK_COST = 1.0  # nats per place down charset-normalizer's ranking: a weak prior, decisive only in a near tie
PRUNE_MARGIN = 30.0  # nats past the best so far at which a candidate stops being scored
ASCII = bytes(range(128))


@dataclass(frozen=True)
class Reading:
    """One candidate decoding: its text, the code page named for it, the part of it to score,
    and for stray bytes what each run became and where it is in the text."""

    text: str
    codec: str
    scored: str
    runs: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


def least_implausible(readings: Iterable[tuple[float, Reading]]) -> tuple[Reading, float]:
    """The reading whose scored text is least likely to be mojibake, given its prior (in nats, for it),
    and the share of belief it gets; ValueError if there is none.

    Readings of the same text are one candidate, named after the more common code page.
    """
    candidates: dict[str, tuple[float, Reading]] = {}  # text -> (cost, reading)
    for prior, reading in readings:
        if reading.text in candidates:
            cost, kept = candidates[reading.text]
            candidates[reading.text] = (cost, min(kept, reading, key=lambda r: rarity(r.codec)))
            continue
        best = min((cost for cost, _ in candidates.values()), default=math.inf)
        candidates[reading.text] = (implausibility(reading.scored, best + prior + PRUNE_MARGIN) - prior, reading)
    cost, reading = min(candidates.values(), key=lambda candidate: candidate[0])
    belief = sum(math.exp(cost - other) for other, _ in candidates.values())
    return reading, 1.0 / belief


def rarity(codec: str) -> int:
    return _SINGLE_BYTE.index(codec) if codec in _SINGLE_BYTE else len(_SINGLE_BYTE)


def family_rarity(family: tuple[str, ...]) -> int:
    return min(map(rarity, family))


def first_decoding(data: bytes, family: tuple[str, ...]) -> tuple[str, str] | None:
    """The text of the first codec of ``family`` that decodes ``data``, and that codec.

    A vendor superset (cp932, GBK) is used only for bytes its standard cannot decode.
    """
    for codec in family:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def candidate_families(data: bytes) -> list[tuple[str, ...]]:
    """charset-normalizer's candidates, best first, then the common single-byte code pages, as families.

    The single-byte pages are left out for seven-bit bytes (ISO-2022: every page reads
    them the same) and when charset-normalizer finds CJK in plenty of text, where it
    is reliable; on a sentence or two it is not, and they compete.
    """
    matches = charset_normalizer.from_bytes(data)
    guesses = [match.encoding for match in matches]
    best = matches.best()
    cjk = best is not None and is_multi_byte_encoding(best.encoding)
    if not data.isascii() and not (cjk and len(data.translate(None, ASCII)) >= CJK_RELIABLE_BYTES):
        guesses += _SINGLE_BYTE
    return list(dict.fromkeys(family_of(codec_of(guess)) for guess in guesses if codec_of(guess)))


def family_of(codec: str | None) -> tuple[str, ...]:
    """``codec``'s family, the standard first (it wins a tie), or ``codec`` alone."""
    if codec is None:
        return ()
    return next((family for family in _FAMILY_CODECS if codec in family), (codec,))


def codec_of(label: str | None) -> str | None:
    """Python's name for a charset label, or None if Python has no such codec."""
    label = _LABELS.get(label.lower(), label) if label else label
    try:
        info = codecs.lookup(label)
    except (LookupError, TypeError):
        return None
    if info.name.startswith(("utf-16", "utf-32")):  # a byte-oriented page cannot be UTF-16: it would have NULs
        return None
    return info.name


_FAMILY_CODECS = [tuple(codecs.lookup(name).name for name in family) for family in _FAMILIES]
