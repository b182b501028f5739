"""A small hostile folder of articles for the guarantee tests, ways to take its picture, and a run killed mid-write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import SEEDS

FORMATS = Path(__file__).parent / "data" / "formats"
SEED = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")

ARTICLES = {
    "seed.txt": SEED,
    "news/kiev.txt": "Talks in Kiev went on late into the night, Zelenskiy said.\n",
    "news/mojibake.txt": "â€œKyivâ€\x9d is right, said the mayor of Odesa and Kharkov.\n",
    "news/de.md": "# Kyjiw\n\nDie Gespräche in Kyjiw dauerten bis spät in die Nacht, sagte Selenski.\n",
    "news/ru.txt": "Переговоры в Кыив шли до поздней ночи, сказал Зеленский.\n",
    "news/script.html": "<p>Kiev <script>alert('Kiev')</script> <b onclick=\"x()\">Zelenskiy</b></p>\n",
    "odd names/‮txt.exe‬.txt": "A name with a right-to-left override: Kiev.\n",
    "odd names/new\nline.txt": "A name with a line break in it: Zelenskiy.\n",
    "odd names/café.txt": "NFC name: Kharkov.\n",
    "odd names/cafe\u0301.txt": "NFD name: Kharkov.\n",
    "odd names/" + "л" * 120 + ".txt": "A 240-byte name: Donbass.\n",
    "photo.jpg": "\x89PNG not an article, copied as it is",
}


def write_corpus(root: Path, backwards: bool = False) -> Path:
    """Articles in every format, odd names, a binary, an undecodable file, a link inside.

    ``backwards`` creates the files in the opposite order: the order of entries on disk changes.
    """
    for name, text in sorted(ARTICLES.items(), reverse=backwards):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (root / "formats").mkdir()
    for sample in sorted(FORMATS.iterdir(), reverse=backwards):
        shutil.copy(sample, root / "formats" / sample.name)
    (root / "bad").mkdir()
    (root / "bad" / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (root / "bad" / "latin1.txt").write_bytes("Kiev caf\xe9".encode("latin-1"))
    (root / "bad" / os.fsdecode(b"not-utf8-\xff.txt")).write_bytes(b"Talks in Kiev.\n")
    (root / "link to seed.txt").symlink_to("seed.txt")
    return root


def picture(folder: Path, times: bool = True) -> dict[str, tuple]:
    """Every entry below ``folder``: kind, bytes (or link target), mode and, with ``times``, mtime."""
    entries = {}
    for path in sorted(Path(folder).rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            content = ("link", os.readlink(path))
        elif path.is_dir():
            content = ("dir",)
        else:
            content = ("file", path.read_bytes())
        entries[path.relative_to(folder).as_posix()] = (*content, info.st_mode, info.st_ino, *((info.st_mtime_ns,) if times else ()))
    return entries


def outputs(folder: Path) -> dict[str, bytes]:
    """The files written below ``folder``: articles and reports; not the manifest, its lock or temporary files."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file() and not path.name.startswith(("manifest", "lock")) and not path.name.endswith(".part")
    }


# Run as `python -c KILL_BEFORE_RENAME N ARGS...`: the normalize CLI with ARGS, killed (SIGKILL)
# at the N-th atomic rename, after that file's bytes are written.
KILL_BEFORE_RENAME = """
import os, signal, sys
from normalize.batch import files
calls = 0
def replace(source, target):
    global calls
    calls += 1
    if calls == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)  # the bytes are written, the rename has not happened
    return real_replace(source, target)
real_replace, files.os.replace = os.replace, replace
from normalize.cli import main
sys.exit(main(sys.argv[2:]))
"""
