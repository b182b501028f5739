"""Does cleaning keep the full-width typography of Chinese, Japanese and Korean text?  Counted on chardet's test files.

Every file of ``chardet-tests/`` that Python can decode (MANIFEST.tsv) is
cleaned in one run of ``normalize clean`` into a temporary folder (never into
the repository: the files have no open licence).  For each file whose true
text holds Han, kana or Hangul, the full-width forms (U+FF01-FF60, U+FFE0-FFE6)
and ideographic spaces (U+3000) are counted in the true text (decoded with the
file's true codec) and in the cleaned output.  Cleaning should lose none.

    python scripts/eval_width.py [--corpora DIR] [--normalize COMMAND] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
FULL_WIDTH = re.compile("[\u3000\uff01-\uff60\uffe0-\uffe6]")
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"the shared corpora (default: {CORPORA})")
    parser.add_argument("--normalize", default=f"{sys.executable} -m normalize.cli",
                        help="the command that runs normalize (default: this Python's normalize)")
    parser.add_argument("--misses", action="store_true", help="list every CJK file that lost full-width characters")
    args = parser.parse_args(argv)
    folder = args.corpora / "chardet-tests"
    if not (folder / "MANIFEST.tsv").is_file():
        print(f"eval_width: {folder / 'MANIFEST.tsv'}: not found; give --corpora", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as out:
        command = [*shlex.split(args.normalize), "clean", str(folder), "--out", out, "--quiet", "--jobs", "1"]
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
        files = cjk_files(folder)
        before = after = lost_files = 0
        for path, text in files:
            cleaned = Path(out, path).read_text(encoding="utf-8") if Path(out, path).is_file() else text
            had, has = len(FULL_WIDTH.findall(text)), len(FULL_WIDTH.findall(cleaned))
            before, after = before + had, after + has
            if has < had:
                lost_files += 1
                if args.misses:
                    print(f"  {path}: {had} -> {has}")
    print(f"CJK files: {len(files)}; full-width characters in the input: {before}, in the output: {after}; "
          f"files that lost some: {lost_files}")
    return 0


def cjk_files(folder: Path) -> list[tuple[str, str]]:
    """The decodable files of ``folder`` whose true text has Han, kana or Hangul, with that text."""
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.DictReader(stream, delimiter="\t") if row["decodes_strictly"] == "yes"]
    texts = [(row["path"], (folder / row["path"]).read_bytes().decode(row["python_codec"])) for row in rows]
    return [(path, text.lstrip("\ufeff")) for path, text in texts if CJK.search(text)]


if __name__ == "__main__":
    sys.exit(main())
