"""Costs that must stay linear in the input, checked without timing anything (issue 20).

Speed is measured as ratios by scripts/bench_scaling.py; here: positions found from
an index built once, and memory bounded per change, per form and per encoded entry.
"""

from __future__ import annotations

import gc
import json
import tracemalloc

from hypothesis import given, settings, strategies as st

from normalize import Pipeline
from normalize.article import Article
from normalize.batch.files import read_input
from normalize.changes import Change, LineIndex, shift_past
from normalize.cli.findings import Finding, sarif_log
from normalize.config import Config
from normalize.discovery import names
from normalize.discovery.names import NameCounts
from normalize.formats import clean_document, markup, segments
from normalize.report.record import MAX_CONTEXTS, MAX_LOCATIONS, ArticleRecord, ChangeDicts, entry_json
from normalize.stages.decode import decode_bytes
from normalize.text import decompressed_text

SENTENCE = "Officials met in Kiev on Sunday. "


@settings(max_examples=60)
@given(st.text(alphabet="ab\n", max_size=40), st.data())
def test_line_start_is_the_start_of_the_offsets_line(text, data):
    offset = data.draw(st.integers(0, len(text)))
    assert LineIndex(text).line_start(offset) == text.rfind("\n", 0, offset) + 1


def test_a_change_holds_no_per_instance_dict():
    """An article can make a change every few bytes: each Change costs its fields, not a dict besides."""
    change = Change("spelling", "r", 0, 4, "Kiev", "Kyiv")
    assert not hasattr(change, "__dict__")


