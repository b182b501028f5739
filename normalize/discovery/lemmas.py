"""The lemmas a language's lexicon gives a word: what tells forms of one word, and two known words, from spellings of a name.

Two forms with a lemma in common are forms of one word (Russian ``Германии``/``Германию``,
German ``Mutter``/``Mütter``, Polish ``Zagłosowałam``/``Zagłosowałem``), not two spellings;
two forms the lexicon knows under different lemmas are two words (``Forderung``/``Förderung``).
Each language is asked of its lexicon, all shipped in their packages (nothing is downloaded):

- ru: pymorphy3's dictionary, parses it knows (not guesses), their normal forms;
- pl: Morfeusz 2 (SGJP), the lemmas of its analyses (without the homonym mark after ``:``);
- en, de, fr, es, pt, it, uk: simplemma, the lemma of a word it knows (as written or in lower case).
  pymorphy3's Ukrainian dictionary is GPLv3, this project MIT: not used.

>>> sorted(lemmas("Германию", "ru")), sorted(lemmas("Mütter", "de")), lemmas("Qaddafi", "en")
(['германий', 'германия'], ['mutter'], frozenset())
>>> lemmas("Кромвелю", "ru"), "кромвель" in lemmas("Кромвелю", "ru", guesses=True)
(frozenset(), True)
"""

from __future__ import annotations

from functools import lru_cache

from normalize.stages.common_words import (
    SIMPLEMMA_LANGUAGES, polish_analyzer, russian_analyzer, simplemma_knows, simplemma_lemma,
)


_NO_LEMMA: frozenset[str] = frozenset()  # one object for the many words no lexicon knows (each new one is 216 bytes)


@lru_cache(maxsize=1 << 16)
def lemmas(word: str, language: str, guesses: bool = False) -> frozenset[str]:
    """The case-folded lemmas that ``language``'s lexicon knows ``word`` under; empty if it does not know it.

    With ``guesses``, Russian words the dictionary lacks get the lemmas pymorphy3 guesses
    from their endings (a name's case forms: ``Кромвеля``, ``Кромвелю``).
    """
    return _lemmas(word, language, guesses) or _NO_LEMMA


def _lemmas(word: str, language: str, guesses: bool) -> frozenset[str]:
    if language == "ru":
        return frozenset(parse.normal_form for parse in russian_analyzer().parse(word) if guesses or parse.is_known)
    if language == "pl":
        return frozenset(lemma.split(":")[0].casefold()
                         for _, _, (_, lemma, tag, _, _) in polish_analyzer().analyse(word) if tag != "ign")
    if language in SIMPLEMMA_LANGUAGES:
        if simplemma_knows(word, language) or simplemma_knows(word.lower(), language):
            return frozenset({simplemma_lemma(word, language).casefold()})
    return _NO_LEMMA


@lru_cache(maxsize=1 << 16)
def is_common_word(word: str, language: str) -> bool:
    """Does simplemma know ``word`` in lower case as a common word of ``language`` (its lemma in lower case, not a
    proper noun such as ``Craig`` or ``Ukraine``)?

    >>> is_common_word("Great", "en"), is_common_word("Craig", "en"), is_common_word("Great", "pt")
    (True, False, False)
    """
    lower = word.lower()
    return language in SIMPLEMMA_LANGUAGES and simplemma_knows(lower, language) and simplemma_lemma(lower, language).islower()
