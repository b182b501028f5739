"""Discovery's per-article shortcuts give the answers of the ways they replace (issue 20): names counted by distinct
runs between protected spans, an article's rows added at once, a row's first paths left as they are, the keys an
article's few forms share grouped in one pass, the JSON of the counts read from the columns, an article's look-alikes
found by their keys' hashes alone, the vowels of a folded form deleted byte by byte."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings, strategies as st

from normalize.discovery import finding, keys
from normalize.discovery.columns import MAX_SAMPLES, FormTable, FormTally
from normalize.discovery.keys import fold
from normalize.discovery.names import NameCounts
from normalize.discovery.persons import full_names
from normalize.stages.protect import protected_spans

PIECES = ["Kyiv", "Lviv", "Sergei", "Lavrov", "Major", "General", "NATO", "Kyiv2", "McDonald", "Élysée", "Київ",
          "the", "met", "kyiv.ua", "http://Kyiv.ua/Lviv ", "@Kyiv ", " ", "  ", "-", "\u00a0", "\u2011", ".", ". ",
          "\n", ":", "“", "«", "« ", "»", ",", "’s", "1", "_"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def texts_and_spans(draw):
    """A text and sorted, non-overlapping spans of it (any length from one character, anywhere: inside words too)."""
    text = draw(TEXTS)
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = [(start, end) for start, end in zip(cuts[::2], cuts[1::2])]
    return text, spans


@settings(max_examples=300, deadline=None)
@given(texts_and_spans())
@example(("Sergei Lavrov", [(6, 7)]))  # a span of the one character that joins a name: the name is one
@example(("Kyivkyiv.ua Lviv", [(4, 11)]))  # a span that starts inside a word: the word is read whole
def test_names_counted_between_protected_spans_are_those_read_name_by_name(text_and_spans):
    text, spans = text_and_spans
    assert finding.name_tallies(text, spans) == finding.tallies(finding.iter_names(text, spans))


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_names_counted_between_the_spans_protect_finds_are_those_read_name_by_name(text):
    spans = protected_spans(text)
    assert finding.name_tallies(text, spans) == finding.tallies(finding.iter_names(text, spans))


ARTICLES = st.lists(st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]),
                              st.dictionaries(st.sampled_from(["Kyiv", "Lviv", "Odesa", "Kharkiv"]),
                                              st.tuples(*[st.integers(0, 3)] * 6), max_size=4)), max_size=8)


def first_paths_table(articles: list) -> dict:
    """The tallies of ``articles`` (path, form -> numbers) as FormTally documents them: sums, and the first
    MAX_SAMPLES paths in sorted order."""
    tallies: dict = {}
    for path, rows in articles:
        for form, numbers in rows.items():
            sums, paths = tallies.get(("en", form), ((0,) * 6, ()))
            tallies[("en", form)] = (tuple(map(sum, zip(sums, numbers))), tuple(sorted(paths + (path,))[:MAX_SAMPLES]))
    return {key: FormTally(*numbers[:4], paths, *numbers[4:]) for key, (numbers, paths) in tallies.items()}


def add_seen_in(table: FormTable, path: str, rows: dict) -> None:
    """Add an article's ``rows`` (form -> numbers) to ``table`` as FormTable.add_seen_in takes them: a column a count."""
    table.add_seen_in(path, "en", list(rows), [[numbers[i] for numbers in rows.values()] for i in range(6)])


@settings(max_examples=200, deadline=None)
@given(ARTICLES)
def test_rows_added_an_article_at_a_time_are_those_added_a_form_at_a_time(articles):
    at_once, one_by_one = FormTable(), FormTable()
    for path, rows in articles:
        add_seen_in(at_once, path, rows)
        for form, numbers in rows.items():
            one_by_one.add("en", form, numbers, (path,))
    assert dict(at_once.items()) == dict(one_by_one.items()) == first_paths_table(articles)


@settings(max_examples=200, deadline=None)
@given(ARTICLES)
def test_rows_merged_in_any_order_keep_the_first_paths_by_name(articles):
    merged = FormTable()
    for path, rows in articles:
        table = FormTable()
        add_seen_in(table, path, rows)
        merged.merge(table)
    assert dict(merged.items()) == first_paths_table(articles)


