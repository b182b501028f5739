"""The interactive review: each undecided suggestion shown in the terminal, and the reviewer's answer asked for."""

from __future__ import annotations

from typing import Callable

from normalize.errors import NormalizeError
from normalize.review.decisions import Decision, RulesFile, decided
from normalize.review.suggestions import is_one_line
from normalize.text import printable


def describe(suggestion: dict, number: int, total: int) -> str:
    """A suggestion as the terminal shows it: forms, counts and contexts, each line :func:`printable`."""
    s = suggestion
    lines = [f"[{number}/{total}] {s['id']}  language {s['language']}  score {s['score']}  "
             f"canonical: {s['canonical']} ({s['canonical_from']})", f"  why: {s['why']}"]
    if s.get("inflection"):
        lines.append(f"  declined by paradigm {s['inflection']}: accepting writes it, so every case is respelled")
    for index, variant in enumerate(s["variants"], start=1):
        known = f"  [rule: {variant['known']}]" if variant.get("known") else ""
        lines.append(f"  {index}) {variant['form']}: {variant['count']}× in {variant['files']} file(s){known}")
        if variant.get("case_forms"):
            lines.append(f"       case forms: {', '.join(variant['case_forms'])}")
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
