"""The Dask engine gives byte for byte what the local engine gives (on a LocalCluster)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from normalize import Config, clean_folder
from normalize.cli import main
from normalize.batch.dask import map_chunks_on_dask
from normalize.batch.run import _local_jobs, discover_folder
from test_runner import ARTICLES, snapshot, write_folder

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

MORE = {f"batch/{i:02d}.txt": f"Officials in Kiev said on day {i} that Zelenskiy would speak.\n" for i in range(40)}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("in"), {**ARTICLES, **MORE})


def test_the_dask_engine_writes_what_the_local_engine_writes(cluster, corpus, tmp_path):
    local = clean_folder(corpus, tmp_path / "local", Config(jobs=2))
    remote = clean_folder(corpus, tmp_path / "dask", Config(engine="dask", scheduler=cluster.scheduler_address))
    assert remote.summary == local.summary and remote.summary["files"] == len(ARTICLES) + len(MORE) + 1
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")


def test_the_command_line_runs_on_a_scheduler_and_resumes_there(cluster, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", str(corpus), "--out", str(out), "--engine", "dask",
                 "--scheduler", cluster.scheduler_address]) == 4  # bad.txt fails, the batch goes on
    first = snapshot(out)
    assert main(["clean", str(corpus), "--out", str(out), "--engine", "dask",
                 "--scheduler", cluster.scheduler_address]) == 4
    assert snapshot(out) == first
    assert "bad.txt" in capsys.readouterr().err


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path):
    source = write_folder(tmp_path / "in", MORE)
    assert main(["clean", str(source), "--out", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2"]) == 4
    assert main(["clean", str(source), "--out", str(tmp_path / "local"), "--jobs", "1"]) == 4
    assert snapshot(tmp_path / "dask") == snapshot(tmp_path / "local")


def test_a_local_cluster_started_here_keeps_no_statistics_for_its_dashboard():
    """Its workers sample no stacks and look at their own CPU and memory rarely (issue 20:
    a thread waking every 10 ms took the GIL from the tasks), and they send their results in order."""
    def settings(_, chunk):
        import dask
        return chunk, dask.config.get("distributed.worker.profile.enabled"), \
            dask.config.get("distributed.admin.system-monitor.interval")

    assert list(map_chunks_on_dask(settings, 0, [[1], [2], [3]], jobs=1)) == [([i], False, "5s") for i in (1, 2, 3)]


def test_the_end_of_a_run_on_a_local_cluster_uses_as_many_processes_as_its_workers():
    assert _local_jobs(Config(engine="dask", jobs=2)) == _local_jobs(Config(jobs=2)) == 2
    assert _local_jobs(Config(engine="dask", jobs=2, scheduler="tcp://10.0.0.5:8786")) == 1  # the workers are elsewhere


def test_discovery_on_the_cluster_is_a_reduction_with_the_local_result(cluster, tmp_path):
    articles = Path(__file__).parent / "data" / "discovery" / "articles"
    local = discover_folder(articles, Config(jobs=1), [tmp_path / "local.json"])
    remote = discover_folder(articles, Config(engine="dask", scheduler=cluster.scheduler_address),
                             [tmp_path / "dask.json"])
    assert remote.suggestions and remote.suggestions == local.suggestions
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()



WORKER_MODELS = """
import os
from normalize.batch.article_work import Task
from normalize.batch.dask import map_chunks_on_dask
from normalize.batch.run import _preload_for_new_files
from normalize.pipeline import Pipeline

def lexicons_held(pipeline, chunk):  # reads none itself
    from normalize.stages.common_words import _lexicon
    return os.getppid(), _lexicon.cache_info().currsize

if __name__ == "__main__":
    pipeline = Pipeline()
    preload = _preload_for_new_files(pipeline, ("de", "uk"))
    for parent, lexicons in map_chunks_on_dask(lexicons_held, pipeline, [[Task(None)]] * 2, jobs=2, before_fork=preload):
        print(parent != os.getpid(), lexicons)
"""


def test_a_local_cluster_s_workers_start_holding_the_lexicons_read_once_before_they_fork(tmp_path):
    """Forked by a server that has read them (issue 20: spawned workers each read every model and lexicon).
    In a process of its own: the forkserver, once started, serves every later cluster of its process."""
    (tmp_path / "run.py").write_text(WORKER_MODELS)
    ran = subprocess.run([sys.executable, "run.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert ran.stdout.split("\n")[:2] == ["True 2", "True 2"], ran.stderr[-2000:]
