"""Unit tests of the decode, fix_encoding, language and protect stages, and of replaying changes."""

from __future__ import annotations

import dataclasses

import ftfy
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given, settings, strategies as st

from normalize import replay
from normalize.changes import Change
from normalize.errors import DecodeError
from normalize.stages.decode import decode_bytes
from normalize.stages.encoding import FTFY_CONFIG, _MAY_BE_MOJIBAKE, fix_encoding, ftfy_leaves_alone
from normalize.stages.language import language_model
from normalize.stages.protect import protected_spans

from conftest import SEEDS


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("Київ".encode("utf-8"), "utf-8"),
        ("Київ".encode("utf-8-sig"), "utf-8-sig"),
        ("Київ".encode("utf-16"), "utf-16"),
        (b"", "utf-8"),
    ],
)
def test_decode_utf(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding and decoded.text == data.decode(encoding)


def test_decode_refuses_binary_with_a_reason():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"PK\x03\x04\x00\x00")


@pytest.mark.parametrize(
    "before, after",
    [
        ("The Mona Lisa doesnâ€™t have eyebrows.", "The Mona Lisa doesn’t have eyebrows."),
        ("cafÃ©", "café"),
        ("e\u0301te\u0301", "été"),  # NFC
    ],
)
def test_fix_encoding_repairs(before, after):
    assert fix_encoding(before)[0] == after


@pytest.mark.parametrize(
    "unchanged",
    [
        "“Curly quotes” and ‘single’ ones stay — and so do dashes – all of them.",
        "Line endings\r\nstay\rtheir own\n",
        "Plain ASCII with no entities",
        "Tom &amp; Jerry: entities are left as written",
        "Zełenski, Київ, Ελλάδα, 東京",
        "",
    ],
)
def test_fix_encoding_keeps_correct_text(unchanged):
    assert fix_encoding(unchanged) == (unchanged, [])


# Every character ftfy's badness measure names, the letters mojibake is made of, and
# ordinary text around them: where a fast path that skips ftfy could go wrong.
_MOJIBAKE_ALPHABET = st.sampled_from(sorted(
    {chr(c) for c in range(0x20, 0x250)} | set("".join(MOJIBAKE_CATEGORIES.values()))
    | set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґЂђЃѓЉЊЋЌЎЏαβγΑΒΓΞΟ €‚„…†‡‰‹›‘’“”•–—™ \u0301")
))


@settings(max_examples=300)
@given(st.text(_MOJIBAKE_ALPHABET, max_size=12) | st.builds("".join, st.lists(st.sampled_from(
    ["Â", "Ã", "â€", "Ð", "Ñ", "Р", "С", "вЂ", "ā€", "β€", " ", "a", "é", "Ł", "«", "»", "°", "¦", "™", "\x85", "ñ"]
), max_size=8)))
def test_the_fast_path_skips_only_lines_ftfy_leaves_alone(line):
    if is_bad(line):
        assert _MAY_BE_MOJIBAKE.search(line)
    if ftfy_leaves_alone(line):
        assert ftfy.fix_and_explain(line, FTFY_CONFIG).text == line


def test_the_fast_path_agrees_with_ftfy_on_real_mojibake():
    import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-1252)

    for text in ["Zełenski w Kijowie", "Зеленський у Києві «сьогодні»", "Ζελένσκι στο Κίεβο", "Selenskyj in Kyjiw"]:
        for codec in ("sloppy-windows-1252", "sloppy-windows-1251", "latin-1", "macroman", "cp437"):
            try:
                broken = text.encode("utf-8").decode(codec)
            except UnicodeDecodeError:
                continue
            fixed = ftfy.fix_and_explain(broken, FTFY_CONFIG).text
            assert ftfy_leaves_alone(broken) == (fixed == broken), (codec, broken)


def test_fix_encoding_records_each_repair():
    text = "ok line\ncafÃ© line\nâ€œquotedâ€\x9d\n"
    fixed, changes = fix_encoding(text)
    assert fixed == "ok line\ncafé line\n“quoted”\n"
    assert [(c.before, c.after) for c in changes] == [("cafÃ©", "café"), ("â€œquotedâ€\x9d", "“quoted”")]
    assert all(c.rule.startswith("ftfy") for c in changes)
    assert replay(text, changes) == fixed


