"""The spelling stage: reconcile spelling variants of names to the house style of the article's language.

Words are looked up, longest phrase first, in the language's lexicon: the cost
per word does not depend on how many rules there are.

>>> from normalize.rules.load import parse_rules
>>> rules = parse_rules([("demo", '''
... languages = ["en"]
... [[entity]]
... id = "kyiv"
... canonical = "Kyiv"
... variants = ["Kiev"]
... exceptions = ["Chicken Kiev"]
... ''')])
>>> text = "KIEV, kiev and Chicken Kiev"
>>> apply_changes(text, respellings(find_mentions(text, rules.lexicon("en"))))
'KYIV, Kyiv and Chicken Kiev'
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from normalize.changes import Change, Mention, apply_changes
from normalize.rules.lexicon import Form, Lexicon
from normalize.stages.base import Context, Edited
from normalize.text import WORD, Token, joins_name, match_case, script_of

_WORD_AND_GAPS = re.compile(f"({WORD.pattern})")  # text.WORD, with the gaps between the words kept


class Spelling:
    """The stage: each run of paragraphs takes the house style of its own language.

    With ``--romanize``, a name written in Cyrillic that the rules know is left to the romanize stage.
    """

    name = "spelling"
    counted_as = "replacements"
    nothing = "no spelling to reconcile"
    option = None

    def run(self, text: str, context: Context) -> Edited:
        mentions = mentions_in_runs(text, context)
        changes = [c for c in respellings(mentions) if not (context.romanize and romanizes(c))]
        return Edited(apply_changes(text, changes), changes, mentions)


SPELLING = Spelling()


def mentions_in_runs(text: str, context: Context) -> list[Mention]:
    """The mentions of names in ``text``, each run of paragraphs read with its language's lexicon."""
    return [
        mention
        for run in context.runs
        if (lexicon := context.lexicon(run.language)) is not None
        for mention in find_mentions(text, lexicon, context.protected, (run.start, run.end))
    ]


def respellings(mentions: list[Mention]) -> list[Change]:
    """The changes that write each mention as its replacement (those already written so: none)."""
    return [
        Change(SPELLING.name, m.rule, m.start, m.end, m.form, m.replacement, entity=m.entity)
        for m in mentions
        if m.form != m.replacement
    ]


def romanizes(change: Change) -> bool:
    """Does ``change`` write a Cyrillic name in Latin letters?"""
    return script_of(change.before) == "Cyrl" and script_of(change.after) == "Latn"


def find_mentions(
    text: str, lexicon: Lexicon, protected: list[tuple[int, int]] = (), span: tuple[int, int] | None = None
) -> list[Mention]:
    """Every form of an entity in ``text`` (or its ``span``), outside ``protected`` spans and exceptions.

    Only words that can begin a form are looked at closely: an article that has none
    costs one pass of the word pattern, however many rules there are.
    """
    tokens = _Tokens(text, *(span or (0, len(text))))
    starts = tokens.indices_of(lexicon.form_starts)
    if not starts:
        return []
    blocked = _Blocked(tokens, lexicon, protected)
    mentions, i = [], 0
    for candidate in starts:
        if candidate < i:
            continue  # inside the previous mention
        i = candidate
        found = None if i in blocked else _longest_form(tokens, i, lexicon.forms, lexicon.longest, blocked)
        if found is None:
            continue
        length, form = found
        if form.before_entity and not _entity_follows(tokens, i + length, form.before_entity, lexicon):
            continue
        start, end = tokens[i].start, tokens[i + length - 1].end
        original = text[start:end]
        replacement = original if form.written is None else match_case(original, form.written)
        mentions.append(
            Mention(form.entity, form.canonical, original, replacement, form.rule, start, end, lexicon.language)
        )
        i += length
    return mentions


class _Tokens:
    """The words of a text; their positions are worked out only when a word is looked at.

    One split of the text gives the words and the gaps between them; the offsets are
    the running sum of their lengths (no match object per word).
    """

    def __init__(self, text: str, start: int, end: int):
        self._start = start
        self._pieces = _WORD_AND_GAPS.split(text[start:end])  # gap, word, gap, word, ..., gap
        self._words = self._pieces[1::2]
        self._folded = list(map(str.casefold, self._words))
        self._offsets: list[int] | None = None

    def __len__(self) -> int:
        return len(self._folded)

    def __getitem__(self, index: int) -> Token:
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self._pieces), initial=self._start))
        word = self._words[index]
        start = self._offsets[2 * index + 1]
        return Token(word, start, start + len(word))

    def gap_before(self, index: int) -> str:
        """The text between word ``index - 1`` and word ``index``."""
        return self._pieces[2 * index]

    def phrase(self, i: int, length: int) -> tuple[str, ...] | None:
        """The case-folded words ``i`` to ``i + length - 1`` if they may form one name, else None."""
        if i + length > len(self._folded) or not all(map(joins_name, self._pieces[2 * i + 2:2 * (i + length):2])):
            return None
        return tuple(self._folded[i:i + length])

    def indices_of(self, keys: frozenset[str]) -> list[int]:
        """The indices of the words whose case-folded form is in ``keys``, in order."""
        found = []
        for key in keys.intersection(self._folded):
            index = -1
            while (index := _index(self._folded, key, index + 1)) >= 0:
                found.append(index)
        return sorted(found)


def _index(items: list[str], item: str, start: int) -> int:
    try:
        return items.index(item, start)
    except ValueError:
        return -1


class _Blocked:
    """Which tokens no form may use: those inside protected spans or inside an exception phrase."""

    def __init__(self, tokens: _Tokens, lexicon: Lexicon, protected):
        spans = sorted(protected)
        self._tokens = tokens
        self._starts = [start for start, _ in spans]
        self._reach = list(accumulate((end for _, end in spans), max))  # furthest end of spans so far
        self._in_exceptions: set[int] = set()
        for i in tokens.indices_of(lexicon.exception_starts):
            for length in range(1, lexicon.longest + 1):
                key = tokens.phrase(i, length)
                if key is None:
                    break
                if key in lexicon.exceptions:
                    self._in_exceptions.update(range(i, i + length))

    def __contains__(self, index: int) -> bool:
        if index in self._in_exceptions:
            return True
        token = self._tokens[index]
        last = bisect.bisect_left(self._starts, token.end) - 1  # the last span that starts before it ends
        return last >= 0 and self._reach[last] > token.start


def _longest_form(tokens: _Tokens, i: int, forms: dict, longest: int, blocked: "_Blocked") -> tuple[int, Form] | None:
    """The longest form that starts at word ``i``: its words joined as one name, none of them blocked."""
    reach = 1
    while reach < min(longest, len(tokens) - i) and joins_name(tokens.gap_before(i + reach)) and i + reach not in blocked:
        reach += 1
    for length in range(reach, 0, -1):
        form = forms.get(tokens.phrase(i, length))
        if form is not None:
            return length, form
    return None


def _entity_follows(tokens: _Tokens, i: int, entity: str, lexicon: Lexicon) -> bool:
    """Does a form of ``entity`` start at word ``i``, right after the previous word?"""
    if i >= len(tokens) or not tokens.gap_before(i).isspace():
        return False
    return any(
        lexicon.entity_of.get(key) == entity
        for length in range(1, lexicon.longest + 1)
        if (key := tokens.phrase(i, length)) is not None
    )
