"""Shortcuts in the language stage score what the long way scores, bit for bit: sums of groups of rows in one
block or many, a sample searched for URLs only when it may hold one, samples scored together or one at a time."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.utils.ngram import NGram

from normalize.stages import group_sums as blocks
from normalize.stages.language import _URL_OR_MAIL, LanguageModel, _sample

SIZES = st.lists(st.integers(1, 9), max_size=12)  # the rows of each group
SAMPLE_WORDS = ["Kyiv,", "kiev", "Der", "Präsident", "sagte", "the", "envoys", "Київ", "сьогодні", "Zelensky", "«Kiev»",
                "met", "2024", "...", "UN", "día", "Sơn", "a\u0301", "東京", "mail@example.com", "https://kyiv.ua/a",
                "Berlin.", "il", "est"]
SAMPLES = st.lists(st.lists(st.sampled_from(SAMPLE_WORDS), max_size=14).map(" ".join), min_size=1, max_size=5)
URL_TEXTS = st.lists(st.sampled_from(["a", "b", " ", "@", ":", "/", "//", "http", "https://", "http://", "://", "x.y", "-", "\n",
                                      "é", "a\u0301", "o\u0323"]), max_size=40).map("".join)


def bounds_the_long_way(owners: np.ndarray) -> np.ndarray:
    return np.r_[np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]), len(owners)] if len(owners) else np.zeros(1, int)


@settings(max_examples=80)
@given(SIZES, st.integers(1, 20), st.randoms(use_true_random=False))
def test_group_sums_in_one_block_are_the_sums_a_block_at_a_time(sizes, block, random):
    owners = np.repeat(np.arange(len(sizes)), sizes)
    rows = np.array([[random.uniform(-9, 0) for _ in range(3)] for _ in owners], dtype=np.float32).reshape(-1, 3)  # 3 languages
    bounds = blocks.group_bounds(owners)
    assert bounds.tolist() == bounds_the_long_way(owners).tolist()

    def sums(rows_at_once: int) -> np.ndarray:
        saved, blocks.ROWS_AT_ONCE = blocks.ROWS_AT_ONCE, rows_at_once
        gathered = []
        try:
            parts = [part for _, part in blocks.group_sums(bounds, lambda a, b: gathered.append(b - a) or rows[a:b])]
        finally:
            blocks.ROWS_AT_ONCE = saved
        assert max(gathered, default=0) <= max(rows_at_once, *sizes, 0)  # a block at a time, or one group
        return np.concatenate(parts) if parts else np.zeros((0, 3), np.float32)

    assert sums(1 << 14).tobytes() == sums(block).tobytes()  # all at once (the shortcut), a few rows at a time


@settings(max_examples=150)
@given(URL_TEXTS, st.integers(1, 40))
def test_a_sample_is_searched_for_urls_only_when_it_may_hold_one(text, size):
    piece = text[:min(len(text), size + 1)]
    if len(text) > size:
        piece = piece[:piece.rfind(" ")] if " " in piece else piece[:size]
    assert _sample(text, 0, len(text), size) == NGram.normalize_vi(_URL_OR_MAIL.sub(" ", piece))


@settings(max_examples=60, deadline=None)
@given(SAMPLES, st.randoms(use_true_random=False))
def test_samples_scored_together_score_as_each_alone_in_a_fresh_model(samples, random):
    together = LanguageModel(ignore=frozenset({"kiev"}))
    seen_before = random.sample(SAMPLE_WORDS, 5)
    together.scores([" ".join(seen_before)])  # some words learned earlier, in another order
    totals, counts = together.scores(samples)
    for k, sample in enumerate(samples):
        alone_totals, alone_counts = LanguageModel(ignore=frozenset({"kiev"})).scores([sample])
        assert totals[k].tobytes() == alone_totals[0].tobytes() and counts[k] == alone_counts[0]


def test_a_capitalised_word_counts_half_inside_a_sentence_and_whole_after_its_end():
    model = LanguageModel()
    alone = {word: model.scores([word])[1][0] for word in ["the", "said", "Kyiv"]}
    _, counts = model.scores(["the Kyiv said", "the. Kyiv said", "Kyiv said"])
    assert counts.tolist() == [alone["the"] + alone["Kyiv"] / 2 + alone["said"], sum(alone.values()), alone["Kyiv"] + alone["said"]]
