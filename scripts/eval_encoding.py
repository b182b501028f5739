"""Measure decoding and mojibake repair on real data, next to the bare libraries, in one run.

Reads ../shared/corpora in place (nothing is copied: some of it has no open licence):

(a) chardet-tests/: every file whose true codec Python has (MANIFEST.tsv: 424 of 425;
    EUC-TW has no Python codec), and charset_normalizer-data/ (its SOURCE.md table gives
    the true codecs).  A decode is correct when the decoded TEXT equals the
    text of the true codec: two codec names that decode a file identically (latin-1 and
    cp1252 for a text without bytes 0x80-0x9F, cp1253 and iso-8859-7 for most Greek)
    are equally right.  ``normalize`` is ``decode_bytes``; the baseline is
    charset-normalizer alone (``str(from_bytes(data).best())``).
(c) stray bytes: each UTF-8 file of (a) with, in turn, one of its first words that are
    not ASCII written in a legacy code page (the first of ``STRAY_CODECS`` that has its
    letters), as a paragraph pasted from an old file would be.  Correct when the decoded
    text equals the file's own text: the UTF-8 kept, the pasted word read back.
(b) ftfy-test-cases/: a case passes when the output equals the expected ``fixed`` text.
    ``normalize`` keeps curly quotes on purpose, so its output is compared after
    ftfy's ``uncurl_quotes``, and nothing else is forgiven; a negative case (expected
    text = original, quotes aside) must moreover come out exactly as it went in.
    The baseline is ``ftfy.fix_text`` with its defaults.

    python scripts/eval_encoding.py [--corpora DIR] [--misses]
"""

from __future__ import annotations

import argparse
import codecs
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
from normalize.text import WORD

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
    decoding("chardet-tests", chardet_files(args.corpora / "chardet-tests"), args.misses)
    normalizer_files = charset_normalizer_files(args.corpora / "charset_normalizer-data")
    if normalizer_files:
        decoding("charset_normalizer-data", normalizer_files, args.misses)
    repairs(args.corpora / "ftfy-test-cases", args.misses)
    stray_bytes(chardet_files(args.corpora / "chardet-tests") + normalizer_files, args.misses)
    return 0


def chardet_files(folder: Path) -> list[tuple[Path, str]]:
    """chardet's test files that Python can decode, with their true codecs."""
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.DictReader(stream, delimiter="\t") if row["decodes_strictly"] == "yes"]
    return [(folder / row["path"], row["python_codec"]) for row in rows]


def charset_normalizer_files(folder: Path) -> list[tuple[Path, str]]:
    """charset-normalizer's sample files, with the codecs of the table in its SOURCE.md (none if it is missing)."""
    if not (folder / "SOURCE.md").is_file():
        return []
    files = []
    for line in (folder / "SOURCE.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3 or not cells[0].endswith(".txt"):
            continue
        codec = "utf-8-sig" if "BOM" in cells[1] else cells[1]
        files += [(folder / name.strip(), codec) for name in cells[0].split(",")]
    return files


def decoding(name: str, files: list[tuple[Path, str]], show_misses: bool) -> None:
    """(a): decoding accuracy of normalize and of charset-normalizer alone, on the same files."""
    ours = baseline = 0
    ours_time = baseline_time = 0.0
    misses = []
    for path, codec in files:
        data = path.read_bytes()
        truth = data.decode(codec)
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
            misses.append(f"  {path.relative_to(path.parents[1])}: true {codec}, normalize chose {how}")
    total = len(files)
    print(f"(a) {name} decoding accuracy over {total} files (correct = decoded text equals the true codec's text)")
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


STRAY_CODECS = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp874",
                "shift_jis", "gbk", "big5", "euc_kr"]
STRAY_WORDS = 5  # words per file written in a legacy code page, one at a time


def stray_bytes(files: list[tuple[Path, str]], show_misses: bool) -> None:
    """(c): UTF-8 files with one word in a legacy code page: is the text read back whole?"""
    cases = correct = kept = 0
    misses = []
    for path, codec in files:
        if codecs.lookup(codec).name not in ("utf-8", "utf-8-sig"):
            continue
        data = path.read_bytes()
        text = data.decode(codec)
        words = list(dict.fromkeys(word for word in WORD.findall(text) if not word.isascii()))
        spliced = 0
        for word in words:
            legacy = next((c for c in STRAY_CODECS if _encodes(word, c)), None)
            if legacy is None:
                continue
            at = data.index(word.encode("utf-8"))
            damaged = data[:at] + word.encode(legacy) + data[at + len(word.encode("utf-8")):]
            try:
                decoded = decode_bytes(damaged).text
            except DecodeError as error:
                decoded = f"failed: {error}"
            cases += 1
            correct += decoded == text
            around = text.index(word)  # the first, as data.index found it
            kept += decoded[:around] == text[:around] and decoded.endswith(text[around + len(word):])
            if decoded != text:
                misses.append(f"  {path.name}: {word!r} in {legacy}: {decoded[max(0, around - 20):around + 40]!r}")
            spliced += 1
            if spliced == STRAY_WORDS:
                break
    print(f"(c) UTF-8 files with one word in a legacy code page: {cases} cases")
    print(f"    read back whole      {correct}/{cases}")
    print(f"    UTF-8 around it kept {kept}/{cases}")
    if show_misses:
        print("\n".join(misses))


def _encodes(word: str, codec: str) -> bool:
    """Does ``codec`` have every letter of ``word``, with none of them written as valid UTF-8 (so it is stray)?"""
    try:
        read_as_utf8 = word.encode(codec).decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return all(char.isascii() or "\udc80" <= char <= "\udcff" for char in read_as_utf8)


if __name__ == "__main__":
    sys.exit(main())
