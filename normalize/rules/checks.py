"""The checks that make rules safe to apply, run as they are loaded: every form can be read back as one
name and is as the encoding repair leaves text, belongs to one entity, names paradigms and styles that
exist, and what the rules write is left alone by a second run (stability).

These checks run the stages that will apply the rules (:func:`~normalize.stages.encoding.fix_encoding`,
:func:`~normalize.stages.spelling.find_mentions`) rather than a copy of their logic, so this module
sits above the stages; the stages import only :mod:`~normalize.rules.model` and
:mod:`~normalize.rules.lexicon`, never this module or :mod:`~normalize.rules.load`.
"""

from __future__ import annotations

from itertools import chain

from normalize.errors import RulesError
from normalize.rules.lexicon import Form, Lexicon
from normalize.rules.model import NOMINATIVE, Entity, Rules
from normalize.stages.encoding import fix_encoding
from normalize.stages.spelling import find_mentions
from normalize.text import WORD, WORD_AND_GAPS, joins_name, match_case, phrase_key, script_of


def check_forms(entity: Entity) -> None:
    """Each form of ``entity`` can be found in text: its forms read back as one name, its exceptions
    have a word, and all are as the encoding repair leaves text (else they would never match)."""
    forms = entity.all_forms() + entity.exceptions
    written = set(entity.all_forms())  # exceptions are never written: they only need words to be found
    for form in forms:
        problem = read_back_problem(form) if form in written else _wordless(form)
        if problem:
            raise RulesError(entity.source, entity.lines[form], f"entity '{entity.id}': {problem}")
        repaired = fix_encoding(form)[0]
        if repaired != form:
            raise RulesError(
                entity.source, entity.lines[form],
                f"entity '{entity.id}': {form!r} is not as the encoding repair leaves text (it would read "
                f"{repaired!r}), so it would never match, or change again on a second run; write {repaired!r}",
            )


def read_back_problem(form: str) -> str | None:
    """Why the spelling stage could not read ``form`` back as one name, or None.

    Names are found word by word (``text.WORD``), the words of one name joined by the
    gaps ``text.joins_name`` accepts; whatever lies outside the words is never matched.
    A canonical that begins or ends outside a word grows on every run (``Yahoo!`` ->
    ``Yahoo!!``), one whose words do not join is read as separate names.

    >>> read_back_problem("Kyiv-Pechersk Lavra") is None, read_back_problem("Yahoo!")
    (True, "'Yahoo!' ends with '!', which is not part of a word: names are found by their words, so a canonical would gain another '!' on every run and a variant would match without it; write 'Yahoo'")
    """
    wordless = _wordless(form)
    if wordless:
        return wordless
    pieces = WORD_AND_GAPS.split(form)  # gap, word, gap, ..., word, gap
    for edge, gap in (("begins", pieces[0]), ("ends", pieces[-1])):
        if gap:
            return (f"{form!r} {edge} with {gap!r}, which is not part of a word: names are found by their words, "
                    f"so a canonical would gain another {gap!r} on every run and a variant would match without it; "
                    f"write {form[len(pieces[0]):len(form) - len(pieces[-1])]!r}")
    for before, gap, after in zip(pieces[1:-2:2], pieces[2:-1:2], pieces[3::2]):
        if not joins_name(gap):
            return (f"{form!r} has {gap!r} between '{before}' and '{after}', which ends a sentence or is too long "
                    "to join the words of one name, so it would be read as two names; "
                    "join them with a space, a hyphen or an apostrophe")
    return None


def _wordless(form: str) -> str | None:
    """Why ``form`` has no word to find (empty, or only punctuation and spaces), or None."""
    if not form:
        return "'' is an empty form; write a name or delete it"
    if not WORD.search(form):
        return (f"{form!r} has no letters or digits, only punctuation or spaces: names are found by their words, "
                "so it would never match; write a name or delete it")
    return None


