"""The entry, before the stages: bytes to text, saying which encoding was used, how it was chosen and how sure we are.

In this order:

1. ``bom``: a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. ``utf-8``: bytes that are valid UTF-8 are UTF-8 (no legacy text of any length is);
3. ``mixed``: bytes that are mostly UTF-8, with a few stray bytes of a
   legacy code page (a word pasted from an old file), keep their UTF-8 as it is.  Only
   the runs of bytes that are not UTF-8 are decoded, all with one code page: the one
   that reads them best in the words around them (the contest of step 4, on those
   words).  Each run is a change of the ``decode`` stage, placed in the decoded text.
   Mostly UTF-8 is: at least one valid multi-byte sequence, and stray bytes at most
   :data:`STRAY_SHARE` of the non-ASCII bytes.  A legacy file has valid sequences only
   by chance, and then at least half of its non-ASCII bytes are not UTF-8: so it is in
   every file of chardet's and charset-normalizer's test data, and in every line of
   their single-byte European ones (a line or two of CJK or of DOS box drawing can
   fall under it).  After a UTF-8 byte-order mark the same rule holds.
4. ``declared`` or ``detected``: otherwise every candidate is decoded strictly and the
   text least likely to be mojibake wins (:func:`normalize.stages.plausibility.implausibility`).
   The candidates are the charset the document declares (an XML declaration, an HTML
   ``<meta charset>``), charset-normalizer's guesses, the vendor supersets of both
   (Shift_JIS → cp932, GB2312 → GBK, ...), and the common single-byte code pages when the
   text is not CJK.  A declared charset is evidence, not law (old sites often declared
   the wrong one): it wins unless another decoding is clearly more plausible.

A stray byte that the chosen code page reads as no printable character (cp1252 leaves
0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; latin-1 reads them as C1 controls) becomes
U+FFFD REPLACEMENT CHARACTER, and its change still names the byte.

Bytes that are not text (NUL bytes outside UTF-16/32, a known binary signature, control
characters, no decoding that fits) raise :class:`DecodeError` with a reason a person can
act on.

>>> decode_bytes("Kyiv".encode("utf-8-sig")).encoding
'utf-8-sig'
>>> decoded = decode_bytes("Президент України заявив, що переговори тривають.".encode("cp1251"))
>>> decoded.text[:9], decoded.encoding, decoded.method
('Президент', 'cp1251', 'detected')
>>> decode_bytes(b'<?xml version="1.0" encoding="koi8-r"?><p>\\xf0\\xd2\\xc9\\xd7\\xc5\\xd4</p>').text
'<?xml version="1.0" encoding="koi8-r"?><p>Привет</p>'
>>> mixed = decode_bytes("Müller trank einen Caf".encode("utf-8") + b"\\xe9.")
>>> mixed.text, mixed.encoding, mixed.method
('Müller trank einen Café.', 'utf-8', 'mixed')
>>> [(c.stage, c.start, c.end, c.before, c.after, c.rule) for c in mixed.changes]
[('decode', 22, 23, '\\\\xe9', 'é', 'not valid UTF-8: read as cp1252')]
"""

from __future__ import annotations

import codecs
import math
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable, Iterator

import charset_normalizer
from charset_normalizer.utils import is_multi_byte_encoding

