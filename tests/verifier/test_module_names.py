"""No module of the verifier binds a top-level name twice: a second pattern under a name the module
already uses silently replaces the first everywhere (a list splitter redefined for a new reader once
changed how every list of criteria was read)."""

import ast
from collections import Counter
from pathlib import Path

import pytest

VERIFIER = Path(__file__).resolve().parents[2] / "verifier"


@pytest.mark.parametrize("path", sorted(VERIFIER.glob("*.py")), ids=lambda p: p.name)
def test_each_top_level_name_is_bound_once(path):
    bound = Counter()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        bound.update(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] += 1
    assert [name for name, n in bound.items() if n > 1 and not name.startswith("__")] == []
