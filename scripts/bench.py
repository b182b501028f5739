"""Benchmark `normalize clean` against baselines measured in the same run.

Builds a corpus in a temporary folder from ../shared/corpora (never copied into the
repo): news articles in nine languages (NTREX-128 documents, WMT test documents,
presidential press releases, GDELT news), with spelling variants of the built-in
rules' names injected and some paragraphs turned into mojibake.  ``--size 10``
makes ten copies, each with its own injections.  Then it runs every contender once
in each of ``--repeat`` rounds, prints each run, and gives each ratio as the median
over the rounds of the ratio between two runs of one round (a machine's speed drifts
between rounds more than between neighbours).  It measures:

* articles/s and MB/s of ``normalize clean`` with 1 job (also with ``--no-suggestions``),
  with all jobs, and with the Dask engine on a LocalCluster of as many workers;
* the same for a naive one-process script (ftfy + langdetect on the whole text +
  one ``re.sub`` per rule) and for ftfy alone over the same files (read, fix, write);
* cleaning time with the built-in rules and with 10,000 extra generated rules;
* peak memory of ``normalize clean --jobs 1`` on the corpus and on 10 times it.

    python scripts/bench.py [--size 1] [--repeat 3] [--keep DIR]

Every contender runs as its own process on the same files, so start-up counts
for each alike.  The start-up cache (``normalize.cache``: simplemma's indexes, GeoNames'
city names, langdetect's profiles, the checked rules, built-in and with the extra rules) is filled first, untimed, as any run after a machine's first finds it.  Timings on a busy machine are noisy: the ratios are what matter.
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru")
NTREX = {"eng-US": "en", "deu": "de", "fra": "fr", "spa": "es", "por": "pt", "ita": "it", "pol": "pl",
         "ukr": "uk", "rus": "ru"}
WMT_SOURCES = {  # line-aligned test sets: cut into articles of WMT_LINES lines
    "wmt22-general-test/txt/generaltest2022.uk-en.src.uk": "uk",
    "wmt22-general-test/txt/generaltest2022.uk-cs.src.uk": "uk",
    "wmt22-general-test/txt/generaltest2022.ru-en.src.ru": "ru",
    "wmt23-general-test/txt/generaltest2023.uk-en.src.uk": "uk",
    "wmt23-general-test/txt/generaltest2023.de-en.src.de": "de",
}
WMT_LINES = 12
MOJIBAKE_SHARE = 0.05
VARIANT_SHARE = 0.5  # of the occurrences of a canonical name, replaced by one of its variants
EXTRA_RULES = 10_000


# ---------------------------------------------------------------- the corpus

def real_articles(corpora: Path = CORPORA) -> list[tuple[str, str, str]]:
    """``(name, language, text)`` of every real article used, in a fixed order."""
    articles = []
    ntrex = corpora / "ntrex-128-subset"
    documents = (ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    for code, language in NTREX.items():
        lines = (ntrex / f"newstest2019-ref.{code}.txt").read_text(encoding="utf-8").splitlines()
        grouped: dict[str, list[str]] = {}
        for document, line in zip(documents, lines):
            grouped.setdefault(document.split("\t")[0], []).append(line)
        articles += [(f"ntrex/{language}/{doc}", language, "\n\n".join(text) + "\n") for doc, text in grouped.items()]
    for relative, language in WMT_SOURCES.items():
        lines = (corpora / relative).read_text(encoding="utf-8").splitlines()
        stem = Path(relative).name.replace(".", "-")
        for i in range(0, len(lines), WMT_LINES):
            articles.append((f"wmt/{language}/{stem}-{i:05d}", language, "\n\n".join(lines[i:i + WMT_LINES]) + "\n"))
    csv.field_size_limit(1 << 30)
    for president in ("zelenskyy", "putin"):
        with open(corpora / "zelenskyy-putin-press-releases" / f"{president}.csv", encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f)):
                articles.append((f"press/{president}/{i:04d}", "en", f"{row['headline']}\n\n{row['body']}\n"))
    for path in sorted((corpora / "ukraine-war-news-gdelt-en" / "articles").glob("*.txt")):
        articles.append((f"gdelt/{path.stem}", "en", path.read_text(encoding="utf-8")))
    return articles


@dataclass(frozen=True)
class Injector:
    """Puts spelling variants of the rules' names and some mojibake into an article."""

    variants: dict[str, dict[str, list[str]]]  # language -> canonical -> variants in its script

    @classmethod
    def from_rules(cls) -> "Injector":
        from normalize import load_rules

        rules = load_rules()
        variants: dict[str, dict[str, list[str]]] = {}
        for language in LANGUAGES:
            lexicon = rules.lexicon(language)
            by_canonical: dict[str, list[str]] = {}
            for key, form in lexicon.forms.items():
                written = " ".join(key)
                if form.canonical and not form.before_entity and written != form.canonical.casefold():
                    by_canonical.setdefault(form.canonical, []).append(written.title())
            variants[language] = {c: sorted(v) for c, v in by_canonical.items()}
        return cls(variants)

    def inject(self, text: str, language: str, rng: random.Random) -> str:
        names = self.variants[language]
        if names:
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
            text = pattern.sub(lambda m: rng.choice(names[m.group()]) if rng.random() < VARIANT_SHARE else m.group(), text)
            canonical = rng.choice(sorted(names))
            text = f"{rng.choice(names[canonical])}: {text}"  # a dateline in every article
        if rng.random() < MOJIBAKE_SHARE:
            import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

            paragraphs = text.split("\n\n")
            i = rng.randrange(len(paragraphs))
            paragraphs[i] = paragraphs[i].encode("utf-8").decode("sloppy-windows-1252")
            text = "\n\n".join(paragraphs)
        return text


