"""The words around a form that decide whether the spelling stage may rewrite it, and into what:
a longer proper name that holds it, a river or a city of one name, a spelling cited in quotes, a
surname that is a place's name too, the case the word before it tells (a preposition, a title, a noun).

Each reading returns a reason to leave the form (reported as *left*), or what to write.
The words are data (``rules/context.toml``, :class:`~normalize.rules.name_context.NameContext`);
for a language that capitalises nouns (German), the lexicon tells a common noun from a name.

>>> from normalize.rules.load import load_rules
>>> from normalize.stages.spelling import find_mentions
>>> pl = load_rules().lexicon("pl")
>>> [(m.replacement, m.left) for m in find_mentions("Spotkanie odbyło się do Kyiv.", pl)]
[('Kijowa', None)]
>>> [m.left for m in find_mentions("Mieszkał w Kyiv.", pl)]
['w Kyiv: w governs loc or acc; the case of the name is not told']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from dataclasses import replace

from normalize.changes import Mention
from normalize.rules.lexicon import Form, Lexicon
from normalize.rules.name_context import CASES
from normalize.stages.common_words import known_as_word
from normalize.stages.gazetteer import is_city
from normalize.stages.word_cases import nominal, russian_surname
from normalize.text import match_case, script_of

_CLAUSE_ENDS = frozenset(".!?;:\n")
_SENTENCE_ENDS = frozenset(".!?;\n")
_PEOPLE = frozenset({"person", "given-name"})
_OPENING_MARKS = frozenset({'"', "«", "„", "“", "("})  # what may open a sentence or a quotation before its first word
_OPENING_QUOTES = frozenset('«„“"‹‚\'')
_CLOSING_QUOTES = frozenset('»”“"›’\'')
_WINDOW = 6  # words either side in which a river's or a city's word counts


class Words(Protocol):
    """The words of a text as the spelling stage splits them (:class:`normalize.stages.spelling._Tokens`)."""

    def __len__(self) -> int: ...
    def word(self, index: int) -> str: ...
    def gap_before(self, index: int) -> str: ...
    def joined(self, i: int, length: int) -> str: ...
    def phrase(self, i: int, length: int) -> tuple[str, ...] | None: ...


def read_context(words: Words, i: int, length: int, form: Form, lexicon: Lexicon, mention: Mention) -> tuple[Mention, str | None]:
    """``mention`` (a rewrite) as the words around it settle it, and the reason to leave it, or None."""
    if (quoted_alone(words, i, length) and mention.form.casefold() in lexicon.house_spellings
            and lexicon.kinds.get(form.entity) != "organisation"):  # Ukrainian and Russian quote a club's name: «Динамо Киев»
        return mention, f"{mention.form}: another house style's spelling quoted on its own, cited as written"
    abroad = namesake_abroad(words, i, length, form, lexicon)
    if abroad is not None:
        return mention, f"{mention.form}: another place of the name ({abroad})"
    language = glossed_in(words, i, length, form, lexicon)
    if language is not None:
        return mention, f"{mention.form}: the name as written in {language}, a gloss"
    longer = in_longer_name(words, i, length, lexicon, form.entity)
    if longer is not None:
        return mention, f"part of a longer name: {longer}"
    if surname_not_place(words, i, length, lexicon, form.entity):
        return mention, f"{mention.form}: a Russian surname too (pymorphy3), and no preposition makes it a place"
    entity, why = river_or_city(words, i, length, form, lexicon)
    if why is not None:
        return mention, why
    if entity != form.entity:
        canonical = lexicon.canonicals.get(entity)
        declines = lexicon.context.prepositions and entity not in lexicon.cases
        if canonical is None or form.replacement is not None or declines:
            kind = lexicon.homonyms[form.entity].kind
            return mention, f"{mention.form}: the {kind} ({entity}), whose {lexicon.language} form (or case) the rules do not give"
        return replace(mention, entity=entity, canonical=canonical, replacement=match_case(mention.form, canonical)), None
    other = other_spelling_beside(words, i, length, form, lexicon)
    if other is not None:
        return mention, f"{mention.form} beside {other}: two spellings of one name side by side (a gloss, or the spelling discussed)"
    declined, why = declined_for_context(words, i, form, lexicon, mention.form)
    return (replace(mention, replacement=declined) if declined else mention), why


def quoted_alone(words: Words, i: int, length: int) -> bool:
    """Is the form at words ``i``..``i + length - 1`` the whole of a quotation?  When it is another language's
    house-style spelling it is cited as written: that spelling talked about (``пишуть «Киев»``), the name of a
    ship or a channel (``statek "Kiev"``); a variant no house style writes is a name quoted for emphasis.

    >>> from normalize.stages.spelling import _Tokens
    >>> text = 'Piszą «Kiev», nie Kijów.'
    >>> quoted_alone(_Tokens(text, 0, len(text)), 1, 1), quoted_alone(_Tokens(text, 0, len(text)), 3, 1)
    (True, False)
    """
    return words.gap_before(i)[-1:] in _OPENING_QUOTES and words.gap_before(i + length)[:1] in _CLOSING_QUOTES


def surname_not_place(words: Words, i: int, length: int, lexicon: Lexicon, entity: str) -> bool:
    """Is the form at word ``i`` a place's Cyrillic name that is a Russian surname too (``співак Николаев``,
    not Миколаїв), with no preposition before it to make it the place (``у Львове``)?"""
    if length != 1 or lexicon.kinds.get(entity) not in ("place", None) or lexicon.context is None:
        return False
    word = words.word(i)
    if not word[:1].isupper() or script_of(word) != "Cyrl":
        return False
    before = words.word(i - 1) if i > 0 and words.gap_before(i).isspace() else ""
    return not lexicon.context.cases_after(before) and russian_surname(word)


def namesake_abroad(words: Words, i: int, length: int, form: Form, lexicon: Lexicon) -> str | None:
    """A word of the form's sentence that tells a namesake abroad (``elsewhere`` in ``rules/context.toml``:
    ``Odessa, en el oeste de Texas``), or None."""
    marks = lexicon.context.elsewhere.get(form.entity) if lexicon.context is not None else None
    if not marks:
        return None
    return next((words.word(k) for k in _neighbours(words, i, i + length, _SENTENCE_ENDS) if words.word(k).casefold() in marks), None)


def glossed_in(words: Words, i: int, length: int, form: Form, lexicon: Lexicon) -> str | None:
    """The language a place's form is given in on purpose, or None: a language's name (CLDR, in the article's
    language) right before it (``polnisch Lwów``, ``auf Ukrainisch: Kyjiw``), or after it behind a gloss
    preposition (``Kyjiw en ukrainien``, ``Kyiv in ucraino``).  A person's name is not read so (``il
    presidente ucraino Zelensky``: an adjective).

    >>> from normalize.rules.load import load_rules
    >>> from normalize.stages.spelling import find_mentions
    >>> [m.left for m in find_mentions("La ville s'appelle Kyjiw en ukrainien.", load_rules().lexicon("fr"))]
    ['Kyjiw: the name as written in ukrainien, a gloss']
    """
    context, end = lexicon.context, i + length
    if context is None or not context.gloss_prepositions or lexicon.kinds.get(form.entity) in _PEOPLE:
        return None
    names = language_names(lexicon.language)
    if i > 0 and words.word(i - 1).casefold() in names and words.gap_before(i).strip() in ("", ":"):
        return words.word(i - 1)
    if (end + 1 < len(words) and words.word(end).casefold() in context.gloss_prepositions
            and words.gap_before(end).strip() in ("", ",") and words.gap_before(end + 1) == " "
            and words.word(end + 1).casefold() in names):
        return words.word(end + 1)
    return None


@lru_cache(maxsize=None)
def language_names(language: str) -> frozenset[str]:
    """The one-word names of languages in ``language`` and its regional variants, from CLDR (Babel), case-folded.

    >>> {"ukrainien", "polonais"} <= language_names("fr"), {"polonês", "polaco"} <= language_names("pt")
    (True, True)
    """
    from babel import Locale, localedata

    locales = [name for name in localedata.locale_identifiers() if name == language or name.startswith(f"{language}_")]
    return frozenset(name.casefold() for locale in locales for name in Locale.parse(locale).languages.values() if name.isalpha())


def other_spelling_beside(words: Words, i: int, length: int, form: Form, lexicon: Lexicon) -> str | None:
    """Another spelling of the same name, that would be written alike, within a few words of the form in its
    sentence, or None.  Such a pair speaks of the spelling: a gloss (``Kiew (ukrainisch: Kyjiw)``, ``Kiev (Kyiv
    en ukrainien)``) or the spelling discussed (``die Schreibweise Kyiv statt Kiev``); rewriting would make
    ``Kiew statt Kiew``.  Two cases of one spelling (``Kiew`` and ``Kiews``) are written differently: no pair.
    Places only: people are glossed by their other names, not their spellings.

    >>> from normalize.rules.load import load_rules
    >>> from normalize.stages.spelling import find_mentions
    >>> [(m.form, m.left is None) for m in find_mentions("Kiew (ukrainisch: Kyjiw) ist die Hauptstadt.", load_rules().lexicon("de"))]
    [('Kiew', True), ('Kyjiw', False)]
    """
    if lexicon.kinds.get(form.entity) in _PEOPLE:
        return None  # a person's names stand side by side with others (Владимир Путин и Владимир Зеленский)
    own = words.joined(i, length).casefold()
    for index in _neighbours(words, i, i + length, _SENTENCE_ENDS):
        word = words.word(index)
        other = lexicon.forms.get((word.casefold(),))
        if (other is not None and other.entity == form.entity and word.casefold() != own and not other.history
                and not other.before_entity and (other.written or "").casefold() == (form.written or "").casefold()):
            return word
    return None


def _neighbours(words: Words, start: int, end: int, ends: frozenset[str]) -> list[int]:
    """The indices of up to ``_WINDOW`` words either side of words ``start``..``end - 1``, up to a gap
    holding one of ``ends`` (a clause's or a sentence's end)."""
    found = []
    for step, first in ((-1, start - 1), (1, end)):
        index = first
        while 0 <= index < len(words) and abs(index - first) < _WINDOW:
            if any(c in ends for c in words.gap_before(index + 1 if step < 0 else index)):
                break
            found.append(index)
            index += step
    return found


def in_longer_name(words: Words, i: int, length: int, lexicon: Lexicon, entity: str) -> str | None:
    """The longer proper name that the form at words ``i``..``i + length - 1`` is part of, or None.

    A capitalised word joined to the form by a hyphen (``Volga-Dnepr``), or right before it in the
    same sentence (``Stanica Ługańska``), makes a longer name, unless it is a form of the rules,
    a designator of the language (``Oblast``), at a sentence's start, or a common word the
    language's lexicon knows (``Minsk Agreements``; German nouns: ``Kiew-Besuch``, ``Stadt``).
    What follows a place after a space is read only in the languages that say so (``names_after_place``:
    the press of de, fr, es, pt, it writes the English names of things after the city's name): two or more
    capitalised words there make a longer name (``Kyiv City Ballet``, ``Kyiv International Institute``).
    In English they are a common word when part of its name (``Kyiv Post``: an exception of the rules,
    in any spelling) and most often another name when not (``gave Kiev Starlink systems``): not read.
    Only the names of places and rivers are read so: a person's name stands among given names,
    titles and other names by nature, and those of other people are told by context variants.
    """
    context = lexicon.context
    if context is None or words.word(i).isupper() or lexicon.kinds.get(entity) in _PEOPLE:
        return None  # an ALL-CAPS line tells no capitals apart
    end, place = i + length, lexicon.kinds.get(entity) == "place"
    if (i > 0 and _makes_a_longer_name(words, i - 1, words.gap_before(i), lexicon, -1)
            and not (place and words.gap_before(i) == "-" and _two_places(words, i - 1, end, lexicon))):
        return words.joined(i - 1, length + 1)
    if (end < len(words) and words.gap_before(end) == "-" and _makes_a_longer_name(words, end, "-", lexicon, 1)
            and not (place and _two_places(words, end, end + 1, lexicon))):
        return words.joined(i, length + 1)
    following = _capitalised_run(words, end, lexicon) if context.names_after_place else 0
    if following >= 2:
        return words.joined(i, length + following)
    return None


def _two_places(words: Words, other: int, pair_end: int, lexicon: Lexicon) -> bool:
    """Is word ``other``, joined by a hyphen to a place, a city too (GeoNames, :mod:`~normalize.stages.gazetteer`),
    so that the pair, ending before word ``pair_end``, is a route or a link (``Charkiw-Belgorod``, ``Київ-Франкфурт``)
    and each keeps its own reading?  Not when a capitalised word follows the pair: it names something after the
    two (``the Lvov-Sandomierz Offensive``).

    >>> from normalize.rules.load import load_rules
    >>> from normalize.stages.spelling import find_mentions
    >>> de = load_rules().lexicon("de")
    >>> [(m.replacement, m.left) for m in find_mentions("Die Strecke Kharkiv-Belgorod ist gesperrt.", de)]
    [('Charkiw', None)]
    """
    if not is_city(words.word(other), lexicon.language):
        return False
    after = words.word(pair_end) if pair_end < len(words) and words.gap_before(pair_end) == " " else ""
    return not (after[:1].isupper() and not lexicon.context.capitalises_nouns)


def _capitalised_run(words: Words, index: int, lexicon: Lexicon) -> int:
    """How many capitalised words, none starting a form of the rules nor a designator, follow in a row from word
    ``index``, each after one space (``Kyiv City Ballet``, ``Kharkiv Human Rights Protection Group``)."""
    count = index
    while (count < len(words) and words.gap_before(count) == " " and words.word(count)[:1].isupper()
           and not words.word(count).isupper() and not _a_form_from(words, count, lexicon, 1)
           and words.word(count).casefold() not in lexicon.context.designators):
        count += 1
    return count - index


def _makes_a_longer_name(words: Words, index: int, gap: str, lexicon: Lexicon, step: int) -> bool:
    """Does word ``index``, across ``gap`` from a form (before it: ``step`` -1, after it: 1), make a longer name with it?"""
    word, context = words.word(index), lexicon.context
    if gap not in ("-", " ") or not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False
    if gap == " " and _starts_sentence(words, index):
        return False
    if _a_form_from(words, index, lexicon, step) or word.casefold() in context.designators:
        return False
    # Where only names are capitalised, a capital joined by a hyphen is a name (Volga-Dnepr; Italian volga is
    # a verb); otherwise a common word with a capital (Minsk Agreements, German nouns: Kiew-Besuch) is none.
    if gap == "-" and not context.capitalises_nouns:
        return True
    return not known_as_word(word, lexicon.language, context.capitalises_nouns)


def _a_form_from(words: Words, index: int, lexicon: Lexicon, step: int) -> bool:
    """Does a form of the rules (of any length) reach word ``index`` from the side away from a form beside it
    (``step`` -1: a form ending at it, ``Dinamo Kijóws Ahtyrka``; 1: one starting at it, ``Kyiv Zoria Luhansʹku``)?
    Then it is a name of its own, read alike whatever the first run writes there."""
    for length in range(1, lexicon.longest + 1):
        start = index - length + 1 if step < 0 else index
        if start >= 0 and words.phrase(start, length) in lexicon.entity_of:
            return True
    return False


def _starts_sentence(words: Words, index: int) -> bool:
    gap = words.gap_before(index)
    return index == 0 or any(c in _CLAUSE_ENDS for c in gap) or gap.strip() in _OPENING_MARKS


def river_or_city(words: Words, i: int, length: int, form: Form, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """For a form two things share (the city Dnipro and the river Dnieper): ``(entity, None)``, the entity
    the words around it name, or ``(None, reason)`` when they do not tell (or tell both)."""
    homonym, context = lexicon.homonyms.get(form.entity), lexicon.context
    if homonym is None or context is None or lexicon.language in homonym.alike:
        return form.entity, None  # one name, or two spelled alike in this language (Дніпро: either reading writes it)
    marks = {"river": (context.river_before, context.river_words), "city": (context.city_before, context.city_words)}
    other_kind = homonym.kind
    own_kind = "city" if other_kind == "river" else "river"
    found = {kind for kind, (before, _) in marks.items() if i > 0 and words.word(i - 1).casefold() in before
             and words.gap_before(i).isspace()}
    if not found:
        clause = {words.word(index).casefold() for index in _neighbours(words, i, i + length, _CLAUSE_ENDS)}
        found = {kind for kind, (_, nearby) in marks.items() if clause & nearby}
    if found == {other_kind}:
        return homonym.other, None
    if found == {own_kind}:
        return form.entity, None
    written = words.joined(i, length)
    return None, f"{written}: the {other_kind} ({homonym.other}) or the {own_kind} ({form.entity})? the words around it do not tell"


def declined_for_context(words: Words, i: int, form: Form, lexicon: Lexicon, original: str) -> tuple[str | None, str | None]:
    """For an undeclined form (a variant as written) of a name in a language that declines names:
    ``(replacement, None)``, the canonical in the case the word before it tells (:func:`cases_told`),
    or ``(None, reason)`` when that word allows cases the canonical writes differently.  ``(None, None)``:
    nothing before it tells a case (the variant is written in the nominative, the canonical's
    nominative replaces it: ``Zelensky powiedział``), or the language declines no names."""
    context, cases = lexicon.context, lexicon.cases.get(form.entity)
    if context is None or not context.prepositions or form.replacement is not None:
        return None, None
    told = cases_told(words, i, form.entity, lexicon)
    if told is None:
        return None, None
    word, governed = told
    if cases is None:  # the rules give no declension of it here: only a nominative can be written
        if "nom" in governed:
            return None, None
        return None, f"{word} {original}: the case after {word} is {' or '.join(governed)}, and the rules do not decline it in {lexicon.language}"
    surfaces = {cases.get(case) for case in governed}
    if len(surfaces) == 1 and None not in surfaces:
        return match_case(original, surfaces.pop()), None
    if lexicon.context.cases_after(word):
        return None, f"{word} {original}: {word} governs {' or '.join(governed)}; the case of the name is not told"
    return None, f"{word} {original}: after {word} the name is {' or '.join(governed)}; its case is not told"


def cases_told(words: Words, i: int, entity: str, lexicon: Lexicon) -> tuple[str, tuple[str, ...]] | None:
    """The word before word ``i`` and the cases a name of ``entity`` can take after it, or None when it tells none.

    A preposition governs its cases (``rules/context.toml``); a given name of the lexicon before a surname gives
    its own case (``Wołodymyra Zelensky``); a title before a person (``prezydenta``) and a noun a place stands beside
    (``miasto``, ``город``) give theirs (apposition); any other noun or adjective gives its cases or the genitive,
    only the genitive when it is plural before a place (``mieszkańcy Kijowa``).  After a conjunction or a comma that
    follows another name, the name shares that name's case (``z Charkowa i Lwowa``).
    """
    if i == 0 or not words.gap_before(i).isspace():
        return _shared_with_the_name_before(words, i, entity, lexicon)
    context, word = lexicon.context, words.word(i - 1)
    folded, kind = word.casefold(), lexicon.kinds.get(entity)
    governed = context.cases_after(word)
    if governed:
        return word, governed
    if folded in context.conjunctions:
        return _shared_with_the_name_before(words, i - 1, entity, lexicon)
    given = _given_name_cases(folded, lexicon)
    if given and kind == "person":
        return word, given
    if kind == "given-name" and folded not in context.designators:
        return None  # a given name takes the case of the surname after it, not of the word before
    if word[:1].isupper() and folded not in context.designators and not _starts_sentence(words, i - 1):
        return None  # a name before it (Prezydent Ukrainy Zełenski): part of a title, no case told
    found = nominal(word, lexicon.language)
    if found is None or not found.cases:
        return None
    if kind in _PEOPLE and folded in context.designators or kind not in _PEOPLE and found.lemmas & context.apposition:
        return word, _ordered(found.cases)
    if kind not in _PEOPLE and found.plural:
        return word, ("gen",)
    return word, _ordered(found.cases | {"gen"})


def _shared_with_the_name_before(words: Words, i: int, entity: str, lexicon: Lexicon):
    """The cases told for a name of ``entity`` that is listed after another name: ``Kharkiv, Lviv`` or ``Kharkiv i Lviv``."""
    before = i - 1
    if before < 1 or words.gap_before(i).strip() not in ("", ",") or (words.word(before).casefold(),) not in lexicon.entity_of:
        return None
    return cases_told(words, before, entity, lexicon)


def _given_name_cases(folded: str, lexicon: Lexicon) -> frozenset[str]:
    """The cases of a given name of the lexicon written ``folded`` (``wołodymyra``: gen, acc), or none."""
    form = lexicon.forms.get((folded,))
    if form is None or lexicon.kinds.get(form.entity) != "given-name" or form.written is None:
        return frozenset()
    written = form.written.casefold()
    return frozenset(case for case, surface in lexicon.cases.get(form.entity, {}).items() if surface.casefold() == written)


def _ordered(cases) -> tuple[str, ...]:
    return tuple(case for case in CASES if case in cases)
