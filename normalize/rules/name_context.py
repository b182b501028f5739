"""The words around a name that the spelling stage reads, as data: per language, what marks a river
or a city, which prepositions govern which grammatical case, which words after a place name continue
no other name; and the names that two things share (``[[homonym]]``).  Parsed from ``rules/context.toml``.

>>> context = parse_name_context("de", {"river_before": ["am"], "prepositions": {"aus": "dat"}}, "x.toml", 3)
>>> context.river_before, context.cases_after("aus")
(frozenset({'am'}), ('dat',))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from normalize.errors import RulesError

CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "voc")
_WORD_LISTS = ("designators", "river_words", "river_before", "city_words", "city_before", "gloss_prepositions",
               "apposition", "conjunctions")
_KEYS = {*_WORD_LISTS, "prepositions", "capitalises_nouns", "names_after_place", "elsewhere"}


@dataclass(frozen=True)
class NameContext:
    """The context words of one language, case-folded."""

    language: str
    capitalises_nouns: bool = False  # German: a capitalised word may be a common noun
    names_after_place: bool = False  # capitalised words after a place make a longer name: Kyiv City Ballet
    designators: frozenset[str] = frozenset()  # after a place, part of no other name: Kyiv Oblast, Kharkiv region
    river_words: frozenset[str] = frozenset()  # in the same clause, the name is a river's: river, Fluss, річка
    river_before: frozenset[str] = frozenset()  # right before, a river's: the, am, над (a city takes no article)
    city_words: frozenset[str] = frozenset()  # in the same clause, a city's: city, Stadt, місто
    city_before: frozenset[str] = frozenset()  # right before, a city's
    gloss_prepositions: frozenset[str] = frozenset()  # before a language's name, a gloss: Kyjiw en ukrainien
    prepositions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # preposition -> the cases it governs
    elsewhere: dict[str, frozenset[str]] = field(default_factory=dict)  # entity -> words of its namesakes abroad: Texas
    apposition: frozenset[str] = frozenset()  # lemmas of nouns a place name stands beside in their case: miasto, город
    conjunctions: frozenset[str] = frozenset()  # join names that share one case: Kijów i Lwów

    def cases_after(self, word: str) -> tuple[str, ...]:
        """The cases a name takes after ``word`` if it is a preposition, else ()."""
        return self.prepositions.get(word.casefold(), ())


@dataclass(frozen=True)
class Homonym:
    """A name two entities share: ``entity``'s forms name ``other`` too (the city Dnipro, the river Dnieper);
    the context words decide which, ``kind`` (``river``) saying which words mark ``other``."""

    entity: str
    other: str
    kind: str
    alike: frozenset[str] = frozenset()  # the languages that spell the two alike: there either reading writes the same
    where: str = ""  # the file that declares it, for errors


def parse_name_context(language: str, table, label: str, line: int) -> NameContext:
    """One language's table of ``[name_context.LANG]``; a wrong key or value is an error naming the line."""
    if not isinstance(table, dict) or set(table) - _KEYS:
        unknown = ", ".join(sorted(set(table) - _KEYS)) if isinstance(table, dict) else "not a table"
        raise RulesError(label, line, f"[name_context.{language}]: unknown keys ({unknown}); known: {', '.join(sorted(_KEYS))}")
    words = {}
    for key in _WORD_LISTS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise RulesError(label, line, f"[name_context.{language}]: {key} must be a list of words")
        words[key] = frozenset(w.casefold() for w in value)
    return NameContext(language, bool(table.get("capitalises_nouns", False)), bool(table.get("names_after_place", False)), **words,
                       prepositions=_prepositions(table.get("prepositions", {}), language, label, line),
                       elsewhere=_elsewhere(table.get("elsewhere", {}), language, label, line))


def _elsewhere(table, language: str, label: str, line: int) -> dict[str, frozenset[str]]:
    """``elsewhere = { odesa = ["Texas", "texana"] }``: per entity, the words that tell a namesake abroad."""
    if not isinstance(table, dict) or not all(isinstance(words, list) and words and all(isinstance(w, str) and w for w in words)
                                              for words in table.values()):
        raise RulesError(label, line, f'[name_context.{language}] elsewhere: each entity = a list of words, '
                         f'e.g. {{ odesa = ["Texas"] }}')
    return {entity: frozenset(w.casefold() for w in words) for entity, words in table.items()}


def _prepositions(table, language: str, label: str, line: int) -> dict[str, tuple[str, ...]]:
    found = {}
    for word, cases in (table.items() if isinstance(table, dict) else [(None, None)]):
        cases = (cases,) if isinstance(cases, str) else tuple(cases) if isinstance(cases, list) else ()
        if word is None or not cases or set(cases) - set(CASES):
            raise RulesError(label, line, f"[name_context.{language}] prepositions: each preposition = a case or a "
                             f"list of cases among {', '.join(CASES)}, e.g. {{ do = \"gen\", na = [\"acc\", \"loc\"] }}")
        found[word.casefold()] = cases
    return found


def add_name_contexts(rules, value, label: str, line: int) -> None:
    """Add ``[name_context.LANG]`` tables to ``rules.name_contexts``; a later file's table replaces an earlier one's."""
    if not isinstance(value, dict):
        raise RulesError(label, line, "name_context must hold one table per language: [name_context.de]")
    for language, table in value.items():
        rules.name_contexts[language] = parse_name_context(language, table, label, line)


def add_homonyms(rules, value, label: str, line: int) -> None:
    """Add the ``[[homonym]]`` tables to ``rules.homonyms`` (entity -> :class:`Homonym`)."""
    for table in value if isinstance(value, list) else [value]:
        homonym = parse_homonym(table, label, line)
        rules.homonyms[homonym.entity] = homonym


def parse_homonym(table, label: str, line: int) -> Homonym:
    """``[[homonym]] entity = "dnipro", other = "dnieper", kind = "river"``."""
    alike = table.get("alike", []) if isinstance(table, dict) else None
    if not isinstance(table, dict) or set(table) - {"alike"} != {"entity", "other", "kind"} \
            or table.get("kind") not in ("river", "city") or not isinstance(alike, list) \
            or not all(isinstance(table[k], str) for k in ("entity", "other", "kind")):
        raise RulesError(label, line, 'a [[homonym]] needs entity = "id", other = "id", kind = "river" or "city" '
                         'and may list alike = [languages that spell the two alike]')
    return Homonym(table["entity"], table["other"], table["kind"], frozenset(alike), label)


def check_homonyms(rules) -> None:
    """Each ``[[homonym]]`` names two entities of the rules."""
    for homonym in rules.homonyms.values():
        for entity_id in (homonym.entity, homonym.other):
            if entity_id not in rules.entities:
                raise RulesError(homonym.where, None, f"[[homonym]] names entity '{entity_id}', which no rules file defines; "
                                 "fix the id or add the entity")
