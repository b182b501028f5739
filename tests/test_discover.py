"""Variant discovery: keys, candidates, evidence, the gold set, and the mergeable counts."""

from __future__ import annotations

import random
import re
import tomllib
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from normalize.discovery.cluster import suggest
from normalize.discovery.evidence import evidence_against
from normalize.discovery.keys import fold, name_keys
from normalize.discovery.finding import find_names
from normalize.discovery.names import FormTally, Name, NameCounts
from normalize.rules.load import load_rules, parse_rules
from normalize.text import context_snippet, excerpt, marked

DATA = Path(__file__).parent / "data" / "discovery"
ARTICLES = sorted((DATA / "articles").glob("*.txt"))
GOLD = tomllib.loads((DATA / "gold.toml").read_text(encoding="utf-8"))
RULES = load_rules()


def count(paths=ARTICLES) -> NameCounts:
    counts = NameCounts()
    for path in paths:
        counts.add_article(path.name, path.read_text(encoding="utf-8"), "en")
    return counts


def read_article(path: str) -> str:
    """The text of an article of ``count()``: discovery reads its contexts there, last."""
    return (DATA / "articles" / path).read_text(encoding="utf-8")


def pairs(clusters) -> set[frozenset[str]]:
    return {frozenset(p) for cluster in clusters for p in combinations(cluster, 2)}


@pytest.fixture(scope="module")
def suggestions():
    return suggest(count(), RULES, read=read_article)


@pytest.mark.parametrize("forms, same", [
    (("Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi"), True),
    (("Navalny", "Navalnyi", "Navalnyy", "Навальный"), True),
    (("Zelensky", "Zelenskyy", "Zelenskiy", "Зеленський"), True),
    (("Erdogan", "Erdoğan"), True),
    (("Mohamed", "Mohammed"), True),
    (("Zelensky", "Zelenska"), False),  # must not fold together
    (("Austria", "Australia"), False),
    (("Iran", "Iraq"), False),
])
def test_folding_joins_spellings_and_only_them(forms, same):
    assert (len({fold(f) for f in forms}) == 1) is same


def test_look_alikes_share_a_block_so_evidence_decides():
    assert set(name_keys("Zelensky")) & set(name_keys("Zelenska"))
    assert set(name_keys("Kovalchuk")) & set(name_keys("Kovalchyk"))


@pytest.mark.parametrize("text, names", [
    ("Moammar Gadhafi’s son", ["Moammar", "Moammar Gadhafi", "Gadhafi"]),
    ("NATO and the UN met in Tripoli.", ["Tripoli"]),                      # acronyms are not names
    ("see https://example.com/Gaddafi and Gaddafi.", ["Gaddafi"]),          # URLs are protected
    # 6 words: a title or a headline, not one name; its last three may be a person's after a title
    ("President Of The United States Said", ["President", "Of", "The", "United", "United States Said", "States", "Said"]),
    ("Major General Eduard Moskaliov", ["Major", "General", "General Eduard Moskaliov", "Eduard", "Moskaliov"]),
    ("the quick brown fox", []),
    ("Jean-Claude Juncker", ["Jean", "Jean-Claude Juncker", "Claude", "Juncker"]),
])
def test_find_names(text, names):
    assert [m.form for m in find_names(text)] == names


@pytest.mark.parametrize("text, starting", [
    ("Kyiv and Lviv", ["Kyiv"]),                     # the start of the text
    ("  Kyiv", []),                                   # spaces before it, no line break: not a start
    ("war\n  Kyiv", ["Kyiv"]),                        # a line break and up to two spaces
    ("war\n\n\n   Kyiv", []),                          # three spaces: too far back
    ("war. Kyiv", ["Kyiv"]), ("war.  Kyiv", ["Kyiv"]),
    ("war.   Kyiv", []), ("war.    Kyiv", []),       # three or four spaces after a full stop
    ("said: “Kyiv”", ["Kyiv"]), ("»Kyiv«", ["Kyiv"]), ("war?Kyiv", ["Kyiv"]), ("war.\n Kyiv", ["Kyiv"]),
    ("war.Kyiv Lviv", ["Kyiv", "Kyiv Lviv"]),         # a run starts where its first word does
    ("in Kyiv, Lviv (Odesa) and Jean-Claude", []),
])
def test_words_that_may_start_a_sentence(text, starting):
    assert [m.form for m in find_names(text) if m.sentence_start] == starting


