"""Two of ftfy's character fixes made precise for correct text: full-width forms (only Latin ones in Latin text) and C1 controls.

ftfy's ``fix_character_width`` makes every full-width form ASCII, and its
``fix_c1_controls`` reads every C1 control character as windows-1252.  Both are
right for the text they were made for (full-width Latin letters typed in Latin
text, windows-1252 text read as latin-1), and wrong elsewhere: Chinese, Japanese
and Korean typography is full-width (``，（）：！？`` and the ideographic space
U+3000), and a stray invisible control is no letter.  So:

* :func:`narrow_latin_runs`: in a text without Chinese, Japanese or Korean
  characters (:func:`has_cjk`), a run of full-width forms that holds a Latin letter
  or a digit, or touches one, becomes ASCII (``ＮＡＴＯ`` -> ``NATO``,
  ``Ningbo，China`` -> ``Ningbo,China``); any other full-width form is kept.
* :func:`read_c1_controls`: a C1 control that windows-1252 reads as punctuation
  or a symbol becomes it (``\\x96`` -> ``–``, as Windows text meant it); one it
  reads as a letter becomes it only when its run of controls touches a letter
  (``\\x8cuvre`` -> ``Œuvre``: so cleaning again changes nothing);
  any other (undefined in windows-1252, or a letter standing alone: ``\\x83”Tak``)
  is an invisible control of unknown purpose and is left as written, never made
  a visible letter.

>>> narrow_latin_runs("ＮＡＴＯ summit"), has_cjk("北京（新华社）ＮＡＴＯ　峰会")
('NATO summit', True)
>>> read_c1_controls("a cold \\x96 and dark \\x83”winter”")
'a cold – and dark \\x83”winter”'
"""

from __future__ import annotations

import re
import unicodedata

FULL_WIDTH = re.compile("[\uff01-\uff5e](?:[\uff01-\uff5e\u3000]*[\uff01-\uff5e])?")
_FULL_WIDTH_LATIN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# The characters of Chinese, Japanese and Korean text: radicals, CJK symbols and punctuation,
# kana, bopomofo, Hangul, ideographs, half-width kana and Hangul, and the supplementary ideographs.
_ASCII_LETTER_OR_DIGIT = re.compile("[0-9A-Za-z]")
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3001-\u303f\u3040-\u31ff\u3200-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff61-\uffdc\U00020000-\U0003134f]"
)
C1_CONTROL = re.compile("[\x80-\x9f]+")


def has_cjk(text: str) -> bool:
    """Has ``text`` a Chinese, Japanese or Korean character (then its full-width forms are its typography)?

    >>> has_cjk("서울（연합뉴스）"), has_cjk("Ｋyiv")
    (True, False)
    """
    return bool(_CJK.search(text))


def narrow_latin_runs(text: str) -> str:
    """``text`` with its full-width Latin letters and digits made ASCII: for text that is not :func:`has_cjk`.

    A run of full-width forms (ideographic spaces inside it included) goes as a whole:
    ``ＡＢＣ！`` -> ``ABC!``; a run without a letter or digit, in it or beside it (``！？``), is kept.

    >>> narrow_latin_runs("Call ＡＢＣ！　ＮＯＷ in Ningbo，China, or ！？")
    'Call ABC! NOW in Ningbo,China, or ！？'
    """
    return FULL_WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()) if _is_latin_run(text, m) else m.group(), text)


def _is_latin_run(text: str, run: re.Match) -> bool:
    """Does the full-width ``run`` hold a Latin letter or digit, or touch an ASCII one?"""
    beside = text[run.start() - 1:run.start()] + text[run.end():run.end() + 1]
    return bool(_FULL_WIDTH_LATIN.search(run.group()) or _ASCII_LETTER_OR_DIGIT.search(beside))


def read_c1_controls(text: str) -> str:
    """``text`` with each C1 control character read as windows-1252 where that is text, else as written.

    >>> read_c1_controls("\\x93Šibenik\\x94 \\x8aa \\x9a\\x8aa \\x8a \\x9d")
    '“Šibenik” Ša šŠa \\x8a \\x9d'
    """
    return C1_CONTROL.sub(lambda run: _c1_as_text(run.group(), _touches_a_letter(text, run)), text)


def reads_a_c1_control(text: str) -> bool:
    """Would :func:`read_c1_controls` change ``text``?  Found without writing the text again (a line of megabytes
    whose C1 controls are all left as written would be copied only to find that out).

    >>> reads_a_c1_control("a \x96 b"), reads_a_c1_control("a \x81 \x83 b"), reads_a_c1_control("ok")
    (True, False, False)
    """
    return any(_c1_as_text(run.group(), _touches_a_letter(text, run)) != run.group() for run in C1_CONTROL.finditer(text))


def _touches_a_letter(text: str, run: re.Match) -> bool:
    return any(char.isalpha() for char in text[run.start() - 1:run.start()] + text[run.end():run.end() + 1])


def _c1_as_text(controls: str, beside_a_letter: bool) -> str:
    """What a run of C1 controls stands for: each its windows-1252 character where that is text, or itself."""
    return "".join(_c1_char(control, beside_a_letter) for control in controls)


def _c1_char(control: str, beside_a_letter: bool) -> str:
    try:
        char = bytes([ord(control)]).decode("cp1252")
    except UnicodeDecodeError:
        return control  # undefined in windows-1252
    category = unicodedata.category(char)
    return char if category[0] == "P" or category in ("Sc", "So") or beside_a_letter else control
