"""Measure decoding and mojibake repair on real data, next to the bare libraries, in one run.

Reads ../shared/corpora in place (nothing is copied: some of it has no open licence):

(a) chardet-tests/: every file whose true codec Python has (MANIFEST.tsv: 424 of 425;
    EUC-TW has no Python codec).  A decode is correct when the decoded TEXT equals the
    text of the true codec: two codec names that decode a file identically (latin-1 and
    cp1252 for a text without bytes 0x80-0x9F, cp1253 and iso-8859-7 for most Greek)
    are equally right.  ``normalize`` is ``decode_bytes``; the baseline is
    charset-normalizer alone (``str(from_bytes(data).best())``).
(b) ftfy-test-cases/: a case passes when the output equals the expected ``fixed`` text.
    ``normalize`` keeps curly quotes on purpose, so its output is compared after
    ftfy's ``uncurl_quotes``, and nothing else is forgiven; a negative case (expected
    text = original, quotes aside) must moreover come out exactly as it went in.
    The baseline is ``ftfy.fix_text`` with its defaults.

    python scripts/eval_encoding.py [--corpora DIR] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import charset_normalizer
import ftfy
from ftfy.fixes import uncurl_quotes

from normalize.errors import DecodeError
from normalize.stages.decode import decode_bytes
from normalize.stages.encoding import fix_encoding

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"the shared corpora (default: {CORPORA})")
    parser.add_argument("--misses", action="store_true", help="list every file or case that normalize gets wrong")
    args = parser.parse_args(argv)
    for name in ("chardet-tests", "ftfy-test-cases"):
        if not (args.corpora / name).is_dir():
            print(f"eval_encoding: {args.corpora / name}: not found; give --corpora", file=sys.stderr)
            return 2
    decoding(args.corpora / "chardet-tests", args.misses)
    repairs(args.corpora / "ftfy-test-cases", args.misses)
    return 0


def decoding(folder: Path, show_misses: bool) -> None:
    """(a): decoding accuracy of normalize and of charset-normalizer alone, on the same files."""
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.DictReader(stream, delimiter="\t") if row["decodes_strictly"] == "yes"]
    ours = baseline = 0
    ours_time = baseline_time = 0.0
    misses = []
    for row in rows:
        data = (folder / row["path"]).read_bytes()
        truth = data.decode(row["python_codec"])
        started = time.perf_counter()
        best = charset_normalizer.from_bytes(data).best()
        baseline_time += time.perf_counter() - started
        baseline += best is not None and str(best) == truth
        started = time.perf_counter()
        try:
            decoded = decode_bytes(data)
            text, how = decoded.text, f"{decoded.encoding} ({decoded.method}, confidence {decoded.confidence})"
        except DecodeError as error:
            text, how = None, f"failed: {error}"
        ours_time += time.perf_counter() - started
        ours += text == truth
        if text != truth:
            misses.append(f"  {row['path']}: true {row['python_codec']}, normalize chose {how}")
    total = len(rows)
    print(f"(a) chardet-tests decoding accuracy over {total} files (correct = decoded text equals the true codec's text)")
    print(f"    normalize           {ours}/{total} = {ours / total:.4f}   {ours_time:.1f} s")
    print(f"    charset-normalizer  {baseline}/{total} = {baseline / total:.4f}   {baseline_time:.1f} s")
    print(f"    time ratio normalize / charset-normalizer: {ours_time / baseline_time:.1f}")
    if show_misses:
        print("\n".join(misses))


def repairs(folder: Path, show_misses: bool) -> None:
    """(b): pass rates on ftfy's own test cases, per file, for normalize and bare ftfy."""
    print("(b) ftfy test cases (normalize compared after uncurl_quotes; negatives must come out unchanged)")
    print(f"    {'file':22} {'cases':>5} {'ftfy':>5} {'normalize':>9} {'ftfy passes, normalize fails':>29}")
    totals = [0, 0, 0, 0]
    misses = []
    for path in sorted(folder.glob("*.json")):
        counts = [0, 0, 0, 0]
        for case in json.loads(path.read_text(encoding="utf-8")):
            original, expected = case["original"], case["fixed"]
            bare = ftfy.fix_text(original) == expected
            ours_text = fix_encoding(original)[0]
            ours = uncurl_quotes(ours_text) == expected
            if uncurl_quotes(original) == expected:  # a negative case: nothing to repair
                ours = ours and ours_text == original
            counts = [counts[0] + 1, counts[1] + bare, counts[2] + ours, counts[3] + (bare and not ours)]
            if not ours:
                misses.append(f"  {path.name}: {case['label']}: {original!r} -> {ours_text!r}")
        totals = [t + c for t, c in zip(totals, counts)]
        print(f"    {path.name:22} {counts[0]:5} {counts[1]:5} {counts[2]:9} {counts[3]:29}")
    print(f"    {'all':22} {totals[0]:5} {totals[1]:5} {totals[2]:9} {totals[3]:29}")
    if show_misses:
        print("\n".join(misses))


if __name__ == "__main__":
    sys.exit(main())