# The rule, applied to the text before each word: a sentence's end and two spaces at most, or a quotation
# mark (a space around it at most) after the text's start, a sentence's end or a dash.
PER_WORD_SENTENCE_START = re.compile(r"(?:\A|[.!?:;\n]\s{0,2}|(?:\A|[.!?:;\n—–]\s?)[\"“”«»]\s?)\Z")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Ab é.:“»«—\n\t-_1ÉⒶ\u00a0", max_size=40))
def test_capitalised_words_and_sentence_starts_in_one_search(text):
    """One search finds the words that ``\\b[capital]\\w+`` finds (those of letters, not all capitals),
    each with the per-word rule's verdict on its start."""
    expected = [(m.span(), bool(PER_WORD_SENTENCE_START.search(text[:m.start()])))
                for m in re.finditer(r"\b[AÉⒶ]\w+", text) if m.group().isalpha() and not m.group().isupper()]
    words = [m for m in find_names(text) if m.form.isalpha()]  # not the runs of several words
    assert [((m.start, m.end), m.sentence_start) for m in words] == expected


def _name(form: str, files: int = 2, language: str = "en") -> Name:
    return Name(form, language, FormTally(count=files, files=files))


@pytest.mark.parametrize("a, b, reason", [
    ("Austria", "Australia", "CLDR"),
    ("Slovakia", "Slovenia", "CLDR"),
    ("Russia", "Russian", "CLDR"),
    ("Israel", "Israeli", "CLDR"),
    ("Zelensky", "Zelenska", "gendered"),
    ("Navalny", "Navalnaya", "gendered"),
    ("Putin", "Putina", "gendered"),
    ("Alexander", "Alexandra", "gendered"),
    ("Louis", "Louisville", "letters added"),
    ("Manuel", "Emanuel", "letters added"),
    ("Affairs", "Affaires", "inflected"),
    ("Chancellor", "Chancellery", "different endings"),
    ("Gaddafi", "Qaddafi", None),
    ("Navalny", "Navalnyy", None),
    ("Zelensky", "Zelenskyy", None),
    ("Mohamed", "Mohammed", None),
    ("Lukashenko", "Lukashenka", None),
])
def test_evidence_against_merging(a, b, reason):
    found = evidence_against(_name(a), _name(b), NameCounts(), parse_rules([]))
    assert (found is None) if reason is None else (reason in found), found


@pytest.mark.parametrize("a, b, reason", [
    ("Demokraten", "Demokratin", "inflected"),    # German capitalises every noun: its forms are no names
    ("Politikern", "Politikerin", "inflected"),
    ("Nachbarn", "Nachbarinnen", "inflected"),
    ("Selenskyj", "Selenskij", None),
])
def test_evidence_against_merging_in_german(a, b, reason):
    found = evidence_against(_name(a, language="de"), _name(b, language="de"), NameCounts(), parse_rules([]))
    assert (found is None) if reason is None else (reason in found), found


def test_two_forms_in_one_sentence_twice_are_two_names():
    counts = NameCounts()
    counts.add_article("a", "Kovalchuk met Kovalchyk. Later Kovalchuk and Kovalchyk left.", "en")
    assert "one sentence" in evidence_against(_name("Kovalchuk"), _name("Kovalchyk"), counts, parse_rules([]))
    once = NameCounts.of_article("b", "Kovalchuk met Kovalchyk.", "en")
    assert evidence_against(_name("Kovalchuk"), _name("Kovalchyk"), once, parse_rules([])) is None


def test_gold_set_pairwise_precision_and_recall(suggestions):
    found = [[v["form"] for v in s["variants"]] for s in suggestions]
    predicted, gold = pairs(found), pairs(GOLD["clusters"])
    precision = len(predicted & gold) / len(predicted)
    recall = len(predicted & gold) / len(gold)
    print(f"\ndiscovery gold set: {len(gold)} gold pairs, {len(predicted)} predicted, "
          f"precision {precision:.2f}, recall {recall:.2f}")
    assert precision == 1.0 and recall == 1.0, (found, GOLD["clusters"])


def test_no_distinct_pair_is_merged(suggestions):
    merged = pairs([[v["form"] for v in s["variants"]] for s in suggestions])
    for a, b in GOLD["apart"]:
        assert frozenset((a, b)) not in merged
        assert any(f == a for (_, f) in count().forms), f"{a} is not in the test corpus: the pair tests nothing"


def test_suggestion_fields(suggestions):
    gaddafi = next(s for s in suggestions if s["canonical"] == "Gaddafi")
    assert gaddafi["id"].startswith("s-") and gaddafi["language"] == "en"
    assert gaddafi["canonical_from"] == "most frequent" and not gaddafi["extends"]
    assert "f:kadafi" in gaddafi["why"] and 0.5 < gaddafi["score"] <= 1 and gaddafi["features"]["folds_alike"] == 1
    qaddafi = next(v for v in gaddafi["variants"] if v["form"] == "Qaddafi")
    assert qaddafi["count"] == 3 and qaddafi["files"] == 1
    assert qaddafi["contexts"][0].startswith("Ten years after the death of Muammar el-⟦Qaddafi⟧")
    assert qaddafi["locations"][0] == "02_libya_nyt.txt:1:41"
    assert tomllib.loads(gaddafi["toml"]) == {"entity": [
        {"id": "gaddafi", "canonical": {"en": "Gaddafi"}, "variants": ["Gadhafi", "Qaddafi", "Kadhafi"]}]}


