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
   :data:`~normalize.stages.stray_bytes.STRAY_SHARE` of the non-ASCII bytes.  A legacy file has valid sequences only
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

The candidates and their contest are :mod:`normalize.stages.codepages`; reading the stray
bytes of step 3 is :mod:`normalize.stages.stray_bytes`.

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
import re
from dataclasses import dataclass
from typing import Iterator

from normalize.changes import Change
from normalize.errors import DecodeError
from normalize.stages.codepages import (
    DECLARED_PRIOR, RANK_COST, Reading, candidate_families, codec_of, family_of, first_decoding, least_implausible,
)
from normalize.stages.stray_bytes import StrayBytes

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# (codec, code-unit size, offsets of the bytes that are NUL in ASCII-range text)
_NUL_PATTERNS = [("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)), ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,))]

HEAD = 4096  # bytes searched for a declared charset
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
            stray = StrayBytes(data[len(bom):]) if encoding == "utf-8-sig" else None
            if stray is not None and stray.mostly_utf8:
                return _mixed(stray, encoding, None)
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
    stray = StrayBytes(data)
    if stray.mostly_utf8:
        return _mixed(stray, "utf-8", declared)
    return _most_plausible(data, declared)


def _mixed(stray: StrayBytes, encoding: str, declared: str | None) -> Decoded:
    text, confidence, changes = stray.decoded(declared)
    return Decoded(_checked(text), encoding, "mixed", confidence, declared, changes)


def _most_plausible(data: bytes, declared: str | None) -> Decoded:
    """Decode with every candidate codec and keep the text least likely to be mojibake."""
    declared_family = family_of(codec_of(declared)) if declared else ()

    def readings() -> Iterator[tuple[float, Reading]]:
        for rank, family in enumerate((declared_family, *candidate_families(data))):
            decoded = first_decoding(data, family)
            if decoded is not None:
                text, codec = decoded
                yield (DECLARED_PRIOR if family is declared_family else -RANK_COST * rank), Reading(text, codec, text)

    try:
        reading, confidence = least_implausible(readings())
    except ValueError:
        raise DecodeError("not text: no character encoding decodes these bytes; is it really an article?") from None
    method = "declared" if reading.codec in declared_family else "detected"
    return Decoded(_checked(reading.text), reading.codec, method, round(confidence, 4), declared)


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
