"""The decode stage's judge: how unlikely a text is to be real writing rather than a wrong decoding of its bytes.

Decoding the same bytes with the wrong code page gives text that no one writes:
letters of two scripts inside one word, letter pairs that no language has, and
symbols where letters should be.  :func:`implausibility` scores that, in nats
(negative log-likelihood), from two signals:

- a character bigram model of the most likely language, built from the n-gram
  profiles that langdetect ships for 55 languages (nothing is downloaded);
- ftfy's ``badness``: sequences typical of mojibake (``Ã©``, ``â€™``).

Only lines with a non-ASCII character are scored (the rest reads the same in
every candidate decoding), up to ``SAMPLE_CHARS`` of them; their ASCII words
stay in, because they say which language the other words must belong to.

>>> implausibility("Už týdny cloumá českou veřejností") < implausibility("Uľ t˝dny cloum· Ëeskou ve¯ejnostÌ")
True
>>> implausibility("Plain ASCII scores nothing")
0.0
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import numpy as np
from ftfy.badness import badness
from langdetect.utils.ngram import NGram

from normalize.stages.profiles import ngram_probabilities
from normalize.text import script_of

SAMPLE_CHARS = 4_000  # enough to tell code pages apart; keeps big files fast
SWITCH_COST = 10.0  # nats for a word from another language than the text's
CJK_COST = math.log(500)  # nats per CJK character: about what a character of Chinese or Japanese carries
MIXED_SCRIPT_COST = 20.0  # nats for a word written in two scripts
BADNESS_COST = 5.0  # nats per mojibake-like sequence that ftfy finds
UNSEEN = 1e-6  # probability of an n-gram a language's profile has never seen
BIGRAM_WEIGHT = 0.7  # interpolation of P(b | a) with P(b)
SYMBOL_COST = {True: -math.log(1e-2), False: -math.log(1e-6)}  # common typography or not
COMMON_SYMBOLS = frozenset("“”‘’‚„–—…«»‹›•·°€£¥§©®™±×÷¶†‡¿¡\u00a0")

# Han, kana, Hangul and CJK punctuation: langdetect's profiles fold each script into a few classes, so they
# say nothing about which CJK decoding is right; each such character costs the same.
CJK = re.compile("[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)).startswith("M"))
_LETTERS_AND_MARKS = re.compile(f"(?:[^\\W\\d_]|[{_MARKS}])+")  # a run of letters with their combining marks


def implausibility(text: str, limit: float = math.inf) -> float:
    """Nats of evidence that ``text`` is not real writing; 0.0 for plain ASCII.

    Past ``limit`` already without the language model, the text is not scored further:
    the result is then only a lower bound.
    """
    if text.isascii():
        return 0.0
    sample = unicodedata.normalize("NFC", _non_ascii_lines(text))
    cost = CJK_COST * len(CJK.findall(sample)) + BADNESS_COST * badness(sample) + sum(
        count * SYMBOL_COST[char in COMMON_SYMBOLS]
        for char, count in Counter(sample).items()
        if not char.isascii() and unicodedata.category(char)[0] not in "LMZ" and not CJK.match(char)
    )
    if cost > limit:
        return cost
    return cost + _language_cost(_LETTERS_AND_MARKS.findall(CJK.sub(" ", sample.lower())))


def _non_ascii_lines(text: str) -> str:
    """The lines of ``text`` that are not plain ASCII, up to ``SAMPLE_CHARS``."""
    lines, size = [], 0
    for line in text.split("\n"):
        if not line.isascii():
            lines.append(line[:SAMPLE_CHARS - size])
            size += len(lines[-1])
            if size >= SAMPLE_CHARS:
                break
    return "\n".join(lines)


def _language_cost(words: list[str]) -> float:
    """Negative log-likelihood of ``words`` in the language that fits them best.

    A word may come from another language (a name, a quote, markup) at a cost of
    ``SWITCH_COST``: that keeps English tags from outweighing the Hebrew they frame,
    while a word that fits no language at all (mojibake) stays expensive.
    """
    counted = Counter(words)
    if not counted:
        return 0.0
    costs = np.array([_word_costs(word) for word in counted])  # words x languages
    counts = np.fromiter(counted.values(), dtype=np.float64, count=len(counted))
    capped = np.minimum(costs, costs.min(axis=1, keepdims=True) + SWITCH_COST)
    return float((counts @ capped).min())


@lru_cache(maxsize=1 << 16)
def _word_costs(word: str) -> np.ndarray:
    """For each language: -log P(word) by its first letter and its letter bigrams.

    Letters of two scripts in one word (``tЮo``) are what a wrong code page makes.
    """
    mixed = MIXED_SCRIPT_COST if len(set(map(script_of, word))) > 1 else 0.0
    word = "".join(map(NGram.normalize, word))
    return sum((_gram_costs(word[i:i + 2]) for i in range(len(word) - 1)), _gram_costs(word[0])) + mixed


@lru_cache(maxsize=1 << 16)
def _gram_costs(gram: str) -> np.ndarray:
    """For each language: -log P(first letter) or -log P(b | a), interpolated with P(b)."""
    pair, first, second = (ngram_probabilities(g) for g in (gram, gram[0], gram[-1]))
    if len(gram) == 1:
        return -np.log(first + UNSEEN)
    conditional = np.divide(pair, first, out=np.zeros_like(pair), where=first > 0).clip(max=1.0)
    return -np.log(BIGRAM_WEIGHT * conditional + (1 - BIGRAM_WEIGHT) * second + UNSEEN)