def build_corpus(folder: Path, size: int, sample: int = 1) -> tuple[int, int]:
    """Write ``size`` copies of the corpus (every ``sample``-th article) into ``folder``; return (articles, bytes)."""
    articles = real_articles()[::sample]
    injector = Injector.from_rules()
    count = total = 0
    for copy in range(size):
        for name, language, text in articles:
            rng = random.Random(f"{copy}/{name}")
            data = injector.inject(text, language, rng).encode("utf-8")
            path = folder / f"copy-{copy:03d}" / f"{name}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            count, total = count + 1, total + len(data)
    return count, total


def write_extra_rules(path: Path, count: int) -> None:
    """``count`` generated entities with three variants each, in every language of the built-ins."""
    rng = random.Random(7)
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    lines = [f"languages = {list(LANGUAGES)!r}".replace("'", '"'), ""]
    seen = set()
    while len(seen) < count:
        stem = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(4)).capitalize()
        if stem in seen:
            continue
        seen.add(stem)
        lines += [
            "[[entity]]", f'id = "generated-{len(seen)}"', f'canonical = "{stem}ko"',
            f'variants = ["{stem}co", "{stem}ku", "{stem}kko"]', "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- the contenders

NAIVE = r'''
import os, re, sys
from pathlib import Path
import ftfy, langdetect
from langdetect import DetectorFactory
from normalize import load_rules
DetectorFactory.seed = 0
rules = load_rules()
subs = {}  # language -> [(compiled pattern, canonical)]: one re.sub per rule
for language in rules.languages:
    forms = rules.lexicon(language).forms
    subs[language] = [(re.compile(r"\b" + re.escape(" ".join(k)) + r"\b", re.I), f.canonical)
                      for k, f in forms.items() if f.canonical]
src, out = Path(sys.argv[1]), Path(sys.argv[2])
for folder, dirs, files in os.walk(src):
    dirs.sort()
    for name in sorted(files):
        path = Path(folder) / name
        text = ftfy.fix_text(path.read_text(encoding="utf-8"))
        try:
            language = langdetect.detect(text)
        except Exception:
            language = "und"
        for pattern, canonical in subs.get(language, []):
            text = pattern.sub(canonical, text)
        target = out / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
'''

FTFY_ALONE = r'''
import os, sys
from pathlib import Path
import ftfy
from normalize.stages.encoding import FTFY_CONFIG
src, out = Path(sys.argv[1]), Path(sys.argv[2])
for folder, dirs, files in os.walk(src):
    dirs.sort()
    for name in sorted(files):
        path = Path(folder) / name
        text = ftfy.fix_text(path.read_text(encoding="utf-8"), FTFY_CONFIG)
        target = out / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
'''


def normalize_command(jobs: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "normalize.cli", "clean", "{src}", "--out", "{out}", "--quiet",
            "--jobs", str(jobs), *extra]


def script_command(code: str) -> list[str]:
    return [sys.executable, "-c", code, "{src}", "{out}"]


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system, of the process and every process it started
    peak: int  # peak resident memory of the process, KiB


def measure(command: list[str], src: Path, scratch: Path) -> Run:
    """Run ``command`` on ``src`` into a fresh folder and measure it: the wall clock until it exits, the cpu
    of every process it started (see :func:`adopt_orphans`), its own peak memory."""
    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    argv = [{"{src}": str(src), "{out}": str(out)}.get(part, part) for part in command]
    before = cpu_of_children()
    with open(scratch / "stderr", "w+b") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        reap_orphans()
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # 1: some article failed, which the report names; still timed
            errors.seek(0)
            raise SystemExit(f"failed ({code}): {' '.join(argv)}\n{errors.read().decode()[-2000:]}")
    return Run(seconds, cpu_of_children() - before, usage.ru_maxrss)


def adopt_orphans() -> None:
    """Become the parent of every process a command starts that outlives its own parent (Linux), so that
    its cpu counts: a local Dask cluster's forkserver and the workers it forks are not the command's children."""
    PR_SET_CHILD_SUBREAPER = 36
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans() -> None:
    """Wait for the processes handed to this one (see :func:`adopt_orphans`) to exit."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def cpu_of_children() -> float:
    """User and system cpu of the processes this one has waited for, so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


WARM_CACHE = f'''
import sys
from normalize.rules.load import load_rules
from normalize.stages.common_words import preload
from normalize.stages.gazetteer import is_city
from normalize.stages.profiles import profiles_table
preload({LANGUAGES!r})
is_city("Kyiv", "en")
profiles_table()
load_rules(), load_rules(sys.argv[1:])  # the built-in rules checked, and with the extra rules
'''


def rounds(repeat: int, commands: dict[str, list[str]], src: Path, scratch: Path,
           show: Callable[[str, Run], None]) -> list[dict[str, Run]]:
    """``repeat`` rounds, each running every command once in turn and showing each run: a ratio is
    then taken between runs of one round, seconds or minutes apart, not between figures measured
    far apart on a machine whose speed drifts."""
    measured = []
    for number in range(1, repeat + 1):
        print(f"round {number} of {repeat}:", flush=True)
        runs = {}
        for label, command in commands.items():
            runs[label] = measure(command, src, scratch)
            show(label, runs[label])
        measured.append(runs)
    return measured


def ratio(measured: list[dict[str, Run]], numerator: str, denominator: str, cpu: bool = False) -> float:
    """The median over rounds of ``numerator``'s time divided by ``denominator``'s in the same round.

    >>> measured = [{"a": Run(4.0, 2.0, 0), "b": Run(2.0, 2.0, 0)}, {"a": Run(9.0, 3.0, 0), "b": Run(3.0, 1.0, 0)}]
    >>> ratio(measured, "a", "b"), ratio(measured, "a", "b", cpu=True), ratio(measured[:1], "b", "a")
    (2.5, 2.0, 0.5)
    """
    return statistics.median((runs[numerator].cpu / runs[denominator].cpu) if cpu
                             else (runs[numerator].seconds / runs[denominator].seconds) for runs in measured)


STAGE_MODULES = ("stages/", "discovery/", "report/", "batch/files.py", "batch/manifest.py")  # where a stage's time is counted


def stage_breakdown(corpus: Path, scratch: Path, sample: int) -> tuple[float, list[tuple[str, float]]]:
    """Profile cleaning every ``sample``-th article in this process; return the total and the time
    spent in each stage function (entered from another module), largest first."""
    import cProfile
    import pstats

    import normalize
    from normalize import Pipeline
    from normalize.batch.chunks import clean_chunk
    from normalize.batch.walk import walk
    from normalize.batch.article_work import Task

    pipeline = Pipeline()
    tasks = [Task(source) for source in list(walk(corpus))[::sample]]
    clean_chunk(pipeline, tasks[:1], scratch / "profiled")  # compile the rules first
    profile = cProfile.Profile()
    profile.runcall(clean_chunk, pipeline, tasks, scratch / "profiled")
    stats = pstats.Stats(profile).stats
    package = str(Path(normalize.__file__).parent) + "/"
    total = max(ct for (file, _, name), (_, _, _, ct, _) in stats.items() if name == "clean_chunk")
    stages: dict[str, float] = {}
    for (file, _, name), (_, _, _, _, callers) in stats.items():
        module = file.removeprefix(package)
        if file.startswith(package) and module.startswith(STAGE_MODULES):
            entered = sum(cumulative for caller, (_, _, _, cumulative) in callers.items() if caller[0] != file)
            if entered:
                stages[f"{module.removesuffix('.py')}.{name}"] = entered
    return total, sorted(stages.items(), key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1, help="copies of the corpus (10 and 100 for 10x and 100x)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, each running every contender once")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="'all jobs' (default: the cores)")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it (default: a temporary folder)")
    parser.add_argument("--skip-memory", action="store_true", help="do not measure peak memory at 10 times the size")
    parser.add_argument("--sample", type=int, default=1, metavar="N",
                        help="keep every N-th article only (a quick look; the figures to report use 1)")
    args = parser.parse_args(argv)
    if not CORPORA.exists():
        raise SystemExit(f"needs {CORPORA} (real third-party data, not shipped with the repo)")

    adopt_orphans()
    scratch = Path(tempfile.mkdtemp(prefix="normalize-bench-"))
    try:
        corpus = args.keep or scratch / "corpus"
        articles, size = build_corpus(corpus, args.size, args.sample)
        megabytes = size / 1e6
        print(f"corpus: {articles} articles, {megabytes:.1f} MB, size x{args.size}, "
              f"{len(os.sched_getaffinity(0))} cores; {args.repeat} rounds of runs")

        def show(label: str, run: Run) -> None:
            print(f"  {label:<36} {run.seconds:7.2f} s {articles / run.seconds:8.1f} articles/s "
                  f"{megabytes / run.seconds:6.2f} MB/s   cpu {run.cpu:7.2f} s", flush=True)

        rules = scratch / "extra.toml"
        write_extra_rules(rules, EXTRA_RULES)
        subprocess.run([sys.executable, "-c", WARM_CACHE, str(rules)], check=True)
        # in an order that puts each ratio's two runs side by side, or nearly
        commands = {
            "naive script (ftfy+langdetect+re)": script_command(NAIVE),
            f"normalize clean --jobs {args.jobs}": normalize_command(args.jobs),
            f"--engine dask, LocalCluster of {args.jobs}": normalize_command(args.jobs, "--engine", "dask"),
            "normalize clean --jobs 1": normalize_command(1),
            "ftfy alone (read, fix, write)": script_command(FTFY_ALONE),
            "--jobs 1 --no-suggestions": normalize_command(1, "--no-suggestions"),
            f"--jobs 1 with {EXTRA_RULES:,} extra rules": normalize_command(1, "--rules", str(rules)),
        }
        naive, all_jobs, dask, one, ftfy_alone, cleaning_only, extra = commands  # their labels, in order
        print("throughput (wall clock; cpu = user + system of the process and every process it started):")
        measured = rounds(args.repeat, commands, corpus, scratch, show)

        def times(numerator: str, denominator: str) -> str:
            wall, cpu = ratio(measured, numerator, denominator), ratio(measured, numerator, denominator, cpu=True)
            return f"{wall:5.2f}x the time ({cpu:.2f}x)"

        print("ratios, wall clock (by cpu time in brackets, steadier on a busy machine), "
              "each the median over the rounds of the ratio within a round   target:")
        print(f"  all jobs vs naive script:  {ratio(measured, naive, all_jobs):5.2f}x faster            >= 5x")
        print(f"  1 job vs ftfy alone:       {times(one, ftfy_alone)}    <= 1.5x")
        print(f"    without suggestions:     {times(cleaning_only, ftfy_alone)}")
        print(f"  {args.jobs} jobs vs 1 job:          {ratio(measured, one, all_jobs):5.2f}x faster            "
              ">= 1.8x for 2 jobs")
        print(f"  dask vs --jobs {args.jobs}:         {ratio(measured, dask, all_jobs):5.2f}x the time            <= 1.3x")
        print(f"  {EXTRA_RULES:,} extra rules:      {100 * (ratio(measured, extra, one) - 1):+5.1f}% time "
              f"({100 * (ratio(measured, extra, one, cpu=True) - 1):+.1f}%)  < +20%")

        total, stages = stage_breakdown(corpus, scratch, 4)
        print("where normalize clean spends its time (cProfile over every 4th article, in one process; "
              "profiling slows pure-Python code more than C):")
        for name, seconds in stages[:12]:
            print(f"  {name:<44} {100 * seconds / total:5.1f}%")

        if not args.skip_memory:
            bigger = scratch / "corpus-x10"
            build_corpus(bigger, args.size * 10, args.sample)
            ten = measure(normalize_command(1), bigger, scratch)
            print("peak memory of normalize clean --jobs 1:")
            peak = min(runs[one].peak for runs in measured)
            print(f"  x{args.size}: {peak / 1024:.0f} MiB   x{args.size * 10}: {ten.peak / 1024:.0f} MiB   "
                  f"ratio {ten.peak / peak:.2f}   <= 1.2")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
