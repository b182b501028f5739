"""normalize: clean a folder of news articles.

Decode the bytes, repair mojibake, detect the language, and reconcile the
spellings of names to the house style of that language.

>>> text, language, changes = clean_text("The talks in Kiev went on late into the night, officials said.")
>>> text, language, [(c.before, c.after) for c in changes]
('The talks in Kyiv went on late into the night, officials said.', 'en', [('Kiev', 'Kyiv')])
"""

from __future__ import annotations

from functools import lru_cache

from normalize.changes import Change, apply_changes, replay
from normalize.config import Config
from normalize.errors import DecodeError, NormalizeError, RulesError
from normalize.pipeline import Cleaned, Pipeline
from normalize.report.aggregate import Report
from normalize.rules.load import load_rules
from normalize.rules.model import Rules
from normalize.batch.run import check_folder, clean_folder

__all__ = [
    "Change", "Cleaned", "Config", "DecodeError", "NormalizeError", "Pipeline", "Report", "Rules",
    "RulesError", "apply_changes", "check_folder", "clean_folder", "clean_text", "load_rules", "replay",
]


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline()


def clean_text(text: str, language: str | None = None, pipeline: Pipeline | None = None) -> tuple[str, str, list[Change]]:
    """Clean one text with the built-in rules (or ``pipeline``'s); return text, language, changes."""
    cleaned = (pipeline or _default_pipeline()).clean_text(text, language)
    return cleaned.text, cleaned.language, list(cleaned.changes)
