"""Bad rules files: each error names the file and the line."""

from __future__ import annotations

import pytest

from normalize.errors import RulesError
from normalize.rules.load import load_rules, parse_rules

GOOD = '''languages = ["en"]

[[entity]]
id = "kyiv"
canonical = "Kyiv"
variants = ["Kiev"]
'''


def error_of(*texts: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules([(f"f{i}.toml", text) for i, text in enumerate(texts)])
    return caught.value


def test_a_good_file_loads():
    assert parse_rules([("good.toml", GOOD)]).lexicon("en").forms[("kiev",)].canonical == "Kyiv"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('languages = ["en"\n[[entity]]\n', 2, "invalid TOML"),
        (GOOD + '\n[[entity]]\nid = "other"\ncanonical = "Other"\nvariants = [\n  "X",\n  "Kiev",\n]\n', 13, "already a form of entity 'kyiv'"),
        (GOOD + '\n[[entity]]\nid = "kiev"\ncanonical = "Kiev"\n', 10, "already a form of entity 'kyiv'"),
        (GOOD.replace('["Kiev"]', '["Kiev", ""]'), 6, "empty form"),
        (GOOD + 'exceptions = ["Chicken Kyiv", "Odessa, Texas"]\n', 7, "contains none of its forms"),
        (GOOD + 'varaints = ["Kyjiw"]\n', 3, "unknown key 'varaints'"),
        ('languages = ["en"]\n[[entity]]\ncanonical = "Kyiv"\n', 2, "needs an id"),
        (GOOD.replace('variants = ["Kiev"]', 'variants = "Kiev"'), 3, "must be a list"),
        (GOOD + 'inflection = { en = "en-none" }\n', 7, "no paradigm 'en-none'"),
        (GOOD + 'inflection = { en = "pl-x" }\n[[paradigm]]\nid = "pl-x"\nlanguage = "pl"\nendings = { nom = "i" }\n',
         7, "is for 'pl', not 'en'"),
        (GOOD + 'inflection = { en = "en-x" }\n[[paradigm]]\nid = "en-x"\nlanguage = "en"\nendings = { nom = "i" }\n',
         5, "does not end in the nominative ending 'i'"),
        (GOOD + '[[paradigm]]\nid = "en-x"\nlanguage = "en"\nendings = { gen = "s" }\n', 7, "with the nominative"),
        (GOOD + 'styles = { ap = { en = "Kyyiv" } }\n', 3, "style 'ap' is not declared"),
        ('styles = { default = "mine" }\n' + GOOD, 1, "do not redefine it"),
        (GOOD.replace('canonical = "Kyiv"', 'canonical = { en = "Kyiv" }') + 'unsettled = { en = ["Kyjiw", "Kiev"] }\n', 7,
         "both a canonical form and unsettled forms"),
        (GOOD.replace('canonical = "Kyiv"', 'canonical = { de = "Kiew" }') + 'unsettled = { en = "Kyiv" }\n', 3,
         "unsettled must look like"),
        (GOOD + '[[romanization]]\nlanguage = "uk"\n', 7, "needs a language, a system and letters"),
        (GOOD + '[[rejectd]]\nform = "x"\n', 1, "unknown key 'rejectd' in the file"),
        # Rules that would rewrite their own output: a second run would change it again.
        (GOOD + '[[entity]]\nid = "kyiv-city"\ncanonical = "Kyiv City"\nvariants = [\n  "Kyiv Town",\n]\n', 11,
         "a second run would rewrite 'kyiv town'"),
        (GOOD.replace('["Kiev"]', '["Kiev", "Kyi\u0308v"]'), 6, "write 'Kyïv'"),
        (GOOD.replace('["Kiev"]', '["Kiev", "Ｋｉｅｖ"]'), 6, "write 'Kiev'"),
    ],
)
def test_errors_name_file_and_line(text, line, words):
    error = error_of(text)
    assert (error.path, error.line) == ("f0.toml", line)
    assert words in str(error) and str(error).startswith(f"f0.toml:{line}: ")


def test_a_cycle_across_two_files_is_an_error():
    error = error_of(GOOD, 'languages = ["en"]\n[[entity]]\nid = "kiev-style"\ncanonical = "Kiev"\nvariants = ["Kyiv"]\n')
    assert error.path == "f1.toml" and error.line == 4


def test_a_later_file_extends_an_entity():
    rules = parse_rules([("a.toml", GOOD), ("b.toml", '[[entity]]\nid = "kyiv"\nvariants = ["Kyjiw"]\n')])
    assert rules.lexicon("en").forms[("kyjiw",)].rule == "b.toml:3"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RulesError, match="missing.toml: cannot read"):
        load_rules([tmp_path / "missing.toml"])
