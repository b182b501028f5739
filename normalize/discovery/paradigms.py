"""Case forms by the declension paradigms of the rules (``rules/inflection.toml``): one name in two cases is not two spellings.

Most names in news are foreign and unknown to every lexicon, yet a Polish or
Ukrainian text declines them: ``Theresa``/``Theresą``, ``Сонори``/``Сонорі``,
``Феттеля``/``Феттелю``.  A paradigm lists the endings of one declension (each with
the grammar it follows), so two forms that one paradigm makes from one stem, in two
different cases, are case forms of one name (:func:`case_forms`): respelling one into
the other would change the grammar of every sentence it touched.  And the forms of a
suggestion that a paradigm declines bring their case forms with them
(:func:`declension`), so that accepting writes the paradigm, not one form.

>>> from normalize.rules.load import load_rules
>>> paradigms = paradigms_of(load_rules(), "pl")
>>> case_forms("Theresa", "Theresą", paradigms)
'pl-feminine-a: Theresa (nom) and Theresą (ins)'
>>> case_forms("Gaddafi", "Kaddafi", paradigms) is None
True
"""

from __future__ import annotations

from typing import Callable, Container, Iterable

from normalize.rules.model import NOMINATIVE, Paradigm, Rules

MIN_STEM = 3  # letters a stem keeps once its ending is taken off: "Odes-" of Odesa, not "Ki-" of Kiev/Kieva


def paradigms_of(rules: Rules, language: str) -> tuple[Paradigm, ...]:
    """The paradigms ``rules`` give ``language``, in the order of their ids."""
    return tuple(p for _, p in sorted(rules.paradigms.items()) if p.language == language)


def readings(word: str, paradigm: Paradigm) -> set[tuple[str, str]]:
    """Each (case-folded stem, case) that ``paradigm`` can make ``word`` of.

    >>> from normalize.rules.model import Paradigm
    >>> p = Paradigm("uk-feminine-a", "uk", {"nom": ("а",), "gen": ("и",), "dat": ("і",), "loc": ("і",)}, "f", 1)
    >>> sorted(readings("Сонорі", p))
    [('сонор', 'dat'), ('сонор', 'loc')]
    """
    folded = word.casefold()
    return {(folded[:len(folded) - len(ending)], case)
            for case, endings in paradigm.endings.items() for ending in endings
            if folded.endswith(ending.casefold()) and len(folded) - len(ending) >= MIN_STEM}


def case_forms(a: str, b: str, paradigms: tuple[Paradigm, ...]) -> str | None:
    """How one paradigm makes ``a`` and ``b`` from one stem in two cases, or None.

    Names of several words are compared word by word: every word that differs must be
    a case form of the other (``Christine Ford``/``Christiny Ford``).

    >>> from normalize.rules.load import load_rules
    >>> uk = paradigms_of(load_rules(), "uk")
    >>> case_forms("Ніколенко", "Ніколенка", uk), case_forms("Гемілтон", "Хемілтон", uk)
    ('uk-enko: Ніколенко (nom) and Ніколенка (acc, gen)', None)
    """
    words_a, words_b = a.split(), b.split()
    pairs = [(x, y) for x, y in zip(words_a, words_b) if x.casefold() != y.casefold()]
    if len(words_a) != len(words_b) or not pairs:
        return None
    found = [_one_stem_two_cases(x, y, paradigms) for x, y in pairs]
    return "; ".join(found) if all(found) else None


def _one_stem_two_cases(a: str, b: str, paradigms: tuple[Paradigm, ...]) -> str | None:
    for paradigm in paradigms:
        of_a, of_b = readings(a, paradigm), readings(b, paradigm)
        stems = {stem for stem, _ in of_a} & {stem for stem, _ in of_b}
        for stem in sorted(stems):
            cases_a = sorted(case for s, case in of_a if s == stem)
            cases_b = sorted(case for s, case in of_b if s == stem)
            return f"{paradigm.id}: {a} ({', '.join(cases_a)}) and {b} ({', '.join(cases_b)})"
    return None


def declension(forms: list[str], attested: Container[str], paradigms: tuple[Paradigm, ...]) -> tuple[str, dict[str, list[str]]] | None:
    """The paradigm that declines every one of ``forms`` (nominatives), with each form's case forms in ``attested``.

    None when no paradigm declines them all or the text holds no other case of any:
    without a case form in the text, nothing shows that the paradigm is the one used.
    Of several, the one with the most case forms in the text wins, then the first by id.
    A form is declined only by its most specific paradigms (the longest nominative ending
    that fits: Чехія by ``uk-feminine-iya``, never by ``uk-feminine-ya``, which would write
    ``Чехіі``), and names of several words are left alone (a paradigm declines one word).

    >>> from normalize.rules.load import load_rules
    >>> uk = paradigms_of(load_rules(), "uk")
    >>> declension(["Сонора", "Санора"], {"Сонори", "Сонорі", "Санору", "Сонорою"}, uk)
    ('uk-feminine-a', {'Сонора': ['Сонори', 'Сонорі', 'Сонорою'], 'Санора': ['Санору']})
    >>> declension(["Сонора"], {"Сонора"}, uk) is None, declension(["Чехія", "Чехия"], {"Чехію", "Чехию"}, uk) is None
    (True, True)
    """
    best = None
    if any(" " in form or "-" in form for form in forms):
        return None
    specific = [_most_specific(form, paradigms) for form in forms]
    for paradigm in paradigms:
        if not all(paradigm in fitting for fitting in specific):
            continue
        tables = [paradigm.decline(form) for form in forms]
        found = {form: [case for case in dict.fromkeys(s for cases in table.values() for s in cases)
                        if case in attested and case != form and case != table[NOMINATIVE][0]]
                 for form, table in zip(forms, tables)}
        size = sum(map(len, found.values()))
        if size and (best is None or size > best[0]):
            best = (size, paradigm.id, found)
    return (best[1], best[2]) if best else None


def _most_specific(form: str, paradigms: tuple[Paradigm, ...]) -> list[Paradigm]:
    """The paradigms that decline ``form`` with the longest nominative ending that fits it."""
    fitting = [p for p in paradigms if p.decline(form)]
    longest = max((len(p.endings[NOMINATIVE][0]) for p in fitting), default=0)
    return [p for p in fitting if len(p.endings[NOMINATIVE][0]) == longest]


def declined_elsewhere(suggestions: Iterable[dict]) -> Callable[[dict], bool]:
    """Is a suggestion of ``suggestions`` one whose every form is a case form of another's (listed under its ``case_forms``)?

    Accepting that other one writes its paradigm, which respells these forms too
    (Санори -> Сонори under Сонора <- Санора): they join it rather than stand alone.

    >>> nominative = {"id": "s-1", "language": "uk", "variants": [
    ...     {"form": "Сонора", "case_forms": ["Сонори"]}, {"form": "Санора", "case_forms": ["Санори"]}]}
    >>> genitive = {"id": "s-2", "language": "uk", "variants": [{"form": "Сонори"}, {"form": "Санори"}]}
    >>> declined = declined_elsewhere([nominative, genitive])
    >>> [s["id"] for s in (nominative, genitive) if not declined(s)]
    ['s-1']
    """
    declined_by = {}
    for suggestion in suggestions:
        for variant in suggestion["variants"]:
            for form in variant.get("case_forms", ()):
                declined_by.setdefault((suggestion["language"], form), suggestion["id"])
    return lambda s: all(declined_by.get((s["language"], v["form"]), s["id"]) != s["id"] for v in s["variants"])
