"""Article formats: prose cleaned, everything else byte-identical, checked by parsing before and after."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, shared_corpus
from normalize import Config, Pipeline, check_folder, clean_folder
from normalize.changes import LineIndex
from normalize.cli import main
from normalize.formats import FormatError, clean_document, format_of
from normalize.rules.load import parse_rules

CORPUS = ROOT / "tests" / "data" / "formats"
EXPECTED = ROOT / "tests" / "data" / "formats_expected"
PROSE = set(Config().prose_fields)


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    """The test corpus cleaned once by the command line: (exit status, stderr, output folder, report)."""
    out = tmp_path_factory.mktemp("formats")
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "clean", str(CORPUS), "--out", str(out / "o"),
                             "--report", str(out / "r.json"), "-q"], capture_output=True, text=True)
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    return result.returncode, result.stderr, out / "o", {f["path"]: f for f in report["files"]}


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_each_format_comes_out_as_expected(cleaned, name):
    """The expected files were reviewed by hand: prose in house style, the rest as it was."""
    _, _, out, report = cleaned
    assert (out / name).read_bytes() == (EXPECTED / name).read_bytes()
    assert report[name]["format"] == format_of(name, Config())


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_every_change_points_at_its_place_in_the_input(cleaned, name):
    _, _, _, report = cleaned
    text = (CORPUS / name).read_bytes().decode("utf-8")  # line ends as they are: offsets count them
    index = LineIndex(text)
    changes = report[name]["changes"]
    assert changes
    for change in changes:
        assert text[change["start"]:change["end"]] == change["before"]
        assert index.position(change["start"]) == (change["line"], change["column"])
        if name.endswith((".jsonl", ".csv", ".tsv")):
            assert change["record"] == change["line"] or change["record"] < change["line"]  # a quoted field may span lines
            assert change["field"].split(".")[-1].split("[")[0] in PROSE


def test_jsonl_records_keep_their_fields_keys_and_order(cleaned):
    _, _, out, _ = cleaned
    before = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    after = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    for number, (old, new) in enumerate(zip(before, after), start=1):
        try:
            old_record = json.loads(old)
        except ValueError:
            assert new == old, f"line {number}: a broken line must be kept as it was"
            continue
        new_record = json.loads(new)
        if not isinstance(old_record, dict):
            assert new == old
            continue
        assert list(new_record) == list(old_record)
        for key, value in old_record.items():
            if key not in PROSE and key != "meta":
                assert new_record[key] == value, (number, key)
        assert new_record.get("meta", {}).get("source") == old_record.get("meta", {}).get("source")
    assert "Kiev" in after[0] and '"Kiev", "Donbass"' in after[0] and "Kiev Desk" in after[0]  # tags, author: not prose


def test_a_broken_json_line_is_reported_kept_and_fails_the_exit_status(cleaned):
    status, stderr, _, report = cleaned
    entry = report["articles.jsonl"]
    assert status == 4
    assert entry["status"] == "partial"
    assert [p["line"] for p in entry["problems"]] == [3, 6]
    assert "articles.jsonl:3: not valid JSON" in stderr and "articles.jsonl:6: not valid JSON" in stderr


def test_the_language_a_record_states_is_used(cleaned):
    _, _, out, _ = cleaned
    german = json.loads((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()[3])
    assert german["headline"] == "Selenskyj in Kiew"  # German house style, not English


@pytest.mark.parametrize("name", ["articles.csv", "articles.tsv"])
def test_csv_keeps_shape_quoting_and_other_columns(cleaned, name):
    _, _, out, _ = cleaned
    delimiter = "\t" if name.endswith(".tsv") else ","
    read = lambda path: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""), delimiter=delimiter))
    before, after = read(CORPUS / name), read(out / name)
    header = before[0]
    assert [len(row) for row in before] == [len(row) for row in after]
    for old, new in zip(before, after):
        for column, old_value, new_value in zip(header, old, new):
            if column not in PROSE:
                assert old_value == new_value
    raw = (out / name).read_text(encoding="utf-8")
    assert raw.count('"') == (CORPUS / name).read_text(encoding="utf-8").count('"')  # quoting as it was


def _html_shape(text: str) -> list:
    untouched = {"script", "style", "code", "pre", "kbd"}
    shape = []
    for node in LexborHTMLParser(text).root.traverse(include_text=True):
        if node.tag == "-text":
            if node.parent is not None and node.parent.tag in untouched:
                shape.append(node.text(deep=False))
        elif node.tag == "-comment":
            shape.append(node.html)
        else:
            shape.append((node.tag, {k: v for k, v in node.attributes.items() if k not in ("title", "alt", "content")}))
    return shape


def test_html_tags_attributes_code_and_comments_unchanged(cleaned):
    _, _, out, _ = cleaned
    before = (CORPUS / "article.html").read_text(encoding="utf-8")
    after = (out / "article.html").read_text(encoding="utf-8")
    assert _html_shape(before) == _html_shape(after)
    tree = LexborHTMLParser(after)
    assert tree.css_first("img").attributes["alt"] == "Kyiv skyline"
    assert tree.css_first("a").attributes == {"href": "https://example.com/Kiev/Zelenskiy", "title": "Kyiv news"}
    assert 'content="text/html; charset=utf-8"' in after  # the declaration says what the output is


def test_xml_elements_and_attributes_unchanged(cleaned):
    _, _, out, _ = cleaned
    before = list(ET.parse(CORPUS / "feed.xml").getroot().iter())
    after = list(ET.parse(out / "feed.xml").getroot().iter())
    assert [(e.tag, e.attrib) for e in before] == [(e.tag, e.attrib) for e in after]
    assert "Kiev raw CDATA Zelenskiy" in (out / "feed.xml").read_text(encoding="utf-8")


def _markdown_shape(text: str) -> list:
    shape = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        shape.append((token.type, token.map, token.content if token.type in ("fence", "code_block", "html_block") else None))
        for child in token.children or ():
            if child.type in ("code_inline", "link_open", "image"):
                shape.append((child.type, child.content if child.type == "code_inline" else child.attrs.get("href") or child.attrs.get("src")))
    return shape


def test_markdown_blocks_code_and_links_unchanged(cleaned):
    _, _, out, _ = cleaned
    before = (CORPUS / "article.md").read_text(encoding="utf-8")
    after = (out / "article.md").read_text(encoding="utf-8")
    shape_before, shape_after = _markdown_shape(before), _markdown_shape(after)
    code_and_links = lambda shape: [s for s in shape if s[0] in ("fence", "code_block", "code_inline", "link_open", "image")]
    assert [s[:2] for s in shape_before] == [s[:2] for s in shape_after]
    assert code_and_links(shape_before) == code_and_links(shape_after)
    assert "slug: zelenskiy-returns-to-kiev" in after and "tags: [Kiev, Donbass]" in after  # front matter: keys and other values
    assert "[Kiev][kiev-ref] or [kiev]." in after  # reference labels must keep matching their definitions


@pytest.mark.parametrize("format_name, text, expected", [
    ("html", '<p lang="en">Kiev <a href="/Kiev" class="Kiev" data-x="Zelenskiy">Kiev</a></p>',
             '<p lang="en">Kyiv <a href="/Kiev" class="Kiev" data-x="Zelenskiy">Kyiv</a></p>'),
    ("html", '<div lang="en"><script>if (a<b) Kiev();</script><style>.Kiev{}</style>Kiev</div>',
             '<div lang="en"><script>if (a<b) Kiev();</script><style>.Kiev{}</style>Kyiv</div>'),
    ("html", '<p lang="en">Chicken Kiev &amp;&nbsp;Kiev<!-- Kiev --><pre>Kiev</pre></p>',
             '<p lang="en">Chicken Kiev &amp;&nbsp;Kyiv<!-- Kiev --><pre>Kiev</pre></p>'),
    ("html", "<p lang='en' title='Kiev &apos;s' alt=Kiev>x</p>", "<p lang='en' title='Kyiv &apos;s' alt=Kyiv>x</p>"),
    ("xml", '<a lang="en"><![CDATA[Kiev]]><b k="Kiev">Kiev</b></a>', '<a lang="en"><![CDATA[Kiev]]><b k="Kiev">Kyiv</b></a>'),
    ("markdown", "---\nlang: en\nslug: kiev\n---\n`Kiev` and ``Kiev`` in Kiev\n", "---\nlang: en\nslug: kiev\n---\n`Kiev` and ``Kiev`` in Kyiv\n"),
    ("markdown", "---\nlang: en\n---\n```\nKiev\n```\n\n    Kiev\n\nKiev <https://Kiev.example> <b class=Kiev>Kiev</b>\n",
                 "---\nlang: en\n---\n```\nKiev\n```\n\n    Kiev\n\nKyiv <https://Kiev.example> <b class=Kiev>Kyiv</b>\n"),
    ("markdown", "---\nlang: en\n---\n[Kiev](https://k.ua/Kiev \"Kiev\") ![Kiev](kiev.png){#kiev}\n",
                 "---\nlang: en\n---\n[Kyiv](https://k.ua/Kiev \"Kiev\") ![Kyiv](kiev.png){#kiev}\n"),
    ("jsonl", '{"url": "Kiev", "tags": ["Kiev"], "id": "Zelenskiy", "title": "Kiev", "lang": "en"}\n',
              '{"url": "Kiev", "tags": ["Kiev"], "id": "Zelenskiy", "title": "Kyiv", "lang": "en"}\n'),
    ("jsonl", '{"title":"Kiev\\u2019s \\"Kiev talks\\"","body":["Kiev\\n",1],"lang":"en"}\r\n',
              '{"title":"Kyiv\\u2019s \\"Kyiv talks\\"","body":["Kyiv\\n",1],"lang":"en"}\r\n'),
    ("json", '{"author": "Kiev Desk", "summary": "Talks in Kiev at the caf\\u00e9", "language": "en"}',
             '{"author": "Kiev Desk", "summary": "Talks in Kyiv at the caf\\u00e9", "language": "en"}'),
    ("csv", 'slug,title,lang\nKiev,"Kiev ""Kiev talks""",en\n', 'slug,title,lang\nKiev,"Kyiv ""Kyiv talks""",en\n'),
    ("csv", "slug;body;lang\r\nKiev;Kiev;en\r\n", "slug;body;lang\r\nKiev;Kyiv;en\r\n"),
    ("tsv", "id\tsource\ttext\tlang\n1\tKiev\tKiev\ten\n", "id\tsource\ttext\tlang\n1\tKiev\tKyiv\ten\n"),
])
def test_only_prose_changes(pipeline, format_name, text, expected):
    result = clean_document(pipeline, text, format_name)
    assert result.text == expected
    assert clean_document(pipeline, result.text, format_name).text == result.text  # cleaning again changes nothing


