"""Stage 5: reconcile spelling variants of names to the house style of the article's language.

Words are looked up, longest phrase first, in the language's lexicon: the cost
per word does not depend on how many rules there are.

>>> from normalize.rules import parse_rules
>>> rules = parse_rules([("demo", '''
... languages = ["en"]
... [[entity]]
... id = "kyiv"
... canonical = "Kyiv"
... variants = ["Kiev"]
... exceptions = ["Chicken Kiev"]
... ''')])
>>> reconcile_spellings("KIEV, kiev and Chicken Kiev", rules.lexicon("en")).text
'KYIV, Kyiv and Chicken Kiev'
"""

from __future__ import annotations

from dataclasses import dataclass

from normalize.changes import Change, apply_changes
from normalize.rules import Form, Lexicon
from normalize.text import Token, joins_name, match_case, tokenize


@dataclass(frozen=True)
class Mention:
    """A form of an entity found in the text, whether or not it was changed."""

    entity: str
    canonical: str | None  # None where the language has no settled form
    form: str
    replacement: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class Spelling:
    """The stage's result: the new text, its changes, and every mention found."""

    text: str
    changes: list[Change]
    mentions: list[Mention]


def reconcile_spellings(
    text: str, lexicon: Lexicon | None, protected: list[tuple[int, int]] = ()
) -> Spelling:
    """Replace every variant in ``text`` outside ``protected`` spans by its canonical form."""
    if lexicon is None:
        return Spelling(text, [], [])
    mentions = find_mentions(text, lexicon, protected)
    changes = [
        Change("spelling", m.rule, m.start, m.end, m.form, m.replacement, entity=m.entity)
        for m in mentions
        if m.form != m.replacement
    ]
    return Spelling(apply_changes(text, changes), changes, mentions)


def find_mentions(text: str, lexicon: Lexicon, protected: list[tuple[int, int]] = ()) -> list[Mention]:
    """Every form of an entity in ``text``, outside ``protected`` spans and exceptions."""
    tokens = tokenize(text)
    blocked = _blocked_tokens(text, tokens, lexicon, protected)
    mentions, i = [], 0
    while i < len(tokens):
        found = None if i in blocked else _longest_form(text, tokens, i, lexicon.forms, lexicon.longest, blocked)
        if found is None:
            i += 1
            continue
        length, form = found
        if form.before_entity and not _entity_follows(text, tokens, i + length, form.before_entity, lexicon):
            i += 1
            continue
        start, end = tokens[i].start, tokens[i + length - 1].end
        original = text[start:end]
        replacement = original if form.written is None else match_case(original, form.written)
        mentions.append(Mention(form.entity, form.canonical, original, replacement, form.rule, start, end))
        i += length
    return mentions


def _blocked_tokens(text: str, tokens: list[Token], lexicon: Lexicon, protected) -> set[int]:
    """Indices of tokens inside protected spans or inside an exception phrase."""
    blocked = set()
    if protected:
        spans = sorted(protected)
        j = 0
        for index, token in enumerate(tokens):
            while j < len(spans) and spans[j][1] <= token.start:
                j += 1
            if j < len(spans) and spans[j][0] < token.end:
                blocked.add(index)
    if lexicon.exceptions:
        for i in range(len(tokens)):
            for length in range(1, lexicon.longest + 1):
                key = _phrase_at(text, tokens, i, length)
                if key is None:
                    break
                if key in lexicon.exceptions:
                    blocked.update(range(i, i + length))
    return blocked


def _longest_form(text, tokens, i, forms: dict, longest: int, blocked: set[int]) -> tuple[int, Form] | None:
    for length in range(min(longest, len(tokens) - i), 0, -1):
        if any(j in blocked for j in range(i, i + length)):
            continue
        key = _phrase_at(text, tokens, i, length)
        if key is not None and key in forms:
            return length, forms[key]
    return None


def _entity_follows(text: str, tokens: list[Token], i: int, entity: str, lexicon: Lexicon) -> bool:
    """Does a form of ``entity`` start at token ``i``, right after the previous word?"""
    if i >= len(tokens) or not text[tokens[i - 1].end:tokens[i].start].isspace():
        return False
    return any(
        lexicon.entity_of.get(key) == entity
        for length in range(1, lexicon.longest + 1)
        if (key := _phrase_at(text, tokens, i, length)) is not None
    )


def _phrase_at(text: str, tokens: list[Token], i: int, length: int) -> tuple[str, ...] | None:
    """The case-folded words ``tokens[i:i+length]`` if they may form one name, else None."""
    if i + length > len(tokens):
        return None
    for j in range(i + 1, i + length):
        if not joins_name(text[tokens[j - 1].end:tokens[j].start]):
            return None
    return tuple(token.key for token in tokens[i:i + length])
