"""Entities declared by their native names (issue 18): the ``native`` and ``former`` fields, the
spellings derived from them by each romanisation system, and the ``rules show``/``rules lint`` commands."""

from __future__ import annotations

import pytest

from normalize.errors import RulesError
from normalize.rules.load import parse_rules

HEADER = 'languages = ["en", "de", "pl", "uk", "ru"]\n'


def _rules(body: str):
    return parse_rules([("my.toml", HEADER + body)])


def test_native_and_former_are_read():
    rules = _rules('[[entity]]\nid = "dnipro"\nkind = "place"\ncanonical = { default = "Dnipro" }\n'
                   'native = { uk = "Дніпро", ru = "Днепр" }\nformer = ["Dnipropetrovsk", "Днепропетровск"]\n')
    entity = rules.entities["dnipro"]
    assert entity.native == {"uk": "Дніпро", "ru": "Днепр"}
    assert entity.former == ["Dnipropetrovsk", "Днепропетровск"]
    assert entity.rule_of("Dnipropetrovsk") == "my.toml:7"


@pytest.mark.parametrize("field, line, words", [
    ('native = { uk = "Yermak" }', 5, "not written in the script of 'uk'"),
    ('native = { xx = "Єрмак" }', 5, "no romanisation is known"),
    ('native = "Єрмак"', 4, "native must be a table"),
    ('former = "Artemivsk"', 4, "former must be a list"),
])
def test_native_errors_name_file_and_line(field, line, words):
    with pytest.raises(RulesError) as error:
        _rules(f'[[entity]]\nid = "yermak"\n\n{field}\n' if line == 5 else f'[[entity]]\nid = "yermak"\n{field}\n')
    assert f"my.toml:{line}" in str(error.value) and words in str(error.value)
