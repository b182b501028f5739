"""The one object that holds every option of a run.

>>> Config(rule_files=("my.toml",)).builtin_rules
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """Options of ``normalize``; the CLI fills it from flags, library users build it directly.

    rule_files     extra rules files, applied on top of (or instead of) the built-in ones
    builtin_rules  load the rules shipped in ``rules/``
    jobs           worker processes (local engine) or Dask workers to start; None: one per core
    engine         ``local`` (worker processes on this machine) or ``dask`` (a Dask cluster)
    scheduler      the Dask scheduler's address; None starts a LocalCluster on this machine
    progress       show a progress bar with rate and time left on stderr
    quiet          print only the summary (the project file's ``quiet``; the CLI then shows no progress bar)
    force          clean every article again, even those the manifest shows unchanged
    format         read every article as this format (text, markdown, html, xml, jsonl, json, csv, tsv)
    formats        extra extensions and their formats, e.g. ``(("log", "jsonl"),)``
    prose_fields   JSON fields, CSV columns and front-matter keys that hold prose (case ignored)
    language_fields  fields and columns that state a record's language (a strong prior)
    prose_attributes HTML/XML attributes that hold prose
    local_rules    the reviewer's rules file (``normalize review`` writes it), loaded after
                   ``rule_files`` when it exists; relative to the current folder; None: never
    discover       suggest clusters of spellings that no rule knows yet, in the report
    languages      the languages to expect (ISO 639-1 codes); empty: any that langdetect knows
    style          the named house style of the rules to apply (``ap``, ``reuters``…); None: the default
    romanize       romanise Cyrillic names inside Latin-script text (known names in the house style)
    follow_links   follow links that lead outside the input folder (by default they are left out)
    max_bytes      articles larger than this are not cleaned but copied as they are (bounded time and memory)
    exclude        globs (gitignore syntax, relative to the input folder) of files and folders a run does not see
    gitignore      leave unseen the ``.git`` folder and what the ``.gitignore`` files below the input folder name
    """

    rule_files: tuple[str, ...] = ()
    builtin_rules: bool = True
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool = False
    quiet: bool = False
    force: bool = False
    format: str | None = None
    formats: tuple[tuple[str, str], ...] = ()
    prose_fields: tuple[str, ...] = ("title", "subtitle", "headline", "description", "body", "text", "content", "summary")
    language_fields: tuple[str, ...] = ("lang", "language")
    prose_attributes: tuple[str, ...] = ("title", "alt")
    local_rules: str | None = "rules/local.toml"
    discover: bool = True
    languages: tuple[str, ...] = ()
    style: str | None = None
    romanize: bool = False

    def rule_paths(self) -> tuple[str, ...]:
        """``rule_files``, then ``local_rules`` if that file exists and is not one of them.

        >>> Config(local_rules="no/such.toml").rule_paths()
        ()
        """
        local = Path(self.local_rules) if self.local_rules else None
        if local is None or not local.is_file():
            return self.rule_files
        listed = {Path(p).resolve() for p in self.rule_files}
        return self.rule_files if local.resolve() in listed else (*self.rule_files, str(local))
    follow_links: bool = False
    max_bytes: int = 16 * 2**20
    exclude: tuple[str, ...] = ()
    gitignore: bool = True


def size_in_bytes(text: str) -> int | None:
    """A size in bytes, with an optional K, M or G (powers of 1024); None if ``text`` is not one.

    >>> size_in_bytes("16M"), size_in_bytes("512k"), size_in_bytes("1000"), size_in_bytes("lots")
    (16777216, 524288, 1000, None)
    """
    scale = {"k": 2**10, "m": 2**20, "g": 2**30}.get(text[-1:].lower(), 1)
    try:
        value = int(text[:-1] if scale > 1 else text) * scale
    except ValueError:
        return None
    return value if value >= 1 else None
