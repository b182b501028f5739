"""Evidence against merging: why two forms that look alike are different names.

CLDR country and language names, gendered Slavic surnames, the lexicons' lemmas
(forms of one word, two known words, a word and its English translation), case forms of
one declension paradigm (:mod:`normalize.discovery.paradigms`), inflections and
derivations, letters added at either end, different endings, people
(:mod:`~normalize.discovery.persons`), two forms in one sentence, the rules' entities
and earlier rejections: each check says why, or nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache

from normalize.discovery.data import discovery_data
from normalize.discovery.keys import ascii_spelling, fold
from normalize.discovery.lemmas import is_common_word, lemmas
from normalize.discovery.names import Name, NameCounts
from normalize.discovery.paradigms import case_forms, paradigms_of
from normalize.discovery.persons import FullNames, foreign_name_evidence, full_names, given_name_evidence, parts_evidence
from normalize.rules.model import Rules


def evidence_against(a: Name, b: Name, counts: NameCounts, rules: Rules, full: FullNames | None = None) -> str | None:
    """Why ``a`` and ``b`` are different names however alike they look, or None.

    >>> from normalize.discovery.names import FormTally
    >>> from normalize.rules.load import parse_rules
    >>> rules = parse_rules([])
    >>> def name(form): return Name(form, "en", FormTally(1, 0, 0))
    >>> evidence_against(name("Austria"), name("Australia"), NameCounts(), rules)
    'CLDR: Austria (territory AT) and Australia (territory AU) are different names'
    >>> evidence_against(name("Zelensky"), name("Zelenska"), NameCounts(), rules)
    'gendered forms of one name: Zelensky and Zelenska'
    >>> evidence_against(name("Gaddafi"), name("Qaddafi"), NameCounts(), rules) is None
    True
    """
    for check in (_rules_evidence, _cldr_evidence, _gendered_evidence, _ending_evidence, _lexicon_evidence,
                  _english_word_evidence, _compound_evidence, _paradigm_evidence, _other_alphabet_evidence, _quoted_evidence,
                  _affix_evidence, _different_endings_evidence, _first_letter_evidence, _quotation_marks_evidence):
        reason = check(a, b, rules)
        if reason:
            return reason
    full = full if full is not None else full_names(counts)
    for person_check in (foreign_name_evidence, given_name_evidence, parts_evidence):
        reason = person_check(a, b, full)
        if reason:
            return reason
    pair = (a.language, *sorted((a.form, b.form)))
    if counts.together[pair] >= discovery_data().evidence.same_sentence:
        return f"{a.form} and {b.form} occur in one sentence as two names ({counts.together[pair]}×)"
    return None


def _rules_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    if a.entity and b.entity and a.entity != b.entity:
        return f"the rules know {a.form} ({a.entity}) and {b.form} ({b.entity}) as different entities"
    for rejected in rules.rejected:
        if rejected.language in (None, a.language) and {a.form.casefold(), b.form.casefold()} <= rejected.keys:
            return f"rejected at {rejected.source}:{rejected.line}"
    return None


def _cldr_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    (code_a, exact_a), (code_b, exact_b) = _cldr_code(a.form, a.language), _cldr_code(b.form, b.language)
    if code_a and code_b and code_a != code_b:
        return f"CLDR: {a.form} ({code_a}) and {b.form} ({code_b}) are different names"
    if code_a and code_a == code_b and exact_a != exact_b:
        return f"CLDR: one of {a.form} and {b.form} is the name of {code_a}, the other a word made from it"
    if code_a and code_a == code_b and exact_a and a.language != "en" and ascii_spelling(a.form) != ascii_spelling(b.form):
        own = _cldr_names(a.language, english=False)
        for word, other in ((a, b), (b, a)):
            if word.form.casefold() in own and other.form.casefold() not in own:
                return f"CLDR: {word.form} is the {a.language} name of {code_a} and {other.form} the English one: a translation"
    return None


def _cldr_code(form: str, language: str) -> tuple[str | None, bool]:
    """The CLDR code of a country or language name, and whether ``form`` is that name exactly.

    A name with a short ending, or with its last letter changed, is made from it
    (Austrian, Argentinean): it has the code, inexactly.

    >>> _cldr_code("Austria", "en"), _cldr_code("Argentinean", "en"), _cldr_code("Gaddafi", "en")
    (('territory AT', True), ('territory AR', False), (None, False))
    """
    names = _cldr_names(language)
    key = form.casefold()
    if key in names:
        return names[key], True
    for cut in (1, 2, 3):
        stem = key[:-cut]
        if len(stem) >= 4 and (stem in names or (stem, "last") in names):
            return names.get(stem) or names[(stem, "last")], False
    return None, False


@lru_cache(maxsize=64)
def _cldr_names(language: str, english: bool = True) -> dict:
    """Country and language names in English (unless not ``english``) and in ``language``, from Babel's CLDR data.

    >>> "indonesia" in _cldr_names("fr"), "indonesia" in _cldr_names("fr", english=False)
    (True, False)
    """
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    for code in dict.fromkeys(("en", language) if english else (language,)):
        try:
            locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        for kind, table in (("territory", locale.territories), ("language", locale.languages)):
            for key, name in table.items():
                if key.isalpha():  # numeric codes are regions such as "Europe"
                    names.setdefault(name.casefold(), f"{kind} {key}")
                    names.setdefault((name.casefold()[:-1], "last"), f"{kind} {key}")
    return names


def _gendered_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    fa, fb = fold(a.form), fold(b.form)
    for masculine, feminine in discovery_data().evidence.gendered:
        for he, she in ((fa, fb), (fb, fa)):
            stem = he[:len(he) - len(masculine)] if he.endswith(masculine) else None
            if stem and len(stem) >= 3 and she == stem + feminine:
                return f"gendered forms of one name: {a.form} and {b.form}"
    return None


def _lexicon_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """Forms of one lemma; two words the lexicon knows apart; a word and its English translation.

    >>> from normalize.discovery.names import FormTally
    >>> def name(form, language): return Name(form, language, FormTally(1, 0, 0))
    >>> _lexicon_evidence(name("Schaden", "de"), name("Schäden", "de"), None)
    "Schaden and Schäden are forms of one word (the de lexicon's lemma 'schaden')"
    >>> _lexicon_evidence(name("Forderung", "de"), name("Förderung", "de"), None)
    'Forderung and Förderung are two words the de lexicon knows (forderung / förderung)'
    >>> _lexicon_evidence(name("Präsident", "de"), name("President", "de"), None)
    'Präsident is a de word and President an English one: a word and its translation'
    >>> _lexicon_evidence(name("Große", "de"), name("Grösse", "de"), None)  # Swiss ss: Größe
    'Große and Grösse are two words the de lexicon knows (grosser / grösse)'
    """
    language = a.language
    if a.form.casefold() == b.form.casefold():
        return None
    shared = lemmas(a.form, language, guesses=True) & lemmas(b.form, language, guesses=True)
    if shared:
        return f"{a.form} and {b.form} are forms of one word (the {language} lexicon's lemma {min(shared)!r})"
    known_a, known_b = lemmas(a.form, language), lemmas(b.form, language)
    respelled_a = known_a or _respelled_lemmas(a.form, language)
    respelled_b = known_b or _respelled_lemmas(b.form, language)
    if respelled_a & respelled_b:
        return None  # one word in two orthographies (Wuerttemberg, Württemberg)
    if respelled_a and respelled_b and language in discovery_data().evidence.known_words_apart:
        known_a, known_b = respelled_a, respelled_b
    if known_a and known_b and language in discovery_data().evidence.known_words_apart:
        return (f"{a.form} and {b.form} are two words the {language} lexicon knows "
                f"({' '.join(sorted(known_a))} / {' '.join(sorted(known_b))})")
    if language != "en":
        for word, other, known in ((a, b, known_a and not known_b), (b, a, known_b and not known_a)):
            if known and lemmas(other.form, "en"):
                return f"{word.form} is a {language} word and {other.form} an English one: a word and its translation"
    return None


def _english_word_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """In text of another language, a common English word (simplemma's, not a proper noun) that accepting would
    respell into a form that is no English word is a word, not a spelling of that name: the newspaper ``Der
    Advocate`` is not the coach Dick ``Advocaat``.  When the English word is the more frequent form, the other is
    its misspelling (Sommerset).  Not in English text, where simplemma knows given names as words (Joseph).

    >>> from normalize.discovery.names import FormTally
    >>> _english_word_evidence(Name("Advocaat", "de", FormTally(1)), Name("Advocate", "de", FormTally(1)), None)
    'Advocate is an English word, Advocaat is not: a word, not a spelling of that name'
    >>> _english_word_evidence(Name("Somerset", "fr", FormTally(9)), Name("Sommerset", "fr", FormTally(1)), None)
    """
    if a.language == "en":
        return None
    for word, other in ((a, b), (b, a)):
        respelled = (-word.tally.count, word.form) > (-other.tally.count, other.form)
        if respelled and is_common_word(word.form, "en") and not is_common_word(other.form, "en"):
            return f"{word.form} is an English word, {other.form} is not: a word, not a spelling of that name"
    return None


def _compound_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """Two compounds with one last word and different first words (``compounds`` languages): two words.

    >>> from normalize.discovery.names import FormTally
    >>> _compound_evidence(Name("Barunternehmen", "de", FormTally(1)), Name("Bauunternehmen", "de", FormTally(1)), None)
    'Barunternehmen and Bauunternehmen are compounds of unternehmen with two words (bar / bau)'
    >>> _compound_evidence(Name("Generalversammlung", "de", FormTally(1)), Name("Generalsversammlung", "de", FormTally(1)), None)
    """
    language = a.language
    if language not in discovery_data().evidence.compounds:
        return None
    x, y = a.form.casefold(), b.form.casefold()
    shared = len(os.path.commonprefix([x[::-1], y[::-1]]))
    for cut in range(shared, _COMPOUND_PART - 1, -1):
        first_x, first_y = x[:-cut], y[:-cut]
        if min(len(first_x), len(first_y)) < _COMPOUND_PART - 1 or not lemmas(x[-cut:], language):
            continue
        lemmas_x, lemmas_y = lemmas(first_x, language), lemmas(first_y, language)
        if lemmas_x and lemmas_y and not lemmas_x & lemmas_y:
            return f"{a.form} and {b.form} are compounds of {x[-cut:]} with two words ({first_x} / {first_y})"
    return None


_COMPOUND_PART = 4  # letters of a compound's last word at least; its first has one fewer at least (Bau)


def _respelled_lemmas(word: str, language: str) -> frozenset[str]:
    """The lemmas of ``word`` written in the language's standard orthography (``respell``: Swiss
    ``Grösse`` is ``Größe``), if the lexicon knows it so; else nothing.

    >>> sorted(_respelled_lemmas("Grösse", "de")), _respelled_lemmas("Qaddafi", "de")
    (['grösse'], frozenset())
    """
    for before, after in discovery_data().evidence.respell.get(language, ()):
        if before in word:
            found = lemmas(word.replace(before, after), language)
            if found:
                return found
    return frozenset()


def _paradigm_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """Two cases of one stem in one of the language's paradigms: one name declined, not two spellings.

    >>> from normalize.discovery.names import FormTally
    >>> from normalize.rules.load import load_rules
    >>> def name(form): return Name(form, "uk", FormTally(1, 0, 0))
    >>> _paradigm_evidence(name("Сонори"), name("Сонорі"), load_rules())
    'Сонори and Сонорі are case forms of one name (uk-feminine-a: Сонори (gen) and Сонорі (dat, loc))'
    """
    reason = case_forms(a.form, b.form, paradigms_of(rules, a.language))
    return f"{a.form} and {b.form} are case forms of one name ({reason})" if reason else None


def _other_alphabet_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """A form with letters only another language's alphabet has is a quote in that language.

    >>> from normalize.discovery.names import FormTally
    >>> def name(form): return Name(form, "uk", FormTally(1, 0, 0))
    >>> _other_alphabet_evidence(name("України"), name("Украины"), None)
    'Украины is written with ru letters (ы) in uk text: a quote in another language'
    """
    for other, letters in sorted(discovery_data().evidence.own_letters.items()):
        if other == a.language:
            continue
        for name, rest in ((a, b), (b, a)):
            found = sorted(set(name.form.casefold()) & set(letters))
            if found and not set(rest.form.casefold()) & set(letters):
                return f"{name.form} is written with {other} letters ({''.join(found)}) in {a.language} text: a quote in another language"
    return None


def _quoted_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """A form seen only in lines without the letters of the text's own alphabet is a quote in another language.

    Ukrainian prose has ``і`` in almost every line; a line of ``quote_letters`` letters
    or more without any of ``і``, ``ї``, ``є``, ``ґ`` is Russian (``Но я понимаю, что Путин ...``).

    >>> from normalize.discovery.names import FormTally
    >>> _quoted_evidence(Name("Путін", "uk", FormTally(5, 0, 0, 2, ("a.txt",), quoted=0)),
    ...                  Name("Путин", "uk", FormTally(2, 0, 0, 1, ("a.txt",), quoted=2)), None)
    'Путин is seen only in lines without uk letters (іїєґ): a quote in another language'
    """
    letters = discovery_data().evidence.own_letters.get(a.language)
    for name, other in ((a, b), (b, a)):
        if _quoted(name) and not _quoted(other):
            return f"{name.form} is seen only in lines without {a.language} letters ({letters}): a quote in another language"
    return None


def _quoted(name: Name) -> bool:
    """Is every sighting of ``name`` in a line without the letters of its language (counted with the names)?"""
    return 0 < name.tally.count <= name.tally.quoted


def _quotation_marks_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """In a language that quotes the names of organisations (``quoted_names``), a form always in quotation
    marks and one never in them are an organisation and the place or person it is named after.

    >>> from normalize.discovery.names import FormTally
    >>> _quotation_marks_evidence(Name("Наполі", "uk", FormTally(2, in_quotes=2)), Name("Неаполі", "uk", FormTally(1)), None)
    '«Наполі» is always in quotation marks, Неаполі never: an organisation and what it is named after'
    >>> _quotation_marks_evidence(Name("Наполі", "en", FormTally(2, in_quotes=2)), Name("Неаполі", "en", FormTally(1)), None)
    """
    if a.language not in discovery_data().evidence.quoted_names:
        return None
    for quoted, plain in ((a, b), (b, a)):
        if quoted.tally.in_quotes == quoted.tally.count > 0 and plain.tally.in_quotes == 0:
            return f"«{quoted.form}» is always in quotation marks, {plain.form} never: an organisation and what it is named after"
    return None


def _ending_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    endings = discovery_data().evidence.endings.get(a.language, ())

    def stems(word: str) -> set[str]:
        return {word} | {word[:-len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 3}

    if a.form.casefold() != b.form.casefold() and stems(a.form.casefold()) & stems(b.form.casefold()):
        return f"{a.form} and {b.form} are inflected or derived forms of one word, not spellings"
    return None


def _affix_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    short, long = sorted((ascii_spelling(a.form), ascii_spelling(b.form)), key=len)
    if short != long and (long.startswith(short) or long.endswith(short)) and fold(a.form) != fold(b.form):
        return f"one name is the other with letters added: {a.form} / {b.form}"
    return None


def _different_endings_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """Different endings after a common stem: two words (Chancellor/Chancellery), unless the rests end alike
    (``realigned`` letters): a difference in the middle, no ending (Укроборонпромі/Укроборонромі).

    >>> from normalize.discovery.names import FormTally
    >>> def name(form): return Name(form, "en", FormTally(1))
    >>> _different_endings_evidence(name("Chancellor"), name("Chancellery"), None)
    "different endings after 'chancell': Chancellor / Chancellery"
    >>> _different_endings_evidence(name("Kavadarkov"), name("Kavardarkov"), None)
    """
    settings = discovery_data().evidence
    pa, pb = ascii_spelling(a.form), ascii_spelling(b.form)
    stem = len(os.path.commonprefix([pa, pb]))
    ra, rb = pa[stem:], pb[stem:]
    if fold(a.form) == fold(b.form) or stem < settings.stem_length:
        return None
    if len(os.path.commonprefix([ra[::-1], rb[::-1]])) >= settings.realigned:
        return None
    if fold(ra) != fold(rb) and len(ra) + len(rb) >= settings.different_endings:
        return f"different endings after {pa[:stem]!r}: {a.form} / {b.form}"
    return None


def _first_letter_evidence(a: Name, b: Name, rules: Rules) -> str | None:
    """Forms that begin with different letters once folded are different names: transliteration tables map a
    name's first letter to one Latin letter (folding joins their choices: g/k, j/i/y, w/v), and Soundex keeps it
    as written for that reason.  ``Армітаж`` (Luke Armitage) is not the ``Ермітаж`` (the Hermitage), nor
    ``Abschuss`` ``Beschuss``; a Ukrainian ``Oleksandr`` is not a Russian ``Aleksandr``.

    >>> from normalize.discovery.names import FormTally
    >>> _first_letter_evidence(Name("Армітаж", "uk", FormTally(1)), Name("Ермітаж", "uk", FormTally(1)), None)
    'Армітаж and Ермітаж begin with different letters (a / e): different names'
    >>> _first_letter_evidence(Name("Gaddafi", "en", FormTally(1)), Name("Qaddafi", "en", FormTally(1)), None)
    """
    first_a, first_b = fold(a.form)[:1], fold(b.form)[:1]
    if first_a != first_b:
        return f"{a.form} and {b.form} begin with different letters ({first_a} / {first_b}): different names"
    return None
