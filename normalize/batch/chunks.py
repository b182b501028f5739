"""The unit of work of every engine: a chunk of files cleaned (clean_chunk) or surveyed (survey_chunk).

A worker handles a chunk of files and sends back what the main process keeps of it:
each article's outcome for the manifest, and a partial report (counts and a few
contexts, no text).  A chunk is big enough that sending it and merging its partial
report cost little.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from normalize.batch.article_work import Task, clean_or_reuse, failed, survey
from normalize.batch.manifest import Outcome
from normalize.batch.walk import Source
from normalize.pipeline import Pipeline
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord

CHUNK_SIZE = 32  # articles per chunk


def chunked(items: Iterable) -> Iterator[list]:
    """``items`` in lists of :data:`CHUNK_SIZE` (the last one shorter)."""
    items = iter(items)
    while chunk := list(islice(items, CHUNK_SIZE)):
        yield chunk


@dataclass(frozen=True)
class ChunkResult:
    """What a worker sends back for a chunk: each article's outcome and the chunk's partial report.

    The outcomes carry the records as JSON text, encoded by the worker: the main
    process stores them in the manifest and streams them into the report as they are.
    """

    outcomes: list[Outcome]
    report: Report


def clean_chunk(pipeline: Pipeline, tasks: list[Task], output_dir: Path, token: str | None = None) -> ChunkResult:
    """Clean and write a chunk of files (or reuse earlier results).

    ``token``: the run's, which names the temporary files (see :func:`normalize.batch.files.temporary_name`).
    """
    report = Report(entries=())
    outcomes = []
    for task in tasks:
        outcome, record = clean_or_reuse(pipeline, output_dir, task, token)
        report.add_record(record)
        outcomes.append(outcome)
    return ChunkResult(outcomes, report)


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
