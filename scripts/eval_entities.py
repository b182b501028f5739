"""How many of the built-in entities still come out in more than one spelling, on the English corpora.

Cuts the English text of ``../shared/corpora`` into articles in a temporary folder
(never into the repository), as ``eval_precision.py`` does: the GDELT articles, the
Zelensky and Putin press releases, the WMT English references and the English MT
outputs.  It runs ``normalize clean`` on them and counts, for every entity of this
checkout's built-in rules, the spellings of it seen in the cleaned articles (its
English forms, case ignored, outside URLs, handles and exception phrases).  It prints:

- entities known: the entities of the built-in rules of each ref;
- entities seen, and the entities seen in more than one spelling, with their spellings;
- apart: the mentions that ``clean`` left as written and reported with a reason (a form
  inside a longer name, ``Volga-Dnepr``; a span whose language it could not tell), each with
  its reason, and the count of entities in more than one spelling if they were counted too.

``--baseline REF`` also cleans with the code and rules of that git ref (a temporary
``git worktree``) and counts the same entities (this checkout's) in its output.

``--candidates`` instead lists the names of the raw corpora written in more than one
spelling: capitalised words grouped by a romanisation skeleton (``Izyum`` and ``Izium``,
``Energodar`` and ``Enerhodar``), the most frequent first, each marked ``known`` if the
rules have it and ``place`` if the sitrepc2 gazetteer of ../shared does.  They are the
candidates for rules/places.toml and rules/people.toml; a person decides.

    python scripts/eval_entities.py [--baseline REF] [--every N] [--candidates [--top N]]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from eval_house_style import variants_left
from eval_precision import (
    CORPORA, ROOT, Article, baseline_checkout, check_importable, clean, news_articles, wmt_hypothesis_articles,
    wmt_text_articles, write_articles,
)

COUNT_ENTITIES = "from normalize import load_rules; print(len(load_rules().entities))"
GAZETTEER = CORPORA / "sitrepc2-ua-gazetteer" / "locale_lookup.csv"
NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])")
# Letters and letter groups that the romanisation systems render differently, each to one letter:
# Izyum/Izium, Enerhodar/Energodar, Avdiivka/Avdeyevka, Kharkiv/Charkiw, Zaluzhny/Zaluzhnyi.
SKELETON = [(re.compile(pattern), letter) for pattern, letter in (
    (r"['’ʼ]", ""), (r"shch|sch|szcz", "S"), (r"kh|ch(?=[aeiouy])|x", "H"), (r"zh|sz|ž", "Z"), (r"sh|š", "S"),
    (r"ts|tz|c(?![h])", "C"), (r"ch|tsch|tch|č", "Q"), (r"g|h", "H"), (r"w", "v"), (r"[iyje]+", "I"), (r"ou", "u"),
    (r"(.)\1", r"\1"),
)]


def english_articles(every: int) -> dict[str, Article]:
    """The English articles of the corpora: WMT references and MT outputs, GDELT, press releases."""
    wmt = {path: article for path, article in wmt_text_articles().items() if article.language == "en"}
    return {**wmt, **wmt_hypothesis_articles(), **news_articles(every)}


def entity_forms(rules) -> tuple[re.Pattern, dict[str, str], set]:
    """One regex of every English form of every entity, form -> entity, and the exception phrases.

    Left out: a context variant (``Vladimir``), someone else's name as well, and a former
    name (``Artemivsk``), history rather than a spelling.
    """
    lexicon = rules.lexicon("en")
    entity_of = {" ".join(key): form.entity for key, form in lexicon.forms.items()
                 if not form.before_entity and not form.history}
    alternatives = sorted((r"\W{1,3}".join(map(re.escape, form.split(" "))) for form in entity_of), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE), entity_of, lexicon.exceptions


def spellings_seen(folder: Path, articles: dict[str, Article], rules, report: dict) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Entity -> spelling (case folded) -> occurrences in the cleaned articles under ``folder``, and apart,
    entity -> (spelling, reason) -> occurrences that ``report`` lists as left as written, with a reason."""
    pattern, entity_of, exceptions = entity_forms(rules)
    reported = {entry["path"]: Counter((key_of(left["form"]), left["reason"]) for left in entry.get("left") or [])
                for entry in report["files"]}
    seen: dict[str, Counter] = defaultdict(Counter)
    left: dict[str, Counter] = defaultdict(Counter)
    for relative in articles:
        path = folder / relative
        if path.exists():
            found, _ = variants_left(path.read_text(encoding="utf-8"), pattern, exceptions)
            spellings = Counter()
            for spelling, count in found.items():
                spellings[key_of(spelling)] += count
            for (key, reason), count in reported.get(relative, Counter()).items():
                taken = min(count, spellings[key])  # a reported form the regex finds too (not in an exception)
                if taken:
                    spellings[key] -= taken
                    left[entity_of.get(key, "?")][(key, reason)] += taken
            for key, count in (+spellings).items():
                seen[entity_of.get(key, "?")][key] += count
    return seen, left


