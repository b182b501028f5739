"""The one record of one article, from the pipeline to the report and the manifest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from normalize.changes import Change, Changes, LineIndex, Mention
from normalize.discovery.names import NameCounts
from normalize.pipeline import Cleaned
from normalize.stages.decode import Decoded


@dataclass
class Article:
    """One article: how its bytes were decoded, what the pipeline made of the text, and its status.

    ``path`` is relative to the input folder, with ``/`` separators.  ``status`` is
    ``changed``, ``unchanged``, ``failed`` (``error`` says why), ``partial``
    (written, but some records were kept as they were: ``problems`` lists them
    by line), ``skipped`` (not an article: copied untouched) or ``surveyed`` (its
names counted by discover, which does not clean).  ``decoded`` and
    ``cleaned`` are None for an article that was not read; ``names`` are its
    candidate names for discovery (a mergeable aggregate).
    """

    path: str
    status: str = "unchanged"
    error: str | None = None
    format: str | None = None  # the reader used: text, markdown, html, xml, jsonl, json, csv, tsv
    decoded: Decoded | None = None
    cleaned: Cleaned | None = None
    names: NameCounts | None = None

    @classmethod
    def of(cls, path: str, format_name: str, decoded: Decoded, cleaned: Cleaned) -> "Article":
        """The article whose bytes gave ``decoded`` and whose text gave ``cleaned``; its status follows."""
        if cleaned.problems:
            status, error = "partial", "; ".join(f"line {line}: {message}" for line, message in cleaned.problems)
        else:
            changed = cleaned.text != decoded.text or decoded.encoding != "utf-8" or decoded.changes
            status, error = "changed" if changed else "unchanged", None
        return cls(path, status, error, format_name, decoded, cleaned)

    @property
    def text(self) -> str | None:
        """The cleaned text, to write; None for a file copied as it is, or one that failed."""
        return self.cleaned.text if self.cleaned is not None else None

    @property
    def changes(self) -> Sequence[Change]:
        """Every change, stage by stage: the stray bytes first (the decoded text is the others' input)."""
        if self.cleaned is None:
            return []
        stray = self.decoded.changes if self.decoded else ()
        if not stray:
            return self.cleaned.changes  # itself, not a copy: it can hold a change every few bytes
        changes = Changes(stray)
        changes.extend(self.cleaned.changes)
        return changes

    @property
    def mentions(self) -> list[Mention]:
        return self.cleaned.mentions if self.cleaned is not None else []

    @property
    def left(self) -> list[dict]:
        """The candidates left as written, as the report lists them: ``{"line", "start", "end", "form",
        "would_become", "reason"}``, with offsets in the text the mentions refer to (``source_text``)."""
        left = [mention for mention in self.mentions if mention.left]
        if not left:
            return []
        index = LineIndex(self.cleaned.source_text)
        return [
            {"line": index.position(m.start)[0], "start": m.start, "end": m.end, "form": m.form,
             "would_become": m.would_become, "reason": m.left}
            for m in left
        ]

    @property
    def problems(self) -> list[dict]:
        """The parts kept as they were, as the report lists them: ``{"line", "error"}``."""
        problems = self.cleaned.problems if self.cleaned is not None else []
        return [{"line": line, "error": message} for line, message in problems]