def check_claims(rules: Rules, owner: dict[tuple[str, tuple[str, ...]], str], merged: Entity, added: Entity) -> None:
    """Each form belongs to one entity (``owner``: script and key of each form so far -> entity id, updated
    with the forms ``added`` to ``merged``); a canonical may not be another entity's variant; each exception
    contains a form of its entity."""
    key, script_of = rules.phrase_keys.__getitem__, rules.scripts.__getitem__
    for form in added.all_forms():
        holder = owner.setdefault((script_of(form), key(form)), merged.id)
        if holder != merged.id:
            raise RulesError(
                added.source, added.lines[form],
                f"'{form}' of entity '{merged.id}' is already a form of entity '{holder}': "
                "a form may belong to one entity only; remove it from one of them",
            )
    for exception in added.exceptions:
        if not any(_contains(key(exception), key(f)) for f in merged.all_forms()):
            raise RulesError(
                added.source, added.lines[exception],
                f"exception '{exception}' of entity '{merged.id}' contains none of its forms",
            )
    if merged.context_before is not None and merged.context_before == merged.id:
        raise RulesError(added.source, added.line, f"entity '{merged.id}': context_variants refers to itself")


def check_references(rules: Rules, entity: Entity) -> None:
    """Paradigms and styles named by an entity exist, and each canonical fits its paradigm."""
    for language, paradigm_id in ((lang, p) for lang, ids in entity.inflection.items() for p in ids):
        line = entity.lines.get(paradigm_id, entity.line)
        paradigm = rules.paradigms.get(paradigm_id)
        if paradigm is None:
            known = ", ".join(sorted(rules.paradigms)) or "none"
            raise RulesError(entity.source, line, f"entity '{entity.id}': no paradigm '{paradigm_id}' (known: {known})")
        if paradigm.language != language:
            raise RulesError(
                entity.source, line,
                f"entity '{entity.id}': paradigm '{paradigm_id}' is for '{paradigm.language}', not '{language}'",
            )
        for style in (None, *entity.styles):
            canonical = entity.canonical_for(language, rules.languages, style)
            if paradigm_id != entity.inflection[language][0] or not canonical:
                continue
            cases = paradigm.decline(canonical)
            if cases is None:
                raise RulesError(
                    entity.source, entity.lines.get(canonical, line),
                    f"entity '{entity.id}': '{canonical}' does not end in the nominative ending "
                    f"{paradigm.endings[NOMINATIVE][0]!r} of paradigm '{paradigm_id}'",
                )
            for case, surface in ((case, s) for case, surfaces in cases.items() for s in surfaces):
                problem = read_back_problem(surface)
                if problem:
                    raise RulesError(
                        paradigm.source, paradigm.line,
                        f"paradigm '{paradigm_id}' writes the {case} of '{canonical}' (entity '{entity.id}') "
                        f"as {surface!r}, which it cannot use: {problem}",
                    )
    for style in entity.styles:
        if style not in rules.styles:
            raise RulesError(
                entity.source, entity.line,
                f"entity '{entity.id}': style '{style}' is not declared; add it to a file's styles = {{ ... }}",
            )


def check_stable(rules: Rules) -> None:
    """Refuse rules whose output a second cleaning would change again.

    Two ways a written form can be rewritten again: read alone, a second run finds
    another rule in it (:func:`_check_read_back`), or together with the words around
    it, it reads as a multi-word variant (:func:`_check_taken_in`).  Only
    the entities that may take part are compiled (:func:`_may_read_otherwise`,
    :func:`_may_take_in`): a file of one-word names costs nothing to check.
    """
    multiword = any(len(rules.phrase_keys[form]) > 1 for e in rules.entities.values() for form in e.all_forms())
    ids = _may_read_otherwise(rules) | (_may_take_in(rules) if multiword else set())
    if not ids:
        return
    languages = rules.spoken_languages()
    involved = rules.restricted_to(ids)
    for style in (None, *sorted(rules.styles)):
        styled = involved.with_style(style)
        for lexicon in styled.lexicons(_restyled(styled, languages)):
            _check_read_back(lexicon)
            if multiword:
                _check_taken_in(lexicon)


