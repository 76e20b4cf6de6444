"""Request checks every transport applies the same way: the per-request limits, batch size,
trace validation and calculator lookup. Each raises ``ServiceError`` naming the field and the
limit (``clinverify.services.errors``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

from clinverify.api.v1 import verifier_pb2
from clinverify.services.errors import ServiceError, batch_too_large, trace_too_large, unknown_calculator_error


@dataclass
class Limits:
    """Per-request limits, the same on every transport (``clinverify serve`` flags, the Ray app's
    arguments). ``max_batch``: items per ComputeBatch/VerifyBatch request; ``max_trace_chars``:
    characters per trace; ``stream_window``: VerifyStream requests in flight per stream (read
    ahead of the response being written); ``compute_pool_min``: ComputeBatch sizes from which
    the process pool is used (compute is cheap per item)."""

    max_batch: int = 4096
    max_trace_chars: int = 200_000
    stream_window: int = 16
    compute_pool_min: int = 512


def check_batch(n: int, limits: Limits) -> None:
    if n > limits.max_batch:
        raise batch_too_large(n, limits.max_batch)


def calculator_key(key: str) -> str | int:
    """A CalculatorRef key as the library takes it: numeric strings are MedCalc-Bench ids."""
    k = key.strip()
    return int(k) if k.isdigit() else key


def resolve_calculator(key: str, field: str = "calculator.key"):
    """The Calculator for a request key; raises ServiceError (INVALID_ARGUMENT when empty,
    NOT_FOUND with suggestions when unknown)."""
    from clinverify.calculators import UnknownCalculator, get

    if not key or not key.strip():
        raise ServiceError("INVALID_ARGUMENT", f"{field}: required (registry id, MedCalc-Bench id or name)", [(field, "required")], item_code="missing_field")
    try:
        return get(calculator_key(key))
    except UnknownCalculator as exc:
        raise unknown_calculator_error(exc, field) from None


def check_verify_request(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> None:
    """Validate what the verifier cannot report itself; raises ServiceError."""
    viol = []
    if not req.trace.strip():
        viol.append(("trace", "required: the step-by-step reasoning text to verify"))
    elif len(req.trace) > max_trace_chars:
        raise trace_too_large(len(req.trace), max_trace_chars)
    if viol:
        raise ServiceError("INVALID_ARGUMENT", "; ".join(f"{f}: {d}" for f, d in viol), viol, item_code="missing_field")
    if req.calculator.strip():
        resolve_calculator(req.calculator, "calculator")
