"""The candidates of discovery's end phase as columns: a row per counted form that looks like a name, no object per form.

:class:`CandidateRows` lists, for the forms of some languages that look like names (capitalised inside
sentences, hardly ever in lower case: :meth:`~normalize.discovery.names.NameCounts.is_name`), the
form itself (the string the counts hold), its language, and what the rules know of it, kept only
for the few forms they know.  A :class:`~normalize.discovery.names.Name` is made when a step asks
for one (:meth:`CandidateRows.name`): the links and clusters name rows.  An article of distinct names
makes about a million candidates; a Name and a FormTally each were about 215 bytes per form.

>>> from normalize.rules.load import parse_rules
>>> counts = NameCounts.of_article("a.txt", "In Kyiv, Lviv met the minister. Minister Kiev.", "en")
>>> candidates = CandidateRows(counts, parse_rules([]), ("en",))
>>> [candidates.form(row) for row in range(len(candidates))]
['Kiev', 'Kyiv', 'Lviv']
>>> candidates.name(1)
Name(form='Kyiv', language='en', tally=FormTally(count=1, sentence_starts=0, leading=0, files=1, paths=('a.txt',), quoted=0, in_quotes=0), entity=None, canonical=None, context_only=False)
"""

from __future__ import annotations

from bisect import bisect_left

from normalize.discovery.names import Name, NameCounts
from normalize.rules.model import Rules
from normalize.text import phrase_key

_UNKNOWN = (None, None, False)  # what the rules know of most candidates: no entity, no canonical, not context only


class CandidateRows:
    """The forms of ``languages`` that look like names, a row each (sorted by language, then form)."""

    def __init__(self, counts: NameCounts, rules: Rules, languages: tuple[str, ...]):
        self.counts = counts
        self._forms: list[str] = []  # the counts' own strings: a pointer a row
        self._languages: list[str] = []
        self._known: dict[int, tuple[str | None, str | None, bool]] = {}  # row -> entity, canonical, context_only
        is_name = counts.is_name
        for language in sorted(languages):
            lexicon = rules.lexicon(language)
            for form in counts.forms.forms_of(language):
                words = form.replace("-", " ").split()
                if not (is_name(language, form) if len(words) == 1 else all(is_name(language, word) for word in words)):
                    continue
                known = _known_of(form, rules, lexicon)
                if known != _UNKNOWN:
                    self._known[len(self._forms)] = known
                self._forms.append(form)
                self._languages.append(language)

    def __len__(self) -> int:
        return len(self._forms)

    def form(self, row: int) -> str:
        return self._forms[row]

    def language(self, row: int) -> str:
        return self._languages[row]

    def row_of(self, language: str, form: str) -> int | None:
        """The row of ``form`` of ``language``, or None if it is no candidate: searched, as the rows are sorted.

        >>> from normalize.rules.load import parse_rules
        >>> candidates = CandidateRows(NameCounts.of_article("a.txt", "In Kyiv, Lviv met Kiev.", "en"), parse_rules([]), ("en",))
        >>> candidates.row_of("en", "Lviv"), candidates.row_of("en", "Odesa"), candidates.row_of("uk", "Lviv")
        (2, None, None)
        """
        row = bisect_left(range(len(self)), (language, form), key=lambda row: (self._languages[row], self._forms[row]))
        return row if row < len(self) and (self._languages[row], self._forms[row]) == (language, form) else None

    def entity(self, row: int) -> str | None:
        """The rules' entity that has the form of ``row``, or None."""
        return self._known.get(row, _UNKNOWN)[0]

    def files(self, row: int) -> int:
        """The number of files the form of ``row`` was counted in."""
        return self.counts.forms[(self._languages[row], self._forms[row])].files

    def name(self, row: int) -> Name:
        """The :class:`~normalize.discovery.names.Name` of ``row``, its tally read from the counts."""
        language, form = self._languages[row], self._forms[row]
        return Name(form, language, self.counts.forms[(language, form)], *self._known.get(row, _UNKNOWN))


def _known_of(form: str, rules: Rules, lexicon) -> tuple[str | None, str | None, bool]:
    """What ``rules`` know of ``form``: its entity, that entity's canonical in the language (of ``lexicon``),
    and whether the rules change it only in front of another name (Vladimir)."""
    key = phrase_key(form)
    entity = rules.entity_of(form)
    known = lexicon.forms.get(key) if lexicon else None
    context_only = bool(known and known.before_entity) or any(
        key == phrase_key(v) for e in [rules.entities.get(entity)] if e for v in e.context_variants
    )
    # a case form of a ruled name stands for that case of its canonical (Володимиром, not Володимир)
    return entity, known.written if known else None, context_only
