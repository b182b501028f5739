"""Deriving an entity's Latin spellings from its ``native`` names: each romanisation system's form,
the canonical of the languages the rules leave unwritten, and the forms left out (claimed by another
entity or a common word), all recorded with the system that produced them.

Ukrainian names go through translitua's tables (KMU 2010, BGN/PCGN, ALA-LC, ISO 9, the scholarly
system, the 1996 national and 2007 passport systems, French) and the national conventions of
``rules/conventions/ukrainian.toml`` (de, pl, es, it, pt); Russian names through iuliia's schemes
(BGN/PCGN, ISO 9, GOST, ALA-LC, the passport systems, Wikipedia's simplification).  A Ukrainian
entity with a Russian native name gets the Russian-based forms too (``Yermak`` and ``Ermak``).

>>> spellings = dict(romanize_native({"uk": "Єрмак", "ru": "Ермак"}))
>>> spellings["Jermak"], spellings["Ermak"][:36]
('uk scholarly, uk de Duden/dpa, uk pl PWN', 'ru ISO 9 (GOST 7.79), ru GOST R 7.0.')
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Callable

import iuliia
import translitua

from normalize.rules.checks import read_back_problem
from normalize.rules.model import DEFAULT_CANONICAL, Entity, Rules
from normalize.stages.common_words import common_word_source
from normalize.stages.encoding import fix_encoding
from normalize.text import phrase_key, script_of

CONVENTIONS_FILE = "conventions/ukrainian.toml"  # in the built-in rules package
# The lexicons' verdicts on the one-word derived forms of the built-in rules, written by
# scripts/derived_common_words.py: reading six lexicons at every start took seconds.
COMMON_WORDS_FILE = "conventions/common_words.toml"


def _translitua(table) -> Callable[[str], str]:
    return lambda text: translitua.translit(text, table)


def _iuliia(schema) -> Callable[[str], str]:
    return schema.translate


# (system, function), in the order forms are derived and cited.
UKRAINIAN_SYSTEMS = [
    ("KMU 2010", _translitua(translitua.UkrainianKMU)),
    ("BGN/PCGN 2019", _translitua(translitua.UkrainianBGN2019)),
    ("BGN/PCGN 1965", _translitua(translitua.UkrainianBGN)),
    ("UNGEGN", _translitua(translitua.UkrainianUNGEGN)),
    ("ALA-LC", _translitua(translitua.UkrainianALALC)),
    ("ALA-LC modified", _translitua(translitua.UkrainianALALCModified)),
    ("ISO 9", _translitua(translitua.UkrainianISO9)),
    ("scholarly", _translitua(translitua.UkrainianWWS)),
    ("national 1996", _translitua(translitua.UkrainianNational1996)),
    ("passport 2007", _translitua(translitua.UkrainianPassport2007)),
    ("French", _translitua(translitua.UkrainianFrench)),
]
RUSSIAN_SYSTEMS = [
    ("Wikipedia", _iuliia(iuliia.WIKIPEDIA)),
    ("BGN/PCGN", _iuliia(iuliia.BGN_PCGN)),
    ("ISO 9 (GOST 7.79)", _iuliia(iuliia.GOST_779)),
    ("GOST R 7.0.34", _iuliia(iuliia.GOST_7034)),
    ("GOST 16876", _iuliia(iuliia.GOST_16876)),
    ("GOST R 52535 passport", _iuliia(iuliia.GOST_52535)),
    ("ALA-LC", _iuliia(iuliia.ALA_LC)),
    ("ICAO 9303 passport", _iuliia(iuliia.ICAO_DOC_9303)),
    ("MVD 310 passport", _iuliia(iuliia.MVD_310)),
    ("MVD 782 passport", _iuliia(iuliia.MVD_782)),
    ("scholarly", _iuliia(iuliia.SCIENTIFIC)),
]
# The canonical of a language the rules leave unwritten: the system its press follows.
NATIONAL = {
    "uk": {"en": "KMU 2010", "fr": "French", "de": "de Duden/dpa", "pl": "pl PWN", "es": "es Fundéu RAE",
           "it": "it ANSA", "pt": "pt Lusa/Folha"},
    "ru": {"en": "Wikipedia"},
}


VOWELS = "аеєиіїоуюя"
NAME_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")  # a word of a name: Слов'янськ is one


@dataclass(frozen=True)
class Convention:
    """A national convention for writing a Cyrillic language's names (``rules/conventions/``)."""

    language: str
    system: str
    letters: dict[str, str]
    initial: dict[str, str]
    sequences: dict[str, str]
    endings: dict[str, str]
    between_vowels: dict[str, str] = field(default_factory=dict)

    def write(self, text: str) -> str:
        """``text`` written by this convention, word by word (an apostrophe inside a word is the convention's).

        >>> de = Convention("de", "Duden", {"с": "s", "о": "o", "ч": "tsch", "і": "i", "'": "", "я": "ja", "к": "k",
        ...                                 "у": "u", "п": "p", "н": "n"}, {}, {}, {}, {"с": "ss"})
        >>> de.write("Сочі"), de.write("Куп'янск"), de.write("Носок")
        ('Sotschi', 'Kupjansk', 'Nossok')
        """
        return NAME_WORD.sub(lambda match: self._word(match.group()), text)

    def _word(self, word: str) -> str:
        lower = word.lower()
        ending = max((e for e in self.endings if lower.endswith(e) and len(e) < len(lower)), key=len, default="")
        stem, out, i = lower[:len(lower) - len(ending)], [], 0
        longest = max(map(len, [*self.sequences, "x"]))
        while i < len(stem):
            after_vowel = i == 0 or stem[i - 1] in VOWELS + "ь'’ʼ"
            between = 0 < i < len(lower) - 1 and lower[i - 1] in VOWELS and lower[i + 1] in VOWELS
            for size in range(min(longest, len(stem) - i), 0, -1):
                piece = stem[i:i + size]
                latin = self.sequences.get(piece) or (self.between_vowels.get(piece) if between else None) \
                    or (self.initial.get(piece) if after_vowel else None) or self.letters.get(piece)
                if latin is not None:
                    break
            else:
                latin, size = stem[i], 1
            out.append(latin.capitalize() if word[i].isupper() else latin)
            i += size
        written = "".join(out) + self.endings.get(ending, "")
        return written.upper() if word.isupper() and len(word) > 1 else written


