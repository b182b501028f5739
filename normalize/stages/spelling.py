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
from array import array
from dataclasses import replace
from itertools import accumulate, compress, count

from normalize.changes import Change, Mention, apply_changes
from normalize.rules.lexicon import Form, Lexicon
from normalize.stages.base import Context, Edited
from normalize.stages.common_words import common_or_shared_word_source
from normalize.stages.name_context import read_context
from normalize.text import APOSTROPHES, WORD_AND_GAPS, Token, joins_name, match_case, pieces, script_of



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
    """The mentions of names in ``text``, each run of paragraphs read with its language's lexicon and
    each sentence or quotation in another language with that one's (:mod:`~normalize.stages.spans`);
    a lowercase word that the language knows as a common word is left (:func:`left_if_common`)."""
    def find(language: str, span: tuple[int, int]) -> list[Mention] | None:
        lexicon = context.lexicon(language)
        return None if lexicon is None else find_mentions(text, lexicon, context.protected, span)

    return [
        left_if_common(mention, mention.language or run.language)
        for run in context.runs
        if (found := find(run.language, (run.start, run.end))) is not None
        for mention in context.spans.restyled(found, run.language, find)
    ]


def left_if_common(mention: Mention, language: str) -> Mention:
    """``mention``, left as written if it would rewrite a lowercase word that ``language`` knows as a
    common word (Russian ``львов``, "of lions", is not ``Львов``; English ``kyiv`` is no word but the name).

    >>> left_if_common(Mention("lviv", "Львов", "львов", "Львов", "r:1", 0, 5), "ru").left
    'a common word of ru: львов (pymorphy3)'
    """
    form = mention.form
    if mention.left or form == mention.replacement or not (form.isalpha() and form.islower()):
        return mention
    source = common_or_shared_word_source(form, language)
    if source is None:
        return mention
    return _left(mention, f"a common word of {language}: {form} ({source})")


def _left(mention: Mention, reason: str) -> Mention:
    return replace(mention, replacement=mention.form, left=reason, would_become=mention.replacement)


