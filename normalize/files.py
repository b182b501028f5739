"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

TEMPORARY_SUFFIX = ".part"


def write_atomic(target: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename.

    A reader, or a run that was killed, never sees half a file.  ``durable`` also waits
    until the data is on disk before the rename (fsync), so that not even a power cut can
    leave a short file: a batch that checks its outputs on the next run can do without.
    """
    write_atomic_chunks(target, [data], durable)


def write_atomic_chunks(target: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    """Like :func:`write_atomic`, for data that comes in pieces (a report too big to hold)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        os.fchmod(handle, 0o644)  # mkstemp makes it private; an article is not a secret
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