def _may_read_otherwise(rules: Rules) -> set[str]:
    """The ids of the entities a second run might read differently from what they write.

    A one-word canonical reads back as itself, in capitals too, unless its capitals
    fold to other letters (``Diyarbakır``, ``DIYARBAKIR``) or are not all capitals.
    The others: entities with a paradigm (their cases), or a canonical of several
    words, or such capitals, and the entities that hold the forms of those capitals.
    """
    ids, capitals = set(), set()
    for entity in rules.entities.values():
        if entity.inflection:
            ids.add(entity.id)
        for _, written in entity.canonicals_by_language():
            upper = written.upper()
            if len(rules.phrase_keys[written]) > 1 or rules.phrase_keys[upper] != rules.phrase_keys[written] or match_case(upper, written) != upper:
                ids.add(entity.id)
                capitals.add(rules.phrase_keys[upper])
    if capitals:
        ids.update(e.id for e in rules.entities.values() if any(rules.phrase_keys[f] in capitals for f in e.all_forms()))
    return ids


def _check_read_back(lexicon: Lexicon) -> None:
    """Each form the lexicon writes, as written and in capitals, is left as it is by a second run."""
    written = {form.written: form for form in lexicon.forms.values() if form.written}
    for text, form in sorted(written.items()):
        for again in dict.fromkeys((text, text.upper())):
            for mention in find_mentions(again, lexicon):
                if mention.form != mention.replacement:
                    source, _, line = form.rule.rpartition(":")
                    raise RulesError(
                        source, int(line),
                        f"in {lexicon.language}, entity '{form.entity}' writes '{again}', in which a second run "
                        f"would rewrite '{mention.form}' to '{mention.replacement}' (rule {mention.rule}): the text "
                        "would change on every run; remove one of the two forms, or make them one entity",
                    )


def _check_taken_in(lexicon: Lexicon) -> None:
    """No multi-word form takes in a form that other spellings become (contains it, or overlaps one of its ends).

    Where one spelling of a name becomes the form C, and C together with the words
    around it reads as another multi-word form F (F contains C, or ends with the start
    of C, or starts with the end of C), the next run would rewrite F: into its
    canonical, or, when F is a canonical itself, into its casing (``MUAMMAR Gaddafi``).
    Unless F contains C and each spelling that becomes C, in its place, makes a form
    written as F is (``Kiev Oblast`` beside ``Kyiv Oblast``): the first run reads that.
    """
    written = {key: phrase_key(form.written) for key, form in lexicon.forms.items() if form.written}
    becomes: dict[tuple[str, ...], list[tuple[str, ...]]] = {}  # a produced form -> the spellings that become it
    produced_with: dict[str, set[tuple[str, ...]]] = {}  # a word -> the produced forms that have it
    for key, target in written.items():
        if target != key and script_of(" ".join(key)) == script_of(" ".join(target)):  # a romanisation is the romanize stage's
            becomes.setdefault(target, []).append(key)
            for word in target:
                produced_with.setdefault(word, set()).add(target)
    # Forms that rewrite first: their message is the one a rule author expects.
    for key, form in sorted(lexicon.forms.items(), key=lambda item: (written.get(item[0]) == item[0], item[0])):
        if len(key) < 2 or form.written is None:
            continue
        # Only a produced form that shares a word with this one can be taken in.
        for target in sorted({t for word in key for t in produced_with.get(word, ())} - {key}):
            if _takes_in(key, target) and not _read_whole_first(key, target, becomes[target], lexicon.forms):
                source, _, line = form.rule.rpartition(":")
                phrase = " ".join(key)
                raise RulesError(
                    source, int(line),
                    f"in {lexicon.language}, the form '{phrase}' of entity '{form.entity}' overlaps "
                    f"'{' '.join(target)}', which other spellings become: a second run would rewrite "
                    f"'{phrase}' again; give it a variant for each spelling that becomes '{' '.join(target)}' "
                    "(that spelling in its place), remove one of the two forms, or make the phrase an exception",
                )


