"""Guarantee "mixed encodings": UTF-8 with a few stray legacy bytes keeps its UTF-8.

A UTF-8 article with one byte of an old code page in it (a word pasted from a
cp1252 file) is read as UTF-8 where it is UTF-8; only the bytes that are not are
read with a legacy code page, and each run of them is a change of the ``decode``
stage in the report.  A legacy file in which a pair of bytes happens to be valid
UTF-8 is still read whole in its code page.  Replaying the recorded changes on
the decoded text gives the output, and cleaning the output again changes nothing.
"""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import assume, given, settings, strategies as st

from normalize import Pipeline, replay
from normalize.config import Config
from normalize.explain import explain_file
from normalize.batch.run import clean_folder
from normalize.batch.walk import Source
from normalize.batch.article_work import process
from normalize.stages.decode import decode_bytes
from normalize.stages.stray_bytes import STRAY_SHARE
from strategies import WORDS, articles

PIPELINE = Pipeline()
MULLER = "Herr Müller sagte am Sonntag in München, ".encode("utf-8") + b"das Caf\xe9 bleibe geschlossen.\n"


def test_utf8_with_one_stray_byte_keeps_its_utf8():
    decoded = decode_bytes(MULLER)
    assert decoded.text == "Herr Müller sagte am Sonntag in München, das Café bleibe geschlossen.\n"
    assert (decoded.encoding, decoded.method) == ("utf-8", "mixed")


def test_the_stray_byte_is_read_as_a_legacy_character_and_recorded_as_a_decode_change(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cafe.txt").write_bytes(MULLER)
    report = tmp_path / "report.json"
    clean_folder(tmp_path / "in", tmp_path / "out", Config(), [report])
    data = json.loads(report.read_text(encoding="utf-8"))
    entry = data["files"][0]
    decode_changes = [c for c in entry["changes"] if c["stage"] == "decode"]
    assert [(c["before"], c["after"], c["line"], c["column"]) for c in decode_changes] == [("\\xe9", "é", 1, 49)]
    assert "cp1252" in decode_changes[0]["rule"]
    assert (entry["status"], entry["encoding"], entry["encoding_method"]) == ("changed", "utf-8", "mixed")
    assert data["summary"]["stray_byte_runs"] == 1
    assert "Müller" in (tmp_path / "out" / "cafe.txt").read_text(encoding="utf-8")


def test_the_record_replays_and_a_second_cleaning_changes_nothing(tmp_path):
    (tmp_path / "cafe.txt").write_bytes(MULLER)
    article = process(PIPELINE, Source(tmp_path, "cafe.txt"))
    decoded = decode_bytes(MULLER)
    assert [change.stage for change in article.changes].count("decode") == 1
    assert replay(decoded.text, article.changes) == article.text
    for change in article.changes:
        if change.stage == "decode":
            assert decoded.text[change.start:change.end] == change.after
    (tmp_path / "again.txt").write_bytes(article.text.encode("utf-8"))
    again = process(PIPELINE, Source(tmp_path, "again.txt"))
    assert (again.text, again.changes, again.status) == (article.text, [], "unchanged")


def test_explain_lists_the_stray_byte_under_decode(tmp_path):
    (tmp_path / "cafe.txt").write_bytes(MULLER)
    lines = explain_file(tmp_path / "cafe.txt", PIPELINE)[1].splitlines()
    assert lines[1].startswith("decode        utf-8, UTF-8 but for stray bytes")
    assert lines[2] == "  1:49  '\\\\xe9' -> 'é'  (not valid UTF-8: read as cp1252)"


def test_a_utf8_file_with_a_byte_order_mark_and_a_stray_byte_is_read_too():
    decoded = decode_bytes(codecs.BOM_UTF8 + MULLER)
    assert decoded.text.startswith("Herr Müller") and "Café" in decoded.text
    assert (decoded.encoding, decoded.method, len(decoded.changes)) == ("utf-8-sig", "mixed", 1)


# Legacy texts in which some pair of bytes happens to be valid UTF-8: read whole in their code page, as before.
LEGACY = [
    ("cp1251", "Представитель «МИД» заявил, что переговоры с делегацией продолжатся в понедельник."),
    ("cp1250", "Na PÓŁNOC od miasta żołnierze ustawili posterunki, powiedział rzecznik."),
    ("koi8-r", "Всё было тихо, но лёд на реке уже трещал под тяжестью грузовиков."),
    ("latin-1", "Die Grüße aus München kamen »zu Fuß« über die Brücke, sagte der Bürgermeister."),
]


@pytest.mark.parametrize("codec, text", LEGACY, ids=[codec for codec, _ in LEGACY])
def test_a_legacy_file_with_a_chance_utf8_sequence_is_read_whole_as_before(codec, text):
    data = text.encode(codec)
    assert any(not char.isascii() for char in data.decode("utf-8", "ignore")), "no chance UTF-8 sequence in it"
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.method) == (text, "detected")  # not "mixed": no decode change


