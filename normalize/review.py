"""Review: a person's decisions on the report's suggestions, written as rules.

An accepted suggestion becomes an ``[[entity]]`` table (or extends the entity a
rule already has), a rejected one a ``[[rejected]]`` table that discovery never
suggests again; each decision is preceded by a comment saying when and from
which report.  The file is the same format as ``rules/ukraine.toml``, so the next
``normalize clean`` applies it (``rules/local.toml`` is loaded when present).

>>> print(entity_toml("gaddafi", "en", "Gaddafi", ["Qaddafi", "Gadhafi"]))
[[entity]]
id = "gaddafi"
canonical = { en = "Gaddafi" }
variants = ["Qaddafi", "Gadhafi"]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from unidecode import unidecode

from normalize.errors import NormalizeError, RulesError
from normalize.files import write_atomic
from normalize.rules import Rules, parse_rules
from normalize.text import printable

HEADER = """\
# Local house style, written by `normalize review` from the suggestions of a report.
# Accepted suggestions are [[entity]] tables (same format as the built-in rules/*.toml);
# rejected ones are [[rejected]] tables: discovery never suggests those forms together again.
# `normalize clean` loads rules/local.toml from the current folder when it exists.
"""


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _strings(items: list[str]) -> str:
    return "[" + ", ".join(map(_string, items)) + "]"


def entity_toml(entity: str, language: str, canonical: str | None, variants: list[str]) -> str:
    """The ``[[entity]]`` table accepting a suggestion writes; no canonical when a rule's stays."""
    lines = ["[[entity]]", f"id = {_string(entity)}"]
    if canonical is not None:
        lines.append(f"canonical = {{ {language} = {_string(canonical)} }}")
    if variants:
        lines.append(f"variants = {_strings(variants)}")
    return "\n".join(lines)


def rejection_toml(language: str, forms: list[str]) -> str:
    """The ``[[rejected]]`` table that keeps ``forms`` from being suggested together again.

    >>> print(rejection_toml("en", ["Austria", "Australia"]))
    [[rejected]]
    language = "en"
    forms = ["Austria", "Australia"]
    """
    return f"[[rejected]]\nlanguage = {_string(language)}\nforms = {_strings(forms)}"


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


@dataclass
class Decision:
    """What a reviewer said about one suggestion: accept (with a canonical, leaving out forms) or reject."""

    suggestion: dict
    accept: bool
    canonical: str | None = None
    leave_out: list[str] = field(default_factory=list)

    def toml(self, rules: Rules) -> str:
        s = self.suggestion
        forms = [v["form"] for v in s["variants"]]
        if not self.accept:
            return rejection_toml(s["language"], forms)
        canonical = self.canonical or s["canonical"]
        known = {v["form"] for v in s["variants"] if v.get("known")}
        kept = [f for f in forms if f not in self.leave_out]
        entity = s["entity"] if s["extends"] else new_entity_id(canonical, rules)
        ruled = s["extends"] and s.get("canonical_from") == "rules" and canonical == s["canonical"]
        variants = [f for f in kept if f != canonical and f not in known]
        blocks = [entity_toml(entity, s["language"], None if ruled else canonical, variants)]
        for form in self.leave_out:
            blocks.append(rejection_toml(s["language"], [canonical, form]))
        return "\n\n".join(blocks)


def load_suggestions(report_path: str | Path) -> list[dict]:
    """The suggestions of a JSON report; a clear error when it is not one."""
    path = Path(report_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise NormalizeError(f"{path}: cannot read the report: {error.strerror or error}") from None
    except ValueError as error:
        raise NormalizeError(f"{path}: not a JSON report ({error}); give the report.json of clean or discover") from None
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("normalize.report/"):
        raise NormalizeError(f"{path}: not a normalize report (no \"schema\": \"normalize.report/1\")")
    return data.get("suggestions", [])


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


class RulesFile:
    """The reviewer's rules file: each decision is appended, checked with the other rules, written atomically."""

    def __init__(self, path: str | Path, other_sources: list[tuple[str, str]], report: str | Path):
        self.path = Path(path)
        self.other_sources = other_sources
        self.report = str(report)

    def text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return HEADER
        except (OSError, UnicodeDecodeError) as error:
            raise RulesError(str(self.path), None, f"cannot read the rules file: {error}") from None

    def rules(self, text: str | None = None) -> Rules:
        return parse_rules([*self.other_sources, (str(self.path), self.text() if text is None else text)])

    def record(self, decision: Decision) -> str:
        """Append ``decision``; raise RulesError (nothing written) if the rules would be invalid."""
        current = self.text()
        verb = "Accepted" if decision.accept else "Rejected"
        when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        block = decision.toml(self.rules(current))
        comment = f"# {verb} {decision.suggestion['id']} on {when} from report {self.report}"
        text = f"{current.rstrip()}\n\n{comment}\n{block}\n"
        self.rules(text)
        write_atomic(self.path, text.encode("utf-8"))
        return block


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
            rules_file.record(decision)
        except RulesError as error:
            tell(f"  not recorded: {error}")
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
            if typed:
                return Decision(suggestion, True, typed, leave_out)
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
        decisions.append(Decision(find(identifier), True, canonical.strip() or None, dropped.get(identifier, [])))
    decisions += [Decision(find(identifier), False) for identifier in reject]
    return decisions
