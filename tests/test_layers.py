"""The import graph, read from the source (every import statement, inside functions too):
layers point one way and no module imports itself back through others.

Layers, lowest first: calculators <- verifier <- {datasets, services} <- clients. A module may
import its own layer and the ones below; datasets (benchmark data for bench/, the tests and the
CLI's `verify --medcalc-bench`) and services are side by side and never import each other. The generated protobuf modules
(``clinverify.api``) import none of ours and anything but the calculators, the verifier and the
datasets may import them.

The top-level folders are installed under ``clinverify.*`` by ``package-dir`` in pyproject.toml;
this test follows the same mapping, so it checks the files as they are installed.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# package -> the packages it may import (its own included)
ALLOWED = {
    "api": {"api"},
    "calculators": {"calculators"},
    "verifier": {"calculators", "verifier"},
    "datasets": {"calculators", "verifier", "datasets"},
    "services": {"api", "calculators", "verifier", "ehr", "services"},
    "ehr": {"calculators", "ehr"},  # FHIR input: beside the verifier, under the clients
    "clients": {"api", "calculators", "verifier", "datasets", "services", "ehr", "clients"},
}


def _modules() -> dict[str, Path]:
    """Every installed module name -> its source file, through pyproject's package-dir."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    out: dict[str, Path] = {}
    for pkg, folder in cfg["package-dir"].items():
        base = ROOT / folder
        for f in base.rglob("*.py"):
            rel = f.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([pkg, *parts])] = f
    return out


def _imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The clinverify modules ``path`` imports (a name imported from a package resolves to the
    submodule when there is one, else to the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            if not t.startswith("clinverify."):
                continue
            while t not in known and "." in t:
                t = t.rsplit(".", 1)[0]
            if t in known and t != name:
                out.add(t)
    return out


def _package(module: str) -> str:
    return module.split(".")[1]


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {m: _imports(f, m, known) for m, f in known.items() if not str(f).startswith(str(ROOT / "protos"))}


def test_every_package_is_in_a_layer():
    assert {_package(m) for m in _modules()} == set(ALLOWED)


def test_layers_point_one_way():
    bad = [f"{m} imports {t}" for m, ts in _graph().items() for t in sorted(ts) if _package(t) not in ALLOWED[_package(m)]]
    assert not bad, "imports against the layers (calculators <- verifier <- datasets|services <- clients):\n" + "\n".join(sorted(bad))


def test_no_import_cycles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_graph_is_read():
    """The reader itself: known edges are found (a test that could not fail otherwise)."""
    g = _graph()
    assert "clinverify.calculators.inputs" in g["clinverify.verifier.batch"]
    assert "clinverify.services.codec" in g["clinverify.clients.grpc_client"]
    assert "clinverify.verifier.batch" in g["clinverify.services.items"]  # an import inside a function


def test_every_package_says_where_its_source_is():
    """Each package's docstring names the package-dir mapping (readers grep module paths)."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    missing = []
    for folder in cfg["package-dir"].values():
        if folder.startswith("protos/"):
            continue
        for init in (ROOT / folder).rglob("__init__.py"):
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            if "package-dir" not in doc:
                missing.append(str(init.relative_to(ROOT)))
    assert not missing, "package docstrings that do not say how the folder maps into clinverify.*: " + ", ".join(missing)
