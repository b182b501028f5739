"""Whether every cost of `normalize clean` grows linearly with the input: time and peak memory by size.

Runs ``normalize clean --jobs 1`` (suggestions on) as its own process under
``/usr/bin/time -v`` on one article of 1, 10 and 50 MB of each kind, and on the
bench corpus (../bench-corpus, real news: never copied into the repo) at 1x and 10x:

* ``prose``: real news prose from the bench corpus, repeated;
* ``repeated-names``: an English sentence naming ``Kiev`` repeated (one form, one change per 33 bytes);
* ``distinct-names``: generated capitalised names, each once (discovery's worst case);
* ``one-line``: the prose with its line breaks made spaces (a single line);
* ``foreign-sentences``: one paragraph of English in which every third sentence is German and names
  Zelenskiy and Kiev (each such sentence a span restyled in German, all in one run of the article).

For each it prints the seconds per MB and the bytes of peak memory per input byte;
for the corpus, also the sizes of report.html and report.json and the time headless
Chromium (tests/chromium.py) takes to load the page.
Both are beyond a fixed base, the least time and peak of three runs cleaning one sentence (start-up,
rules, models); every run under 10 s is likewise the least of three.  Targets: seconds per MB within 25% of the kind's mean across sizes;
peak memory under 30 bytes per byte of the largest article plus the fixed base.  The verdict
also gives the bytes each input byte adds between the two largest sizes: an article of many
languages loads their lexicons once (tens of MB each), which the base of one English sentence does not.

    python scripts/bench_scaling.py [--quick] [--sizes 1,2] [--kinds prose,one-line] [--no-corpus]
    python scripts/bench_scaling.py --kinds= --copies 10    # only the corpus at 10x and its report.html

``--quick`` stops at 10 MB (and the corpus at 1x).  On a busy machine read the
figures as ranges: it is the ratios between sizes that matter.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_CORPUS = next((folder / "bench-corpus" for folder in (ROOT.parent, ROOT.parent.parent)
                     if (folder / "bench-corpus").is_dir()), ROOT.parent / "bench-corpus")  # beside the repo or its worktrees
MB = 1_000_000
SIZES = (1, 10, 50)
QUICK_SIZES = (1, 10)
SYLLABLES = ("ka", "lo", "mi", "ver", "tan", "sol", "dru", "bel", "nik", "or", "zen", "ha", "pur", "vik", "at", "sel")


def prose(size: int) -> str:
    """Real news prose (the bench corpus's articles, in order) repeated to ``size`` bytes."""
    pieces, total, paths = [], 0, sorted(BENCH_CORPUS.rglob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt article in {BENCH_CORPUS}")
    while total < size:
        for path in paths:
            text = path.read_text(encoding="utf-8", errors="replace") + "\n\n"
            pieces.append(text)
            total += len(text.encode("utf-8"))
            if total >= size:
                break
    return _cut("".join(pieces), size)


REPEATED = "Officials met in Kiev on Sunday. "  # "Kiev " alone is in no language, so no rule applies to it


def repeated_names(size: int) -> str:
    return REPEATED * (size // len(REPEATED))


def distinct_names(size: int) -> str:
    """Capitalised made-up names, each written once (the syllables of a counter, shuffled), ten to a line."""
    numbers = list(range(len(SYLLABLES) ** 2, len(SYLLABLES) ** 2 + size // 8))
    random.Random(20).shuffle(numbers)
    lines, words, total = [], [], 0
    for number in numbers:
        name = _syllables(number).capitalize()
        words.append(name)
        total += len(name) + 1
        if len(words) == 10:
            lines.append(" ".join(words) + ".")
            words = []
        if total >= size:
            break
    return "\n".join(lines) + "\n"


def _syllables(number: int) -> str:
    """``number`` written in SYLLABLES as digits: a distinct word for each number."""
    word = ""
    while number:
        number, digit = divmod(number, len(SYLLABLES))
        word += SYLLABLES[digit]
    return word


def one_line(size: int) -> str:
    return re.sub(r"\s*\n\s*", " ", prose(size))


FOREIGN = ("Officials met the delegation on Sunday and the talks went on late into the night. " * 2
           + "Der Präsident Zelenskiy sagte am Montag in Kiev, dass die Gespräche weitergehen werden. ")


def foreign_sentences(size: int) -> str:
    return FOREIGN * (size // len(FOREIGN.encode("utf-8"))) + "\n"


def _cut(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


RUNS_OF_A_SHORT_ONE = 3  # a run under SHORT seconds is made this often, its least time and peak kept
SHORT = 10.0  # seconds: a few tenths of noise would be 5-20% of its time beyond the base
KINDS = {"prose": prose, "repeated-names": repeated_names, "distinct-names": distinct_names, "one-line": one_line,
         "foreign-sentences": foreign_sentences}


def measure(folder: Path, scratch: Path) -> tuple[float, int]:
    """Seconds and peak resident bytes of ``normalize clean --jobs 1`` on ``folder``."""
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "normalize.cli", "clean", str(folder),
               "--out", str(out), "--quiet", "--jobs", "1", "--max-size", "1G"]  # the default (16M) would copy 50 MB as it is
    started = time.perf_counter()
    finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if finished.returncode not in (0, 1):
        raise SystemExit(f"failed ({finished.returncode}): {' '.join(command)}\n{finished.stderr[-2000:]}")
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", finished.stderr).group(1))
    return seconds, peak_kib * 1024


def least_of_runs(folder: Path, scratch: Path) -> tuple[float, int]:
    """The time and peak of ``measure(folder)``; if its first run is short, the least of three runs' (each of its own):
    a few tenths of a second of noise would weigh 5-20% of it, and the first run of a session can pay for a cold
    file cache (one sentence: 1.85 s against 1.34-1.48 s for the three after it)."""
    runs = [measure(folder, scratch)]
    while runs[0][0] < SHORT and len(runs) < RUNS_OF_A_SHORT_ONE:
        runs.append(measure(folder, scratch))
    return min(seconds for seconds, _ in runs), min(peak for _, peak in runs)


def html_load_seconds(page: Path) -> tuple[float, float] | None:
    """Seconds headless Chromium takes to load ``page`` and run its script (None without Chromium):
    as timed here (with the driver's round trip), and by the browser (navigation start to the end of its load event)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from chromium import find_chromium, headless_chromium

    if None in find_chromium():
        return None
    with headless_chromium() as browser:
        started = time.perf_counter()
        browser.get(page.as_uri())  # returns once the page has loaded
        browser.execute_script("return document.readyState")
        seconds = time.perf_counter() - started
        own = browser.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
        return seconds, own / 1000


def corpus_copies(folder: Path, copies: int) -> int:
    """``copies`` copies of the bench corpus in ``folder``; its bytes."""
    for copy in range(copies):
        shutil.copytree(BENCH_CORPUS, folder / f"x{copy:03d}")
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def row(label: str, size: int, seconds: float, peak: int, base: tuple[float, int]) -> None:
    """One measure, and its time per MB and peak memory per input byte beyond the fixed base (start-up, rules)."""
    print(f"  {label:<22} {size / MB:8.1f} MB {seconds:8.2f} s {(seconds - base[0]) / (size / MB):8.3f} s/MB "
          f"{peak / 2**20:8.0f} MiB {(peak - base[1]) / size:9.1f} B/B", flush=True)


def verdict(kind: str, figures: list[tuple[int, float, int]], base: tuple[float, int]) -> None:
    """Time per MB (beyond the base) against the kind's mean, within 25%; the largest input's peak memory
    beyond the base, under 30 bytes per input byte."""
    per_mb = [(seconds - base[0]) / (size / MB) for size, seconds, _ in figures]
    mean = sum(per_mb) / len(per_mb)
    spread = max(abs(value / mean - 1) for value in per_mb)
    large, _, peak = figures[-1]
    print(f"  {kind:<22} time per MB spread {100 * spread:5.1f}% (target <= 25%)   "
          f"peak memory {(peak - base[1]) / large:6.1f} B per input byte + base (target < 30)"
          + (f", {marginal_bytes(figures):6.1f} B per byte between the two largest" if len(figures) > 1 else ""), flush=True)


def marginal_bytes(figures: list[tuple[int, float, int]]) -> float:
    """The peak memory that each byte more adds, between the two largest inputs: without what an input loads
    once whatever its size (the lexicons and models of the languages it holds, which one English sentence does not).

    >>> marginal_bytes([(1, 0.0, 100), (10, 0.0, 280)])
    20.0
    """
    (small, _, low), (large, _, high) = figures[-2:]
    return (high - low) / (large - small)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="stop at 10 MB, and the corpus at 1x")
    parser.add_argument("--sizes", help="comma-separated MB to measure instead (e.g. 1,2 for distinct-names)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS) + " (empty: none)")
    parser.add_argument("--no-corpus", action="store_true", help="skip the bench corpus at 1x and 10x")
    parser.add_argument("--copies", help="comma-separated copies of the bench corpus to measure instead of 1,10")
    args = parser.parse_args(argv)
    if not BENCH_CORPUS.exists():
        raise SystemExit(f"needs {BENCH_CORPUS} (real third-party data, not shipped with the repo)")
    sizes = [int(mb) for mb in args.sizes.split(",")] if args.sizes else QUICK_SIZES if args.quick else SIZES
    scratch = Path(tempfile.mkdtemp(prefix="normalize-scaling-"))
    try:
        folder = scratch / "base"
        folder.mkdir()
        (folder / "one.txt").write_text(REPEATED, encoding="utf-8")
        base = least_of_runs(folder, scratch)
        print(f"fixed base (one sentence, least of {RUNS_OF_A_SHORT_ONE} runs): {base[0]:.2f} s, {base[1] / 2**20:.0f} MiB; "
              f"per MB and per byte are beyond it; runs under {SHORT:.0f} s are the least of {RUNS_OF_A_SHORT_ONE}")
        print(f"{'':24} {'input':>11} {'time':>10} {'per MB':>13} {'peak':>12} {'peak/input':>13}")
        summary = []
        for kind in filter(None, args.kinds.split(",")):
            figures = []
            for megabytes in sizes:
                folder = scratch / "in"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                data = KINDS[kind](megabytes * MB).encode("utf-8")
                (folder / f"{kind}.txt").write_bytes(data)
                seconds, peak = least_of_runs(folder, scratch)
                row(f"{kind} {megabytes} MB", len(data), seconds, peak, base)
                figures.append((len(data), seconds, peak))
            summary.append((kind, figures))
        if not args.no_corpus:
            figures = []
            for copies in [int(n) for n in args.copies.split(",")] if args.copies else (1,) if args.quick else (1, 10):
                folder = scratch / f"corpus-{copies}"
                size = corpus_copies(folder, copies)
                seconds, peak = measure(folder, scratch)
                row(f"corpus {copies}x", size, seconds, peak, base)
                page = scratch / "out" / ".normalize" / "report.html"
                loaded = html_load_seconds(page)
                print(f"    report.html {page.stat().st_size / 1e6:.2f} MB, report.json "
                      f"{page.with_suffix('.json').stat().st_size / 1e6:.2f} MB; headless Chromium loads the page in "
                      + (f"{loaded[0]:.2f} s ({loaded[1]:.2f} s by its own clock)" if loaded else "? (no Chromium)"), flush=True)
                figures.append((size, seconds, peak))
                shutil.rmtree(folder, ignore_errors=True)
            summary.append(("corpus", figures))
        print("verdicts:")
        for kind, figures in summary:
            verdict(kind, figures, base)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