@cache
def conventions() -> list[Convention]:
    """The national conventions of the built-in rules, in file order."""
    text = resources.files("normalize.builtin_rules").joinpath(CONVENTIONS_FILE).read_text(encoding="utf-8")
    return [Convention(t["language"], f"{t['language']} {t['system']}",
                       *({k.lower(): v for k, v in t.get(key, {}).items()}
                         for key in ("letters", "initial", "sequences", "endings", "between_vowels")))
            for t in tomllib.loads(text)["convention"]]


def romanize_native(native: dict[str, str]) -> list[tuple[str, str]]:
    """Every Latin spelling of ``native`` (language -> name), with the systems that give it, in order."""
    systems: dict[str, list[str]] = {}
    for language, name in sorted(native.items(), key=lambda item: item[0] != "uk"):
        found = [*UKRAINIAN_SYSTEMS, *((c.system, c.write) for c in conventions())] if language == "uk" else RUSSIAN_SYSTEMS
        for system, romanize in found:
            form = unicodedata.normalize("NFC", romanize(name))
            systems.setdefault(form, []).append(f"{language} {system}")
    return [(form, ", ".join(names)) for form, names in systems.items()]


def derive(rules: Rules) -> None:
    """Give each entity of ``rules`` with a ``native`` name its derived forms and missing canonicals.

    A derived form is added unless a hand-written form already says it (the entity's own:
    it stands; another entity's: it is theirs), another entity derives it too, it is a
    common word of one of the rules' Latin-script languages, the entity refuses it
    (``not_variants``, or ``derive = false``: every form), or it cannot be read back
    as a name (ISO 9's primes).  Pure and ordered: the same rules give the same forms.
    """
    written = {(rules.scripts[form], rules.phrase_keys[form]): e.id for e in rules.entities.values() for form in e.all_forms()}
    proposed = {entity.id: romanize_native(entity.native) for entity in rules.entities.values()
                if entity.native and entity.derive}
    derivers: dict[tuple[str, ...], set[str]] = {}
    for entity_id, spellings in proposed.items():
        for form, _ in spellings:
            derivers.setdefault(rules.phrase_keys[form], set()).add(entity_id)
    languages = latin_languages(rules)
    for entity_id, spellings in proposed.items():
        entity = rules.entities[entity_id]
        refused = {rules.phrase_keys[form] for form in entity.not_variants}
        kept = [(form, systems) for form, systems in spellings
                if written.get(("Latn", rules.phrase_keys[form]), entity_id) == entity_id
                and rules.phrase_keys[form] not in refused
                and derivers[rules.phrase_keys[form]] == {entity_id}
                and usable(form, languages)]
        _add_derived(entity, kept, rules, written)


