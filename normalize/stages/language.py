"""The languages of a text and of each of its paragraphs, deterministically (the stages' context has them).

langdetect's own n-gram profiles (55 languages) are scored directly: every 1-, 2-
and 3-gram of a bounded sample of the text adds its log-probability per language
(naive Bayes with langdetect's smoothing), where langdetect itself draws n-grams
at random from the whole text.  The answer is the same on every run and in every
process, and the cost depends on the sample, not on the length of the text.

>>> language_model().detect("The president met the envoys in Berlin on Sunday evening.").language
'en'

A set of expected languages (``--languages``) is a prior: a language outside it
must beat the best expected one by a clear margin per n-gram, which settles short
texts between close languages (Ukrainian or Macedonian, Spanish or Catalan).

>>> language_model(expected=("uk", "ru")).detect("Сьогодні").language
'uk'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np
from langdetect.utils.ngram import NGram

from normalize.stages.group_sums import group_bounds, group_sums
from normalize.stages.profiles import Profiles, profiles_table

UNDETERMINED = "und"
PARAGRAPH_SAMPLE = 240  # characters of each paragraph that are scored
ARTICLE_SAMPLE = 1200  # characters scored for a whole article, shared by its paragraphs
PARAGRAPH_MIN = 80  # characters of a paragraph scored at least: a longer article is sampled (see _judged)
WORDS_REMEMBERED = 100_000  # the scores of this many distinct words are remembered (22 MB)
NAME_WEIGHT = 0.5  # of a capitalised word inside a sentence, most often a name
SHORT_LETTERS = 40  # fewer letters than this (a headline, a caption): too short to judge alone
UNEXPECTED_PENALTY = 0.4  # nats per n-gram that a language outside the expected set must win by
SWITCH_MARGIN = 0.25  # nats per n-gram by which a paragraph's own language must beat the article's
_MAY_END_A_SENTENCE = frozenset(".!?:;\"«»“”„")  # the word after a word ending in one of these may start a sentence
_EDGE_PUNCTUATION = ".,;:!?\"'()[]«»“”„‘’…"  # langdetect reads each as a space: stripped, a word scores the same
_URL_OR_MAIL = re.compile(r"https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}|[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_NON_EMPTY_LINE = re.compile(r"[^\n]+")
_LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``) and the probability the model gives it."""

    language: str
    score: float


@dataclass(frozen=True)
class Paragraph:
    """A span of an article and the language its house style is taken from."""

    start: int
    end: int
    language: str


@dataclass(frozen=True)
class Detected:
    """The article's language, and its paragraphs with theirs (the article's, unless one clearly differs)."""

    language: str
    score: float
    paragraphs: list[Paragraph]
    short: bool  # too little text to judge: the caller may prefer the folder's language

    @property
    def languages(self) -> list[str]:
        """Every language of a paragraph, the article's first."""
        return list(dict.fromkeys([self.language, *(p.language for p in self.paragraphs)]))


