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