@settings(max_examples=200, deadline=None)
@given(ARTICLES, st.integers(min_value=1, max_value=4))
def test_tables_of_several_articles_merge_into_the_rows_of_counting_them_in_one(articles, chunk):
    in_one, merged = FormTable(), FormTable()
    for path, rows in articles:
        add_seen_in(in_one, path, rows)
    for first in range(0, len(articles), chunk):
        table = FormTable()
        for path, rows in articles[first:first + chunk]:
            add_seen_in(table, path, rows)
        merged.merge(table)
    assert list(merged.items()) == list(in_one.items())
    assert dict(merged.items()) == first_paths_table(articles)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Gaddafi", "Qaddafi", "Kadhafi", "Tripoli", "Zelensky", "Zelenska", "Kyiv", "Kiev",
                                 "Kavadarkov", "Kavardarkov", "a b", "Jean-Marie"]), unique=True))
def test_an_articles_few_forms_are_grouped_by_key_as_by_counting_hashes(forms):
    saved, keys._COUNTED_BY_HASH_FROM = keys._COUNTED_BY_HASH_FROM, 0
    try:
        by_hashes = keys.sharing_a_key(forms, keys.name_keys)
    finally:
        keys._COUNTED_BY_HASH_FROM = saved
    in_one_pass = keys.sharing_a_key(forms, keys.name_keys)
    assert list(in_one_pass.items()) == list(by_hashes.items())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Gaddafi", "Qaddafi", "Kadhafi", "Tripoli", "Zelensky", "Zelenska", "Kyiv", "Kiev",
                                 "Kavadarkov", "Kavardarkov", "a b", "Jean-Marie"]), unique=True),
       st.integers(0, 1 << 20), st.integers(1, 3))
def test_keys_whose_short_hashes_collide_are_grouped_apart(forms, bits, searched_at_once):
    """Hashes of 32 bits shared by keys that differ (forced here: a few bits only) group no item with another key's,
    and any number of values searched at once finds the same."""
    saved = keys._COUNTED_BY_HASH_FROM, keys._short_hash, keys._SEARCHED_AT_ONCE
    keys._COUNTED_BY_HASH_FROM, keys._SEARCHED_AT_ONCE = 0, searched_at_once
    keys._short_hash = lambda key: hash(key) & bits
    try:
        by_hashes = keys.sharing_a_key(forms, keys.name_keys)
    finally:
        keys._COUNTED_BY_HASH_FROM, keys._short_hash, keys._SEARCHED_AT_ONCE = saved
    assert list(keys._grouped_by_key(forms, keys.name_keys).items()) == list(by_hashes.items())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30)), st.lists(st.integers(0, 30)), st.integers(1, 4))
def test_values_searched_a_few_at_a_time_are_found_as_numpy_finds_them(sorted_values, values, searched_at_once):
    saved, keys._SEARCHED_AT_ONCE = keys._SEARCHED_AT_ONCE, searched_at_once
    try:
        found = keys._members(np.array(sorted(sorted_values), dtype=np.int64), np.array(values, dtype=np.int64))
    finally:
        keys._SEARCHED_AT_ONCE = saved
    assert found.tolist() == np.isin(values, sorted_values).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt"]),
                          st.dictionaries(st.sampled_from(["Kyiv", "Lviv"]), st.tuples(*[st.integers(0, 1 << 33)] * 6),
                                          max_size=2)), max_size=5))
def test_counts_beyond_four_bytes_are_kept_whole(articles):
    """A count column is four bytes a row until a count (added or summed) needs eight: then the whole column widens."""
    merged, in_one = FormTable(), FormTable()
    for path, rows in articles:
        table = FormTable()
        add_seen_in(table, path, rows)
        merged.merge(table)
        add_seen_in(in_one, path, rows)
    assert dict(merged.items()) == dict(in_one.items()) == first_paths_table(articles)


NAMES = ["Gaddafi", "Qaddafi", "Kadhafi", "Tripoli", "Zelensky", "Zelenska", "Kyiv", "Kiev", "Kavadarkov",
         "Kavardarkov", "Jean-Marie", "Jean-Mari", "Kalomiver", "Kalomitan"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(NAMES), unique=True), st.integers(0, 1 << 20))
def test_the_items_that_may_share_a_key_are_those_that_do_and_some_whose_hash_collides(forms, bits):
    """By hashes (forced here, and hashes of a few bits: many collide), every item that shares a key, in order."""
    sharing = list(dict.fromkeys(item for group in keys._grouped_by_key(forms, keys.name_keys).values() for item in group))
    saved = keys._COUNTED_BY_HASH_FROM, keys._short_hash
    keys._COUNTED_BY_HASH_FROM = 0
    try:
        exact = list(keys.may_share_a_key(forms, keys.name_keys))
        keys._short_hash = lambda key: hash(key) & bits
        colliding = list(keys.may_share_a_key(forms, keys.name_keys))
    finally:
        keys._COUNTED_BY_HASH_FROM, keys._short_hash = saved
    assert list(keys.may_share_a_key(forms, keys.name_keys)) == sharing
    assert exact == sorted(sharing, key=forms.index)
    assert set(sharing) <= set(colliding) and colliding == sorted(colliding, key=forms.index)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6), max_size=8), st.integers(0, 1 << 20))
