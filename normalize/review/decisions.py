"""A reviewer's decisions, written as rules: each one appended to the rules file, checked, under a lock.

An accepted suggestion becomes an ``[[entity]]`` table (or extends the entity a
rule already has), a rejected one a ``[[rejected]]`` table that discovery never
suggests again; each decision is preceded by a comment saying when and from
which report.  The file is the same format as ``rules/ukraine.toml``, so the next
``normalize clean`` applies it (``rules/local.toml`` is loaded when present).
The tables are written by a TOML serializer (:mod:`normalize.rules.table`).
"""

from __future__ import annotations

import fcntl
import os
import stat
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import tomli_w

from normalize.batch.files import write_atomic
from normalize.errors import NormalizeError, RulesError
from normalize.review.suggestions import is_one_line
from normalize.rules.files import read_regular_file
from normalize.rules.load import parse_rules
from normalize.rules.model import Rules
from normalize.rules.table import entity_table, new_entity_id, rejection_table
from normalize.text import printable

HEADER = """\
# Local house style, written by `normalize review` from the suggestions of a report.
# Accepted suggestions are [[entity]] tables (same format as the built-in rules/*.toml);
# rejected ones are [[rejected]] tables: discovery never suggests those forms together again.
# `normalize clean` loads rules/local.toml from the current folder when it exists.
"""
BACKUP_SUFFIX = ".bak"  # local.toml.bak: the file as it was before the last decision
LOCK_SUFFIX = ".lock"  # local.toml.lock: held while a decision is written (left in place)

def decided(suggestion: dict, rules: Rules) -> str | None:
    """Why a suggestion needs no decision any more (accepted or rejected earlier), or None.

    Accepted: every form belongs to one entity, or was left out of it (rejected with one of its forms).
    """
    language = suggestion["language"]
    forms = [v["form"] for v in suggestion["variants"]]
    rejections = [r.keys for r in rules.rejected if r.language in (None, language)]
    keys = {f.casefold() for f in forms}
    if any(keys <= rejected for rejected in rejections):
        return "rejected already"
    owner = {f: rules.entity_of(f) for f in forms}
    entities = set(owner.values()) - {None}
    if len(entities) == 1:
        members = {f.casefold() for f, e in owner.items() if e}
        left_out = [f for f, e in owner.items() if e is None]
        if all(any(f.casefold() in r and r & members for r in rejections) for f in left_out):
            return f"accepted already (entity {entities.pop()})"
    return None


@dataclass
class Decision:
    """What a reviewer said about one suggestion: accept (with a canonical, leaving out forms) or reject."""

    suggestion: dict
    accept: bool
    canonical: str | None = None
    leave_out: list[str] = field(default_factory=list)

    @property
    def verb(self) -> str:
        return "Accepted" if self.accept else "Rejected"

    def tables(self, rules: Rules) -> dict[str, list[dict]]:
        """The tables the decision adds to the rules file, by top-level key."""
        s = self.suggestion
        language, forms = s["language"], [v["form"] for v in s["variants"]]
        if not self.accept:
            return {"rejected": [rejection_table(language, forms)]}
        canonical = self.canonical or s["canonical"]
        if s["extends"] and s["entity"] not in rules.entities:
            raise NormalizeError(f"suggestion {s['id']} extends entity {s['entity']!r}, which no rules file has now; "
                                 "run `normalize discover` again for a new report")
        known = {v["form"] for v in s["variants"] if v.get("known")}
        kept = [f for f in forms if f not in self.leave_out]
        entity = s["entity"] if s["extends"] else new_entity_id(canonical, rules)
        ruled = s["extends"] and s.get("canonical_from") == "rules" and canonical == s["canonical"]
        variants = [f for f in kept if f != canonical and f not in known]
        paradigm = rules.paradigms.get(s.get("inflection") or "")
        declines = paradigm is not None and all(paradigm.decline(f) for f in [canonical, *variants])
        tables = {"entity": [entity_table(entity, language, None if ruled else canonical, variants,
                                          paradigm.id if declines else None)]}
        if self.leave_out:  # a form left out is never suggested again with any form the entity keeps
            members = dict.fromkeys([canonical, *kept])
            tables["rejected"] = [rejection_table(language, [member, form]) for form in self.leave_out for member in members]
        return tables


