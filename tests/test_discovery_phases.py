"""Discovery in two phases (issue 20): an article contributes tallies only, and the contexts of the
forms suggested are read last, from the few files that hold their first sightings.

The costs are bounded by counting things (forms kept, files read, names scanned), never by timing.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

from normalize import Config, clean_folder
from normalize.discovery import finding, names, samples
from normalize.discovery.cluster import suggest
from normalize.discovery.columns import MAX_SAMPLES
from normalize.discovery.names import NameCounts
from normalize.discovery.samples import gather_samples
from normalize.rules.load import load_rules
from normalize.stages.protect import protected_spans

ARTICLES = Path(__file__).parent / "data" / "discovery" / "articles"


def test_an_article_contributes_one_tally_a_form_however_often_it_is_named():
    counts = NameCounts.of_article("a.txt", "Officials met in Kiev on Sunday. " * 5_000, "en")
    forms, written_lower, together = counts.to_json()
    assert [row[1] for row in forms] == ["Kiev", "Officials", "Sunday"]
    assert all(row[2] == 5_000 and row[-3:] == [("a.txt",), 0, 0] for row in forms)  # a count, the path, no quote: no contexts
    assert len(json.dumps(counts.to_json())) < 200


def test_a_tally_keeps_the_first_paths_only_in_any_order_of_merging():
    parts = [NameCounts.of_article(f"{n:02}.txt", "Then Kovalchuk spoke.", "en") for n in range(10)]
    forward, backward = NameCounts(), NameCounts()
    for part in parts:
        forward.merge(part)
    for part in reversed(parts):
        backward.merge(part)
    assert forward == backward
    assert forward.forms[("en", "Kovalchuk")].paths == tuple(f"{n:02}.txt" for n in range(MAX_SAMPLES))
    assert forward.forms[("en", "Kovalchuk")].files == 10


def test_the_second_phase_reads_only_the_first_files_of_the_forms_suggested():
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))}
    texts |= {f"zz-{n:03}.txt": "The weather in Lisbon was mild, said Maria Santos." for n in range(50)}
    counts = NameCounts()
    for path, text in texts.items():
        counts.add_article(path, text, "en")
    read: list[str] = []
    suggestions = suggest(counts, load_rules(), read=lambda path: read.append(path) or texts[path])
    forms = {(s["language"], v["form"]) for s in suggestions for v in s["variants"]}
    assert suggestions and len(read) == len(set(read))  # each file read once
    assert set(read) == {path for key in forms for path in counts.forms[key].paths}
    assert not [path for path in read if path.startswith("zz-")]
    assert all(0 < len(v["locations"]) <= MAX_SAMPLES for s in suggestions for v in s["variants"])


def test_a_file_is_scanned_only_until_its_forms_have_their_samples(monkeypatch):
    scanned = []

    def counted(text, protected=None):
        for mention in original(text, protected):
            scanned.append(mention)
            yield mention

    original = samples.iter_names
    monkeypatch.setattr(samples, "iter_names", counted)
    text = "Kovalchuk spoke. " * 10_000
    found = gather_samples({("en", "Kovalchuk"): ("a.txt",)}, {"a.txt": text}.get)
    assert [s.offset for s in found[("en", "Kovalchuk")]] == [0, 17, 34]
    assert len(scanned) == MAX_SAMPLES


def test_a_file_that_cannot_be_read_again_gives_no_samples_and_no_error():
    counts = NameCounts.of_article("a.txt", "Kovalchuk met Kovalchyk.", "en")
    assert gather_samples({("en", "Kovalchuk"): counts.forms[("en", "Kovalchuk")].paths}, lambda path: None) == {
        ("en", "Kovalchuk"): []}


def test_articles_reused_from_the_manifest_keep_their_suggestions_and_contexts(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for path in sorted(ARTICLES.glob("*.txt")):
        (source / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    first = clean_folder(source, out, Config(progress=False), [tmp_path / "first.json"])
    again = clean_folder(source, out, Config(progress=False), [tmp_path / "again.json"])
    assert again.reused == first.summary["files"] > 0
    assert first.suggestions and again.suggestions == first.suggestions
    assert all(v["contexts"] and v["locations"] for s in first.suggestions for v in s["variants"])


PIECES = ["Kyiv", "Lviv", "Sergei", "Lavrov", "NATO", "Kyiv2", "McDonald", "O'Brien", "Élysée", "Київ", "the", "met",
          " ", "  ", "-", "\u00a0", "\u2011", ".", ". ", "\n", ":", "“", "»", ",", "’s", "1", "_"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_counting_by_distinct_runs_counts_as_reading_every_name(pieces):
    text = "".join(pieces)
    assert finding.run_tallies(text) == finding.tallies(finding.iter_names(text, []))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["Kyjiv", "Kyiw", "Lwiw", "http://Kyiv.ua/Lviv ", "@Kyiv "]), max_size=40))
def test_two_look_alikes_in_one_sentence_are_counted_as_reading_every_name(pieces):
    text = "".join(pieces)
    protected = protected_spans(text)
    forms = {m.form for m in finding.iter_names(text, protected) if m.form.isalpha()}
    assert list(names._sentences(names._mentions_of(forms, text, protected), text, forms)) == list(
        names._sentences(finding.iter_names(text, protected), text, forms))


def test_a_form_written_in_articles_of_two_languages_has_the_samples_of_its_own():
    texts = {"de.txt": "Dann sprach Kovalchuk.", "en.txt": "Then Kovalchuk spoke."}
    found = gather_samples({("de", "Kovalchuk"): ("de.txt",), ("en", "Kovalchuk"): ("en.txt",)}, texts.get)
    assert [s.path for s in found[("de", "Kovalchuk")]] == ["de.txt"]
    assert [s.path for s in found[("en", "Kovalchuk")]] == ["en.txt"]


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from([f"{name}.txt" for name in "abcdefgh"]),
                       st.lists(st.sampled_from(["Kovalchuk", "Kovalchyk", "Lviv", "spoke", ".", " ", "\n"]), max_size=30)
                       .map(" ".join), min_size=1),
       st.integers(min_value=2, max_value=5))
def test_samples_gathered_by_several_processes_are_those_one_gathers(texts, jobs):
    files = sorted(texts)
    paths = {("en", form): tuple(files[skip:skip + MAX_SAMPLES + 1])
             for skip, form in enumerate(("Kovalchuk", "Kovalchyk", "Lviv"))}
    one_file_a_form = {key: sorted(sample for path in form_paths
                                   for sample in samples._first_samples(path, texts[path], {key[1]})[key[1]])[:MAX_SAMPLES]
                       for key, form_paths in paths.items()}
    assert gather_samples(paths, texts.get, jobs) == gather_samples(paths, texts.get) == one_file_a_form
