"""Precision of the spelling stage in every language, on real news labelled by hand.

Cuts the real text of ``../shared/corpora`` into articles in a temporary folder
(never into the repository), runs ``normalize clean`` on them, and collects every
rewrite of the spelling stage (the report's ``files[].changes``).  Each rewrite is
looked up in the hand labels, ``scripts/labels/precision.tsv``, and the script
prints per language, for the real news, for the constructed cases and for both:

- rewrites: every rewrite made;
- right, wrong, unlabelled: by the labels;
- precision: right / (right + wrong);
- left: occurrences, in the cleaned articles, of a form that the rules of this
  checkout rewrite in that language, outside URLs, handles and exception phrases
  (recall-ish: the same yardstick for every ref).

The articles (their language is known from the corpus, not detected):

- NTREX-128: the same 123 news documents in all nine languages, one per article
  (``DOCUMENT_IDS.tsv``);
- WMT22/23 general test sets: the sources and human references (uk, ru, de, en),
  cut into articles of CHUNK lines, and the English MT outputs of the documents
  that name Kyiv or Zelensky (one article per document and system);
- the GDELT English articles and the Zelensky and Putin press releases (English);
- the constructed cases, ``scripts/labels/cases/LANG/*.txt``: our own sentences,
  written to hold the known causes of wrong rewrites, and ordinary ones.

A label (one tab-separated line, sorted) locates its rewrite without copying the
text: ``language``, ``source`` (the corpus file), ``record`` (NTREX document id, WMT
document/system, CSV row, or ``-``), ``line`` (of the corpus file for line-based
files, the seg id for WMT XML, of the article for the others), ``column``,
``context`` (a hash of the line), ``before``, ``after``; then ``label`` (``right``:
the house-style spelling of the same entity, in the right grammatical form, in prose
of that language; ``wrong`` otherwise) and a ``reason``, which for a wrong rewrite
starts with its cause: common-word, identifier, other-language, longer-name,
two-things, grammar, case, boundary, gloss (two spellings of one name side by side:
``Kiew (ukrainisch: Kyjiw)``), history (a name history keeps: ``Schlacht um Charkow``).  A label may wait for a rewrite that the code
does not make yet (the right form where it now writes a wrong one): the script
counts the labels that met no rewrite.

    python scripts/eval_precision.py [--baseline REF] [--unlabelled FILE] [--every N] [--keep DIR]

``--baseline REF`` cleans the same articles with the code and rules of that git ref
too (a temporary ``git worktree``) and prints both side by side; ``--unlabelled
FILE`` writes the rewrites that have no label yet in the labels format (label ``?``)
for a person to fill in.  About 15 seconds a run on two cores.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from eval_house_style import variant_pattern, variants_left

ROOT = Path(__file__).resolve().parent.parent
# ../shared/corpora beside the repository, or beside the folder of worktrees that holds it
CORPORA = next((p for p in (ROOT.parent / "shared" / "corpora", ROOT.parent.parent / "shared" / "corpora") if p.is_dir()),
               ROOT.parent / "shared" / "corpora")
LABELS = ROOT / "scripts" / "labels" / "precision.tsv"
CASES = ROOT / "scripts" / "labels" / "cases"
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru")
NTREX = {"en": "eng-US", "de": "deu", "fr": "fra", "es": "spa", "pt": "por", "it": "ita", "pl": "pol", "uk": "ukr", "ru": "rus"}
WMT_TEXT = {  # file under CORPORA -> language
    "wmt22-general-test/txt/generaltest2022.uk-en.src.uk": "uk",
    "wmt22-general-test/txt/generaltest2022.uk-en.ref.A.en": "en",
    "wmt22-general-test/txt/generaltest2022.ru-en.src.ru": "ru",
    "wmt22-general-test/txt/generaltest2022.ru-en.ref.A.en": "en",
    "wmt22-general-test/txt/generaltest2022.uk-cs.src.uk": "uk",
    "wmt22-general-test/txt/generaltest2022.cs-uk.ref.A.uk": "uk",
    "wmt23-general-test/txt/generaltest2023.de-en.src.de": "de",
    "wmt23-general-test/txt/generaltest2023.de-en.ref.refA.en": "en",
    "wmt23-general-test/txt/generaltest2023.uk-en.src.uk": "uk",
    "wmt23-general-test/txt/generaltest2023.uk-en.ref.refA.en": "en",
}
WMT_XML = (
    "wmt22-general-test/xml/wmttest2022.uk-en.name-docs.xml",
    "wmt22-general-test/xml/wmttest2022.ru-en.name-docs.xml",
    "wmt23-general-test/xml/wmttest2023.uk-en.name-docs.xml",
)
CHUNK = 20
COLUMNS = ("language", "source", "record", "line", "column", "context", "before", "after", "label", "reason")
RUN_CLI = "import sys; from normalize.cli import main; sys.exit(main())"


class Place(NamedTuple):
    """Where a line of an article comes from."""

    source: str  # a path under CORPORA, or under the repository for the constructed cases
    record: str  # a document, row or system inside it; "-" when the file is the record
    line: int


@dataclass
class Article:
    language: str
    places: list[Place]  # one per line of the article
    text: str


class Rewrite(NamedTuple):
    """One rewrite of the spelling stage, located without its text; ``key`` matches a label."""

    language: str
    source: str
    record: str
    line: int
    column: int
    context: str
    before: str
    after: str

    @property
    def key(self) -> tuple:
        return tuple(map(str, self))


@dataclass
class Figures:
    rewrites: int = 0
    right: int = 0
    wrong: int = 0
    unlabelled: list[Rewrite] = field(default_factory=list)
    met: set[tuple] = field(default_factory=set)  # the keys of the labels used
    left: Counter = field(default_factory=Counter)  # form -> occurrences left

    @property
    def precision(self) -> float | None:
        labelled = self.right + self.wrong
        return self.right / labelled if labelled else None

    def add(self, other: "Figures") -> None:
        self.rewrites, self.right, self.wrong = self.rewrites + other.rewrites, self.right + other.right, self.wrong + other.wrong
        self.unlabelled += other.unlabelled
        self.met |= other.met
        self.left += other.left


def kind_of(source: str) -> str:
    """``cases`` for our constructed articles, ``news`` for the real ones."""
    return "cases" if source.startswith("scripts/") else "news"


def line_hash(line: str) -> str:
    """A short hash of a line: it says the labelled text is still the same, without copying it."""
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:10]


def lines_article(language: str, source: str, record: str, numbered: list[tuple[int, str]]) -> Article:
    return Article(language, [Place(source, record, n) for n, _ in numbered], "".join(t + "\n" for _, t in numbered))


def ntrex_articles() -> dict[str, Article]:
    folder = CORPORA / "ntrex-128-subset"
    documents = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    articles = {}
    for language, name in NTREX.items():
        source = f"ntrex-128-subset/newstest2019-ref.{name}.txt"
        grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for number, (document, text) in enumerate(zip(documents, (CORPORA / source).read_text(encoding="utf-8").splitlines()), 1):
            grouped[document].append((number, text))
        for document, numbered in grouped.items():
            articles[f"ntrex/{language}/{document}.txt"] = lines_article(language, source, document, numbered)
    return articles


def wmt_text_articles() -> dict[str, Article]:
    articles = {}
    for source, language in WMT_TEXT.items():
        lines = list(enumerate((CORPORA / source).read_text(encoding="utf-8").splitlines(), 1))
        for start in range(0, len(lines), CHUNK):
            articles[f"wmt/{Path(source).name}/{start + 1:05d}.txt"] = lines_article(language, source, "-", lines[start:start + CHUNK])
    return articles


def wmt_hypothesis_articles() -> dict[str, Article]:
    """The English MT outputs of the WMT documents kept for their names: real spelling variation."""
    articles = {}
    for source in WMT_XML:
        for document in ElementTree.parse(CORPORA / source).getroot().iter("doc"):
            for hypothesis in document.iter("hyp"):
                if hypothesis.get("lang", "en") != "en":
                    continue
                record = f"{document.get('id')}/{hypothesis.get('system')}"
                numbered = [(int(seg.get("id")), seg.text or "") for seg in hypothesis.iter("seg")]
                articles[f"wmt-hyp/{Path(source).stem}/{record}.txt"] = lines_article("en", source, record, numbered)
    return articles


def news_articles(every: int) -> dict[str, Article]:
    """Every ``every``-th GDELT article and press release (English)."""
    articles = {}
    for path in sorted((CORPORA / "ukraine-war-news-gdelt-en" / "articles").glob("*.txt"))[::every]:
        text = path.read_text(encoding="utf-8")
        source = str(path.relative_to(CORPORA))
        articles[f"gdelt/{path.name}"] = Article("en", [Place(source, "-", n) for n in range(1, text.count("\n") + 2)], text)
    csv.field_size_limit(sys.maxsize)
    for name in ("zelenskyy", "putin"):
        source = f"zelenskyy-putin-press-releases/{name}.csv"
        with open(CORPORA / source, encoding="utf-8", newline="") as stream:
            for row_number, row in enumerate(csv.DictReader(stream), start=1):
                if (row_number - 1) % every:
                    continue
                text = f"{row['headline']}\n\n{row['body']}\n"
                places = [Place(source, f"row{row_number}", n) for n in range(1, text.count("\n") + 2)]
                articles[f"press/{name}/{row_number:04d}.txt"] = Article("en", places, text)
    return articles


def case_articles() -> dict[str, Article]:
    """Our own sentences, one folder per language: ``scripts/labels/cases/LANG/NAME.txt``."""
    articles = {}
    for path in sorted(CASES.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        source = str(path.relative_to(ROOT))
        articles[f"cases/{path.parent.name}/{path.name}"] = Article(
            path.parent.name, [Place(source, "-", n) for n in range(1, text.count("\n") + 2)], text)
    return articles


def build(folder: Path, every: int) -> dict[str, Article]:
    """Write the articles under ``folder``; return them by relative path."""
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA}: no such folder (the corpora of ../shared)")
    articles = {**ntrex_articles(), **wmt_text_articles(), **wmt_hypothesis_articles(), **news_articles(every), **case_articles()}
    write_articles(folder, articles)
    return articles


def write_articles(folder: Path, articles: dict[str, Article]) -> None:
    for relative, article in articles.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text, encoding="utf-8")


def check_importable() -> None:
    """This checkout's code and rules must be the ones Python imports (its own venv: ``pip install -e .``)."""
    import normalize
    from importlib.resources import files

    rules = Path(str(files("normalize.builtin_rules")))
    if Path(normalize.__file__).resolve().parent != ROOT / "normalize" or rules.resolve() != ROOT / "rules":
        raise SystemExit(f"this Python imports normalize from {Path(normalize.__file__).parent} and its rules from {rules}, "
                         f"not from {ROOT}: run the script with this checkout's venv ({ROOT / '.venv/bin/python'})")