def usable(form: str, languages: list[str]) -> bool:
    """Can ``form`` be a derived spelling: a Latin name that reads back as one, not a common word of ``languages``?
    (A system that leaves a letter as it is, ё in Новосёлка, gives no spelling.)

    >>> usable("Yermak", ["en"]), usable("Novosёlka", ["en"]), usable("Mir", ["de"])  # German mir, "to me"
    (True, False, False)
    """
    if any(script_of(letter) == "Cyrl" for letter in form) \
            or read_back_problem(form) or fix_encoding(form)[0] != form:
        return False
    words = phrase_key(form)
    return len(words) > 1 or not common_in(words[0], languages)


def common_in(word: str, languages: list[str]) -> list[str]:
    """Those of ``languages`` that know lowercase ``word`` as a common word: as recorded in
    ``rules/conventions/common_words.toml`` for the words and languages it checked, else asked of the lexicon.

    >>> common_in("mir", ["de", "en"]), common_in("yermak", ["de", "en"])
    (['de'], [])
    """
    checked, common = recorded_common_words()
    known = common.get(word)
    return [language for language in languages
            if (language in known if known is not None and language in checked else common_word_source(word, language))]


@cache
def recorded_common_words() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The languages checked, and for each word checked the languages that know it as a common word."""
    text = resources.files("normalize.builtin_rules").joinpath(COMMON_WORDS_FILE).read_text(encoding="utf-8")
    table = tomllib.loads(text)
    return frozenset(table["checked"]), {word: frozenset(found) for word, found in table["words"].items()}


def one_word_spellings(rules: Rules) -> list[str]:
    """The lowercase one-word Latin spellings that ``derive`` may add to ``rules``: the words it asks about."""
    words = {phrase_key(form)[0] for entity in rules.entities.values() if entity.native and entity.derive
             for form, _ in romanize_native(entity.native)
             if script_of(form) == "Latn" and len(phrase_key(form)) == 1}
    return sorted(words)


def latin_languages(rules: Rules) -> list[str]:
    """The languages of ``rules`` whose common words a derived Latin form must not be."""
    return sorted(language for language in rules.languages if language not in NATIONAL)


def _add_derived(entity: Entity, kept: list[tuple[str, str]], rules: Rules, written: dict) -> None:
    """Add ``kept`` (form, systems) to ``entity``: the national form as the canonical of each language
    that has none, the rest as variants unless the entity writes them already."""
    by_system = {system: form for form, systems in kept for system in systems.split(", ")}
    own = {rules.phrase_keys[form] for form in entity.all_forms()}
    if DEFAULT_CANONICAL not in entity.canonical:  # the languages of the entity's file, not of every file
        for language in sorted(rules.languages_of.get(entity.source, rules.languages)):
            if language in entity.canonical or language in entity.unsettled:
                continue
            if language in entity.native:
                if written.get(("Cyrl", rules.phrase_keys[entity.native[language]]), entity.id) == entity.id:
                    entity.canonical[language] = entity.native[language]
                continue
            form = next((by_system.get(f"{source} {system}") for source in ("uk", "ru") if source in entity.native
                         for system in [NATIONAL[source].get(language)] if system), None)
            if form is not None:
                entity.canonical[language] = form
    for form, systems in kept:
        key = rules.phrase_keys[form]
        if key in own:
            continue  # the entity writes it by hand: its line stands
        entity.systems[form] = systems
        native = entity.native["uk" if systems.startswith("uk ") and "uk" in entity.native else "ru"]
        entity.lines.setdefault(form, entity.lines.get(native, entity.line))
        if form not in entity.canonical.values():
            entity.variants.append(form)
        own.add(key)
