"""Correct text is left alone by `normalize clean` (issue 19): CJK typography, entities, byte-order marks, C1 controls, romanisation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.stages.encoding import fix_encoding


def clean(tmp_path: Path, files: dict[str, bytes], *options: str) -> tuple[dict[str, str], dict]:
    """Run ``normalize clean`` on ``files``; the cleaned texts by name, and the report."""
    source, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "report.json"
    source.mkdir()
    for name, data in files.items():
        (source / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out),
                             "--report", str(report), "--quiet", *options], capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    texts = {path.name: path.read_text(encoding="utf-8") for path in out.iterdir() if path.is_file()}
    return texts, json.loads(report.read_text(encoding="utf-8"))


CHINESE = "新华社北京３月５日电（记者 王明）：国务院总理李强５日在人民大会堂作政府工作报告。　他说！经济回升向好？\n"
JAPANESE = "【東京＝共同】政府は５日、閣議で「ＮＡＴＯ」首脳会議への出席を決めた（首相官邸）。\n"
KOREAN = "서울（연합뉴스）　정부는 ５일 국무회의를 열고 예산안을 의결했다！\n"


@pytest.mark.parametrize("text, codec", [(CHINESE, "gb18030"), (JAPANESE, "utf-8"), (KOREAN, "utf-8")])
def test_full_width_typography_of_chinese_japanese_and_korean_is_kept(tmp_path, text, codec):
    texts, _ = clean(tmp_path, {"article.txt": text.encode(codec)})
    assert texts["article.txt"] == text


def test_full_width_latin_letters_in_latin_text_are_made_ascii(tmp_path):
    text = "The ＮＡＴＯ summit in Ningbo，China, opened on ５ March. Fans shouted ！？ at the end.\n"
    texts, report = clean(tmp_path, {"article.txt": text.encode("utf-8")})
    assert texts["article.txt"] == "The NATO summit in Ningbo,China, opened on 5 March. Fans shouted ！？ at the end.\n"
    assert {c["before"] for c in report["files"][0]["changes"]} == {"ＮＡＴＯ", "Ningbo，China,", "５"}


def test_html_entities_in_plain_text_are_left_as_written(tmp_path):
    text = ("To print a greater-than sign in HTML, authors write &amp;gt; or &gt;, "
            "and Tom &amp; Jerry is how the listing read.\n")
    texts, report = clean(tmp_path, {"howto.txt": text.encode("utf-8")})
    assert texts["howto.txt"] == text
    assert report["files"][0]["status"] == "unchanged"


def test_html_entities_in_html_are_decoded_once_by_the_reader(tmp_path):
    page = "<html><body><p>Authors write &amp;gt; for a greater-than sign, said the editor in Kyiv.</p></body></html>\n"
    texts, _ = clean(tmp_path, {"page.html": page.encode("utf-8")})
    assert texts["page.html"] == page


@pytest.mark.parametrize("markdown", [
    "# Talks in Kyiv\n\n\ufeff\n\nThe president met the prime minister in Kyiv on Monday to discuss the grain deal.\n",
    "# Talks in Kyiv\n\n\ufeff# Second part\n\nThe president met the prime minister in Kyiv on Monday to discuss it.\n",
])
def test_a_byte_order_mark_at_the_start_of_a_markdown_line_is_cleaned_around(tmp_path, markdown):
    texts, report = clean(tmp_path, {"joined.md": markdown.replace("Kyiv", "Kiev").encode("utf-8")})
    assert report["files"][0]["status"] == "changed", report["files"][0]["error"]
    assert texts["joined.md"] == markdown


def test_a_c1_control_in_correct_utf8_never_becomes_a_visible_letter(tmp_path):
    # A sentence of a Polish news article (NTREX-128 style) with the invisible U+0083 that a copy left in it.
    polish = "W nagraniu słychać słowa: \x83”Tak, dojdę do tego”, a potem oklaski.\n"
    english = "Temperatures fell \x96 and the grid held, said the \x93energy minister\x94 in Kyiv.\n"
    texts, _ = clean(tmp_path, {"pl.txt": polish.encode("utf-8"), "en.txt": english.encode("utf-8")})
    assert "ƒ" not in texts["pl.txt"] and texts["pl.txt"] == polish
    assert texts["en.txt"] == "Temperatures fell – and the grid held, said the “energy minister” in Kyiv.\n"


def romanized(tmp_path: Path, text: str) -> tuple[str, list[tuple[str, str, str]]]:
    texts, report = clean(tmp_path, {"article.txt": text.encode("utf-8")}, "--romanize", "--languages", "en")
    return texts["article.txt"], [(c["before"], c["after"], c["rule"]) for c in report["files"][0]["changes"]]


def test_romanize_treats_every_cyrillic_name_of_a_sentence_alike(tmp_path):
    text = ("President Володимир Зеленський met Олена Петренко and Сергей Лавров in Kyiv on Monday for talks.\n")
    cleaned, changes = romanized(tmp_path, text)
    assert cleaned == "President Volodymyr Zelensky met Olena Petrenko and Sergei Lavrov in Kyiv on Monday for talks.\n"
    assert not any(char.isalpha() and "\u0400" <= char <= "\u04ff" for char in cleaned)


def test_romanize_tells_a_russian_name_from_the_name_beside_a_ukrainian_one(tmp_path):
    text = "Deputy minister Сергей Рябков met Ігор Жовква in Geneva on Monday to discuss the prisoner exchange.\n"
    cleaned, changes = romanized(tmp_path, text)
    assert cleaned == "Deputy minister Sergei Riabkov met Ihor Zhovkva in Geneva on Monday to discuss the prisoner exchange.\n"
    rules = {before: rule for before, _, rule in changes}
    assert rules["Сергей Рябков"].startswith("romanize ru: ICAO Doc 9303")
    assert rules["Ігор Жовква"].startswith("romanize uk: KMU 2010")


def test_romanize_uses_the_russian_passport_system_for_a_russian_name_alone(tmp_path):
    text = "Deputy minister Сергей Рябков met his counterpart in Geneva on Monday to discuss the grain corridor.\n"
    cleaned, changes = romanized(tmp_path, text)
    assert cleaned == "Deputy minister Sergei Riabkov met his counterpart in Geneva on Monday to discuss the grain corridor.\n"
    assert {rule.split(" (")[0] for _, _, rule in changes} == {"romanize ru: ICAO Doc 9303"}


def test_romanize_leaves_a_quoted_cyrillic_sentence_whole(tmp_path):
    text = "The crowd chanted «Володимир Зеленський наш президент» outside the Rada in Kyiv on Monday evening.\n"
    cleaned, _ = romanized(tmp_path, text)
    assert cleaned == text


@settings(max_examples=200)
@given(st.text(st.sampled_from(["\x83", "\x8a", "\x9a", "\x93", "\x94", "\x96", "\x81", "a", "Ł", " ", "”", "Ａ", "Ｂ", "，", "　", "1"]),
               max_size=12))
def test_the_width_and_c1_fixes_are_stable(line):
    once = fix_encoding(line)[0]
    assert fix_encoding(once)[0] == once


def test_a_latin_title_in_a_chinese_feed_keeps_its_full_width_punctuation(tmp_path):
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>设计日志</title>\n'
            "<item><title>ＸＭＡＳ！</title><description>圣诞节快乐！今年的设计作品（共十二件）已经完成，欢迎大家来看看。"
            "</description></item>\n</channel></rss>\n")
    texts, _ = clean(tmp_path, {"feed.xml": feed.encode("utf-8")})
    assert texts["feed.xml"] == feed
