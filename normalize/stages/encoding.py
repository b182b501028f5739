"""Stage 2: repair mojibake and broken Unicode with ftfy, keeping correct typography.

Curly quotes, apostrophes and dashes are right in news text, so ``uncurl_quotes``
is off; line endings are the author's, so ``fix_line_breaks`` is off.  Everything
else is ftfy's default, ending in Unicode NFC.

>>> fix_encoding("â€œKyivâ€\\x9d is â€˜rightâ€™")[0]
'“Kyiv” is ‘right’'
"""

from __future__ import annotations

import re

import ftfy

from normalize.changes import Change

FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_NEEDS_NO_FIX = re.compile(r"[\t\n\r\x20-\x25\x27-\x7e]*")  # printable ASCII without '&'


def fix_encoding(text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG) -> tuple[str, list[Change]]:
    """Repair ``text`` line by line; return the result and one change per repaired line."""
    if _NEEDS_NO_FIX.fullmatch(text):
        return text, []
    pieces, changes, offset = [], [], 0
    for match in _LINES.finditer(text):
        line = fixed = match.group()
        if not _NEEDS_NO_FIX.fullmatch(line):
            explained = ftfy.fix_and_explain(line, config)
            fixed = explained.text
            if fixed != line:
                changes.append(_trimmed_change(line, fixed, offset, _describe(explained.explanation)))
        pieces.append(fixed)
        offset += len(line)
    return "".join(pieces), changes


def _describe(explanation) -> str:
    steps = [f"{action}:{parameter}" for action, parameter in explanation or []]
    return "ftfy " + ", ".join(steps) if steps else "ftfy"


def _trimmed_change(before: str, after: str, offset: int, rule: str) -> Change:
    """The smallest change that turns ``before`` into ``after``: common ends trimmed."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    return Change(
        "fix_encoding", rule, offset + prefix, offset + len(before) - suffix,
        before[prefix:len(before) - suffix], after[prefix:len(after) - suffix],
    )
