"""The romanize stage (``--romanize``, off by default): romanise Cyrillic names quoted in Latin-script text.

A name the rules know was already written in the house style by the spelling
stage (``Володимир Зеленський`` -> ``Volodymyr Zelensky``); every other Cyrillic
name is romanised with the national system of its language (``rules/romanization.toml``),
through the ``transliterate`` package, or with unidecode when its language is unknown.

>>> from normalize.rules.load import load_rules
>>> systems = load_rules().romanizations
>>> [c.after for c in romanize_names("Andrii met Андрій Єрмак and Юлія Свириденко.", [(0, 44)], systems)]
['Andrii Yermak', 'Yuliia Svyrydenko']
"""

from __future__ import annotations

import re
from dataclasses import replace
from transliterate import translit
from transliterate.base import TranslitLanguagePack, registry
from transliterate.utils import ensure_autodiscover
from unidecode import unidecode

from normalize.changes import Change, apply_changes
from normalize.rules.model import Romanization
from normalize.stages.base import Context, Edited
from normalize.stages.spelling import mentions_in_runs, respellings, romanizes

_LETTER = "\u0400-\u04ff"
_CAPITAL = "\u0400-\u042f\u0460-\u04fe"  # with the extended letters: only even code points are capitals
_NAME_WORD = rf"[{_CAPITAL}](?:[{_LETTER}]|['’ʼ](?=[{_LETTER}]))*"
_WORD = re.compile(_NAME_WORD)
_NAME = re.compile(rf"(?<![{_LETTER}\w]){_NAME_WORD}(?:(?:-| (?! ))?{_NAME_WORD})*(?![{_LETTER}\w])")
_WORD_BEFORE = re.compile(rf"([{_LETTER}'’ʼ]+)[ -]$")
_WORD_AFTER = re.compile(rf"[ -]([{_LETTER}'’ʼ]+)")
_TELLTALE = {"uk": set("єіїґ"), "ru": set("ёыэъ"), "be": set("ў")}
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
        known = [replace(c, stage=self.name) for c in respellings(mentions_in_runs(text, context)) if romanizes(c)]
        latin = [(run.start, run.end) for run in context.runs if is_latin_script(text[run.start:run.end])]
        taken = [*context.protected, *context.taken, *((c.start, c.end) for c in known)]
        changes = known + romanize_names(text, latin, context.rules.romanizations, taken)
        return Edited(apply_changes(text, changes), changes)


ROMANIZE = Romanize()


def romanize_names(
    text: str, spans: list[tuple[int, int]], systems: dict[str, Romanization], taken: list[tuple[int, int]] = ()
) -> list[Change]:
    """Romanise each Cyrillic name in ``spans`` of ``text``, outside ``taken`` spans.

    A run of capitalised Cyrillic words is a name; one next to a lower-case
    Cyrillic word is part of a quoted sentence, and is left as written.  Of a name
    that a taken span overlaps (a known surname: ``Сергей Лавров``), the words outside
    it are romanised, in the language of the whole name.
    """
    changes = []
    for start, end in spans:
        for match in _NAME.finditer(text, start, end):
            if _in_sentence(text, match.start(), match.end()):
                continue
            language = _language_of(match.group()) or _language_of(text[start:end])
            system = systems.get(language or "")
            rule = f"romanize {language}: {system.system} ({system.rule})" if system else UNIDECODE_RULE
            for part in _free_parts(match, taken):
                after = _romanize(part.group(), system) if system else unidecode(part.group())
                if after != part.group():
                    changes.append(Change(ROMANIZE.name, rule, part.start(), part.end(), part.group(), after))
    return changes


def _free_parts(name: re.Match, taken) -> list[re.Match]:
    """``name`` itself if no taken span overlaps it, else its words that none overlaps."""
    if not _overlaps(name.span(), taken):
        return [name]
    words = _WORD.finditer(name.string, name.start(), name.end())
    return [word for word in words if not _overlaps(word.span(), taken)]


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


def _overlaps(span: tuple[int, int], spans) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


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
