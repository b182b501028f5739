"""The score of a suggestion: a logistic model's chance that its forms are spellings of one name.

:func:`features` describes a cluster by a handful of interpretable numbers computed
from its per-form tallies, its links and the evidence (nothing else, so the scoring
can move wherever the tallies are); :func:`score` weighs them with the coefficients
of ``score.toml``, fitted on the hand labels by ``scripts/fit_discovery_score.py``
(the file says how, and what the fit scored on held-out languages).

>>> round(score({"similarity": 1.0, "folds_alike": 1.0, "log_count": 2.0, "log_rarest": 1.0,
...              "known_words": 0.0, "given_apart": 0.0, "several_words": 0.0, "roles_apart": 0.0,
...              "names_apart": 0.0, "y_for_i": 0.0, "english_word": 0.0, "same_file": 0.0, "accents_only": 0.0,
...              "foreign_letters": 0.0, "log_letters": 0.8}), 2) > 0.5
True
"""

from __future__ import annotations

import math
import tomllib
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from itertools import combinations

from normalize.discovery.data import discovery_data
from normalize.discovery.keys import ascii_spelling, fold
from normalize.discovery.lemmas import is_common_word, lemmas
from normalize.discovery.names import Name
from normalize.discovery.persons import FullNames, is_given_name, names_apart, shares_a_surname
from normalize.errors import DataFileError

SCORE_FILE = "score.toml"
FEATURES = ("similarity", "folds_alike", "log_count", "log_rarest", "known_words", "given_apart", "several_words",
            "roles_apart", "names_apart", "y_for_i", "english_word", "same_file", "accents_only", "foreign_letters",
            "log_letters")
_VOWELS = frozenset("aeiouy")


def features(cluster: list[Name], similarities: list[float],
             full: FullNames) -> dict[str, float]:
    """The numbers the score weighs, for one cluster of forms and the similarities of its links.

    - similarity: the weakest link's similarity (0..1);
    - folds_alike: 1 when every form folds to one key (Navalny, Navalnyy), else 0;
    - log_count, log_rarest: log10 of the cluster's occurrences and of its rarest form's;
    - known_words: the share of forms the language's lexicon knows as words (or names it lists);
    - given_apart: 1 when two of its forms are given names that no surname follows both of;
    - several_words: 1 when the forms are names of several words (Sergei Lavrov);
    - roles_apart: how differently often two forms start a longer name (0..1): a given name
      (Vladimir Putin) and a surname (the midwife Svetlana Władimir) are different names;
    - names_apart: 1 when two of its forms are seen in full names that share no other word, one
      of them in one full name only (:func:`~normalize.discovery.persons.names_apart`);
    - y_for_i: 1 when two forms differ by a y for an i between consonants: the Ukrainian national
      romanisation writes и as y, Russian ones write и as i, so a Ukrainian and a Russian bearer
      (Lytvynenko/Litvinenko, Vadym/Vadim) as often as one name in two tables (Zhytomyr/Zhitomir);
    - english_word: the share of forms that are common English words (simplemma's, not proper nouns)
      when some form is not: a word beside a name (Angara/Ankara, Marshal/Marshall, Advocate/Advocaat);
    - same_file: 1 when two of its forms are seen in one article (among the first files of each): one
      writer's slip or change of spelling, where two people's names are mostly in different articles;
    - accents_only: 1 when its forms differ only in accents (Erdoğan/Erdogan, Frédéric/Frederic);
    - foreign_letters: 1 when some form has letters of another language's alphabet (``foreign_letters`` of
      discovery.toml) that another form lacks: that language's spelling, often its own bearer (Paweł/Pavel);
    - log_letters: log10 of the letters of its shortest form: short names are shared by more people and
      look alike more often (Yulia/Yuliya, Pavel/Paweł) than long ones (Kavadarkov/Kavardarkov).

    >>> from collections import Counter
    >>> from normalize.discovery.names import FormTally
    >>> forms = [Name("Navalny", "en", FormTally(90, 0, 0, 9, ("a.txt",))), Name("Navalnyy", "en", FormTally(9, 0, 0, 1, ("a.txt",)))]
    >>> features(forms, [0.97], FullNames({}, Counter(), {}))
    {'similarity': 0.97, 'folds_alike': 1.0, 'log_count': 1.996, 'log_rarest': 0.954, 'known_words': 0.0, \
'given_apart': 0.0, 'several_words': 0.0, 'roles_apart': 0.0, 'names_apart': 0.0, 'y_for_i': 0.0, 'english_word': 0.0, \
'same_file': 1.0, 'accents_only': 0.0, 'foreign_letters': 0.0, 'log_letters': 0.845}
    """
    language = cluster[0].language
    leads = [n.tally.leading / n.tally.count for n in cluster]
    given = [n for n in cluster if is_given_name(n)]
    apart = any(not shares_a_surname(full.surnames.get((language, a.form), frozenset()),
                                     full.surnames.get((language, b.form), frozenset()))
                for a, b in combinations(given, 2))
    return {
        "similarity": min(similarities),
        "folds_alike": float(len({fold(n.form) for n in cluster}) == 1),
        "log_count": round(math.log10(sum(n.tally.count for n in cluster)), 3),
        "log_rarest": round(math.log10(min(n.tally.count for n in cluster)), 3),
        "known_words": round(sum(bool(lemmas(n.form, language)) for n in cluster) / len(cluster), 3),
        "given_apart": float(apart),
        "several_words": float(any(" " in n.form or "-" in n.form for n in cluster)),
        "roles_apart": round(max(leads) - min(leads), 3),
        "names_apart": float(any(names_apart(a, b, full) for a, b in combinations(cluster, 2))),
        "y_for_i": float(any(y_for_i(a.form, b.form) for a, b in combinations(cluster, 2))),
        "english_word": _english_words(cluster),
        "same_file": float(any(set(a.tally.paths) & set(b.tally.paths) for a, b in combinations(cluster, 2))),
        "accents_only": float(len({ascii_spelling(n.form) for n in cluster}) == 1),
        "foreign_letters": float(_foreign_letters(cluster)),
        "log_letters": round(math.log10(min(n.letters for n in cluster)), 3),
    }


