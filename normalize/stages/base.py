"""The stage protocol: what every stage is given (the article's :class:`Context`) and returns (:class:`Edited`).

A stage is a small object with a ``name`` (the ``stage`` of each change it
records), the summary key that counts its changes (``counted_as``), the words
that ``normalize explain`` shows when it changed nothing (``nothing``), the
:class:`~normalize.config.Config` flag that turns it on (``option``; None: it always runs), and

    run(text, context) -> Edited(text, changes)

Repair, the first, reads the decoded text; the stages after it all read the
repaired text, the one the context describes, and leave alone what an earlier
stage edited (``context.taken``).  The list of stages is
:data:`normalize.pipeline.STAGES`; adding a stage is one module and one line there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Protocol, Sequence

from normalize.changes import Change, Mention
from normalize.rules.lexicon import Lexicon
from normalize.rules.model import Rules
from normalize.stages.language import UNDETERMINED, Detected, Paragraph
from normalize.stages.protect import protected_spans
from normalize.stages.spans import SpanLanguages


@dataclass(frozen=True)
class Edited:
    """What a stage made of its input: the new text, the changes (positions in the input) and the
    mentions of names it found (for the report, changed or not)."""

    text: str
    changes: list[Change]
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """Consecutive paragraphs of one language: ``text[start:end]`` takes the house style of ``language``."""

    start: int
    end: int
    language: str


class Context:
    """What the stages of one article share, each worked out once for ``text``: the spans no stage
    may touch, the languages (of the whole and of each run of paragraphs), and the rules.

    ``detect`` gives the languages of a text; ``edited`` grows with the changes of each stage that ran,
    ``taken`` gives their spans.
    """

    def __init__(self, text: str, rules: Rules, romanize: bool, detect: Callable[[str], Detected],
                 languages: tuple[str, ...] = ()):
        self.text = text
        self.rules = rules
        self.romanize = romanize  # the lexicons hold the Cyrillic forms of the names of Latin-script languages
        self._detect = detect
        self.languages = languages  # declared (``--languages``): a span is only ever in one of them
        self.edited: list[Sequence[Change]] = []  # each earlier stage's changes

    @property
    def taken(self) -> list[tuple[int, int]]:
        """The spans that earlier stages edited, made when a stage asks (an article can make a change every few bytes)."""
        return [(change.start, change.end) for changes in self.edited for change in changes]

    def of(self, text: str) -> "Context":
        """The context of ``text``: this one if it is this context's text, else a new one (nothing taken)."""
        return self if text == self.text else Context(text, self.rules, self.romanize, self._detect, self.languages)

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        """The sorted spans of URLs, e-mails, handles and code (:func:`~normalize.stages.protect.protected_spans`)."""
        return protected_spans(self.text)

    @cached_property
    def detected(self) -> Detected:
        return self._detect(self.text)

    @cached_property
    def runs(self) -> list[Run]:
        """The runs of paragraphs of one language, covering the whole text; with declared languages, a run
        judged outside them takes the article's language if declared, else the first declared."""
        runs = language_runs(self.text, self.detected.paragraphs)
        if not self.languages:
            return runs
        instead = self.detected.language if self.detected.language in self.languages else self.languages[0]
        return [run if run.language in self.languages else replace(run, language=instead) for run in runs]

    @cached_property
    def spans(self) -> SpanLanguages:
        """The languages of the spans around names (:mod:`normalize.stages.spans`): among the declared
        languages, else those the rules speak for."""
        return SpanLanguages(self.text, span_languages(self.rules, self.languages), self.rules.name_words,
                             self.protected)

    @property
    def without_rules(self) -> list[str]:
        """The languages of the text that no rule speaks for, the text's own first."""
        return languages_without_rules(self.rules, self.detected.languages)

    def lexicon(self, language: str) -> Lexicon | None:
        return self.rules.lexicon(language, self.romanize)


class Stage(Protocol):
    name: str
    counted_as: str
    nothing: str
    option: str | None

    def run(self, text: str, context: Context) -> Edited: ...


def span_languages(rules: Rules, declared: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The languages a span around a name may be in, sorted: the ``declared`` ones, else those the ``rules`` speak for."""
    return tuple(sorted(declared or rules.spoken_languages()))


def languages_without_rules(rules: Rules, languages: list[str]) -> list[str]:
    """Those of ``languages`` (``und`` aside) that no rule speaks for, in order."""
    return [language for language in languages if language != UNDETERMINED and rules.lexicon(language) is None]


def language_runs(text: str, paragraphs: list[Paragraph]) -> list[Run]:
    """Consecutive paragraphs of one language merged, covering the whole text.

    >>> language_runs("ab\\ncd\\nef", [Paragraph(0, 2, "en"), Paragraph(3, 5, "en"), Paragraph(6, 8, "de")])
    [Run(start=0, end=5, language='en'), Run(start=5, end=8, language='de')]
    """
    runs: list[Run] = []
    for paragraph in paragraphs:
        if runs and runs[-1].language == paragraph.language:
            runs[-1] = Run(runs[-1].start, paragraph.end, paragraph.language)
        else:
            runs.append(Run(runs[-1].end if runs else 0, paragraph.end, paragraph.language))
    if runs:
        runs[0] = Run(0, runs[0].end, runs[0].language)
        runs[-1] = Run(runs[-1].start, len(text), runs[-1].language)
    return runs
