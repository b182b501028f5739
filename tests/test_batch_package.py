"""The batch package: what runs over a folder, in modules that import each other in one direction.

- No import cycle goes through the modules that run a batch (normalize.batch.*, normalize.batch.article_work),
  counting imports inside functions too, so that none is hidden there.
- The manifest stores the encoded records it is given and gives them back as they were:
  it knows nothing of the report that encodes them.
- Each of these modules says in its first line what it owns, in at most 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import normalize
from normalize.batch.manifest import Manifest, Outcome

PACKAGE = Path(normalize.__file__).parent
MAX_LINES = 400  # a module longer than this does more than one thing


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("normalize", *path.relative_to(PACKAGE).with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of normalize that the file at ``path`` imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or not (strongly connected, more than one)."""
    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for following in graph[todo.pop()]:
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return seen

    reach = {module: reachable(module) for module in graph}
    groups = {frozenset({module, *(other for other in reach[module] if module in reach[other])})
              for module in graph if module in reach[module]}
    return [set(group) for group in groups]


def _runs_a_batch(module: str) -> bool:
    return module.startswith("normalize.batch") or module == "normalize.batch.article_work"


def test_no_import_cycle_goes_through_the_modules_that_run_a_batch():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    assert [group for group in _cycles(graph) if any(map(_runs_a_batch, group))] == []


def test_the_manifest_imports_nothing_of_the_report():
    modules = _modules()
    imported = _imports(modules["normalize.batch.manifest"], modules)
    assert not [name for name in imported if name.startswith("normalize.report")]


def test_the_manifest_gives_back_the_encoded_record_it_was_given(tmp_path):
    record = ('{\n   "path": "a.txt"\n  }', b"\x00any bytes\xff")  # stored as given, whatever the bytes
    manifest = Manifest(tmp_path / ".normalize", "rules", "tool")
    try:
        manifest.save([Outcome("a.txt", "changed", record, "input hash", "output hash")])
        known = manifest.known("a.txt")
    finally:
        manifest.close()
    assert (known.input_hash, known.output_hash, known.record) == ("input hash", "output hash", record)


def test_every_module_that_runs_a_batch_says_what_it_owns_and_can_be_read_in_one_sitting():
    for name, path in _modules().items():
        if _runs_a_batch(name):
            text = path.read_text(encoding="utf-8")
            docstring = ast.get_docstring(ast.parse(text))
            assert docstring and docstring.splitlines()[0].endswith("."), name
            assert text.count("\n") <= MAX_LINES, name
