"""Fit discovery's score (normalize/discovery/score.toml) on the hand labels, and say how well it ranks held out.

Discovery runs over the real articles of ``scripts/eval_discovery.py`` (or reads a
report it kept, ``--report``); every suggestion that the labels of
``scripts/labels/discovery.tsv`` decide (true: all its forms one name; false: some
form another word or person) is one example, described by the features of
``normalize.discovery.score`` written in the report.  A logistic regression (L2
penalty ``--penalty``, fitted by Newton's method) is fitted

* once per language with that language held out, and per fold of five (by suggestion
  id), to report the ROC AUC on examples the fit did not see;
* then on every example, for the coefficients written to ``score.toml``.

    python scripts/fit_discovery_score.py [--report PATH] [--write]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from eval_discovery import CORPORA, LABELS, _labels, discover, read_labels, roc_auc, verdict, write_articles  # noqa: E402

from normalize.discovery.score import FEATURES, SCORE_FILE  # noqa: E402

SCORE_PATH = ROOT / "normalize" / "discovery" / SCORE_FILE


def examples(suggestions: list[dict], labels) -> list[tuple[str, str, list[float], bool]]:
    """(language, id, feature values, true?) of each suggestion that the labels decide."""
    found = []
    for s in suggestions:
        ok = verdict(s, labels.get(s["language"], _labels([])))[0]
        if ok is not None:
            found.append((s["language"], s["id"], [float(s["features"][name]) for name in FEATURES], ok))
    return found


def fit(rows: list[list[float]], truth: list[bool], penalty: float, rounds: int = 50) -> list[float]:
    """Coefficients (intercept first) of an L2-penalised logistic regression, by Newton's method."""
    width = len(rows[0]) + 1
    weights = [0.0] * width
    xs = [[1.0, *row] for row in rows]
    for _ in range(rounds):
        gradient = [penalty * w if i else 0.0 for i, w in enumerate(weights)]
        hessian = [[(penalty if i == j and i else 0.0) for j in range(width)] for i in range(width)]
        for x, y in zip(xs, truth):
            p = 1 / (1 + math.exp(-sum(w * v for w, v in zip(weights, x))))
            for i in range(width):
                gradient[i] += (p - y) * x[i]
                for j in range(width):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
        if max(map(abs, step)) < 1e-9:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix · x = vector (Gauss-Jordan with partial pivoting; the matrix is small and positive definite)."""
    n = len(vector)
    rows = [list(matrix[i]) + [vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def predict(weights: list[float], row: list[float]) -> float:
    return 1 / (1 + math.exp(-(weights[0] + sum(w * v for w, v in zip(weights[1:], row)))))


def held_out(data, penalty: float, group) -> list[tuple[float, bool]]:
    """Scores of every example from a fit that did not see its group."""
    scored = []
    for key in sorted({group(d) for d in data}):
        train = [d for d in data if group(d) != key]
        weights = fit([d[2] for d in train], [d[3] for d in train], penalty)
        scored += [(predict(weights, d[2]), d[3]) for d in data if group(d) == key]
    return scored


def toml_text(weights: list[float], data, penalty: float, by_language: float | None, by_fold: float | None) -> str:
    true = sum(d[3] for d in data)
    lines = [
        "# Coefficients of discovery's score (normalize/discovery/score.py): a logistic model of the chance",
        "# that a suggestion's forms are spellings of one name.  Written by scripts/fit_discovery_score.py:",
        f"# an L2-penalised (penalty {penalty}) logistic regression on {len(data)} suggestions decided by",
        f"# scripts/labels/discovery.tsv ({true} true, {len(data) - true} false) in {len({d[0] for d in data})} languages.",
        f"# Held-out ROC AUC: {by_language:.3f} fitting without each language in turn, {by_fold:.3f} over five folds.",
        "[coefficients]",
        f"intercept = {weights[0]:.3f}",
        *(f"{name} = {weight:.3f}" for name, weight in zip(FEATURES, weights[1:])),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, help="a report of eval_discovery.py --report (else discovery runs)")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    # 0.5: the best five-fold held-out ROC AUC of 0.2, 0.3, 0.5, 0.7 and 1.0 (0.2 to 0.5 alike), chosen on those folds
    parser.add_argument("--penalty", type=float, default=0.5)
    parser.add_argument("--write", action="store_true", help=f"write the coefficients to {SCORE_PATH.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.report:
        suggestions = json.loads(args.report.read_text(encoding="utf-8"))["suggestions"]
    else:
        with tempfile.TemporaryDirectory(prefix="normalize-fit-score-") as temporary:
            folder = Path(temporary)
            write_articles(folder / "articles", args.corpora)
            suggestions = discover(folder / "articles", folder / "report.json", []).suggestions
    data = examples(suggestions, read_labels(LABELS))
    by_language = roc_auc(held_out(data, args.penalty, lambda d: d[0]))
    by_fold = roc_auc(held_out(data, args.penalty, lambda d: int(d[1][2:], 16) % 5))
    weights = fit([d[2] for d in data], [d[3] for d in data], args.penalty)
    text = toml_text(weights, data, args.penalty, by_language, by_fold)
    print(text, end="")
    if args.write:
        SCORE_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
