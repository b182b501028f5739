"""The manifest of an output folder: what each article was made from, so a re-run can skip it.

For every article it records the hash of its input, of the rules (and the options
that change output), and of the tool version, with the hash of the output written and
the report's record of the article (its file entry as the report writes it, and the
rest, each compressed as the worker encoded them).  A later run skips an article whose three hashes
are unchanged and whose output is still what was written, and rebuilds the report
from the records.  It lives in ``OUTPUT_DIR/.normalize/manifest.sqlite``; each chunk
of articles is committed in one transaction, so an interrupted run loses at most
the chunks in flight and the next run continues from there.

It also records the temporary name of every file the run is about to write, before
the write, so that the next run removes what a killed one left behind, and only that.
The state folder and its files are never opened through a link.  A damaged manifest
is moved aside and started afresh (its articles are cleaned again).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import sqlite3
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from normalize.errors import NormalizeError
from normalize.text import decompressed_text
from normalize.batch.files import advice, output_path, temporary_name
from normalize.batch.state import lock_state_folder, make_state_folder, refuse_unless_regular

FILE_NAME = "manifest.sqlite"
JOURNALS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside the database
MANIFEST_SCHEMA = 3  # 2: the record in two columns, the file entry apart and the rest compressed; 3: the entry compressed too
RUN_OPTIONS = frozenset({"jobs", "engine", "scheduler", "progress", "quiet", "force"})  # change how, not what


def hash_of_bytes(data: bytes) -> str:
    """The hash the manifest keeps of a file's bytes.

    >>> hash_of_bytes(b"Kyiv")[:12]
    'daccd738d5f7'
    """
    return hashlib.sha256(data).hexdigest()


def rules_hash(pipeline) -> str:
    """The hash of everything that decides what the pipeline writes: its rules and options."""
    rules = pipeline.rules
    options = {k: v for k, v in dataclasses.asdict(pipeline.config).items() if k not in RUN_OPTIONS}
    described = {
        "languages": sorted(rules.languages),
        # Entities are flat (text, lists, tables): their repr describes them, twice as fast as JSON.
        "entities": hash_of_bytes(repr([vars(entity) for entity in rules.entities.values()]).encode("utf-8")),
        "paradigms": [dataclasses.asdict(paradigm) for paradigm in rules.paradigms.values()],
        "romanizations": [dataclasses.asdict(system) for system in rules.romanizations.values()],
        "style": rules.style, "folder_language": pipeline.folder_language,
        "options": options,
    }
    return hash_of_bytes(json.dumps(described, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8"))


@dataclass(frozen=True)
class Known:
    """What the manifest knows of an article from an earlier run with the same rules and tool.

    ``record`` is the report's record as it was given in the :class:`Outcome` (the file
    entry as JSON text and the rest, each compressed), still encoded: a worker decodes it.
    """

    input_hash: str
    output_hash: str | None
    record: tuple[bytes, bytes]


@dataclass(frozen=True)
class Outcome:
    """What became of one article in this run: reused from the manifest, or cleaned anew.

    ``record`` is the report's record, encoded by the worker (``ArticleRecord.encode``):
    the file entry as JSON text and the rest, each compressed, stored as they are; None when
    reused (the manifest has it).
    """

    path: str
    status: str | None = None
    record: tuple[bytes, bytes] | None = None
    input_hash: str | None = None
    output_hash: str | None = None
    reused: bool = False


class Manifest:
    """The manifest of one output folder, open for one run: the folder's lock is held until :meth:`close`.

    ``token`` names this run's temporary files (:func:`normalize.batch.files.temporary_name`).
    """

    def __init__(self, state_dir: Path, rules: str, tool: str):
        make_state_folder(state_dir)
        self._lock = lock_state_folder(state_dir)
        try:
            self.path = state_dir / FILE_NAME
            self.rules, self.tool = rules, tool
            self.token = secrets.token_hex(4)
            self._db = _open(self.path)
        except BaseException:
            os.close(self._lock)
            raise
        self.run = int(self._meta("runs") or 0) + 1
        self._write_meta(runs=str(self.run))

    def known(self, path: str) -> Known | None:
        """The earlier outcome of ``path``, if it was cleaned with these rules by this tool."""
        row = self._db.execute(
            "SELECT input_hash, output_hash, entry, record FROM articles "
            "WHERE path = ? AND rules_hash = ? AND tool_hash = ? AND status != 'failed'",
            (path, self.rules, self.tool),
        ).fetchone()
        return None if row is None else Known(row[0], row[1], (row[2], row[3]))

    def expect_writes(self, paths: Iterable[str]) -> None:
        """Record the temporary names that the files at ``paths`` (relative to the output folder) are written under.

        Called before they are written: a run killed mid-write leaves only recorded names.
        """
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO temporary VALUES (?)", ((temporary_name(path, self.token),) for path in paths)
            )

    def written(self, paths: Iterable[str]) -> None:
        """Forget the temporary names of ``paths``: they are written (renamed into place, or removed on failure)."""
        with self._transaction():
            self._forget_writes(paths)

    def save(self, outcomes: Iterable[Outcome]) -> None:
        """Record the outcomes of a chunk in one transaction (their files are written)."""
        outcomes = list(outcomes)
        with self._transaction():
            self._db.executemany(
                "UPDATE articles SET run = ? WHERE path = ?",
                ((self.run, outcome.path) for outcome in outcomes if outcome.reused),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((outcome.path, outcome.input_hash, self.rules, self.tool, outcome.output_hash,
                  outcome.status, *outcome.record, self.run) for outcome in outcomes if not outcome.reused),
            )
            self._forget_writes(outcome.path for outcome in outcomes)

    def remove_temporary_files(self, output_dir: Path) -> int:
        """Delete the temporary files that a killed run left below ``output_dir``; return how many.

        Only names recorded by :meth:`expect_writes`, and only where a regular file is
        still at that name (not a link, nor anything reached through one).
        """
        names = [name for (name,) in self._db.execute("SELECT name FROM temporary")]
        removed = sum(_remove_regular_file(output_dir, name) for name in names)
        with self._transaction():
            self._db.execute("DELETE FROM temporary")
        return removed

    def finish(self) -> None:
        """Forget articles that this run did not see (their input is gone)."""
        with self._transaction():
            self._db.execute("DELETE FROM articles WHERE run != ?", (self.run,))

    def entries(self) -> "FileEntries":
        """The file entries of this run, sorted by path, read back on demand."""
        return FileEntries(self.path, self.run)

    def close(self) -> None:
        """Close the database, then release the lock."""
        self._db.close()
        os.close(self._lock)

    def _forget_writes(self, paths: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM temporary WHERE name = ?", ((temporary_name(path, self.token),) for path in paths))

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _write_meta(self, **values: str) -> None:
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def _transaction(self):
        return _Transaction(self._db)


class _Damaged(sqlite3.DatabaseError):
    """The manifest's own check found damage."""


