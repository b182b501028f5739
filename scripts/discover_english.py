"""Run `normalize discover` on all the English text of ../shared/corpora.

The GDELT articles and the bodies of the two press-release CSVs are written, one
article per file, to a temporary folder (never into the repository: some of this
text has no open licence), then discovered in one run.

    python scripts/discover_english.py [--report report.json] [--top 10]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

from normalize.cli import main

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def build_folder(target: Path) -> int:
    """Write the English articles of the shared corpora under ``target``; return how many."""
    count = 0
    gdelt = CORPORA / "ukraine-war-news-gdelt-en" / "articles"
    for article in sorted(gdelt.glob("*.txt")):
        shutil.copyfile(article, target / f"gdelt_{article.name}")
        count += 1
    csv.field_size_limit(sys.maxsize)
    for name in ("putin", "zelenskyy"):
        with open(CORPORA / "zelenskyy-putin-press-releases" / f"{name}.csv", encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), start=1):
                if row.get("body", "").strip():
                    (target / f"{name}_{number:04d}.txt").write_text(row["body"], encoding="utf-8")
                    count += 1
    return count


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", action="append", default=[], metavar="PATH")
    parser.add_argument("--top", default="10")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"no {CORPORA}: nothing to discover", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="normalize-english-") as folder:
        print(f"{build_folder(Path(folder))} English articles in {folder}", file=sys.stderr)
        return main(["discover", folder, "--top", args.top, *[a for r in args.report for a in ("--report", r)]])


if __name__ == "__main__":
    sys.exit(run())