def key_of(spelling: str) -> str:
    """A spelling's words, case folded: the key of ``entity_of``."""
    return " ".join(re.findall(r"\w+", spelling.casefold()))


def entities_known(code: Path) -> int:
    """The number of entities in the built-in rules of the checkout ``code``."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    finished = subprocess.run([sys.executable, "-c", COUNT_ENTITIES], env=environment, cwd=code,
                              capture_output=True, text=True, check=True)
    return int(finished.stdout)


def print_measure(name: str, known: int, measured: tuple[dict[str, Counter], dict[str, Counter]]) -> None:
    seen, left = measured
    several = {entity: spellings for entity, spellings in seen.items() if len(spellings) > 1}
    with_left = {entity for entity in set(seen) | set(left)
                 if len(set(seen.get(entity, {})) | {key for key, _ in left.get(entity, {})}) > 1}
    print(f"\n{name}: entities known {known}; entities seen {len(seen)}; in more than one spelling {len(several)}"
          f" ({len(with_left)} with the mentions left and reported)")
    for entity, spellings in sorted(several.items(), key=lambda item: -sum(item[1].values())):
        print(f"  {entity:<20} " + ", ".join(f"{form} {count}" for form, count in spellings.most_common()))
    if left:
        print("  left as written and reported, not counted above:")
    for entity, reasons in sorted(left.items()):
        for (form, reason), count in sorted(reasons.items()):
            print(f"    {entity:<18} {form} {count}: {reason[:90]}")


def measure(every: int, baseline: str | None) -> None:
    from normalize import load_rules

    rules = load_rules()
    articles = english_articles(every)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_articles(folder / "in", articles)
        print(f"{len(articles)} English articles; the spellings of the {len(rules.entities)} entities of this checkout")
        if baseline:
            checkout = baseline_checkout(baseline, folder)
            try:
                report = clean(checkout, folder / "in", folder / "out-baseline")
                print_measure(baseline, entities_known(checkout), spellings_seen(folder / "out-baseline", articles, rules, report))
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=True)
        report = clean(ROOT, folder / "in", folder / "out")
        print_measure("this checkout", len(rules.entities), spellings_seen(folder / "out", articles, rules, report))


def skeleton(word: str) -> str:
    """What is left of a name when the letters the romanisation systems disagree on are merged.

    >>> skeleton("Izyum") == skeleton("Izium"), skeleton("Energodar") == skeleton("Enerhodar")
    (True, True)
    >>> skeleton("Avdiivka") == skeleton("Avdeyevka"), skeleton("Bakhmut") == skeleton("Kherson")
    (True, False)
    """
    key = word.casefold()
    for pattern, letter in SKELETON:
        key = pattern.sub(letter, key)
    return key


def gazetteer_names() -> set[str]:
    """The Latin names and aliases of the places in the sitrepc2 gazetteer, case folded."""
    with open(GAZETTEER, encoding="utf-8", newline="") as stream:
        return {name for row in csv.DictReader(stream) for name in [row["name"], *row["aliases"].split(";")] if name}


def candidates(every: int, top: int) -> None:
    from normalize import load_rules

    known = {" ".join(key) for key in load_rules().lexicon("en").forms}
    places = gazetteer_names()
    groups: dict[str, Counter] = defaultdict(Counter)
    for article in english_articles(every).values():
        for word in NAME.findall(article.text):
            groups[skeleton(word)][word] += 1
    several = [spellings for spellings in groups.values() if sum(1 for count in spellings.values() if count > 1) > 1]
    print(f"names in more than one spelling (each seen twice or more), the {top} most frequent:")
    for spellings in sorted(several, key=lambda s: (-sum(s.values()), min(s)))[:top]:
        marks = ("known " if any(w.casefold() in known for w in spellings) else "") + \
                ("place" if any(w.casefold() in places for w in spellings) else "")
        print(f"  {sum(spellings.values()):>6}  {marks:<11} " + ", ".join(f"{w} {c}" for w, c in spellings.most_common(6)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", metavar="REF", help="also measure the code and rules of this git ref (e.g. main)")
    parser.add_argument("--every", type=int, default=1, metavar="N", help="use every N-th GDELT article and press release")
    parser.add_argument("--candidates", action="store_true", help="list the names of the corpora in several spellings")
    parser.add_argument("--top", type=int, default=80, metavar="N", help="how many candidates to list (default 80)")
    args = parser.parse_args(argv)
    check_importable()
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA}: no such folder (the corpora of ../shared)")
    if args.candidates:
        candidates(args.every, args.top)
    else:
        measure(args.every, args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