_DAMAGE = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
_SQLITE_ADVICE = {
    "SQLITE_READONLY": "it is read-only: make it and its folder writable, or choose another --out, and run again",
    "SQLITE_CANTOPEN": "it cannot be opened for writing: make it and its folder writable, or choose another --out, and run again",
    "SQLITE_PERM": "it is not writable: make it and its folder writable, or choose another --out, and run again",
    "SQLITE_FULL": "the disk is full: free some space and run again",
}


def _open(path: Path) -> sqlite3.Connection:
    """The manifest at ``path``, ready; a damaged one is moved aside (said on stderr) and a new one made."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:
        if not (isinstance(error, _Damaged) or getattr(error, "sqlite_errorname", None) in _DAMAGE):
            raise _unusable(path, error) from None
        aside = _move_aside(path)
        print(f"normalize: {path}: the manifest is damaged ({error}); moved it aside to {aside.name} and "
              "started a new one, so every article is cleaned again", file=sys.stderr)
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:
        raise _unusable(path, error) from None


def _connect(path: Path) -> sqlite3.Connection:
    """Connect to the manifest at ``path``, check it, and make its tables."""
    db = _connect_refusing_links(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        problems = db.execute("PRAGMA quick_check").fetchall()  # reads every page: some 30 ms for 40 MB
        if problems != [("ok",)]:
            raise _Damaged("; ".join(problem for (problem,) in problems[:3]))
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        schema = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if schema not in (None, (str(MANIFEST_SCHEMA),)):  # made by another version: nothing in it is reused
            db.execute("DROP TABLE IF EXISTS articles")
        db.execute(
            """
            CREATE TABLE IF NOT EXISTS articles (
                path TEXT PRIMARY KEY, input_hash TEXT, rules_hash TEXT NOT NULL, tool_hash TEXT NOT NULL,
                output_hash TEXT, status TEXT NOT NULL, entry BLOB NOT NULL, record BLOB NOT NULL,
                run INTEGER NOT NULL
            )
            """
        )
        db.execute("CREATE TABLE IF NOT EXISTS temporary (name TEXT PRIMARY KEY)")  # relative to the output folder
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(MANIFEST_SCHEMA),))  # fails here if read-only
    except BaseException:
        db.close()
        raise
    return db


def _connect_refusing_links(path: Path, **options) -> sqlite3.Connection:
    """Connect to the database at ``path``, refused if it or one of its journals is not a regular file.

    SQLite has no flag to open without following links: each name is checked first.
    """
    for name in (FILE_NAME, *(FILE_NAME + journal for journal in JOURNALS)):
        refuse_unless_regular(path.with_name(name))
    return sqlite3.connect(path, **options)


def _move_aside(path: Path) -> Path:
    """Rename the database at ``path`` and its journals to the first free ``NAME.damaged-N``; return the new path."""
    number = 1
    while os.path.lexists(f"{path}.damaged-{number}"):
        number += 1
    aside = Path(f"{path}.damaged-{number}")
    for journal in ("", *JOURNALS):
        if os.path.lexists(f"{path}{journal}"):
            os.rename(f"{path}{journal}", f"{aside}{journal}")
    return aside


def _unusable(path: Path, error: sqlite3.DatabaseError) -> NormalizeError:
    what_to_do = _SQLITE_ADVICE.get(getattr(error, "sqlite_errorname", None), "fix the cause and run again")
    return NormalizeError(f"{path}: cannot use normalize's manifest ({error}); {what_to_do}")


def _remove_regular_file(output_dir: Path, name: str) -> bool:
    """Delete the regular file at ``name`` below ``output_dir``, not through a link; whether there was one."""
    path = output_dir / name
    try:
        path = output_path(output_dir, name)
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        os.unlink(path)
    except (NormalizeError, FileNotFoundError, NotADirectoryError):  # through a link, or gone
        return False
    except OSError as error:
        raise NormalizeError(
            f"{path}: cannot remove this temporary file of a killed run ({error.strerror}); {advice(error)}"
        ) from None
    return True


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self):
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


@dataclass(frozen=True)
class FileEntries:
    """The report's file entries of one run, from the manifest, in path order (re-iterable)."""

    path: Path
    run: int

    def __iter__(self) -> Iterator[dict]:
        return (json.loads("".join(pieces)) for pieces in self.encoded())

    def encoded(self) -> Iterator[Iterator[str]]:
        """The entries as JSON text, as the report writes them, each in pieces (:func:`normalize.text.decompressed_text`)."""
        db = _connect_refusing_links(self.path)
        try:
            # Python sorts str by code point; SQLite's BINARY collation on UTF-8 does the same.
            for (entry,) in db.execute("SELECT entry FROM articles WHERE run = ? ORDER BY path", (self.run,)):
                yield decompressed_text(entry)
        finally:
            db.close()