@pytest.mark.parametrize("text, expected", [
    # the dish is the phrase around the tag: left alone, as in plain text
    ('<p>The restaurant served chicken <b>Kiev</b> and borscht to the visiting delegation.</p>',
     '<p>The restaurant served chicken <b>Kiev</b> and borscht to the visiting delegation.</p>'),
    # a German paragraph of an English page: the linked name takes the paragraph's language
    ('<p>Russian forces shelled the capital again on Tuesday, officials said, as the president met his '
     'ministers.</p><p>Die Lage in <i>Kyiv</i> bleibt angespannt, sagte Präsident Selenskij am Dienstag.</p>',
     '<p>Russian forces shelled the capital again on Tuesday, officials said, as the president met his '
     'ministers.</p><p>Die Lage in <i>Kiew</i> bleibt angespannt, sagte Präsident Selenskyj am Dienstag.</p>'),
    # the context of a name across a link: the given name before it
    ('<p>Volodimir <a href="/people/zelenskiy">Zelenskiy</a> visited <em>Kharkov</em>&nbsp;today.</p>',
     '<p>Volodymyr <a href="/people/zelenskiy">Zelensky</a> visited <em>Kharkiv</em>&nbsp;today.</p>'),
    # a word cut by a tag is two runs of text again: a rewrite never swallows the tag
    ('<p>President Zelen<b>skiy</b> said the army held its positions near Kiev.</p>',
     '<p>President Zelen<b>skiy</b> said the army held its positions near Kyiv.</p>'),
])
def test_inline_markup_does_not_cut_a_sentence(pipeline, text, expected):
    """`<b>`, `<a>`, `<em>`... mark up words inside one sentence: the stages read the sentence whole."""
    result = clean_document(pipeline, text, "html")
    assert result.text == expected
    assert all(text[change.start:change.end] == change.before for change in result.changes)
    assert clean_document(pipeline, result.text, "html").text == result.text


