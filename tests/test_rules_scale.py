"""Large rules files: the shortcuts that make 10,000 entities cheap give exactly what
compiling every entity for every lexicon gives.

The shortcuts: the forms of entities that are alike in every language are compiled
once and shared (``Rules._alike``), and the stability check compiles only the
entities that can take part in an overlap (``checks._may_take_in``), and under a house
style only the lexicons that the style changes (``checks._restyled``).  Each test compares
the rules as loaded with the same rules loaded with the shortcut turned off.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import event, given, settings, strategies as st

from normalize.errors import RulesError
from normalize.rules import checks, model
from normalize.rules.load import parse_rules

PARADIGMS = '''
[[paradigm]]
id = "uk-any"
language = "uk"
endings = { nom = "", gen = "a", loc = ["i", "u"] }

[[paradigm]]
id = "pl-i"
language = "pl"
endings = { nom = "i", gen = ["iego", "i ego"] }
'''
STYLES = 'styles = { ap = "AP" }\n'
FILLER = "".join(f'[[entity]]\nid = "filler-{i}"\ncanonical = "Bako{i}ko"\nvariants = ["Bako{i}co", "Bako{i}ku"]\n\n'
                 for i in range(300))


def entity(entity_id: str, canonical: str | dict, variants: list[str], **extra: str) -> str:
    written = json.dumps(canonical, ensure_ascii=False) if isinstance(canonical, str) else (
        "{ " + ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in canonical.items()) + " }")
    lines = [f'id = "{entity_id}"', f"canonical = {written}", f"variants = {json.dumps(variants, ensure_ascii=False)}"]
    return "[[entity]]\n" + "\n".join(lines + [f"{k} = {v}" for k, v in extra.items()]) + "\n\n"


def load(text: str, shortcuts: bool, monkeypatch) -> tuple[str, object]:
    """The rules of ``text`` (or the error), with or without the shortcuts."""
    with monkeypatch.context() as patched:
        if not shortcuts:
            patched.setattr(model, "_is_alike", lambda entity, scripts: False)
            patched.setattr(checks, "_may_take_in", lambda rules: set(rules.entities))
            patched.setattr(checks, "_restyled", lambda rules, languages: languages)
        try:
            rules = parse_rules([("p.toml", PARADIGMS), ("r.toml", text)])
        except RulesError as error:
            return f"error: {error}", None
        return "ok", compiled(rules)


def compiled(rules) -> dict:
    """Every lexicon of every style, language and romanisation, and the words of the names."""
    seen = {}
    for style in (None, *sorted(rules.styles)):
        styled = rules.with_style(style)
        seen[style, "name_words"] = styled.name_words
        for language in [*styled.spoken_languages(), "xx"]:
            for romanize in (False, True):
                lexicon = styled.lexicon(language, romanize)
                seen[style, language, romanize] = lexicon and (lexicon.forms, lexicon.exceptions, lexicon.entity_of)
    return seen


def assert_same_with_and_without_shortcuts(text: str, monkeypatch) -> str:
    outcome, with_shortcuts = load(text, True, monkeypatch)
    assert (outcome, with_shortcuts) == load(text, False, monkeypatch)
    return outcome


KYIV = entity("kyiv", "Kyiv", ["Kiev"])
KYIV_INFLECTED = entity("kyiv", "Kyiv", ["Kiev"], inflection='{ uk = "uk-any" }')


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('languages = ["en", "uk", "pl"]\n' + FILLER + KYIV, id="alike entities only"),
        # An alike entity's canonical is a case of an inflected one: the earlier entity keeps the key.
        pytest.param('languages = ["uk"]\n' + KYIV_INFLECTED + entity("kyivi", "Kyivi", ["Kievi"]), id="inflected first"),
        pytest.param('languages = ["uk"]\n' + entity("kyivi", "Kyivi", ["Kievi"]) + KYIV_INFLECTED, id="alike first"),
        pytest.param('languages = ["uk"]\n' + entity("kyivu", "Kyivu", ["Kyiva"]) + KYIV_INFLECTED, id="variant v case"),
        # Context variants, exceptions, and a Cyrillic variant that romanisation adds to a Latin canonical.
        pytest.param('languages = ["en", "de"]\n' + STYLES + FILLER
                     + entity("volodymyr", "Volodymyr", ["Vladimir"], exceptions='["Vladimir Putin"]')
                     + entity("zelensky", {"default": "Zelensky", "de": "Selenskyj"}, ["Zelenskiy", "Зеленский"],
                              styles='{ ap = { en = "Zelenskyy" } }', context_variants='{ before = "volodymyr", forms = ["Ze"] }'),
                     id="context, styles, romanisation"),
        pytest.param('languages = ["en", "pt"]\n' + FILLER + entity("kharkiv", "Kharkiv", ["Kharkov"], unsettled='{ pt = ["Carcóvia", "Kharkiv"] }'),
                     id="unsettled"),
        pytest.param('languages = ["en"]\n[[entity]]\nid = "bare"\n\n' + entity("nyc", "New York", ["NYC", "Big Apple"]),
                     id="an entity without forms"),
    ],
)
def test_shared_forms_compile_as_each_entity_alone(text, monkeypatch):
    assert assert_same_with_and_without_shortcuts(text, monkeypatch) == "ok"


@pytest.mark.parametrize(
    "text, line",
    [
        # The overlap is with a single-word entity far down a long file.
        ('languages = ["en"]\n' + entity("kyiv-city", "Kyiv City", ["Kyiv Town"]) + FILLER + KYIV, 5),
        # The multi-word variant's produced form is a case of an inflected entity's canonical.
        ('languages = ["uk"]\n' + FILLER + KYIV_INFLECTED + entity("kyiv-region", "Kyiv Oblast", ["Kyiva Region"]), 1511),
    ],
)
def test_an_unstable_rule_among_many_is_refused(text, line, monkeypatch):
    outcome = assert_same_with_and_without_shortcuts(text, monkeypatch)
    assert outcome.startswith(f"error: r.toml:{line}: ") and "a second run would rewrite" in outcome


WORDS = ["Kyiv", "Kiev", "City", "Town", "New", "York", "Kyivi", "Kyiva", "Київ", "Киев", "Lviv", "Lvov", "Odesa"]


@st.composite
def rules_texts(draw) -> str:
    """Small rules files whose forms share words often: overlaps, shared keys and cases abound."""
    used: set[str] = set()

    def form() -> str:
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))
        return " ".join(words)

    def fresh(count: int) -> list[str]:
        forms = [f for f in (form() for _ in range(count)) if f.casefold() not in used]
        used.update(f.casefold() for f in forms)
        return list(dict.fromkeys(forms))

    text = f"languages = {json.dumps(draw(st.lists(st.sampled_from(['en', 'uk', 'pl']), min_size=1, max_size=2)))}\n"
    text += STYLES
    for i in range(draw(st.integers(1, 6))):
        canonical = fresh(1) or [f"Name{i}"]
        extra = {}
        if draw(st.booleans()):
            extra["inflection"] = '{ uk = "uk-any" }'
        if draw(st.integers(0, 4)) == 0:
            extra["styles"] = '{ ap = { en = ' + json.dumps((fresh(1) or [f"Styled{i}"])[0], ensure_ascii=False) + " } }"
        if draw(st.integers(0, 4)) == 0:
            text += entity(f"e{i}", {"default": canonical[0], "pl": f"Pl{i}i"}, fresh(2), **extra)
        else:
            text += entity(f"e{i}", canonical[0], fresh(draw(st.integers(0, 3))), **extra)
    return text


@settings(max_examples=150)
@given(rules_texts())
def test_shortcuts_change_no_lexicon_and_no_verdict(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        outcome = assert_same_with_and_without_shortcuts(text, monkeypatch)
        event("refused" if outcome.startswith("error") else "loaded")  # both, often: --hypothesis-show-statistics
