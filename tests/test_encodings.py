"""Real-world input: legacy code pages, declared charsets, mojibake, and files that are not text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import ftfy
import pytest
from ftfy.fixes import uncurl_quotes

from normalize import clean_folder
from normalize.errors import DecodeError
from normalize.stages.decode import decode_bytes, find_declaration
from normalize.stages.encoding import fix_encoding

from conftest import ROOT, shared_corpus

ENCODINGS = ROOT / "tests" / "data" / "encodings"
# Each test article in every encoding that can hold it: byte-identical output is the promise.
SAVED_AS = {
    "ru.txt": ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "koi8-r", "iso8859-5", "cp866", "mac_cyrillic"],
    "uk.txt": ["utf-8", "utf-16", "utf-32", "cp1251"],
    "pl.txt": ["utf-8", "utf-16-be", "cp1250"],
    "de.txt": ["utf-8", "utf-16", "latin-1", "cp1252", "mac_roman"],
}
# Code pages that decode these test texts identically; the report names the more common one.
EQUIVALENT = {"iso8859-7": "cp1253"}
CASES = [(name, codec) for name, codecs in SAVED_AS.items() for codec in codecs]


def article(name: str) -> str:
    return (ENCODINGS / name).read_text(encoding="utf-8")


def first_sentence(name: str) -> str:
    return article(name).split("\n")[0]


@pytest.mark.parametrize("name, codec", CASES)
def test_the_same_article_in_any_encoding_decodes_to_the_same_text(name, codec):
    assert decode_bytes(article(name).encode(codec)).text == article(name)


@pytest.mark.parametrize("name, codec", [
    ("ru.txt", "cp1251"), ("ru.txt", "koi8-r"), ("uk.txt", "cp1251"), ("pl.txt", "cp1250"), ("de.txt", "latin-1"),
])
def test_a_single_sentence_is_enough(name, codec):
    sentence = first_sentence(name)
    assert decode_bytes(sentence.encode(codec)).text == sentence


def test_clean_gives_byte_identical_output_whatever_the_input_encoding(tmp_path):
    for name, codec in CASES:
        folder = tmp_path / "in" / Path(name).stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{codec}.txt").write_bytes(article(name).encode(codec))
    report = clean_folder(tmp_path / "in", tmp_path / "out", report_paths=[tmp_path / "r.json"])
    assert report.summary["failed"] == 0
    for name, codecs in SAVED_AS.items():
        outputs = {(tmp_path / "out" / Path(name).stem / f"{codec}.txt").read_bytes() for codec in codecs}
        assert len(outputs) == 1, name
    files = {f["path"]: f for f in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]}
    koi8 = files["ru/koi8-r.txt"]
    assert (koi8["encoding"], koi8["encoding_method"]) == ("koi8-r", "detected") and koi8["encoding_confidence"] > 0.9
    assert (files["ru/utf-8-sig.txt"]["encoding"], files["ru/utf-8-sig.txt"]["encoding_method"]) == ("utf-8-sig", "bom")
    assert files["uk/utf-8.txt"]["encoding_method"] == "utf-8" and files["uk/utf-8.txt"]["encoding_confidence"] == 1.0


@pytest.mark.parametrize("data, text, encoding, method", [
    (b"", "", "utf-8", "utf-8"),
    ("Київ".encode("utf-8-sig"), "Київ", "utf-8-sig", "bom"),
    ("Kyiv, Київ".encode("utf-16-le"), "Kyiv, Київ", "utf-16-le", "detected"),  # no BOM: the NUL bytes tell
    ("Kyiv".encode("utf-32-be"), "Kyiv", "utf-32-be", "detected"),
    # a declaration decides between code pages that both make sense...
    (b'<meta charset="koi8-r"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>', '<meta charset="koi8-r"><p>Привет</p>', "koi8-r", "declared"),
    # ...and is overruled when it is plainly wrong (cp1251 bytes declared as latin-1)
    ('<?xml version="1.0" encoding="iso-8859-1"?><p>Президент заявив, що переговори тривають.</p>'.encode("cp1251"),
     '<?xml version="1.0" encoding="iso-8859-1"?><p>Президент заявив, що переговори тривають.</p>', "cp1251", "detected"),
    ("東京で会談が行われ、首相は記者団に対して説明した。".encode("shift_jis"), "東京で会談が行われ、首相は記者団に対して説明した。",
     "shift_jis", "detected"),
    ("東京で会談が行われた。".encode("iso2022_jp"), "東京で会談が行われた。", "iso2022_jp", "detected"),
    ("Αθήνα: η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.".encode("iso8859-7"),
     "Αθήνα: η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.", "iso8859-7", "detected"),
    ("It’s “quoted” – and costs €5…".encode("cp1252"), "It’s “quoted” – and costs €5…", "cp1252", "detected"),
])
def test_decode(data, text, encoding, method):
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.method) == (text, EQUIVALENT.get(encoding, encoding), method)
    assert 0.0 < decoded.confidence <= 1.0


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"\x00\x01\x02 binary", "NUL bytes"),
    (bytes(range(1, 9)) * 40 + "Київ".encode("cp1251"), "control characters"),
])
def test_bytes_that_are_not_text_fail_with_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_a_declared_charset_is_exposed_with_where_it_is_written():
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head>"
    declaration = find_declaration(page)
    assert page[declaration.start:declaration.end] == "windows-1251"
    assert find_declaration(page.encode("ascii")).label == "windows-1251"
    decoded = decode_bytes(page.encode("ascii") + "Київ".encode("cp1251"))
    assert (decoded.declared, decoded.encoding) == ("windows-1251", "cp1251")
    assert find_declaration("<p>set charset=koi8-r in your mail client</p>") is None


def test_every_ftfy_case_that_ftfy_passes_passes_here_and_negatives_stay_as_they_are():
    folder = shared_corpus("ftfy-test-cases")
    checked = 0
    for path in sorted(folder.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            original, expected = case["original"], case["fixed"]
            if ftfy.fix_text(original) != expected:
                continue  # one of ftfy's own known failures
            ours = fix_encoding(original)[0]
            if re.search(r"&#?\w+;", original):  # HTML entities are left as written on purpose (normalize.stages.encoding)
                assert re.search(r"&#?\w+;", ours), case["label"]
                continue
            assert uncurl_quotes(ours) == expected, case["label"]  # we keep curly quotes on purpose
            if uncurl_quotes(original) == expected:  # a negative case: nothing to repair
                assert ours == original, case["label"]
            checked += 1
    assert checked >= 150


def test_a_folder_with_a_binary_an_empty_file_and_an_image(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    good = "The talks in Kiev went on late into the night, officials said. It’s â€œlateâ€\x9d, they added.\n"
    (source / "good.txt").write_bytes(good.encode("utf-8"))
    (source / "good-ru.txt").write_bytes(article("ru.txt").encode("koi8-r"))
    (source / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (source / "empty.txt").write_bytes(b"")
    image = bytes(range(256)) * 8
    (source / "photo.jpg").write_bytes(image)
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(tmp_path / "out"),
                             "--report", str(tmp_path / "r.json"), "-q"], capture_output=True, text=True)
    assert result.returncode == 4
    assert "broken.txt: not text: a binary file (a PNG image)" in result.stderr
    out = tmp_path / "out"
    assert (out / "good.txt").read_text(encoding="utf-8") == \
        "The talks in Kyiv went on late into the night, officials said. It’s “late”, they added.\n"
    assert (out / "good-ru.txt").read_text(encoding="utf-8") == article("ru.txt")
    assert (out / "photo.jpg").read_bytes() == image
    assert (out / "empty.txt").read_bytes() == b""
    assert not (out / "broken.txt").exists()
    files = {f["path"]: f for f in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"]}
    assert files["broken.txt"]["status"] == "failed" and "PNG" in files["broken.txt"]["error"]
    assert files["empty.txt"]["status"] == "unchanged" and files["photo.jpg"]["status"] == "skipped"
    assert files["good-ru.txt"]["encoding"] == "koi8-r"


def test_explain_shows_every_stage_and_why(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Президент Зеленський у Kiev. Tom &amp; Jerry, caf\u00c3\u00a9.\n".encode("utf-8"))
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "explain", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "a.txt"
    assert lines[1].startswith("decode        utf-8, valid UTF-8 (confidence 1)")
    assert "'&amp;' -> '&'" not in result.stdout and "'cafÃ©.' -> 'café.'" in result.stdout
    assert "ftfy: mojibake" in result.stdout
    assert any(line.startswith("language ") for line in lines) and any(line.startswith("spelling ") for line in lines)
    assert lines[-1].startswith("result        changed")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02 binary")
    failed = subprocess.run([sys.executable, "-m", "normalize.cli", "explain", str(tmp_path / "b.txt")],
                            capture_output=True, text=True)
    assert failed.returncode == 4 and "not text: contains NUL bytes" in failed.stdout


def test_explain_names_a_legacy_encoding_and_the_spelling_changes(tmp_path, pipeline):
    from normalize.explain import explain_file
    path = tmp_path / "n.txt"
    path.write_bytes("Die Gespräche mit Selenskij in Kiew dauerten bis spät.".encode("latin-1"))
    article, story = explain_file(path, pipeline)
    assert article.decoded.encoding == "cp1252" and "detected" in story.splitlines()[1]
    assert "spelling" in story
