"""The one object that holds every option of a run.

>>> Config(rule_files=("my.toml",)).builtin_rules
True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """Options of ``normalize``; the CLI fills it from flags, library users build it directly.

    rule_files     extra rules files, applied on top of (or instead of) the built-in ones
    builtin_rules  load the rules shipped in ``rules/``
    jobs           worker processes (local engine) or Dask workers to start; None: one per core
    engine         ``local`` (worker processes on this machine) or ``dask`` (a Dask cluster)
    scheduler      the Dask scheduler's address; None starts a LocalCluster on this machine
    progress       show a progress bar with rate and time left on stderr
    force          clean every article again, even those the manifest shows unchanged
    format         read every article as this format (text, markdown, html, xml, jsonl, json, csv, tsv)
    formats        extra extensions and their formats, e.g. ``(("log", "jsonl"),)``
    prose_fields   JSON fields, CSV columns and front-matter keys that hold prose (case ignored)
    language_fields  fields and columns that state a record's language (a strong prior)
    prose_attributes HTML/XML attributes that hold prose
    """

    rule_files: tuple[str, ...] = ()
    builtin_rules: bool = True
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool = False
    force: bool = False
    format: str | None = None
    formats: tuple[tuple[str, str], ...] = ()
    prose_fields: tuple[str, ...] = ("title", "headline", "body", "text", "content", "summary")
    language_fields: tuple[str, ...] = ("lang", "language")
    prose_attributes: tuple[str, ...] = ("title", "alt")
