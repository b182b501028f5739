"""The Dask engine: a batch's chunks run on a Dask cluster (``dask.distributed``), ``--engine dask``.

The driver walks the input folder and sends chunks of paths, never texts; each
Dask worker reads, cleans and writes its articles itself and sends back only the
records of the report (counts, a few contexts) and a partial report, which the
driver merges in walk order.  The output is byte for byte that of the local engine.

Input and output folders must be reachable at the same paths from every worker
(a shared or network file system), and the workers need ``normalize`` installed
in the same version.  Without a scheduler address, a ``LocalCluster`` of worker
processes starts on this machine, without the costly statistics of its dashboard
(:data:`LOCAL_CLUSTER_CONFIG`), its workers forked by a forkserver that has loaded
the language models once (:mod:`~normalize.batch.forkserver`), as the local engine
forks its workers from a process that has.  Its scheduler and every worker still
run an event loop beside the work.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from contextlib import nullcontext
from functools import partial
from itertools import chain, islice
from typing import Callable, Iterable, Iterator

from normalize.batch.local import CHUNKS_IN_FLIGHT, available_cores
from normalize.errors import NormalizeError

# What a LocalCluster started here leaves out or does less often: statistics for the dashboard
# that cost CPU whether or not anyone looks.  On the bench corpus with 2 workers, about 1 s of
# CPU a worker, and its tasks are slowed (a thread waking 100 times a second takes the GIL from them).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,  # a sample of every worker's stacks each 10 ms
    "distributed.admin.system-monitor.interval": "5s",  # each process's CPU, memory and I/O, each 0.5 s
}
FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()  # not on Windows, where workers are spawned


def map_chunks_on_dask(work, pipeline, chunks: Iterable[list], scheduler: str | None = None,
                       jobs: int | None = None, before_fork: Callable[[list[list]], None] | None = None) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` on a cluster; results in order.

    ``work`` is one of :mod:`normalize.batch.chunks` (``clean_chunk``, ``survey_chunk``).
    ``jobs``: the worker processes of a local cluster (without ``scheduler``), forked by a server
    that has run ``before_fork(first_chunks)`` (picklable; see :func:`~normalize.batch.local.map_chunks_locally`).
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
            chunks = iter(chunks)
            head = list(islice(chunks, 2))
            chunks = chain(head, chunks)
            preload = partial(before_fork, head) if before_fork is not None else None
            cluster = _local_cluster(LocalCluster, jobs or available_cores(), preload)
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


def _local_cluster(LocalCluster, workers: int, preload: Callable[[], None] | None = None):
    """A cluster of ``workers`` processes of one thread each on this machine, set up by :data:`LOCAL_CLUSTER_CONFIG`
    (read as the scheduler and the workers start), forked by a server that has run ``preload`` (if any)."""
    import dask

    from normalize.batch.forkserver import serving_preloaded  # here, not above: see that module's last line

    forked = {"distributed.worker.multiprocessing-method": "forkserver"} if FORKSERVER else {}
    with dask.config.set({**LOCAL_CLUSTER_CONFIG, **forked}), serving_preloaded(preload) if FORKSERVER else nullcontext():
        if preload is not None:  # here too, while the server does: the end of the run (suggesting) reads them here
            preload()
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
