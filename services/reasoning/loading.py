"""Backend selection by name: ``load_backend("transformers" | "vllm" | "scripted" | "auto")``.

Apart from ``backend.py`` (the interface every backend implements) so that the interface never
imports its implementations: each backend module imports ``backend``, this module imports them
(lazily: torch, transformers and vLLM load only when their backend is chosen).

Source folder ``services/reasoning/`` is installed as ``clinverify.services.reasoning``
(``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from typing import Any

from clinverify.services.reasoning.backend import ReasoningBackend, ScriptedBackend

BACKENDS = ("transformers", "vllm", "scripted")


def load_backend(kind: str = "transformers", model: str | None = None, **options: Any) -> ReasoningBackend:
    """Create a backend by name. ``model``: ``None``/``"default"`` for the packaged default model,
    a local folder, a ``.gguf`` file, or a hub id (hub ids need network access).

    transformers options: ``device`` ("auto" | "cpu" | "cuda" | "cuda:N"), ``dtype``.
    vllm options: any ``AsyncEngineArgs`` field (``gpu_memory_utilization``, ``max_model_len``, …).
    """
    kind = (kind or "transformers").lower()
    if kind in ("auto",):
        kind = "vllm" if vllm_usable() else "transformers"
    if kind == "transformers":
        from clinverify.services.reasoning.transformers_backend import TransformersBackend

        return TransformersBackend(model, **options)
    if kind == "vllm":
        from clinverify.services.reasoning.vllm_backend import VLLMBackend

        return VLLMBackend(model, **options)
    if kind == "scripted":
        texts = options.get("texts") or [model or '{"step_by_step_thinking": "", "answer": ""}']
        return ScriptedBackend(texts)
    raise ValueError(f"unknown reasoning backend {kind!r}; expected one of {', '.join(BACKENDS)} or auto")


def vllm_usable() -> bool:
    import importlib.util

    if importlib.util.find_spec("vllm") is None:
        return False
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False
