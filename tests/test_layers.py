"""The package in layers: no import cycle, and no module imports from a layer above its own.

Imports are read from the source with ``ast``, anywhere in a module (in functions and under
``TYPE_CHECKING`` too), so an import hidden in a function to dodge a cycle counts as much as one
at the top.  ``from normalize.formats import markup`` imports the module ``normalize.formats.markup``;
importing a module does not count as importing the package that holds it (Python runs the
package's ``__init__`` first, but what that imports is the package's own business).

Each module also says what it owns in the first paragraph of its docstring, in at most 400 lines;
a public name means one thing across the package; every package is listed for installation.
"""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path

import pytest

import normalize

PACKAGE = Path(normalize.__file__).parent
MAX_LINES = 400  # a module longer than this does more than one thing

# Lowest first.  A module belongs to the layer of the longest name here that is the module
# itself or a package holding it ("batch" holds "batch.run"; "normalize" is the top package only).
LAYERS = [
    ("foundations: errors, text helpers, the change record, the settings, the garbage collector, the cache folder",
     ["errors", "text", "changes", "config", "collector", "cache"]),
    ("the folders and processes of a run, which know nothing of text: file I/O, process pools, "
     "the state folder, the manifest, the walk of the input",
     ["batch.files", "batch.local", "batch.state", "batch.folders", "batch.manifest", "batch.walk"]),
    ("the rules as data", ["rules", "rules.lexicon", "rules.model", "rules.located", "rules.table"]),
    ("the stages, which apply the rules", ["stages"]),
    ("the checks and the loading of rules, which run stages over them", ["rules.checks", "rules.derive", "rules.cached", "rules.load"]),
    ("the pipeline of stages", ["pipeline"]),
    ("the formats an article comes in, each cleaned by the pipeline", ["formats"]),
    ("discovery of name spellings", ["discovery"]),
    ("one article's record", ["article"]),
    ("the report", ["report"]),
    ("running over a folder: one article's work, chunks, engines", ["batch"]),
    ("the commands' own modules", ["review", "explain", "project", "rules_command"]),
    ("the command line and the public API", ["cli", "normalize"]),
]

# Pairs that the layers allow but that stay apart: (module, what it must not reach, why).
APART = [
    ("discovery.names", "rules", "the per-article counts need no rules"),
    ("discovery.finding", "discovery.names", "finding names in a text needs no tallies"),
    ("discovery.names", "discovery.cluster", "the per-article counts need no clustering"),
    ("discovery.names", "discovery.evidence", "the per-article counts need no evidence"),
    ("article", "discovery.cluster", "an article's record holds its name counts, not the clustering"),
    ("article", "discovery.evidence", "an article's record holds its name counts, not the evidence"),
]


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "normalize"


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}


def _dotted(name: str) -> str:
    return name if name == "normalize" else f"normalize.{name}"


def _relative(dotted: str) -> str | None:
    """``normalize.a.b`` as ``a.b`` (the top package as ``normalize``), or None if not a module of the package."""
    name = dotted.removeprefix("normalize.")
    return name if name in MODULES and _dotted(name) == dotted else None


def imports_in(source: str, package: str) -> set[str]:
    """The modules of normalize that ``source`` imports, anywhere in its code (``package`` holds it)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(_relative(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package holding the module, or one above
                parts = ["normalize", *package.split(".")] if package != "normalize" else ["normalize"]
                base = ".".join([*parts[:len(parts) + 1 - node.level], *([base] if base else [])])
            for alias in node.names:  # a submodule imported by name, else a name of the module
                found.add(_relative(f"{base}.{alias.name}") or _relative(base))
    return found - {None}


@cache
def imports_of(name: str) -> frozenset[str]:
    """The modules of the package that module ``name`` imports."""
    package = name if MODULES[name].name == "__init__.py" else (name.rpartition(".")[0] or "normalize")
    return frozenset(imports_in(MODULES[name].read_text(encoding="utf-8"), package) - {name})


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for module in imports_of(todo.pop()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def layer_of(name: str) -> int:
    holders = [(len(declared), number) for number, (_, names) in enumerate(LAYERS) for declared in names
               if name == declared or (declared != "normalize" and name.startswith(declared + "."))]
    assert holders, f"normalize module {name!r} is in no layer: add it to LAYERS"
    return max(holders)[1]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_itself_back(name):
    assert name not in reachable(name), f"{name} imports itself back through {sorted(reachable(name))}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_from_a_layer_above_its_own(name):
    above = {module: LAYERS[layer_of(module)][0] for module in imports_of(name) if layer_of(module) > layer_of(name)}
    assert not above, f"{name} ({LAYERS[layer_of(name)][0]}) imports from above: {above}"


@pytest.mark.parametrize("name, other, why", APART)
def test_modules_kept_apart_do_not_reach_each_other(name, other, why):
    assert not {m for m in reachable(name) if m == other or m.startswith(other + ".")}, why


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_what_it_owns_and_can_be_read_in_one_sitting(name):
    text = MODULES[name].read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and docstring.split("\n\n")[0].endswith("."), f"{name}: no docstring saying what it owns"
    assert text.count("\n") <= MAX_LINES, f"{name}: {text.count(chr(10))} lines; split it by what it owns"


# Public names that several modules define on purpose: each format module is a reader with these.
PROTOCOLS = {"read", "same_structure", "__all__"}


def _defined_names(name: str) -> set[str]:
    """The public names module ``name`` defines at its top level (functions, classes, assignments)."""
    defined = set()
    for node in ast.parse(MODULES[name].read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined.update(target.id for target in targets if isinstance(target, ast.Name))
    return {defined_name for defined_name in defined if not defined_name.startswith("_") or defined_name == "__all__"}


def test_a_public_name_means_one_thing_across_the_package():
    """Two modules that define the same public name (``SCHEMA`` of the manifest and of the report, say)
    make a reader ask which one an importer means."""
    where: dict[str, list[str]] = {}
    for name in sorted(MODULES):
        for defined in _defined_names(name) - PROTOCOLS:
            where.setdefault(defined, []).append(name)
    assert {defined: names for defined, names in where.items() if len(names) > 1} == {}


def test_every_package_is_installed():
    """A package missing from pyproject's list is left out of a (non-editable) install."""
    listed = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    packages = {_dotted(name) for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages <= set(listed), f"add {sorted(packages - set(listed))} to [tool.setuptools] packages"


def test_the_reader_sees_hidden_and_relative_imports():
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from normalize.pipeline import Pipeline\n"
              "def f():\n    from . import text\n    import normalize.errors\n    from ..formats import markup\n")
    assert imports_in(source, "batch") == {"pipeline", "batch", "errors", "formats.markup"}
    assert imports_in("from . import text\nfrom .rules.model import Rules\n", "normalize") == {"text", "rules.model"}
