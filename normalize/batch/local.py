"""The local engine: work shared out to processes of this machine, the garbage collector kept quiet in each (:mod:`normalize.collector`).

:func:`map_chunks_locally` runs a batch's chunks in a pool of worker processes;
:func:`forked_map` runs the few parts of a step at the end of a run (discovery's
clustering) in forked processes.  Both give their results in order.

>>> forked_map(len, ["a", "bb", "ccc"])
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Callable, Iterable, Iterator, TypeVar

from normalize.collector import settle
from normalize.errors import NormalizeError

CHUNKS_IN_FLIGHT = 4  # per worker: enough to keep every worker busy, few enough to keep memory flat

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_chunks_locally(work, pipeline, chunks: Iterable[list], jobs: int,
                       before_fork: Callable[[list[list]], None] | None = None) -> Iterator:
    """``work(pipeline, chunk)`` over ``chunks`` in ``jobs`` processes, results in order, a bounded number ahead.

    A single chunk, or one job, runs in this process: starting workers would cost more.
    ``before_fork(first_chunks)`` loads what the workers will read: read once here, its pages shared by them.
    """
    chunks = iter(chunks)
    head = list(islice(chunks, 2))
    if jobs <= 1 or len(head) < 2:
        for chunk in (*head, *chunks):
            yield work(pipeline, chunk)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    if before_fork is not None and context.get_start_method() == "fork":
        before_fork(head)
    settle()  # forked workers then never touch (and so copy) the pipeline's pages to collect garbage
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


def _start_worker(work, pipeline) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    _worker = (work, pipeline)


def _work_in_worker(chunk: list):
    work, pipeline = _worker
    result = work(pipeline, chunk)
    settle()
    return result


def forked_map(function: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    """``[function(item) for item in items]``: the first item in this process, each other in a forked one.

    A forked process reads what this one holds without copying it, and sends back only
    its result.  Where processes cannot be forked, or one fails or dies, its item is
    done here: the result is the same, and so is any error, raised here.
    """
    if len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    started = []
    try:
        for item in items[1:]:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_send_result, args=(sender, function, item), daemon=True)
            process.start()
            sender.close()
            started.append((receiver, process, item))
        results = [function(items[0])]
        for receiver, _, item in started:
            try:
                results.append(receiver.recv())
            except EOFError:  # nothing came: it failed or died
                results.append(function(item))
        return results
    finally:
        for receiver, process, _ in started:
            receiver.close()
            process.join()


def _send_result(sender, function: Callable, item) -> None:
    try:
        sender.send(function(item))
    except Exception:  # nothing is sent: the main process does the item itself and meets the error there
        pass
    finally:
        sender.close()
