"""The project configuration file: a newsroom's choices in one reviewed file.

``normalize.toml``, or the ``[tool.normalize]`` table of ``pyproject.toml``, in the
current folder or the nearest above it names the options by the names of their flags (``max-size``, ``fields``,
``attributes``, ``quiet``, ``exclude``, ``rules``, relative to the file), or of the
fields of :class:`~normalize.config.Config` that have no flag (``engine``, ``local-rules``;
``-`` or ``_`` alike)::

    style = "ap"
    languages = ["en", "de", "uk"]
    rules = ["house/local.toml"]
    max-size = "32M"
    romanize = true

Flags on the command line win over the file; ``--rules`` and ``--exclude`` add to its own.
The reviewer's decisions (``local-rules``, by default ``rules/local.toml``) are kept beside
the project file, so that they apply whichever folder a run starts from.
An unknown option, an old name (``max-bytes``: the message names the new one) or a value
of the wrong type is an error naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields, replace
from pathlib import Path

from normalize.config import Config, size_in_bytes
from normalize.errors import NormalizeError

PROJECT_FILES = ("normalize.toml", "pyproject.toml")
_FLAG_NAMES = {"rules": "rule_files", "fields": "prose_fields", "columns": "prose_fields",
               "attributes": "prose_attributes", "max_size": "max_bytes"}
_RENAMED = {"max_bytes": "max-size", "prose_fields": "fields", "prose_attributes": "attributes", "rule_files": "rules"}
_TYPES = {"bool": bool, "int": int, "float": float, "str": str}


class ConfigError(NormalizeError):
    """The project configuration file is invalid; the message names the file and the line."""


def find_project_file(folder: Path) -> Path | None:
    """``normalize.toml`` in ``folder`` or the nearest folder above it, else a ``pyproject.toml`` there with a
    ``[tool.normalize]`` table (as git, ruff and pytest find theirs)."""
    for place in (Path(folder).absolute(), *Path(folder).absolute().parents):
        for name in PROJECT_FILES:
            path = place / name
            if path.is_file() and (name != "pyproject.toml" or "[tool.normalize" in _read(path)):
                return path
    return None


def project_config(folder: Path, base: Config = Config()) -> Config:
    """``base`` with the options of the project file in ``folder``, if there is one."""
    path = find_project_file(folder)
    if path is None:
        return base
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("normalize", {})
    options = _options(data, path, text)
    if "local_rules" not in options and base.local_rules:
        options["local_rules"] = str(path.parent.absolute() / base.local_rules)
    return replace(base, **options)


def _options(data: dict, path: Path, text: str) -> dict:
    known = {f.name: f for f in fields(Config)}
    options = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name in _RENAMED:
            raise ConfigError(f"{_where(path, text, key)}: '{key}' is now called '{_RENAMED[name]}', as the flag "
                              f"--{_RENAMED[name]}; rename it")
        name = _FLAG_NAMES.get(name, name)
        if name == "max_bytes" and isinstance(value, str):
            value = size_in_bytes(value) or value  # "32M", as the flag takes it; else the type error below
        if name not in known:
            allowed = ", ".join(sorted({k.replace("_", "-") for k in known if k not in _RENAMED} | set(_FLAG_NAMES) - {"max_size"}
                                       | {"max-size"}))
            raise ConfigError(f"{_where(path, text, key)}: unknown option '{key}'; known: {allowed}")
        default = known[name].default
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{_where(path, text, key)}: '{key}' must be a list of strings")
            if name == "rule_files":
                value = [str((path.parent / v).resolve()) for v in value]
            value = tuple(value)
        elif name == "local_rules" and isinstance(value, str):
            value = str((path.parent / value).absolute())
        else:
            accepted = tuple(_TYPES[n] for n in re.findall(r"\w+", str(known[name].type)) if n in _TYPES)
            if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
                expected = " or ".join(t.__name__ for t in accepted)
                raise ConfigError(f"{_where(path, text, key)}: '{key}' must be a {expected}, not {value!r}")
        options[name] = value
    return options


def _where(path: Path, text: str, key: str) -> str:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return f"{path}:{text[:match.start()].count(chr(10)) + 1}" if match else str(path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration file: {error}") from None
