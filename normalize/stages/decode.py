"""Stage 1: bytes to text.

>>> decode_bytes("Kyiv".encode("utf-8-sig")).encoding
'utf-8-sig'
"""

from __future__ import annotations

import codecs
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


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article: a byte-order mark first, then strict UTF-8."""
    for bom, encoding in _BOMS:  # UTF-32 LE starts with the UTF-16 LE mark: longest first
        if data.startswith(bom):
            return Decoded(_strict(data, encoding), encoding, "bom", 1.0)
    return Decoded(_strict(data, "utf-8"), "utf-8", "utf-8", 1.0)


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