@pytest.mark.parametrize(
    "text, language",
    [
        ("Der Präsident traf sich am Sonntag mit den Gesandten in Berlin.", "de"),
        ("Prezydent spotkał się w niedzielę z wysłannikami w Berlinie.", "pl"),
        ("Президент зустрівся в неділю з посланцями в Берліні.", "uk"),
        ("Президент встретился в воскресенье с посланниками в Берлине.", "ru"),
        ("12345 !!!", "und"),
    ],
)
def test_detect_language(text, language):
    assert language_model().detect(text).language == language


def test_detect_language_is_deterministic():
    text = "Kyiv Zelensky NATO"  # short and ambiguous: random sampling would vary
    assert len({language_model().detect(text) for _ in range(20)}) == 1


def test_protected_spans():
    text = "Read https://www.kyivpost.com/post/kiev-1. Write to kiev@ukr.net or see kyivindependent.com today."
    assert [text[s:e] for s, e in protected_spans(text)] == [
        "https://www.kyivpost.com/post/kiev-1", "kiev@ukr.net", "kyivindependent.com",
    ]


def test_replaying_the_changes_gives_the_output(pipeline):
    text = SEEDS.joinpath(next(p.name for p in SEEDS.glob("*.txt"))).read_text(encoding="utf-8")
    mojibake = text.replace("’", "â€™", 3)
    cleaned = pipeline.clean_text(mojibake)
    assert {c.stage for c in cleaned.changes} == {"fix_encoding", "spelling"}
    assert replay(mojibake, cleaned.changes) == cleaned.text


def test_cleaning_twice_changes_nothing(pipeline):
    once = pipeline.clean_text("The president said Zelenskiy went to kiev and Kharkov on Sunday night.")
    assert pipeline.clean_text(once.text).changes == []


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_a_respelling_never_tips_a_line_into_repairable_mojibake(pipeline, language):
    # ftfy leaves this line alone because of the correct Ó; without it the line would be repaired.
    once = pipeline.clean_text("Battle of Kharkov the the DNIPRÓ â€œ ", language)
    assert pipeline.clean_text(once.text, language).changes == []


@pytest.mark.parametrize("word", ["«Kyiv»,", "(Berlin).", "“Selenskyj”", "Zelenskiy’s", "—", "NATO,"])
def test_a_word_scores_as_it_does_without_the_punctuation_around_it(word):
    from normalize.stages.language import _EDGE_PUNCTUATION

    assert _reference_ngrams(word, frozenset()) == _reference_ngrams(word.strip(_EDGE_PUNCTUATION) or word, frozenset())


def _reference_ngrams(word: str, ignore: frozenset[str]) -> list[str]:
    """langdetect's n-grams of one word, written out plainly: the specification of the batch cutter."""
    from normalize.stages.language import _normalize

    grams = []
    for piece in _normalize(word).split():
        if len(piece) > 1 and piece.isupper() or piece.casefold() in ignore:
            continue
        padded = f" {piece} "
        grams += piece
        grams += [padded[i:i + 2] for i in range(len(padded) - 1)]
        grams += [padded[i:i + 3] for i in range(len(padded) - 2)]
    return grams


def test_words_are_scored_on_exactly_langdetects_ngrams():
    import numpy as np

    from normalize.stages.language import LanguageModel

    ignore = frozenset({"kyiv"})
    words = ["Hi", "NATO", "Kyiv,", "«Київ»", "Zełenski’s", "e-mail", "東京", "Ελλάδα", "x", "2024", "—", "İstanbul"]
    model = LanguageModel(ignore=ignore)
    known = model._learn(words)
    profiles = model.profiles
    for word in words:
        rows = [profiles.row[g] for g in _reference_ngrams(word, ignore) if g in profiles.row]
        slot = known[word]
        assert model._traits[slot][0] == len(rows), word
        if rows:
            assert np.allclose(model._vectors[slot], profiles.log_prob[rows].sum(axis=0), rtol=1e-5), word


changes = st.builds(
    Change, st.text(), st.text(), st.integers(), st.integers(), st.text(), st.text(), st.integers(), st.integers(),
    st.none() | st.text(), st.none() | st.integers(), st.none() | st.text(),
)


@settings(max_examples=50, deadline=None)
@given(changes)
def test_a_change_as_the_report_writes_it_has_every_field_in_order(change):
    assert list(change.as_dict().items()) == list(dataclasses.asdict(change).items())
