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
import os
import stat
import subprocess
import sys
import threading
import tomllib

import pytest
from hypothesis import given, settings, strategies as st

from normalize import Pipeline
from normalize.errors import NormalizeError, RulesError
from normalize.review import decisions
from normalize.review.decisions import Decision, RulesFile
from normalize.review.prompt import describe
from normalize.review.suggestions import load_suggestions
from normalize.rules.load import load_rules, parse_rules

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


def test_a_canonical_around_a_rewritten_name_is_refused_unless_its_spellings_are_forms_too():
    """'Kiev oblast' became 'Kyiv oblast', and a second run re-cased it to 'Kyiv Oblast' (e8dfd5e only
    looked at variants, not at canonicals around a rewritten name).  With 'Kiev Oblast' a variant of
    the oblast, the first run reads the whole name, and the rules load."""
    kyiv = ("kyiv", "Kyiv", ["Kiev"])
    with pytest.raises(RulesError, match="the form 'kyiv oblast' of entity 'oblast' overlaps 'kyiv'") as error:
        load(rules_text(kyiv, ("oblast", "Kyiv Oblast", ["Kyivska Oblast"])))
    assert error.value.line == 8
    rules = load(rules_text(kyiv, ("oblast", "Kyiv Oblast", ["Kyivska Oblast", "Kiev Oblast"])))
    once = clean(rules, "Kiev oblast, KIEV Oblast and Kiev.")
    assert once == "Kyiv Oblast, Kyiv Oblast and Kyiv." and clean(rules, once) == once


def test_capitals_of_a_name_with_an_uncased_letter_stay_capitals():
    """On e8dfd5e 'XIAN' became 'XIʼAN' and then 'Xiʼan': the ʼ (no case) made it not count as capitals."""
    rules = load(rules_text(("xian", "Xiʼan", ["Xian"])))
    once = clean(rules, "XIAN and Xian.")
    assert once == "XIʼAN and Xiʼan." and clean(rules, once) == once


FORM_WORDS = ["Kyiv", "Kiev", "Ab", "ab", "Yahoo", "Ü"]
FORM_GAPS = [" ", " ", "-", "'", ". ", "! ", ", ", "  ", "\n", "…"]
FORM_EDGES = ["!", "(", ")", ".", "'", "’", "?", "\u200b"]


@st.composite
def punctuated_form(draw) -> str:
    """A name of one to three words, with gaps between them and, one time in eight, punctuation at an edge
    (most such files are refused, and the accepted ones are what the property is about)."""
    words = draw(st.lists(st.sampled_from(FORM_WORDS), min_size=1, max_size=3))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(FORM_GAPS)) + word
    if draw(st.integers(0, 7)) == 0:
        text = draw(st.sampled_from(["", *FORM_EDGES])) + text + draw(st.sampled_from(["", *FORM_EDGES]))
    return text


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


# --- Review: reports are checked, rules are serialized, decisions are written one at a time -----

EVIL = '"\n[[entity]]\nid = "evil"\ncanonical = "Evil"\nvariants = ["Good"]\n#'


def suggestion(id: str = "s-0123456789", language: str = "en", canonical: str = "Gaddafi",
               forms: tuple[str, ...] = ("Gaddafi", "Qaddafi")) -> dict:
    """A suggestion as discover writes it."""
    return {"id": id, "language": language, "canonical": canonical, "canonical_from": "most frequent",
            "entity": "gaddafi", "extends": False, "count": 5, "score": 0.9, "why": "test",
            "variants": [{"form": form, "count": 1, "files": 1, "known": None, "contexts": [f"… {form} …"]}
                         for form in forms]}


def write_report(folder, *suggestions: dict, **replace) -> str:
    report = {"schema": "normalize.report/1", "summary": {}, "files": [], "suggestions": list(suggestions), **replace}
    (folder / "r.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return "r.json"


def review(folder, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", "review", *args, "--rules-out", "local.toml",
                           "--no-builtin-rules"], capture_output=True, text=True, cwd=folder, timeout=timeout)


def test_review_refuses_a_canonical_a_second_run_would_change(tmp_path):
    """On e8dfd5e `--accept ID=Gaddafi!` wrote a rule that added a '!' on every run."""
    result = review(tmp_path, write_report(tmp_path, suggestion()), "--accept", "s-0123456789=Gaddafi!")
    assert result.returncode == 3
    assert "local.toml: nothing written" in result.stderr and "'Gaddafi!' ends with '!'" in result.stderr
    assert not (tmp_path / "local.toml").exists()


