"""The Dask engine: a batch's chunks run on a Dask cluster (``dask.distributed``), ``--engine dask``.

The driver walks the input folder and sends chunks of paths, never texts; each
Dask worker reads, cleans and writes its articles itself and sends back only the
records of the report (counts, a few contexts) and a partial report, which the
driver merges in walk order.  The output is byte for byte that of the local engine.

Input and output folders must be reachable at the same paths from every worker
(a shared or network file system), and the workers need ``normalize`` installed
in the same version.  Without a scheduler address, a ``LocalCluster`` of worker
processes starts on this machine, without the costly statistics of its dashboard
(:data:`LOCAL_CLUSTER_CONFIG`).  It costs more CPU than ``--jobs`` on the same cores:
its workers are spawned, not forked, so each imports the package and loads the
language models itself (the local engine loads them once, before it forks), and
every worker and the scheduler run an event loop beside the work.
"""

from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from normalize.batch.local import CHUNKS_IN_FLIGHT, available_cores
from normalize.errors import NormalizeError

# What a LocalCluster started here leaves out or does less often: statistics for the dashboard
# that cost CPU whether or not anyone looks.  On the bench corpus with 2 workers, about 1 s of
# CPU a worker, and its tasks are slowed (a thread waking 100 times a second takes the GIL from them).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,  # a sample of every worker's stacks each 10 ms
    "distributed.admin.system-monitor.interval": "5s",  # each process's CPU, memory and I/O, each 0.5 s
}


def map_chunks_on_dask(work, pipeline, chunks: Iterable[list], scheduler: str | None = None,
                       jobs: int | None = None) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` on a cluster; results in order.

    ``work`` is one of :mod:`normalize.batch.chunks` (``clean_chunk``, ``survey_chunk``).
    ``jobs``: the worker processes of a local cluster (without ``scheduler``).
    """
    try:  # an optional dependency, imported only when this engine runs
        from distributed import Client, LocalCluster
    except ImportError:
        raise NormalizeError("the dask engine needs dask.distributed: pip install 'normalize[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = _local_cluster(LocalCluster, jobs or available_cores())
            client = Client(cluster)
    except (OSError, TimeoutError) as error:
        raise NormalizeError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {error}") from None
    pending = deque()
    try:
        remote_pipeline = client.scatter(pipeline, broadcast=True)  # sent once to every worker
        slots = CHUNKS_IN_FLIGHT * max(1, sum(client.nthreads().values()))  # per worker thread
        for chunk in chunks:
            pending.append(client.submit(work, remote_pipeline, chunk, pure=False))
            if len(pending) >= slots:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:  # interrupted: drop what has not run
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _local_cluster(LocalCluster, workers: int):
    """A cluster of ``workers`` processes of one thread each on this machine, set up by :data:`LOCAL_CLUSTER_CONFIG`."""
    import dask

    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read as the scheduler and the workers start
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
