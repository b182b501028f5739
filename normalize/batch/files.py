"""Reading inputs safely and writing outputs so that a reader never sees half of one.

Inputs are opened read-only, only if they are regular files (a pipe or a device
would block or never end), never through a link unless asked, and never beyond a
size limit.  Outputs go to a temporary name in the target's folder and are renamed
into place, and only to paths that stay inside the output folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from normalize.errors import NormalizeError

TEMPORARY_SUFFIX = ".part"
COPY_CHUNK = 1 << 20


class TooLarge(NormalizeError):
    """A file is larger than the size limit; ``size`` is what was seen of it."""

    def __init__(self, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(
            f"larger than the size limit of {describe_size(limit)}: not cleaned, copied as it is; "
            "raise the limit with --max-size to clean it"
        )


def describe_size(size: int) -> str:
    """A size for people.

    >>> describe_size(16 * 2**20), describe_size(1536), describe_size(12)
    ('16 MiB', '1.5 KiB', '12 bytes')
    """
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"


ADVICE = {
    errno.ENOSPC: "free some space and run again",
    errno.EDQUOT: "free some space and run again",
    errno.EACCES: "make the output folder writable and run again",
    errno.EPERM: "make the output folder writable and run again",
    errno.EROFS: "choose an output folder on a writable disk",
    errno.ENAMETOOLONG: "its path is longer than the system allows: shorten the input's name or folders, or choose an --out with a shorter path",
    errno.ENOTDIR: "a file stands where a folder is needed; move it away and run again",
    errno.EISDIR: "a folder stands where the file goes; move it away and run again",
}


def advice(error: OSError) -> str:
    """What a person can do about a failed write.

    >>> advice(OSError(errno.ENOSPC, "No space left on device"))
    'free some space and run again'
    """
    return ADVICE.get(error.errno, "fix the cause and run again")


READ_ADVICE = {
    errno.EACCES: "make it readable by the user who runs normalize (check its permissions) and run again",
    errno.EPERM: "make it readable by the user who runs normalize (check its permissions) and run again",
    errno.EIO: "the disk could not be read: check it, or copy the file elsewhere, and run again",
    errno.ENOENT: "it was moved or removed during the run; run again",
    errno.ENAMETOOLONG: "its path is longer than the system allows: move it higher up, or shorten the names of the folders above it",
    errno.ELOOP: "too many links lead to it: replace a link on its path by the folder it names",
}


def reason_of(error: Exception) -> str:
    """Why something failed, in words: an OSError's message without its number and path, any other error's text.

    >>> reason_of(PermissionError(errno.EACCES, "Permission denied", "/in/a.txt"))
    'Permission denied'
    """
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def unreadable(path, error: OSError, consequence: str) -> str:
    """Why the input at ``path`` could not be read, what ``consequence`` it has, and what to do.

    >>> unreadable("/in/a.txt", PermissionError(errno.EACCES, "Permission denied"), "not cleaned, not written")
    'could not read /in/a.txt (Permission denied): not cleaned, not written; make it readable by the user who runs normalize (check its permissions) and run again'
    """
    return f"could not read {shown(path)} ({reason_of(error)}): {consequence}; {read_advice(error)}"


def read_advice(error: OSError) -> str:
    """What a person can do about a failed read."""
    return READ_ADVICE.get(error.errno, "fix the cause and run again")


def shown(path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 as ``\\xff``.

    >>> shown(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_input(path: Path, linked: bool = False):
    """Open the regular file at ``path`` for reading; if ``path`` is a link, only when ``linked``.

    ``linked``: the walk found a link there and follows it (:attr:`normalize.batch.walk.Source.linked`).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if linked else getattr(os, "O_NOFOLLOW", 0))
    handle = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return os.fdopen(handle, "rb")


def read_input(path: Path, limit: int, linked: bool = False) -> bytes:
    """The bytes of the input file at ``path``; :class:`TooLarge` if there are more than ``limit``.

    Read into a buffer of the file's size: ``read(limit + 1)`` would first allocate ``limit`` bytes.
    """
    with open_input(path, linked) as stream:
        size = min(os.fstat(stream.fileno()).st_size, limit)
        data = stream.read(size + 1)
        if size < len(data) <= limit:  # it grew while it was read
            data += stream.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


