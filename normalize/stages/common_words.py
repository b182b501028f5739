"""Is a lowercase word a common word of a language?  The spelling stage asks before it rewrites one.

Russian ``львов`` is "of lions", Polish ``kijów`` "of sticks", Ukrainian ``луганська``
an adjective: each is spelled like a (declined) name of the rules, and none is that
name.  English ``kyiv`` is no English word: it is the name, written in lowercase.

Each language is asked of the lexicon that told the two apart best on labelled words
(``scripts/eval_lexicons.py``, ``scripts/labels/lexicon_words.tsv``):

- ru: pymorphy3's dictionary, a parse (not a guess) with no proper-name tag;
- pl: Morfeusz 2 (SGJP), an analysis whose lemma is written in lowercase (it matches
  case: ``lwów`` finds only ``lew``, ``Lwów`` the city too);
- en, de, fr, es, pt, it, uk: simplemma, a known word whose lemma is written in
  lowercase (it keeps a name's capital in the lemma: ``kyiv`` -> ``Kyiv``).
  pymorphy3's Ukrainian dictionary is GPLv3, this project MIT: not used; a Ukrainian word
  is asked of pymorphy3's Russian dictionary too, for the common words the two languages share
  and simplemma's Ukrainian data lemmatises to a name (``буча``, "commotion", to the town Буча).

A language's data is read when a word of it is first asked about, once per process:
0.1-0.6 s and 4-45 MB a language (ru 0.1 s/23 MB, pl 0.1 s/45 MB; simplemma's memory-frugal backend
en 0.1 s/4 MB, uk 0.3 s/12 MB, de 0.6 s/20 MB; simplemma's Polish, not used, would cost more).  :func:`preload`
reads them before the workers fork: the languages named (``--languages``) and those of the
articles sampled to find the folder's language.  simplemma's dictionaries are read through
:func:`simplemma_data` (discovery's lemmas and the romanize stage ask :func:`simplemma_knows` and
:func:`simplemma_lemma` too, and so read the same dictionaries).  No data is downloaded: every lexicon ships in its package.

>>> common_word_source("львов", "ru"), common_word_source("kyiv", "en")
('pymorphy3', None)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable

from normalize.stages.simplemma_index import dictionaries

NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})  # pymorphy3's tags of proper names
SIMPLEMMA_LANGUAGES = frozenset({"en", "de", "fr", "es", "pt", "it", "uk"})
SHARED_WORDS = {"uk": "ru"}  # a language whose lowercase candidates are asked of another's dictionary too


def common_word_source(word: str, language: str) -> str | None:
    """The lexicon that knows lowercase ``word`` as a common word of ``language``, or None
    (not known as one, or no lexicon for the language)."""
    lexicon = _lexicon(language)
    return lexicon.name if lexicon is not None and lexicon.knows(word) else None


def common_or_shared_word_source(word: str, language: str) -> str | None:
    """As :func:`common_word_source`, and for Ukrainian the Russian dictionary too, for the common words the two
    share that simplemma's Ukrainian data lemmatises to a name: a lowercase candidate is left if either knows it
    (never used to tell a span's language: a Russian quotation's words would all pass as Ukrainian).

    >>> common_word_source("буча", "uk"), common_or_shared_word_source("буча", "uk")
    (None, 'pymorphy3, ru')
    """
    source = common_word_source(word, language)
    if source is None and language in SHARED_WORDS:
        shared = common_word_source(word, SHARED_WORDS[language])
        return None if shared is None else f"{shared}, {SHARED_WORDS[language]}"
    return source


@lru_cache(maxsize=1 << 14)  # asked of the capitalised words around every candidate: news repeats them
def known_as_word(word: str, language: str, capitalises_nouns: bool = False) -> bool:
    """Is the capitalised ``word`` a common word of ``language``, written with a capital for its place
    (a title, a headline)?  In a language that capitalises nouns (German) simplemma is asked of the
    word as written (``Besuch``, ``Stadt``: known; ``Volga``: not); elsewhere the lexicon of
    :func:`common_word_source` is asked of it in lowercase (``Agreements``: yes; ``Starlink``: no).

    >>> known_as_word("Besuch", "de", True), known_as_word("Volga", "de", True), known_as_word("Agreements", "en")
    (True, False, True)
    """
    if not capitalises_nouns:
        return common_word_source(word.lower(), language) is not None
    return language in SIMPLEMMA_LANGUAGES and simplemma_knows(word, language)


def preload(languages) -> None:
    """Read the lexicons of ``languages`` now (in the process that forks the workers: once, not in each)."""
    for language in languages:
        _lexicon(language)


@lru_cache(maxsize=None)
def simplemma_data(language: str) -> None:
    """Read simplemma's dictionary of ``language`` now, once per process, by asking it the two questions
    this project asks (:func:`simplemma_knows` and :func:`simplemma_lemma`): every later call, here, in
    discovery's lemmas or in the romanize stage, finds it read.

    >>> simplemma_data("en")
    """
    simplemma_knows("a", language)
    simplemma_lemma("a", language)


def simplemma_knows(word: str, language: str) -> bool:
    """Does simplemma know ``word`` in ``language``?  Asked of its memory-frugal backend, as every question
    to simplemma here: the same dictionaries, read in about two thirds of the time (the seven languages:
    2.0 s instead of 3.2 s; 0.2 s once their indexes are cached, :mod:`normalize.stages.simplemma_index`)
    into a sixth of the memory (70 MB instead of 430 MB), a lookup then costing some microseconds more.

    >>> simplemma_knows("houses", "en"), simplemma_knows("Qaddafi", "en")
    (True, False)
    """
    lookup, _ = _simplemma_asked()
    return lookup.get_lemma(unicodedata.normalize("NFC", word), language) is not None


def simplemma_lemma(word: str, language: str) -> str:
    """simplemma's lemma of ``word`` in ``language`` (the word itself if it knows none), as :func:`simplemma_knows` asks.

    >>> simplemma_lemma("houses", "en")
    'house'
    """
    _, lemmatizer = _simplemma_asked()
    return lemmatizer.lemmatize(word, language)


@lru_cache(maxsize=1)
def _simplemma_asked():
    """simplemma's dictionary lookup and lemmatizer over :func:`normalize.stages.simplemma_index.dictionaries`:
    as its ``is_known`` and ``lemmatize`` with ``low_memory=True``, whose dictionaries they are (their indexes cached)."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy

    factory = dictionaries()
    return DictionaryLookupStrategy(factory), Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


