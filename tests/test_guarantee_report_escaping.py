"""Guarantee "every string from an article is escaped in the HTML report".

Hostile payloads go where an article's strings reach the report: its text (hence
the contexts and forms), its file name, and the reason it failed.  A parser checks
many generated reports for markup that is not the template's; headless Chromium
opens a few and checks that no payload ran and no element was injected (the
Content-Security-Policy would block an inline script anyway, so the DOM is checked
too: escaping must hold without it).
"""

from __future__ import annotations

import html.parser
import json

from hypothesis import given, settings, strategies as st

from normalize import Pipeline
from normalize.report.html import render_html
from normalize.batch.run import clean_folder

PIPELINE = Pipeline()
PAYLOADS = [
    "<script>window.pwned=1</script>", "<img src=x onerror=window.pwned=1>", "<svg onload=window.pwned=1>",
    "\"><script>window.pwned=1</script>", "'><img src=x onerror=window.pwned=1>", "</script><script>window.pwned=1</script>",
    "<iframe srcdoc=\"<script>parent.pwned=1</script>\"></iframe>", "<a href=javascript:window.pwned=1>Kiev</a>",
    "&lt;script&gt;window.pwned=1&lt;/script&gt;", "<!--", "-->", "<![CDATA[", "]]>", "</textarea>", "</title>",
    "<base href=//evil.example/>", "<meta http-equiv=refresh content=\"0;url=javascript:window.pwned=1\">",
    "<style>body{display:none}</style>", "⟦", "⟧", "\u2028", "${window.pwned=1}", "{{7*7}}", "<math><mi xlink:href=x>",
]
payload = st.sampled_from(PAYLOADS)


@st.composite
def hostile_folders(draw) -> dict[str, bytes]:
    """Articles whose text and names carry payloads next to names the rules know."""
    articles = {}
    for number in range(draw(st.integers(1, 3))):
        name = draw(payload).replace("/", "∕") + f"{number}.txt"
        text = (f"The talks in Kiev went on late into the night. {draw(payload)} Zelenskiy said {draw(payload)} "
                f"that Kharkov {draw(payload)} and the Donbass would be discussed on Sunday.\n")
        articles[name] = text.encode("utf-8")
    articles[draw(payload).replace("/", "∕") + "bad.json"] = b"{not json " + draw(payload).encode()  # fails, named
    return articles


def report_of(folder, articles: dict[str, bytes]) -> str:
    source = folder / "in"
    source.mkdir()
    for name, data in articles.items():
        (source / name).write_bytes(data)
    clean_folder(source, folder / "out", report_paths=[folder / "r.html", folder / "r.json"], pipeline=PIPELINE)
    return (folder / "r.html").read_text(encoding="utf-8")


class Markup(html.parser.HTMLParser):
    """The tags, event-handler attributes and comments of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.handlers, self.comments, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on") or (name in ("href", "src") and "javascript:" in (_ or ""))]

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)


TEMPLATE = Markup()
TEMPLATE.feed(render_html(json.loads(json.dumps({"schema": "x", "summary": {}, "files": [], "variants": [], "suggestions": []}))))
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "script", "body", "h1", "h2", "h3", "p", "table", "thead", "tbody",
                "tr", "th", "td", "ul", "li", "mark", "code", "form", "input", "select", "option", "label", "button",
                "span", "div", "details", "summary", "pre", "section", "small", "a", "b", "strong", "em", "textarea", "output"}


@settings(max_examples=30)
@given(hostile_folders())
def test_no_payload_becomes_markup(tmp_path_factory, articles):
    page = report_of(tmp_path_factory.mktemp("r"), articles)
    markup = Markup()
    markup.feed(page)
    assert markup.tags.count("script") == TEMPLATE.tags.count("script")
    assert not {"img", "svg", "iframe", "base", "math", "textarea"} - {t for t in TEMPLATE.tags} & set(markup.tags)
    assert set(markup.tags) <= ALLOWED_TAGS and markup.handlers == [] and markup.comments == TEMPLATE.comments
    failed = next(name for name in articles if name.endswith("bad.json"))
    assert failed in "".join(markup.text)  # shown, as text


@settings(max_examples=6)
@given(hostile_folders())
def test_no_payload_runs_in_a_browser(tmp_path_factory, browser, articles):
    from selenium.webdriver.common.by import By

    folder = tmp_path_factory.mktemp("b")
    report_of(folder, articles)
    browser.get((folder / "r.html").as_uri())
    assert browser.execute_script("return window.pwned === undefined && !window.frames.length")
    assert browser.title == "normalize report"
    assert len(browser.find_elements(By.TAG_NAME, "script")) == TEMPLATE.tags.count("script")
    for tag in ("img", "svg", "iframe", "base", "math", "textarea"):
        assert not browser.find_elements(By.TAG_NAME, tag), tag
    failed = next(name for name in articles if name.endswith("bad.json"))
    assert failed.replace("\u2028", " ") in browser.find_element(By.TAG_NAME, "body").text.replace("\n", " ") or "\u2028" in failed
