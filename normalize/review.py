"""Review: a person's decisions on the report's suggestions, written as rules.

An accepted suggestion becomes an ``[[entity]]`` table (or extends the entity a
rule already has), a rejected one a ``[[rejected]]`` table that discovery never
suggests again; each decision is preceded by a comment saying when and from
which report.  The file is the same format as ``rules/ukraine.toml``, so the next
``normalize clean`` applies it (``rules/local.toml`` is loaded when present).

A report is data from outside: every field a decision uses is checked before it
is used (:func:`load_suggestions`), and the tables are written by a TOML
serializer, so no text of a report can add a rule of its own.

>>> print(entity_toml("gaddafi", "en", "Gaddafi", ["Qaddafi", "Gadhafi"]))
[[entity]]
id = "gaddafi"
variants = [
    "Qaddafi",
    "Gadhafi",
]
<BLANKLINE>
[entity.canonical]
en = "Gaddafi"
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import stat
import tomllib
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import tomli_w
from babel import Locale
from unidecode import unidecode

from normalize.errors import NormalizeError, RulesError
from normalize.batch.files import write_atomic
from normalize.rules.load import parse_rules, read_regular_file
from normalize.rules.model import Rules
from normalize.text import printable

HEADER = """\
# Local house style, written by `normalize review` from the suggestions of a report.
# Accepted suggestions are [[entity]] tables (same format as the built-in rules/*.toml);
# rejected ones are [[rejected]] tables: discovery never suggests those forms together again.
# `normalize clean` loads rules/local.toml from the current folder when it exists.
"""
BACKUP_SUFFIX = ".bak"  # local.toml.bak: the file as it was before the last decision
LOCK_SUFFIX = ".lock"  # local.toml.lock: held while a decision is written (left in place)
SUGGESTION_ID = re.compile(r"s-[0-9a-f]{10}")  # what discover writes: s- and ten hex digits of a digest
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REDO = "the report is damaged or not one normalize wrote: run `normalize discover` again for a new report"


def entity_table(entity: str, language: str, canonical: str | None, variants: list[str]) -> dict:
    """The ``[[entity]]`` table accepting a suggestion writes; no canonical when a rule's stays."""
    table: dict = {"id": entity}
    if canonical is not None:
        table["canonical"] = {language: canonical}
    if variants:
        table["variants"] = list(variants)
    return table


def rejection_table(language: str, forms: list[str]) -> dict:
    """The ``[[rejected]]`` table that keeps ``forms`` from being suggested together again."""
    return {"language": language, "forms": list(forms)}


def entity_toml(entity: str, language: str, canonical: str | None, variants: list[str]) -> str:
    """:func:`entity_table` as TOML (the report shows what accepting would write)."""
    return tomli_w.dumps({"entity": [entity_table(entity, language, canonical, variants)]}).rstrip()


def new_entity_id(canonical: str, rules: Rules) -> str:
    """An id for a new entity, from its canonical, unused by ``rules``.

    >>> new_entity_id("Muammar al-Gaddafi", parse_rules([]))
    'muammar-al-gaddafi'
    """
    base = re.sub(r"[^a-z0-9]+", "-", unidecode(canonical).lower()).strip("-") or "name"
    candidate, number = base, 1
    while candidate in rules.entities:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def is_one_line(text: object) -> bool:
    """Is ``text`` a non-empty string on one line, without control characters?

    >>> is_one_line("Zełenski"), is_one_line("Kyiv\\n[[entity]]"), is_one_line("x\u202e"), is_one_line("")
    (True, False, False, False)
    """
    return isinstance(text, str) and bool(text.strip()) and not any(
        unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS for char in text
    )


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    """ISO 639 codes of the languages CLDR names (babel): those a report's suggestion may have."""
    return frozenset(code for code in Locale("en").languages if re.fullmatch(r"[a-z]{2,3}", code))


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_known(value: object) -> bool:
    return value is None or is_one_line(value)


def _is_contexts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(context, str) for context in value)


_SUGGESTION_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": (lambda v: isinstance(v, str) and bool(SUGGESTION_ID.fullmatch(v)), 'an id such as "s-0123456789"'),
    "language": (lambda v: isinstance(v, str) and v in _language_codes(), 'a language code such as "en"'),
    "canonical": (is_one_line, "a name on one line"),
    "canonical_from": (lambda v: v in ("rules", "most frequent"), '"rules" or "most frequent"'),
    "entity": (is_one_line, "an entity id on one line"),
    "extends": (lambda v: isinstance(v, bool), "true or false"),
    "score": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "why": (lambda v: isinstance(v, str), "text"),
    "variants": (lambda v: isinstance(v, list) and bool(v), "a list of the forms"),
}
_VARIANT_FIELDS: dict[str, tuple[Callable[[object], bool], str]] = {
    "form": (is_one_line, "a name on one line"),
    "count": (_is_count, "a whole number"),
    "files": (_is_count, "a whole number"),
    "known": (_is_known, "null or an entity id"),
    "contexts": (_is_contexts, "a list of texts"),
}


def _wrong_fields(table: object, fields: dict[str, tuple[Callable[[object], bool], str]]) -> str | None:
    """What is wrong with the first field of ``table`` that is missing or not what ``fields`` says, or None."""
    if not isinstance(table, dict):
        return f"is {type(table).__name__}, not an object"
    for name, (valid, what) in fields.items():
        if name not in table:
            return f"has no {name!r}"
        if not valid(table[name]):
            return f"{name!r} must be {what}, not {printable(json.dumps(table[name], ensure_ascii=False))[:80]}"
    return None


