"""Write rules/conventions/common_words.toml: which one-word derived spellings of the built-in rules
are common words of which language, as the lexicons of normalize/stages/common_words.py say.

Deriving spellings from native names (normalize/rules/derive.py) leaves out a form that a
Latin-script language of the rules knows as a common word.  Asking the lexicons means reading
six of them (seconds at every start); this table records their answers for the built-in rules,
and the lexicons are asked only of words or languages it does not hold (a user's rules).
tests/test_rules_native.py checks that the table is current: after changing a `native` name in
rules/, run

    python scripts/derived_common_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import tomli_w

from normalize.rules.derive import COMMON_WORDS_FILE, latin_languages, one_word_spellings
from normalize.rules.load import load_rules
from normalize.stages.common_words import common_word_source

TABLE = Path(__file__).resolve().parent.parent / "rules" / COMMON_WORDS_FILE
HEADER = """\
# Which one-word spellings derived from the native names of the built-in rules are common words
# of which language (the lexicons of normalize/stages/common_words.py), so that loading the rules
# need not read every lexicon.  Written by scripts/derived_common_words.py; do not edit by hand.
"""


def table_text() -> str:
    """The table for the built-in rules as they are now."""
    rules = load_rules()
    languages = latin_languages(rules)
    words = {word: [language for language in languages if common_word_source(word, language)]
             for word in one_word_spellings(rules)}
    return HEADER + tomli_w.dumps({"checked": languages, "words": words})


if __name__ == "__main__":
    TABLE.write_text(table_text(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(Path.cwd()) if TABLE.is_relative_to(Path.cwd()) else TABLE}", file=sys.stderr)
