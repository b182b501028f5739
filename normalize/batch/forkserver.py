"""The forkserver of a local Dask cluster, started holding what every worker reads (models, lexicons): read once.

Dask spawns a local cluster's workers by default, so each imports the package and
loads the language models itself (about 4 s of CPU each on the bench corpus).  With
``distributed.worker.multiprocessing-method`` set to ``forkserver``, one server process,
started fresh with no threads, imports the modules of its preload list and then forks
every worker from itself: the workers share the pages of what it loaded, as the local
engine's workers share those of the main process.  :func:`serving_preloaded` starts
that server with this module in its list and a preload (a pickled callable, in a file
named by :data:`PRELOAD_FILE` in the server's environment), which the server runs when
it imports this module.  A server already running (an earlier run in this process) is
kept: its workers load what it lacks as they need it, as spawned ones do.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import tempfile
from contextlib import contextmanager
from typing import Callable, Iterator

PRELOAD_FILE = "NORMALIZE_FORKSERVER_PRELOAD"  # in the server's environment: the file of the pickled preload
SERVER_IMPORTS = ["distributed", __name__]  # imported by the server: its workers start with them imported


@contextmanager
def serving_preloaded(preload: Callable[[], None] | None) -> Iterator[None]:
    """Inside: the forkserver runs (started now, unless it runs already), having run ``preload`` (if any) before it forks.

    The server reads the preload's file before it forks its first process; the file is
    removed on leaving, once the cluster's workers have started.
    """
    descriptor, path = tempfile.mkstemp(prefix="normalize-preload-", suffix=".pickle")
    try:
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(preload, file)
        multiprocessing.get_context("forkserver").set_forkserver_preload(SERVER_IMPORTS)
        os.environ[PRELOAD_FILE] = path  # read by the server as it starts, not by the processes it forks
        try:
            multiprocessing.forkserver.ensure_running()
        finally:
            del os.environ[PRELOAD_FILE]
        yield
    finally:
        os.remove(path)


def _preload_in_server(path: str) -> None:
    """Run the preload of the file at ``path``, then leave what it loaded out of the garbage collector's scans
    (a worker's collections would otherwise touch, and so copy, its pages).  If it fails, the workers load
    what they need themselves and meet the same error there, where it is reported with the article."""
    try:
        with open(path, "rb") as file:
            preload = pickle.load(file)
        if preload is not None:
            preload()
    except Exception:
        pass
    gc.collect()
    gc.freeze()


# The forkserver imports this module as it starts (SERVER_IMPORTS), once the package's own modules are: none of
# them imports it at its top (normalize.batch.dask, inside a function), or the preload would run half-imported.
if os.environ.get(PRELOAD_FILE):
    _preload_in_server(os.environ.pop(PRELOAD_FILE))
