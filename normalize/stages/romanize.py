"""The romanize stage (``--romanize``, off by default): romanise Cyrillic names quoted in Latin-script text.

A name is a run of capitalised Cyrillic words (joined by a space or a hyphen)
that no lower-case Cyrillic word touches: ``Андрій Єрмак`` is one, ``«Слава
героям»`` is part of a quoted phrase and stays.  In a sentence whose other words
are mostly Latin, every name is romanised, each the same way: the words the rules
know were already written in the house style by the spelling stage (``Володимир
Зеленський`` -> ``Volodymyr Zelensky``), every other word with the national system
(``rules/romanization.toml``, through the ``transliterate`` package) of the name's
language.  That language is told from the name itself (:func:`name_language`): its
letters (Ukrainian і ї є ґ, Russian ё ы э ъ, Belarusian ў), else the lexicons that
know its words (simplemma's Ukrainian and Russian, pymorphy3's Russian names); when
the name does not tell, the article's language, if it has a system; else unidecode.

>>> from normalize.rules.load import load_rules
>>> systems, text = load_rules().romanizations, "Andrii met Андрій Єрмак, Юлія Свириденко and Сергей Лавров."
>>> [c.after for c in romanize_names(text, cyrillic_names(text), systems, language="en")]
['Andrii Yermak', 'Yuliia Svyrydenko', 'Sergei Lavrov']
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from transliterate import translit
from transliterate.base import TranslitLanguagePack, registry
from transliterate.utils import ensure_autodiscover
from unidecode import unidecode

from normalize.changes import Change, Spans, apply_changes
from normalize.rules.model import Romanization
from normalize.stages.base import Context, Edited
from normalize.stages.common_words import russian_analyzer, simplemma_knows
from normalize.stages.spelling import mentions_in_runs, respellings, romanizes

_LETTER = "\u0400-\u04ff"
_CAPITAL = "\u0400-\u042f\u0460-\u04fe"  # with the extended letters: only even code points are capitals
_NAME_WORD = rf"[{_CAPITAL}](?:[{_LETTER}]|['’ʼ](?=[{_LETTER}]))*"
_NAME = re.compile(rf"(?<![{_LETTER}\w]){_NAME_WORD}(?:(?:-| (?! ))?{_NAME_WORD})*(?![{_LETTER}\w])")
_WORD = re.compile(rf"[{_LETTER}'’ʼ]+")
_WORD_BEFORE = re.compile(rf"([{_LETTER}'’ʼ]+)[ -]$")
_WORD_AFTER = re.compile(rf"[ -]([{_LETTER}'’ʼ]+)")
_SENTENCE = re.compile(r"[^\n.!?…]+[.!?…]*")
_TELLTALE = {"uk": set("єіїґ"), "ru": set("ёыэъ"), "be": set("ў")}
_LEXICON_LANGUAGES = ("uk", "ru")  # simplemma has both; pymorphy3's Ukrainian dictionary is GPLv3: not used
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})  # pymorphy3's tags of given names, surnames, patronymics
UNIDECODE_RULE = "unidecode (language of the name unknown)"
_PACKS: dict[str, str] = {}  # transliterate code -> the rule it was registered from


class Romanize:
    """The stage: known names in the house style (the lexicons' Cyrillic forms), other names by their
    language's national system, in the runs of Latin-script text."""

    name = "romanize"
    counted_as = "romanizations"
    nothing = "no Cyrillic name to romanise"
    option = "romanize"  # the Config flag that turns it on

    def run(self, text: str, context: Context) -> Edited:
        protected = Spans(context.protected)
        names = [span for span in cyrillic_names(text) if not protected.overlap(span)]
        in_names = Spans(names)
        known = [replace(c, stage=self.name) for c in respellings(mentions_in_runs(text, context))
                 if romanizes(c) and in_names.inside((c.start, c.end))]
        taken = [*context.protected, *context.taken, *((c.start, c.end) for c in known)]
        others = romanize_names(text, names, context.rules.romanizations, taken, context.detected.language)
        changes = sorted(known + others, key=lambda change: change.start)
        return Edited(apply_changes(text, changes), changes)


ROMANIZE = Romanize()


def cyrillic_names(text: str) -> list[tuple[int, int]]:
    """The spans of the Cyrillic names in the sentences of ``text`` whose other words are mostly Latin.

    >>> text = "He met Олена Петренко. Він сказав: «Слава Україні»! The crowd shouted «Слава героям»."
    >>> [text[start:end] for start, end in cyrillic_names(text)]
    ['Олена Петренко']
    """
    names = []
    for sentence in _SENTENCE.finditer(text):
        found = [match.span() for match in _NAME.finditer(text, *sentence.span())
                 if not _in_sentence(text, *match.span())]
        cuts = [sentence.start(), *(i for span in found for i in span), sentence.end()]
        if found and is_latin_script("".join(text[a:b] for a, b in zip(cuts[::2], cuts[1::2]))):
            names += found
    return names


def romanize_names(
    text: str, names: list[tuple[int, int]], systems: dict[str, Romanization], taken: list[tuple[int, int]] = (),
    language: str | None = None,
) -> list[Change]:
    """Romanise the words of each name of ``names`` outside ``taken`` spans, with the system of the name's
    language (:func:`name_language`; ``language``, the article's, when the name does not tell)."""
    changes, taken_spans = [], Spans(taken)
    for start, end in names:
        name_lang = name_language(text[start:end]) or language
        system = systems.get(name_lang or "")
        rule = f"romanize {name_lang}: {system.system} ({system.rule})" if system else UNIDECODE_RULE
        for word_start, word_end in _free_words(text, start, end, taken_spans):
            before = text[word_start:word_end]
            after = _romanize(before, system) if system else unidecode(before)
            if after != before:
                changes.append(Change(ROMANIZE.name, rule, word_start, word_end, before, after))
    return changes


def name_language(name: str) -> str | None:
    """The language of a Cyrillic name, told from the name: its telltale letters, else the lexicons.

    A word votes for a language when exactly one of the lexicons knows it (simplemma's
    Ukrainian; simplemma's Russian or a name in pymorphy3's Russian dictionary); the name
    has a language when its votes agree.

    >>> name_language("Андрій Єрмак"), name_language("Сергей Лавров"), name_language("Олена Петренко")
    ('uk', 'ru', 'uk')
    >>> name_language("Олег Петров")  # both lexicons know both words
    """
    by_letters = _language_of(name)
    if by_letters:
        return by_letters
    votes = {vote for word in _WORD.findall(name) if (vote := _word_language(word))}
    return votes.pop() if len(votes) == 1 else None


@lru_cache(maxsize=1 << 12)
def _word_language(word: str) -> str | None:
    knowing = [language for language in _LEXICON_LANGUAGES if simplemma_knows(word, language)
               or language == "ru" and _is_russian_name(word)]
    return knowing[0] if len(knowing) == 1 else None


def _is_russian_name(word: str) -> bool:
    return any(parse.is_known and parse.tag.grammemes & _NAME_GRAMMEMES for parse in russian_analyzer().parse(word))


def _free_words(text: str, start: int, end: int, taken: Spans) -> list[tuple[int, int]]:
    """The runs of words of ``text[start:end]`` outside ``taken`` spans, each with what joins its words."""
    runs: list[list[int]] = []
    previous_free = False
    for word in _WORD.finditer(text, start, end):
        free = not taken.overlap(word.span())
        if free and previous_free:
            runs[-1][1] = word.end()
        elif free:
            runs.append([word.start(), word.end()])
        previous_free = free
    return [(a, b) for a, b in runs]


def is_latin_script(text: str) -> bool:
    """Does ``text`` have more Latin letters than Cyrillic ones?

    >>> is_latin_script("He said «Слава Україні» twice at the rally"), is_latin_script("Він сказав “Kyiv”")
    (True, False)
    """
    latin = cyrillic = 0
    for char in text:
        if char.isalpha():
            if char < "\u0250":
                latin += 1
            elif "\u0400" <= char <= "\u04ff":
                cyrillic += 1
    return latin > cyrillic


def _in_sentence(text: str, start: int, end: int) -> bool:
    """Is the name next to a lower-case Cyrillic word (one space or a hyphen away)?

    >>> _in_sentence("«Слава героям»", 1, 6), _in_sentence("«Слава Україні»", 1, 14)
    (True, False)
    """
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end, end + 40)
    return any(match and match.group(1)[0].islower() for match in (before, after))


