"""What cleaning does to one article, stage by stage, and why (like ``ftfy.explain``).

>>> print(explain_article(Article("a.txt", status="changed", text="Kyiv", encoding="cp1251",
...       encoding_method="detected", encoding_confidence=0.98, language="en", language_score=0.99,
...       changes=[Change("spelling", "rules/ukraine.toml:12", 0, 4, "Kiev", "Kyiv", 1, 1)]), 4))
a.txt
decode        cp1251, detected (confidence 0.98); the file declares no charset; 4 bytes
fix_encoding  nothing to repair
language      en (score 0.99)
spelling      1 change
  1:1  'Kiev' -> 'Kyiv'  (rules/ukraine.toml:12)
result        changed; 4 characters, written as UTF-8 without byte-order mark
"""

from __future__ import annotations

from pathlib import Path

from normalize.article import Article
from normalize.batch.walk import Source
from normalize.changes import DECODE, Change
from normalize.pipeline import Pipeline
from normalize.runner import process
from normalize.text import printable

STAGES = ("fix_encoding", "spelling")  # the stages after decoding that record changes, in pipeline order
_METHODS = {"bom": "by its byte-order mark", "utf-8": "valid UTF-8", "declared": "as the file declares",
            "detected": "detected", "mixed": "UTF-8 but for stray bytes, each read as below"}
_NONE = {"fix_encoding": "nothing to repair", "spelling": "no spelling to reconcile"}


def explain_file(path: str | Path, pipeline: Pipeline) -> tuple[Article, str]:
    """Clean the file at ``path`` in memory (nothing is written); return the article and its story."""
    path = Path(path)
    article = process(pipeline, Source(path.parent, path.name))
    size = path.stat().st_size if path.is_file() else 0
    return article, explain_article(article, size)


def explain_article(article: Article, size: int) -> str:
    """The story of one processed article, one stage after another; ``size`` is its length in bytes.

    Each line is :func:`~normalize.text.printable`: names and text from the file cannot act on the terminal.
    """
    lines = [article.path]
    if article.status == "skipped":
        return _story(lines + [f"{'not an article':13} copied untouched by `normalize clean`"])
    if article.status == "failed":
        return _story(lines + [_row("decode", f"failed: {article.error}"),
                                  _row("result", "failed: `normalize clean` reports it and writes nothing")])
    declared = (f"the file declares {article.encoding_declared}" if article.encoding_declared
                else "the file declares no charset")
    lines.append(_row("decode", f"{article.encoding}, {_METHODS.get(article.encoding_method, article.encoding_method)} "
                                f"(confidence {article.encoding_confidence:g}); {declared}; "
                                f"{size} bytes"))
    by_stage: dict[str, list[Change]] = {}
    for change in article.changes:
        by_stage.setdefault(change.stage, []).append(change)
    lines += _listed(by_stage.pop(DECODE, []))  # under the decode row above
    for stage in (*STAGES, *(s for s in by_stage if s not in STAGES)):
        if stage == "spelling":
            lines.append(_row("language", f"{article.language} (score {article.language_score:g})"))
        changes = by_stage.get(stage, [])
        count = f"{len(changes)} change{'s' * (len(changes) != 1)}"
        lines.append(_row(stage, count if changes else _NONE.get(stage, "no changes")))
        lines += _listed(changes)
    lines.append(_row("result", f"{article.status}; {len(article.text)} characters, "
                                f"written as UTF-8 without byte-order mark"))
    return _story(lines)


def _story(lines: list[str]) -> str:
    return "\n".join(map(printable, lines))


def _listed(changes: list[Change]) -> list[str]:
    return [f"  {c.line}:{c.column}  {c.before!r} -> {c.after!r}  ({c.rule})" for c in changes]


def _row(label: str, text: str) -> str:
    return f"{label:13} {text}"

