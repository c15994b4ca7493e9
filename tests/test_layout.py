"""The package reads as the pipeline: each stage imports only itself and the stages below it, with no circles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
# Lowest first. A module may import from its own stage and from lower stages only.
FOOT = ("types", "errors", "settings", "yamltext", "contacts", "__init__")  # small shared modules
# the command line and the web app: they import the core, never the reverse
EDGE = ("cli", "editions_cli", "setup_cli", "__main__", "web")
LAYERS = {
    "foot": 0,
    "corpus": 1,
    "safeguarding": 2, "health": 2,
    "index": 3,
    "retrieve": 4,
    "answer": 5,
    "engine": 6,
    "evaluate": 7,
    "ingest": 8,
    "edge": 9,
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """Every assistant module this one imports, at module level or inside a function."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("assistant"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names)  # `from . import pages`
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("assistant"))
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return "foot" if top in FOOT else "edge" if top in EDGE else top


MODULES = _modules()
GRAPH = {name: {m for m in _imports(name, path) if m in MODULES and m != name} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_higher_stage(name):
    mine = LAYERS[_stage(name)]
    upward = [m for m in GRAPH[name] if _stage(m) != _stage(name) and LAYERS[_stage(m)] >= mine]
    assert not upward, f"{name} imports {upward} from a stage at or above its own"


def test_there_are_no_import_circles():
    # package __init__ files re-export their stage, so a package edge stands for "imports the stage": skip it to
    # find module circles (a stage-level circle is already caught by the layer test above)
    graph = {n: {m for m in deps if not (MODULES[m].name == "__init__.py" and n.startswith(m + "."))}
             for n, deps in GRAPH.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join([*trail[trail.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_every_stage_is_a_folder_of_its_own():
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages == {"corpus", "index", "retrieve", "safeguarding", "answer", "evaluate", "health", "ingest", "web"}


def test_the_readme_sketch_lists_every_folder_and_module():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    sketch = readme.split("<!-- layout -->", 1)[1].split("<!-- end layout -->", 1)[0]
    words = set(re.findall(r"[a-z_]+", sketch))
    for name, path in MODULES.items():
        leaf = path.parent.name if path.name == "__init__.py" else path.stem
        if leaf not in ("__init__", "__main__", "assistant"):
            assert leaf in words, f"{name} is missing from the README's layout sketch"
    folders = re.findall(r"^  ([a-z]+)/", sketch, re.MULTILINE)
    assert set(folders) | {"web"} == {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
