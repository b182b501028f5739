"""How good are discovery's suggestions on real news in nine languages? Measured against hand labels.

The real articles of ``scripts/bench.py`` (NTREX-128 documents in the nine
languages, WMT22/23 test documents in Ukrainian, Russian and German, the English
press releases of the two presidents, the GDELT English news) are written, one
article per file, to a temporary folder (never into the repository: some of this
text has no open licence) and discovered in one run of ``normalize discover``
(``--languages`` naming the nine).  Its report's ``suggestions`` are then judged
against ``scripts/labels/discovery.tsv``, where a person labelled pairs of forms
(language, canonical, variant) ``same`` (spellings of one name) or ``different``
(forms of one word, look-alike words, a word and its translation, different
people, ...), with a short reason.

    python scripts/eval_discovery.py [--corpora DIR] [--baseline REF] [--unlabelled FILE] [--report PATH]

How to label (read the contexts of each form in the report): ``same`` when the
variant's mentions are the canonical's name spelled otherwise, so that respelling
them is right: ``transliteration`` (Podoliak/Podolyak, Polish-style Ławrow/Lavrov),
``accent``, ``typo``, ``spelling``, ``mixed-script``, ``translated-part``
(Rapid Viena, one club).  A given name is ``same``
only when the variant's mentions carry the same original name (Sergey Lavrov is
Sergei Lavrov); ``different-person`` when they are other people with a name of
their own (Aleksandar Vučić for Oleksandr, the Ukrainian Valerii for the Russian
Valery, Allan McGregor for Alan).  Otherwise ``different``: ``case-form``,
``inflection``, ``verb-form``, ``derived-word``, ``gender``, ``lookalike``,
``translation``, ``other-language`` (a Russian quote in Ukrainian text),
``inside-foreign-name`` (Virginia of "West Virginia Metro News" in French),
``inside-longer-name``, ``different-entity``.

How a label applies: ``same`` labels join forms into names (A same B and B same C
make A and C one name too); a pair is ``different`` when some ``different`` label
links a form of one name to a form of the other.  So a label holds whichever form
a run picks as the canonical.

Per language it prints:

* top-30 precision: of the 30 largest suggestions (by count, the report's order),
  the share that are true.  A suggestion is true when every variant's link to its
  canonical is ``same``, false when any is ``different`` (a partly true cluster is
  false: accepting it would respell a different word; the count of these is
  shown as "partly"), and unlabelled otherwise: unlabelled ones are left out of
  the share and counted ("?"), so label them (``--unlabelled``) before comparing;
* recall: the share of the labelled ``same`` pairs that some suggestion joins (its
  canonical and variants, or the case forms its paradigm lists with them, hold both
  forms: accepting it respells them too), or that the run's built-in rules already
  reconcile (both forms belong to one entity: a name the rules know is no longer
  suggested, it is rewritten).  The labels hold the true pairs that
  suggestions made and those a person found by searching the text (missed ones);
  ``--missed`` lists the pairs no suggestion joins;
* ROC AUC of the score, over every labelled suggestion (not only the top 30):
  the chance that a true suggestion scores above a false one (0.5 is no better
  than chance; "-" when a language has no true or no false one).

``--baseline REF`` runs the same on a git ref (a temporary ``git worktree``,
installed with ``pip --target`` into a temporary folder and run with PYTHONPATH),
and prints the two side by side.  ``--unlabelled FILE`` writes the pairs of
every suggestion (of both runs) that no label decides, in the label format with
``?`` as the label, sorted, for a person to label (``--report`` keeps the report,
whose contexts show what each form is).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import CORPORA, LANGUAGES, real_articles  # noqa: E402

LABELS = ROOT / "scripts" / "labels" / "discovery.tsv"
HEADER = ("language", "canonical", "variant", "label", "reason")
TOP = 30
RUN_DISCOVER = "import sys; from normalize.cli import main; sys.exit(main(sys.argv[1:]))"
ENTITIES_OF = ("import json, sys; from normalize import load_rules; rules = load_rules(); "
               "print(json.dumps({form: rules.entity_of(form) for form in json.load(sys.stdin)}))")


# ---------------------------------------------------------------- labels

@dataclass
class Labels:
    """The hand labels of one language: names (forms joined by ``same``) and the pairs of names told apart."""

    name_of: dict[str, str]          # form -> a representative form of its name
    apart: set[frozenset[str]]       # pairs of representatives labelled different
    same_pairs: list[tuple[str, str]]

    def judge(self, a: str, b: str) -> bool | None:
        """True: spellings of one name; False: different; None: no label decides."""
        if a not in self.name_of or b not in self.name_of:
            return None
        first, second = self.name_of[a], self.name_of[b]
        if first == second:
            return True
        return False if frozenset((first, second)) in self.apart else None


def read_labels(path: Path) -> dict[str, Labels]:
    """The labels file, per language (raises SystemExit naming the line of a malformed row)."""
    rows: dict[str, list[tuple[str, str, str]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        if number == 1 and tuple(fields) == HEADER or not line.strip():
            continue
        if len(fields) != len(HEADER) or fields[3] not in ("same", "different", "?"):
            raise SystemExit(f"{path}:{number}: expected {len(HEADER)} tab-separated fields "
                             f"({', '.join(HEADER)}) with label same, different or ?; got {line!r}")
        if fields[3] != "?":
            rows.setdefault(fields[0], []).append((fields[1], fields[2], fields[3]))
    return {language: _labels(pairs) for language, pairs in rows.items()}


def _labels(pairs: list[tuple[str, str, str]]) -> Labels:
    parent: dict[str, str] = {}

    def find(form: str) -> str:
        parent.setdefault(form, form)
        while parent[form] != form:
            parent[form] = parent[parent[form]]
            form = parent[form]
        return form

    for a, b, label in pairs:
        find(a), find(b)
        if label == "same":
            parent[find(a)] = find(b)
    name_of = {form: find(form) for form in parent}
    apart = {frozenset((name_of[a], name_of[b])) for a, b, label in pairs if label == "different"}
    return Labels(name_of, apart, [(a, b) for a, b, label in pairs if label == "same"])


# ---------------------------------------------------------------- runs

def write_articles(folder: Path, corpora: Path) -> int:
    """Write the real articles under ``folder``, one file each; return how many."""
    articles = real_articles(corpora)
    for name, _, text in articles:
        path = folder / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(articles)


@dataclass
class Run:
    """What one checkout made: its suggestions, and the entity its built-in rules give each labelled form."""

    suggestions: list[dict]
    entity_of: dict[str, str | None]


def discover(articles: Path, report: Path, forms: list[str], pythonpath: Path | None = None) -> Run:
    """Run ``normalize discover`` (of this checkout, or the one installed at ``pythonpath``), and ask its
    rules which entity each of ``forms`` belongs to."""
    environment = dict(os.environ)
    if pythonpath:
        environment["PYTHONPATH"] = str(pythonpath)
    command = [sys.executable, "-c", RUN_DISCOVER, "discover", str(articles), "--quiet", "--top", "0",
               "--languages", ",".join(LANGUAGES), "--report", str(report)]
    # run outside the repository, so that no rules/local.toml of a working folder is loaded
    subprocess.run(command, check=True, env=environment, cwd=report.parent, stdout=subprocess.DEVNULL)
    entities = subprocess.run([sys.executable, "-c", ENTITIES_OF], input=json.dumps(forms), capture_output=True,
                              text=True, check=True, env=environment, cwd=report.parent).stdout
    return Run(json.loads(report.read_text(encoding="utf-8"))["suggestions"], json.loads(entities))


def install_ref(ref: str, folder: Path) -> Path:
    """Check ``ref`` out in a temporary worktree and install it (no dependencies) under ``folder``."""
    checkout, target = folder / "checkout", folder / "site"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(checkout), ref], check=True)
    try:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                        str(checkout)], check=True)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=True)
    return target


# ---------------------------------------------------------------- figures

def forms_of(suggestion: dict) -> list[str]:
    """The canonical and the other forms of a suggestion."""
    return [suggestion["canonical"], *(v["form"] for v in suggestion["variants"] if v["form"] != suggestion["canonical"])]


def joined_forms(suggestion: dict) -> set[str]:
    """The forms a suggestion joins: its own, and the case forms its paradigm declines with them (recall only)."""
    return set(forms_of(suggestion)) | {form for v in suggestion["variants"] for form in v.get("case_forms", ())}


def verdict(suggestion: dict, labels: Labels) -> tuple[bool | None, bool]:
    """(true, false or None for unlabelled; whether some of its links are labelled same while it is false)."""
    canonical, *variants = forms_of(suggestion)
    judged = [labels.judge(canonical, form) for form in variants]
    if False in judged:
        return False, True in judged
    return (True if all(judged) else None), False


def roc_auc(scored: list[tuple[float, bool]]) -> float | None:
    """The chance that a true item scores above a false one (ties count half)."""
    true = [score for score, ok in scored if ok]
    false = [score for score, ok in scored if not ok]
    if not true or not false:
        return None
    wins = sum((t > f) + 0.5 * (t == f) for t in true for f in false)
    return wins / (len(true) * len(false))


def figures(suggestions: list[dict], labels: Labels, entity_of: dict[str, str | None]) -> dict:
    """Top-30 precision, recall and ROC AUC of one language's suggestions (in the report's order); a
    labelled pair that ``entity_of`` (the rules) gives one entity counts as found."""
    judged = [(s, *verdict(s, labels)) for s in suggestions]
    top = judged[:TOP]
    true = sum(ok is True for _, ok, _ in top)
    false = sum(ok is False for _, ok, _ in top)
    joined = [joined_forms(s) for s in suggestions]
    found = sum(any(a in forms and b in forms for forms in joined) or (entity_of.get(a) or 0) == entity_of.get(b)
                for a, b in labels.same_pairs)
    return {
        "suggestions": len(suggestions), "top": len(top), "true": true, "false": false,
        "partly": sum(partly for _, _, partly in top), "unlabelled": len(top) - true - false,
        "precision": true / (true + false) if true + false else None,
        "recall": found / len(labels.same_pairs) if labels.same_pairs else None,
        "found": found, "pairs": len(labels.same_pairs),
        "auc": roc_auc([(s["score"], ok) for s, ok, _ in judged if ok is not None]),
    }


def missed_pairs(run: Run, labels: dict[str, Labels]) -> list[tuple[str, str, str]]:
    """The labelled ``same`` pairs that no suggestion joins and the rules do not reconcile, as ``(language, form, form)``."""
    joined = [(s["language"], joined_forms(s)) for s in run.suggestions]
    return [(language, a, b) for language in LANGUAGES for a, b in labels.get(language, _labels([])).same_pairs
            if not any(lang == language and a in forms and b in forms for lang, forms in joined)
            and not (run.entity_of.get(a) or 0) == run.entity_of.get(b)]


def unlabelled_rows(suggestions: list[dict], labels: dict[str, Labels]) -> set[tuple[str, ...]]:
    """Label-file rows (label ``?``) for every canonical-variant pair that no label decides."""
    rows = set()
    for suggestion in suggestions:
        language_labels = labels.get(suggestion["language"], _labels([]))
        canonical, *variants = forms_of(suggestion)
        rows |= {(suggestion["language"], canonical, form, "?", "")
                 for form in variants if language_labels.judge(canonical, form) is None}
    return rows


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def summary_line(result: dict) -> str:
    precision = f"{_percent(result['precision'])} ({result['true']}/{result['true'] + result['false']}"
    precision += f", partly {result['partly']}, ? {result['unlabelled']})"
    recall = f"{_percent(result['recall'])} ({result['found']}/{result['pairs']})"
    auc = "-" if result["auc"] is None else f"{result['auc']:.2f}"
    return f"{result['suggestions']:>4}  {precision:<26} {recall:<14} {auc:>4}"


def print_table(runs: dict[str, dict[str, dict]]) -> None:
    names = list(runs)
    width = len(summary_line(next(iter(runs[names[0]].values()))))
    print("lang  " + "  |  ".join(f"{name}: n  top-{TOP} precision (true/judged) recall (found/pairs) AUC".ljust(width)
                                   for name in names))
    for language in (*LANGUAGES, "all"):
        print(f"{language:<5} " + "  |  ".join(summary_line(runs[name][language]).ljust(width) for name in names))


def evaluate(run: Run, labels: dict[str, Labels]) -> dict[str, dict]:
    """Figures per language, and over all nine (precision and recall summed, AUC over every labelled suggestion)."""
    results = {}
    every: list[tuple[float, bool]] = []
    for language in LANGUAGES:
        own = [s for s in run.suggestions if s["language"] == language]
        language_labels = labels.get(language, _labels([]))
        results[language] = figures(own, language_labels, run.entity_of)
        every += [(s["score"], ok) for s in own if (ok := verdict(s, language_labels)[0]) is not None]
    total = {key: sum(r[key] for r in results.values())
             for key in ("suggestions", "top", "true", "false", "partly", "unlabelled", "found", "pairs")}
    total["precision"] = total["true"] / (total["true"] + total["false"]) if total["true"] + total["false"] else None
    total["recall"] = total["found"] / total["pairs"] if total["pairs"] else None
    total["auc"] = roc_auc(every)
    results["all"] = total
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"the shared corpora (default: {CORPORA})")
    parser.add_argument("--labels", type=Path, default=LABELS, help=f"the hand labels (default: {LABELS.relative_to(ROOT)})")
    parser.add_argument("--baseline", metavar="REF", help="also measure this git ref, side by side")
    parser.add_argument("--unlabelled", type=Path, metavar="FILE", help="write the pairs no label decides here")
    parser.add_argument("--report", type=Path, metavar="PATH", help="keep this checkout's discovery report (.json)")
    parser.add_argument("--missed", action="store_true", help="list the labelled same pairs this checkout does not join")
    args = parser.parse_args(argv)
    if not (args.corpora / "ntrex-128-subset").is_dir():
        print(f"eval_discovery: {args.corpora}: no shared corpora there; give --corpora", file=sys.stderr)
        return 2
    labels = read_labels(args.labels)
    runs: dict[str, Run] = {}
    forms = sorted({form for language in labels.values() for pair in language.same_pairs for form in pair})
    with tempfile.TemporaryDirectory(prefix="normalize-eval-discovery-") as temporary:
        folder = Path(temporary)
        count = write_articles(folder / "articles", args.corpora)
        print(f"{count} articles in {len(LANGUAGES)} languages", file=sys.stderr)
        runs["this checkout"] = discover(folder / "articles", folder / "report.json", forms)
        if args.report:
            args.report.write_bytes((folder / "report.json").read_bytes())
        if args.baseline:
            site = install_ref(args.baseline, folder / "baseline")
            runs[args.baseline] = discover(folder / "articles", folder / "baseline" / "report.json", forms, site)
    print_table({name: evaluate(run, labels) for name, run in runs.items()})
    if args.missed:
        for language, a, b in missed_pairs(runs["this checkout"], labels):
            print(f"missed  {language}  {a} / {b}")
    if args.unlabelled:
        rows = set().union(*(unlabelled_rows(run.suggestions, labels) for run in runs.values()))
        args.unlabelled.write_text("\t".join(HEADER) + "\n" + "".join("\t".join(row) + "\n" for row in sorted(rows)),
                                   encoding="utf-8")
        print(f"{len(rows)} unlabelled pairs written to {args.unlabelled}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
