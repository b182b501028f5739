"""Cleaning one text in the tests of the spelling stage: replayable, stable, and what it left."""

from __future__ import annotations

from normalize.changes import replay
from normalize.pipeline import Cleaned, Pipeline


def clean(pipeline: Pipeline, text: str, language: str | None) -> Cleaned:
    """``text`` cleaned in ``language``: its changes replay to its text (left candidates are not
    changes), and cleaning it again changes nothing."""
    cleaned = pipeline.clean_text(text, language)
    assert replay(text, cleaned.changes) == cleaned.text
    assert pipeline.clean_text(cleaned.text, language).text == cleaned.text
    return cleaned


def left_of(cleaned: Cleaned) -> dict[str, str]:
    """form -> reason, of the mentions left as written."""
    return {mention.form: mention.left for mention in cleaned.mentions if mention.left}
