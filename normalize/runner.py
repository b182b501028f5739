"""A batch over a folder: walk it, clean each article, write the output atomically.

Inputs are only ever read.  Every output file is written under a temporary name
and renamed into place, so a failure never leaves half an article behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from normalize.article import Article
from normalize.config import Config
from normalize.errors import NormalizeError
from normalize.files import write_atomic
from normalize.pipeline import Pipeline
from normalize.report import Report, write_reports

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
STATE_DIR = ".normalize"  # reports and state inside an output folder; never read as articles


@dataclass(frozen=True)
class Source:
    """A file found under the input folder."""

    root: Path
    path: str  # relative, with "/" separators

    @property
    def absolute(self) -> Path:
        return self.root.joinpath(*self.path.split("/"))


def walk(root: Path, exclude: Path | None = None) -> Iterator[Source]:
    """Every regular file below ``root``, sorted by path; state folders and ``exclude`` left out.

    Links are not followed: a linked file or folder could lie outside ``root``.
    """
    root = Path(root)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if d != STATE_DIR and (exclude is None or here / d != exclude))
        for name in sorted(files):
            full = here / name
            if full.is_symlink() or not full.is_file():
                continue
            yield Source(root, full.relative_to(root).as_posix())


def default_report_paths(output_dir: Path) -> list[Path]:
    """Where the reports go when none is named: a state folder that walk() skips."""
    state = Path(output_dir) / STATE_DIR
    return [state / "report.json", state / "report.html"]


def process(pipeline: Pipeline, source: Source) -> Article:
    """Read and clean one file; a failure becomes an article with status ``failed``."""
    article = Article(source.path)
    if Path(source.path).suffix.lower() not in ARTICLE_SUFFIXES:
        article.status = "skipped"
        return article
    try:
        decoded = pipeline.decode(source.absolute.read_bytes())
    except (OSError, NormalizeError) as error:
        article.status, article.error = "failed", _reason(error)
        return article
    cleaned = pipeline.clean_text(decoded.text)
    article.encoding, article.encoding_method = decoded.encoding, decoded.method
    article.encoding_confidence = decoded.confidence
    article.language, article.language_score = cleaned.language, cleaned.language_score
    article.text, article.changes, article.mentions = cleaned.text, cleaned.changes, cleaned.mentions
    article.source_text = cleaned.fixed_text
    article.status = "changed" if cleaned.text != decoded.text or decoded.encoding != "utf-8" else "unchanged"
    return article


def clean_folder(
    input_dir: str | Path,
    output_dir: str | Path,
    config: Config = Config(),
    report_paths: Iterable[str | Path] = (),
    pipeline: Pipeline | None = None,
) -> Report:
    """Clean every article below ``input_dir`` into ``output_dir`` and write the reports.

    Articles are written as UTF-8 at the same relative path; other files are copied
    untouched.  Returns the report; ``report.summary["failed"]`` counts the failures.
    """
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    _check_folders(input_dir, output_dir)
    pipeline = pipeline or Pipeline(config)
    report = Report()
    for source in walk(input_dir, exclude=output_dir.resolve()):
        article = process(pipeline, source)
        _write_output(article, source, output_dir)
        report.add(article)
    write_reports(report, list(report_paths) or default_report_paths(output_dir))
    return report


def check_folder(input_dir: str | Path, config: Config = Config()) -> Iterator[Article]:
    """Clean every article below ``input_dir`` in memory, writing nothing."""
    pipeline = Pipeline(config)
    for source in walk(Path(input_dir)):
        yield process(pipeline, source)


def _check_folders(input_dir: Path, output_dir: Path) -> None:
    if not input_dir.is_dir():
        raise NormalizeError(f"{input_dir}: no such folder; give the folder of articles to clean")
    if output_dir.resolve() == input_dir.resolve():
        raise NormalizeError(f"{output_dir}: the output folder must not be the input folder (inputs are never modified)")


def _write_output(article: Article, source: Source, output_dir: Path) -> None:
    """Write the cleaned text (or copy a non-article); a failed write fails the article."""
    if article.status == "failed":
        return
    target = output_dir.joinpath(*source.path.split("/"))
    try:
        data = source.absolute.read_bytes() if article.text is None else article.text.encode("utf-8")
        write_atomic(target, data)
    except OSError as error:
        article.status, article.error = "failed", f"could not write {target}: {_reason(error)}"


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
