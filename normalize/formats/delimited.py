"""CSV and TSV: the fields of the prose columns are cleaned, every byte of the rest kept.

The first row names the columns; ``Config.prose_fields`` says which hold prose
and ``Config.language_fields`` which states a row's language.  The dialect is
detected (the delimiter of ``.tsv`` is a tab); quoting is preserved because only
the characters inside a field that changed are rewritten, a quote doubled.

>>> document = read('url,title,lang\\nhttps://x/Kiev,"Kiev, the capital",en\\n', Config(), "csv")
>>> [(s.text, s.field, s.record, s.language) for s in document.segments]
[('Kiev, the capital', 'title', 2, 'en')]
"""

from __future__ import annotations

import csv
import io
import sys
from array import array
from dataclasses import dataclass

from normalize.config import Config
from normalize.formats.segments import Document, FormatError, Segment, language_code

# An article is bounded by Config.max_bytes already; the csv module's own limit of
# 128 KiB per field would fail (with csv.Error) a long article body held in one cell.
csv.field_size_limit(2**31 - 1)

_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Field:
    start: int
    end: int
    value: str
    quoted: bool
    offsets: array | None


def read(text: str, config: Config, format_name: str) -> Document:
    """The prose fields of every row after the header."""
    delimiter = _delimiter(text, format_name)
    rows = _rows(text, delimiter)
    _check_against_csv_module(text, delimiter, rows)
    document = Document()
    if not rows:
        return document
    header = [field.value.strip().casefold() for field in rows[0][1]]
    prose = {i for i, name in enumerate(header) if name in {f.casefold() for f in config.prose_fields}}
    stating = [i for i, name in enumerate(header) if name in {f.casefold() for f in config.language_fields}]
    for line, fields in rows[1:]:
        language = next((language_code(fields[i].value) for i in stating
                         if i < len(fields) and language_code(fields[i].value)), None)
        for i in sorted(prose):
            if i < len(fields) and fields[i].value.strip():
                field = fields[i]
                escape = _double_quotes if field.quoted else str
                document.segments.append(
                    Segment(field.start, field.end, field.value, field.offsets, escape, line, rows[0][1][i].value, language))
    return document


def same_structure(before: str, after: str, config: Config, format_name: str) -> bool:
    """The same number of rows, each with the same number of fields, as Python's csv module reads them."""
    delimiter = _delimiter(before, format_name)
    return [len(fields) for _, fields in _rows(before, delimiter)] == [len(fields) for _, fields in _rows(after, delimiter)]


def _double_quotes(text: str) -> str:
    return text.replace('"', '""')


def _delimiter(text: str, format_name: str) -> str:
    """Tab for TSV; for CSV the delimiter the sniffer finds in the first rows, else a comma."""
    if format_name == "tsv":
        return "\t"
    sample = text[:_SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample[:sample.rfind("\n") + 1] or sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _rows(text: str, delimiter: str) -> list[tuple[int, list[Field]]]:
    """Every row with the line it starts on and its fields' positions (RFC 4180 quoting)."""
    rows, i, line, n = [], 0, 1, len(text)
    while i < n:
        row_line, fields = line, []
        if text[i] in "\r\n":  # an empty line: no fields
            i += 2 if text.startswith("\r\n", i) else 1
            line += 1
            continue
        while True:
            if i < n and text[i] == '"':
                start, offsets, values, j = i + 1, array("q"), [], i + 1  # eight bytes a character
                while True:
                    k = text.find('"', j)
                    if k < 0:
                        raise FormatError(f"line {row_line}: a quoted field is never closed")
                    offsets += array("q", range(j - start, k - start))
                    values.append(text[j:k])
                    if text.startswith('""', k):
                        offsets.append(k - start)
                        values.append('"')
                        j = k + 2
                        continue
                    break
                value = "".join(values)
                line += value.count("\n") + value.count("\r") - value.count("\r\n")
                offsets.append(k - start)
                fields.append(Field(start, k, value, True, offsets))
                i = k + 1
                if i < n and text[i] not in delimiter + "\r\n":
                    raise FormatError(f"line {line}: characters after the closing quote of a field")
            else:
                j = i
                while j < n and text[j] not in delimiter + "\r\n":
                    j += 1
                fields.append(Field(i, j, text[i:j], False, None))
                i = j
            if i < n and text[i] == delimiter:
                i += 1
                continue
            break
        if i < n:
            i += 2 if text.startswith("\r\n", i) else 1
            line += 1
        rows.append((row_line, fields))
    return rows


def _check_against_csv_module(text: str, delimiter: str, rows) -> None:
    """Our positions must give exactly the fields Python's csv module reads, or we touch nothing."""
    limit = csv.field_size_limit(sys.maxsize)  # an article body may be longer than the default 128 KiB
    try:
        expected = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise FormatError(f"not valid CSV: {error}") from None
    finally:
        csv.field_size_limit(limit)
    found = [[field.value for field in fields] for _, fields in rows]
    if [row for row in expected if row] != found:
        raise FormatError("the CSV fields could not be located exactly; the file was left as it was")
