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

import difflib
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
    """Repair ``text`` line by line; return the result and one change per repaired run of words.

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
                changes += _word_changes(line, fixed, offset, describe(explained.explanation))
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


def _word_changes(before: str, after: str, offset: int, rule: str) -> list[Change]:
    """The changes that turn line ``before`` into ``after``, one per repaired run of words.

    >>> [(c.start, c.before, c.after) for c in _word_changes("Tom &amp; Jerry cafÃ©", "Tom & Jerry café", 10, "r")]
    [(14, '&amp;', '&'), (26, 'cafÃ©', 'café')]
    """
    merged: list[list[int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if merged and not any(char.isspace() for char in before[merged[-1][1]:i1]):
            merged[-1][1], merged[-1][3] = i2, j2  # no space between: one word, one change
        else:
            merged.append([i1, i2, j1, j2])
    changes = []
    for i1, i2, j1, j2 in merged:  # between the blocks the text is equal: widen both sides alike
        while i1 > 0 and not before[i1 - 1].isspace():
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(before) and not before[i2].isspace():
            i2, j2 = i2 + 1, j2 + 1
        changes.append(Change("fix_encoding", rule, offset + i1, offset + i2, before[i1:i2], after[j1:j2]))
    return changes
