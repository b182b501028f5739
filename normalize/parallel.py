"""A function over a few items in forked processes: for a step at the end of a run that splits in parts.

>>> forked_map(len, ["a", "bb", "ccc"])
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


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
