"""The report's aggregates (Report): totals, variants per form, suggestions, merged chunk by chunk.

The report keeps counts and a few contexts per form, never whole texts, so its
size depends on the number of distinct forms, not on the size of the corpus.
:meth:`Report.to_dict` is the report as the JSON interface has it
(``schema: normalize.report/1``); :mod:`normalize.report.write` writes it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from normalize.changes import DECODE
from normalize.discovery.cluster import suggest
from normalize.discovery.names import NameCounts
from normalize.pipeline import STAGES
from normalize.report.record import MAX_CONTEXTS, MAX_LOCATIONS, ArticleRecord, entry_json, plain_entry
from normalize.rules.model import Rules
from normalize.text import contexts_of

REPORT_SCHEMA = "normalize.report/1"
STATUSES = ("changed", "unchanged", "failed", "skipped", "partial", "surveyed")  # surveyed: by discover, not cleaned
COUNTED = {DECODE: "stray_byte_runs", **{stage.name: stage.counted_as for stage in STAGES}}  # stage -> summary key
# The summary's counts of changes: these four first, in this order (the report contract), then any other stage's.
CHANGE_COUNTS = tuple(dict.fromkeys(("replacements", "repairs", "romanizations", "stray_byte_runs", *COUNTED.values())))


@dataclass
class FormStats:
    """How often one written form of an entity was seen, in how many files, and what it became."""

    form: str
    became: str
    rule: str
    count: int = 0
    files: int = 0
    contexts: list[list] = field(default_factory=list)  # [text, start, end]: text.shown_excerpt
    locations: list[str] = field(default_factory=list)

    def absorb(self, count: int, files: int, contexts: list[list], locations: list[str]) -> None:
        """Add sightings that come after those already counted (so the first contexts stay first)."""
        self.count += count
        self.files += files
        self.contexts += contexts[:MAX_CONTEXTS - len(self.contexts)]
        self.locations += locations[:MAX_LOCATIONS - len(self.locations)]

    def as_dict(self) -> dict:
        return {
            "form": self.form, "count": self.count, "files": self.files, "became": self.became,
            "changed": self.form != self.became, "rule": self.rule,
            **contexts_of(self.contexts), "locations": self.locations,
        }


class Report:
    """Aggregates over articles, added one at a time or merged from partial reports.

    Merging the partial reports of consecutive runs of articles, in order, gives the
    same report as adding the articles one by one:

    >>> whole, first, second = Report(), Report(), Report()
    >>> records = [ArticleRecord({"path": p, "status": "unchanged", "changes": []}) for p in "ab"]
    >>> for record in records: whole.add_record(record)
    >>> first.add_record(records[0]); second.add_record(records[1]); first.merge(second)
    >>> first.to_dict() == whole.to_dict()
    True

    The report keeps counts and a few contexts per form, never texts.  The file
    entries are kept in memory unless ``entries`` gives them (sorted by path)
    from elsewhere: a batch over a folder reads them back from its manifest
    (which also has them as JSON text, ``entries.encoded()``, to write as they are).
    Only the entries with an error (``with_errors``) are kept in any case.
    The names of the articles are counted; :meth:`run_discovery`, called once the
    whole report is in, turns them into ``suggestions`` (a partial report leaves
    that to the whole).
    """

    def __init__(self, entries: Iterable[dict] | None = None):
        self.names = NameCounts()
        self.suggestions: Sequence[dict] = []  # discovery's clusters of new spellings, once run_discovery has run
        self.counts = dict.fromkeys(STATUSES, 0)
        self.changes = dict.fromkeys(CHANGE_COUNTS, 0)  # changes counted by the stage that made them
        self.left = 0  # candidates a rule would rewrite, left as written (each file entry's ``left`` says why)
        self.variants: dict[tuple[str, str, str], dict[str, FormStats]] = {}
        self.failures: list[dict] = []
        self.with_errors: list[dict] = []  # failed, left out or partly kept: what a person must look at
        self.languages: dict[str, int] = {}  # articles per language
        self.without_rules: dict[str, int] = {}  # articles per language (of a paragraph) that no rule speaks for
        self._entries = entries
        self._kept: list[dict] = []
        self.rules_files: list[str] = []  # the rules files the run loaded, in order (set by the run)
        self.reused = 0  # articles an earlier run's result was taken for, not cleaned again (set by the run)

    def add_record(self, record: ArticleRecord) -> None:
        entry = record.entry
        self.counts[entry["status"]] += 1
        for change in entry["changes"]:
            if change["stage"] in COUNTED:
                self.changes[COUNTED[change["stage"]]] += 1
        self.left += len(entry.get("left", ()))
        _count(self.languages, [entry["language"]] if entry.get("language") else [])
        _count(self.without_rules, entry.get("without_rules", []))
        if entry.get("error") or self._entries is None:
            entry = plain_entry(entry)  # kept: its changes as plain dicts
        if entry["status"] == "failed" or entry["status"] == "skipped" and entry.get("error"):
            self.failures.append(entry)  # not written, and why
        if entry.get("error"):
            self.with_errors.append(entry)
        if self._entries is None:
            self._kept.append(entry)
        if record.names is not None:
            self.names.absorb(record.names)
        for entity, language, canonical, form, became, rule, count, contexts, locations in record.forms:
            forms = self.variants.setdefault((entity, language, canonical), {})
            forms.setdefault(form, FormStats(form, became, rule)).absorb(count, 1, contexts, locations)

    def merge(self, other: "Report") -> None:
        """Add ``other``, the report of the articles that come after this one's (handed on: not to be used after)."""
        for status, count in other.counts.items():
            self.counts[status] += count
        for key, count in other.changes.items():
            self.changes[key] += count
        self.left += other.left
        for mine, theirs in ((self.languages, other.languages), (self.without_rules, other.without_rules)):
            for language, count in theirs.items():
                mine[language] = mine.get(language, 0) + count
        self.failures += other.failures
        self.with_errors += other.with_errors
        self._kept += other._kept
        self.names.absorb(other.names)
        for key, forms in other.variants.items():
            mine = self.variants.setdefault(key, {})
            for form, stats in forms.items():
                mine.setdefault(form, FormStats(form, stats.became, stats.rule)).absorb(
                    stats.count, stats.files, stats.contexts, stats.locations
                )

    @property
    def files(self) -> Iterable[dict]:
        """The file entries, sorted by path."""
        if self._entries is not None:
            return self._entries
        return sorted(self._kept, key=lambda f: f["path"])

    def encoded_files(self) -> Iterable[str | Iterable[str]]:
        """The file entries as JSON text (:func:`entry_json`), each whole or in pieces, sorted by path."""
        encoded = getattr(self._entries, "encoded", None)
        return encoded() if encoded is not None else map(entry_json, self.files)

    @property
    def summary(self) -> dict:
        return {
            "files": sum(self.counts.values()),
            **{status: count for status, count in self.counts.items() if count or status != "surveyed"},
            **self.changes,
            "left": self.left,
            "languages": dict(sorted(self.languages.items())),
        }

    def to_dict(self) -> dict:
        """The report as the JSON interface has it; ``files`` may be a lazy sequence."""
        return {
            "schema": REPORT_SCHEMA,
            "summary": self.summary,
            "files": self.files,
            "variants": [
                {
                    "entity": entity, "language": language, "canonical": canonical, "settled": canonical is not None,
                    "forms": [s.as_dict() for s in sorted(forms.values(), key=lambda s: (-s.count, s.form))],
                }
                for (entity, language, canonical), forms in sorted(
                    self.variants.items(), key=lambda item: tuple(part or "" for part in item[0])
                )
            ],
            "suggestions": self.suggestions,
            "languages_without_rules": dict(sorted(self.without_rules.items())),
            "rules_files": self.rules_files,
        }

    def run_discovery(self, rules: Rules, jobs: int = 1, read: Callable[[str], str | None] | None = None) -> None:
        """Suggest the clusters of the names counted that ``rules`` do not know, in up to ``jobs`` processes.

        The one costly step of a report: its builder calls it once every article is in,
        and ``suggestions`` keeps the result for every reader.  ``read(path)`` gives the
        text an article's names were counted in again, for the contexts of the forms suggested.
        """
        self.suggestions = suggest(self.names, rules, jobs, read)

    def summary_line(self) -> str:
        s = self.summary
        return (
            f"{s['files']} files, {s['changed']} changed, {s['unchanged']} unchanged, "
            f"{s['failed']} failed, {s['replacements']} replacements"
            + (f", {s['partial']} partial (records kept as they were)" if s["partial"] else "")
            + (f", {s['romanizations']} romanizations" if s["romanizations"] else "")
            + (f", {s['stray_byte_runs']} runs of bytes not UTF-8 read as legacy text" if s["stray_byte_runs"] else "")
            + (f"; no rules for {', '.join(sorted(self.without_rules))}" if self.without_rules else "")
        )


def _count(counts: dict[str, int], languages: list[str]) -> None:
    for language in languages:
        counts[language] = counts.get(language, 0) + 1