def clean(code: Path, source: Path, output: Path) -> dict:
    """Run ``normalize clean`` of the checkout ``code`` (a subprocess); return its JSON report."""
    report = output.parent / f"{output.name}.json"
    environment = {**os.environ, "PYTHONPATH": str(code)}
    command = [sys.executable, "-c", RUN_CLI, "clean", str(source), "--out", str(output), "--report", str(report),
               "--quiet", "--no-suggestions", "--no-local-rules"]
    finished = subprocess.run(command, env=environment, cwd=output.parent, capture_output=True, text=True)
    if finished.returncode not in (0, 1, 4) or not report.exists():  # 1 (before 4): some articles failed
        raise SystemExit(f"normalize clean ({code}) exited with {finished.returncode}:\n{finished.stderr}")
    return json.loads(report.read_text(encoding="utf-8"))


def rewrites(report: dict, articles: dict[str, Article]) -> list[Rewrite]:
    """Every spelling rewrite of ``report``, located in the corpora."""
    found = []
    for entry in report["files"]:
        article = articles[entry["path"]]
        lines = article.text.split("\n")
        for change in entry.get("changes") or []:
            if change["stage"] != "spelling":
                continue
            place = article.places[change["line"] - 1]
            found.append(Rewrite(article.language, place.source, place.record, place.line, change["column"],
                                 line_hash(lines[change["line"] - 1]), change["before"], change["after"]))
    return sorted(found)


