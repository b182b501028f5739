"""Data that every worker reads is loaded once, before the workers fork, and only when there is work to do."""

from __future__ import annotations

import os

from normalize import Pipeline
from normalize.batch.article_work import Task
from normalize.batch.local import map_chunks_locally
from normalize.batch.manifest import Known
from normalize.batch.run import _preload_for_new_files
from normalize.batch.walk import Source
from normalize.stages import spans
from normalize.stages.base import span_languages

_loaded_in: list[int] = []  # the processes that ran before_fork; a forked worker inherits the list


def _load(head: list[list]) -> None:
    _loaded_in.append(os.getpid())


def _what_the_worker_sees(_pipeline, chunk: list) -> tuple[list[int], list]:
    return list(_loaded_in), chunk


def test_before_fork_runs_once_here_and_the_workers_inherit_what_it_loaded():
    _loaded_in.clear()
    results = list(map_chunks_locally(_what_the_worker_sees, None, [[1], [2], [3]], 2, before_fork=_load))
    assert [chunk for _, chunk in results] == [[1], [2], [3]]
    assert all(seen == [os.getpid()] for seen, _ in results)  # loaded here, before the fork, once


def test_one_job_runs_here_and_loads_nothing_ahead():
    _loaded_in.clear()
    assert [chunk for _, chunk in map_chunks_locally(_what_the_worker_sees, None, [[1], [2]], 1, before_fork=_load)] == [[1], [2]]
    assert _loaded_in == []


class _Counting:
    preloads = 0

    def preload(self) -> None:
        self.preloads += 1


def _task(name: str, known: bool) -> Task:
    return Task(Source(None, name), Known("in", "out", ("{}", b"")) if known else None)


def test_a_run_that_only_reuses_earlier_results_does_not_preload():
    pipeline = _Counting()
    _preload_for_new_files(pipeline)([[_task("a", True)], [_task("b", True)]])
    assert pipeline.preloads == 0
    _preload_for_new_files(pipeline)([[_task("a", True)], [_task("b", False)]])
    assert pipeline.preloads == 1


def test_the_pipeline_preloads_lingua_for_the_languages_of_spans(monkeypatch):
    asked = []
    monkeypatch.setattr(spans, "preload_models", asked.append)
    pipeline = Pipeline()
    pipeline.preload()
    assert asked == [span_languages(pipeline.rules)] and len(asked[0]) > 1