def input_chunks(path: Path, linked: bool = False) -> Iterator[bytes]:
    """The bytes of the input file at ``path`` in pieces, to copy a file of any size in little memory."""
    with open_input(path, linked) as stream:
        while chunk := stream.read(COPY_CHUNK):
            yield chunk


def output_path(output_dir: Path, relative: str) -> Path:
    """Where the file at ``relative`` (``/``-separated) goes below ``output_dir``; never outside it.

    A path that climbs out (``..``), starts at the root, or passes through a link
    inside the output folder (which could point anywhere) is refused.

    >>> output_path(Path("/out"), "news/a.txt").as_posix()
    '/out/news/a.txt'
    >>> output_path(Path("/out"), "../etc/passwd")
    Traceback (most recent call last):
    ...
    normalize.errors.NormalizeError: ../etc/passwd: not a path inside the output folder; rename the file
    """
    parts = relative.split("/")
    if any(part in ("", ".", "..") or "\0" in part for part in parts):
        raise NormalizeError(f"{relative}: not a path inside the output folder; rename the file")
    folder = Path(output_dir)
    for part in parts[:-1]:
        folder = folder / part
        if os.path.islink(folder):  # one that cannot be looked at (a path too long) cannot be written through either
            raise NormalizeError(
                f"{relative}: {folder} is a link, and writing through it could leave the output folder; "
                "remove the link from the output folder"
            )
    return folder / parts[-1]


def make_folders(folder: Path) -> None:
    """Make ``folder`` and the folders above it that are missing.

    Without recursion (``Path.mkdir(parents=True)`` recurses once a folder): a folder may be nested thousands deep.
    """
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):  # a file above them fails the first with "Not a directory"
        folder.mkdir(exist_ok=True)  # made meanwhile by another worker: fine


def temporary_name(path: str, token: str) -> str:
    """The name under which ``write_atomic(..., token=token)`` writes ``path`` before the rename.

    ``path`` is a name or a ``/``-separated path; the name is kept in the same folder.
    It depends only on the target's name and the ``token`` (one per run), so that the
    run can record it before the write and a later run can find it, and no other.

    >>> temporary_name("news/a.txt", "0a1b2c3d")
    'news/.a.txt.7991ac62.part'
    """
    folder, slash, name = path.rpartition("/")
    short = os.fsencode(name)[:100].decode("utf-8", "ignore")  # a name near the limit still has room
    mark = hashlib.blake2s(os.fsencode(f"{token}/{name}"), digest_size=4).hexdigest()
    return f"{folder}{slash}.{short}.{mark}{TEMPORARY_SUFFIX}"


def write_atomic(target: Path, data: bytes, durable: bool = True, token: str | None = None, mode: int = 0o644) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename.

    A reader, or a run that was killed, never sees half a file.  ``durable`` also waits
    until the data is on disk before the rename (fsync), so that not even a power cut can
    leave a short file: a batch that checks its outputs on the next run can do without.
    With ``token``, the temporary file is :func:`temporary_name` (which a batch records
    beforehand, to remove it if the run is killed); without, a fresh random name.
    The file gets ``mode`` before it takes the target's name.
    """
    write_atomic_chunks(target, [data], durable, token, mode)


def write_atomic_chunks(
    target: Path, chunks: Iterable[bytes], durable: bool = True, token: str | None = None, mode: int = 0o644
) -> None:
    """Like :func:`write_atomic`, for data that comes in pieces (a report too big to hold)."""
    make_folders(target.parent)
    handle, temporary = _create_temporary(target, token)
    try:
        os.fchmod(handle, mode)  # mkstemp makes it private; an article is not a secret
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):  # keep the first error: it says what went wrong
            os.unlink(temporary)
        raise


def _create_temporary(target: Path, token: str | None) -> tuple[int, str]:
    """A new empty file beside ``target`` (never an existing file, nor through a link): its handle and path."""
    if token is None:
        short = os.fsencode(target.name)[:100].decode("utf-8", "ignore")
        return tempfile.mkstemp(dir=target.parent, prefix=f".{short}.", suffix=TEMPORARY_SUFFIX)
    temporary = str(target.parent / temporary_name(target.name, token))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(temporary, flags, 0o600), temporary
