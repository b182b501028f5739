"""Stage 3: detect the language of an article with langdetect, deterministically.

langdetect samples n-grams at random; a fixed seed makes the guess the same on
every run and in every process.

>>> detect_language("The president met the envoys in Berlin on Sunday evening.").language
'en'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

SEED = 0
UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``) and langdetect's probability for it."""

    language: str
    score: float


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = SEED
    return factory


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of ``text``; ``und`` when there is nothing to go on."""
    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return LanguageGuess(UNDETERMINED, 0.0)
    return LanguageGuess(_short_code(best.lang), round(best.prob, 4))


def _short_code(code: str) -> str:
    """langdetect says ``zh-cn``/``zh-tw``; the rules speak ISO 639-1."""
    return code.split("-")[0]
