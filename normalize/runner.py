"""A batch over a folder: walk it, clean each article, write the output atomically.

Inputs are only ever read.  Every output file is written under a temporary name
and renamed into place, so a failure never leaves half an article behind.

Articles stream through in chunks: read, cleaned and written by worker processes
(``Config.jobs``) or by a Dask cluster (``Config.engine``), while the main process
keeps only the report's aggregates and records each chunk in the manifest
(:mod:`normalize.manifest`).  Results are taken in walk order whatever finishes
first, so the output and the report do not depend on the number of workers.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, suppress
from dataclasses import dataclass, replace
from functools import partial, wraps
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from normalize.article import Article
from normalize.config import Config
from normalize.discovery.names import NameCounts
from normalize.errors import NormalizeError, ReportError
from normalize.folders import STATE_DIR, check_input, check_output, check_reports, identity, make_output, real_file_path
from normalize.files import (
    TooLarge, advice, input_chunks, output_path, read_advice, read_input, shown, unreadable, write_atomic, write_atomic_chunks,
)
from normalize.formats import FormatError, clean_document, format_of, prose_of
from normalize.manifest import Known, Manifest, Outcome, file_hash, rules_hash, tool_hash
from normalize.pipeline import Pipeline
from normalize.stages.decode import decode_bytes
from normalize.stages.language import UNDETERMINED
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord
from normalize.report.write import write_reports

FOLDER_SAMPLE = 32  # articles read to find a folder's main language
FOLDER_NOT_READ = "nothing below it was cleaned or written"
CHUNK_SIZE = 32  # articles per unit of work sent to a worker: big enough that sending it and merging its partial report cost little
CHUNKS_IN_FLIGHT = 4  # per worker: enough to keep every worker busy, few enough to keep memory flat


@dataclass(frozen=True)
class Source:
    """A file found under the input folder.

    ``linked``: reached through a link that is followed.  ``skip``: why the file is
    left out (a link that leads outside the input folder, a pipe or a device);
    ``fail``: why it cannot be handled (a name that is not UTF-8).  Either way it is
    neither read nor written, and the report says why.
    """

    root: Path
    path: str  # relative, with "/" separators
    linked: bool = False
    skip: str | None = None
    fail: str | None = None

    @property
    def absolute(self) -> Path:
        return self.root.joinpath(*self.path.split("/"))


def walk(root: Path, exclude: Path | None = None, follow_links: bool = False) -> Iterator[Source]:
    """Every file below ``root``, folder by folder in sorted order; state folders and the folder ``exclude`` left out.

    ``exclude`` (the output folder) is known by device and inode, however it is spelled
    or reached.  A link to a file inside ``root`` is followed.  A link that leads outside
    ``root`` is not, unless ``follow_links``: it comes out with a ``skip`` reason, as do
    links to nothing, pipes and devices.  A link to a folder inside ``root`` is not
    entered (its files are cleaned where they are), one outside only with
    ``follow_links``, and never one to a folder that contains it (a loop).  A folder that
    cannot be read (no permission, a path longer than the system allows) comes out with
    a ``fail`` reason, and the walk goes on; only ``root`` itself unreadable stops it.
    """
    root = Path(root)
    real_root = root.resolve()
    excluded = identity(exclude) if exclude is not None else None
    folders = [""]  # relative paths of the folders still to read, the next one last
    while folders:
        within = folders.pop()
        try:
            entries = _sorted_entries(root / within)
        except OSError as error:
            if not within:
                raise NormalizeError(f"{root}: could not read the input folder ({_reason(error)}); {read_advice(error)}") from None
            yield Source(root, shown(within), fail=unreadable(root / within, error, FOLDER_NOT_READ))
            continue
        prefix = f"{within}/" if within else ""  # paths are built as text: a Path per file costs more than the rest
        subfolders = []
        for entry in entries:
            if not _is_folder(entry) or entry.name == STATE_DIR or (excluded and identity(entry.path) == excluded):
                continue
            path = prefix + entry.name
            try:
                reason = _folder_link_problem(Path(entry.path), real_root, follow_links)
            except OSError as error:
                yield Source(root, shown(path), fail=unreadable(entry.path, error, FOLDER_NOT_READ))
                continue
            if reason is None:
                subfolders.append(path)
            else:
                yield Source(root, shown(path), skip=reason)
        for entry in entries:
            if not _is_folder(entry):
                yield _file_source(root, prefix + entry.name, entry, real_root, follow_links)
        folders.extend(reversed(subfolders))


def _sorted_entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether the entry is a folder or a link to one (one that cannot be looked at is taken for a file)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _file_source(root: Path, path: str, entry: os.DirEntry, real_root: Path, follow_links: bool) -> Source:
    """The file at ``path`` (relative to ``root``), with why it is left out or cannot be handled, if it is."""
    if shown(path) != path:
        return Source(root, shown(path), fail=(
            "its name is not valid UTF-8, so it cannot be named in the report: not read, not written; "
            "rename it (e.g. with convmv) and run again"
        ))
    try:
        linked = entry.is_symlink()
        reason = _file_problem(Path(entry.path), real_root, follow_links) if linked or not entry.is_file() else None
    except OSError as error:
        return Source(root, path, fail=unreadable(entry.path, error, "not cleaned, not written"))
    return Source(root, path, linked=linked, skip=reason)


def _folder_link_problem(folder: Path, real_root: Path, follow_links: bool) -> str | None:
    """Why the folder (or link to one) at ``folder`` is not entered, or None to enter it."""
    if not folder.is_symlink():
        return None
    target = folder.resolve()
    if target.is_relative_to(real_root) and not follow_links:
        return f"a link to the folder {shown(target)}, inside the input folder: its files are cleaned where they are"
    if folder.parent.resolve().is_relative_to(target):
        return f"a link to the folder {shown(target)}, which contains it: following it would never end"
    if not follow_links:
        return f"a link to the folder {shown(target)}, outside the input folder: not followed; pass --follow-links to follow it"
    return None


def _file_problem(path: Path, real_root: Path, follow_links: bool) -> str | None:
    """Why the link or special file at ``path`` is not read, or None to read it."""
    if path.is_symlink():
        if not path.exists():
            return f"a link to {shown(os.readlink(path))}, which does not exist: left out; fix or remove the link"
        target = path.resolve()
        if not (follow_links or target.is_relative_to(real_root)):
            return f"a link to {shown(target)}, outside the input folder: not followed; pass --follow-links to follow it"
    if not path.is_file():
        return "not a regular file (a pipe, socket or device): left out; move it out of the folder to silence this"
    return None


def default_report_paths(output_dir: Path) -> list[Path]:
    """Where the reports go when none is named: a state folder that walk() skips."""
    state = Path(output_dir) / STATE_DIR
    return [state / "report.json", state / "report.html"]


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
        return _reason(error)
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
    return Article(source.path, "unchanged", None, format_name, replace(decoded, changes=()), cleaned, names)


def discover_folder(input_dir: str | Path, config: Config = Config(), report_paths: Iterable[str | Path] = ()) -> Report:
    """Count the names of every article below ``input_dir`` and suggest clusters; write only the reports."""
    input_dir = Path(input_dir).absolute()  # workers elsewhere (Dask) read it by this path
    report_paths = list(report_paths)
    check_input(input_dir, "look at")
    check_reports(report_paths, input_dir)
    pipeline = Pipeline(config)
    report = Report()
    total = sum(1 for _ in walk(input_dir)) if config.progress else None
    try:
        with _progress(total, config.progress) as bar, closing(map_chunks(config, survey_chunk, pipeline, _chunks(walk(input_dir)))) as results:
            for partial_report in results:  # the counts of names, reduced chunk by chunk: no text leaves a worker
                report.merge(partial_report)
                bar.update(partial_report.summary["files"])
                _settle()
    finally:
        gc.unfreeze()
    report.run_discovery(pipeline.rules, _local_jobs(config))
    write_reports(report, map(real_file_path, report_paths))  # see clean_folder
    return report


def survey_chunk(pipeline: Pipeline, sources: list[Source]) -> Report:
    """The partial report of discovery over a chunk of files."""
    report = Report()
    for source in sources:
        try:
            record = ArticleRecord.of(survey(pipeline, source))
        except Exception as error:  # one article never stops the batch
            record = ArticleRecord.of(failed(source.path, error))
        report.add_record(record)
    return report


def clean_folder(
    input_dir: str | Path,
    output_dir: str | Path,
    config: Config = Config(),
    report_paths: Iterable[str | Path] = (),
    pipeline: Pipeline | None = None,
) -> Report:
    """Clean every article below ``input_dir`` into ``output_dir`` and write the reports.

    Articles are written as UTF-8 at the same relative path; other files are copied
    untouched.  Articles that the manifest shows unchanged since an earlier run (same
    input, rules and tool; output still as written) are not cleaned again.  Returns
    the report; ``report.summary["failed"]`` counts the failures.
    """
    input_dir, output_dir = Path(input_dir).absolute(), Path(output_dir).absolute()
    report_paths = list(report_paths)
    check_input(input_dir, "clean")
    check_output(input_dir, output_dir)
    check_reports(report_paths, input_dir, output_dir)
    pipeline = pipeline or Pipeline(config)
    make_output(output_dir)
    # Written by their real paths: os.path.abspath, tempfile and SQLite take "out/.." by its letters, the kernel
    # after following the link "out" (the property test in tests/test_guarantee_folders.py found it).
    output_dir, report_paths = output_dir.resolve(), [real_file_path(path) for path in report_paths]
    pipeline.folder_language = pipeline.folder_language or folder_language(
        pipeline, lambda: walk(input_dir, exclude=output_dir)
    )
    manifest = Manifest(output_dir / STATE_DIR, rules_hash(pipeline), tool_hash())
    try:  # the lock is held until the last report is written: a second run would empty the report's list of files
        report = _clean_and_record(input_dir, output_dir, config, pipeline, manifest)
        if pipeline.config.discover:
            report.run_discovery(pipeline.rules, _local_jobs(config))
        _write_reports_of_run(report, report_paths or default_report_paths(output_dir), output_dir, manifest)
    finally:
        manifest.close()
    return report


def _clean_and_record(input_dir: Path, output_dir: Path, config: Config, pipeline: Pipeline, manifest: Manifest) -> Report:
    """Clean the articles not already done into ``output_dir``, recording each chunk in ``manifest``; the report."""
    report = Report(entries=())
    try:
        manifest.remove_temporary_files(output_dir)
        report = Report(manifest.entries())
        sources = walk(input_dir, exclude=output_dir, follow_links=config.follow_links)
        tasks = (Task(source, None if config.force else manifest.known(source.path)) for source in sources)
        total = sum(1 for _ in walk(input_dir, output_dir, config.follow_links)) if config.progress else None
        work = partial(clean_chunk, output_dir=output_dir, token=manifest.token)
        chunks = _writes_expected(_chunks(tasks), manifest)
        with _progress(total, config.progress) as bar, closing(map_chunks(config, work, pipeline, chunks)) as results:
            for result in results:
                report.merge(result.report)  # first: if the manifest cannot be saved, the failures are still named
                manifest.save(result.outcomes)
                bar.update(len(result.outcomes))
                _settle()
        manifest.finish()
    except sqlite3.Error as error:  # the disk is full, most likely: stop, and say what was written
        raise ReportError(
            f"{output_dir / STATE_DIR}: could not record the run ({error}), so it stopped: the articles "
            "named above and all those after them were not written, the others are complete; free some "
            "space and run the same command again to continue", report,
        ) from None
    finally:
        gc.unfreeze()
    return report


def _writes_expected(chunks: Iterable[list["Task"]], manifest: Manifest) -> Iterator[list["Task"]]:
    """Each chunk, once ``manifest`` has recorded the temporary names its files are about to be written under.

    The main process records them before a worker sees the chunk, in one transaction a chunk;
    the worker writes under the same names (:func:`normalize.files.temporary_name` of the
    run's token), and the chunk's outcomes, saved in one transaction, clear them.
    """
    for chunk in chunks:
        manifest.expect_writes(task.source.path for task in chunk if not (task.source.skip or task.source.fail))
        yield chunk


def _write_reports_of_run(report: Report, paths: list, output_dir: Path, manifest: Manifest) -> None:
    """Write the reports, their temporary names recorded like the articles' (those inside the output folder)."""
    inside = [relative for relative in (_relative_inside(path, output_dir) for path in paths) if relative]
    try:
        manifest.expect_writes(inside)
        write_reports(report, paths, token=manifest.token)
        manifest.written(inside)
    except (OSError, sqlite3.Error) as error:  # sqlite3: the disk filled up after the last chunk was recorded
        raise ReportError(
            f"{getattr(error, 'filename', None) or ', '.join(map(str, paths))}: could not write the report: "
            f"{_reason(error)}; the articles listed above as failed were not written, the others were; "
            "free some space or choose another --report path and run again", report,
        ) from None


def _relative_inside(path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` with ``/`` separators, or None if it is not inside."""
    relative = os.path.relpath(os.path.abspath(path), folder)
    return None if relative == os.pardir or relative.startswith(os.pardir + os.sep) else Path(relative).as_posix()


@dataclass(frozen=True)
class Task:
    """One file to clean, with what an earlier run knows of it."""

    source: Source
    known: Known | None = None


@dataclass(frozen=True)
class ChunkResult:
    """What a worker sends back for a chunk: each article's outcome and the chunk's partial report.

    The outcomes carry the records as JSON text, encoded by the worker: the main
    process stores them in the manifest and streams them into the report as they are.
    """

    outcomes: list[Outcome]
    report: Report


def clean_chunk(pipeline: Pipeline, tasks: list[Task], output_dir: Path, token: str | None = None) -> ChunkResult:
    """Clean and write a chunk of files (or reuse earlier results); the unit of work of every engine.

    ``token``: the run's, which names the temporary files (see :func:`normalize.files.temporary_name`).
    """
    report = Report(entries=())
    outcomes = []
    for task in tasks:
        outcome, record = _clean_or_reuse(pipeline, output_dir, task, token)
        report.add_record(record)
        outcomes.append(outcome)
    return ChunkResult(outcomes, report)


def _clean_or_reuse(pipeline: Pipeline, output_dir: Path, task: Task, token: str | None) -> tuple[Outcome, ArticleRecord]:
    """Clean, record and write one file, or reuse what an earlier run made of it.

    Every step is guarded: whatever goes wrong fails this article only, with the reason.
    The record is encoded before the output is written, so that an article whose record
    cannot be stored is not written either.
    """
    source, known = task.source, task.known
    try:
        data, input_hash = _read_once(pipeline, source)
        if known is not None and known.input_hash == input_hash and _output_hash(output_dir, source) == known.output_hash:
            return Outcome(source.path, reused=True), known.record()
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
            return data, file_hash(data)
    return None, _hash_of(source.absolute, source.linked)


def _hash_of(path: Path, follow_links: bool = False) -> str | None:
    """The hash of a file read in pieces, or None when it cannot be read (process() says why)."""
    digest = hashlib.sha256()
    try:
        for chunk in input_chunks(path, follow_links):
            digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _output_hash(output_dir: Path, source: Source) -> str | None:
    try:
        return _hash_of(output_path(output_dir, source.path))
    except NormalizeError:
        return None


def _chunks(items: Iterable) -> Iterator[list]:
    items = iter(items)
    while chunk := list(islice(items, CHUNK_SIZE)):
        yield chunk


def map_chunks(config: Config, work, pipeline: Pipeline, chunks: Iterable[list]) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` by the engine ``config`` names; results in order."""
    if config.engine == "dask":
        from normalize.engines.dask import map_chunks as on_dask

        return on_dask(work, pipeline, chunks, config.scheduler, config.jobs)
    if config.engine != "local":
        raise NormalizeError(f"unknown engine {config.engine!r}; use local or dask")
    return map_chunks_locally(work, pipeline, chunks, config.jobs or available_cores())


def _local_jobs(config: Config) -> int:
    """The processes this machine may use for the steps that the main process shares out (suggesting)."""
    return (config.jobs or available_cores()) if config.engine == "local" else 1


def available_cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_chunks_locally(work, pipeline: Pipeline, chunks: Iterable[list], jobs: int) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` in ``jobs`` processes, results in order, a bounded number ahead.

    A single chunk, or one job, runs in this process: starting workers would cost more.
    """
    chunks = iter(chunks)
    head = list(islice(chunks, 2))
    if jobs <= 1 or len(head) < 2:
        for chunk in (*head, *chunks):
            yield work(pipeline, chunk)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    _settle()  # forked workers then never touch (and so copy) the pipeline's pages to collect garbage
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(work, pipeline))
    try:
        pending = deque()
        for chunk in chain(head, chunks):
            pending.append(pool.submit(_work_in_worker, chunk))
            if len(pending) >= CHUNKS_IN_FLIGHT * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:
        raise NormalizeError("a worker process died (killed, or out of memory); run again to continue") from None
    finally:
        # On an interruption, chunks not started are dropped and those running finish:
        # workers ignore Ctrl-C, so none stops in the middle of writing a file.
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple | None = None  # (work, pipeline) of a worker process


def _start_worker(work, pipeline: Pipeline) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    _worker = (work, pipeline)


def _work_in_worker(chunk: list):
    work, pipeline = _worker
    result = work(pipeline, chunk)
    _settle()
    return result


def _settle() -> None:
    """Collect the garbage of the chunk just handled, then leave what outlives it out of later collections.

    What outlives a chunk lives to the end of the run (the report's counts, the language
    model's words, cached keys) and holds no cycles; every collection the next chunks set
    off would scan it all again (it nearly tripled the main process's time with two workers).
    A collection here scans only what the chunk made.  ``gc.unfreeze`` ends it.
    """
    gc.collect()
    gc.freeze()


def _progress(total: int | None, enabled: bool):
    """A progress bar with rate and time left on stderr, or one that shows nothing."""
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit=" articles", file=sys.stderr, dynamic_ncols=True)


