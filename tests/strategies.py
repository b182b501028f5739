"""Hypothesis strategies for the guarantee tests: hostile, many-script article text.

Text is built from pieces that stress what the guarantees promise: names in every
spelling the rules know (in any casing), words of several scripts, URLs, e-mail
addresses, handles and code that contain names, HTML and Markdown markup,
mojibake, odd whitespace and combining marks.
"""

from __future__ import annotations

from hypothesis import strategies as st

from normalize.rules.load import builtin_rule_files, parse_rules

_RULES = parse_rules(builtin_rule_files())
# Every form the built-in rules know: canonicals, variants, context variants, exceptions.
NAMES = sorted({
    form
    for entity in _RULES.entities.values()
    for form in (*entity.canonical.values(), *entity.variants, *entity.context_variants, *entity.exceptions)
})

WORDS = [
    # English, German, French, Polish, Spanish, Ukrainian, Russian, Greek, CJK, Arabic, Hebrew
    "the", "president", "said", "talks", "on", "Sunday", "envoys", "in", "and", "war",
    "der", "Präsident", "sagte", "Straße", "Gespräche", "le", "président", "a", "déclaré", "été",
    "prezydent", "powiedział", "że", "Wołodymyr", "rozmowy", "el", "presidente", "dijo", "año",
    "президент", "сказав", "що", "переговори", "сказал", "что", "переговоры", "їжак", "ґанок",
    "ο", "πρόεδρος", "είπε", "東京", "会談", "대통령", "الرئيس", "قال", "הנשיא", "אמר",
    "O'Brien", "don't", "co-operate", "2024", "3.5%", "§12", "№5",
]

PROTECTED = [  # each holds a name that must survive as written
    "https://www.kyivpost.com/post/Kiev-1", "http://example.org/Zelenskiy?q=kiev&x=1#Kharkov",
    "www.kiev.example/Donbass", "kiev@mail.ua", "press.Zelenskiy@gov.ua", "@Zelenskiy", "#KievNotKyiv",
    "kyivindependent.com", "kiev.ua/Odessa", "`kiev = 1`", "``Zelenskiy`s``",
]

MARKUP = [
    "<p>", "</p>", "<b>", "</b>", '<a href="https://x.com/Kiev">', "</a>", "<script>alert('Kiev')</script>",
    "&amp;", "&lt;", "&#39;", "&nbsp;", "**", "_", "# ", "> ", "- ", "[link](https://kiev.example/Kiev)",
    "{\"city\": \"Kiev\"}", "<!-- Kiev -->", "]]>", "\\", "'", '"', "“", "”", "‘", "’", "«", "»", "—", "–", "…",
]

MOJIBAKE = ["â€œ", "â€\x9d", "â€™", "Ã©", "Ã¼", "Ð\x9aÐ¸Ñ\x97Ð²", "Ã\xa0", "\ufffd"]

ODD = ["\u00a0", "\u200b", "\u200d", "\u2028", "\ufeff", "\u0301", "\u0308", "\u202e", "\t", "\r\n", "\r", "\x0b", "🇺🇦", "👍🏽"]

SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "’s ", "'s ", " (", ") ", ": ", "/"]


def _cased(form: str):
    return st.sampled_from([form, form.lower(), form.upper(), form.title()])


name = st.sampled_from(NAMES).flatmap(_cased)
piece = st.one_of(
    name, name, st.sampled_from(WORDS), st.sampled_from(MARKUP), st.sampled_from(MOJIBAKE), st.sampled_from(ODD),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4),
)


@st.composite
def articles(draw, max_pieces: int = 40) -> str:
    """An article of names, words, markup, mojibake and odd characters in several scripts."""
    pieces = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), min_size=3, max_size=max_pieces))
    return "".join(p + s for p, s in pieces)


@st.composite
def articles_with_protected(draw) -> tuple[str, list[str]]:
    """An article with protected pieces (URLs, e-mail, code holding names), each set off by spaces."""
    chunks = draw(st.lists(st.one_of(articles(8), st.sampled_from(PROTECTED)), min_size=1, max_size=8))
    kept = [chunk for chunk in chunks if chunk in PROTECTED]
    return " \n".join(chunks).join("  "), kept


# The languages the built-in rules speak for, and None: detect the language.
languages = st.sampled_from([None, None, "en", "de", "fr", "es", "pt", "it", "pl", "uk", "ru"])

TINY_WORDS = ["a", "b", "c", "ab", "Ä", "ä"]  # few words, so that forms of entities collide


def _tiny_form():
    return st.lists(st.sampled_from(TINY_WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def tiny_rules(draw) -> str:
    """A rules file over a handful of words: forms of different entities overlap and nest."""
    lines = ['languages = ["en", "de"]']
    for number in range(draw(st.integers(1, 4))):
        lines += ["[[entity]]", f'id = "e{number}"']
        canonical = draw(_tiny_form())
        if draw(st.booleans()):
            lines.append(f'canonical = {{ default = "{canonical}", de = "{draw(_tiny_form())}" }}')
        else:
            lines.append(f'canonical = "{canonical}"')
        variants = draw(st.lists(_tiny_form(), max_size=3))
        lines.append(f"variants = {variants!r}".replace("'", '"'))
        if draw(st.booleans()):
            exceptions = draw(st.lists(_tiny_form(), max_size=2))
            lines.append(f"exceptions = {exceptions!r}".replace("'", '"'))
        if number and draw(st.booleans()):
            forms = draw(st.lists(_tiny_form(), min_size=1, max_size=2))
            lines.append(f'context_variants = {{ before = "e{number - 1}", forms = {forms!r} }}'.replace("'", '"'))
    return "\n".join(lines) + "\n"


tiny_texts = st.lists(
    st.tuples(st.sampled_from(TINY_WORDS), st.sampled_from([" ", " ", ", ", ". ", "\n", "-", "’s "])), max_size=30
).map(lambda pairs: "".join(w + s for w, s in pairs))
