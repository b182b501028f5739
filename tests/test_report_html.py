"""The HTML report in a real headless Chromium: sorting, filtering, highlighted contexts,
the TOML of each suggestion, and article text that never becomes markup or code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from normalize.batch.run import clean_folder

ARTICLES = Path(__file__).parent / "data" / "discovery" / "articles"
HOSTILE = (
    "The talks in Tripoli went on. Gaddafi<img src=x onerror=\"document.title='pwned'\"> was named "
    "<script>document.title='pwned'</script> in the report, and Zelenskiy said \"<b>no</b>\" & left "
    "for Kiev on Sunday, where officials said the talks had gone on for far too long.\n"
)

GERMAN = (
    "Der ukrainische Präsident Wolodymyr Selenski ist am Sonntag nach Berlin gereist. Selenski traf dort "
    "den Bundeskanzler, und beide sprachen über die Lage in Kiew und über weitere Hilfe für die Ukraine.\n"
)


@pytest.fixture(scope="module")
def page(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("html")
    articles = folder / "in"
    shutil.copytree(ARTICLES, articles)
    (articles / "16_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (articles / "17_german.txt").write_text(GERMAN, encoding="utf-8")
    (articles / "bad<b>name&amp;.txt").write_bytes(b"\x00\x01 not text")
    clean_folder(articles, folder / "out", report_paths=[folder / "r.html", folder / "r.json"])
    browser.get((folder / "r.html").as_uri())
    return browser, json.loads((folder / "r.json").read_text(encoding="utf-8"))


def visible_rows(browser, table: str) -> list:
    from selenium.webdriver.common.by import By

    return [row for row in browser.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr") if row.is_displayed()]


def column(rows, index: int) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.find_elements(By.TAG_NAME, "td")[index].text for row in rows]


def type_filter(browser, table: str, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.CSS_SELECTOR, f"form[data-table={table}] [name={name}]")
    if field.tag_name == "select":
        from selenium.webdriver.support.select import Select

        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def test_the_script_runs_under_the_content_security_policy(page):
    browser, _ = page
    assert browser.find_element("tag name", "body").get_attribute("data-ready") == "yes"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_article_text_is_escaped_everywhere(page):
    from selenium.webdriver.common.by import By

    browser, _ = page
    assert browser.title == "normalize report"
    assert not browser.find_elements(By.TAG_NAME, "img")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    assert not {"no", "name&amp;.txt", "name&.txt"} & {b.text for b in browser.find_elements(By.TAG_NAME, "b")}
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "='pwned'</script> in the report" in text and '"<b>no</b>" &' in text and "bad<b>name&amp;.txt" in text


def test_suggestions_sort_by_count_and_score(page):
    from selenium.webdriver.common.by import By

    browser, report = page
    heads = {h.text.split()[0]: h for h in browser.find_elements(By.CSS_SELECTOR, "#suggestions thead th")}
    heads["count"].click()
    counts = [int(c) for c in column(visible_rows(browser, "suggestions"), 3)]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(report["suggestions"]) > 5
    heads["count"].click()
    assert [int(c) for c in column(visible_rows(browser, "suggestions"), 3)] == sorted(counts)
    heads["score"].click()
    scores = [float(s) for s in column(visible_rows(browser, "suggestions"), 4)]
    assert scores == sorted(scores, reverse=True)
    heads["canonical"].click()
    names = [c.split("\n")[0].lower() for c in column(visible_rows(browser, "suggestions"), 2)]
    assert names == sorted(names)


def test_suggestions_filter_by_text_language_count_and_score(page):
    browser, report = page
    type_filter(browser, "suggestions", "text", "qaddafi")
    (row,) = visible_rows(browser, "suggestions")
    assert row.get_attribute("id") == next(s["id"] for s in report["suggestions"] if s["canonical"] == "Gaddafi")
    type_filter(browser, "suggestions", "text", "")
    type_filter(browser, "suggestions", "count", "5")
    assert {int(c) for c in column(visible_rows(browser, "suggestions"), 3)} == {
        s["count"] for s in report["suggestions"] if s["count"] >= 5}
    type_filter(browser, "suggestions", "count", "0")
    type_filter(browser, "suggestions", "score", "0.95")
    assert len(visible_rows(browser, "suggestions")) == sum(s["score"] >= 0.95 for s in report["suggestions"])
    type_filter(browser, "suggestions", "score", "0")
    type_filter(browser, "suggestions", "language", "de")
    assert not visible_rows(browser, "suggestions")
    type_filter(browser, "suggestions", "language", "en")
    assert len(visible_rows(browser, "suggestions")) == len(report["suggestions"])
    type_filter(browser, "variants", "language", "de")
    german = column(visible_rows(browser, "variants"), 3)
    assert "Selenski" in german and set(column(visible_rows(browser, "variants"), 1)) == {"de"}
    type_filter(browser, "variants", "language", "")


def test_contexts_are_highlighted_and_the_rule_is_shown(page):
    from selenium.webdriver.common.by import By

    browser, report = page
    gaddafi = next(s for s in report["suggestions"] if s["canonical"] == "Gaddafi")
    row = browser.find_element(By.ID, gaddafi["id"])
    marks = {m.text for m in row.find_elements(By.TAG_NAME, "mark")}
    assert {"Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi"} <= marks
    assert row.find_element(By.CSS_SELECTOR, "pre.toml").text == gaddafi["toml"]


def test_variants_table_filters_and_sorts(page):
    from selenium.webdriver.common.by import By

    browser, _ = page
    type_filter(browser, "variants", "text", "zelenskiy")
    rows = visible_rows(browser, "variants")
    assert rows and all("Zelenskiy" in row.text for row in rows)
    assert "Zelenskiy" in {mark.text for row in rows for mark in row.find_elements(By.TAG_NAME, "mark")}
    type_filter(browser, "variants", "text", "")
    browser.find_elements(By.CSS_SELECTOR, "#variants thead th")[4].click()
    counts = [int(c) for c in column(visible_rows(browser, "variants"), 4)]
    assert counts == sorted(counts, reverse=True)