def check_folder(input_dir: str | Path, config: Config = Config()) -> Iterator[Article]:
    """Clean every article below ``input_dir`` in memory, writing nothing."""
    input_dir = Path(input_dir)
    check_input(input_dir, "check")
    pipeline = Pipeline(config)
    pipeline.folder_language = folder_language(pipeline, lambda: walk(input_dir, follow_links=config.follow_links))
    for source in walk(input_dir, follow_links=config.follow_links):
        yield process(pipeline, source)


def folder_language(pipeline: Pipeline, sources: Callable[[], Iterable[Source]], sample: int = FOLDER_SAMPLE) -> str | None:
    """The language of most articles among ``sample`` spread evenly over the folder; None if none says.

    Texts too short to judge alone (a caption, a headline) take it.  The sample is
    fixed by the sorted file list, so the answer does not depend on the workers.
    ``sources`` gives the files afresh: they are counted first, then the sample is
    read, so that memory does not grow with the folder.
    """
    def articles() -> Iterator[Source]:
        return (s for s in sources() if not (s.skip or s.fail) and format_of(s.path, pipeline.config) in ("text", "markdown"))

    step = max(1, sum(1 for _ in articles()) // sample)
    counts: dict[str, int] = {}
    for source in islice(articles(), 0, step * sample, step):
        try:
            detected = pipeline.detect(decode_bytes(read_input(source.absolute, pipeline.config.max_bytes, source.linked)).text)
        except Exception:  # not in the sample; cleaning it says what is wrong with it
            continue
        if not detected.short and detected.language != UNDETERMINED:
            counts[detected.language] = counts.get(detected.language, 0) + 1
    return min(counts, key=lambda language: (-counts[language], language)) if counts else None


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
            f"could not write {shown(target)}: {_reason(error)}; nothing was written for it; {advice(error)}"
        ) from None
    return file_hash(data)


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


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