@pytest.mark.parametrize("text, expected", [
    ("The restaurant served chicken <em>Kiev</em> and borscht, see `Kiev()` and [Kharkov](https://k.example/).\n",
     "The restaurant served chicken <em>Kiev</em> and borscht, see `Kiev()` and [Kharkiv](https://k.example/).\n"),
    ("President Zelen<b>skiy</b> said the army held its positions near Kiev.\n",
     "President Zelen<b>skiy</b> said the army held its positions near Kyiv.\n"),
])
def test_a_link_or_inline_tag_does_not_cut_a_markdown_sentence(pipeline, text, expected):
    result = clean_document(pipeline, "---\nlang: en\n---\n" + text, "markdown")
    assert result.text == "---\nlang: en\n---\n" + expected
    assert clean_document(pipeline, result.text, "markdown").text == result.text


def test_a_markdown_file_whose_lines_end_in_a_carriage_return_is_read_as_markdown_it_counts_its_lines(pipeline):
    text = "---\nlang: en\r\ntitle: Kiev\r---\n# Kharkov\r\rThe mayor of Kiev spoke.\r"
    result = clean_document(pipeline, text, "markdown")  # a CR alone ends a line for markdown-it: once an IndexError
    assert result.text == "---\nlang: en\r\ntitle: Kyiv\r---\n# Kharkiv\r\rThe mayor of Kyiv spoke.\r"