def _read_whole_first(key: tuple[str, ...], target: tuple[str, ...], spellings: list[tuple[str, ...]],
                      forms: dict[tuple[str, ...], Form]) -> bool:
    """Does each of the ``spellings`` that become ``target``, put in its place in ``key``, make a form written
    as ``key`` is?  Its place: where ``key`` contains ``target``, or where they overlap at an end (``Dynamo
    Kiew`` and ``Kiew-Mohyla``: then as many words of the spelling's start or end as overlap).
    Then the first run reads the whole of ``key`` in any spelling, and the second reads it again alike.

    >>> kyiv = Form("kyiv-oblast", "Kyiv Oblast", "r:1")
    >>> forms = {("kyiv", "oblast"): kyiv, ("kiev", "oblast"): kyiv}
    >>> _read_whole_first(("kyiv", "oblast"), ("kyiv",), [("kiev",)], forms)
    True
    >>> _read_whole_first(("kyiv", "oblast"), ("kyiv",), [("kiev",), ("kiew",)], forms)
    False
    >>> _read_whole_first(("kyiv", "oblast"), ("oblast", "council"), [("oblast", "rada")], forms)
    True
    """
    length, written = len(target), forms[key].written
    # (the words of key before the spelling's part, the part of a spelling that goes in, the words after)
    places = [(i, slice(None), i + length) for i in range(len(key) - length + 1) if key[i:i + length] == target]
    for k in range(1, min(len(key), length)):
        places += [(len(key) - k, slice(None, k), len(key))] if key[-k:] == target[:k] else []
        places += [(0, slice(-k, None), k)] if key[:k] == target[-k:] else []
    return bool(places) and all(
        (form := forms.get(key[:start] + spelling[part] + key[stop:])) is not None and form.written == written
        for start, part, stop in places for spelling in spellings
    )


def _restyled(rules: Rules, languages: list[str]) -> list[str]:
    """Those of ``languages`` whose lexicons the style of ``rules`` changes (all, without a style):
    the others are the same as without it."""
    if rules.style is None:
        return languages
    restyled = {language for e in rules.entities.values() for language in e.styles.get(rules.style, {})}
    return [language for language in languages if language in restyled]


def _may_take_in(rules: Rules) -> set[str]:
    """The ids of the entities whose forms :func:`_check_taken_in` must compile.

    A lexicon's multi-word keys come from entities with a multi-word form or a
    paradigm (the *wide* ones); only a produced form that shares a word with such a
    key can be taken in by it, so an entity whose forms share no word with any form or case
    of a wide entity, and no key with another entity (which decides who keeps the
    key), adds nothing the check could find: its lexicons are left uncompiled.
    """
    keys_of = {e.id: list(map(rules.phrase_keys.__getitem__, e.all_forms())) for e in rules.entities.values()}
    wide = [e for e in rules.entities.values() if e.inflection or max(map(len, keys_of[e.id]), default=0) > 1]
    words: set[str] = set()
    for entity in wide:
        paradigms = [rules.paradigms[p] for ids in entity.inflection.values() for p in ids]
        for form in entity.all_forms():
            words.update(rules.phrase_keys[form])
            cases = (paradigm.decline(form) or {} for paradigm in paradigms)
            words.update(word for table in cases for surfaces in table.values() for s in surfaces for word in phrase_key(s))
    last_holder: dict[tuple[str, ...], str] = {}
    for entity_id, entity_keys in keys_of.items():
        last_holder.update(dict.fromkeys(entity_keys, entity_id))
    # Keys of two entities (one spelling in two scripts): some holder is not the last.
    shared = {key for entity_id, entity_keys in keys_of.items() for key in entity_keys if last_holder[key] != entity_id}
    return {e.id for e in wide} | {
        entity_id for entity_id, entity_keys in keys_of.items()
        if not words.isdisjoint(chain.from_iterable(entity_keys)) or not shared.isdisjoint(entity_keys)
    }


def _takes_in(phrase: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Would ``phrase``, read in running text, take in words of ``part``: does ``part`` lie inside it,
    or overlap one of its ends?

    >>> _takes_in(("donetsk", "peoples", "republic"), ("donetsk",)), _takes_in(("a", "b"), ("b", "a"))
    (True, True)
    >>> _takes_in(("new", "york"), ("boston",))
    False
    """
    return len(part) < len(phrase) and _contains(phrase, part) or _overlap_at_an_end(phrase, part)


def _overlap_at_an_end(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Does ``a`` end with the start of ``b``, or start with the end of ``b``, by fewer words than either has?

    >>> _overlap_at_an_end(("kyiv", "oblast"), ("oblast", "council")), _overlap_at_an_end(("kyiv", "oblast"), ("kyiv",))
    (True, False)
    """
    return any(a[-k:] == b[:k] or a[:k] == b[-k:] for k in range(1, min(len(a), len(b))))


def _contains(phrase: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(phrase[i:i + len(part)] == part for i in range(len(phrase) - len(part) + 1))

