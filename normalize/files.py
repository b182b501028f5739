"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

TEMPORARY_SUFFIX = ".part"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename."""
    write_atomic_chunks(target, [data])


def write_atomic_chunks(target: Path, chunks: Iterable[bytes]) -> None:
    """Like :func:`write_atomic`, for data that comes in pieces (a report too big to hold)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        os.fchmod(handle, 0o644)  # mkstemp makes it private; an article is not a secret
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
