"""Guarantee "rules are safe": a rules file the loader accepts cleans idempotently, and
`normalize review` writes only the rule a reviewer decided, one writer at a time.

1. Stability: every rule the loader accepts leaves its own output alone (property test
   over generated rules with punctuation at the edges and between the words of forms).
2. Review writes TOML with a serializer from validated report fields: a crafted
   report cannot inject a rule.
3. Two reviews of one rules file at once keep both decisions; the write is atomic,
   keeps the file's mode and a backup of the previous version.
4. Messages: a malformed report, a form of punctuation only, a rules path that is
   not a regular file, each named with what to do.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from normalize import Pipeline
from normalize.errors import RulesError
from normalize.rules import parse_rules

# --- 1. Stability ------------------------------------------------------------------------

ENTITY = '[[entity]]\nid = "{id}"\ncanonical = {canonical}\nvariants = {variants}\n'


def rules_text(*entities: tuple[str, str, list[str]], extra: str = "") -> str:
    """A rules file of ``(id, canonical, variants)`` entities, in English."""
    return 'languages = ["en"]\n' + "".join(
        ENTITY.format(id=i, canonical=json.dumps(c, ensure_ascii=False), variants=json.dumps(v, ensure_ascii=False))
        for i, c, v in entities
    ) + extra


def load(text: str):
    return parse_rules([("r.toml", text)])


def clean(rules, text: str) -> str:
    return Pipeline(rules=rules).clean_text(text, "en").text


@pytest.mark.parametrize("canonical, edge", [
    ("Yahoo!", "'!'"), ("(Kyiv)", "'('"), (".NET Foundation", "'.'"), ("Kyiv.", "'.'"), ("’t Hooft", "'’'"),
    ("Jeopardy! ", "'! '"), ("Kyiv\u200b", "'\\u200b'"),
])
def test_a_canonical_that_begins_or_ends_outside_a_word_is_refused(canonical, edge):
    """On e8dfd5e ``Yahoo!`` loaded, and every run added a '!': Yahoo! -> Yahoo!! -> Yahoo!!!."""
    with pytest.raises(RulesError) as error:
        load(rules_text(("y", canonical, ["Yahooo"])))
    assert error.value.path == "r.toml" and error.value.line == 4
    assert edge in error.value.message and "not part of a word" in error.value.message


def test_a_variant_with_punctuation_at_its_edge_is_refused():
    with pytest.raises(RulesError, match=r"'Kiev!' ends with '!'.*a variant would match without it; write 'Kiev'"):
        load(rules_text(("kyiv", "Kyiv", ["Kiev!"])))


def test_a_canonical_whose_words_do_not_join_is_refused():
    """``Kyiv. Pechersk``: the '. ' ends a sentence, so a second run reads 'Kyiv' alone and rewrites it again."""
    text = rules_text(("lavra", "Kyiv. Pechersk", ["Kievo-Pechersk"]), ("kyiv-city", "Kyiv City", ["Kyiv"]))
    with pytest.raises(RulesError, match=r"has '\. ' between 'Kyiv' and 'Pechersk'"):
        load(text)


def test_a_paradigm_that_writes_punctuation_at_the_end_is_refused():
    paradigm = '[[paradigm]]\nid = "en-x"\nlanguage = "en"\nendings = { nom = "", gen = "!" }\n'
    text = rules_text(("kyiv", "Kyiv", ["Kiev"]), extra='inflection = { en = "en-x" }\n' + paradigm)
    with pytest.raises(RulesError, match=r"paradigm 'en-x' writes the gen of 'Kyiv'.*ends with '!'") as error:
        load(text)
    assert error.value.line == 7


def test_a_written_form_that_a_second_run_reads_otherwise_is_refused():
    """'NYC' becomes 'New York'; the exception 'York' of another entity blocks its second word, so a
    second run would read 'New' alone and rewrite it to 'Neu'."""
    text = rules_text(("new-york", "New York", ["NYC"]), ("york", "Yorkshire", ["York"]), ("neu", "Neu", ["New"]))
    text = text.replace('variants = ["York"]\n', 'variants = ["York"]\nexceptions = ["York"]\n')
    with pytest.raises(RulesError, match="a second run would rewrite 'New' to 'Neu'"):
        load(text)


def test_capitals_of_a_name_with_an_uncased_letter_stay_capitals():
    """On e8dfd5e 'XIAN' became 'XIʼAN' and then 'Xiʼan': the ʼ (no case) made it not count as capitals."""
    rules = load(rules_text(("xian", "Xiʼan", ["Xian"])))
    once = clean(rules, "XIAN and Xian.")
    assert once == "XIʼAN and Xiʼan." and clean(rules, once) == once


FORM_WORDS = ["Kyiv", "Kiev", "Ab", "ab", "Yahoo", "Ü"]
FORM_GAPS = [" ", " ", "-", "'", ". ", "! ", ", ", "  ", "\n", "…"]
FORM_EDGES = ["", "", "", "", "", "", "", "!", "(", ")", ".", "'", "’", "?"]


@st.composite
def punctuated_form(draw) -> str:
    """A name of one to three words, with gaps between them and punctuation at its edges."""
    words = draw(st.lists(st.sampled_from(FORM_WORDS), min_size=1, max_size=3))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(FORM_GAPS)) + word
    return draw(st.sampled_from(FORM_EDGES)) + text + draw(st.sampled_from(FORM_EDGES))


@st.composite
def punctuated_rules(draw) -> str:
    """A rules file whose forms begin, end or are joined by punctuation, some with a paradigm."""
    lines = ['languages = ["en"]', "[[paradigm]]", 'id = "en-x"', 'language = "en"',
             f'endings = {{ nom = "", gen = {json.dumps(draw(st.sampled_from(["s", "’s", "a", "!", "-a", " a"])))} }}']
    for number in range(draw(st.integers(1, 3))):
        lines += ["[[entity]]", f'id = "e{number}"', f"canonical = {json.dumps(draw(punctuated_form()))}",
                  f"variants = {json.dumps(draw(st.lists(punctuated_form(), max_size=3)))}"]
        if draw(st.booleans()):
            lines.append(f"exceptions = {json.dumps(draw(st.lists(punctuated_form(), max_size=2)))}")
        if draw(st.booleans()):
            lines.append('inflection = { en = "en-x" }')
    return "\n".join(lines) + "\n"


punctuated_texts = st.lists(
    st.tuples(st.one_of(st.sampled_from(FORM_WORDS), punctuated_form(), punctuated_form().map(str.upper)),
              st.sampled_from([" ", " ", ", ", ". ", "\n", "-", "’s ", "!", "?"])),
    max_size=12,
).map(lambda pairs: "".join(w + s for w, s in pairs))


@settings(max_examples=400)
@given(punctuated_rules(), punctuated_texts)
def test_any_rules_the_loader_accepts_clean_their_own_output_alone(rules_file, text):
    """For any rules file the loader accepts, cleaning twice gives what cleaning once gives."""
    try:
        rules = load(rules_file)
    except RulesError:
        return  # refused, with file and line (the tests above)
    once = clean(rules, text)
    assert clean(rules, once) == once
