"""What cleaning does to one article, stage by stage, and why (like ``ftfy.explain``).

>>> from normalize.pipeline import Cleaned
>>> from normalize.stages.decode import Decoded
>>> cleaned = Cleaned("Kyiv", "en", 0.99, [Change("spelling", "rules/ukraine.toml:12", 0, 4, "Kiev", "Kyiv", 1, 1)],
...                   [], "Kiev", "Kiev")
>>> article = Article("a.txt", "changed", decoded=Decoded("Kiev", "cp1251", "detected", 0.98), cleaned=cleaned)
>>> print(explain_article(article, 4, Pipeline().stages))
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
from normalize.batch.article_work import process
from normalize.batch.walk import Source
from normalize.changes import DECODE, Change
from normalize.pipeline import Pipeline
from normalize.stages.base import Stage
from normalize.text import printable

_METHODS = {"bom": "by its byte-order mark", "utf-8": "valid UTF-8", "declared": "as the file declares",
            "detected": "detected", "mixed": "UTF-8 but for stray bytes, each read as below"}


def explain_file(path: str | Path, pipeline: Pipeline) -> tuple[Article, str]:
    """Clean the file at ``path`` in memory (nothing is written); return the article and its story."""
    path = Path(path)
    article = process(pipeline, Source(path.parent, path.name))
    size = path.stat().st_size if path.is_file() else 0
    return article, explain_article(article, size, pipeline.stages)


def explain_article(article: Article, size: int, stages: list[Stage]) -> str:
    """The story of one processed article, one stage of ``stages`` (those that ran) after another;
    ``size`` is its length in bytes.

    Each line is :func:`~normalize.text.printable`: names and text from the file cannot act on the terminal.
    """
    lines = [article.path]
    if article.status == "skipped":
        return _story(lines + [f"{'not an article':13} copied untouched by `normalize clean`"])
    if article.status == "failed":
        return _story(lines + [_row("decode", f"failed: {article.error}"),
                                  _row("result", "failed: `normalize clean` reports it and writes nothing")])
    decoded, cleaned = article.decoded, article.cleaned
    declared = f"the file declares {decoded.declared}" if decoded.declared else "the file declares no charset"
    lines.append(_row("decode", f"{decoded.encoding}, {_METHODS.get(decoded.method, decoded.method)} "
                                f"(confidence {decoded.confidence:g}); {declared}; {size} bytes"))
    by_stage: dict[str, list[Change]] = {}
    for change in article.changes:
        by_stage.setdefault(change.stage, []).append(change)
    lines += _listed(by_stage.pop(DECODE, []))  # under the decode row above
    for position, stage in enumerate(stages):
        lines += _stage_rows(stage.name, by_stage.pop(stage.name, []), stage.nothing)
        if position == 0:  # the other stages read the repaired text in its language
            lines.append(_row("language", f"{cleaned.language} (score {cleaned.language_score:g})"))
    for name, changes in by_stage.items():  # a structured format's own fixes (its charset declaration)
        lines += _stage_rows(name, changes, "")
    lines.append(_row("result", f"{article.status}; {len(article.text)} characters, "
                                f"written as UTF-8 without byte-order mark"))
    return _story(lines)


def _story(lines: list[str]) -> str:
    return "\n".join(map(printable, lines))


def _stage_rows(name: str, changes: list[Change], nothing: str) -> list[str]:
    """The row of a stage, and a row for each of its changes."""
    count = f"{len(changes)} change{'s' * (len(changes) != 1)}"
    return [_row(name, count if changes else nothing), *_listed(changes)]


def _listed(changes: list[Change]) -> list[str]:
    return [f"  {c.line}:{c.column}  {c.before!r} -> {c.after!r}  ({c.rule})" for c in changes]


def _row(label: str, text: str) -> str:
    return f"{label:13} {text}"

