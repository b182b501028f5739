"""Running over a whole folder: clean it (clean_folder), count its names (discover_folder), or check it (check_folder).

Each run checks its folders before anything is written, walks the input, and shares
its chunks out to the engine that ``Config.engine`` names (:mod:`~normalize.batch.local`
or :mod:`~normalize.batch.dask`), while this process keeps only the report's aggregates
and records each chunk in the manifest (:mod:`~normalize.batch.manifest`).  Results are
taken in walk order whatever finishes first, so the output and the report do not
depend on the number of workers.

Inputs are only ever read.  Every output file is written under a temporary name
and renamed into place, so a failure never leaves half an article behind.
"""

from __future__ import annotations

import gc
import os
from dataclasses import replace
import sqlite3
import sys
from contextlib import closing
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from tqdm import tqdm

from normalize.article import Article
from normalize.batch.article_work import Task, counted_text, process
from normalize.batch.chunks import chunked, clean_chunk, survey_chunk
from normalize.batch.dask import map_chunks_on_dask
from normalize.batch.files import read_input, reason_of
from normalize.batch.folders import (
    default_report_paths, make_output, real_file_path, refuse_unreadable_input, refuse_unsafe_output, refuse_unsafe_reports,
)
from normalize.batch.local import available_cores, map_chunks_locally
from normalize.collector import settle
from normalize.batch.manifest import Manifest, rules_hash
from normalize.batch.state import STATE_DIR
from normalize.batch.walk import Ignore, Source, walk
from normalize.cache import tool_hash
from normalize.config import Config
from normalize.errors import NormalizeError, ReportError
from normalize.formats import format_of
from normalize.pipeline import Pipeline
from normalize.report.aggregate import Report
from normalize.report.write import write_reports
from normalize.rules.load import builtin_rule_files
from normalize.stages.decode import decode_bytes
from normalize.stages.language import UNDETERMINED, Detected

FOLDER_SAMPLE = 32  # articles read to find a folder's main language


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
    refuse_unreadable_input(input_dir, "clean")
    refuse_unsafe_output(input_dir, output_dir)
    refuse_unsafe_reports(report_paths, input_dir, output_dir)
    pipeline = pipeline or Pipeline(config)
    make_output(output_dir)
    # Written by their real paths: os.path.abspath, tempfile and SQLite take "out/.." by its letters, the kernel
    # after following the link "out" (the property test in tests/test_guarantee_folders.py found it).
    output_dir, report_paths = output_dir.resolve(), [real_file_path(path) for path in report_paths]
    sampled = [] if pipeline.folder_language else sample_languages(
        pipeline, lambda: walk(input_dir, exclude=output_dir, ignore=ignore_of(config))
    )
    pipeline.folder_language = pipeline.folder_language or main_language(sampled)
    manifest = Manifest(output_dir / STATE_DIR, rules_hash(pipeline), tool_hash())
    try:  # the lock is held until the last report is written: a second run would empty the report's list of files
        # discovery reads the lexicon of every language it counts names in; the stages, of few (lowercase candidates)
        lexicons = languages_met(sampled) if pipeline.config.discover else ()
        report = _clean_and_record(input_dir, output_dir, config, pipeline, manifest, lexicons)
        report.rules_files = loaded_rule_files(config)
        if pipeline.config.discover:
            report.run_discovery(pipeline.rules, _local_jobs(config), partial(counted_text, pipeline, input_dir, False))
        _write_reports_of_run(report, report_paths or default_report_paths(output_dir), output_dir, manifest)
    finally:
        manifest.close()
    return report


