"""What ``check`` found, one finding per change or failure, and the output formats it prints them in.

The formats are those of ruff: ``text`` (``path:line:column: message``), ``json`` (a
list of findings), ``github`` (GitHub Actions workflow commands, shown as annotations
on the pull request) and ``sarif`` (SARIF 2.1.0, for code-scanning tools).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from urllib.parse import quote

from normalize.article import Article
from normalize.text import printable

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FORMATS = ("text", "json", "github", "sarif")


@dataclass(frozen=True)
class Finding:
    """One thing ``check`` reports: a change ``clean`` would make (``level`` warning) or an article
    that cannot be cleaned as a whole (``level`` error).

    >>> Finding("a.txt", 2, 1, "warning", "rules/ukraine.toml:3", "Kiev -> Kyiv", "Kiev", "Kyiv").as_text()
    'a.txt:2:1: Kiev -> Kyiv (rules/ukraine.toml:3)'
    """

    path: str
    line: int
    column: int
    level: str  # warning: a change; error: a failure
    rule: str
    message: str
    before: str | None = None
    after: str | None = None

    def as_text(self, colour: bool = False) -> str:
        if self.level == "error":  # a record kept as it was has a line, a failed article none
            return printable(f"{self.path}:{self.line}: {self.message}" if self.rule == "partial" else f"{self.path}: {self.message}")
        where = f"{self.path}:{self.line}:{self.column}:"
        message = printable(self.message)
        if colour and self.before is not None:
            message = message.replace(printable(self.before), f"\x1b[31m{printable(self.before)}\x1b[0m", 1)
            message = message.replace(f"-> {printable(self.after)}", f"-> \x1b[32m{printable(self.after)}\x1b[0m", 1)
        where = f"\x1b[1m{printable(where)}\x1b[0m" if colour else printable(where)
        return f"{where} {message} ({printable(self.rule)})"


def findings_of(article: Article, shown_path: str) -> list[Finding]:
    """Every finding of one checked article: its failure, its records kept as they were, or its changes.

    An article ``clean`` would rewrite always has one: the change of encoding if it was not
    UTF-8, and, should no stage have named its edit, one for the whole text.
    """
    if article.status == "failed":
        return [Finding(shown_path, 1, 1, "error", "failed", f"failed: {article.error}")]
    findings = [Finding(shown_path, p["line"], 1, "error", "partial", p["error"]) for p in article.problems]
    decoded = article.decoded
    if decoded is not None and decoded.encoding != "utf-8":
        findings.append(Finding(shown_path, 1, 1, "warning", "decode",
                                f"read as {decoded.encoding} ({decoded.method}), written as UTF-8"))
    for change in article.changes:
        field = f"[{change.field}] " if change.field else ""
        findings.append(Finding(shown_path, change.line, change.column, "warning", change.rule,
                                f"{field}{change.before} -> {change.after}", change.before, change.after))
    if article.status == "changed" and not findings:
        findings.append(Finding(shown_path, 1, 1, "warning", "rewrite", "the text would be rewritten"))
    return findings


def render(findings: list[Finding], output_format: str, version: str) -> str:
    """The findings in ``output_format`` (one of :data:`FORMATS`; ``text`` is printed line by line instead)."""
    if output_format == "json":
        return json.dumps([asdict(finding) for finding in findings], ensure_ascii=False, indent=2)
    if output_format == "github":
        return "\n".join(map(github_annotation, findings))
    return json.dumps(sarif_log(findings, version), ensure_ascii=False, indent=2)


def github_annotation(finding: Finding) -> str:
    """A GitHub Actions workflow command that annotates the finding's line.

    >>> github_annotation(Finding("a b.md", 3, 5, "warning", "r:1", "Kiev -> Kyiv"))
    '::warning file=a b.md,line=3,col=5,title=normalize (r%3A1)::Kiev -> Kyiv'
    """
    properties = f"file={_escape_property(finding.path)},line={finding.line},col={finding.column}," \
                 f"title={_escape_property(f'normalize ({finding.rule})')}"
    return f"::{finding.level} {properties}::{_escape_data(finding.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sarif_log(findings: list[Finding], version: str) -> dict:
    """The findings as a SARIF 2.1.0 log: one run of the tool ``normalize``, one result a finding."""
    rules = sorted({finding.rule for finding in findings})
    index = {rule: number for number, rule in enumerate(rules)}  # not rules.index: a search of every rule per finding
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "normalize", "version": version,
                "rules": [{"id": rule, "shortDescription": {"text": _rule_description(rule)}} for rule in rules],
            }},
            "results": [
                {
                    "ruleId": finding.rule, "ruleIndex": index[finding.rule], "level": finding.level,
                    "message": {"text": finding.message},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.path)},
                        "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
                    }}],
                }
                for finding in findings
            ],
        }],
    }


def _rule_description(rule: str) -> str:
    return {"decode": "the article is not UTF-8", "failed": "the article cannot be cleaned",
            "partial": "a record is kept as it was", "rewrite": "the text would be rewritten"}.get(
        rule, f"a change by the rule {rule}")


def _uri(path: str) -> str:
    """A relative URI reference for a path (SARIF ``artifactLocation.uri``)."""
    return quote(path.replace(os.sep, "/"))