def test_counts_merge_in_any_order_to_the_same_suggestions(suggestions):
    shuffled = ARTICLES[:]
    random.Random(5).shuffle(shuffled)
    halves = [count(shuffled[:7]), count(shuffled[7:])]
    merged = halves[1].merge(halves[0])
    assert suggest(merged, RULES, read=read_article) == suggestions


def test_sharing_the_languages_among_processes_gives_the_same_suggestions():
    counts = NameCounts()
    for language in ("en", "de", "pl"):
        for path in ARTICLES:
            counts.add_article(f"{language}/{path.name}", path.read_text(encoding="utf-8"), language)
    alone = suggest(counts, RULES)
    assert {s["language"] for s in alone} == {"en", "de", "pl"}
    assert suggest(counts, RULES, jobs=2) == suggest(counts, RULES, jobs=3) == alone


def test_forms_the_rules_know_are_not_suggested_again():
    rules = parse_rules([("mine.toml", '[[entity]]\nid = "gaddafi"\ncanonical = { en = "Gaddafi" }\n'
                                       'variants = ["Qaddafi", "Gadhafi"]\n')])
    (extension,) = [s for s in suggest(count(), rules) if "Kadhafi" in [v["form"] for v in s["variants"]]]
    assert extension["extends"] and extension["entity"] == "gaddafi" and extension["canonical_from"] == "rules"
    assert tomllib.loads(extension["toml"]) == {"entity": [{"id": "gaddafi", "variants": ["Kadhafi"]}]}
    complete = parse_rules([("all.toml", '[[entity]]\nid = "gaddafi"\ncanonical = { en = "Gaddafi" }\n'
                                         'variants = ["Qaddafi", "Gadhafi", "Kadhafi"]\n')])
    assert not [s for s in suggest(count(), complete) if "Kadhafi" in [v["form"] for v in s["variants"]]]


def test_rejected_forms_are_never_suggested_together():
    rules = parse_rules([("local.toml", '[[rejected]]\nlanguage = "en"\nforms = ["Lukashenko", "Lukashenka"]\n')])
    assert not [s for s in suggest(count(), rules) if s["canonical"].startswith("Lukashenk")]
    other_language = parse_rules([("local.toml", '[[rejected]]\nlanguage = "de"\nforms = ["Lukashenko", "Lukashenka"]\n')])
    assert [s for s in suggest(count(), other_language) if s["canonical"].startswith("Lukashenk")]


def test_a_name_the_rules_change_only_in_context_is_not_suggested():
    counts = NameCounts()
    for i in range(3):
        counts.add_article(f"{i}.txt", "They met Vladimir Putin. Later Władimir Putin spoke, and Wladimir Klitschko too.", "en")
    assert not [s for s in suggest(counts, RULES) if "Vladimir" in [v["form"] for v in s["variants"]]]


def test_ids_are_stable_and_the_order_is_by_score_then_size(suggestions):
    assert suggest(count(), RULES, read=read_article) == suggestions
    assert [s["id"] for s in suggest(count(), RULES)] == [s["id"] for s in suggestions]
    order = [(s["score"], s["count"]) for s in suggestions]
    assert order == sorted(order, reverse=True)


def test_suggestions_are_the_same_whatever_the_workers(tmp_path):
    from normalize.config import Config
    from normalize.batch.run import clean_folder

    one = clean_folder(DATA / "articles", tmp_path / "one", Config(jobs=1, local_rules=None))
    two = clean_folder(DATA / "articles", tmp_path / "two", Config(jobs=2, local_rules=None))
    assert one.suggestions == two.suggestions and one.suggestions


@settings(max_examples=200)
@given(st.text(alphabet="ab \n…⟦é"), st.data())
def test_a_kept_excerpt_writes_out_as_the_snippet_of_the_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    left, right = text[max(0, start - 40):start].rpartition("\n")[2], text[end:end + 40].partition("\n")[0]
    snippet = (("…" if start > len(left) else "") + f"{left}⟦{text[start:end]}⟧{right}"
               + ("…" if end + len(right) < len(text) else ""))
    assert context_snippet(text, start, end) == marked(*excerpt(text, start, end), start, end - start) == snippet
