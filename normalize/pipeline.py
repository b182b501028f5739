"""The pipeline: the stages in order, applied to one article's text or bytes.

>>> result = Pipeline().clean_text("The president said that Zelenskiy would travel to kiev on Sunday.")
>>> result.text, result.language
('The president said that Zelensky would travel to Kyiv on Sunday.', 'en')
"""

from __future__ import annotations

from dataclasses import dataclass

from normalize.changes import Change, locate
from normalize.config import Config
from normalize.rules import Rules, load_rules
from normalize.stages.decode import Decoded, decode_bytes
from normalize.stages.encoding import fix_encoding
from normalize.stages.language import detect_language
from normalize.stages.protect import protected_spans
from normalize.stages.spelling import Mention, reconcile_spellings
from normalize.text import words_outside


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text, its language and every change made, stage by stage."""

    text: str
    language: str
    language_score: float
    changes: list[Change]
    mentions: list[Mention]
    fixed_text: str  # the text the spelling stage read: positions of mentions refer to it


class Pipeline:
    """Decode, repair, detect the language, protect, reconcile: one article at a time."""

    def __init__(self, config: Config = Config(), rules: Rules | None = None):
        self.config = config
        self.rules = rules if rules is not None else load_rules(config.rule_paths(), config.builtin_rules)

    def decode(self, data: bytes) -> Decoded:
        return decode_bytes(data)

    def read_text(self, text: str, language: str | None = None) -> tuple[str, list[Change], str, float]:
        """Repair ``text`` and detect its language: the repaired text, its changes, language, score."""
        fixed, encoding_changes = fix_encoding(text)
        if language is not None:
            return fixed, encoding_changes, language, 1.0
        guess = detect_language(words_outside(fixed, self.rules.name_words))
        return fixed, encoding_changes, guess.language, guess.score

    def clean_text(self, text: str, language: str | None = None) -> Cleaned:
        """Clean ``text``; detect its language unless ``language`` is given."""
        fixed, encoding_changes, language, score = self.read_text(text, language)
        spelling = reconcile_spellings(fixed, self.rules.lexicon(language), protected_spans(fixed))
        changes = locate(encoding_changes, text) + locate(spelling.changes, fixed)
        return Cleaned(spelling.text, language, score, changes, spelling.mentions, fixed)