def y_for_i(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ by a y for an i between consonants (Ukrainian и romanised, or Russian)?

    >>> y_for_i("Lytvynenko", "Litvinenko"), y_for_i("Andriy", "Andrii"), y_for_i("Navalny", "Navalnyy")
    (True, False, False)
    """
    x, y = ascii_spelling(a), ascii_spelling(b)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op == "replace" and {x[i1:i2], y[j1:j2]} == {"y", "i"} and 0 < i1 and i2 < len(x) \
                and x[i1 - 1] not in _VOWELS and x[i2] not in _VOWELS:
            return True
    return False


def _foreign_letters(cluster: list[Name]) -> bool:
    """Does some form have letters of another language's own alphabet (``foreign_letters``) that another lacks?

    >>> from normalize.discovery.names import FormTally
    >>> _foreign_letters([Name("Pavel", "en", FormTally(1)), Name("Paweł", "en", FormTally(1))])
    True
    """
    language = cluster[0].language
    for other, letters in sorted(discovery_data().evidence.foreign_letters.items()):
        having = [bool(set(n.form.casefold()) & set(letters)) for n in cluster]
        if other != language and any(having) and not all(having):
            return True
    return False


def _english_words(cluster: list[Name]) -> float:
    """The share of the cluster's forms that are common English words, if not all of them are (else 0)."""
    words = sum(is_common_word(n.form, "en") for n in cluster)
    return round(words / len(cluster), 3) if words < len(cluster) else 0.0


def score(values: dict[str, float]) -> float:
    """The fitted chance (0..1) that a cluster with these features is one name spelled several ways."""
    coefficients = score_coefficients()
    total = coefficients["intercept"] + sum(coefficients[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-total))


@lru_cache(maxsize=1)
def score_coefficients() -> dict[str, float]:
    """The coefficients of ``score.toml`` (shipped in this package): the intercept and one per feature."""
    path = resources.files(__package__).joinpath(SCORE_FILE)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    coefficients = data.get("coefficients")
    expected = {"intercept", *FEATURES}
    if not isinstance(coefficients, dict) or set(coefficients) != expected or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in coefficients.values()):
        raise DataFileError(str(path), None, f"[coefficients] must give a number for each of {', '.join(sorted(expected))}; "
                            "run scripts/fit_discovery_score.py to write them")
    return {name: float(value) for name, value in coefficients.items()}
