"""Stage 2: repair mojibake and broken Unicode with ftfy, keeping correct typography.

Curly quotes, apostrophes and dashes are right in news text, so ``uncurl_quotes``
is off; line endings are the author's, so ``fix_line_breaks`` is off.  Everything
else is ftfy's default, ending in Unicode NFC: mojibake and text encoded twice,
HTML entities in plain text, C1 and other control characters, terminal escapes,
broken surrogates, ligatures and full-width Latin letters.

>>> fix_encoding("â€œKyivâ€\\x9d is â€˜rightâ€™")[0]
'“Kyiv” is ‘right’'

Code and URLs (the spans :func:`~normalize.stages.protect.protected_spans` finds)
are repaired too, but a line whose code or URL holds an HTML entity keeps its
entities as written: ``&amp;`` in a code sample or a query string is what its
author meant.

>>> fix_encoding("Tom &amp; Jerry\\n`a &amp;&amp; b` is code")[0]
'Tom & Jerry\\n`a &amp;&amp; b` is code'
"""

from __future__ import annotations

import re

import ftfy

from normalize.changes import Change
from normalize.stages.protect import protected_spans

FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization="NFC")
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_NEEDS_NO_FIX = re.compile(r"[\t\n\r\x20-\x25\x27-\x7e]*")  # printable ASCII without '&'

# What each of ftfy's steps means, for the record of changes and `normalize explain`.
_STEPS = {
    "unescape_html": "an HTML entity in plain text became its character",
    "remove_terminal_escapes": "terminal colour codes removed",
    "restore_byte_a0": "a non-breaking space lost in mojibake restored",
    "replace_lossy_sequences": "mojibake whose bytes were partly lost repaired",
    "decode_inconsistent_utf8": "mojibake inside otherwise correct text repaired",
    "fix_c1_controls": "a C1 control character read as its windows-1252 character",
    "fix_latin_ligatures": "a typographic ligature split into letters",
    "fix_character_width": "full-width letters made normal width",
    "fix_surrogates": "UTF-16 surrogates joined into one character",
    "remove_control_chars": "invisible control characters removed",
    "NFC": "Unicode normalised to NFC (composed characters)",
}


def fix_encoding(
    text: str, config: ftfy.TextFixerConfig = FTFY_CONFIG, protected: list[tuple[int, int]] | None = None
) -> tuple[str, list[Change]]:
    """Repair ``text`` line by line; return the result and one change per repaired line.

    ``protected`` spans (default: code and URLs found in ``text``) keep their HTML entities.
    """
    if _NEEDS_NO_FIX.fullmatch(text):
        return text, []
    if protected is None:
        protected = protected_spans(text)
    literal = config._replace(unescape_html=False)
    entities = [(start, end) for start, end in protected if "&" in text[start:end]]
    pieces, changes, offset = [], [], 0
    for match in _LINES.finditer(text):
        line = fixed = match.group()
        if not _NEEDS_NO_FIX.fullmatch(line):
            keep_entities = any(start < match.end() and match.start() < end for start, end in entities)
            explained = ftfy.fix_and_explain(line, literal if keep_entities else config)
            fixed = explained.text
            if fixed != line:
                changes.append(_trimmed_change(line, fixed, offset, describe(explained.explanation)))
        pieces.append(fixed)
        offset += len(line)
    return "".join(pieces), changes


def describe(explanation) -> str:
    """ftfy's plan of steps in words: what was wrong and what was done.

    >>> describe([("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
    'ftfy: mojibake: UTF-8 text that had been read as sloppy-windows-1252, decoded again'
    """
    steps, plan = [], list(explanation or [])
    for i, (action, parameter) in enumerate(plan):
        if action == "encode":
            following = plan[i + 1][1] if i + 1 < len(plan) and plan[i + 1][0] == "decode" else "?"
            steps.append(f"mojibake: {following.upper() if following == 'utf-8' else following} text "
                         f"that had been read as {parameter}, decoded again")
        elif action != "decode":
            steps.append(_STEPS.get(parameter, f"{action} {parameter}"))
    return "ftfy: " + "; ".join(steps) if steps else "ftfy"


def _trimmed_change(before: str, after: str, offset: int, rule: str) -> Change:
    """The change that turns ``before`` into ``after``: common ends trimmed, to whole words.

    >>> change = _trimmed_change("Tom &amp; Jerry", "Tom & Jerry", 10, "r")
    >>> change.start, change.end, change.before, change.after
    (14, 19, '&amp;', '&')
    """
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    while prefix > 0 and not before[prefix - 1].isspace():
        prefix -= 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    while suffix > 0 and not before[len(before) - suffix].isspace():
        suffix -= 1
    return Change(
        "fix_encoding", rule, offset + prefix, offset + len(before) - suffix,
        before[prefix:len(before) - suffix], after[prefix:len(after) - suffix],
    )
