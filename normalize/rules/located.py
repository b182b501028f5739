"""Where each string and key of a TOML text is: the line numbers that tomllib does not give,
so that an error in a rules file can name its line."""

from __future__ import annotations

import json
import re


class LocatedStrings:
    """Finds the line of each string (and key) of a TOML text, per ``[[name]]`` table.

    tomllib gives values without positions; errors must still name the line.
    Table ``("", 0)`` is the file's top level, ``("entity", n)`` the n-th ``[[entity]]``.
    """

    # One pass over the text, tokens within a line (line breaks as str.splitlines counts them);
    # a line break is read with what starts the next line: a [[header]], a [table] or a key.
    _BREAK = r"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    _SPACE = rf"[^\S{_BREAK}]*"
    _TOKEN = re.compile(
        rf"""("[^"\\{_BREAK}]*(?:\\[^{_BREAK}][^"\\{_BREAK}]*)*"|'[^'{_BREAK}]*')|#[^{_BREAK}]*"""
        rf"|(\r\n|[{_BREAK}]){_SPACE}(?:\[\[{_SPACE}([A-Za-z_][\w-]*){_SPACE}\]\]|(\[[^\]{_BREAK}]*\])|([A-Za-z_][\w-]*){_SPACE}=|)"
    )

    def __init__(self, text: str):
        self._headers: dict[str, list[int]] = {}
        self._strings: dict[tuple[str, int], dict[str, int]] = {("", 0): {}}
        strings = self._strings[("", 0)]
        number = 0
        for string, line_break, header, table, key in self._TOKEN.findall("\n" + text):
            if string:
                strings.setdefault(_unquote(string) if "\\" in string else string[1:-1], number)
            if not line_break:
                continue  # a string or a comment
            number += 1
            if key:
                strings.setdefault(f"key:{key}", number)
            elif header:
                headers = self._headers.setdefault(header, [])
                headers.append(number)
                strings = self._strings[(header, len(headers))] = {}
            elif table:  # [entity.canonical] belongs to the last [[entity]]; another [table] to the top level
                name = table[1:-1].partition(".")[0].strip()
                strings = self._strings[(name, len(self._headers[name])) if name in self._headers else ("", 0)]

    def header_line(self, name: str, index: int) -> int:
        headers = self._headers.get(name, [])
        return headers[index - 1] if 0 < index <= len(headers) else 1

    def line_of(self, table: tuple[str, int], value: str) -> int | None:
        return self.lines_of(table).get(value)

    def lines_of(self, table: tuple[str, int]) -> dict[str, int]:
        return self._strings.get(table, {})


def _unquote(token: str) -> str:
    if token.startswith("'") or "\\" not in token:  # nothing escaped: no need to decode
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
