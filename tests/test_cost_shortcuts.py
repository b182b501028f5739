"""Shortcuts past work find what the work finds: a few words searched for one at a time in C (discovery's tallies),
a text whose lines no repair step may change (the repair stage), a change spliced among the pieces near it (formats),
the alike pairs of a sentence found key by key (discovery), an HTML element's untouched state kept (formats)."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations, zip_longest

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from normalize.changes import Change, apply_changes
from normalize.cli.findings import Finding, sarif_log
from normalize.discovery import names
from normalize.discovery.data import discovery_data
from normalize.discovery.keys import name_keys, similarity
from normalize.discovery.finding import NameMention
from normalize.config import Config
from normalize.formats import markup, segments
from normalize.stages import encoding
from normalize.stages.characters import read_c1_controls, reads_a_c1_control
from normalize.text import WORD, whole_word_starts

WORDS = ["kiev", "Kiev", "Kyiv", "kyiv", "київ", "Київ", "a", "_", "x1", "jean-marie", "o'brien"]
TEXTS = st.lists(st.sampled_from([*WORDS, " ", ", ", "-", "_", "'", "1", "n", "é", "\u0301", "²", "\n", ". "]),
                 max_size=30).map("".join)


def searched_one_at_a_time(function, *args):
    """``function(*args)`` with every word rare enough to be searched for one at a time (:func:`names._rare`)."""
    saved, names._CHARACTERS_PER_FIND = names._CHARACTERS_PER_FIND, 0
    try:
        return function(*args)
    finally:
        names._CHARACTERS_PER_FIND = saved


@settings(max_examples=150)
@given(TEXTS, st.sets(st.sampled_from(WORDS), max_size=8))
def test_words_counted_one_at_a_time_are_those_that_reading_every_word_counts(text, words):
    every_word = Counter(word for word in WORD.findall(text) if word in words)
    assert searched_one_at_a_time(names._whole_word_counts, words, text) == every_word
    assert names._whole_word_counts(words, text) == every_word
    assert names._whole_word_counts(words | {f"w{k}" for k in range(names._MAX_COUNTED)}, text) == every_word


@settings(max_examples=150)
@given(TEXTS, st.sets(st.sampled_from([word for word in WORDS if word.isalpha()]), min_size=1, max_size=6))
def test_forms_searched_one_at_a_time_are_found_where_a_pattern_of_them_finds_them(text, forms):
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(forms)))})(?!\w)")
    expected = [NameMention(m.group(), m.start(), m.end(), False) for m in pattern.finditer(text)]
    assert list(searched_one_at_a_time(names._mentions_of, forms, text, [])) == expected
    assert list(searched_one_at_a_time(names._mentions_of, forms, text, [(0, 3)])) == [m for m in expected if m.start >= 3]
    assert list(names._mentions_of(forms, text, [])) == expected


def test_words_written_often_are_counted_by_reading_every_word_not_by_a_search_a_place(monkeypatch):
    """A text of one long word that holds a name many times (a hostile input) is read once, not searched
    at each of its places."""
    monkeypatch.setattr(names, "whole_word_starts", lambda *args: pytest.fail("searched one place at a time"))
    assert names._whole_word_counts({"kiev"}, "Kiev kiev " + "kiev" * 100_000) == Counter({"kiev": 1})
    assert [m.start for m in names._mentions_of({"Kiev", "Kyiv"}, "Kyiv Kiev " + "Kiev" * 100_000, [])] == [0, 5]


def test_a_whole_word_is_one_without_a_word_character_on_either_side():
    # "_" and "²" are word characters (as \w reads them), a combining accent and "-" are not
    assert list(whole_word_starts("Kiev_kiev kiev² kiev\u0301 kiev-kiev", "kiev")) == [16, 22, 27]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["Kyiv", "Київ", " ", "\n", "\r\n", "é", "e\u0301", "«", "»", "Ã©", "ﬁ", "Ｋ", "\x85",
                                 "\x1b[0m", "\u00a0", "’", "–", "2", "日本"]), max_size=12).map("".join))
def test_a_text_left_alone_whole_is_what_repairing_each_line_gives(text):
    if encoding._no_line_to_repair(text):
        steps = (("narrow_latin_runs", encoding.narrow_latin_runs, encoding.FULL_WIDTH.search),
                 ("read_c1_controls", read_c1_controls, reads_a_c1_control))
        assert all(encoding._repair_line(line, steps) == (line, []) for line in encoding._LINES.findall(text))
        assert encoding.fix_encoding(text) == (text, [])


@settings(max_examples=150)
@given(st.lists(st.sampled_from(["a", "Š", " ", "”", "1", "\x81", "\x83", "\x8a", "\x8d", "\x96", "\x9d", "\x9f"]), max_size=12).map("".join))
def test_a_c1_control_is_read_where_reading_the_line_changes_it(text):
    assert reads_a_c1_control(text) == (read_c1_controls(text) != text)


LINES = st.lists(st.sampled_from(["a", "b", "é", " ", "  ", "\u00a0", "\n", "😀", "x1"]), max_size=14).map("".join)


@settings(max_examples=300)
@given(LINES, LINES, st.sampled_from([1, 2, 3, 1 << 16]))
def test_the_words_two_lines_end_with_are_found_from_the_end_as_reversing_both_finds_them(before, after, piece):
    head, head_after = encoding._common_words_end(before, after)
    tail = encoding._common_words_end(before[head:][::-1], after[head_after:][::-1])[0]  # the lines reversed, as before
    saved, encoding._PIECE = encoding._PIECE, piece
    try:
        assert encoding._changed_middle(before, after) == [head, len(before) - tail, head_after, len(after) - tail]
    finally:
        encoding._PIECE = saved


def repaired_pass_by_pass(line: str, steps) -> tuple[str, list]:
    """The straightforward :func:`encoding._repair_line`: ftfy and ``steps`` again until a whole pass changes nothing."""
    plan: list = []
    for _ in range(encoding._MAX_PASSES):
        fixed = line
        if not encoding.ftfy_leaves_alone(line):
            explained = encoding.ftfy.fix_and_explain(line, encoding.FTFY_CONFIG)
            if encoding._C1_AS_WINDOWS_1252 in zip(explained.explanation or [], (explained.explanation or [])[1:]):
                explained = encoding.ftfy.fix_and_explain(line, encoding._NO_C1_GUESS)
            fixed, plan = explained.text, [*plan, *(explained.explanation or [])]
        for name, step, may_change in steps:
            if may_change(fixed) and (stepped := step(fixed)) != fixed:
                fixed, plan = stepped, [*plan, ("apply", name)]
        if fixed == line:
            break
        line = fixed
    return line, plan


MOJIBAKE_PIECES = ["Kyiv", "Київ", " ", "é", "e\u0301", "Ã", "©", "Â", "â€™", "â€", "\x9d", "Ã©", "РџСЂ", "Рµ", "ï¬",
                   "\x81", "\x83", "\x85", "\x96", "ﬁ", "Ｋ", "Ａ", "\x1b[0m", "\u00a0", "’", "–", "ƒ", "Š", "\ud83d", "Ñ€", "Ñ‚", "\x8d", "\x9d", "\x90", "Â\x81", "\ufffd", "\x1a"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(MOJIBAKE_PIECES), max_size=14).map("".join))
@example("\ud83d\ud83d")  # ftfy explains U+FFFD and gives it back
@example("Ａ Ñ€")  # narrowed, the line is mojibake that ftfy decodes whole
def test_a_line_repaired_without_the_pass_that_ftfy_settles_is_what_repeating_every_pass_gives(line):
    steps = (("narrow_latin_runs", encoding.narrow_latin_runs, encoding.FULL_WIDTH.search),
             ("read_c1_controls", read_c1_controls, reads_a_c1_control))
    assert encoding._repair_line(line, steps) == repaired_pass_by_pass(line, steps)


def runs_word_by_word(before: str, after: str) -> list[int] | None:
    """The straightforward :func:`encoding._changed_runs`: every word of both lines compared, in step."""
    runs, spaced = [], True
    for word, new in zip_longest(encoding._WORDS.finditer(before), encoding._WORDS.finditer(after)):
        if word is None or new is None:
            return None
        if word.group() == new.group():
            spaced = spaced or word.group().isspace()
        elif runs and not spaced:
            runs[-3], runs[-1] = word.end(), new.end()
        else:
            runs += [word.start(), word.end(), new.start(), new.end()]
            spaced = False
    return runs


REPAIRED_PIECES = ["Kyiv", "a", "Ã©", "é", " ", "  ", "\n", "\u00a0", "\x1c", "\u2028", "\u3000", "\x85", "-", "’", "â€™"]
REPAIRED_LINES = st.lists(st.sampled_from(REPAIRED_PIECES), max_size=40).map("".join)


@st.composite
def repaired_lines(draw) -> tuple[str, str]:
    """A line, and the line with some of its pieces rewritten (as a repair does: the rest alike, far or near)."""
    line = draw(REPAIRED_LINES)
    edits = draw(st.lists(st.tuples(st.integers(0, len(line)), st.integers(0, 3), st.sampled_from(REPAIRED_PIECES + [""])),
                          max_size=4))
    repaired = line
    for at, cut, piece in sorted(edits, reverse=True):
        repaired = repaired[:at] + piece + repaired[at + cut:]
    return line, repaired


@settings(max_examples=500)
@given(st.one_of(repaired_lines(), st.tuples(REPAIRED_LINES, REPAIRED_LINES)), st.sampled_from([(1, 1), (1, 2), (2, 3), (64, 1 << 16)]))
@example(("a b c dX", "a\u00a0b c dY"), (1, 1 << 16))  # a space repaired, then a word: the words alike between hold a space, the runs are two
def test_the_words_that_differ_are_found_past_the_pieces_alike_as_comparing_every_word_finds_them(lines, sizes):
    before, after = lines
    saved, (encoding._NEAR, encoding._AHEAD) = (encoding._NEAR, encoding._AHEAD), sizes
    try:
        runs = encoding._changed_runs(before, after)
        common_end = encoding._common_words_end(before, after)
    finally:
        encoding._NEAR, encoding._AHEAD = saved
    assert (None if runs is None else list(runs)) == runs_word_by_word(before, after)
    assert common_end == common_words_end_word_by_word(before, after)


def common_words_end_word_by_word(a: str, b: str) -> tuple[int, int]:
    """The straightforward :func:`encoding._common_words_end`: the words compared from the first."""
    ends = (0, 0)
    for word, other in zip(encoding._WORDS.finditer(a), encoding._WORDS.finditer(b)):
        if word.group() != other.group():
            break
        ends = (word.end(), other.end())
    return ends


def collapsed_splicing_every_piece(text, changes):
    """:func:`segments.collapse` as it was first written: each change found and spliced by reading every piece."""
    def original(pieces, position, is_start):
        cursor = 0
        for piece in pieces:
            following = cursor + len(piece.text)
            if position < following or (position == following and not is_start):
                return (piece.start if is_start else piece.end) if piece.edited else piece.start + position - cursor
            cursor = following
        return pieces[-1].end

    pieces = [segments._Piece(0, len(text), text, False)]
    origins = [(0, 0)] * len(changes)
    for stage in dict.fromkeys(change.stage for change in changes):
        ordered = sorted((i for i, c in enumerate(changes) if c.stage == stage), key=lambda i: changes[i].start)
        for i in ordered:
            origin = original(pieces, changes[i].start, True)
            origins[i] = (origin, max(origin, original(pieces, changes[i].end, False)))
        for i in reversed(ordered):
            pieces = segments._splice(pieces, changes[i].start, changes[i].end, changes[i].after)
    return segments._merged_edits(pieces), origins


def cut_one_position_at_a_time(pieces, positions):
    """Each piece not edited cut at each position strictly inside it, one position after the other."""
    for position in positions:
        cut, cursor = [], 0
        for piece in pieces:
            at = position - cursor
            if not piece.edited and 0 < at < len(piece.text):
                cut += [segments._Piece(piece.start, piece.start + at, piece.text[:at], False),
                        segments._Piece(piece.start + at, piece.end, piece.text[at:], False)]
            else:
                cut.append(piece)
            cursor += len(piece.text)
        pieces = cut
    return pieces


@settings(max_examples=400)
@given(st.lists(st.tuples(st.text(alphabet="ab", max_size=5), st.booleans()), min_size=1, max_size=6), st.data())
def test_pieces_cut_in_one_pass_are_those_cut_one_position_at_a_time(texts, data):
    pieces, start = [], 0
    for text, edited in texts:
        end = start + data.draw(st.integers(0, 4)) if edited else start + len(text)
        pieces.append(segments._Piece(start, end, text, edited))
        start = end
    positions = sorted(data.draw(st.lists(st.integers(0, sum(len(p.text) for p in pieces) + 1), max_size=5)))
    assert segments._cut_at(pieces, positions) == cut_one_position_at_a_time(pieces, positions)


@st.composite
def stages_of_changes(draw):
    """A short text and up to three stages of changes, each stage's non-overlapping (touching, empty, at one place)
    changes placed in the text the stages before it wrote."""
    text = draw(st.text(alphabet="ab ", max_size=12))
    changes, current = [], text
    for stage in range(draw(st.integers(1, 3))):
        bounds = sorted(draw(st.lists(st.integers(0, len(current)), max_size=8)))
        made = [Change(f"s{stage}", "r", start, end, current[start:end], draw(st.sampled_from(["", "x", "yz", "a"])))
                for start, end in zip(bounds[::2], bounds[1::2])]
        changes += made
        current = apply_changes(current, made)
    return text, changes


@settings(max_examples=400)
@given(stages_of_changes())
@example(("ab", [Change("s0", "r", 1, 1, "", "x"), Change("s0", "r", 1, 1, "", "y"), Change("s1", "r", 0, 4, "axyb", "")]))
def test_changes_collapsed_piece_by_piece_nearby_are_what_reading_every_piece_gives(case):
    text, changes = case
    assert segments.collapse(text, changes) == collapsed_splicing_every_piece(text, changes)


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["r:1", "r:2", "rules/a.toml:10", "decode", "failed", "r:10"]), max_size=20))
def test_a_sarif_results_rule_index_is_where_its_rule_stands_among_the_sorted_rules(rules):
    findings = [Finding("a.txt", line, 1, "warning", rule, "Kiev -> Kyiv") for line, rule in enumerate(rules, 1)]
    run = sarif_log(findings, "1")["runs"][0]
    listed = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert listed == sorted(set(rules))
    assert [result["ruleIndex"] for result in run["results"]] == [listed.index(rule) for rule in rules]


NAMES = ["Gaddafi", "Qaddafi", "Kadhafi", "Zelensky", "Zelenskyy", "Zelenska", "Kovalchuk", "Kovalchyk", "Tripoli",
         "Kalomiver", "Kalomitan", "Navalny", "Navalnyi", "Kharkiv", "Kharkov"]


@settings(max_examples=150)
@given(st.sets(st.sampled_from(NAMES)))
def test_the_alike_pairs_of_a_sentence_are_those_that_comparing_every_pair_finds(forms):
    floor = discovery_data().similarity.cluster_floor
    every_pair = {(a, b) for a, b in combinations(sorted(forms), 2)
                  if set(name_keys(a)) & set(name_keys(b)) and similarity(a, b) >= floor}
    assert names._alike_pairs(forms) == every_pair


def test_a_key_shared_by_more_forms_of_a_sentence_than_a_block_holds_is_no_evidence():
    limit = discovery_data().similarity.block_limit
    cases = ["".join(c.upper() if k >> i & 1 else c for i, c in enumerate("gaddafi")) for k in range(1, 2 ** 7)]
    assert ("Gaddafi", "Qaddafi") in names._alike_pairs({"Qaddafi", *cases[:limit - 1]})  # each key: 50 forms
    assert ("Gaddafi", "Qaddafi") not in names._alike_pairs({"Qaddafi", *cases[:limit]})


def tree_walking_every_ancestor(text, config):
    """:func:`markup._tree` as first written: each text node's ancestors walked up to the root."""
    root = LexborHTMLParser(text).root
    if root is None:
        return []
    prose, shape = set(config.prose_attributes), []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            untouched = any(p.tag in markup.UNTOUCHED for p in markup._ancestors(node))
            shape.append(node.text(deep=False) if untouched else "#text")
        else:
            shape.append((node.tag, sorted((k, v) for k, v in node.attributes.items() if k not in prose)))
    return shape


MARKUP = st.lists(st.sampled_from(["<div>", "</div>", "<pre>", "</pre>", "<code>", "</code>", "<b>", "</b>", "<p>",
                                   "<template>", "</template>", "<svg>", "</svg>", "<script>", "</script>",
                                   '<img alt="Kiev">', "Kiev", " kiev ", "<table>", "<td>", "x"]), max_size=30).map("".join)


@settings(max_examples=200)
@given(MARKUP)
@example("<pre><b>Kiev</b></pre><b>kiev</b>")
@example("<template><b>kiev</b></template>")
def test_a_tree_read_with_each_elements_untouched_state_kept_is_the_one_walking_every_ancestor_reads(text):
    assert markup._tree(text, Config()) == tree_walking_every_ancestor(text, Config())


@settings(max_examples=300)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=8), st.integers(0, 25), st.integers(0, 25))
def test_an_edit_crosses_markup_where_a_break_lies_strictly_inside_it(lengths, start, end):
    parts, cursor = [], 0
    for length in lengths:
        parts.append(segments.Segment(cursor, cursor + length, "k" * length))
        cursor += length + 3  # a tag between two parts
    segment = segments.joined(parts)
    assert segment.crosses_markup(start, end) == any(start < position < end for position in segment.breaks)
