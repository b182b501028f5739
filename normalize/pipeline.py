"""The pipeline: the stages in order, applied to one article's text or bytes.

>>> result = Pipeline().clean_text("The president said that Zelenskiy would travel to kiev on Sunday.")
>>> result.text, result.language
('The president said that Zelensky would travel to Kyiv on Sunday.', 'en')

Each paragraph takes the house style of its own language when it clearly has
one (a German quote in an English article); a short one takes the article's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from normalize.changes import Change, apply_changes, locate, shift_past
from normalize.config import Config
from normalize.errors import NormalizeError
from normalize.rules.load import load_rules
from normalize.rules.model import Rules
from normalize.stages.decode import Decoded, decode_bytes
from normalize.stages.encoding import fix_encoding
from normalize.stages.language import UNDETERMINED, Detected, LanguageModel, Paragraph, language_model
from normalize.stages.protect import protected_spans
from normalize.stages.romanize import is_latin_script, romanize_names
from normalize.stages.spelling import Mention, reconcile_spellings
from normalize.text import script_of


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text, its language and every change made, stage by stage."""

    text: str
    language: str
    language_score: float
    changes: list[Change]
    mentions: list[Mention]
    fixed_text: str  # the text the spelling stage read: positions of mentions refer to it
    languages: list[str] = field(default_factory=list)  # of the paragraphs, the article's first
    without_rules: list[str] = field(default_factory=list)  # those of ``languages`` no rule speaks for
    short: bool = False  # too short to judge its language alone


class Pipeline:
    """Decode, repair, detect the languages, protect, reconcile, romanise: one article at a time."""

    def __init__(self, config: Config = Config(), rules: Rules | None = None, folder_language: str | None = None):
        self.config = config
        rules = rules if rules is not None else load_rules(config.rule_paths(), config.builtin_rules)
        self.rules = rules.with_style(config.style) if config.style else rules
        self.folder_language = folder_language  # for texts too short to judge alone
        self._check_languages()

    def decode(self, data: bytes) -> Decoded:
        return decode_bytes(data)

    @property
    def language_model(self) -> LanguageModel:
        """The detector; it leaves out the words of names the rules rewrite, so that the
        language of the cleaned text is the language of its input (cleaning twice changes nothing)."""
        return language_model(tuple(self.config.languages), self.rules.name_words)

    def read_text(self, text: str, language: str | None = None) -> tuple[str, list[Change], str, float]:
        """Repair ``text`` and detect its language: the repaired text, its changes, language, score."""
        fixed, encoding_changes = fix_encoding(text)
        detected = self._detect(fixed, language)
        return fixed, encoding_changes, detected.language, detected.score

    def clean_text(self, text: str, language: str | None = None) -> Cleaned:
        """Clean ``text``; detect its languages unless ``language`` is given."""
        fixed, encoding_changes = fix_encoding(text)
        detected = self._detect(fixed, language)
        protected = protected_spans(fixed)
        changes, mentions = [], []
        for start, end, paragraph_language in _runs(fixed, detected.paragraphs):
            lexicon = self.rules.lexicon(paragraph_language, self.config.romanize)
            spelling = reconcile_spellings(fixed, lexicon, protected, (start, end))
            changes += spelling.changes
            mentions += spelling.mentions
        spelled = [c for c in changes if not _romanizes(c)]
        romanized = [c for c in changes if _romanizes(c)]
        if self.config.romanize:
            latin = [(s, e) for s, e, _ in _runs(fixed, detected.paragraphs) if is_latin_script(fixed[s:e])]
            taken = protected + [(c.start, c.end) for c in changes]
            romanized = [replace(c, stage="romanize") for c in romanized]
            romanized += romanize_names(fixed, latin, self.rules.romanizations, taken)
        unsettled = _unsettled_lines(fixed, [*spelled, *romanized])
        if unsettled:
            spelled, romanized = (
                [c for c in group if _line_of(fixed, c.start) not in unsettled] for group in (spelled, romanized)
            )
            mentions = [
                replace(m, replacement=m.form) if _line_of(fixed, m.start) in unsettled else m for m in mentions
            ]
        spelled_text = apply_changes(fixed, spelled)
        romanized = shift_past(sorted(romanized, key=lambda c: c.start), spelled)
        cleaned_text = apply_changes(spelled_text, romanized)
        all_changes = locate(encoding_changes, text) + locate(spelled, fixed) + locate(romanized, spelled_text)
        without_rules = [
            lang for lang in detected.languages if lang != UNDETERMINED and self.rules.lexicon(lang) is None
        ]
        return Cleaned(
            cleaned_text, detected.language, detected.score, all_changes, mentions, fixed,
            detected.languages, without_rules, detected.short,
        )

    def _detect(self, fixed: str, language: str | None) -> Detected:
        if language is not None:
            return Detected(language, 1.0, [Paragraph(0, len(fixed), language)], False)
        return self.language_model.detect_paragraphs(fixed, self.folder_language)

    def _check_languages(self) -> None:
        """Unknown codes in ``languages`` are a usage error, raised before any article is read."""
        try:
            self.language_model
        except ValueError as error:
            raise NormalizeError(f"--languages: {error}") from None


def _romanizes(change: Change) -> bool:
    """Does ``change`` write a Cyrillic name in Latin letters?"""
    return script_of(change.before) == "Cyrl" and script_of(change.after) == "Latn"


def _line_of(text: str, offset: int) -> int:
    """The offset at which the line holding ``offset`` starts."""
    return text.rfind("\n", 0, offset) + 1


def _unsettled_lines(text: str, changes: list[Change]) -> set[int]:
    """The lines (by start offset) that ``changes`` would leave repairable by fix_encoding.

    ftfy judges a line as a whole and leaves one that mixes mojibake with correct
    accented letters alone; respelling a name (``DNIPRÓ`` → ``DNIPRO``) can tip such a
    line, and a second cleaning would then repair it.  Such a line keeps its spelling,
    so that cleaning twice changes nothing.

    >>> _unsettled_lines("ok\\nthe DNIPRÓ â€œ", [Change("spelling", "r", 7, 13, "DNIPRÓ", "DNIPRO")])
    {3}
    """
    lines: dict[int, list[Change]] = {}
    for change in changes:
        lines.setdefault(_line_of(text, change.start), []).append(change)
    unsettled = set()
    for start, line_changes in lines.items():
        end = text.find("\n", max(c.end for c in line_changes))
        end = len(text) if end < 0 else end
        shifted = [replace(c, start=c.start - start, end=c.end - start) for c in line_changes]
        edited = apply_changes(text[start:end], shifted)
        if fix_encoding(edited)[1]:
            unsettled.add(start)
    return unsettled


def _runs(text: str, paragraphs: list[Paragraph]) -> list[tuple[int, int, str]]:
    """Consecutive paragraphs of one language merged, covering the whole text.

    >>> _runs("ab\\ncd\\nef", [Paragraph(0, 2, "en"), Paragraph(3, 5, "en"), Paragraph(6, 8, "de")])
    [(0, 5, 'en'), (5, 8, 'de')]
    """
    runs: list[tuple[int, int, str]] = []
    for paragraph in paragraphs:
        if runs and runs[-1][2] == paragraph.language:
            runs[-1] = (runs[-1][0], paragraph.end, paragraph.language)
        else:
            runs.append((runs[-1][1] if runs else 0, paragraph.end, paragraph.language))
    if runs:
        runs[0] = (0, runs[0][1], runs[0][2])
        runs[-1] = (runs[-1][0], len(text), runs[-1][2])
    return runs
