"""The package's shape, kept by tests: layers that only point down, no import cycles, languages that do not know each
other, small modules, and a light ``import khabar``.

The import graph is read from the source with ast (every import statement, also those inside functions, since a
function-level import is how a cycle hides), so the test needs nothing installed beyond khabar itself.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "khabar"

# Bottom to top. A module may import its own layer's package or a lower layer, never a higher one. The coder's
# stages come first (text → lexicon → mentions → clauses → events → languages → pipeline), then what is built on
# coded documents (scoring, storage, exports, views, ingest, batch), then the interfaces (web, commands, cli).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "model", "daterange", "compiled"),
    ("text",),
    ("lexicon",),
    ("mentions",),
    ("clauses",),
    ("events",),
    ("lang",),
    ("pipeline",),
    ("explain", "gold", "evaluate", "reader", "output", "corpus", "progress"),
    ("store", "export"),
    ("views", "ingest"),
    ("batch",),
    ("web",),
    ("commands",),
    ("cli", "__main__"),
    ("__init__",),
)
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in SRC.rglob("*.py")}


def _imports(path: Path, known: set[str]) -> set[str]:
    """The khabar modules ``path`` imports."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "khabar":
            # ``from pkg import module`` depends on that module; ``from pkg import name`` on pkg itself.
            for a in node.names:
                out.add(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "khabar")
    return out & known


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(p, known) - {m} for m, p in mods.items()}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(module: str) -> int:
    top = _top(module)
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: its package {top!r} is in no layer of tests/test_architecture.py")


def test_every_package_has_a_layer():
    for module in _modules():
        _layer(module)


def test_imports_point_down():
    upward = [f"{a} → {b}" for a, deps in _graph().items() for b in deps
              if _layer(b) > _layer(a) and not (_top(a) == "__init__" and a == "khabar")]
    # The package root re-exports the public API, so it is the top layer and may import anything.
    assert upward == []


def test_no_import_cycles():
    graph = _graph()
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_languages_do_not_import_each_other():
    crossing = [f"{a} → {b}" for a, deps in _graph().items() if a.startswith("khabar.lang.")
                for b in deps if b.startswith("khabar.lang.") and b != "khabar.lang"
                and a.split(".")[2] != b.split(".")[2]]
    assert crossing == []


def test_registry_imports_no_language_eagerly():
    assert not any(b.startswith("khabar.lang.") for b in _graph()["khabar.lang"])


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SRC)} has {lines} lines; split it by what its parts do"


def test_import_khabar_loads_only_the_runtime():
    code = ("import sys, khabar; print(' '.join(sorted(m for m in sys.modules if m.startswith(('khabar', 'dask', "
            "'fastapi', 'duckdb', 'psycopg', 'py3langid', 'pandas', 'pyarrow', 'trafilatura')))))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "khabar.pipeline" in loaded  # the check itself would pass vacuously if nothing were imported
    heavy = {"khabar.evaluate", "khabar.corpus", "khabar.web", "khabar.store", "khabar.batch", "khabar.lang.en",
             "dask", "fastapi", "duckdb", "psycopg", "py3langid", "pandas", "pyarrow", "trafilatura"}
    assert loaded & heavy == set()