def test_sentences_of_look_alikes_are_counted_alike_when_hashes_collide(sentences, bits):
    """The forms an article's sentences are read for, found by hashes whose collisions let more through (a few
    bits here), count the same pairs of forms together as those that share a key (found in one pass)."""
    text = "\n".join(" and ".join(names) + "." for names in sentences)
    in_one_pass = NameCounts.of_article("a.txt", text, "en")
    saved = keys._COUNTED_BY_HASH_FROM, keys._short_hash
    keys._COUNTED_BY_HASH_FROM, keys._short_hash = 0, lambda key: hash(key) & bits
    try:
        by_hashes = NameCounts.of_article("a.txt", text, "en")
    finally:
        keys._COUNTED_BY_HASH_FROM, keys._short_hash = saved
    assert by_hashes == in_one_pass


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt"]), TEXTS), max_size=5))
def test_the_json_of_the_counts_read_from_the_columns_is_that_of_their_tallies(articles):
    counts = NameCounts()
    for path, text in articles:
        counts.add_article(path, text, "en")
    forms = counts.forms
    by_tallies = [[*key, t.count, t.sentence_starts, t.leading, t.files, t.paths, t.quoted, t.in_quotes]
                  for key, t in ((key, forms[key]) for key in forms.in_order())]
    assert counts.to_json()[0] == by_tallies


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
@example("zelenski", "aeiou")
@example("ë", "é")
def test_letters_deleted_byte_by_byte_are_those_translate_deletes(text, letters):
    assert keys._deleted(text, letters) == text.translate(dict.fromkeys(map(ord, letters)))


def _full_names_held(counts: NameCounts, wanted) -> dict[str, dict]:
    """The tables of :func:`~normalize.discovery.persons.full_names` made the straightforward way: every set made
    and kept, for every word of every run (or the ``wanted`` ones)."""
    tables: dict[str, dict] = {"surnames": {}, "inside": {}, "partners": {}, "bound": {}, "words": {}}
    for language, form in counts.forms.in_order():
        words = form.replace("-", " ").split()
        if len(words) < 2:
            continue
        count = counts.forms[(language, form)].count
        for index, word in enumerate(words):
            key = (language, word)
            if wanted is not None and key not in wanted:
                continue
            others = words[:index] + words[index + 1:]
            named = {fold(other) for other in others if counts.is_name(language, other)}
            if index < len(words) - 1:
                tables["surnames"].setdefault(key, set()).add(fold(words[-1]))
            tables["inside"][key] = tables["inside"].get(key, 0) + count
            tables["partners"].setdefault(key, set()).update(named)
            tables["bound"][key] = tables["bound"][key] & named if key in tables["bound"] else named
            tables["words"].setdefault(key, set()).update(others)
    return tables


RUN_WORDS = ["Sergei", "Sergey", "Lavrov", "Kim", "Jong", "Un", "Jean-Marie", "Le", "Pen", "Make", "America", "Great",
             "President", "president", "lavrov", "Київ", "Kyiv"]
RUNS_TEXTS = st.lists(st.lists(st.sampled_from(RUN_WORDS), min_size=1, max_size=4).map(" ".join), max_size=12).map(
    lambda sentences: "Then " + ". Then ".join(sentences) + ".")


@settings(max_examples=200, deadline=None)
@given(st.lists(RUNS_TEXTS, min_size=1, max_size=3), st.none() | st.sets(st.sampled_from(RUN_WORDS)))
@example(["Then Sergei Sergei Lavrov. Then Kim Jong Un met Kim."], None)  # a word twice in one run
def test_full_names_read_from_their_runs_are_those_made_and_kept_whole(texts, wanted_words):
    counts = NameCounts()
    for number, text in enumerate(texts):
        counts.add_article(f"{number}.txt", text, "en")
    wanted = None if wanted_words is None else {("en", word) for word in wanted_words}
    full = full_names(counts, wanted)
    held = _full_names_held(counts, wanted)
    for table, expected in held.items():
        assert dict(getattr(full, table)) == expected, table
    for key in [("en", word) for word in RUN_WORDS] + [("de", "Sergei")]:
        assert full.surnames.get(key) == held["surnames"].get(key)
        assert full.inside.get(key, 0) == held["inside"].get(key, 0)