class LanguageModel:
    """Scores texts against the profiles, with a prior for the ``expected`` languages (empty: none)."""

    def __init__(self, expected: tuple[str, ...] = (), ignore: frozenset[str] = frozenset()):
        self.profiles = profiles_table()
        self.ignore = ignore  # case-folded words left out of every sample: the names the rules rewrite
        # Each word seen is scored once, into its slot: _vectors its scores, _traits its n-grams, Latin?, capitalised?
        self._words: dict[str, int] = {}
        self._vectors = np.zeros((WORDS_REMEMBERED, len(self.profiles.languages)), dtype=np.float32)
        self._traits = np.zeros((WORDS_REMEMBERED, 3), dtype=np.int64)
        unknown = sorted(set(expected) - set(self.profiles.languages))
        if unknown:
            raise ValueError(
                f"no language profile for {', '.join(unknown)}; known: {', '.join(sorted(set(self.profiles.languages)))}"
            )
        self.expected = np.array([code in expected for code in self.profiles.languages]) if expected else None

    def scores(self, samples: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The summed log-probability per language of the n-grams of each sample (a row
        each), and their weights: one gather of word scores for all the samples.

        Only the words of a sample's main script count, Latin or not (as langdetect
        does): a Cyrillic name quoted in English says nothing of the language around
        it.  A capitalised word inside a sentence is most often a name, and counts
        :data:`NAME_WEIGHT` (``Zelenskiy in Kiev`` is not Danish).
        """
        split = [sample.split() for sample in samples]
        words = [word for sample_words in split for word in sample_words]
        totals = np.zeros((len(samples), len(self.profiles.languages)))
        if not words:
            return totals, np.zeros(len(samples))
        keys = [word.strip(_EDGE_PUNCTUATION) or word for word in words]  # "Kyiv," scores as "Kyiv"
        known = self._learn(keys)
        slot = np.fromiter(map(known.__getitem__, keys), dtype=np.int64, count=len(keys))
        count, is_latin, capitalised = self._traits[slot].T
        sample_of = np.repeat(np.arange(len(samples)), np.fromiter(map(len, split), dtype=np.int64, count=len(split)))
        ends = map(_MAY_END_A_SENTENCE.__contains__, map(str.__getitem__, words[:-1], repeat(-1)))  # in C, not a loop
        sentence_start = np.concatenate(([True], np.fromiter(ends, dtype=bool, count=len(words) - 1)))  # after an end
        sentence_start[np.flatnonzero(np.diff(sample_of)) + 1] = True
        weight = np.where(capitalised.astype(bool) & ~sentence_start, NAME_WEIGHT, 1.0)
        latin = np.bincount(sample_of, weights=count * is_latin, minlength=len(samples))
        other = np.bincount(sample_of, weights=count * (1 - is_latin), minlength=len(samples))
        kept = (count > 0) & (is_latin.astype(bool) == (latin >= other)[sample_of])  # the main script's words
        counts = np.bincount(sample_of[kept], weights=(weight * count)[kept], minlength=len(samples))
        rows, of = np.flatnonzero(kept), sample_of[kept]
        bounds = group_bounds(of)
        weighted = lambda a, b: self._vectors[slot[rows[a:b]]].astype(np.float64) * weight[rows[a:b], None]  # noqa: E731
        for groups, sums in group_sums(bounds, weighted):
            totals[of[bounds[groups]]] = sums
        return totals, counts

    def _learn(self, words: list[str]) -> dict[str, int]:
        """Score the ``words`` not seen yet, each into a slot of its own (words recur, n-grams are
        costly), all in one gather; return the slots of the known words."""
        new = [word for word in dict.fromkeys(words) if word not in self._words]
        if len(self._words) + len(new) > WORDS_REMEMBERED:
            self._words.clear()
            new = list(dict.fromkeys(words))
        slots = np.arange(len(self._words), len(self._words) + len(new))
        owners, rows = _gram_rows(new, self.ignore, self.profiles)
        self._words.update(zip(new, slots.tolist()))
        firsts = [word[0] if word[0].isalpha() else next((char for char in word if char.isalpha()), "a") for word in new]
        self._traits[slots] = np.column_stack([np.bincount(owners, minlength=len(new)), [first < "\u0250" for first in firsts],
                                               list(map(str.isupper, firsts))])
        bounds = group_bounds(owners)
        for groups, sums in group_sums(bounds, lambda a, b: self.profiles.log_prob[rows[a:b]]):
            self._vectors[slots[owners[bounds[groups]]]] = sums
        return self._words

    def guess(self, scores: np.ndarray, count: float) -> LanguageGuess:
        """The best language for summed ``scores`` over ``count`` n-grams, and its probability."""
        if count == 0:
            return LanguageGuess(UNDETERMINED, 0.0)
        adjusted = self._with_prior(scores, count)
        best = int(np.argmax(adjusted))
        probabilities = np.exp(adjusted - adjusted[best])
        return LanguageGuess(self.profiles.languages[best], round(float(1.0 / probabilities.sum()), 4))

    def _with_prior(self, scores: np.ndarray, count) -> np.ndarray:
        if self.expected is None:
            return scores
        return np.where(self.expected, scores, scores - UNEXPECTED_PENALTY * count)

    def _judged(self, text: str, spans: list[tuple[int, int]]) -> dict[int, int]:
        """The paragraphs to score, with the characters to score of each.

        All of them, sharing :data:`ARTICLE_SAMPLE`; in a long article, as many as that
        holds, evenly spread, and those with a word of a name the rules rewrite (only
        they need a language of their own), :data:`PARAGRAPH_SAMPLE` each.  The cost
        stays bounded however long the article.
        """
        most = ARTICLE_SAMPLE // PARAGRAPH_MIN
        if len(spans) <= most:
            return dict.fromkeys(range(len(spans)), min(PARAGRAPH_SAMPLE, ARTICLE_SAMPLE // max(len(spans), 1)))
        spread = {len(spans) * k // most for k in range(most)}
        judged = {}
        for i, (start, end) in enumerate(spans):
            if not self.ignore.isdisjoint(map(str.casefold, _LETTERS.findall(text, start, end))):
                judged[i] = PARAGRAPH_SAMPLE
            elif i in spread:
                judged[i] = PARAGRAPH_MIN
        return judged

    def detect(self, text: str) -> LanguageGuess:
        """The language of ``text``, judged on its first :data:`ARTICLE_SAMPLE` characters."""
        totals, counts = self.scores([_sample(text, 0, len(text), ARTICLE_SAMPLE)])
        return self.guess(totals[0], counts[0])

    def detect_paragraphs(self, text: str, fallback: str | None = None) -> Detected:
        """The language of ``text`` from a bounded sample of its paragraphs, and each paragraph's.

        A paragraph keeps the article's language unless it is long enough to judge and
        its own language wins clearly (a German quote in an English article).  When the
        whole text is too short to judge, ``fallback`` (the folder's language) is taken.
        """
        spans = paragraph_spans(text)
        sizes = self._judged(text, spans)
        judged = list(sizes)
        totals, counts = self.scores([_sample(text, *spans[i], size) for i, size in sizes.items()])
        article = self.guess(totals.sum(axis=0), counts.sum())
        short = _letters(text) < SHORT_LETTERS
        if short and fallback:
            article = LanguageGuess(fallback, article.score if article.language == fallback else 0.0)
        languages = [article.language] * len(spans)
        if article.language != UNDETERMINED and len(spans) > 1:
            adjusted = self._with_prior(totals, counts[:, None])
            own = np.argmax(adjusted, axis=1)
            here = self.profiles.languages.index(article.language)
            margins = (adjusted[np.arange(len(judged)), own] - adjusted[:, here]) / np.maximum(counts, 1)
            for k in np.flatnonzero(margins > SWITCH_MARGIN):
                if _ordinary_letters(text, *spans[judged[k]]) >= SHORT_LETTERS:
                    languages[judged[k]] = self.profiles.languages[own[k]]
        paragraphs = [Paragraph(start, end, language) for (start, end), language in zip(spans, languages)]
        return Detected(article.language, article.score, paragraphs, short)


@lru_cache(maxsize=8)
def language_model(expected: tuple[str, ...] = (), ignore: frozenset[str] = frozenset()) -> LanguageModel:
    """The model for a set of expected languages and of words to leave out, built once per process."""
    return LanguageModel(expected, ignore)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text``: blocks between blank lines, or its lines when it has none.

    >>> paragraph_spans("Title\\n\\nOne line.\\nTwo.\\n")
    [(0, 5), (7, 21)]
    >>> paragraph_spans("One.\\nTwo.")
    [(0, 4), (5, 9)]
    """
    if _PARAGRAPH_BREAK.search(text):
        spans, start = [], 0
        for match in _PARAGRAPH_BREAK.finditer(text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(text)))
        return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if s < e]
    return [match.span() for match in _NON_EMPTY_LINE.finditer(text) if not match.group().isspace()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sample(text: str, start: int, end: int, size: int) -> str:
    """At most ``size`` characters of ``text[start:end]``, cut at a space, URLs and e-mails removed."""
    piece = text[start:min(end, start + size + 1)]
    if end > start + size:
        piece = piece[:piece.rfind(" ")] if " " in piece else piece[:size]
    return NGram.normalize_vi(_URL_OR_MAIL.sub(" ", piece) if "@" in piece or "://" in piece else piece)  # URL, e-mail


def _letters(text: str, start: int = 0, end: int | None = None, enough: int = SHORT_LETTERS) -> int:
    """The number of letters in ``text[start:end]``, counted up to ``enough``."""
    end = len(text) if end is None else end
    count, step = 0, 4 * enough
    while start < end and count < enough:
        count += sum(map(str.isalpha, text[start:min(end, start + step)]))
        start += step
    return count


def _ordinary_letters(text: str, start: int, end: int, enough: int = SHORT_LETTERS) -> int:
    """Letters of the words that begin in lower case, counted up to ``enough``.

    A paragraph switches language on these only: a headline in capitals or a caption
    of names says little about its language.

    >>> _ordinary_letters("PUTIN WILL FORCE ZELENSKY TO FIGHT", 0, 34), _ordinary_letters("Wołodymyr Zelanski Dmytro", 0, 25)
    (0, 0)
    >>> _ordinary_letters("Der Präsident sagte am Sonntag", 0, 30)
    7
    """
    count = 0
    for match in _LETTERS.finditer(text, start, end):
        if match.group()[0].islower():
            count += len(match.group())
            if count >= enough:
                break
    return min(count, enough)


@lru_cache(maxsize=1)
def _normal_table() -> dict[int, str]:
    """langdetect's normalisation of every character below U+3000, as a str.translate table."""
    return {code: NGram.normalize(chr(code)) for code in range(0x3000)}


def _normalize(word: str) -> str:
    normal = word.translate(_normal_table())
    if max(normal) >= "\u3000":  # kana, CJK, hangul: langdetect maps them to a few classes
        normal = "".join(map(NGram.normalize, normal))
    return normal


def _gram_rows(words: list[str], ignore: frozenset[str], profiles: Profiles) -> tuple[np.ndarray, np.ndarray]:
    """langdetect's 1-, 2- and 3-grams of each of ``words`` that a profile has: the index of the word
    each belongs to (in order), and its row in the profiles.

    As langdetect, each word is normalised and padded with spaces (``" Hi "``: ``H i``,
    `` H`` ``Hi`` ``i ``, `` Hi`` ``Hi ``); words in capitals are left out, and so are the
    words in ``ignore``.  The n-grams of all the words are cut and looked up at once.
    """
    pieces, owners = [], []
    for index, word in enumerate(words):
        for piece in _normalize(word).split():
            if not (len(piece) > 1 and piece.isupper() or piece.casefold() in ignore):
                pieces.append(f" {piece} ")
                owners.append(index)
    if not pieces:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.frombuffer("".join(pieces).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    piece_of = np.repeat(np.arange(len(pieces)), np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
    ones = np.flatnonzero(codes != ord(" "))
    twos = np.flatnonzero(piece_of[:-1] == piece_of[1:])
    threes = np.flatnonzero(piece_of[:-2] == piece_of[2:])
    keys = np.concatenate([
        codes[ones],
        codes[twos] << np.uint64(21) | codes[twos + 1],
        codes[threes] << np.uint64(42) | codes[threes + 1] << np.uint64(21) | codes[threes + 2],
    ])
    owner = np.asarray(owners)[piece_of[np.concatenate([ones, twos, threes])]]
    found, rows = profiles.rows_of(keys)
    order = np.argsort(owner[found], kind="stable")
    return owner[found][order], rows[order]