def test_options_choose_fields_and_attributes():
    pipeline = Pipeline(Config(prose_fields=("headline",), prose_attributes=("aria-label",)))
    assert clean_document(pipeline, '{"headline": "Kiev", "body": "Kiev", "lang": "en"}', "json").text == \
        '{"headline": "Kyiv", "body": "Kiev", "lang": "en"}'
    assert clean_document(pipeline, '<p lang="en" title="Kiev" aria-label="Kiev">x</p>', "html").text == \
        '<p lang="en" title="Kiev" aria-label="Kyiv">x</p>'


def test_a_change_that_would_break_the_structure_is_refused():
    rules = parse_rules([("comma.toml", 'languages = ["en"]\n[[entity]]\nid = "k"\ncanonical = "Kyiv, Ukraine"\n'
                                        'variants = ["Kiev"]\n')])
    pipeline = Pipeline(Config(), rules)
    with pytest.raises(FormatError, match="structure"):
        clean_document(pipeline, "title,lang\nKiev,en\n", "csv")  # unquoted: the comma would make a new column
    assert clean_document(pipeline, 'title,lang\n"Kiev",en\n', "csv").text == 'title,lang\n"Kyiv, Ukraine",en\n'


@pytest.mark.parametrize("format_name, text, message", [
    ("json", '{"title": "Kiev",', "not valid JSON: Expecting property name"),
    ("csv", 'title\n"Kiev\n', "never closed"),
])
def test_unreadable_documents_fail_with_a_reason(pipeline, format_name, text, message):
    with pytest.raises(FormatError, match=message):
        clean_document(pipeline, text, format_name)


