"""scripts/eval_lexicons.py: its labels are data under test, and its corpus miner finds only lowercase prose.

No lexicon is needed here: the lexicons themselves are measured by the script, not by the tests.
"""

from __future__ import annotations

import pytest

import eval_lexicons  # scripts/, on the path from conftest


@pytest.mark.parametrize("text, found", [
    ("Один из беглых львов улегся на крыше.", ["львов"]),
    ("Львов. львов стоит", []),                      # capitalised, then sentence-initial
    ("see kiev.com or @kiev or /kiev/ now", []),     # a domain, a handle, a path
    ("«львов» и (львов)", []),                       # after a quote or a bracket it may be capitalised anyway
    ("львовом", []),                                 # another word, though it starts like one
])
def test_lowercase_mid_sentence_finds_only_lowercase_prose(text, found):
    assert [m.group() for m in eval_lexicons.lowercase_mid_sentence(text, frozenset({"львов", "kiev"}))] == found


def test_every_labelled_common_word_is_still_a_form_of_the_rules():
    labels = eval_lexicons.read_labels()
    for language in eval_lexicons.LANGUAGES:
        common, names = eval_lexicons.split_words(language, labels)
        assert not set(common) & set(names)
    assert {language for (_, language), label in labels.items() if label == "common"} == {"pl", "uk", "ru"}


def test_labels_are_unique_and_give_a_reason():
    rows = [line.split("\t") for line in eval_lexicons.LABELS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0] == ["word", "language", "label", "reason"]
    keys = [(row[0], row[1]) for row in rows[1:]]
    assert len(keys) == len(set(keys))
    assert all(len(row) == 4 and row[3].startswith(("corpus ", "dictionary")) for row in rows[1:])


def test_a_label_that_is_neither_common_nor_name_is_refused(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("# a comment\nword\tlanguage\tlabel\treason\nlwów\tpl\tmaybe\tdictionary\n", encoding="utf-8")
    with pytest.raises(ValueError, match="neither common nor name"):
        eval_lexicons.read_labels(path)
