"""Review: decisions become rules; the next clean applies them; rejections are remembered."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from normalize.errors import RulesError
from normalize.review.decisions import Decision, RulesFile, parse_choices
from normalize.review.prompt import review_interactively
from normalize.rules.load import parse_rules, rule_sources

ARTICLES = Path(__file__).parent / "data" / "discovery" / "articles"


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin)


def by_canonical(report: dict, canonical: str) -> dict:
    return next(s for s in report["suggestions"] if s["canonical"] == canonical)


@pytest.mark.parametrize("text, line, message", [
    ('[[rejected]]\nforms = ["Austria"]\n', 1, "two or more"),
    ('[[entity]]\nid = "x"\ncanonical = "X"\n\n[[rejected]]\nforms = ["A", "B"]\nlanguage = 3\n', 5, "language code"),
    ('[[rejected]]\nforms = ["A", "B"]\nwhy = "no"\n', 1, "unknown key 'why'"),
    ('rejected = "Austria"\n', 1, "[[rejected]] tables"),
])
def test_invalid_rejections_name_file_and_line(text, line, message):
    with pytest.raises(RulesError) as error:
        parse_rules([("local.toml", text)])
    assert error.value.line == line and message in error.value.message


def test_rejections_load():
    rules = parse_rules([("local.toml", '[[rejected]]\nlanguage = "en"\nforms = ["Austria", "Australia"]\n')])
    (rejection,) = rules.rejected
    assert rejection.keys == {"austria", "australia"} and rejection.language == "en" and rejection.line == 1


def test_the_full_loop_clean_review_clean(tmp_path):
    """clean -> review (accept one, reject one) -> clean: applied, and not suggested again."""
    first = run("clean", str(ARTICLES), "--out", "out1", "--report", "r1.json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "suggested clusters of new spellings; to accept or reject them: normalize review r1.json" in first.stdout
    report = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    gaddafi, lukashenko = by_canonical(report, "Gaddafi"), by_canonical(report, "Lukashenko")
    reviewed = run("review", "r1.json", "--accept", f"{gaddafi['id']}=Gaddafi", "--reject", lukashenko["id"], cwd=tmp_path)
    assert reviewed.returncode == 0, reviewed.stderr
    local = (tmp_path / "rules" / "local.toml").read_text(encoding="utf-8")
    assert f"# Accepted {gaddafi['id']} on " in local and "from report r1.json" in local
    assert f"# Rejected {lukashenko['id']} on " in local
    assert {"language": "en", "forms": ["Lukashenko", "Lukashenka"]} in tomllib.loads(local)["rejected"]

    second = run("clean", str(ARTICLES), "--out", "out2", "--report", "r2.json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Gaddafi" in (tmp_path / "out2" / "02_libya_nyt.txt").read_text(encoding="utf-8")
    assert "Qaddafi" not in (tmp_path / "out2" / "02_libya_nyt.txt").read_text(encoding="utf-8")
    assert "Lukashenka" in (tmp_path / "out2" / "11_belarus_rferl.txt").read_text(encoding="utf-8")
    again = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    canonicals = {s["canonical"] for s in again["suggestions"]}
    assert "Gaddafi" not in canonicals and "Lukashenko" not in canonicals and "Navalny" in canonicals
    change = next(c for f in again["files"] for c in f["changes"] if c["before"] == "Qaddafi")
    assert change["rule"].startswith("rules/local.toml:")

    ignored = run("clean", str(ARTICLES), "--out", "out3", "--no-local-rules", cwd=tmp_path)
    assert ignored.returncode == 0 and "Qaddafi" in (tmp_path / "out3" / "02_libya_nyt.txt").read_text(encoding="utf-8")


def test_review_in_the_terminal(tmp_path):
    assert run("discover", str(ARTICLES), "--report", "d.json", cwd=tmp_path).returncode == 0
    report = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    first = ["Gaddafi", "Navalny"]  # the review asks in the report's order (by score): these two first, here
    report["suggestions"].sort(key=lambda s: first.index(s["canonical"]) if s["canonical"] in first else len(first))
    (tmp_path / "d.json").write_text(json.dumps(report), encoding="utf-8")
    order = [s["canonical"] for s in report["suggestions"]]
    assert order[:2] == first
    # Gaddafi: drop Kadhafi (form 4), then accept with form 2 (Gadhafi) as canonical; Navalny: reject; then skip, quit.
    gaddafi_forms = [v["form"] for v in report["suggestions"][0]["variants"]]
    answers = f"x\nd\n{gaddafi_forms.index('Kadhafi') + 1}\n{gaddafi_forms.index('Gadhafi') + 1}\nr\ns\nq\n"
    result = run("review", "d.json", "--rules-out", "house.toml", cwd=tmp_path, stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "answer a, a number" in result.stdout and "Qaddafi: 3× in 1 file(s)" in result.stdout
    assert "1 accepted, 1 rejected, 1 skipped" in result.stdout
    rules = parse_rules([*rule_sources(), ("house.toml", (tmp_path / "house.toml").read_text(encoding="utf-8"))])
    gadhafi = rules.entities["gadhafi"]
    assert gadhafi.canonical == {"en": "Gadhafi"} and sorted(gadhafi.variants) == ["Gaddafi", "Qaddafi"]
    # The form left out is never suggested again with any form the entity keeps.
    assert {r.keys for r in rules.rejected} == {frozenset({"gadhafi", "kadhafi"}), frozenset({"gaddafi", "kadhafi"}),
                                                frozenset({"qaddafi", "kadhafi"}),
                                                frozenset({"navalny", "navalnyi", "navalnyy"})}
    # A second pass starts where the first stopped: the decided suggestions are not asked again.
    result = run("review", "d.json", "--rules-out", "house.toml", cwd=tmp_path, stdin="q\n")
    assert f"{len(order) - 2} suggestion(s) to review" in result.stdout


def test_a_decision_that_breaks_the_rules_is_not_written(tmp_path):
    forms = [{"form": f, "known": None, "count": 1, "files": 1, "contexts": []} for f in ("Gaddafi", "Qaddafi")]
    suggestion = {"id": "s-1", "language": "en", "canonical": "Gaddafi", "canonical_from": "most frequent",
                  "entity": "gaddafi", "extends": False, "score": 0.9, "why": "test", "variants": forms}
    rules_file = RulesFile(tmp_path / "local.toml", rule_sources(), "r.json")
    with pytest.raises(RulesError, match="already a form of entity 'kyiv'"):
        rules_file.record(Decision(suggestion, True, "Kyiv"))
    assert not (tmp_path / "local.toml").exists()
    said = []
    answers = iter(["t", "Kyiv", "q"])
    tally = review_interactively([suggestion], rules_file, lambda prompt: next(answers), said.append)
    assert tally["accepted"] == 0 and any("not recorded" in line for line in said)


def test_command_line_choices_are_checked(tmp_path):
    suggestions = [{"id": "s-1", "variants": [{"form": "Gaddafi"}, {"form": "Qaddafi"}]}]
    with pytest.raises(Exception, match="no suggestion 's-2'"):
        parse_choices(suggestions, ["s-2"], [], [])
    with pytest.raises(Exception, match="'Kadhafi' is not a form of s-1"):
        parse_choices(suggestions, ["s-1"], [], ["s-1=Kadhafi"])
    (decision,) = parse_choices(suggestions, ["s-1=Gaddafi"], [], ["s-1=Qaddafi"])
    assert decision.canonical == "Gaddafi" and decision.leave_out == ["Qaddafi"]
    assert run("review", "missing.json", cwd=tmp_path).returncode == 2
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    result = run("review", "bad.json", cwd=tmp_path)
    assert result.returncode == 2 and "not a normalize report" in result.stderr


def test_the_project_file_names_another_local_rules_file(tmp_path):
    (tmp_path / "normalize.toml").write_text('local-rules = "house/reviewed.toml"\n', encoding="utf-8")
    assert run("discover", str(ARTICLES), "--report", "d.json", cwd=tmp_path).returncode == 0
    report = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    gaddafi = by_canonical(report, "Gaddafi")
    assert run("review", "d.json", "--accept", gaddafi["id"], cwd=tmp_path).returncode == 0
    assert (tmp_path / "house" / "reviewed.toml").is_file() and not (tmp_path / "rules").exists()
    cleaned = run("clean", str(ARTICLES), "--out", "out", cwd=tmp_path)
    assert cleaned.returncode == 0 and "Qaddafi" not in (tmp_path / "out" / "02_libya_nyt.txt").read_text(encoding="utf-8")
