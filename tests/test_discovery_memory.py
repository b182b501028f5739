"""Discovery's end phase holds memory in proportion to the forms it counts, a small constant each (issue 20),
checked without timing anything: an article of distinct names is discovery's worst case.
"""

from __future__ import annotations

import gc
import random
import tracemalloc
import zlib
from itertools import chain, product

import orjson

from normalize.discovery.candidates import CandidateRows
from normalize.discovery import cluster
from normalize.discovery.cluster import Link, find_links, suggest
from normalize.discovery.keys import ascii_spelling, fold, name_keys, sharing_a_key
from normalize.discovery.lemmas import lemmas
from normalize.discovery.names import FormTally, Name, NameCounts
from normalize.discovery.persons import full_names
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord
from normalize.rules.load import parse_rules
from normalize.text import phrase_key

from memory import peak_bytes

SYLLABLES = ("ka", "lo", "mi", "ver", "tan", "sol", "dru", "bel", "nik", "or", "zen", "ha", "pur", "vik", "at", "sel")


def _distinct_forms(count: int) -> list[str]:
    """``count`` made-up capitalised names, each written once (as scripts/bench_scaling.py's distinct-names)."""
    numbers = random.Random(20).sample(range(len(SYLLABLES) ** 2, len(SYLLABLES) ** 6), count)
    forms = []
    for number in numbers:
        digits = []
        while number:
            number, digit = divmod(number, len(SYLLABLES))
            digits.append(SYLLABLES[digit])
        forms.append("".join(digits).capitalize())
    return sorted(set(forms))



def test_suggesting_among_distinct_names_holds_a_few_hundred_bytes_per_form():
    """Most keys of distinct names belong to one name only: blocking counts their hashes rather than keeping
    a block (a key, a tuple and a list: about 150 bytes) for each of the five keys of every name, and the full
    names are read for the forms linked only (main held about 1,300 bytes per form here)."""
    forms = _distinct_forms(30_000)
    text = "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, len(forms), 10))
    rules = parse_rules([])
    suggest(NameCounts.of_article("b.txt", "Gaddafi met Qaddafi. Then Gaddafi left.", "en"), rules)  # the lexicons read
    counts = NameCounts.of_article("a.txt", text, "en")  # as in a run, the spellings of its forms cached by counting
    assert peak_bytes(suggest, counts, rules) < 450 * len(counts.forms)  # 589 on 2193c86, a Name and a tally each


def test_the_blocking_keys_are_let_go_once_the_forms_are_linked():
    """Only blocking asks for the forms' keys: their cache (up to 200,000 tuples, about 110 MB) is emptied after it
    and stays empty while the forms are clustered, the end phase's peak (08c37cf held it to the end)."""
    counts = NameCounts.of_article("a.txt", "Libya under Muammar Gaddafi. Gaddafi ruled long.", "en")
    counts.add_article("b.txt", "The rule of Qaddafi ended in Libya, and Qaddafi died.", "en")
    clustered = []
    original = cluster._cluster

    def clustering(*args):
        clustered.append(name_keys.cache_info().currsize)
        return original(*args)

    cluster._cluster = clustering
    try:
        found = cluster._suggestions_in(counts, parse_rules([]), ("en",))
    finally:
        cluster._cluster = original
    assert len(found) and clustered == [0] and name_keys.cache_info().currsize == 0


def test_the_candidates_are_rows_not_an_object_per_form():
    """The end phase's candidates are columns (discovery.candidates): a Name is made when a step asks for one
    (2193c86 made a Name and a FormTally for each form that looks like a name: about 215 bytes)."""
    rules = parse_rules([])
    CandidateRows(_distinct_names_article(100), rules, ("en",))  # what a first call makes once (lexicons)
    counts = _distinct_names_article(20_000)
    gc.collect()
    before = len(gc.get_objects())
    candidates = CandidateRows(counts, rules, ("en",))
    gc.collect()
    assert len(candidates) > len(counts.forms) / 2
    assert len(gc.get_objects()) - before < len(candidates) / 100


def test_a_candidate_name_is_a_row_without_a_dict():
    assert not hasattr(Name("Kyiv", "en", FormTally()), "__dict__")


def test_full_names_are_read_only_for_the_forms_asked_about():
    """The words of every run of capitalised words are counted; only the few linked ones are asked about."""
    text = ". ".join(" ".join(_distinct_forms(3_000)[i:i + 3]) for i in range(0, 3_000, 3))
    counts = NameCounts.of_article("a.txt", text, "en")
    wanted = {("en", "Kalo")}
    assert peak_bytes(full_names, counts, wanted) < peak_bytes(full_names, counts) / 10


def test_a_link_is_a_row_without_a_dict():
    assert not hasattr(Link(0, 1, "f:kiv", 1.0), "__dict__")


def test_the_words_no_lexicon_knows_share_one_empty_set_of_lemmas():
    """Discovery asks the lexicon of every distinct form: a cache of 65,536 empty sets was 14 MB."""
    assert lemmas("Kalovermi", "en") is lemmas("Tanzenlo", "en") is lemmas("Калоpremi", "ru")


