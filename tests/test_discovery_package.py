"""The discovery package: its data file is checked when read, and its records name their fields.

Its imports (downwards only; the per-article counts need neither the rules nor the clustering) are
held by tests/test_layers.py."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from normalize.discovery.data import DATA_FILE, DiscoveryData, discovery_data, parse_discovery_data
from normalize.discovery.names import NameCounts
from normalize.discovery.samples import gather_samples
from normalize.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "normalize"
SHIPPED = (PACKAGE / "discovery" / DATA_FILE).read_text(encoding="utf-8")


def test_the_shipped_data_validates():
    data = discovery_data()
    assert isinstance(data, DiscoveryData) and data == parse_discovery_data(DATA_FILE, SHIPPED)
    assert data.similarity.thresholds == ((8, 0.85), (6, 0.9)) and "en" in data.evidence.endings


def _line_of(text: str) -> int:
    return SHIPPED[:SHIPPED.index(text)].count("\n") + 1


@pytest.mark.parametrize("old, new, message", [
    ("lower_share = 0.02", "lower_share = 2", "[candidates] lower_share must be a number from 0 to 1, not 2"),
    ("lower_share = 0.02", "lower_shar = 0.02", "[candidates] unknown key 'lower_shar'; known: lower_share"),
    ("block_limit = 50", 'block_limit = "50"', "[similarity] block_limit must be a whole number, 0 or more, not '50'"),
    ("thresholds = [[8, 0.85], [6, 0.9]]", "thresholds = [[6, 0.9], [8, 0.85]]", "longest first"),
    ('vowels = "aeiou"', 'vowels = ""', "[fold] vowels must be a string of letters"),
    ('en = ["s", "es", "n", "an"]', 'en = ["s", 1]', "[evidence.endings] en must be a list of endings"),
    ("[evidence.endings]", "[evidence.ending]", "[evidence] unknown key 'ending'"),
    ("[evidence.endings]", "[other]", "unknown key 'other'"),
    ("same_sentence = 2", "same_sentence = 2 2", "invalid TOML"),
    ("[fold]", "[fold]\n[candidates]", "invalid TOML"),
], ids=["fraction", "unknown-key", "number-type", "thresholds-order", "vowels", "endings", "table-name",
        "unknown-table", "toml", "toml-table"])
def test_an_invalid_data_file_is_an_error_naming_file_and_line(old, new, message):
    line = _line_of(old) + new.count("\n")  # the last line of what is put in
    with pytest.raises(DataFileError) as raised:
        parse_discovery_data("data/discovery.toml", SHIPPED.replace(old, new, 1))
    assert (raised.value.path, raised.value.line) == ("data/discovery.toml", line)
    assert str(raised.value).startswith(f"data/discovery.toml:{line}: ") and message in str(raised.value)


def test_a_missing_setting_is_an_error_naming_its_table():
    with pytest.raises(DataFileError) as raised:
        parse_discovery_data("d.toml", SHIPPED.replace("block_limit = 50", ""))
    assert str(raised.value).startswith(f"d.toml:{_line_of('[similarity]')}: [similarity] the key 'block_limit' is missing")


def test_a_sample_names_its_fields():
    text = "First line.\nThe talks with Zelenskiy went on."
    counts = NameCounts.of_article("a.txt", text, "en")
    assert counts.forms[("en", "Zelenskiy")].paths == ("a.txt",)
    (sample,) = gather_samples({("en", "Zelenskiy"): ("a.txt",)}, {"a.txt": text}.get)[("en", "Zelenskiy")]
    assert (sample.path, sample.offset, sample.line, sample.column) == ("a.txt", 27, 2, 16)
    assert (sample.around, sample.before, sample.more_after) == ("The talks with Zelenskiy went on.", 15, False)
    assert NameCounts.from_json(json.loads(json.dumps(counts.to_json()))) == counts


def test_tests_use_public_names_of_discovery():
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("normalize.discover"):
                assert not [a.name for a in node.names if a.name.startswith("_")], path.name
