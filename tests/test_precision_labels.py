"""The hand labels of scripts/eval_precision.py are data under test, as codespell tests its dictionary.

Each label locates one rewrite without copying its text; a label of a constructed case
(scripts/labels/cases) must still point at its words, and every rewrite the code makes on
the cases must be labelled, so that the precision the script prints is never guessed.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval_precision import (  # noqa: E402
    COLUMNS, LABELS, case_articles, clean, line_hash, read_labels, rewrites, write_articles, write_labels,
)

CAUSES = ("common-word", "identifier", "other-language", "longer-name", "two-things", "grammar", "case", "boundary",
          "gloss", "history")


def rows() -> list[list[str]]:
    with open(LABELS, encoding="utf-8", newline="") as stream:
        return [row for row in csv.reader(stream, delimiter="\t") if row and not row[0].startswith("#")]


def test_labels_are_well_formed_sorted_and_unique(tmp_path):
    found = rows()
    assert all(len(row) == len(COLUMNS) for row in found)
    assert all(row[8] in ("right", "wrong") and row[9] for row in found), "every label is right or wrong, with a reason"
    assert all(re.fullmatch(r"[0-9a-f]{10}", row[5]) for row in found), "context is a hash of the line, not its text"
    assert len(read_labels(LABELS)) == len(found), "two labels for one rewrite"
    write_labels(tmp_path / "sorted.tsv", found)
    assert (tmp_path / "sorted.tsv").read_text(encoding="utf-8") == LABELS.read_text(encoding="utf-8"), \
        "labels are kept sorted: rewrite them with eval_precision.write_labels"


def test_every_wrong_label_names_its_cause():
    for row in rows():
        if row[8] == "wrong":
            assert row[9].split(":")[0] in CAUSES, f"{row[:8]}: the reason starts with one of {CAUSES}"


def test_labels_of_the_cases_point_at_their_words():
    for row in rows():
        language, source, _, line, column, context, before = row[:7]
        if not source.startswith("scripts/labels/cases/"):
            continue
        path = ROOT / source
        assert path.parent.name == language, f"{source}: the folder names the language"
        text = path.read_text(encoding="utf-8").split("\n")[int(line) - 1]
        assert line_hash(text) == context, f"{source}:{line} changed since it was labelled: label it again"
        assert text[int(column) - 1:].startswith(before), f"{source}:{line}:{column}: {before!r} is not there"


def test_every_rewrite_of_the_cases_is_labelled(tmp_path):
    articles = case_articles()
    write_articles(tmp_path / "in", articles)
    found = rewrites(clean(ROOT, tmp_path / "in", tmp_path / "out"), articles)
    assert found, "the cases make rewrites"
    labels = read_labels(LABELS)
    unlabelled = [r for r in found if r.key not in labels]
    assert not unlabelled, (f"label these rewrites of scripts/labels/cases (python scripts/eval_precision.py "
                            f"--unlabelled FILE writes them): {unlabelled}")