def _distinct_names_article(count: int) -> NameCounts:
    forms = _distinct_forms(count)
    return NameCounts.of_article("a.txt", "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, len(forms), 10)), "en")


def test_the_counts_hold_no_object_per_form():
    """The tallies are rows of arrays (discovery.columns): a form adds no object the collector tracks
    (main held a FormTally each, and a key tuple)."""
    _distinct_names_article(100)  # what a first call makes once (patterns, lexicons)
    gc.collect()
    before = len(gc.get_objects())
    counts = _distinct_names_article(20_000)
    gc.collect()
    assert len(gc.get_objects()) - before < len(counts.forms) / 100


def test_sentences_are_counted_only_for_the_pairs_alike_enough_to_be_merged():
    """Ten distinct names a sentence share many a blocking key; only the pairs at least cluster_floor similar
    are ever asked about (main counted about four pairs per form here, each a tuple and a Counter entry)."""
    counts = _distinct_names_article(20_000)
    assert len(counts.together) < len(counts.forms) / 4


def test_suggesting_leaves_the_caches_of_spellings_empty():
    """Once the forms are clustered, their cached spellings and keys (about 200 MB full) are of no more use:
    the reports are written after (main kept them full)."""
    suggest(_distinct_names_article(2_000), parse_rules([]))
    assert [f.cache_info().currsize for f in (ascii_spelling, fold, name_keys, phrase_key)] == [0, 0, 0, 0]


def test_the_reduction_hands_the_counts_on_rather_than_copying_them():
    """An article's counts go to its chunk's report and that report's to the run's: the first of each is handed on
    (2193c86 copied them into an empty table at each step, three copies of an article of distinct names alive)."""
    counts = _distinct_names_article(1_000)
    chunk, run = Report(entries=()), Report(entries=())
    chunk.add_record(ArticleRecord({"path": "a.txt", "status": "unchanged", "changes": []}, [], counts))
    run.merge(chunk)
    assert run.names.forms is counts.forms
    later, more = Report(entries=()), NameCounts.of_article("b.txt", "Then Kovalchuk spoke.", "en")
    expected = NameCounts().merge(NameCounts.from_json(counts.to_json())).merge(more)
    later.add_record(ArticleRecord({"path": "b.txt", "status": "unchanged", "changes": []}, [], more))
    run.merge(later)
    assert run.names == expected


def test_an_articles_record_is_encoded_a_few_thousand_rows_at_a_time_into_the_same_bytes():
    """The manifest record of an article of distinct names: its counts are written as JSON and compressed a piece
    at a time (2193c86 listed every row and wrote the JSON whole: 445 bytes per form at the peak here)."""
    counts = _distinct_names_article(50_000)
    record = ArticleRecord({"path": "a.txt", "status": "unchanged", "changes": []},
                           [["kyiv", "en", "Kyiv", "Kiev", "Kyiv", "r", 1, [], ["a.txt:1:1"]]], counts)
    _, rest = record.encode()
    assert rest == zlib.compress(orjson.dumps([record.forms, counts.to_json()]), 1)
    assert peak_bytes(record.encode) < 150 * len(counts.forms)


def test_full_names_keep_the_runs_of_each_word_not_its_sets():
    """Each word keeps the runs it is seen in (the forms the counts hold), its sets read from them when asked:
    three frozen sets a word in five tables were about 870 bytes a word (08c37cf), most of an article of distinct
    names; the runs are about 170."""
    forms = _distinct_forms(6_000)
    counts = NameCounts.of_article("a.txt", ". ".join(" ".join(forms[i:i + 3]) for i in range(0, len(forms), 3)), "en")
    tracemalloc.start()
    try:
        full = full_names(counts)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    words = len(full.inside)
    assert words > 5_000 and kept < 250 * words


def test_the_items_sharing_a_key_are_grouped_without_a_set_of_the_recurring_hashes():
    """Among many items whose keys mostly recur (an article or a corpus of distinct names, read for its blocks),
    the items read again learn which of their keys recur from a byte per key, not from a set of the recurring
    hashes (at 20 MB of distinct names, millions of numbers: 1.8 times what the groups keep at its peak, 1.4 now)."""
    keys_of = lambda item: (f"a{item // 2}", f"b{item}", f"c{item // 3}")  # noqa: E731 (the "b" keys never recur)
    tracemalloc.start()
    try:
        groups = sharing_a_key(range(200_000), keys_of)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(groups) == 100_000 + 66_667
    assert peak < 1.6 * kept


def test_the_links_are_columns_not_an_object_per_link():
    """An article of distinct names links many of its forms: the links are arrays (cluster.Links), a Link made
    only for the clusters suggested (36dae08 kept a Link, its float and its pair's tuple for each)."""
    rules = parse_rules([])
    find_links(CandidateRows(_distinct_names_article(100), rules, ("en",)))  # what a first call makes once
    forms = sorted({"".join(syllables).capitalize() for syllables in product(SYLLABLES, repeat=4)})  # alike: linked
    random.Random(4).shuffle(forms)
    text = "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, 20_000, 10))
    candidates = CandidateRows(NameCounts.of_article("a.txt", text, "en"), rules, ("en",))
    gc.collect()
    before = len(gc.get_objects())
    links = find_links(candidates)
    gc.collect()
    assert len(links) > 1_000
    assert len(gc.get_objects()) - before < len(links) / 100


def test_the_suggestions_are_kept_pickled_not_as_dicts():
    """An article of distinct names makes tens of thousands of suggestions, alive from their clustering until the
    reports are written: kept as pickles (discovery.packed), not a dozen dicts and lists each (7a28e33 kept about
    9 KB per suggestion here, and a peak of 50 MB of them at 10 MB was the run's peak)."""
    forms = sorted({"".join(syllables).capitalize() for syllables in product(SYLLABLES, repeat=4)})  # many alike
    random.Random(4).shuffle(forms)
    text = "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, 20_000, 10))
    rules = parse_rules([])
    suggest(_distinct_names_article(2_000), rules, read={"a.txt": text}.get)  # what a first call makes once
    counts = NameCounts.of_article("a.txt", text, "en")
    gc.collect()
    objects = len(gc.get_objects())
    tracemalloc.start()
    try:
        suggestions = suggest(counts, rules, read={"a.txt": text}.get)
        gc.collect()
        with_them, count, new_objects = tracemalloc.get_traced_memory()[0], len(suggestions), len(gc.get_objects()) - objects
        assert new_objects < count
        assert count > 100 and all(v["locations"] for s in suggestions for v in s["variants"])
        suggestions = None
        assert with_them - tracemalloc.get_traced_memory()[0] < 2_500 * count
    finally:
        tracemalloc.stop()


def _alike_forms_article(count: int) -> str:
    """``count`` names of four syllables, many alike (linked and clustered), ten to a line, shuffled."""
    forms = sorted({"".join(syllables).capitalize() for syllables in product(SYLLABLES, repeat=4)})
    random.Random(4).shuffle(forms)
    return "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, count, 10))


def test_an_articles_tallies_go_to_the_table_as_columns_of_four_bytes():
    """Counting an article of distinct names hands its tallies to the table as columns of four-byte counts
    (discovery.columns.count_column), which keeps them so: f64d1c1 handed a tuple of six per form (438 bytes
    per form at its peak here) and kept eight bytes a count."""
    forms = _distinct_forms(30_000)
    text = "\n".join(" ".join(forms[i:i + 10]) + "." for i in range(0, len(forms), 10))
    NameCounts.of_article("b.txt", "Then Kovalchuk met Kovalchyk.", "en")  # what a first call makes once
    counts = NameCounts()
    assert peak_bytes(counts._count_forms, "a.txt", text, "en", []) < 380 * len(forms)
    assert len(counts.forms) >= len(forms) and all(column.itemsize == 4 for column in counts.forms._numbers)


def test_the_clusters_are_made_one_at_a_time():
    """The Names and Links of each cluster are made as the suggestions read it, and let go: f64d1c1 made those of
    every cluster at once (a Name, a tally and its paths: about 200 bytes per form clustered)."""
    rules = parse_rules([])
    candidates = CandidateRows(NameCounts.of_article("a.txt", _alike_forms_article(5_000), "en"), rules, ("en",))
    links = find_links(candidates)
    clusters = cluster._cluster(links, candidates, rules, full_names(candidates.counts, cluster._Linked(candidates, links)))
    assert iter(clusters) is clusters
    names, cluster_links = next(clusters)
    assert len(names) > 1 and cluster_links and isinstance(names[0], Name)


def test_full_names_are_asked_about_the_linked_forms_with_a_byte_per_candidate(monkeypatch):
    """Which forms are linked is a byte per candidate (cluster._Linked), the same answers as a set of them: f64d1c1
    made a set of (language, form) tuples, about 100 bytes per form linked (most of an article of distinct names)."""
    rules = parse_rules([])
    text = _alike_forms_article(5_000) + "\nThen Kovalchuk Lavrov met Kovalchyk Lavrov and Kovalchuk Petrov."
    candidates = CandidateRows(NameCounts.of_article("a.txt", text, "en"), rules, ("en",))
    links = find_links(candidates)
    linked = cluster._Linked(candidates, links)
    as_set = {(candidates.language(row), candidates.form(row)) for row in chain(links.a, links.b)}
    asked = [(candidates.language(row), candidates.form(row)) for row in range(len(candidates))]
    asked += [("en", "Kovalchuk Lavrov"), ("en", "Aaa"), ("en", "Zzz"), ("de", "Kovalchuk"), ("zz", "Kovalchuk")]
    assert len(as_set) > 100 and [key in linked for key in asked] == [key in as_set for key in asked]
    assert isinstance(linked.rows, bytearray) and len(linked.rows) == len(candidates)
    given = []
    monkeypatch.setattr(cluster, "full_names", lambda counts, wanted: given.append(wanted) or full_names(counts, wanted))
    suggest(candidates.counts, rules)
    assert [type(wanted) for wanted in given] == [cluster._Linked]
