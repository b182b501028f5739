"""Reading the files that rules and review decisions come from: a regular file, never a pipe or a device."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular_file(path: str | Path) -> bytes:
    """The bytes of the file at ``path``; OSError if it is not a regular file.

    Opened without blocking and checked before reading: a named pipe or a device
    would otherwise wait forever for data, a folder fail with a puzzling error.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = _FILE_KINDS.get(stat.S_IFMT(os.fstat(descriptor).st_mode), "special file")
        if kind != "file":
            raise OSError(errno.EINVAL, f"it is a {kind}, not a regular file", str(path))
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_FILE_KINDS = {
    stat.S_IFREG: "file", stat.S_IFDIR: "folder", stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "device", stat.S_IFBLK: "device", stat.S_IFSOCK: "socket",
}
