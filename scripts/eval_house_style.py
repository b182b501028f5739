"""Measure the English house style on real news: no variant left, no URL changed.

Builds a temporary folder from ../shared/corpora (the GDELT articles and the
bodies of the Zelensky and Putin press releases; never copied into the repo),
runs ``normalize clean`` on it, and counts in the output:

- every whole-word occurrence of a non-house spelling of a built-in name
  (case-insensitive, an independent regex, not the tool's own matcher), split
  into those inside a URL/e-mail/handle or an exception phrase (left on purpose)
  and the rest (should be 0);
- URLs in each output article against the input article (should be identical).

Usage: python scripts/eval_house_style.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from normalize import Config, clean_folder, load_rules
from normalize.stages.protect import protected_spans
from normalize.text import phrase_key

URL = re.compile(r"(?:https?://|www\.)\S+")


def build_corpus(shared: Path, folder: Path) -> int:
    corpora = shared / "corpora"
    count = 0
    for article in sorted((corpora / "ukraine-war-news-gdelt-en" / "articles").glob("*.txt")):
        (folder / "gdelt").mkdir(parents=True, exist_ok=True)
        (folder / "gdelt" / article.name).write_bytes(article.read_bytes())
        count += 1
    csv.field_size_limit(sys.maxsize)
    for name in ("zelenskyy", "putin"):
        with open(corpora / "zelenskyy-putin-press-releases" / f"{name}.csv", encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), start=1):
                target = folder / name / f"{number:04d}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{row['headline']}\n{row['link']}\n\n{row['body']}\n", encoding="utf-8")
                count += 1
    return count


def variant_pattern(rules, language: str = "en") -> tuple[re.Pattern, set[str]]:
    """A regex of every form of ``language``'s lexicon that the rules rewrite, and the exception phrases.

    A context variant (``Vladimir``) counts only in front of a form of its entity; a
    declined form counts when it differs from the declined canonical it becomes, and
    an unsettled form (never rewritten) not at all.
    """
    lexicon = rules.lexicon(language)

    def words(key: tuple[str, ...]) -> str:
        return r"\W{1,3}".join(map(re.escape, key))

    def forms_of(entity: str) -> str:
        return "|".join(words(key) for key, e in lexicon.entity_of.items() if e == entity)

    alternatives = [
        words(key) + (rf"\s+(?:{forms_of(form.before_entity)})(?!\w)" if form.before_entity else "")
        for key, form in lexicon.forms.items()
        if form.written is not None and key != phrase_key(form.written)
    ]
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return pattern, lexicon.exceptions


def variants_left(text: str, pattern: re.Pattern, exceptions: set) -> tuple[Counter, Counter]:
    """The matches of ``pattern`` in ``text``: those left in prose, and those inside a URL, a handle or an exception."""
    left, on_purpose = Counter(), Counter()
    spans = protected_spans(text)
    for match in pattern.finditer(text):
        inside = any(s <= match.start() < e for s, e in spans)
        window = text[max(0, match.start() - 30):match.end() + 30]
        excepted = any(" ".join(e) in " ".join(phrase_key(window)) for e in exceptions)
        (on_purpose if inside or excepted else left)[match.group()] += 1
    return left, on_purpose


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args()
    rules = load_rules()
    pattern, exceptions = variant_pattern(rules)
    with tempfile.TemporaryDirectory() as tmp:
        source, output = Path(tmp) / "in", Path(tmp) / "out"
        articles = build_corpus(args.shared, source)
        report = clean_folder(source, output, Config())
        left, on_purpose, url_diffs, urls = Counter(), Counter(), 0, 0
        for path in sorted(source.rglob("*.txt")):
            before = path.read_text(encoding="utf-8")
            after = (output / path.relative_to(source)).read_text(encoding="utf-8")
            before_urls, after_urls = URL.findall(before), URL.findall(after)
            urls += len(before_urls)
            url_diffs += before_urls != after_urls
            found_left, found_on_purpose = variants_left(after, pattern, exceptions)
            left.update(found_left)
            on_purpose.update(found_on_purpose)
        print(f"articles: {articles}; {report.summary_line()}")
        print(f"replacements by form: {report.summary['replacements']} in all")
        print(f"non-house spellings left in prose: {sum(left.values())} {dict(left.most_common(10))}")
        print(f"left on purpose (URLs, handles, exceptions): {sum(on_purpose.values())} {dict(on_purpose.most_common(10))}")
        print(f"URLs: {urls} in the input; articles whose URLs changed: {url_diffs}")
        return 1 if left or url_diffs else 0


if __name__ == "__main__":
    sys.exit(main())
