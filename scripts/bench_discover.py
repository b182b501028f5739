"""Benchmark variant discovery: time on N distinct names against time on 10×N, in one run.

Generates a synthetic corpus (nothing is read or downloaded): made-up surnames, each
written in one to three transliteration spellings (y/i, doubled letters, q/k/g,
-sky/-skiy), mentioned in short articles.  Counting grows with the text, as it
must; the question is whether clustering grows with the number of distinct names
or with its square.  Blocking should keep the ratio near 10; the goal is < 15.

    python scripts/bench_discover.py [--names 2000] [--factor 10] [--repeat 3]

Prints the time of counting (NameCounts over the articles) and of suggesting
(keys, blocks, rapidfuzz, evidence, clusters) for both sizes, the best of
``--repeat`` runs each, and their ratios.  Exit status 1 if the ratio of the
total is 15 or more.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from normalize.discovery.cluster import suggest
from normalize.discovery.names import NameCounts
from normalize.rules.load import parse_rules

SYLLABLES = ["ka", "ro", "vi", "len", "sko", "da", "mi", "tro", "zhe", "bor", "na", "li", "gor", "vo", "shen",
             "ko", "ya", "ne", "pa", "dim", "ra", "tu", "se", "lo", "che", "fe", "but", "har", "zo", "mar"]
ENDINGS = ["", "ov", "sky", "enko", "in", "ich", "ak", "uk"]
LIMIT = 15.0


def make_names(count: int, seed: int) -> list[list[str]]:
    """``count`` distinct made-up surnames, each with its spellings (the first is the usual one)."""
    rng = random.Random(seed)
    names: dict[str, list[str]] = {}
    while len(names) < count:
        base = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + rng.choice(ENDINGS)
        name = base.capitalize()
        if name in names:
            continue
        spellings = {name}
        for _ in range(rng.randint(0, 2)):
            spellings.add(_respell(name, rng))
        names[name] = [name, *sorted(spellings - {name})]
    return list(names.values())


def _respell(name: str, rng: random.Random) -> str:
    choices = [
        lambda n: n.replace("y", "i", 1), lambda n: n.replace("i", "y", 1), lambda n: n.replace("k", "kk", 1),
        lambda n: n.replace("K", "Q", 1), lambda n: n.replace("g", "gh", 1), lambda n: n + "y" if n.endswith("y") else n,
        lambda n: n.replace("sky", "skiy"), lambda n: n.replace("v", "w", 1),
    ]
    return rng.choice(choices)(name)


def make_articles(names: list[list[str]], seed: int) -> list[str]:
    """Short articles, each naming ten people; every spelling appears at least twice."""
    rng = random.Random(seed)
    mentions = [spelling for spellings in names for spelling in spellings for _ in range(2)]
    rng.shuffle(mentions)
    articles = []
    for start in range(0, len(mentions), 10):
        sentences = [f"On Monday the minister met {name} in the capital, officials said."
                     for name in mentions[start:start + 10]]
        articles.append(" ".join(sentences))
    return articles


def measure(names: list[list[str]], repeat: int) -> tuple[float, float, int]:
    """Best times of counting and of suggesting, and the number of suggestions."""
    articles = make_articles(names, seed=len(names))
    rules = parse_rules([])
    counting = suggesting = float("inf")
    found = 0
    for _ in range(repeat):
        start = time.perf_counter()
        counts = NameCounts()
        for number, text in enumerate(articles):
            counts.add_article(f"{number:06d}.txt", text, "en")
        middle = time.perf_counter()
        found = len(suggest(counts, rules))
        end = time.perf_counter()
        counting, suggesting = min(counting, middle - start), min(suggesting, end - middle)
    return counting, suggesting, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=2000, help="distinct names of the small run (default 2000)")
    parser.add_argument("--factor", type=int, default=10, help="how many times more names the large run has")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts (default 3)")
    args = parser.parse_args(argv)
    small = make_names(args.names, seed=1)
    large = make_names(args.names * args.factor, seed=2)
    results = {}
    for label, names in (("small", small), ("large", large)):
        counting, suggesting, found = measure(names, args.repeat)
        forms = sum(map(len, names))
        results[label] = (counting, suggesting)
        print(f"{label}: {len(names)} distinct names, {forms} spellings: counting {counting:.2f} s, "
              f"suggesting {suggesting:.2f} s, {found} suggestions")
    (c1, s1), (c2, s2) = results["small"], results["large"]
    total = (c2 + s2) / (c1 + s1)
    print(f"ratio for {args.factor}x the names: counting {c2 / c1:.1f}x, suggesting {s2 / s1:.1f}x, "
          f"total {total:.1f}x (goal: < {LIMIT:g}x)")
    return 0 if total < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
