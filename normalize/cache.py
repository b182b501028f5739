"""The cache folder: what a run builds from installed data (and the rules it has checked) and may reuse on the next
start, one file an entry; and the hash of normalize's code and libraries that names what they built (:func:`tool_hash`).

The folder is ``$NORMALIZE_CACHE_DIR`` if that is set (set empty: no cache), else
``$XDG_CACHE_HOME/normalize``, else ``~/.cache/normalize``.  An entry's name says what it
was built from (a version, a hash of the data), so an upgrade builds a new one.  An entry is
written to a temporary file and renamed into place, so two processes building it at once each
leave a whole one; it is framed by its length and CRC-32, so one cut short or corrupt reads as
None and is built again.  A folder that cannot be made or written means no cache, never an error:
the cache only saves time, and what is read from it is what would have been built.  Reading an entry
marks it used; writing one removes the entries no run has used for 30 days (those of an earlier
version, of a rules file since changed), and never a file that does not begin as an entry does.
(The tests point ``NORMALIZE_CACHE_DIR`` at a temporary folder: conftest.py.)

>>> write_entry("example", lambda: b"built once"); read_entry("example"), read_entry("missing")
(b'built once', None)

Most entries hold a pickle (:func:`pickled`) and are named by a hash of what they were built from (:func:`entry_name`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import tempfile
import time
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

from normalize.collector import collector_paused

CACHE_DIR_VARIABLE = "NORMALIZE_CACHE_DIR"
_MAGIC = b"normalize cache 1\n"
_FRAME = struct.Struct("<QI")  # the payload's length and CRC-32, after the magic
_TOOL_DEPENDENCIES = ("ftfy", "langdetect", "markdown-it-py", "selectolax")
STALE_AFTER = 30 * 24 * 3600  # seconds: an entry no run has read or written for this long is removed

Built = TypeVar("Built")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off (``NORMALIZE_CACHE_DIR`` set empty)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "normalize"


def read_entry(name: str) -> bytes | None:
    """The payload of the entry ``name``, or None if there is none whole (missing, cut short, corrupt, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _FRAME.size
    if len(data) < start or not data.startswith(_MAGIC):
        return None
    length, crc = _FRAME.unpack_from(data, len(_MAGIC))
    payload = data[start:]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        os.utime(path)  # used now: not stale
    except OSError:
        pass
    return payload


def write_entry(name: str, payload: Callable[[], bytes]) -> None:
    """Write the entry ``name`` whole (a temporary file renamed into place), or nothing if the folder cannot be
    written; ``payload`` makes its bytes, called only when there is a folder to write them to."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            data = payload()
            file.write(_MAGIC + _FRAME.pack(len(data), zlib.crc32(data)) + data)
        os.replace(temporary, folder / name)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    remove_stale_entries(folder)


def remove_stale_entries(folder: Path) -> None:
    """Remove the entries in ``folder`` (and the temporary files of entries) that no run has read or written for
    :data:`STALE_AFTER`; a file that does not begin as an entry does is never removed, whatever its age."""
    stale = time.time() - STALE_AFTER
    with os.scandir(folder) as files:
        for file in files:
            try:
                if file.is_file(follow_symlinks=False) and file.stat(follow_symlinks=False).st_mtime < stale:
                    with open(file.path, "rb") as opened:  # (a regular file: opening a pipe would wait for a writer)
                        ours = opened.read(len(_MAGIC)) == _MAGIC
                    if ours:
                        os.unlink(file.path)
            except OSError:
                continue


def entry_name(kind: str, *parts: str | bytes) -> str:
    """The name of an entry of ``kind`` built from ``parts`` (versions, data, code): ``kind`` and a hash of the
    parts, each framed by its length, so that no two lists of parts name the same entry.

    >>> entry_name("example", "1.0", b"data")
    'example-26978b83db975f29c2c9e528ab2e6ad4e51af0c4'
    >>> entry_name("example", "1.0", b"data") == entry_name("example", "1.0d", b"ata")
    False
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}\0".encode() + data)
    return f"{kind}-{digest.hexdigest()[:40]}"


def pickled(name: str, build: Callable[[], Built], is_whole: Callable[[object], bool] = lambda _: True) -> Built:
    """What ``build()`` returns, read from the entry ``name`` if it holds a whole one (unpickled, and ``is_whole``
    says so), else built and written there (nothing is written if ``build`` raises).  The garbage collector waits
    while an entry is unpickled: it would walk the tens of thousands of objects a large one makes again and
    again (three times the time of reading them, for a large rules file)."""
    payload = read_entry(name)
    if payload is not None:
        with collector_paused():
            value = pickle.loads(payload)
        if is_whole(value):
            return value
    value = build()
    write_entry(name, lambda: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """The hash of this version of normalize: its code and the libraries that shape its output
    (what the manifest's records and the cached rules were made by)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent  # normalize/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _TOOL_DEPENDENCIES:
        digest.update(f"{name}=={version_of(name)}\0".encode())
    return digest.hexdigest()


def version_of(distribution: str) -> str:
    """The installed version of ``distribution``, or ``unknown``."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
