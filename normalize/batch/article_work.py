"""One article's work: read it, clean it (or only survey its names), reuse an earlier run's result, write it;
and read again the text its names were counted in (discovery's second pass).

Each step is guarded: whatever goes wrong with one article fails that article, with
the reason, and never the run.  Running over a whole folder is :mod:`normalize.batch`.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import Callable, Iterable, Iterator

from normalize.article import Article
from normalize.batch.files import (
    TooLarge, advice, input_chunks, output_path, read_input, reason_of, shown, unreadable, write_atomic, write_atomic_chunks,
)
from normalize.batch.manifest import Known, Outcome, hash_of_bytes
from normalize.batch.walk import Source, file_problem
from normalize.discovery.names import NameCounts
from normalize.errors import NormalizeError
from normalize.formats import FormatError, clean_document, format_of, is_one_text, prose_of
from normalize.pipeline import Pipeline
from normalize.report.record import ArticleRecord
from normalize.stages.decode import decode_bytes


def guarded(step: Callable[..., Article]) -> Callable[..., Article]:
    """``step(pipeline, source, ...)``, one article's work, with any exception made a failed article:
    one article never stops the batch."""
    @wraps(step)
    def guarded_step(pipeline: Pipeline, source: Source, *args) -> Article:
        try:
            return step(pipeline, source, *args)
        except Exception as error:
            return failed(source.path, error)

    return guarded_step


@guarded
def process(pipeline: Pipeline, source: Source, data: bytes | None = None) -> Article:
    """Read and clean one file; a failure (any exception) becomes an article with status ``failed``.

    The reader is chosen by extension (``Config.format`` overrides it); a file of
    no known format is ``skipped`` (copied untouched).  A document whose bad parts
    were kept as they were (a broken JSON line) is ``partial``.  ``data``: the
    file's bytes, if the caller has read them already.
    """
    format_name = format_of(source.path, pipeline.config)
    if source.fail or source.skip or format_name is None:
        return _not_read(source)
    try:
        data = read_input(source.absolute, pipeline.config.max_bytes, source.linked) if data is None else data
    except TooLarge as error:
        return Article(source.path, "skipped", str(error))
    except OSError as error:
        return Article(source.path, "failed", unreadable(source.absolute, error, "not cleaned, not written"))
    decoded = decode_bytes(data)
    article = Article.of(source.path, format_name, decoded, clean_document(pipeline, decoded.text, format_name))
    if pipeline.config.discover:
        cleaned = article.cleaned
        article.names = NameCounts.of_article(article.path, cleaned.prose, cleaned.language, cleaned.protected)
    return article


def _not_read(source: Source) -> Article:
    """The article of a file that is not read: failed (a name that is not UTF-8) or skipped (not an article)."""
    return Article(source.path, "failed", source.fail) if source.fail else Article(source.path, "skipped", source.skip)


def failed(path: str, error: Exception) -> Article:
    """The article at ``path``, failed by ``error``: nothing of it kept but why.

    The guard of every per-article step, so that one article never stops a batch.
    """
    reason = _failure_reason(error).encode("utf-8", "backslashreplace").decode("utf-8")  # storable, whatever it quotes
    return Article(path, status="failed", error=reason)


def _failure_reason(error: Exception) -> str:
    if isinstance(error, FormatError):
        return f"{error}; not written: fix the file, or name its format with --format (text takes any file)"
    if isinstance(error, (OSError, NormalizeError)):
        return reason_of(error)
    if isinstance(error, RecursionError):
        return "nested too deeply to read: not cleaned, not written"
    return (f"normalize could not clean it ({type(error).__name__}: {error}); not written; "
            "this is a bug in normalize: please report it with the file")


@guarded
def survey(pipeline: Pipeline, source: Source) -> Article:
    """Only what discovery needs of one file: decode, read its prose, repair it, detect the language, count names."""
    format_name = format_of(source.path, pipeline.config)
    if source.fail or source.skip or format_name is None:
        return replace(_not_read(source), format=format_name)
    try:
        data = read_input(source.absolute, pipeline.config.max_bytes, source.linked)
    except OSError as error:
        return Article(source.path, "failed", unreadable(source.absolute, error, "its names are not counted"), format_name)
    decoded = decode_bytes(data)
    cleaned = pipeline.survey(prose_of(decoded.text, format_name, pipeline.config))
    names = NameCounts.of_article(source.path, cleaned.prose, cleaned.language, cleaned.protected)
    return Article(source.path, "surveyed", None, format_name, replace(decoded, changes=()), cleaned, names)


def counted_text(pipeline: Pipeline, input_dir: Path, surveyed: bool, path: str) -> str | None:
    """The text the names of the article at ``path`` (below ``input_dir``) were counted in, read again;
    None if it cannot be read now.  As :func:`process` counts them (a text as repaired, a structured
    document's prose as read) or, if ``surveyed``, as :func:`survey` does (the prose, repaired).

    Discovery's second pass reads the contexts of the forms it suggests here, from a few files.
    """
    try:
        absolute = input_dir / path
        linked = absolute.is_symlink()  # read as the walk reads it: a link only where it follows one
        if linked and file_problem(absolute, input_dir.resolve(), pipeline.config.follow_links):
            return None
        text = decode_bytes(read_input(absolute, pipeline.config.max_bytes, linked)).text
        format_name = format_of(path, pipeline.config)
        prose = prose_of(text, format_name, pipeline.config)
        return pipeline.repair(prose)[1].text if surveyed or is_one_text(text, format_name) else prose
    except Exception:  # changed or gone since it was counted: its forms are shown without these contexts
        return None


@dataclass(frozen=True)
class Task:
    """One file to clean, with what an earlier run knows of it."""

    source: Source
    known: Known | None = None


def clean_or_reuse(pipeline: Pipeline, output_dir: Path, task: Task, token: str | None) -> tuple[Outcome, ArticleRecord]:
    """Clean, record and write one file, or reuse what an earlier run made of it.

    Every step is guarded: whatever goes wrong fails this article only, with the reason.
    The record is encoded before the output is written, so that an article whose record
    cannot be stored is not written either.
    """
    source, known = task.source, task.known
    try:
        data, input_hash = _read_once(pipeline, source)
        if known is not None and known.input_hash == input_hash and _output_hash(output_dir, source) == known.output_hash:
            return Outcome(source.path, reused=True), ArticleRecord.decode(*known.record)
        article = process(pipeline, source, data)
        record = ArticleRecord.of(article)
        encoded = record.encode()
        output_hash = _write_output(article, source, output_dir, token)
    except Exception as error:  # one article never stops the batch
        record = ArticleRecord.of(failed(source.path, error))
        return Outcome(source.path, "failed", record.encode()), record
    return Outcome(source.path, article.status, encoded, input_hash, output_hash), record


def _read_once(pipeline: Pipeline, source: Source) -> tuple[bytes | None, str | None]:
    """The bytes of an article to clean (None if it is copied as it is, or cannot be read) and the file's hash.

    An article is read whole and hashed in memory; any other file is hashed in pieces.
    """
    if source.skip or source.fail:
        return None, None
    if format_of(source.path, pipeline.config) is not None:
        with suppress(OSError, TooLarge):  # process() reads it again and says why
            data = read_input(source.absolute, pipeline.config.max_bytes, source.linked)
            return data, hash_of_bytes(data)
    return None, _hash_of_file(source.absolute, source.linked)


def _hash_of_file(path: Path, linked: bool = False) -> str | None:
    """The hash of a file read in pieces, or None when it cannot be read (process() says why)."""
    digest = hashlib.sha256()
    try:
        for chunk in input_chunks(path, linked):
            digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _output_hash(output_dir: Path, source: Source) -> str | None:
    try:
        return _hash_of_file(output_path(output_dir, source.path))
    except NormalizeError:
        return None


def _write_output(article: Article, source: Source, output_dir: Path, token: str | None) -> str | None:
    """Write the cleaned text (or copy a non-article) and return its hash; NormalizeError (saying why) if it cannot."""
    if article.status == "failed" or source.skip or source.fail:
        return None
    try:
        target = output_path(output_dir, source.path)
    except NormalizeError as error:
        raise NormalizeError(f"not written: {error}") from None
    # No fsync per article (it costs more than cleaning one): a run after a power cut
    # finds any output that did not reach the disk by its hash in the manifest, and redoes it.
    try:
        if article.text is None:  # copied as it is, in pieces: a file of any size
            digest = hashlib.sha256()
            write_atomic_chunks(target, _hashed(_copied_chunks(source), digest), durable=False, token=token)
            return digest.hexdigest()
        data = article.text.encode("utf-8")
        write_atomic(target, data, durable=False, token=token)
    except OSError as error:
        raise NormalizeError(
            f"could not write {shown(target)}: {reason_of(error)}; nothing was written for it; {advice(error)}"
        ) from None
    return hash_of_bytes(data)


def _copied_chunks(source: Source) -> Iterator[bytes]:
    """The bytes of a file to copy, in pieces; a NormalizeError (not an OSError: the output is not
    to blame) if they cannot be read."""
    try:
        yield from input_chunks(source.absolute, source.linked)
    except OSError as error:
        raise NormalizeError(unreadable(source.absolute, error, "not copied, nothing was written for it")) from None


def _hashed(chunks: Iterable[bytes], digest) -> Iterator[bytes]:
    for chunk in chunks:
        digest.update(chunk)
        yield chunk
