"""The spans of an article that no stage may touch (the stages' context has them).

URLs, e-mail addresses, bare domain names, @handles, #hashtags and code
(Markdown inline code and fenced blocks) keep whatever spelling they have:

>>> text = "See https://kiev.example/Kiev or mail kiev@mail.ua about Kiev"
>>> [text[s:e] for s, e in protected_spans(text)]
['https://kiev.example/Kiev', 'kiev@mail.ua']

A fenced block runs to the first later line of at least as many of the same
fence characters, or to the end of the text when none follows (as in CommonMark):

>>> text = "Kiev\\n```\\nkiev = 1\\n````\\nKiev\\n~~~\\nKiev"
>>> [text[s:e] for s, e in protected_spans(text)]
['```\\nkiev = 1\\n````\\n', '~~~\\nKiev']
"""

from __future__ import annotations

import re
from functools import lru_cache

# Every pattern takes time in proportion to the length of the text, never its square,
# whatever the text (``a.a.a.…``, a megabyte without a space, lines of backticks):
# a match may start only where its run of characters starts (the look-behinds), a
# possessive quantifier never gives back what it took, an inline code span reaches at
# most MAX_CODE_SPAN characters, and fences are found by one pass over the lines.
MAX_CODE_SPAN = 1000
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}+|~{3,}+)[^\n]*(?:\n|\Z)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}+|~{3,}+)[ \t]*(?:\n|\Z)")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_TLD = r"(?:com|org|net|gov|edu|int|info|io|ua|ru|pl|de|fr|es|it|pt|uk|eu|by|md)"
_TOP_LEVEL_DOMAIN = re.compile(rf"\.{_TLD}\b", re.IGNORECASE)
_BRANCHES = {  # name: (pattern, a test that the text may hold a match at all)
    "code": (r"(?<!`)(?P<bt>`++)[^`\n][^\n]{0,%d}?(?<!`)(?P=bt)(?!`)" % MAX_CODE_SPAN, lambda t: "`" in t),
    "url": (r"""(?<![\w+.-])(?:[a-z][a-z0-9+.-]*+://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]""",
            lambda t: "://" in t or "www." in t.lower()),
    "email": (r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+", lambda t: "@" in t),
    "handle": (r"(?<![\w@])[@#][^\W_][\w]*+", lambda t: "@" in t or "#" in t),
    "domain": (rf"""(?<![\w-])(?<![\w-]\.)[\w-]++(?:\.[\w-]++)*\.{_TLD}\b(?:/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}}’”])?""",
               lambda t: _TOP_LEVEL_DOMAIN.search(t) is not None),
}


@lru_cache(maxsize=None)
def _inline(names: tuple[str, ...]) -> re.Pattern:
    """One pattern of the branches ``names``, in their order of priority."""
    return re.compile("|".join(f"(?P<{name}>{_BRANCHES[name][0]})" for name in names), re.IGNORECASE)


def _inline_for(text: str) -> re.Pattern | None:
    """The inline pattern without the branches that cannot match anywhere in ``text`` (same matches, less work)."""
    names = tuple(name for name, (_, may_match) in _BRANCHES.items() if may_match(text))
    return _inline(names) if names else None


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans to leave alone."""
    spans, cursor = [], 0
    inline = _inline_for(text)
    for start, end in [*fenced_blocks(text), (len(text), len(text))]:
        if inline is not None:
            spans += [match.span() for match in inline.finditer(text, cursor, start)]
        if end > start:
            spans.append((start, end))
        cursor = end
    return spans


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of fenced code blocks, in one pass over the lines."""
    if "```" not in text and "~~~" not in text:
        return []
    blocks, fence, start = [], None, 0
    for line in _LINE.finditer(text):
        if fence is None:
            opening = _FENCE_OPEN.fullmatch(line.group())
            if opening:
                fence, start = opening.group(1), line.start()
            continue
        closing = _FENCE_CLOSE.fullmatch(line.group())
        if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
            blocks.append((start, line.end()))
            fence = None
    if fence is not None:
        blocks.append((start, len(text)))
    return blocks