from normalize.changes import DECODE, Change, locate
from normalize.errors import DecodeError
from normalize.stages.plausibility import CJK, implausibility

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# (codec, code-unit size, offsets of the bytes that are NUL in ASCII-range text)
_NUL_PATTERNS = [("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)), ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,))]

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
HEAD = 4096  # bytes searched for a declared charset
STRAY_SHARE = 0.4  # most stray bytes a mostly-UTF-8 file has, as a share of its non-ASCII bytes (legacy files: >= 0.5)
CONTEXT_CHARS = 40  # characters either side of a run of stray bytes (in its line) that say how to read it
STRAY_RANK_COST = 0.25  # nats per place down the pages, the most used first: for stray bytes, only a tie-break
FOREIGN_COST = 5.0  # nats for reading a stray byte as a character that the rest of the text never has
CONTEXT_RUNS = 100  # runs of stray bytes whose words choose their code page
_DECLARATION = (
    r"""\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']?(?P<xml>[A-Za-z0-9._:-]+)"""
    r"""|<meta\b[^>]*?\bcharset\s*=\s*["']?\s*(?P<meta>[A-Za-z0-9._:-]+)"""
)
_DECLARATION_TEXT = re.compile(_DECLARATION, re.IGNORECASE)
_DECLARATION_BYTES = re.compile(_DECLARATION.encode("ascii"), re.IGNORECASE)
_SIGNATURES = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
(b"\x7fELF", "a program"), (b"RIFF", "a RIFF media file"),
]
_ASCII = bytes(range(128))
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # not \t \n \v \f \r, not ESC
CONTROL_LIMIT = 0.01  # share of control characters above which bytes are not text


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the codec used, how it was chosen and how sure we are.

    ``method`` is ``bom``, ``utf-8``, ``declared`` (the document's own declaration won),
    ``detected`` or ``mixed`` (UTF-8 with stray legacy bytes); ``confidence`` is the share
    of belief the chosen decoding gets against the other candidates (1.0 when there was
    no doubt; for ``mixed``, that of the code page chosen for the stray bytes).  ``declared`` is the charset label
    the document declares, as written (``None`` if none), whether or not it was followed.
    """

    text: str
    encoding: str
    method: str
    confidence: float
    declared: str | None = None
    changes: tuple[Change, ...] = ()  # ``mixed``: one ``decode`` change per run of stray bytes


@dataclass(frozen=True)
class Declaration:
    """A charset declared inside a document: its label and where the label is."""

    label: str
    start: int
    end: int


def find_declaration(data: bytes | str) -> Declaration | None:
    """The charset an XML declaration or an HTML ``<meta>`` names in the first 4 KiB, and where.

    Works on bytes (to decode) and on text (to rewrite the label on UTF-8 output):

    >>> page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    >>> found = find_declaration(page)
    >>> found.label, page[found.start:found.end]
    ('windows-1251', 'windows-1251')
    >>> find_declaration(b'<?xml version="1.0" encoding="ISO-8859-2"?>').label
    'ISO-8859-2'
    >>> find_declaration("charset=koi8-r in prose is not a declaration") is None
    True
    """
    pattern = _DECLARATION_BYTES if isinstance(data, bytes) else _DECLARATION_TEXT
    match = pattern.search(data[:HEAD])
    if match is None:
        return None
    group = "xml" if match.group("xml") else "meta"
    label = match.group(group)
    return Declaration(label.decode("ascii") if isinstance(label, bytes) else label, *match.span(group))


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article's bytes; raise :class:`DecodeError` if they are not text."""
    for bom, encoding in _BOMS:  # UTF-32 LE starts with the UTF-16 LE mark: longest first
        if data.startswith(bom):
            stray = _StrayBytes(data[len(bom):]) if encoding == "utf-8-sig" else None
            if stray is not None and stray.mostly_utf8:
                return stray.decoded(encoding, None)
            return Decoded(_strict(data, encoding), encoding, "bom", 1.0)
    if b"\x00" in data:
        return _unicode_without_bom(data)
    declaration = find_declaration(data)
    declared = declaration.label if declaration else None
    if not _is_iso_2022(data):
        try:
            return Decoded(_checked(data.decode("utf-8")), "utf-8", "utf-8", 1.0, declared)
        except UnicodeDecodeError:
            pass
    reason = _binary_signature(data)
    if reason:
        raise DecodeError(f"not text: a binary file ({reason}), not an article")
    stray = _StrayBytes(data)
    if stray.mostly_utf8:
        return stray.decoded("utf-8", declared)
    return _most_plausible(data, declared)


@dataclass(frozen=True)
class _Reading:
    """One candidate decoding: its text, the code page named for it, the part of it to score,
    and for stray bytes what each run became and where it is in the text."""

    text: str
    codec: str
    scored: str
    runs: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()


def _most_plausible(data: bytes, declared: str | None) -> Decoded:
    """Decode with every candidate codec and keep the text least likely to be mojibake."""
    declared_family = _family(_codec(declared)) if declared else ()

    def readings() -> Iterator[tuple[float, _Reading]]:
        for rank, family in enumerate((declared_family, *_guesses(data))):
            decoded = _first_decoding(data, family)
            if decoded is not None:
                text, codec = decoded
                yield (DECLARED_PRIOR if family is declared_family else -RANK_COST * rank), _Reading(text, codec, text)

    try:
        reading, confidence = _least_implausible(readings())
    except ValueError:
        raise DecodeError("not text: no character encoding decodes these bytes; is it really an article?") from None
    method = "declared" if reading.codec in declared_family else "detected"
    return Decoded(_checked(reading.text), reading.codec, method, round(confidence, 4), declared)


def _least_implausible(readings: Iterable[tuple[float, _Reading]]) -> tuple[_Reading, float]:
    """The reading whose scored text is least likely to be mojibake, given its prior (in nats, for it),
    and the share of belief it gets; ValueError if there is none.

    Readings of the same text are one candidate, named after the more common code page.
    """
    candidates: dict[str, tuple[float, _Reading]] = {}  # text -> (cost, reading)
    for prior, reading in readings:
        if reading.text in candidates:
            cost, kept = candidates[reading.text]
            candidates[reading.text] = (cost, min(kept, reading, key=lambda r: _rarity(r.codec)))
            continue
        best = min((cost for cost, _ in candidates.values()), default=math.inf)
        candidates[reading.text] = (implausibility(reading.scored, best + prior + PRUNE_MARGIN) - prior, reading)
    cost, reading = min(candidates.values(), key=lambda candidate: candidate[0])
    belief = sum(math.exp(cost - other) for other, _ in candidates.values())
    return reading, 1.0 / belief


class _StrayBytes:
    """Bytes read as UTF-8 where they are, with the runs of bytes that are not UTF-8 set apart.

    >>> stray = _StrayBytes("Müller".encode("utf-8") + b" \\x92 ok")
    >>> stray.runs, stray.mostly_utf8
    ([b'\\x92'], True)
    >>> _StrayBytes("Київ".encode("cp1251")).mostly_utf8  # no valid multi-byte sequence: a legacy file
    False
    """

    _RUN = re.compile("[\udc80-\udcff]+")  # how surrogateescape writes bytes that are not UTF-8

    def __init__(self, data: bytes):
        self.escaped = data.decode("utf-8", "surrogateescape")
        self.spans = [match.span() for match in self._RUN.finditer(self.escaped)]
        self.runs = [self.escaped[start:end].encode("utf-8", "surrogateescape") for start, end in self.spans]
        stray_bytes = sum(end - start for start, end in self.spans)
        self.own = frozenset(char for char in self._RUN.sub("", self.escaped) if not char.isascii())
        self.mostly_utf8 = 0 < stray_bytes <= STRAY_SHARE * len(data.translate(None, _ASCII))

    def decoded(self, encoding: str, declared: str | None) -> Decoded:
        """The text with every run decoded by the code page that reads them best in their words.

        The candidates are those of a whole legacy file (:func:`_guesses` on the runs
        joined) and cp1252 (latin-1 for its five undefined bytes) in any case, the most
        used first; a double-byte (CJK) page only in a text with CJK characters of its
        own (it reads any two stray bytes as one CJK character, which costs little).
        A few bytes give charset-normalizer too little to rank them by, so the prior is
        the text's own characters instead (a Greek text spells its stray bytes with the
        Greek letters it has elsewhere): :data:`FOREIGN_COST` for each character read
        that the UTF-8 of the text never has; a near tie goes to the more used page.
        """
        declared_family = _family(_codec(declared)) if declared else ()
        cjk = CJK.search(self.escaped) is not None
        guesses = sorted(dict.fromkeys((*_guesses(b"".join(self.runs)), _family("cp1252"))), key=_family_rarity)
        families = [
            family for family in (declared_family, *guesses) if family and (cjk or not is_multi_byte_encoding(family[0]))
        ]

        def readings() -> Iterator[tuple[float, _Reading]]:
            for rank, family in enumerate(families):
                reading = self._decoded_with(family)
                if reading is not None:
                    foreign = sum(char not in self.own for after in reading.runs for char in after)
                    prior = DECLARED_PRIOR if family is declared_family else -STRAY_RANK_COST * rank
                    yield prior - FOREIGN_COST * foreign, reading

        reading, confidence = _least_implausible(readings())
        changes = [
            Change(DECODE, f"not valid UTF-8: read as {reading.codec}", start, end, _shown(run), after)
            for run, after, (start, end) in zip(self.runs, reading.runs, reading.spans)
        ]
        return Decoded(_checked(reading.text), encoding, "mixed", round(confidence, 4), declared,
                       tuple(locate(changes, reading.text)))

    def _decoded_with(self, family: tuple[str, ...]) -> _Reading | None:
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
            return _Reading(text, codec, _context(text, spans[:CONTEXT_RUNS]), tuple(decoded), tuple(spans))
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
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        windows.append(text[max(line_start, start - CONTEXT_CHARS):min(line_end, end + CONTEXT_CHARS)])
    return "\n".join(windows)


def _rarity(codec: str) -> int:
    return _SINGLE_BYTE.index(codec) if codec in _SINGLE_BYTE else len(_SINGLE_BYTE)


def _family_rarity(family: tuple[str, ...]) -> int:
    return min(map(_rarity, family))


def _first_decoding(data: bytes, family: tuple[str, ...]) -> tuple[str, str] | None:
    """The text of the first codec of ``family`` that decodes ``data``, and that codec.

    A vendor superset (cp932, GBK) is used only for bytes its standard cannot decode.
    """
    for codec in family:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _guesses(data: bytes) -> list[tuple[str, ...]]:
    """charset-normalizer's candidates, best first, then the common single-byte code pages, as families.

    The single-byte pages are left out for seven-bit bytes (ISO-2022: every page reads
    them the same) and when charset-normalizer finds CJK in plenty of text, where it
    is reliable; on a sentence or two it is not, and they compete.
    """
    matches = charset_normalizer.from_bytes(data)
    guesses = [match.encoding for match in matches]
    best = matches.best()
    cjk = best is not None and is_multi_byte_encoding(best.encoding)
    if not data.isascii() and not (cjk and len(data.translate(None, _ASCII)) >= CJK_RELIABLE_BYTES):
        guesses += _SINGLE_BYTE
    return list(dict.fromkeys(_family(_codec(guess)) for guess in guesses if _codec(guess)))


def _family(codec: str | None) -> tuple[str, ...]:
    """``codec``'s family, the standard first (it wins a tie), or ``codec`` alone."""
    if codec is None:
        return ()
    return next((family for family in _FAMILY_CODECS if codec in family), (codec,))


def _codec(label: str | None) -> str | None:
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


def _unicode_without_bom(data: bytes) -> Decoded:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NUL bytes are; else binary.

    Text in those encodings has its NUL bytes in the high-order places of its code
    units (in many of them, for spaces, digits, Latin or markup), hardly anywhere
    else; binary data has them anywhere.
    """
    for encoding, unit, high in _NUL_PATTERNS:
        if len(data) % unit:
            continue
        expected = sum(data[i::unit].count(0) for i in high)
        elsewhere = sum(data[i::unit].count(0) for i in range(unit) if i not in high)
        if expected < len(data) / unit / 20 or elsewhere * 4 > expected:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROLS.search(text):
            return Decoded(text, encoding, "detected", 1.0)
    reason = _binary_signature(data)
    raise DecodeError(
        (f"not text: a binary file ({reason}), not an article" if reason else
         f"not text: contains NUL bytes (the first at byte {data.index(0)}), as binary files do; "
         "is it an image or a document saved under a text name?")
        + "; move it out of the folder, or give it an extension that is not an article's"
    )


def _is_iso_2022(data: bytes) -> bool:
    """7-bit bytes with ISO-2022 escape sequences (Japanese or Korean mail and news)."""
    return data.isascii() and (b"\x1b$" in data or b"\x1b(" in data)


def _binary_signature(data: bytes) -> str | None:
    return next((what for signature, what in _SIGNATURES if data.startswith(signature)), None)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not valid {encoding} at byte {error.start} ({data[error.start:error.start + 4]!r}); "
            "convert the file to UTF-8"
        ) from None
    return _checked(text)


def _checked(text: str) -> str:
    """``text`` if it reads as text; DecodeError if control characters say it is binary."""
    if "\x00" in text:
        raise DecodeError(
            "not text: contains NUL characters, as binary files do; this is not an article: move it out of "
            "the folder, or give it an extension that is not an article's"
        )
    controls = len(_CONTROLS.findall(text))
    if controls > CONTROL_LIMIT * len(text) + 1:
        raise DecodeError(
            f"not text: {controls} control characters in {len(text)}, as binary files have; this is not an "
            "article: move it out of the folder, or give it an extension that is not an article's"
        )
    return text