def test_an_entry_of_many_changes_is_encoded_in_memory_near_its_size():
    """json.dumps(indent=...) lists every piece (dozens per change) before joining them: several
    times the text's size.  The entry is written piece by piece instead."""
    entry = {"path": "a.txt", "changes": [Change("spelling", "r", i, i + 4, "Kiev", "Kyiv").as_dict()
                                          for i in range(0, 200_000, 10)]}
    tracemalloc.start()
    try:
        encoded = entry_json(entry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert encoded == json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")
    assert peak < 3 * len(encoded)


def test_a_repeated_form_keeps_a_bounded_sample_of_its_sightings():
    text = SENTENCE * 2_000
    decoded = decode_bytes(text.encode("utf-8"))
    article = Article.of("a.txt", "text", decoded, clean_document(Pipeline(Config()), decoded.text, "text"))
    record = ArticleRecord.of(article)
    (form,) = record.forms
    *_, count, contexts, locations = form
    assert count == 2_000
    assert len(contexts) == MAX_CONTEXTS and len(locations) == MAX_LOCATIONS


def test_an_entry_holds_its_changes_not_a_dict_per_change():
    """A dict of eleven fields costs several times the Change it shows: the entry shows the Changes as it is read."""
    text = SENTENCE * 50
    decoded = decode_bytes(text.encode("utf-8"))
    article = Article.of("a.txt", "text", decoded, clean_document(Pipeline(Config()), decoded.text, "text"))
    changes = ArticleRecord.of(article).entry["changes"]
    assert isinstance(changes, ChangeDicts) and len(changes) == 50
    assert changes == [change.as_dict() for change in article.changes]


def test_an_entry_is_stored_compressed_and_never_whole_in_memory():
    """The entry's text (hundreds of bytes per change) is compressed as it is made, and read back in pieces."""
    changes = [Change("spelling", "r", i, i + 4, "Kiev", "Kyiv", 1, i + 1) for i in range(0, 400_000, 20)]
    record = ArticleRecord({"path": "a.txt", "status": "changed", "changes": ChangeDicts(changes)})
    text = entry_json(record.entry)
    tracemalloc.start()
    try:
        entry, _ = record.encode()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(text) / 4
    assert all(len(piece) <= 1 << 16 for piece in decompressed_text(entry))
    assert "".join(decompressed_text(entry)) == text == json.dumps(
        {**record.entry, "changes": list(record.entry["changes"])}, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def test_reading_an_article_allocates_its_size_not_the_size_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SENTENCE.encode() * 100)
    tracemalloc.start()
    try:
        data = read_input(path, 1 << 30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == SENTENCE.encode() * 100 and peak < 1 << 20


@settings(max_examples=80)
@given(st.text(alphabet="Kiev kiev,.'’\n\u0301ß", max_size=60), st.integers(1, 6), st.integers(0, 4))
def test_a_text_is_split_as_one_split_would_whatever_the_parts(text, at_once, shared_at_most):
    from normalize.stages import spelling
    from normalize.text import WORD_AND_GAPS

    saved = spelling._SPLIT_AT_ONCE, spelling._SHARED_AT_MOST
    spelling._SPLIT_AT_ONCE, spelling._SHARED_AT_MOST = at_once, shared_at_most
    try:
        pieces, folded = spelling._split_shared(text, 0, len(text))
    finally:
        spelling._SPLIT_AT_ONCE, spelling._SHARED_AT_MOST = saved
    expected = WORD_AND_GAPS.split(text)
    assert pieces == expected and folded == [word.casefold() for word in expected[1::2]]


def test_a_word_written_many_times_is_one_string():
    """The words of a run of paragraphs (one line of 10 MB, say) cost a pointer each, not a string each."""
    from normalize.stages.spelling import _split_shared

    pieces, folded = _split_shared(SENTENCE * 20_000, 0, len(SENTENCE) * 20_000)
    assert len(set(map(id, pieces))) == len(set(pieces)) and len(set(map(id, folded))) == len(set(folded))


def test_a_change_that_does_not_move_is_not_copied():
    """Each stage's changes are shifted past the earlier stages' ones: where nothing moves them (the
    first stage after repair, every change before the first earlier one) they stay the same objects."""
    changes = [Change("romanize", "r", 20, 24, "Київ", "Kyiv")]
    assert shift_past(changes, [])[0] is changes[0]
    assert shift_past(changes, [Change("spelling", "r", 30, 34, "Kiev", "Kyiv!!")])[0] is changes[0]


def test_a_form_found_many_times_is_one_string():
    """A mention (and its change) names the form as written and its replacement: one string each, not one per time."""
    from normalize.stages.spelling import find_mentions

    mentions = find_mentions(SENTENCE * 1_000, Pipeline(Config()).rules.lexicon("en"))
    assert len(mentions) == 1_000
    assert len({id(m.form) for m in mentions}) == 1 and len({id(m.replacement) for m in mentions}) == 1


def _distinct_names(count: int) -> str:
    """``count`` made-up capitalised names, each written once, ten to a line (an article of distinct names)."""
    syllables = ("ka", "lo", "mi", "ver", "tan", "sol", "dru", "bel")
    names = ["".join(syllables[int(digit)] for digit in oct(number)[2:]).capitalize() for number in range(64, 64 + count)]
    return "\n".join(" ".join(names[start:start + 10]) + "." for start in range(0, count, 10))


def _collections_during(step) -> list[int]:
    """The generations of the garbage collections that ``step()`` set off (the first allocation after a pause sets off
    one: the objects made in it were counted)."""
    generations: list[int] = []

    def noted(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.collect()  # the counts of allocations start from nothing
    gc.callbacks.append(noted)
    try:
        step()
    finally:
        gc.callbacks.remove(noted)
    return generations


def test_an_articles_names_are_counted_without_a_garbage_collection():
    """Each collection scans every object made since the chunk began (all the counts of a big article so far):
    counting the names of an article of a million distinct names set off collections that cost more per name
    the longer the article."""
    text = _distinct_names(20_000)
    assert gc.isenabled()
    assert len(_collections_during(lambda: NameCounts.of_article("a.txt", text, "en"))) <= 1  # once, as it ends


def test_an_articles_record_is_encoded_without_a_garbage_collection():
    """The counts' JSON is a list a row, made and dropped a few thousand at a time: no collection need scan them."""
    counts = NameCounts.of_article("a.txt", _distinct_names(20_000), "en")
    record = ArticleRecord({"path": "a.txt", "status": "unchanged", "changes": []}, [], counts)
    assert gc.isenabled()
    assert len(_collections_during(record.encode)) <= 1  # once, as it ends


def test_each_change_of_a_segment_is_spliced_among_the_pieces_near_it_not_all(monkeypatch):
    """A segment of many changes (an HTML element of one megabyte) is collapsed in time linear in its changes
    and its length: each splice is given the few pieces its change touches, never every piece of the segment,
    and the segment's text is cut into pieces in one pass."""
    read, splice = [], segments._splice
    monkeypatch.setattr(segments, "_splice", lambda pieces, *args: read.append(len(pieces)) or splice(pieces, *args))
    text = SENTENCE * 2000
    repair = [Change("repair", "f", k, k + 1, "O", "O") for k in range(0, len(text), len(SENTENCE))]
    spelling = [Change("spelling", "r", k + 17, k + 21, "Kiev", "Kyiv") for k in range(0, len(text), len(SENTENCE))]
    copied, piece = [], segments._Piece
    monkeypatch.setattr(segments, "_Piece", lambda start, end, text, edited: copied.append(len(text)) or piece(start, end, text, edited))
    edits, _ = segments.collapse(text, repair + spelling)
    assert len(edits) == 4000 and len(read) == 4000
    assert max(read) <= 3 and sum(read) <= 3 * len(read)
    assert sum(copied) <= 4 * len(text)  # cut once a stage: the text before a change is not copied again at each change


class _CountedRule(str):
    """A rule's name that counts how often it is compared with another string."""

    compared = 0

    def __eq__(self, other):
        _CountedRule.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_a_sarif_log_finds_each_results_rule_without_comparing_it_with_every_rule():
    """``check --output-format sarif`` with many rules (10,000 extra rules, each found once) names each result's rule
    by its index: looked up, not searched for (80,000 findings of as many rules took 72 s)."""
    findings = [Finding("a.txt", k, 1, "warning", _CountedRule(f"extra.toml:{k}"), "Kiev -> Kyiv") for k in range(2000)]
    _CountedRule.compared = 0
    results = sarif_log(findings, "1")["runs"][0]["results"]
    assert [result["ruleIndex"] for result in results[:3]] == [0, 1, 1112]  # sorted as strings: extra.toml:1 < extra.toml:10
    assert _CountedRule.compared <= 2 * len(findings)


def test_the_names_of_one_endless_sentence_are_compared_in_pairs_linear_in_their_number(monkeypatch):
    """A list of thousands of distinct names without a full stop (one "sentence") is counted with comparisons
    in proportion to its names, not to their square (0.5 MB took 40 s and 1 GB)."""
    compared, similarity = [], names.similarity
    monkeypatch.setattr(names, "similarity", lambda a, b: compared.append(1) or similarity(a, b))
    syllables = ["ka", "lo", "mi", "ver", "tan", "sol", "dru", "bel", "nik", "or", "zen", "ha"]
    forms = {"".join(syllables[k // 12 ** p % 12] for p in range(4)).capitalize() for k in range(12 ** 4)}
    names._alike_pairs(forms)
    assert len(compared) <= 50 * len(forms)


def test_the_text_of_elements_nested_deep_is_read_without_walking_up_to_the_root(monkeypatch):
    """HTML nested thousands deep, with text at every level (0.2 MB walked 34 million ancestors), is checked
    with one look at each node's parent."""
    walked, ancestors = [], markup._ancestors
    monkeypatch.setattr(markup, "_ancestors", lambda node: walked.append(1) or ancestors(node))
    tree = markup._tree("<div>Kiev " * 3000 + "<pre>kiev</pre>" + "</div>" * 3000, Config())
    assert tree[-1] == "kiev" and tree.count("#text") == 3000
    assert len(walked) <= 1
