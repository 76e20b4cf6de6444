import pytest

from clinverify.services.reasoning import models


def test_gguf_path_must_exist(tmp_path):
    with pytest.raises(models.ModelNotFound, match="GGUF file not found"):
        models.resolve(str(tmp_path / "missing.gguf"))


def test_gguf_file_and_folder_and_hub_id(tmp_path):
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    src = models.resolve(str(f))
    assert (src.path, src.gguf_file) == (str(tmp_path), "m.gguf")
    assert models.resolve(str(tmp_path)).gguf_file is None
    assert models.resolve("org/some-model").path == "org/some-model"


def test_cache_dir_respects_env(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINVERIFY_CACHE_DIR", str(tmp_path))
    assert models.cache_root() == tmp_path


def test_default_model_needs_the_package(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == models.DEFAULT_PACKAGE else real(name, *a))
    with pytest.raises(models.ModelNotFound, match=r"clinverify\[llm\]"):
        models.resolve("default")
