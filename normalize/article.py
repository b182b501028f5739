"""What the pipeline makes of one article."""

from __future__ import annotations

from dataclasses import dataclass, field

from normalize.changes import Change
from normalize.discovery.names import NameCounts
from normalize.stages.spelling import Mention


@dataclass
class Article:
    """One article after cleaning: its text and the record of how it got there.

    ``path`` is relative to the input folder, with ``/`` separators.  ``status`` is
    ``changed``, ``unchanged``, ``failed`` (``error`` says why), ``partial``
    (written, but some records were kept as they were: ``problems`` lists them
    by line) or ``skipped`` (not an article: copied untouched).
    """

    path: str
    status: str = "unchanged"
    text: str | None = None
    language: str | None = None
    language_score: float | None = None
    encoding: str | None = None
    encoding_method: str | None = None
    encoding_confidence: float | None = None
    encoding_declared: str | None = None  # the charset the document itself declares, if any
    error: str | None = None
    changes: list[Change] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    source_text: str | None = None  # the decoded input, for contexts in the report
    format: str | None = None  # the reader used: text, markdown, html, xml, jsonl, json, csv, tsv
    problems: list[dict] = field(default_factory=list)  # parts kept as they were: {"line", "error"}
    names: NameCounts | None = None  # candidate names for discovery (a mergeable aggregate)
    languages: list[str] = field(default_factory=list)  # of its paragraphs, its own first
    without_rules: list[str] = field(default_factory=list)  # languages of it that no rule speaks for
