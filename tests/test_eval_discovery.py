"""scripts/eval_discovery.py: how hand labels judge discovery's suggestions, on small data of its own."""

from __future__ import annotations

import json

import pytest

import eval_discovery  # scripts/, on the path from conftest

LABELS = """language\tcanonical\tvariant\tlabel\treason
en\tZelensky\tZelenskyy\tsame\ttransliteration
en\tZelenskyy\tZelenskiy\tsame\ttransliteration
en\tZelensky\tZelenska\tdifferent\tgender
en\tOleksandr\tAleksandar\tdifferent\tdifferent-person
en\tAlan\tAllan\t?\t
"""


def _suggestion(canonical: str, *forms: str, score: float = 0.9, language: str = "en") -> dict:
    return {"language": language, "canonical": canonical, "score": score,
            "variants": [{"form": form} for form in (canonical, *forms)]}


@pytest.fixture
def labels(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text(LABELS, encoding="utf-8")
    return eval_discovery.read_labels(path)


def test_same_labels_join_forms_into_one_name_and_different_labels_hold_for_all_its_forms(labels):
    english = labels["en"]
    assert english.judge("Zelenskiy", "Zelensky") is True          # through Zelenskyy
    assert english.judge("Zelenskiy", "Zelenska") is False         # Zelenska is apart from the whole name
    assert english.judge("Oleksandr", "Zelensky") is None          # no label decides
    assert english.judge("Alan", "Allan") is None                  # '?' is not a label


def test_a_partly_true_cluster_is_false_and_an_undecided_one_is_unlabelled(labels):
    english = labels["en"]
    assert eval_discovery.verdict(_suggestion("Zelensky", "Zelenskyy", "Zelenskiy"), english) == (True, False)
    assert eval_discovery.verdict(_suggestion("Zelensky", "Zelenskyy", "Zelenska"), english) == (False, True)
    assert eval_discovery.verdict(_suggestion("Zelensky", "Zelenskyy", "Zelenskij"), english) == (None, False)


def test_figures_count_precision_on_the_top_recall_of_same_pairs_and_the_auc_of_the_score(labels):
    suggestions = [
        _suggestion("Zelensky", "Zelenskyy", "Zelenskiy", score=0.95),   # true
        _suggestion("Oleksandr", "Aleksandar", score=0.97),              # false
        _suggestion("Alan", "Allan", score=0.5),                         # unlabelled
    ]
    result = eval_discovery.figures(suggestions, labels["en"], {})
    assert (result["true"], result["false"], result["unlabelled"]) == (1, 1, 1)
    assert result["precision"] == 0.5
    assert (result["found"], result["pairs"]) == (2, 2)
    assert result["auc"] == 0.0                                          # the false one scores higher
    missed = eval_discovery.missed_pairs(eval_discovery.Run(suggestions[1:], {}), labels)
    assert missed == [("en", "Zelensky", "Zelenskyy"), ("en", "Zelenskyy", "Zelenskiy")]
    ruled = {"Zelensky": "zelensky", "Zelenskyy": "zelensky", "Zelenskiy": "zelensky"}
    assert eval_discovery.figures(suggestions[1:], labels["en"], ruled)["found"] == 2  # the rules reconcile them
    assert eval_discovery.missed_pairs(eval_discovery.Run(suggestions[1:], ruled), labels) == []


def test_roc_auc_counts_ties_half_and_needs_both_kinds():
    assert eval_discovery.roc_auc([(0.9, True), (0.5, False), (0.9, False)]) == 0.75
    assert eval_discovery.roc_auc([(0.9, True)]) is None


def test_unlabelled_pairs_are_written_in_the_label_format_with_a_question_mark(labels):
    rows = eval_discovery.unlabelled_rows([_suggestion("Zelensky", "Zelenskyy", "Selenskyj")], labels)
    assert rows == {("en", "Zelensky", "Selenskyj", "?", "")}


def test_a_malformed_label_row_names_the_file_and_line(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text(LABELS + "en\tKyiv\tKiev\tyes\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"labels\.tsv:7: .*same, different or \?"):
        eval_discovery.read_labels(path)


def test_discover_runs_the_command_and_returns_the_reports_suggestions(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(4):
        spelling = ("Gaddafi", "Gadhafi")[number % 2]
        (articles / f"{number}.txt").write_text(
            f"Officials said {spelling} spoke in Tripoli on Monday. {spelling} left later, officials said.\n",
            encoding="utf-8")
    report = tmp_path / "report.json"
    run = eval_discovery.discover(articles, report, ["Gaddafi", "Kiev"])
    suggestions = run.suggestions
    assert suggestions == json.loads(report.read_text(encoding="utf-8"))["suggestions"]
    assert run.entity_of == {"Gaddafi": None, "Kiev": "kyiv"}
    assert any({"Gaddafi", "Gadhafi"} <= set(eval_discovery.forms_of(s)) for s in suggestions)