def read_labels(path: Path) -> dict[tuple, tuple[str, str]]:
    """The labels by rewrite key: (label, reason)."""
    labels = {}
    if not path.exists():
        return labels
    with open(path, encoding="utf-8", newline="") as stream:
        for number, row in enumerate(csv.reader(stream, delimiter="\t"), 1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != len(COLUMNS) or row[8] not in ("right", "wrong", "?"):
                raise SystemExit(f"{path}:{number}: expected {len(COLUMNS)} tab-separated fields ({', '.join(COLUMNS)}) "
                                 f"with label right, wrong or ?; fix the line")
            labels[tuple(row[:8])] = (row[8], row[9])
    return labels


def write_labels(path: Path, rows: list[list[str]]) -> None:
    """Write label rows, sorted, under a header line."""
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write("# " + "\t".join(COLUMNS) + "\n")
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerows(sorted(rows, key=lambda r: (r[0], r[1], r[2], int(r[3]), int(r[4]), *r[5:])))


def count_left(output: Path, articles: dict[str, Article], figures: dict[tuple[str, str], Figures]) -> None:
    """Add to ``figures`` the forms that the rules of this checkout rewrite, still in the cleaned articles."""
    from normalize import load_rules

    rules = load_rules()
    patterns = {language: variant_pattern(rules, language) for language in LANGUAGES}
    for relative, article in articles.items():
        path = output / relative
        if path.exists():
            found, _ = variants_left(path.read_text(encoding="utf-8"), *patterns[article.language])
            figures[kind_of(article.places[0].source), article.language].left.update(found)


def measure(code: Path, folder: Path, name: str, articles: dict[str, Article], labels: dict) -> dict[tuple[str, str], Figures]:
    """Clean the articles with the code of ``code``; the figures by kind (news, cases) and language."""
    output = folder / name
    figures = defaultdict(Figures)
    for rewrite in rewrites(clean(code, folder / "in", output), articles):
        counts = figures[kind_of(rewrite.source), rewrite.language]
        counts.rewrites += 1
        label = labels.get(rewrite.key, ("?", ""))[0]
        if label != "?":
            counts.met.add(rewrite.key)
        if label == "right":
            counts.right += 1
        elif label == "wrong":
            counts.wrong += 1
        else:
            counts.unlabelled.append(rewrite)
    count_left(output, articles, figures)
    return figures


def baseline_checkout(ref: str, folder: Path) -> Path:
    """A temporary worktree of ``ref``, importable as it is (its rules as ``normalize.builtin_rules``)."""
    checkout = folder / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(checkout), ref], check=True)
    (checkout / "normalize" / "builtin_rules").symlink_to(checkout / "rules", target_is_directory=True)
    return checkout


