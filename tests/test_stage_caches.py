"""Per-process caches of pure verdicts: asked again, the same answer, without asking again."""

from __future__ import annotations

from normalize.stages import spans


def test_the_same_span_words_are_judged_once_with_the_same_verdict(monkeypatch):
    detector = spans._detector(("de", "en"))
    asked = []

    class Counting:
        def compute_language_confidence_values(self, words):
            asked.append(words)
            return detector.compute_language_confidence_values(words)

    monkeypatch.setattr(spans, "_detector", lambda languages: Counting())
    spans.judge.cache_clear()
    first = spans.judge("Der Präsident sagte am Sonntag", "en", ("de", "en"))
    again = spans.judge("Der Präsident sagte am Sonntag", "en", ("de", "en"))
    other = spans.judge("Der Präsident sagte am Sonntag", "de", ("de", "en"))
    spans.judge.cache_clear()
    assert first == again and first[0] == "de" and other[0] == "de"
    assert asked == ["Der Präsident sagte am Sonntag"] * 2  # once per paragraph language, not per span


def test_the_spans_of_a_line_of_many_names_are_found_in_one_scan_of_the_line(monkeypatch):
    """The span around each of 2,000 names on one line (a feed, a list): the line's quotations and
    breaks are found once, so the cost grows with the line, not with the line times its names."""
    text = "Intro line.\n" + "Officials met in Kiev on Sunday. «Kiev» again: Kiev - Lviv. " * 500
    scans = []
    quotation = spans._QUOTATION

    class Counting:
        def finditer(self, *args):
            scans.append(args[1:])
            return quotation.finditer(*args)

    monkeypatch.setattr(spans, "_QUOTATION", Counting())
    lines = spans.Lines(text)
    starts = [i for i in range(len(text)) if text.startswith("Kiev", i)]
    found = [lines.span_around(start, start + 4) for start in starts]
    monkeypatch.setattr(spans, "_QUOTATION", quotation)
    assert len(starts) == 1500 and len(scans) == 1  # one line: one scan
    assert found == [spans.span_around(text, start, start + 4) for start in starts]
    assert found[:3] == [(12, 43), (46, 50), (59, 63)]  # the sentence, the quotation, the clause


def test_a_capitalised_word_is_asked_of_the_lexicon_once_per_process(monkeypatch):
    from normalize.stages import common_words

    asked = []
    is_known = common_words.simplemma_knows

    def counting(word, language):
        asked.append(word)
        return is_known(word, language)

    monkeypatch.setattr(common_words, "simplemma_knows", counting)
    common_words.known_as_word.cache_clear()
    verdicts = [common_words.known_as_word("Besuch", "de", True) for _ in range(3)]
    common_words.known_as_word.cache_clear()
    assert verdicts == [True] * 3 and asked == ["Besuch"]


def test_simplemma_is_asked_only_of_its_memory_frugal_backend():
    """A question to simplemma's default backend would read a second copy of its dictionaries (3.2 s of
    CPU and 430 MB for seven languages, against 2.0 s and 70 MB): every call passes ``low_memory=True``."""
    import ast
    from pathlib import Path

    import normalize

    calls = [
        f"{path.name}:{node.lineno}"
        for path in Path(normalize.__file__).parent.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "simplemma"
        and not any(k.arg == "low_memory" and getattr(k.value, "value", None) is True for k in node.keywords)
    ]
    assert calls == []