def _clean_and_record(input_dir: Path, output_dir: Path, config: Config, pipeline: Pipeline, manifest: Manifest,
                      languages: tuple[str, ...] = ()) -> Report:
    """Clean the articles not already done into ``output_dir``, recording each chunk in ``manifest``; the report.
    ``languages``: those the run is expected to meet, whose lexicons are read before the workers fork."""
    report = Report(entries=())
    try:
        manifest.remove_temporary_files(output_dir)
        report = Report(manifest.entries())
        sources = walk(input_dir, exclude=output_dir, follow_links=config.follow_links, ignore=ignore_of(config))
        tasks = (Task(source, None if config.force else manifest.known(source.path)) for source in sources)
        total = sum(1 for _ in walk(input_dir, output_dir, config.follow_links, ignore_of(config))) if config.progress else None
        work = partial(clean_chunk, output_dir=output_dir, token=manifest.token)
        chunks = _writes_expected(chunked(tasks), manifest)
        preload = _preload_for_new_files(pipeline, languages)
        with _progress(total, config.progress) as bar, closing(map_chunks(config, work, pipeline, chunks, preload)) as results:
            for result in results:
                report.merge(result.report)  # first: if the manifest cannot be saved, the failures are still named
                report.reused += sum(outcome.reused for outcome in result.outcomes)
                manifest.save(result.outcomes)
                bar.update(len(result.outcomes))
                settle()
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


def _writes_expected(chunks: Iterable[list[Task]], manifest: Manifest) -> Iterator[list[Task]]:
    """Each chunk, once ``manifest`` has recorded the temporary names its files are about to be written under.

    The main process records them before a worker sees the chunk, in one transaction a chunk;
    the worker writes under the same names (:func:`normalize.batch.files.temporary_name` of the
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
            f"{reason_of(error)}; the articles listed above as failed were not written, the others were; "
            "free some space or choose another --report path and run again", report,
        ) from None


def _relative_inside(path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` with ``/`` separators, or None if it is not inside."""
    relative = os.path.relpath(os.path.abspath(path), folder)
    return None if relative == os.pardir or relative.startswith(os.pardir + os.sep) else Path(relative).as_posix()


def discover_folder(input_dir: str | Path, config: Config = Config(), report_paths: Iterable[str | Path] = ()) -> Report:
    """Count the names of every article below ``input_dir`` and suggest clusters; write only the reports."""
    input_dir = Path(input_dir).absolute()  # workers elsewhere (Dask) read it by this path
    report_paths = list(report_paths)
    refuse_unreadable_input(input_dir, "look at")
    refuse_unsafe_reports(report_paths, input_dir)
    pipeline = Pipeline(config)
    report = Report()
    total = sum(1 for _ in walk(input_dir, ignore=ignore_of(config))) if config.progress else None
    report.rules_files = loaded_rule_files(config)
    sources = walk(input_dir, ignore=ignore_of(config))
    try:
        with _progress(total, config.progress) as bar, closing(map_chunks(config, survey_chunk, pipeline, chunked(sources))) as results:
            for partial_report in results:  # the counts of names, reduced chunk by chunk: no text leaves a worker
                report.merge(partial_report)
                bar.update(partial_report.summary["files"])
                settle()
    finally:
        gc.unfreeze()
    report.run_discovery(pipeline.rules, _local_jobs(config), partial(counted_text, pipeline, input_dir, True))
    write_reports(report, map(real_file_path, report_paths))  # see clean_folder
    return report


def check_folder(input_dir: str | Path, config: Config = Config()) -> Iterator[Article]:
    """Clean every article below ``input_dir`` in memory, writing nothing; the articles in walk order.

    ``config.jobs`` articles at a time (as :func:`clean_folder`); names are not counted.
    """
    input_dir = Path(input_dir).absolute()
    refuse_unreadable_input(input_dir, "check")
    config = replace(config, discover=False)
    pipeline = Pipeline(config)
    sources = partial(walk, input_dir, follow_links=config.follow_links, ignore=ignore_of(config))
    pipeline.folder_language = main_language(sample_languages(pipeline, sources))
    with closing(map_chunks(config, check_chunk, pipeline, chunked(sources()), partial(_preload_all, pipeline))) as results:
        for articles in results:
            yield from articles


def check_chunk(pipeline: Pipeline, sources: list[Source]) -> list[Article]:
    """The articles of a chunk of files, cleaned in memory."""
    return [process(pipeline, source) for source in sources]


def ignore_of(config: Config) -> Ignore:
    """What the walks of a run with ``config`` leave unseen."""
    return Ignore(config.exclude, config.gitignore)


