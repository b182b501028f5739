"""Guarantee "fuzzing": the decoder, the rules loader and every format reader, fed hostile
input by hypothesis, raise nothing but their documented errors.

Documented errors: DecodeError (bytes that are not text), RulesError (a bad rules
file: it names the file and, where there is one, the line), FormatError (a document
a reader cannot take apart safely; the file fails with the reason).  Examples are
fixed (derandomised, see conftest) and counted: max_examples in each test.
"""

from __future__ import annotations

import codecs

from hypothesis import given, settings, strategies as st

from normalize import Pipeline
from normalize.errors import DecodeError, RulesError
from normalize.formats import READERS, FormatError, clean_document
from normalize.rules.load import builtin_rule_files, load_rules, parse_rules
from normalize.stages.decode import decode_bytes
from strategies import articles

PIPELINE = Pipeline()
CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1251", "cp1252", "latin-1", "koi8-u", "iso8859-2"]


@st.composite
def encoded(draw) -> bytes:
    """Text in some codec, perhaps with a declared charset, a byte-order mark, or bytes cut and spliced."""
    text = draw(articles(12))
    declared = draw(st.sampled_from(["", '<meta charset="{}">', '<?xml version="1.0" encoding="{}"?>']))
    codec = draw(st.sampled_from(CODECS))
    data = (declared.format(draw(st.sampled_from([codec, "bogus-9", "utf-7", "utf-8"]))) + text).encode(codec, "replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut + draw(st.integers(0, 4)):]
    return draw(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE])) + data


@settings(max_examples=400)
@given(st.one_of(st.binary(max_size=300), encoded()))
def test_the_decoder_returns_text_or_a_decode_error(data):
    try:
        decoded = decode_bytes(data)
    except DecodeError as error:
        assert str(error)
        return
    assert isinstance(decoded.text, str) and "\x00" not in decoded.text
    assert 0.0 <= decoded.confidence <= 1.0 and decoded.encoding


GOOD_RULES = builtin_rule_files()[0][1][:6000]


@st.composite
def mangled_rules(draw) -> str:
    """A real rules file with characters deleted, inserted and replaced, or TOML built from odd pieces."""
    if draw(st.booleans()):
        text = GOOD_RULES
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 30))
            text = text[:at] + draw(st.sampled_from(["", '"', "[", "]", "=", "\n", "[[entity]]\n", "{", "}", ",", "#", "\\", "\x00", "'", "ü"])) + text[at + cut:]
        return text
    pieces = st.sampled_from([
        'languages = ["en"]', "[[entity]]", 'id = "x"', 'id = "y"', 'canonical = "Kyiv"', 'canonical = { en = "Kiev", de = "Kyiv" }',
        'variants = ["Kiev", "KYIV"]', 'variants = [""]', "variants = [1, 2]", 'exceptions = ["Chicken Kiev"]',
        'context_variants = { before = "x", forms = ["Vladimir"] }', 'inflection = { pl = "pl-x" }',
        '[[paradigm]]\nid = "pl-x"\nlanguage = "pl"\nendings = { nom = "i", gen = "iego" }', 'styles = { ap = { en = "K" } }',
        'unsettled = { en = ["A", "B"] }', "[[romanization]]", 'canonical = "Kyïv"', "canonical = 3", "x = 1", "[entity]",
    ])
    return "\n".join(draw(st.lists(pieces, max_size=14))) + "\n"


@settings(max_examples=300)
@given(mangled_rules())
def test_the_rules_loader_accepts_or_names_file_and_line(text):
    try:
        rules = parse_rules([("fuzz.toml", text)])
    except RulesError as error:
        assert error.path == "fuzz.toml" and str(error).startswith("fuzz.toml")
        assert error.line is None or 1 <= error.line <= text.count("\n") + 1
        return
    for language in sorted(rules.languages):  # what was accepted compiles and cleans
        Pipeline(rules=rules).clean_text("Kiev, KYIV and Vladimir Zelenskiy in Kyïv.", language)


@settings(max_examples=20)
@given(st.binary(max_size=200))
def test_a_rules_file_that_is_not_utf8_is_named(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("rules") / "bytes.toml"
    path.write_bytes(b"\xff" + data)
    try:
        load_rules([path], builtin=False)
    except RulesError as error:
        assert error.path == str(path)


def _document(format_name: str):
    """Documents of ``format_name`` with hostile text inside and around their structure."""
    text, word = articles(10), st.sampled_from(["Kiev", "<", "&amp;", '"', "'", ",", "\n", "`", "[", "]", "{", "}", "\\", "---", "# "])
    shapes = {
        "text": text,
        "markdown": st.tuples(text, text, word).map(lambda t: f"---\ntitle: {t[2]}{t[0][:40]}\n---\n# {t[0]}\n\n> {t[1]}\n\n```\n{t[0]}\n```\n- [{t[1]}](https://x.com/Kiev) `{t[2]}`\n"),
        "html": st.tuples(text, text, word).map(lambda t: f"<html><head><title>{t[0]}</title><script>var k='{t[1]}'</script></head><body><p title=\"{t[2]}\">{t[0]}<b>{t[1]}</b><!-- {t[2]} --><pre>{t[0]}</pre></p><img alt=\"{t[1]}\">"),
        "xml": st.tuples(text, word).map(lambda t: f'<?xml version="1.0"?><doc><seg id="1">{t[0]}</seg><seg>{t[1]}</seg><![CDATA[{t[0]}]]></doc>'),
        "jsonl": st.lists(st.tuples(text, word), max_size=4).map(lambda rows: "".join(
            f'{{"title": {t[0][:30]!r}, "text": "{t[0]}{t[1]}", "lang": "en", "n": [1, {{"body": "{t[1]}"}}]}}\n' for t in rows)),
        "json": st.tuples(text, word).map(lambda t: f'[{{"headline": "{t[0]}", "body": {{"text": "{t[1]}"}}}}]'),
        "csv": st.lists(st.tuples(text, word), max_size=4).map(lambda rows: "id,text,lang\n" + "".join(
            f'{i},"{t[0]}{t[1]}",en\n' for i, t in enumerate(rows))),
        "tsv": st.lists(text, max_size=4).map(lambda rows: "id\ttext\n" + "".join(f"{i}\t{t}\n" for i, t in enumerate(rows))),
    }
    return st.one_of(shapes[format_name], text)


@settings(max_examples=25)
@given(st.data())
def test_every_format_reader_reads_or_refuses_with_a_format_error(data):
    for format_name in READERS:
        document = data.draw(_document(format_name), label=format_name)
        try:
            cleaned = clean_document(PIPELINE, document, format_name)
        except FormatError as error:
            assert str(error)
            continue
        if not cleaned.problems:  # cleaning the output again changes nothing
            again = clean_document(PIPELINE, cleaned.text, format_name)
            assert again.text == cleaned.text, format_name