def row(figures: Figures) -> str:
    precision = "-" if figures.precision is None else f"{figures.precision:.3f}"
    return (f"{figures.rewrites:>8} {figures.right:>6} {figures.wrong:>6} {len(figures.unlabelled):>6} "
            f"{precision:>9} {sum(figures.left.values()):>6}")


def total(figures: dict[tuple[str, str], Figures], kinds: tuple[str, ...], languages: tuple[str, ...]) -> Figures:
    """The figures of ``kinds`` and ``languages`` added up."""
    summed = Figures()
    for kind in kinds:
        for language in languages:
            summed.add(figures.get((kind, language), Figures()))
    return summed


def print_tables(runs: dict[str, dict[tuple[str, str], Figures]]) -> None:
    heading = f"{'rewrites':>8} {'right':>6} {'wrong':>6} {'unlab.':>6} {'precision':>9} {'left':>6}"
    for kinds, title in ((("news",), "real news"), (("cases",), "constructed cases (scripts/labels/cases)"),
                         (("news", "cases"), "both")):
        print(f"\n{title}")
        print("lang  " + "   ".join(f"{name:^{len(heading)}}" for name in runs))
        print("      " + "   ".join(heading for _ in runs))
        for language in (*LANGUAGES, "all"):
            languages = LANGUAGES if language == "all" else (language,)
            print(f"{language:<6}" + "   ".join(row(total(figures, kinds, languages)) for figures in runs.values()))


