"""Packaging facts (ARCHITECTURE.md): namespace layout, no generic top-level names, light imports."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("grpc", "ray", "torch", "transformers", "vllm", "onnxruntime")


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_generic_top_level_names_are_not_importable(tmp_path):
    for name in ("calculators", "verifier", "services", "clients"):
        r = _run(f"import {name}", tmp_path)
        assert r.returncode != 0 and "ModuleNotFoundError" in r.stderr, name


def test_calculators_import_nothing_heavy(tmp_path):
    code = (
        "import sys, clinverify.calculators as c; c.list_calculators(); c.compute('bmi', {'weight': 70, 'height': 170});"
        f"bad=[m for m in {HEAVY!r} if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    r = _run(code, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_package_directory_is_listed_in_pyproject():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(cfg["packages"])
    mapping = cfg["package-dir"]
    found = set()
    for pkg, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([pkg, *rel.parts]) if rel.parts else pkg)
    assert found <= listed, f"packages missing from pyproject: {sorted(found - listed)}"


def test_no_namespace_root_init():
    assert not (ROOT / "clinverify" / "__init__.py").exists()