def respellings(mentions: list[Mention]) -> list[Change]:
    """The changes that write each mention as its replacement (those already written so, or left: none)."""
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

    A form is matched as it is written: an apostrophe where the rule's form has one, not a
    space (``Zelensky'emu``, not ``Zelensky emu``), and only as a whole word: a form followed
    by an apostrophe and letters (``харків'ян``) is part of a longer word, unless the language
    declares that suffix (English ``Kyiv's``).  Such a candidate, and a lowercase name that
    others bear too (a context variant out of its context), is *left*: found, not rewritten.

    Only words that can begin a form are looked at closely: an article that has none
    costs one pass of the word pattern, however many rules there are.
    """
    tokens = _Tokens(text, *(span or (0, len(text))))
    starts = tokens.indices_of(lexicon.form_starts)
    if not starts:
        return []
    blocked = _Blocked(tokens, lexicon, protected)
    mentions, i = [], 0
    written: dict[str, str] = {}  # each form as written, and each replacement, one string however often it occurs
    for candidate in starts:
        if candidate < i:
            continue  # inside the previous mention
        i = candidate
        found = None if i in blocked else _longest_form(tokens, i, lexicon, blocked)
        if found is None:
            continue
        length, form = found
        if form.before_entity and not _entity_follows(tokens, i + length, form.before_entity, lexicon):
            continue
        start, end = tokens[i].start, tokens[i + length - 1].end
        original = written.setdefault(text[start:end], text[start:end])
        replacement = original if form.written is None else match_case(original, form.written)
        replacement = written.setdefault(replacement, replacement)
        mention = Mention(form.entity, form.canonical, original, replacement, form.rule, start, end, lexicon.language)
        why = _why_left(tokens, i, length, form, lexicon) if replacement != original else None
        if why is None and replacement != original:
            mention, why = read_context(tokens, i, length, form, lexicon, mention)
        mentions.append(_left(mention, why) if why else mention)
        i += length
    return mentions


def _why_left(tokens: "_Tokens", i: int, length: int, form: Form, lexicon: Lexicon) -> str | None:
    """Why the form at words ``i`` to ``i + length - 1`` is not to be rewritten, or None."""
    if form.history:
        return "former name: history"
    written, apostrophes = tokens.joined(i, length), tokens.apostrophes(i, length)
    if apostrophes != form.apostrophes:
        if set(form.apostrophes) - set(apostrophes):
            return f"{written}: no apostrophe where the form of the rule has one"
        return f"{written}: an apostrophe where the form of the rule has none"
    after = tokens.after_apostrophe(i + length)
    if after is not None and after.casefold() not in lexicon.apostrophe_suffixes:
        return f"part of a longer word: {written}{tokens.gap_before(i + length)}{after}"
    if form.shared_before and written.islower() and not _entity_follows(tokens, i + length, form.shared_before, lexicon):
        return f"lowercase name others bear too ({form.entity}, not before {form.shared_before}): case not changed"
    return None


class _Tokens:
    """The words of a text; their positions are worked out only when a word is looked at.

    One split of the text gives the words and the gaps between them; the offsets are
    the running sum of their lengths (no match object per word).
    """

    def __init__(self, text: str, start: int, end: int):
        self._start = start
        self._pieces, self._folded = _split_shared(text, start, end)  # gap, word, gap, word, ..., gap; the words folded
        self._words = self._pieces[1::2]
        self._offsets: array | None = None

    def __len__(self) -> int:
        return len(self._words)

    def __getitem__(self, index: int) -> Token:
        if self._offsets is None:
            self._offsets = array("q", accumulate(map(len, self._pieces), initial=self._start))  # 8 bytes a piece, not an int object
        word = self._words[index]
        start = self._offsets[2 * index + 1]
        return Token(word, start, start + len(word))

    def word(self, index: int) -> str:
        """Word ``index`` as written."""
        return self._words[index]

    def gap_before(self, index: int) -> str:
        """The text between word ``index - 1`` and word ``index``."""
        return self._pieces[2 * index]

    def joined(self, i: int, length: int) -> str:
        """Words ``i`` to ``i + length - 1`` with the gaps between them, as written."""
        return "".join(self._pieces[2 * i + 1:2 * (i + length)])

    def apostrophes(self, i: int, length: int) -> tuple[int, ...]:
        """Which of words ``i + 1`` to ``i + length - 1`` an apostrophe joins to the word before (from 1),
        as :attr:`Form.apostrophes <normalize.rules.lexicon.Form.apostrophes>` counts them."""
        return tuple(k for k in range(1, length) if self.gap_before(i + k) in APOSTROPHES)

    def after_apostrophe(self, index: int) -> str | None:
        """Word ``index`` if only an apostrophe stands between it and the word before, else None."""
        return self._words[index] if index < len(self) and self.gap_before(index) in APOSTROPHES else None

    def phrase(self, i: int, length: int) -> tuple[str, ...] | None:
        """The case-folded words ``i`` to ``i + length - 1`` if they may form one name, else None."""
        if i + length > len(self._folded) or not all(map(joins_name, self._pieces[2 * i + 2:2 * (i + length):2])):
            return None
        return tuple(self._folded[i:i + length])

    def indices_of(self, keys: frozenset[str]) -> list[int]:
        """The indices of the words whose case-folded form is in ``keys``, in order: the folded words met are
        looked up in C, then the words found are picked out in C (none found, as in most texts: no second pass)."""
        found = keys.intersection(self._folded)
        return list(compress(count(), map(found.__contains__, self._folded))) if found else []


_SPLIT_AT_ONCE = 1 << 16  # characters split at once
_SHARED_AT_MOST = 1 << 16  # distinct pieces whose one copy is kept; then it starts afresh (a text of distinct names)


def _split_shared(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """``text[start:end]`` split into gap, word, gap, ..., word, gap, and its words case-folded,
    each piece that recurs one string rather than one per time it is written.

    Split a part at a time, each cut in a gap, so that the pieces of a long text (one line
    of 10 MB, a word every 6 characters) are never all separate strings at once.

    >>> _split_shared("Kiev, kiev. KIEV", 0, 16)
    (['', 'Kiev', ', ', 'kiev', '. ', 'KIEV', ''], ['kiev', 'kiev', 'kiev'])
    """
    shared: dict[str, str] = {}
    folded: dict[str, str] = {}
    split, folded_words = [""], []
    for cut, stop in pieces(text, start, end, _SPLIT_AT_ONCE):
        if len(shared) > _SHARED_AT_MOST:
            shared.clear()
            folded.clear()
        part = WORD_AND_GAPS.split(text[cut:stop])
        part[0] = split.pop() + part[0]  # a gap cut in two
        split += map(shared.setdefault, part, part)
        words = split[len(split) - len(part) + 1::2]
        new = set(words).difference(folded)
        folded.update((word, shared.setdefault(fold, fold)) for word in new for fold in [word.casefold()])
        folded_words += map(folded.__getitem__, words)
    return split, folded_words


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
        if not self._starts:  # no protected span
            return False
        token = self._tokens[index]
        last = bisect.bisect_left(self._starts, token.end) - 1  # the last span that starts before it ends
        return last >= 0 and self._reach[last] > token.start


def _longest_form(tokens: _Tokens, i: int, lexicon: Lexicon, blocked: "_Blocked") -> tuple[int, Form] | None:
    """The longest form that starts at word ``i``: its words joined as one name, none of them blocked.

    The words are read on while they begin a form (``Kiev is`` begins none: ``is`` and the words after are not looked at).
    """
    reach, most = 1, min(lexicon.longest, len(tokens) - i)
    while reach < most and joins_name(tokens.gap_before(i + reach)) and tokens.phrase(i, reach + 1) in lexicon.form_prefixes \
            and i + reach not in blocked:
        reach += 1
    for length in range(reach, 0, -1):
        form = lexicon.forms.get(tokens.phrase(i, length))
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
