"""The rules package in layers: its model below the stages, its checks and loading above them.

``lexicon`` < ``model`` < the stages < ``checks`` < ``load``: a stage applies the model, the checks run
the stages over the rules.  Imports are read from the source (in functions too), so an import that a
function hides to dodge a cycle counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import normalize

PACKAGE = Path(normalize.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The modules of this package that ``name`` imports, anywhere in its code."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # a submodule imported by name
    return {module for module in found if module in MODULES and module != name}


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for module in imports_of(todo.pop()):
            if module not in seen:
                seen.add(module)
                todo.append(module)
    return seen


RULES = sorted(name for name in MODULES if name == "normalize.rules" or name.startswith("normalize.rules."))
STAGES = sorted(name for name in MODULES if name.startswith("normalize.stages."))


def test_the_rules_are_a_package_of_model_lexicon_checks_and_loading():
    assert {"normalize.rules.model", "normalize.rules.lexicon", "normalize.rules.checks", "normalize.rules.load"} <= set(RULES)


@pytest.mark.parametrize("name", RULES)
def test_no_rules_module_is_in_an_import_cycle(name):
    assert name not in reachable(name), f"{name} imports itself back through {sorted(reachable(name))}"


@pytest.mark.parametrize("name", ["normalize.rules.lexicon", "normalize.rules.model", "normalize.rules.located"])
def test_the_rules_model_does_not_import_a_stage(name):
    assert not [module for module in reachable(name) if module.startswith("normalize.stages")]


@pytest.mark.parametrize("name", STAGES)
def test_no_stage_imports_the_checks_or_the_loader(name):
    assert not reachable(name) & {"normalize.rules.checks", "normalize.rules.load"}
