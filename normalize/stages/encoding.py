"""Repair mojibake and broken Unicode with ftfy, keeping correct text as written (for the repair stage and the rules' checks).

Curly quotes, apostrophes and dashes are right in news text, so ``uncurl_quotes``
is off; line endings are the author's, so ``fix_line_breaks`` is off.  HTML
entities are left as written (``unescape_html`` off): an HTML or XML reader has
decoded them once already, a Markdown entity is Markdown, and in plain text
``&amp;gt;`` may be what the author wrote; unescaping it once would not be stable
(cleaning again would unescape again) and ftfy unescapes until nothing is left.
Full-width forms and C1 controls are :mod:`normalize.stages.characters`'s, not
ftfy's.  Everything else is ftfy's default, ending in Unicode NFC: mojibake and
text encoded twice, other control characters, terminal escapes, broken surrogates
and ligatures.

>>> fix_encoding("â€œKyivâ€\\x9d is â€˜rightâ€™")[0]
'“Kyiv” is ‘right’'
>>> fix_encoding("Tom &amp;gt; Jerry; ＮＡＴＯ \\x96 ok")[0], fix_encoding("東京（共同）ＮＡＴＯ")[0]
('Tom &amp;gt; Jerry; NATO – ok', '東京（共同）ＮＡＴＯ')
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from itertools import zip_longest
from typing import Iterable

import ftfy
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from normalize.changes import Change
from normalize.stages.characters import (
    C1_CONTROL, FULL_WIDTH, has_cjk, narrow_latin_runs, read_c1_controls, reads_a_c1_control,
)

STAGE = "fix_encoding"  # the stage of its changes
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_line_breaks=False, fix_character_width=False,
    fix_c1_controls=False, normalization="NFC",
)
# ftfy's last resort for a line of Latin-1 with C1 controls: all of them read as windows-1252 (``\x83`` -> ``ƒ``).
_C1_AS_WINDOWS_1252 = (("encode", "latin-1"), ("decode", "windows-1252"))
_NO_C1_GUESS = FTFY_CONFIG._replace(fix_encoding=False)
_MAX_PASSES = 8  # of ftfy and our steps over one line; each pass that changes it repairs something more
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_WORDS = re.compile(r"\s+|\S+")
_SPACE = re.compile(r"\s")
_NEEDS_NO_FIX = re.compile(r"[\t\n\r\x20-\x7e]*")  # printable ASCII

# What each of ftfy's steps means, for the record of changes and `normalize explain`.
_STEPS = {
    "remove_terminal_escapes": "terminal colour codes removed",
    "restore_byte_a0": "a non-breaking space lost in mojibake restored",
    "replace_lossy_sequences": "mojibake whose bytes were partly lost repaired",
    "decode_inconsistent_utf8": "mojibake inside otherwise correct text repaired",
    "read_c1_controls": "a C1 control character read as its windows-1252 character",
    "fix_latin_ligatures": "a typographic ligature split into letters",
    "narrow_latin_runs": "full-width Latin letters and digits in text that is not Chinese, Japanese or Korean made ASCII",
    "fix_surrogates": "UTF-16 surrogates joined into one character",
    "remove_control_chars": "invisible control characters removed",
    "NFC": "Unicode normalised to NFC (composed characters)",
}


def fix_encoding(text: str, cjk: bool = False) -> tuple[str, list[Change]]:
    """Repair ``text`` line by line; return the result and one change per repaired run of words.

    Full-width forms are kept when ``text`` is Chinese, Japanese or Korean: when it has
    a character of theirs, or ``cjk`` says so (a headline of a Chinese feed, ``XMAS！``).
    Lines that none of ftfy's steps would change are not given to ftfy at all, and a text
    that no step may change anywhere (:func:`_no_line_to_repair`) is not cut into lines.
    """
    if _no_line_to_repair(text):
        return text, []
    narrow = (lambda line: line) if cjk or has_cjk(text) else narrow_latin_runs
    steps = (("narrow_latin_runs", narrow, FULL_WIDTH.search), ("read_c1_controls", read_c1_controls, reads_a_c1_control))
    pieces, changes, offset = [], [], 0
    for match in _LINES.finditer(text):
        line = match.group()
        fixed, plan = _repair_line(line, steps)
        if fixed != line:
            changes += _word_changes(line, fixed, offset, plan_in_words(plan))
        pieces.append(fixed)
        offset += len(line)
    return "".join(pieces), changes


def _repair_line(line: str, steps) -> tuple[str, list[tuple[str, str]]]:
    """ftfy, then our own ``steps`` (name, function, whether it may change a text), until nothing changes
    (as ftfy itself repeats its steps): cleaning the result again changes nothing.

    A pass whose ftfy (with :data:`FTFY_CONFIG`) left a text that none of ``steps`` changes is the last
    when that text is :func:`ftfy_settled_by`: the pass after would change nothing and explain nothing.  It
    is not run: on a line of a whole article it would be ftfy's badness measure and its steps once more
    over megabytes, to find what is known.
    """
    plan: list[tuple[str, str]] = []
    for _ in range(_MAX_PASSES):
        fixed, ftfy_settled = line, False
        if not ftfy_leaves_alone(line):
            explained = ftfy.fix_and_explain(line, FTFY_CONFIG)
            if _C1_AS_WINDOWS_1252 in zip(explained.explanation or [], (explained.explanation or [])[1:]):
                explained = ftfy.fix_and_explain(line, _NO_C1_GUESS)  # C1 controls are read_c1_controls's
            else:
                ftfy_settled = ftfy_settled_by(explained.text)
            fixed, plan = explained.text, [*plan, *(explained.explanation or [])]
        for name, step, may_change in steps:
            if may_change(fixed) and (stepped := step(fixed)) != fixed:
                fixed, plan, ftfy_settled = stepped, [*plan, ("apply", name)], False
        if fixed == line or ftfy_settled:
            return fixed, plan
        line = fixed
    return line, plan


def ftfy_settled_by(fixed: str) -> bool:
    """Would ftfy (with :data:`FTFY_CONFIG`), given ``fixed``, the text it has just returned, return it again
    with no step explained?  It returns a text that its steps leave as it is (it repeats them until they do),
    but a step may explain itself and give the same text back: mojibake with lost bytes, encoded and decoded
    again, is U+FFFD again.  Without U+FFFD (and without a character that one of its other steps rewrites,
    :data:`_SETTLED_NOT`), each of its steps that explains itself changes the text (a decoding of mojibake
    makes it shorter), and a text that no step changes has nothing explained.  A C1 control may stay: with
    ``fix_c1_controls`` off, ftfy reads one only in a decoding of the whole line, which changes it.

    >>> ftfy_settled_by("Kyiv’s “mojibake” Ã left \\x83"), ftfy_settled_by("lost \\ufffd"), ftfy_settled_by("\\x1b[0m")
    (True, False, False)
    """
    return not _SETTLED_NOT.search(fixed)


def _no_line_to_repair(text: str) -> bool:
    """Is every line of ``text`` one that :func:`_repair_line` leaves alone at its first look?  So when the
    whole text is printable ASCII, or has nothing that ftfy's steps rewrite, nothing its badness measure
    looks at, no character of our own steps, and is NFC (as each line then is: a line break never
    composes with a neighbour).  Three or four scans in C of the text instead of as many of each line.

    >>> _no_line_to_repair("Президент сьогодні\\nKyiv"), _no_line_to_repair("Cafe\u0301\\nKyiv"), _no_line_to_repair("ＫＹＩＶ")
    (True, False, False)
    """
    return bool(
        _NEEDS_NO_FIX.fullmatch(text)
        or not _REWRITTEN.search(text)
        and not _MAY_BE_MOJIBAKE.search(text)
        and not FULL_WIDTH.search(text)
        and not C1_CONTROL.search(text)
        and unicodedata.is_normalized("NFC", text)
    )


def ftfy_leaves_alone(line: str) -> bool:
    """Would ftfy (with :data:`FTFY_CONFIG`) return ``line`` unchanged?  Three passes in C
    instead of ftfy's dozen: no character any of its steps rewrites, already NFC, and
    nothing ftfy's own badness measure takes for mojibake (its first test in fix_encoding).

    >>> ftfy_leaves_alone("Президент Зеленський «сьогодні»"), ftfy_leaves_alone("РџСЂРµР·РёРґРµРЅС‚")
    (True, False)
    >>> ftfy_leaves_alone("Tom &amp; Jerry"), ftfy_leaves_alone("ﬁne"), ftfy_leaves_alone("Cafe\u0301")
    (True, False, False)
    """
    return bool(
        _NEEDS_NO_FIX.fullmatch(line)
        or not _REWRITTEN.search(line)
        and unicodedata.is_normalized("NFC", line)
        and not (_MAY_BE_MOJIBAKE.search(line) and is_bad(line))
    )


def _character_class(codes: Iterable[int]) -> str:
    """A regular-expression class of the code points ``codes``, in ranges.

    >>> print(_character_class(map(ord, "xbca")))
    [a-cx]
    """
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges) + "]"


# Every character that one of ftfy's steps (as configured) other than fix_encoding rewrites:
# terminal escapes, surrogates, ligatures, control characters; and C1 controls, often mojibake.
_REWRITTEN = re.compile(_character_class([
    0x1B, *range(0x80, 0xA0), *range(0xD800, 0xE000), *LIGATURES, *CONTROL_CHARS,
]))


# What ftfy may give back as it is with a step explained (U+FFFD), or rewrites (so should not give back).
_SETTLED_NOT = re.compile(_character_class([
    0x1B, *range(0xD800, 0xE000), *LIGATURES, *CONTROL_CHARS, 0xFFFD,
]))


# ftfy's is_bad is one regular expression of some forty alternatives, tried at every
# character; each alternative needs one of these characters (the rarer of its classes),
# so a line without any cannot be bad, and one search for them saves most of the cost.
_MAY_BE_MOJIBAKE = re.compile("[" + "".join(MOJIBAKE_CATEGORIES[category] for category in (
    "c1", "bad", "upper_accented", "box", "start_punctuation", "end_punctuation", "currency", "numeric", "law",
)) + "ŒœÂÃÎÐ°×ØÙ²µ¹¼½¾√≈‚ЂΒΓΞΟ€]")


def plan_in_words(explanation) -> str:
    """ftfy's plan of steps in words: what was wrong and what was done.

    >>> plan_in_words([("encode", "sloppy-windows-1252"), ("decode", "utf-8")])
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

    A repair rarely moves a space, so the lines are compared word by word, in one
    pass; where a space was gained or lost, the change runs from the first word that
    differs to the last.  The words are read as they are compared, never listed: a line
    may be a whole article of megabytes.

    >>> [(c.start, c.before, c.after) for c in _word_changes("Tom &amp; Jerry cafÃ©", "Tom & Jerry café", 10, "r")]
    [(14, '&amp;', '&'), (26, 'cafÃ©', 'café')]
    >>> [(c.before, c.after) for c in _word_changes("a Â b", "a \\xa0b", 0, "r")]
    [(' Â ', ' \\xa0')]
    """
    runs = _changed_runs(before, after)
    if runs is None:
        runs = array("q", _changed_middle(before, after))
    return [Change(STAGE, rule, offset + runs[i], offset + runs[i + 1], before[runs[i]:runs[i + 1]],
                   after[runs[i + 2]:runs[i + 3]]) for i in range(0, len(runs), 4)]


def _changed_runs(before: str, after: str) -> array | None:
    """The runs of words that differ between two lines, four numbers each (start, end, start after, end after:
    in characters), words with no space between them one run; None if the lines have not as many words.
    The runs are an array of numbers, not of tuples: where a space was gained, every word after it differs.

    The words are compared one by one only around a difference: up to the word that holds the next character
    that differs, the lines are alike (:func:`_alike_start`), and so are their words.  A line of a megabyte
    with a few repairs costs a few comparisons of its pieces, not one of each of its words.

    >>> list(_changed_runs("a bX cY d", "a bx cy d")), _changed_runs("a b", "a  b c")
    ([2, 4, 2, 4, 5, 7, 5, 7], None)
    """
    runs = array("q")
    spaced = True  # a space between the last run and this word
    at, at_after = 0, 0  # where the next two words to compare start
    while True:
        at, at_after, skipped_space = _past_words_alike(before, at, after, at_after)
        spaced = spaced or skipped_space
        for word, new in zip_longest(_WORDS.finditer(before, at), _WORDS.finditer(after, at_after)):
            if word is None or new is None:
                return None
            if word.group() == new.group():
                if not word.group().isspace():  # two words alike: the lines may be alike from here on
                    at, at_after = word.end(), new.end()
                    break
                spaced = True
            elif runs and not spaced:
                runs[-3], runs[-1] = word.end(), new.end()  # no space between: one word, one change
            else:
                runs.extend((word.start(), word.end(), new.start(), new.end()))
                spaced = False
        else:
            return runs


def _past_words_alike(a: str, a_start: int, b: str, b_start: int) -> tuple[int, int, bool]:
    """Where the words of ``a[a_start:]`` and ``b[b_start:]`` (both starting a word) may first differ, in each:
    the start of the word that holds the last character they begin with alike (:func:`_alike_start`), as the
    words before it are the same in both; and whether one of those is spaces.

    >>> _past_words_alike("ab " * 30 + "x", 0, "ab " * 30 + "y", 0), _past_words_alike("ab" * 40, 0, "ab" * 40 + "c", 0)
    ((89, 89, True), (0, 0, False))
    """
    alike = _alike_start(a, a_start, b, b_start)
    if not alike:
        return a_start, b_start, False
    start = _word_start(a, a_start + alike - 1, a_start)
    return start, b_start + start - a_start, _SPACE.search(a, a_start, start) is not None


def _word_start(text: str, at: int, start: int) -> int:
    """Where the word (a run of spaces or of other characters) that holds ``text[at]`` starts, not before ``start``.

    >>> _word_start("ab  cd", 5, 0), _word_start("ab  cd", 3, 0), _word_start("ab  cd", 5, 5)
    (4, 2, 5)
    """
    space = text[at].isspace()
    while at > start and text[at - 1].isspace() == space:  # as \s reads a character
        at -= 1
    return at


def _changed_middle(before: str, after: str) -> list[int]:
    """From the first word that differs to the last, in both lines: ``[start, end, start after, end after]``.

    >>> _changed_middle("a  b c", "a b  c")
    [1, 5, 1, 5]
    """
    head, head_after = _common_words_end(before, after)
    tail = _common_words_tail(before, head, after, head_after)
    return [head, len(before) - tail, head_after, len(after) - tail]


def _common_words_end(a: str, b: str) -> tuple[int, int]:
    """Where the words ``a`` and ``b`` start with end, in each (the ends of the last they share), compared
    one by one only from the word that holds the last character they begin with alike.

    >>> _common_words_end("x y z", "x y q")
    (4, 4)
    """
    start, _, _ = _past_words_alike(a, 0, b, 0)
    ends = (start, start)
    for word, other in zip(_WORDS.finditer(a, start), _WORDS.finditer(b, start)):
        if word.group() != other.group():
            break
        ends = (word.end(), other.end())
    return ends


_PIECE = 1 << 16  # characters compared at once, from the end
_NEAR = 64  # characters within which two lines that differ are compared word by word
_AHEAD = 1 << 12  # characters compared at once, from the start: two copies of them at a time, however long the line


def _common_words_tail(a: str, a_start: int, b: str, b_start: int) -> int:
    """How long the words are that ``a[a_start:]`` and ``b[b_start:]`` end with (whole words, the same in both):
    the characters they end with alike, back to where a word (a run of spaces or of other characters) starts in
    both.  Read from the end, a piece at a time: neither line is copied or reversed (a line of megabytes).

    >>> _common_words_tail("x yz q", 0, "x  z q", 0), _common_words_tail("a b", 0, "a  b", 0)
    (2, 1)
    """
    common = _common_end(a, a_start, b, b_start)
    if common == 0 or _starts_word(a, len(a) - common, a_start) and _starts_word(b, len(b) - common, b_start):
        return common
    return len(a) - _WORDS.match(a, len(a) - common).end()  # the word cut by the common end is not shared


def _starts_word(text: str, at: int, start: int) -> bool:
    return at == start or text[at - 1].isspace() != text[at].isspace()  # as \s reads a character


def _alike_start(a: str, a_start: int, b: str, b_start: int) -> int:
    """How many characters ``a[a_start:]`` and ``b[b_start:]`` begin with alike; 0 if they differ within
    the first :data:`_NEAR` (comparing words there is as quick).  Compared a piece at a time, each twice
    the last (to :data:`_AHEAD`), one that differs halved until one character: a difference far costs
    a few long comparisons.

    >>> _alike_start("a" * 100, 0, "a" * 99 + "b", 0), _alike_start("abcd", 0, "abcx", 0), _alike_start("ab", 0, "ab", 0)
    (99, 0, 2)
    """
    limit = min(len(a) - a_start, len(b) - b_start)
    common = min(_NEAR, limit)
    if a[a_start:a_start + common] != b[b_start:b_start + common]:
        return 0
    size = min(2 * common, _AHEAD)
    while common < limit:
        size = min(size, limit - common)
        if a[a_start + common:a_start + common + size] == b[b_start + common:b_start + common + size]:
            common, size = common + size, min(2 * size, _AHEAD)
        elif size == 1:
            return common
        else:
            size //= 2
    return common


def _common_end(a: str, a_start: int, b: str, b_start: int) -> int:
    """How many characters ``a[a_start:]`` and ``b[b_start:]`` end with alike.

    >>> _common_end("abcd", 0, "xbcd", 1)
    3
    """
    limit, common = min(len(a) - a_start, len(b) - b_start), 0
    while common < limit:
        size = min(_PIECE, limit - common)
        piece, other = a[len(a) - common - size:len(a) - common], b[len(b) - common - size:len(b) - common]
        if piece != other:
            return common + next(i for i, (x, y) in enumerate(zip(reversed(piece), reversed(other))) if x != y)
        common += size
    return common