@pytest.mark.parametrize("field, crafted, says", [
    ("id", "s-0123456789" + EVIL, "'id' must be an id such as"),
    ("language", 'en = "x" }\n[[entity]]\nid = "evil"\ncanonical = { en', "'language' must be a language code"),
    ("language", "xx", "'language' must be a language code"),
    ("canonical", "Gaddafi" + EVIL, "'canonical' must be a name on one line"),
    ("form", "Qaddafi" + EVIL, "variant 2 'form' must be a name on one line"),
    ("form", "Qad\u202edafi", "variant 2 'form' must be a name on one line"),
])
def test_a_crafted_report_cannot_write_a_rule_of_its_own(tmp_path, field, crafted, says):
    """On e8dfd5e a report's id went into a comment and its language in as a bare key, unescaped:
    accepting the suggestion wrote the report's own [[entity]]."""
    crafted_suggestion = suggestion()
    if field == "form":
        crafted_suggestion["variants"][1]["form"] = crafted
    else:
        crafted_suggestion[field] = crafted
    report = write_report(tmp_path, crafted_suggestion)
    result = review(tmp_path, report, "--accept", crafted_suggestion["id"])
    assert result.returncode == 2, result.stderr
    assert "r.json: suggestion 1" in result.stderr and says in result.stderr and "normalize discover" in result.stderr
    assert not (tmp_path / "local.toml").exists()


def test_a_report_path_cannot_write_a_rule_through_the_comment(tmp_path):
    """The comment names the report; on e8dfd5e a line break in its name ended the comment."""
    rules_file = RulesFile(tmp_path / "local.toml", [], "r.json" + EVIL)
    rules_file.record(Decision(suggestion(), True))
    written = tomllib.loads((tmp_path / "local.toml").read_text(encoding="utf-8"))
    assert [table["id"] for table in written["entity"]] == ["gaddafi"]


def test_what_review_writes_loads_back_as_exactly_the_decision(tmp_path):
    forms = ("Gad\\dafi", 'Qad"dafi', "Ghadd’afi", "Kaddafi")
    rules_file = RulesFile(tmp_path / "local.toml", [], "r.json")
    rules_file.record(Decision(suggestion(canonical="Gad\\dafi", forms=forms), True, leave_out=["Kaddafi"]))
    written = tomllib.loads((tmp_path / "local.toml").read_text(encoding="utf-8"))
    assert written == {
        "entity": [{"id": "gad-dafi", "canonical": {"en": "Gad\\dafi"}, "variants": ['Qad"dafi', "Ghadd’afi"]}],
        "rejected": [{"language": "en", "forms": [form, "Kaddafi"]} for form in forms[:3]],
    }


def test_two_reviews_at_once_keep_both_decisions(tmp_path, monkeypatch):
    """Both reviews read the file before either writes (a barrier); on e8dfd5e the second write
    dropped the first one's decision.  Now the second waits for the lock and reads the file again."""
    barrier, seen = threading.Barrier(2), threading.local()
    parse = decisions.parse_rules

    def parse_after_both_read(sources):
        if not getattr(seen, "waited", False):
            seen.waited = True
            try:
                barrier.wait(timeout=2)  # the review holding the lock does not wait for the other
            except threading.BrokenBarrierError:
                pass
        return parse(sources)

    monkeypatch.setattr(decisions, "parse_rules", parse_after_both_read)
    path = tmp_path / "local.toml"
    both = [Decision(suggestion("s-000000000a", canonical="Gaddafi"), True),
        Decision(suggestion("s-000000000b", canonical="Navalny", forms=("Navalny", "Navalnyy")), False)]
    errors = []

    def decide(decision):
        try:
            RulesFile(path, [], "r.json").record(decision)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=decide, args=(decision,)) for decision in both]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e["id"] for e in written["entity"]] == ["gaddafi"] and written["rejected"][0]["forms"][0] == "Navalny"


def test_a_decision_keeps_the_files_mode_and_a_backup_of_the_previous_version(tmp_path):
    path = tmp_path / "local.toml"
    RulesFile(path, [], "r.json").record(Decision(suggestion("s-000000000a"), True))
    os.chmod(path, 0o600)
    before = path.read_bytes()
    RulesFile(path, [], "r.json").record(Decision(suggestion("s-000000000b", forms=("Navalny", "Navalnyy")), False))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (tmp_path / "local.toml.bak").read_bytes() == before
    assert stat.S_IMODE((tmp_path / "local.toml.bak").stat().st_mode) == 0o600
    assert path.read_bytes().startswith(before.rstrip())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")] == []


