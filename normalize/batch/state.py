"""The state folder of an output folder (``.normalize``): made, locked for one run, its files never reached through a link.

A link, a folder or a device where normalize keeps a file of its state is refused by
name: following it could make a run write anywhere.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from normalize.batch.files import advice
from normalize.errors import NormalizeError

try:
    import fcntl
except ImportError:  # not on POSIX: no lock against a second run
    fcntl = None

STATE_DIR = ".normalize"  # reports and state inside an output folder; never read as articles
LOCK_NAME = "lock"


def make_state_folder(state_dir: Path) -> None:
    """Make the state folder if it is missing; refuse a link or a file in its place."""
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # a link or a file: refused below
    except OSError as error:
        raise NormalizeError(f"{state_dir}: cannot make the folder of normalize's state ({error.strerror}); {advice(error)}") from None
    mode = os.lstat(state_dir).st_mode
    if not stat.S_ISDIR(mode):
        raise NormalizeError(_not_ours(state_dir, mode, "a folder"))


def lock_state_folder(state_dir: Path) -> int:
    """Hold the folder's lock until closed: two runs writing one output folder would mix their work."""
    path = state_dir / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags, 0o644)
    except OSError as error:
        refuse_unless_regular(path)  # a link (ELOOP) is named as such
        raise NormalizeError(f"{path}: cannot open normalize's lock ({error.strerror}); {advice(error)}") from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        raise NormalizeError(_not_ours(path, mode, "a file"))
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise NormalizeError(
                f"{state_dir.parent}: another normalize run is writing to this folder; wait for it to end"
            ) from None
    return handle


def refuse_unless_regular(path: Path) -> None:
    """Refuse a link, a folder or a device at ``path``, where normalize keeps a file of its state; nothing is fine."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NormalizeError(_not_ours(path, mode, "a file"))


def _not_ours(path: Path, mode: int, expected: str) -> str:
    found = "a link" if stat.S_ISLNK(mode) else "something other than " + expected
    return (
        f"{path}: {found} stands where normalize keeps its state; it is neither followed nor written "
        "(a link could lead to any file); remove it and run again"
    )