def loaded_rule_files(config: Config) -> list[str]:
    """The rules files a run with ``config`` loads, in order: the built-in ones, then the user's."""
    builtin = [label for label, _ in builtin_rule_files()] if config.builtin_rules else []
    return [*builtin, *map(str, config.rule_paths())]


def sample_languages(pipeline: Pipeline, sources: Callable[[], Iterable[Source]], sample: int = FOLDER_SAMPLE) -> list[Detected]:
    """The languages of ``sample`` articles spread evenly over the folder (those that could be read).

    The sample is fixed by the sorted file list, so the answer does not depend on the
    workers.  ``sources`` gives the files afresh: they are counted first, then the sample
    is read, so that memory does not grow with the folder.
    """
    def articles() -> Iterator[Source]:
        return (s for s in sources() if not (s.skip or s.fail) and format_of(s.path, pipeline.config) in ("text", "markdown"))

    step = max(1, sum(1 for _ in articles()) // sample)
    detected = []
    for source in islice(articles(), 0, step * sample, step):
        try:
            detected.append(pipeline.detect(decode_bytes(read_input(source.absolute, pipeline.config.max_bytes, source.linked)).text))
        except Exception:  # not in the sample; cleaning it says what is wrong with it
            continue
    return detected


def main_language(sampled: list[Detected]) -> str | None:
    """The language of most of the ``sampled`` articles long enough to judge; None if none says.
    Texts too short to judge alone (a caption, a headline) take it.

    >>> main_language([Detected("de", 0.9, [], False), Detected("en", 0.9, [], True), Detected("de", 0.8, [], False)])
    'de'
    """
    counts: dict[str, int] = {}
    for detected in sampled:
        if not detected.short and detected.language != UNDETERMINED:
            counts[detected.language] = counts.get(detected.language, 0) + 1
    return min(counts, key=lambda language: (-counts[language], language)) if counts else None


def languages_met(sampled: list[Detected]) -> tuple[str, ...]:
    """Every language of an article or paragraph of the ``sampled`` articles, sorted.

    >>> from normalize.stages.language import Paragraph
    >>> languages_met([Detected("de", 0.9, [Paragraph(0, 3, "en")], False), Detected("und", 0.0, [], True)])
    ('de', 'en')
    """
    return tuple(sorted({language for detected in sampled for language in detected.languages} - {UNDETERMINED}))


def map_chunks(config: Config, work, pipeline: Pipeline, chunks: Iterable[list], before_fork=None) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` by the engine ``config`` names; results in order.
    ``before_fork`` (picklable, for a local Dask cluster's forkserver): see :func:`~normalize.batch.local.map_chunks_locally`."""
    if config.engine == "dask":
        return map_chunks_on_dask(work, pipeline, chunks, config.scheduler, config.jobs, before_fork)
    if config.engine != "local":
        raise NormalizeError(f"unknown engine {config.engine!r}; use local or dask")
    return map_chunks_locally(work, pipeline, chunks, config.jobs or available_cores(), before_fork)


def _preload_for_new_files(pipeline: Pipeline, languages: tuple[str, ...] = ()) -> Callable[[list[list[Task]]], None]:
    """Preload the pipeline's data (with the lexicons of ``languages``) before the workers fork if the first
    chunks hold a file to clean (a run that only reuses what an earlier one made never reads it)."""
    return partial(_preload_if_new, pipeline, languages)


def _preload_if_new(pipeline: Pipeline, languages: tuple[str, ...], head: list[list[Task]]) -> None:
    if any(task.known is None for chunk in head for task in chunk):
        pipeline.preload(languages)


def _preload_all(pipeline: Pipeline, _head: list[list]) -> None:
    """Preload the pipeline's data before the workers fork, whatever the first chunks hold."""
    pipeline.preload()


def _local_jobs(config: Config) -> int:
    """The processes this machine may use for the steps that the main process shares out (suggesting):
    those of the run, unless its workers are on a cluster elsewhere (a scheduler's address)."""
    return 1 if config.engine == "dask" and config.scheduler else config.jobs or available_cores()


def _progress(total: int | None, enabled: bool):
    """A progress bar with rate and time left on stderr, or one that shows nothing."""
    return tqdm(total=total, disable=not enabled, unit=" articles", file=sys.stderr, dynamic_ncols=True)
