"""Language-detection accuracy on NTREX-128 (the same 123 news documents in 12 languages).

Measures, in the same run and on the same texts, plain langdetect (``detect`` with
a fixed seed, on the whole text) and normalize's detector: without expected
languages, and with ``--languages`` naming the nine languages that have rules.
At document level each document is one article (its sentences one per line,
detected as ``normalize clean`` does); at sentence level each sentence alone.

    python scripts/eval_language.py [--corpus PATH] [--every N] [--json PATH]

``--every N`` keeps every N-th sentence (a quicker run); documents are always all.
Accuracy is reported for the nine languages, and separately for the three others
(Czech, Belarusian, Bulgarian: langdetect has no Belarusian profile).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.stages.language import language_model  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ntrex-128-subset"
FILES = {
    "en": "eng-US", "de": "deu", "fr": "fra", "es": "spa", "pt": "por", "it": "ita", "pl": "pol", "uk": "ukr", "ru": "rus",
    "cs": "ces", "be": "bel", "bg": "bul",
}
NINE = ("en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru")


def load(corpus: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The sentences per language, and the document id of each line."""
    if not corpus.is_dir():
        raise SystemExit(f"{corpus}: no such folder (NTREX-128 subset from ../shared/corpora)")
    documents = (corpus / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    sentences = {}
    for language, name in FILES.items():
        lines = (corpus / f"newstest2019-ref.{name}.txt").read_text(encoding="utf-8").splitlines()
        if len(lines) != len(documents):
            raise SystemExit(f"{name}: {len(lines)} lines, but {len(documents)} document ids")
        sentences[language] = lines
    return sentences, documents


def group(lines: list[str], documents: list[str]) -> list[str]:
    texts: dict[str, list[str]] = defaultdict(list)
    for line, document in zip(lines, documents):
        texts[document].append(line)
    return ["\n".join(t) + "\n" for t in texts.values()]


def plain_langdetect(text: str) -> str:
    try:
        return detect(text).split("-")[0]
    except LangDetectException:
        return "und"


def run(name: str, method, items: dict[str, list[str]]) -> dict:
    """Accuracy of ``method`` over ``items`` (language -> texts), per language and over the nine."""
    started = time.perf_counter()
    per_language = {}
    for language, texts in items.items():
        per_language[language] = sum(method(text) == language for text in texts), len(texts)
    seconds = time.perf_counter() - started
    nine = [per_language[lang] for lang in NINE]
    others = [per_language[lang] for lang in items if lang not in NINE]
    return {
        "method": name,
        "accuracy_nine": sum(c for c, _ in nine) / sum(n for _, n in nine),
        "accuracy_others": sum(c for c, _ in others) / sum(n for _, n in others),
        "per_language": {lang: round(c / n, 4) for lang, (c, n) in per_language.items()},
        "ms_per_text": 1000 * seconds / sum(n for _, n in per_language.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--every", type=int, default=1, metavar="N", help="keep every N-th sentence (default: all)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sentences, documents = load(args.corpus)
    DetectorFactory.seed = 0
    unrestricted, nine = language_model(), language_model(NINE)
    levels = {
        "document": {lang: group(lines, documents) for lang, lines in sentences.items()},
        "sentence": {lang: lines[::args.every] for lang, lines in sentences.items()},
    }
    methods = {
        "document": [
            ("langdetect (plain)", plain_langdetect),
            ("normalize", lambda t: unrestricted.detect_paragraphs(t).language),
            ("normalize --languages nine", lambda t: nine.detect_paragraphs(t).language),
        ],
        "sentence": [
            ("langdetect (plain)", plain_langdetect),
            ("normalize", lambda t: unrestricted.detect(t).language),
            ("normalize --languages nine", lambda t: nine.detect(t).language),
        ],
    }
    results = {}
    for level, items in levels.items():
        count = sum(map(len, items.values()))
        print(f"{level} level: {count} texts ({len(items)} languages x {count // len(items)})")
        print(f"  {'method':<28} {'nine':>7} {'others':>7} {'ms/text':>8}  per language")
        results[level] = []
        for name, method in methods[level]:
            result = run(name, method, items)
            results[level].append(result)
            languages = " ".join(f"{lang}:{acc:.3f}" for lang, acc in result["per_language"].items())
            print(f"  {name:<28} {result['accuracy_nine']:7.4f} {result['accuracy_others']:7.4f} "
                  f"{result['ms_per_text']:8.2f}  {languages}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
