"""Stage 1: bytes to text.

>>> decode_bytes("Kyiv".encode("utf-8-sig")).encoding
'utf-8-sig'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from normalize.errors import DecodeError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the codec used, how it was chosen and how sure we are."""

    text: str
    encoding: str
    method: str
    confidence: float


_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
    rb"""|<meta\s[^>]{0,500}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}  # as browsers read them (WHATWG Encoding)


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article: a byte-order mark first, then strict UTF-8, then the charset it declares."""
    for bom, encoding in _BOMS:  # UTF-32 LE starts with the UTF-16 LE mark: longest first
        if data.startswith(bom):
            return Decoded(_strict(data, encoding), encoding, "bom", 1.0)
    try:
        return Decoded(_strict(data, "utf-8"), "utf-8", "utf-8", 1.0)
    except DecodeError:
        declared = declared_charset(data)
        if declared is None or declared == "utf-8":
            raise
        return Decoded(_strict(data, declared), declared, "declared", 1.0)


def declared_charset(data: bytes) -> str | None:
    """The codec that an HTML ``<meta>`` or an XML declaration in the first KiB names, if Python has it.

    >>> declared_charset(b'<html><head><meta charset="windows-1251">'), declared_charset(b"<p>Kyiv</p>")
    ('cp1251', None)
    >>> declared_charset(b"<?xml version='1.0' encoding='ISO-8859-2'?><a/>")
    'iso8859-2'
    """
    found = _DECLARED.search(data[:1024])
    if found is None:
        return None
    try:
        name = codecs.lookup((found.group(1) or found.group(2)).decode("ascii")).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not valid {encoding} at byte {error.start} ({data[error.start:error.start + 4]!r}); "
            "convert the file to UTF-8"
        ) from None
    if "\x00" in text:
        raise DecodeError("contains NUL characters: this looks like a binary file, not an article")
    return text