# Fuzz: valid UTF-8 text of any script with runs of bytes that are not UTF-8 spliced between its characters.
def _all_stray(fragment: bytes) -> bool:
    """Is every byte of ``fragment`` above ASCII and, on its own, not UTF-8?"""
    return bool(fragment) and all("\udc80" <= char <= "\udcff" for char in fragment.decode("utf-8", "surrogateescape"))


def _encoded(word: str, codec: str) -> bytes:
    try:
        return word.encode(codec)
    except UnicodeEncodeError:
        return b""


# Words of several scripts in the code pages that write them, where none of their bytes is UTF-8 by chance.
LEGACY_WORDS = sorted({
    encoded
    for word in WORDS if not word.isascii()
    for codec in ("cp1252", "cp1250", "cp1251", "koi8-r", "cp1253", "cp1255", "cp1256", "shift_jis", "gbk")
    if _all_stray(encoded := _encoded(word, codec))
})
_STRAY = st.one_of(
    st.lists(st.integers(0x80, 0xFF), min_size=1, max_size=4).map(bytes).filter(_all_stray),
    st.sampled_from(LEGACY_WORDS),
)


@st.composite
def spliced(draw) -> tuple[str, list[tuple[int, bytes]], bytes]:
    """A UTF-8 text, the stray runs put in it (character offset, bytes) and the bytes of the whole.

    At most one run goes between two characters (two would join), and the runs stay
    within what a mostly-UTF-8 file has: at most STRAY_SHARE of its non-ASCII bytes.
    """
    text = "A " + "".join(
        char for char in draw(articles(20)) if char.isprintable() or char in "\t\n\r\x0b\x0c"
    )
    budget = int(STRAY_SHARE / (1 - STRAY_SHARE) * sum(byte > 0x7F for byte in text.encode("utf-8")))
    assume(budget >= 1)
    places = draw(st.lists(st.integers(1, len(text)), min_size=1, max_size=4, unique=True))
    runs = []
    for place in sorted(places):
        run = draw(_STRAY)
        if len(run) > budget:
            break
        budget -= len(run)
        runs.append((place, run))
    assume(runs)
    data, cursor = b"", 0
    for place, run in runs:
        data += text[cursor:place].encode("utf-8") + run
        cursor = place
    return text, runs, data + text[cursor:].encode("utf-8")


def _bytes_of(shown: str) -> bytes:
    return bytes(int(pair, 16) for pair in shown.split("\\x")[1:])


@settings(max_examples=150)
@given(spliced())
def test_every_utf8_character_survives_and_the_decode_changes_are_exactly_the_stray_bytes(case):
    text, runs, data = case
    decoded = decode_bytes(data)
    kept, cursor, found, shift = [], 0, [], 0
    for change in decoded.changes:
        assert change.stage == "decode" and decoded.text[change.start:change.end] == change.after != ""
        kept.append(decoded.text[cursor:change.start])
        cursor = change.end
        found.append((change.start - shift, _bytes_of(change.before)))
        shift += change.end - change.start
    kept.append(decoded.text[cursor:])
    assert "".join(kept) == text  # every valid UTF-8 character, unchanged and in order
    assert found == runs  # one change per stray run, at its place, naming exactly its bytes


@settings(max_examples=30)
@given(spliced())
def test_replaying_the_record_gives_the_output_and_its_bytes_decode_with_no_change(case):
    decoded = decode_bytes(case[2])
    cleaned = PIPELINE.clean_text(decoded.text)
    assert replay(decoded.text, [*decoded.changes, *cleaned.changes]) == cleaned.text
    again = decode_bytes(cleaned.text.encode("utf-8"))  # the output is UTF-8: nothing stray is left to read
    assert (again.text, again.method, again.changes) == (cleaned.text, "utf-8", ())
