"""The project configuration file: a newsroom's choices in one reviewed file.

``normalize.toml``, or the ``[tool.normalize]`` table of ``pyproject.toml``, in the
current folder names the options of :class:`~normalize.config.Config` (``-`` or
``_`` alike; ``rules`` for the rule files, relative to the file)::

    style = "ap"
    languages = ["en", "de", "uk"]
    rules = ["house/local.toml"]
    romanize = true

Flags on the command line win over the file; ``--rules`` adds to its rules.
An unknown option or a value of the wrong type is an error naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields, replace
from pathlib import Path

from normalize.config import Config
from normalize.errors import NormalizeError

PROJECT_FILES = ("normalize.toml", "pyproject.toml")
_ALIASES = {"rules": "rule_files"}
_TYPES = {"bool": bool, "int": int, "float": float, "str": str}


class ConfigError(NormalizeError):
    """The project configuration file is invalid; the message names the file and the line."""


def find_project_file(folder: Path) -> Path | None:
    """``normalize.toml`` in ``folder``, else a ``pyproject.toml`` there with a ``[tool.normalize]`` table."""
    for name in PROJECT_FILES:
        path = Path(folder) / name
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
    return replace(base, **_options(data, path, text))


def _options(data: dict, path: Path, text: str) -> dict:
    known = {f.name: f for f in fields(Config)}
    options = {}
    for key, value in data.items():
        name = _ALIASES.get(key, key.replace("-", "_"))
        if name not in known:
            allowed = ", ".join(sorted({k.replace("_", "-") for k in known} - {"rule-files"} | {"rules"}))
            raise ConfigError(f"{_where(path, text, key)}: unknown option '{key}'; known: {allowed}")
        default = known[name].default
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{_where(path, text, key)}: '{key}' must be a list of strings")
            if name == "rule_files":
                value = [str((path.parent / v).resolve()) for v in value]
            value = tuple(value)
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
