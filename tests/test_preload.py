"""Data that every worker reads is loaded once, before the workers fork, and only when there is work to do."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from normalize import Config, Pipeline, clean_folder
from normalize.batch.article_work import Task
from normalize.batch.local import map_chunks_locally
from normalize.batch.manifest import Known
from normalize.batch.run import _preload_for_new_files
from normalize.batch.walk import Source
from normalize.stages import common_words, protect, spans
from normalize.stages.base import span_languages

ROOT = Path(__file__).resolve().parent.parent
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

    def preload(self, languages=()) -> None:
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


@pytest.mark.parametrize("discover", [True, False])
def test_a_run_that_suggests_preloads_the_lexicons_of_the_languages_met_in_its_sample(tmp_path, monkeypatch, discover):
    asked = []
    monkeypatch.setattr(Pipeline, "preload", lambda self, languages=(): asked.append(languages))
    source = tmp_path / "in"
    source.mkdir()
    english = "The president said on Sunday that the talks would go on in the capital next week.\n"
    german = "Der Präsident sagte am Sonntag, dass die Gespräche in der nächsten Woche weitergehen würden.\n"
    for number in range(40):  # more than one chunk: the workers fork
        (source / f"{number:02}.txt").write_text(german if number % 2 else english, encoding="utf-8")
    clean_folder(source, tmp_path / "out", Config(jobs=2, discover=discover))
    assert asked == [("de", "en") if discover else ()]  # discovery reads them all at the end; cleaning, few


def test_preloading_a_language_reads_its_simplemma_dictionary_once(monkeypatch):
    read = []
    monkeypatch.setattr(common_words, "simplemma_data", lru_cache(maxsize=None)(read.append))
    monkeypatch.setattr(common_words, "_lexicon", lru_cache(maxsize=None)(common_words._lexicon.__wrapped__))
    common_words.preload(("de", "de", "ru", "xx"))
    assert read == ["de"]  # ru is pymorphy3's, xx has no lexicon


def test_the_pipeline_preloads_the_public_suffix_list(monkeypatch):
    monkeypatch.setattr(spans, "preload_models", lambda languages: None)
    protect.public_suffixes.cache_clear()
    Pipeline().preload()
    assert protect.public_suffixes.cache_info().currsize == 1  # read here, before the workers fork


def test_starting_a_run_imports_neither_tldextract_nor_markdown_it():
    """They are imported where first used (a dotted name, a Markdown document): a run without one never pays for them."""
    code = "import sys, normalize.cli, normalize.batch.run; print(sorted({'tldextract', 'markdown_it'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