def _language_of(text: str) -> str | None:
    """The language whose telltale letters ``text`` has, if exactly one.

    >>> _language_of("Київ"), _language_of("Объединённые"), _language_of("Олена")
    ('uk', 'ru', None)
    """
    letters = set(text.lower())
    found = [language for language, telltale in _TELLTALE.items() if letters & telltale]
    return found[0] if len(found) == 1 else None


def _romanize(name: str, system: Romanization) -> str:
    """Romanise ``name`` word by word with ``system``: capitals kept, word-initial letters as the system says.

    >>> from normalize.rules.load import load_rules
    >>> uk = load_rules().romanizations["uk"]
    >>> _romanize("Згурський", uk), _romanize("ЮЛІЯ", uk), _romanize("Ірина-Юлія", uk)
    ('Zghurskyi', 'YULIIA', 'Iryna-Yuliia')
    """
    return re.sub(rf"[{_LETTER}'’ʼ]+", lambda m: _romanize_word(m.group(), system), name)


def _romanize_word(word: str, system: Romanization) -> str:
    lower = word.lower()
    head = system.initial.get(lower[0])
    latin = head + _transliterate(lower[1:], system) if head is not None else _transliterate(lower, system)
    if len(word) > 1 and word.isupper():
        return latin.upper()
    return latin[:1].upper() + latin[1:] if word[0].isupper() else latin


def _transliterate(text: str, system: Romanization) -> str:
    return translit(text, _language_pack(system), reversed=True) if text else text


def _language_pack(system: Romanization) -> str:
    """Register ``system`` with transliterate as a language pack; return its code.

    Letters with a one-letter romanisation go in the pack's mapping; the others
    (and letter pairs, first) in its reversed pre-processor mapping.
    """
    code = f"normalize-{system.language}-{re.sub(r'[^a-z0-9]+', '-', system.system.lower()).strip('-')}"
    if _PACKS.get(code) == system.rule:
        return code
    ensure_autodiscover()  # transliterate loads its own packs only into an empty registry: first
    single, multiple, used = {}, dict(system.sequences), set()
    for letter, latin in system.letters.items():
        if len(latin) == 1 and latin not in used:
            single[letter] = latin
            used.add(latin)
        else:
            multiple[letter] = latin
    pack = type(f"Pack_{code}", (TranslitLanguagePack,), {
        "language_code": code,
        "language_name": f"{system.language} ({system.system})",
        "mapping": ("".join(single.values()), "".join(single)),
        "reversed_specific_pre_processor_mapping": multiple,
    })
    registry.register(pack, force=True)
    _PACKS[code] = system.rule
    return code
