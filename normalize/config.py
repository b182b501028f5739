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
    """

    rule_files: tuple[str, ...] = ()
    builtin_rules: bool = True
