"""The pipeline: the list of stages, applied in order to one article's text.

>>> result = Pipeline().clean_text("The president said that Zelenskiy would travel to kiev on Sunday.")
>>> result.text, result.language
('The president said that Zelensky would travel to Kyiv on Sunday.', 'en')

Each paragraph takes the house style of its own language when it clearly has
one (a German quote in an English article); a short one takes the article's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from normalize.changes import Change, LineIndex, Mention, apply_changes, locate, shift_past
from normalize.config import Config
from normalize.errors import NormalizeError
from normalize.rules.load import load_rules
from normalize.rules.model import Rules
from normalize.stages import spans
from normalize.stages.base import Context, Edited, Stage, span_languages
from normalize.stages.common_words import preload
from normalize.stages.encoding import fix_encoding
from normalize.stages.language import Detected, LanguageGuess, LanguageModel, Paragraph, language_model
from normalize.stages.protect import public_suffixes
from normalize.stages.repair import REPAIR
from normalize.stages.romanize import ROMANIZE
from normalize.stages.spelling import SPELLING

DETECT_CHARS = 10_000  # :meth:`Pipeline.guess` reads this much prose at most (its cost grows with the text)
STAGES: tuple[Stage, ...] = (REPAIR, SPELLING, ROMANIZE)  # in order; the first reads the decoded text, the others the repaired


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text or document: its text, languages, every change (stage by stage) and the names found.

    ``source_text`` is the text the mentions' positions refer to (a text: as repaired;
    a structured document: as decoded); ``prose`` is what discovery counts names in, and
    ``protected`` its spans that no stage may touch when the stages found them already (a
    text's); ``problems`` are the records of a structured document kept as they were, ``(line, why)``.
    """

    text: str
    language: str
    language_score: float
    changes: Sequence[Change]  # a text's: as columns (changes.Changes)
    mentions: list[Mention]
    source_text: str
    prose: str
    problems: list[tuple[int, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # of the paragraphs or records, the text's own first
    without_rules: list[str] = field(default_factory=list)  # those of ``languages`` no rule speaks for
    protected: list[tuple[int, int]] | None = None


class Pipeline:
    """The stages of :data:`STAGES` that ``config`` turns on, with the rules: one article at a time."""

    def __init__(self, config: Config = Config(), rules: Rules | None = None, folder_language: str | None = None):
        self.config = config
        rules = rules if rules is not None else load_rules(config.rule_paths(), config.builtin_rules)
        self.rules = rules.with_style(config.style) if config.style else rules
        self.folder_language = folder_language  # for texts too short to judge alone
        self.stages = [stage for stage in STAGES if stage.option is None or getattr(config, stage.option)]
        self._check_languages()
        preload(config.languages)  # the languages named: their common words read once, before any worker forks

    def preload(self, languages: tuple[str, ...] = ()) -> None:
        """Load now what the stages may need for any article (lingua's models for the languages of spans,
        the public suffix list) and the lexicons of the ``languages`` the run expects to meet, in the process
        that forks the workers: once, their pages shared by them, rather than in each worker."""
        spans.preload_models(span_languages(self.rules, tuple(self.config.languages)))
        public_suffixes()
        preload(languages)

    @property
    def language_model(self) -> LanguageModel:
        """The detector; it leaves out the words of names the rules rewrite, so that the
        language of the cleaned text is the language of its input (cleaning twice changes nothing)."""
        return language_model(tuple(self.config.languages), self.rules.name_words)

    def detect(self, text: str, language: str | None = None) -> Detected:
        """The languages of ``text`` and of its paragraphs; all ``language`` if it is given.

        A text too short to judge alone takes the folder's language.
        """
        if language is not None:
            return Detected(language, 1.0, [Paragraph(0, len(text), language)], False)
        return self.language_model.detect_paragraphs(text, self.folder_language)

    def guess(self, prose: str) -> LanguageGuess:
        """The language of ``prose`` (a record of a structured document) on its first :data:`DETECT_CHARS`
        characters, repaired: without the names the rules rewrite, so that a second run guesses the same."""
        return self.language_model.detect(fix_encoding(prose[:DETECT_CHARS])[0])

    def repair(self, text: str, language: str | None = None) -> tuple[Edited, Context]:
        """The first stage's edit of ``text``, and the context of the text it gives, for the other stages."""
        context = Context(text, self.rules, self.config.romanize, partial(self.detect, language=language),
                          tuple(self.config.languages))
        repaired = self.stages[0].run(text, context)
        return repaired, context.of(repaired.text)

    def survey(self, text: str) -> Cleaned:
        """Only what discovery needs of ``text``: repaired, with its language; no other stage runs."""
        _, context = self.repair(text)
        detected = context.detected
        return Cleaned(context.text, detected.language, detected.score, [], [], context.text, context.text,
                       protected=context.protected)

    def clean_text(self, text: str, language: str | None = None) -> Cleaned:
        """Clean ``text``; detect its languages unless ``language`` is given.

        Of each stage's edit only the changes and mentions are kept, not its text: the
        cleaned text is written once, by replaying them (a copy of the article less at a time).
        """
        repaired, context = self.repair(text, language)
        repairs = _held(repaired.changes, text, context.text)
        del repaired  # its long changes' texts: two copies of a one-line article, alive through the stages below
        proposed: list[tuple[list[Change], list[Mention]]] = []
        for stage in self.stages[1:]:  # each reads the repaired text and leaves alone what an earlier one edited
            edited = stage.run(context.text, context)
            context.edited.append(edited.changes)
            proposed.append((edited.changes, edited.mentions))
            del edited  # its text: the next stage's copy would be the third alive
        proposed, mentions = _settled(context.text, proposed)
        cleaned_text, changes, earlier = context.text, locate(_restored(repairs, text, context.text), text), []
        for stage_changes in proposed:  # applied in order: each stage's positions are in the text the one before left
            shifted = shift_past(sorted(stage_changes, key=lambda c: c.start), earlier)
            locate(shifted, cleaned_text, changes)
            cleaned_text = apply_changes(cleaned_text, shifted)
            earlier += stage_changes
        detected = context.detected
        return Cleaned(
            cleaned_text, detected.language, detected.score, changes, mentions, context.text, context.text,
            languages=detected.languages, without_rules=context.without_rules, protected=context.protected,
        )

    def _check_languages(self) -> None:
        """Unknown codes in ``languages`` are a usage error, raised before any article is read."""
        try:
            self.language_model
        except ValueError as error:
            raise NormalizeError(f"--languages: {error}") from None


HELD_AT = 1 << 16  # characters of a repair's change (before and after) from which it is held as its place


@dataclass(frozen=True)
class _Place:
    """A change of the repair stage held without its texts while the other stages run: they are the slices
    ``[change.start:change.end]`` of the decoded text and ``[start:end]`` of the repaired one, both alive anyway."""

    change: Change
    start: int
    end: int


def _held(changes: list[Change], text: str, repaired: str) -> list[Change | _Place]:
    """The repair's ``changes`` of ``text`` into ``repaired``, each long one (:data:`HELD_AT`) as its :class:`_Place`
    (where ftfy gains or loses a space in a one-line article, one change of most of it: two copies of the article).

    >>> long = Change("r", "f", 1, 1 + HELD_AT, "a" * HELD_AT, "b")
    >>> [type(c).__name__ for c in _held([Change("r", "f", 0, 1, "x", "y"), long], "x" + "a" * HELD_AT, "yb")]
    ['Change', '_Place']
    """
    held, growth = [], 0
    for change in changes:
        start, end = change.start + growth, change.start + growth + len(change.after)
        growth += len(change.after) - len(change.before)
        if len(change.before) + len(change.after) >= HELD_AT and _is_at(text, change.start, change.before) \
                and _is_at(repaired, start, change.after):
            held.append(_Place(replace(change, before="", after=""), start, end))
        else:
            held.append(change)
    return held


def _restored(held: list[Change | _Place], text: str, repaired: str) -> list[Change]:
    """The changes :func:`_held` gave, with their texts again.

    >>> _restored(_held([Change("r", "f", 1, 2, "a", "bc")], "xa", "xbc"), "xa", "xbc")[0].after
    'bc'
    """
    return [replace(c.change, before=text[c.change.start:c.change.end], after=repaired[c.start:c.end])
            if isinstance(c, _Place) else c for c in held]


def _is_at(text: str, start: int, piece: str, size: int = HELD_AT) -> bool:
    """Is ``piece`` the slice of ``text`` at ``start``?  Compared ``size`` characters at a time (no copy of a long one)."""
    return len(piece) <= len(text) - start and all(
        text[start + at:start + min(at + size, len(piece))] == piece[at:at + size] for at in range(0, len(piece), size))


def _settled(text: str, proposed: list[tuple[list[Change], list[Mention]]]) -> tuple[list[list[Change]], list[Mention]]:
    """The stages' changes of ``text`` (with their mentions, stage by stage) and the mentions, without those on
    the lines they would leave repairable (:func:`_unsettled_lines`): there, every name keeps its spelling."""
    mentions = [mention for _, stage_mentions in proposed for mention in stage_mentions]
    kept = [stage_changes for stage_changes, _ in proposed]
    changes = [change for stage_changes in kept for change in stage_changes]
    if not changes:
        return kept, mentions
    lines = LineIndex(text)  # one index of line starts per text: finding a line never searches back over it
    unsettled = _unsettled_lines(text, changes, lines)
    if not unsettled:
        return kept, mentions
    kept = [[c for c in stage_changes if lines.line_start(c.start) not in unsettled] for stage_changes in kept]
    mentions = [replace(m, replacement=m.form) if lines.line_start(m.start) in unsettled else m for m in mentions]
    return kept, mentions


def _unsettled_lines(text: str, changes: list[Change], lines: LineIndex | None = None) -> set[int]:
    """The lines (by start offset) that ``changes`` would leave repairable by fix_encoding.

    ftfy judges a line as a whole and leaves one that mixes mojibake with correct
    accented letters alone; respelling a name (``DNIPRÓ`` → ``DNIPRO``) can tip such a
    line, and a second cleaning would then repair it.  Such a line keeps its spelling,
    so that cleaning twice changes nothing.

    >>> _unsettled_lines("ok\\nthe DNIPRÓ â€œ", [Change("spelling", "r", 7, 13, "DNIPRÓ", "DNIPRO")])
    {3}
    """
    index = lines or LineIndex(text)
    by_line: dict[int, list[Change]] = {}
    for change in changes:
        by_line.setdefault(index.line_start(change.start), []).append(change)
    unsettled = set()
    for start, line_changes in by_line.items():
        end = text.find("\n", max(c.end for c in line_changes))
        end = len(text) if end < 0 else end
        edited = apply_changes(text[start:end], line_changes, offset=start)
        if fix_encoding(edited)[1]:
            unsettled.add(start)
    return unsettled