# --- Messages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("report, says", [
    ("{not json", "r.json: not a JSON report"),
    ('{"schema": "other/1"}', 'r.json: not a normalize report (no "schema": "normalize.report/1")'),
    ('{"schema": "normalize.report/1", "suggestions": {"s-0123456789": {}}}', 'r.json: "suggestions" is not a list'),
    ('{"schema": "normalize.report/1", "suggestions": [{"id": "s-0123456789"}]}',
     "r.json: suggestion 1 (s-0123456789) has no 'language'"),
    ('{"schema": "normalize.report/1", "suggestions": ["s-0123456789"]}', "r.json: suggestion 1 is str, not an object"),
])
def test_a_malformed_report_is_named_with_what_is_wrong(tmp_path, report, says):
    """On e8dfd5e a suggestion without its keys crashed `review` with a KeyError."""
    (tmp_path / "r.json").write_text(report, encoding="utf-8")
    result = review(tmp_path, "r.json", "--accept", "s-0123456789")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert says in result.stderr


@pytest.mark.parametrize("change, says", [
    (lambda s: s["variants"].__setitem__(0, {"form": "Gaddafi"}), "suggestion 1 (s-0123456789) variant 1 has no 'count'"),
    (lambda s: s["variants"][1].__setitem__("count", "3"), "variant 2 'count' must be a whole number, not \"3\""),
    (lambda s: s.__setitem__("variants", "Gaddafi"), "'variants' must be a list of the forms"),
    (lambda s: s.__setitem__("extends", "no"), "'extends' must be true or false"),
    (lambda s: s.__setitem__("language", ["en"]), "'language' must be a language code such as \"en\", not [\"en\"]"),
], ids=["variant-without-count", "count-as-text", "variants-as-text", "extends-as-text", "language-as-list"])
def test_a_suggestion_with_wrong_types_is_named_with_what_is_wrong(tmp_path, change, says):
    wrong = suggestion()
    change(wrong)
    result = review(tmp_path, write_report(tmp_path, wrong))  # interactive: every suggestion is read first
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert says in result.stderr and "run `normalize discover` again" in result.stderr


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=6)


@settings(max_examples=200)
@given(st.sampled_from([*suggestion(), "variants.0", "variants.1.form", "variants.1.count", "variants.0.contexts"]),
       json_values)
def test_any_value_in_any_field_of_a_report_is_checked_or_refused_by_name(tmp_path_factory, field, value):
    """Whatever a field holds, review says which field is wrong, or shows and decides the suggestion:
    never a traceback (on e8dfd5e: KeyError, TypeError)."""
    damaged = suggestion()
    *path, last = field.split(".")
    table = damaged
    for part in path:
        table = table[int(part)] if part.isdigit() else table[part]
    table[int(last) if last.isdigit() else last] = value
    folder = tmp_path_factory.mktemp("report")
    try:
        (loaded,) = load_suggestions(folder / write_report(folder, damaged))
    except NormalizeError as error:
        assert "r.json: suggestion 1" in str(error) and "normalize discover" in str(error)
        return
    describe(loaded, 1, 1)
    try:
        RulesFile(folder / "local.toml", [], "r.json").record(Decision(loaded, True))
    except NormalizeError:
        pass  # a form the loader refuses (file and line), or an entity no rules file has: said, not a crash


@pytest.mark.parametrize("form", [".*", "!!", " ", "—"])
def test_a_form_of_punctuation_only_is_named_for_what_it_is(form):
    """On e8dfd5e '.*' was called an 'empty form'."""
    with pytest.raises(RulesError) as error:
        load(rules_text(("kyiv", "Kyiv", ["Kiev", form])))
    assert error.value.path == "r.toml" and error.value.line == 5
    assert f"{form!r} has no letters or digits, only punctuation or spaces" in error.value.message


def make_fifo(path):
    os.mkfifo(path)


def make_folder(path):
    path.mkdir()


@pytest.mark.parametrize("make, kind", [(make_fifo, "named pipe (FIFO)"), (make_folder, "folder")])
@pytest.mark.parametrize("command", ["clean", "check"])
def test_a_rules_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path, make, kind, command):
    """On e8dfd5e a FIFO given to --rules made `clean` and `check` wait forever."""
    make(tmp_path / "house.toml")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Kiev\n", encoding="utf-8")
    out = ["--out", str(tmp_path / "out")] if command == "clean" else []
    result = subprocess.run([sys.executable, "-m", "normalize.cli", command, str(tmp_path / "in"), *out,
                             "--rules", str(tmp_path / "house.toml")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert f"house.toml: cannot read the rules file (it is a {kind}, not a regular file)" in result.stderr


def test_a_rules_file_that_is_a_device_is_refused():
    with pytest.raises(RulesError, match="it is a device, not a regular file"):
        load_rules(["/dev/null"], builtin=False)
