"""Stage 4: find the spans of an article that no stage may touch.

URLs, e-mail addresses, bare domain names, @handles, #hashtags and code
(Markdown inline code and fenced blocks) keep whatever spelling they have:

>>> text = "See https://kiev.example/Kiev or mail kiev@mail.ua about Kiev"
>>> [text[s:e] for s, e in protected_spans(text)]
['https://kiev.example/Kiev', 'kiev@mail.ua']
"""

from __future__ import annotations

import re

_PROTECTED = re.compile(
    r"""
      (?P<fence>^[ \t]*(?P<ticks>```+|~~~+)[^\n]*\n(?:.*?\n)??[ \t]*(?P=ticks)[ \t]*(?:\n|\Z))
    | (?P<code>(?P<bt>`+)[^`\n][^\n]*?(?P=bt))
    | (?P<url>\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”])
    | (?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<handle>(?<![\w@])[@#][^\W_][\w]*)
    | (?P<domain>\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|info|io|ua|ru|pl|de|fr|es|it|pt|uk|eu|by|md)\b(?:/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”])?)
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE | re.DOTALL,
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans to leave alone."""
    return [match.span() for match in _PROTECTED.finditer(text)]
