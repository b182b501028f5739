"""Reading the files that rules, reports and review decisions come from: a regular file, never a pipe or a device."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from normalize.errors import NormalizeError


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


def read_json_file(path: Path, what: str, expected: str):
    """The JSON value of the file at ``path``, or an error naming it: ``what`` it should be, and
    what to give instead (``expected``)."""
    try:
        return json.loads(read_regular_file(path).decode("utf-8"))
    except OSError as error:
        raise NormalizeError(f"{path}: cannot read the {what} ({error.strerror or error}); give {expected}") from None
    except ValueError as error:  # UnicodeDecodeError too
        raise NormalizeError(f"{path}: not a JSON {what} ({error}); give {expected}") from None


_FILE_KINDS = {
    stat.S_IFREG: "file", stat.S_IFDIR: "folder", stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "device", stat.S_IFBLK: "device", stat.S_IFSOCK: "socket",
}