def test_declared_charset_is_honoured_and_rewritten(tmp_path):
    page = ('<html lang="en"><head><meta charset="windows-1251"><title>Kiev</title></head>'
            '<body><p>Зеленський in Kiev</p></body></html>\n')
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_bytes(page.encode("cp1251"))
    assert main(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "page.html").read_text(encoding="utf-8") == \
        page.replace("windows-1251", "utf-8").replace("Kiev", "Kyiv")


def test_format_flags_pick_the_reader(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    line = '{"title": "The talks in Kiev went on late into the night.", "author": "Kiev Desk", "url": "https://x/Kiev"}\n'
    for name in ("feed.txt", "feed.log", "photo.jpg"):
        (tmp_path / "in" / name).write_text(line, encoding="utf-8")
    assert main(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "a"), "-q"]) == 0
    assert (tmp_path / "a" / "feed.txt").read_text(encoding="utf-8") == \
        line.replace("in Kiev", "in Kyiv").replace("Kiev Desk", "Kyiv Desk")  # plain text: all of it is prose
    assert (tmp_path / "a" / "feed.log").read_text(encoding="utf-8") == line  # unknown extension: copied
    assert main(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "b"), "-q", "--format", "jsonl",
                 "--format", "log=jsonl"]) == 0
    expected = line.replace("in Kiev", "in Kyiv")  # JSON Lines: only the title
    assert (tmp_path / "b" / "feed.txt").read_text(encoding="utf-8") == expected
    assert (tmp_path / "b" / "feed.log").read_text(encoding="utf-8") == expected
    assert (tmp_path / "b" / "photo.jpg").read_text(encoding="utf-8") == line
    capsys.readouterr()
    assert main(["check", str(tmp_path / "in"), "--format", "jsonl"]) == 1
    assert "feed.txt:1:25: [title] Kiev -> Kyiv" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "in"), "--format", "yaml"]) == 2


def test_wmt_test_sets_cleaned_without_a_tag_or_attribute_changed(tmp_path):
    """The real multilingual WMT22/23 test sets as XML: every element and attribute as it was."""
    figures = []
    for name in ("wmt22-general-test", "wmt23-general-test"):
        source = shared_corpus(name) / "xml"
        report = clean_folder(source, tmp_path / name, report_paths=[tmp_path / f"{name}.json"])
        assert report.summary["failed"] == 0 and report.summary["partial"] == 0
        for path in sorted(source.glob("*.xml")):
            before = list(ET.parse(path).getroot().iter())
            after = list(ET.parse(tmp_path / name / path.name).getroot().iter())
            assert [(e.tag, e.attrib) for e in before] == [(e.tag, e.attrib) for e in after]
            figures.append(sum((a.text or "") != (b.text or "") for a, b in zip(before, after)))
        assert report.summary["replacements"] > 100
    assert all(figures)  # every file had prose to clean


def _jsonl_corpus_script():
    spec = importlib.util.spec_from_file_location("jsonl_corpus", ROOT / "scripts" / "jsonl_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_articles_as_json_lines_with_two_broken_lines(tmp_path):
    shared_corpus("zelenskyy-putin-press-releases")
    shared_corpus("ukraine-war-news-gdelt-en")
    script = _jsonl_corpus_script()
    source, broken_at = script.build(tmp_path, limit=60)
    report = clean_folder(tmp_path / "in", tmp_path / "out", report_paths=[tmp_path / "r.json"])
    (entry,) = report.files
    assert entry["status"] == "partial"
    assert [p["line"] for p in entry["problems"]] == broken_at
    figures = script.verify(source, tmp_path / "out" / "articles.jsonl", broken_at)
    assert figures["records"] == 60 and figures["records_changed"] > 10
    again = next(check_folder(tmp_path / "out"))
    assert again.changes == [] and [p["line"] for p in again.problems] == broken_at