class RulesFile:
    """The reviewer's rules file: each decision is appended, checked with the other rules, written atomically.

    Each decision is written under a lock (``local.toml.lock`` beside the file), from
    the file as it is then, so that two reviews of one file at once keep both their
    decisions; the file keeps its mode, and the version before the last decision is
    kept as ``local.toml.bak``.
    """

    def __init__(self, path: str | Path, other_sources: list[tuple[str, str]], report: str | Path):
        self.path = Path(path)
        self.other_sources = other_sources
        self.report = str(report)

    def text(self) -> str:
        """The file's text (the header of a new file when there is none yet)."""
        data = self._read()
        return HEADER if data is None else data.decode("utf-8")

    def _read(self) -> bytes | None:
        try:
            data = read_regular_file(self.path)
            data.decode("utf-8")
            return data
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) else f"not UTF-8 text: {error}"
            raise RulesError(str(self.path), None, f"cannot read the rules file ({why}); "
                                                   "give a rules file (.toml) with --rules-out") from None

    def rules(self, text: str | None = None) -> Rules:
        return parse_rules([*self.other_sources, (str(self.path), self.text() if text is None else text)])

    def record(self, decision: Decision) -> str | None:
        """Append ``decision``; the reason it needs none (decided already, perhaps by a review running at
        the same time), or None once written.  RulesError, and nothing written, if the rules would be invalid."""
        with self._locked():
            before = self._read()
            current = HEADER if before is None else before.decode("utf-8")
            rules = self.rules(current)
            earlier = decided(decision.suggestion, rules)
            if earlier:
                return earlier
            tables = decision.tables(rules)
            when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            comment = printable(f"# {decision.verb} {decision.suggestion['id']} on {when} from report {self.report}")
            text = f"{current.rstrip()}\n\n{comment}\n{tomli_w.dumps(tables)}"
            self._check(decision, current, text, tables)
            mode = 0o644 if before is None else stat.S_IMODE(os.stat(self.path).st_mode)
            if before is not None:
                write_atomic(self.path.with_name(self.path.name + BACKUP_SUFFIX), before, mode=mode)
            write_atomic(self.path, text.encode("utf-8"), mode=mode)
        return None

    def _check(self, decision: Decision, current: str, text: str, tables: dict[str, list[dict]]) -> None:
        """The new text loads with the other rules, and holds the old tables and exactly the decided ones."""
        what = f"{decision.verb.lower()} {decision.suggestion['id']}"
        try:
            self.rules(text)
        except RulesError as error:
            raise RulesError(str(self.path), None, f"nothing written: {what} would make a rule that cannot be "
                                                   f"used ({error.message}); decide otherwise or skip it") from None
        expected = tomllib.loads(current)
        for key, added in tables.items():
            expected[key] = [*expected.get(key, []), *added]
        if tomllib.loads(text) != expected:
            raise RulesError(str(self.path), None, f"nothing written: {what} would not read back as decided "
                                                   "(the end of the file holds something unfinished); repair the file")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an exclusive lock on ``local.toml.lock`` (made when missing, never removed)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + LOCK_SUFFIX)
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise RulesError(str(self.path), None, f"cannot lock the rules file ({lock}: {error.strerror}); "
                                                   "check that its folder is writable") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


def parse_choices(suggestions: list[dict], accept: list[str], reject: list[str], leave_out: list[str]) -> list[Decision]:
    """Decisions from ``--accept ID[=Canonical]``, ``--reject ID`` and ``--leave-out ID=FORM``."""
    by_id = {s["id"]: s for s in suggestions}

    def find(identifier: str) -> dict:
        if identifier not in by_id:
            raise NormalizeError(f"no suggestion {identifier!r} in the report")
        return by_id[identifier]

    dropped: dict[str, list[str]] = {}
    for item in leave_out:
        identifier, _, form = item.partition("=")
        forms = [v["form"] for v in find(identifier)["variants"]]
        if form not in forms:
            raise NormalizeError(f"--leave-out {item}: {form!r} is not a form of {identifier} ({', '.join(forms)})")
        dropped.setdefault(identifier, []).append(form)
    decisions = []
    for item in accept:
        identifier, _, canonical = item.partition("=")
        if canonical.strip() and not is_one_line(canonical):
            raise NormalizeError(f"--accept {printable(item)}: the canonical must be a name on one line, "
                                 "without control characters")
        decisions.append(Decision(find(identifier), True, canonical.strip() or None, dropped.get(identifier, [])))
    decisions += [Decision(find(identifier), False) for identifier in reject]
    return decisions
