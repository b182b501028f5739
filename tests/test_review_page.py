"""Review from the report page: decisions taken in report.html (headless Chromium), exported as
decisions.json, applied by `normalize review REPORT --decisions`, and seen in the next clean;
the decisions file checked strictly; the Variants table's locations, what each form became, and
contexts that are prose, not markup."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from normalize.errors import NormalizeError
from normalize.review.decisions_file import DECISIONS_SCHEMA, load_decisions

ARTICLES = {  # written for this test: two clusters of new spellings, one with three forms
    "1.txt": "Ten years after the death of Muammar Gaddafi, his son said he would run for president of Libya.\n"
             "Many Libyans remember Gaddafi as a tyrant, and the town where Gaddafi was born is quiet now.\n",
    "2.txt": "Supporters of Qaddafi gathered in the south of Libya on Friday, and the rally for Qaddafi was calm.\n"
             "In Minsk, Alexander Lukashenko met the envoy; Lukashenko said the talks had gone well.\n",
    "3.txt": "Gadhafi was mentioned only once in the speech, which dwelt on oil and on the budget for next year.\n"
             "Opposition leaders call him Lukashenka, and Lukashenka has ruled Belarus since the nineties.\n"
             "Critics of Gadhafi in exile said the vote would not be free.\n",
}
SUGGESTIONS = [
    {"id": "s-0123456789", "variants": [{"form": "Gaddafi"}, {"form": "Qaddafi"}, {"form": "Gadhafi"}]},
    {"id": "s-9876543210", "variants": [{"form": "Lukashenko"}, {"form": "Lukashenka"}]},
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True, cwd=cwd)


def clean(folder: Path, out: str, *reports: str) -> None:
    done = run("clean", "in", "--out", out, *(a for r in reports for a in ("--report", r)), cwd=folder)
    assert done.returncode == 0, done.stderr


def suggestion_of(report: dict, form: str) -> dict:
    return next(s for s in report["suggestions"] if form in {v["form"] for v in s["variants"]})


def wait_for(path: Path, seconds: float = 10) -> Path:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert path.exists(), f"{path.name} was not downloaded"
    return path


def test_review_round_trip_in_the_browser(tmp_path, browser):
    """Accept one suggestion with an edited canonical and a form unticked, reject one, export
    (a real download), apply with `review --decisions`, clean again: the output follows the decisions."""
    from selenium.webdriver.common.by import By

    (tmp_path / "in").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    clean(tmp_path, "out1", "r.json", "r.html")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    gaddafi, lukashenko = suggestion_of(report, "Qaddafi"), suggestion_of(report, "Lukashenko")
    assert {v["form"] for v in gaddafi["variants"]} == {"Gaddafi", "Qaddafi", "Gadhafi"}

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get((tmp_path / "r.html").as_uri())
    row = browser.find_element(By.ID, gaddafi["id"])
    row.find_element(By.CSS_SELECTOR, "input[type=radio][value=accept]").click()
    canonical = row.find_element(By.CSS_SELECTOR, "input.canonical")
    assert canonical.get_attribute("value") == gaddafi["canonical"]
    canonical.clear()
    canonical.send_keys("Gathafi")
    row.find_element(By.CSS_SELECTOR, "input.keep[data-form=Gadhafi]").click()
    browser.find_element(By.ID, lukashenko["id"]).find_element(By.CSS_SELECTOR, "input[type=radio][value=reject]").click()
    browser.find_element(By.ID, "export").click()

    exported = json.loads(wait_for(downloads / "decisions.json").read_text(encoding="utf-8"))
    assert exported == browser.execute_script("return window.normalizeDecisions()") == {
        "schema": DECISIONS_SCHEMA,
        "decisions": [d for s in report["suggestions"] for d in (
            {"id": gaddafi["id"], "decision": "accept", "canonical": "Gathafi", "leave_out": ["Gadhafi"]},
            {"id": lukashenko["id"], "decision": "reject"}) if d["id"] == s["id"]],
    }
    assert browser.find_element(By.ID, "exported").text == "2 decision(s) exported"

    applied = run("review", "r.json", "--decisions", str(downloads / "decisions.json"), cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert f"{gaddafi['id']} accepted" in applied.stdout and f"{lukashenko['id']} rejected" in applied.stdout
    rules = tomllib.loads((tmp_path / "rules" / "local.toml").read_text(encoding="utf-8"))
    assert [sorted(r["forms"]) for r in rules["rejected"]] == [
        ["Gadhafi", "Gathafi"], ["Gaddafi", "Gadhafi"], ["Gadhafi", "Qaddafi"], ["Lukashenka", "Lukashenko"]]

    clean(tmp_path, "out2", "r2.json")
    libya, belarus = (tmp_path / "out2" / "2.txt").read_text(encoding="utf-8"), (tmp_path / "out2" / "3.txt").read_text(encoding="utf-8")
    assert "Gathafi" in libya and "Qaddafi" not in libya
    assert "Gathafi" in (tmp_path / "out2" / "1.txt").read_text(encoding="utf-8")
    assert "Gadhafi was mentioned" in belarus and "Critics of Gadhafi" in belarus  # the form left out stays
    assert "Lukashenko" in libya and "Lukashenka" in belarus  # rejected: both stay, and are not suggested again
    again = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert not [s for s in again["suggestions"] if {"Lukashenko", "Gadhafi"} & {v["form"] for v in s["variants"]}]


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "decisions.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_valid_decisions_file_becomes_decisions(tmp_path):
    path = write(tmp_path, {"schema": DECISIONS_SCHEMA, "decisions": [
        {"id": "s-0123456789", "decision": "accept", "canonical": " Gathafi ", "leave_out": ["Gadhafi"]},
        {"id": "s-9876543210", "decision": "reject"}]})
    accepted, rejected = load_decisions(path, SUGGESTIONS)
    assert (accepted.accept, accepted.canonical, accepted.leave_out, accepted.suggestion) == (
        True, "Gathafi", ["Gadhafi"], SUGGESTIONS[0])
    assert (rejected.accept, rejected.suggestion) == (False, SUGGESTIONS[1])


ENTRY = {"id": "s-0123456789", "decision": "accept", "canonical": "Gaddafi", "leave_out": []}


@pytest.mark.parametrize("entry, message", [
    ({**ENTRY, "id": "s-ffffffffff"}, "decision 1 (s-ffffffffff) names no suggestion of the report"),
    ({**ENTRY, "id": 7}, "decision 1 names no suggestion of the report (7)"),
    ({**ENTRY, "leave_out": ["Kadafi"]}, "decision 1 (s-0123456789) leaves out 'Kadafi', which is not a form"),
    ({**ENTRY, "leave_out": "Gadhafi"}, "'leave_out' must be a list of forms"),
    ({**ENTRY, "leave_out": [3]}, "'leave_out' must be a list of forms"),
    ({**ENTRY, "leave_out": ["Gaddafi"]}, "leaves out 'Gaddafi', its own canonical"),
    ({**ENTRY, "leave_out": ["Qaddafi", "Qaddafi"]}, "must name each form once"),
    ({**ENTRY, "canonical": "Gathafi", "leave_out": ["Gaddafi", "Qaddafi", "Gadhafi"]}, "keep at least one form"),
    ({**ENTRY, "canonical": "Kyiv\n[[entity]]"}, "'canonical' must be a name on one line"),
    ({**ENTRY, "canonical": None}, "'canonical' must be a name on one line"),
    ({**ENTRY, "decision": "maybe"}, "'decision' must be \"accept\" or \"reject\", not \"maybe\""),
    ({**ENTRY, "decision": True}, "'decision' must be \"accept\" or \"reject\""),
    ({"id": "s-0123456789", "decision": "accept", "canonical": "Gaddafi"}, "has no 'leave_out'"),
    ({**ENTRY, "note": "x"}, "has unknown key 'note'"),
    ({"id": "s-0123456789", "decision": "reject", "canonical": "X"}, "has unknown key 'canonical'"),
    (["s-0123456789", "accept"], "decision 1 is [\"s-0123456789\", \"accept\"], not an object"),
])
def test_a_wrong_entry_is_named_with_the_file(tmp_path, entry, message):
    path = write(tmp_path, {"schema": DECISIONS_SCHEMA, "decisions": [entry]})
    with pytest.raises(NormalizeError) as error:
        load_decisions(path, SUGGESTIONS)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


@pytest.mark.parametrize("data, message", [
    ("{not json", "not a JSON decisions file"),
    (b"\xff\xfe", "not a JSON decisions file"),
    ({"decisions": []}, "not a decisions file of this version"),
    ({"schema": "normalize.decisions/2", "decisions": []}, "not a decisions file of this version"),
    ([], "not a decisions file of this version"),
    ({"schema": DECISIONS_SCHEMA, "decisions": {}}, "\"decisions\" must be a list"),
    ({"schema": DECISIONS_SCHEMA, "decisions": [], "report": "r.json"}, "unknown key 'report'"),
    ({"schema": DECISIONS_SCHEMA, "decisions": [ENTRY, {"id": ENTRY["id"], "decision": "reject"}]},
     "decision 2 (s-0123456789) decides a suggestion that an earlier entry decides already"),
])
def test_a_wrong_file_is_named(tmp_path, data, message):
    path = tmp_path / "decisions.json"
    path.write_bytes(data) if isinstance(data, bytes) else write(tmp_path, data)
    with pytest.raises(NormalizeError) as error:
        load_decisions(path, SUGGESTIONS)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_nothing_is_written_from_a_file_with_one_wrong_entry(tmp_path):
    """The whole file is checked before the first decision is written."""
    (tmp_path / "in").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    clean(tmp_path, "out", "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    first = report["suggestions"][0]["id"]
    path = write(tmp_path, {"schema": DECISIONS_SCHEMA, "decisions": [
        {"id": first, "decision": "reject"}, {"id": "s-ffffffffff", "decision": "reject"}]})
    done = run("review", "r.json", "--decisions", str(path), cwd=tmp_path)
    assert done.returncode == 2 and f"{path}: decision 2 (s-ffffffffff) names no suggestion" in done.stderr
    assert not (tmp_path / "rules" / "local.toml").exists()


def test_variants_show_locations_what_each_form_became_and_prose_contexts(tmp_path, browser):
    """An HTML and a JSON Lines article: contexts are their text (no tags, no JSON escapes);
    each location links to its context."""
    from selenium.webdriver.common.by import By

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(
        '<html><body><p class="lead">The talks went on, and Zelenskiy &amp; his aides left for Lviv.</p></body></html>\n',
        encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text('{"body": "Officials said \\"Zelenskiy would go\\" on Sunday."}\n',
                                             encoding="utf-8")
    clean(tmp_path, "out", "r.json", "r.html")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (form,) = [f for v in report["variants"] for f in v["forms"] if f["form"] == "Zelenskiy"]
    assert form["contexts"] == ["The talks went on, and ⟦Zelenskiy⟧ & his aides left for Lviv.",
                                "Officials said \"⟦Zelenskiy⟧ would go\" on Sunday."]
    assert form["locations"] == ["a.html:1:52", "b.jsonl:1:28"]

    browser.get((tmp_path / "r.html").as_uri())
    rows = [r.find_elements(By.TAG_NAME, "td") for r in browser.find_elements(By.CSS_SELECTOR, "#variants tbody tr")]
    (cells,) = [cells for cells in rows if cells[3].text == "Zelenskiy"]
    assert cells[7].text == form["became"] == "Zelensky"
    links = cells[8].find_elements(By.TAG_NAME, "a")
    assert [link.text for link in links] == form["locations"]
    for link, context in zip(links, form["contexts"]):
        target = browser.find_element(By.ID, link.get_attribute("href").partition("#")[2])
        assert target.text == context.replace("⟦", "").replace("⟧", "")