def suggestion_problem(suggestion: object) -> str | None:
    """What keeps ``suggestion`` (from a report) from being decided on, or None."""
    problem = _wrong_fields(suggestion, _SUGGESTION_FIELDS)
    if problem:
        return problem
    for number, variant in enumerate(suggestion["variants"], start=1):
        problem = _wrong_fields(variant, _VARIANT_FIELDS)
        if problem:
            return f"variant {number} {problem}"
    return None


def load_suggestions(report_path: str | Path) -> list[dict]:
    """The suggestions of a JSON report, each checked (:func:`suggestion_problem`); a clear error when it is not one."""
    path = Path(report_path)
    try:
        data = json.loads(read_regular_file(path).decode("utf-8"))
    except OSError as error:
        raise NormalizeError(f"{path}: cannot read the report ({error.strerror or error}); "
                             "give the report.json of clean or discover") from None
    except ValueError as error:  # UnicodeDecodeError too
        raise NormalizeError(f"{path}: not a JSON report ({error}); give the report.json of clean or discover") from None
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("normalize.report/"):
        raise NormalizeError(f"{path}: not a normalize report (no \"schema\": \"normalize.report/1\"); "
                             "give the report.json of clean or discover")
    suggestions = data.get("suggestions", [])
    if not isinstance(suggestions, list):
        raise NormalizeError(f"{path}: \"suggestions\" is not a list; {_REDO}")
    for number, suggestion in enumerate(suggestions, start=1):
        problem = suggestion_problem(suggestion)
        if problem:
            named = suggestion.get("id") if isinstance(suggestion, dict) and is_one_line(suggestion.get("id")) else None
            label = f"suggestion {number}" + (f" ({printable(named)[:40]})" if named else "")
            raise NormalizeError(f"{path}: {label} {problem}; {_REDO}")
    return suggestions


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
        tables = {"entity": [entity_table(entity, language, None if ruled else canonical, variants)]}
        if self.leave_out:
            tables["rejected"] = [rejection_table(language, [canonical, form]) for form in self.leave_out]
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


def describe(suggestion: dict, number: int, total: int) -> str:
    """A suggestion as the terminal shows it: forms, counts and contexts, each line :func:`printable`."""
    s = suggestion
    lines = [f"[{number}/{total}] {s['id']}  language {s['language']}  score {s['score']}  "
             f"canonical: {s['canonical']} ({s['canonical_from']})", f"  why: {s['why']}"]
    for index, variant in enumerate(s["variants"], start=1):
        known = f"  [rule: {variant['known']}]" if variant.get("known") else ""
        lines.append(f"  {index}) {variant['form']}: {variant['count']}× in {variant['files']} file(s){known}")
        lines += [f"       {context}" for context in variant["contexts"][:2]]
    return "\n".join(map(printable, lines))


PROMPT = "accept [a], accept with form [1-9] as canonical, [t]ype a canonical, [d]rop forms, [r]eject, [s]kip, [q]uit? "


def review_interactively(suggestions: list[dict], rules_file: RulesFile,
                         ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> dict[str, int]:
    """Walk through the undecided suggestions one at a time; end of input quits."""
    def tell(line: str) -> None:  # a line that may quote the report or a file name
        say(printable(line))

    tally = {"accepted": 0, "rejected": 0, "skipped": 0}
    pending = [s for s in suggestions if decided(s, rules_file.rules()) is None]
    tell(f"{len(pending)} suggestion(s) to review; decisions go to {rules_file.path}")
    for number, suggestion in enumerate(pending, start=1):
        say(describe(suggestion, number, len(pending)))
        decision = _ask_decision(suggestion, ask, tell)
        if decision is None:
            break
        if decision == "skip":
            tally["skipped"] += 1
            continue
        try:
            earlier = rules_file.record(decision)
        except NormalizeError as error:
            tell(f"  not recorded: {error}")
            continue
        if earlier:
            tell(f"  not recorded: {earlier}")
            continue
        tally["accepted" if decision.accept else "rejected"] += 1
        tell(f"  {'accepted' if decision.accept else 'rejected'}: written to {rules_file.path}")
    return tally


def _ask_decision(suggestion: dict, ask, say) -> Decision | str | None:
    forms = [v["form"] for v in suggestion["variants"]]
    leave_out: list[str] = []
    canonical = suggestion["canonical"]
    while True:
        try:
            answer = ask(PROMPT).strip()
        except EOFError:
            return None
        if answer in ("a", "y"):
            return Decision(suggestion, True, canonical, leave_out)
        if answer.isdigit() and 1 <= int(answer) <= len(forms):
            return Decision(suggestion, True, forms[int(answer) - 1], leave_out)
        if answer == "t":
            try:
                typed = ask("canonical: ").strip()
            except EOFError:
                return None
            if is_one_line(typed):
                return Decision(suggestion, True, typed, leave_out)
            say("  type a name (letters, on one line)")
        elif answer == "d":
            try:
                numbers = ask("numbers of the forms to leave out (e.g. 2 3): ").replace(",", " ").split()
            except EOFError:
                return None
            chosen = [forms[int(n) - 1] for n in numbers if n.isdigit() and 1 <= int(n) <= len(forms)]
            leave_out = [f for f in chosen if f != canonical]
            say(f"  leaving out: {', '.join(leave_out) or 'nothing'}")
        elif answer == "r":
            return Decision(suggestion, False)
        elif answer == "s":
            return "skip"
        elif answer == "q":
            return None
        else:
            say("  answer a, a number, t, d, r, s or q")


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