def figures_json(runs: dict[str, dict[tuple[str, str], Figures]]) -> dict:
    """The figures as data: run -> kind (news, cases) -> language -> counts."""
    def counts(figures: Figures) -> dict:
        return {"rewrites": figures.rewrites, "right": figures.right, "wrong": figures.wrong,
                "unlabelled": len(figures.unlabelled), "precision": figures.precision, "left": sum(figures.left.values())}

    return {name: {kind: {language: counts(total(figures, (kind,), (language,))) for language in LANGUAGES}
                   for kind in ("news", "cases")} for name, figures in runs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", metavar="REF", help="also measure the code of this git ref (e.g. main)")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--unlabelled", type=Path, metavar="FILE",
                        help="write the unlabelled rewrites (of this checkout and the baseline) here, in the labels format with label ?")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="use every N-th GDELT article and press release (default: all; labels stay valid)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build and clean in this folder instead of a temporary one")
    args = parser.parse_args(argv)
    check_importable()
    labels = read_labels(args.labels)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        articles = build(folder / "in", args.every)
        runs = {}
        checkout = baseline_checkout(args.baseline, Path(temporary)) if args.baseline else None
        try:
            if checkout:
                runs[args.baseline] = measure(checkout, folder, "out-baseline", articles, labels)
            runs["this checkout"] = measure(ROOT, folder, "out", articles, labels)
        finally:
            if checkout:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=True)
    print(f"{len(articles)} articles; {len(labels)} labels in {args.labels.relative_to(ROOT) if args.labels.is_relative_to(ROOT) else args.labels}")
    print_tables(runs)
    if args.json:
        args.json.write_text(json.dumps(figures_json(runs), indent=1) + "\n", encoding="utf-8")
    current = total(runs["this checkout"], ("news", "cases"), LANGUAGES)
    if current.left:
        print(f"\nforms left by this checkout: {dict(current.left.most_common(12))}")
    unmet = [key for key, (label, _) in labels.items() if key not in current.met and label != "?"]
    if unmet:
        print(f"\n{len(unmet)} labels met no rewrite of this checkout (fixes labelled ahead, or stale labels): "
              f"{Counter(key[0] for key in unmet)}")
    unlabelled = current.unlabelled
    if unlabelled:
        print(f"\nunlabelled rewrites of this checkout: {len(unlabelled)} (by form)")
        for (language, before, after), count in Counter((r.language, r.before, r.after) for r in unlabelled).most_common():
            print(f"  {language}  {before} -> {after}  x{count}")
    if args.unlabelled:  # this checkout's, and the baseline's: both sides of the table rest on labels
        every = [total(run, ("news", "cases"), LANGUAGES).unlabelled for run in runs.values()]
        rows = {tuple(r.key): r for side in every for r in side}
        write_labels(args.unlabelled, [[*key, "?", ""] for key in sorted(rows)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
