"""One article on the command line: a file or standard input (``-``) cleaned to a file, a folder or standard output,
and the unified diff of what cleaning would write.

A folder is the batch's (:mod:`normalize.batch.run`); one article is cleaned here in memory,
with no manifest and no report unless ``--report`` asks for one.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import replace
from pathlib import Path

from normalize.article import Article
from normalize.batch.article_work import process
from normalize.batch.files import read_input, reason_of, write_atomic
from normalize.batch.walk import Source
from normalize.config import Config
from normalize.errors import NormalizeError
from normalize.formats import format_of
from normalize.pipeline import Pipeline

STDIN = "-"


def is_single(path: str) -> bool:
    """Whether ``path`` names one article (a file, or ``-`` for standard input) rather than a folder."""
    return path == STDIN or os.path.isfile(path)


def refuse_missing(path: str, doing: str) -> None:
    """A usage error naming ``path`` if it is neither a file, a folder nor ``-``."""
    if path != STDIN and not os.path.exists(path):
        raise NormalizeError(f"{path}: no such folder or file; give the folder of articles (or one article, or - for "
                             f"standard input) to {doing}")


def check_one(path: str, config: Config) -> Article:
    """The article at ``path`` (``-``: standard input) cleaned in memory."""
    if path == STDIN:
        data, source = sys.stdin.buffer.read(), Source(Path.cwd(), STDIN)
        config = replace(config, formats=(*config.formats, ("", config.format or "text")))  # a name with no extension
    else:
        file = Path(path).absolute()
        source = Source(file.parent, file.name)
        try:
            data = read_input(file, config.max_bytes) if format_of(file.name, config) else None
        except OSError as error:
            raise NormalizeError(f"{path}: could not read it ({reason_of(error)})") from None
    return process(Pipeline(replace(config, discover=False)), source, data)


def write_one(article: Article, path: str, out: str) -> str:
    """Write what cleaning made of the article at ``path`` to ``out`` (a file, a folder, or ``-``); where it went.

    A file that is not an article is copied as it is; nothing is written for a failed article.
    The input is only read: ``out`` may not be the input itself.
    """
    if article.status == "failed":
        return "nothing written"
    data = article.text.encode("utf-8") if article.text is not None else Path(path).read_bytes()
    if out == STDIN:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return "written to standard output"
    target = Path(out)
    if target.is_dir() or out.endswith(("/", os.sep)):
        if path == STDIN:
            raise NormalizeError(f"{out}: a folder; give a file (or -) for the article read from standard input")
        target = target / Path(path).name
    if path != STDIN and target.exists() and target.resolve() == Path(path).resolve():
        raise NormalizeError(f"{out}: this is the input file; inputs are only read: choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return f"written to {target}"


def unified_diff(article: Article, shown_path: str) -> str:
    """The unified diff, ``a/PATH`` to ``b/PATH``, of the article's text as read and as clean would write it.

    >>> from types import SimpleNamespace as Read
    >>> article = Read(decoded=Read(text="Kiev\\n"), text="Kyiv\\n")
    >>> print(unified_diff(article, "a.txt"), end="")
    --- a/a.txt
    +++ b/a.txt
    @@ -1 +1 @@
    -Kiev
    +Kyiv
    """
    if article.decoded is None or article.text is None:
        return ""
    before, after = article.decoded.text.splitlines(keepends=True), article.text.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{shown_path}", f"b/{shown_path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