class _Lexicon:
    def __init__(self, name: str, knows: Callable[[str], bool]):
        self.name = name
        self.knows = lru_cache(maxsize=1 << 14)(knows)  # news repeats its names


@lru_cache(maxsize=None)
def _lexicon(language: str) -> _Lexicon | None:
    if language == "ru":
        return _pymorphy3_russian()
    if language == "pl":
        return _morfeusz2()
    if language in SIMPLEMMA_LANGUAGES:
        return _simplemma(language)
    return None


def _pymorphy3_russian() -> _Lexicon:
    analyzer = russian_analyzer()
    return _Lexicon("pymorphy3", lambda word: any(
        parse.is_known and not parse.tag.grammemes & NAME_GRAMMEMES for parse in analyzer.parse(word)
    ))


def _morfeusz2() -> _Lexicon:
    analyzer = polish_analyzer()
    return _Lexicon("morfeusz2", lambda word: any(
        tag != "ign" and lemma[:1].islower() for _, _, (_, lemma, tag, _, _) in analyzer.analyse(word)
    ))


@lru_cache(maxsize=1)
def russian_analyzer():
    """pymorphy3's Russian analyser, its dictionary read once per process (discovery's lemmas and the romanize stage use it too)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def polish_analyzer():
    """Morfeusz 2, its dictionary read once per process (discovery's lemmas use it too)."""
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=False)


def _simplemma(language: str) -> _Lexicon:
    simplemma_data(language)
    return _Lexicon("simplemma", lambda word: (
        simplemma_knows(word, language) and simplemma_lemma(word, language)[:1].islower()
    ))
