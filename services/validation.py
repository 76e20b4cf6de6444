"""Request checks every transport applies the same way: the per-request limits, batch size,
trace validation and calculator lookup. Each raises ``ServiceError`` naming the field and the
limit (``clinverify.services.errors``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass

from clinverify.api.v1 import verifier_pb2
from clinverify.calculators.limits import MAX_CALCULATOR_KEY_CHARS, MAX_ENTITY_KEYS, MAX_VALUE_DEPTH, MAX_VALUE_ITEMS
from clinverify.services.errors import (
    ServiceError,
    batch_too_large,
    over_limit,
    trace_too_large,
    unknown_calculator_error,
)
from clinverify.verifier.limits import MAX_NOTE_CHARS  # the verifier's own limit, refused here before a worker sees it


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




def check_entities(entities, field: str = "entities") -> None:
    """A request's entities Struct within the calculators' limits (``calculators.limits``: keys,
    value nesting and size), checked on the message before it is converted (so a huge one costs
    microseconds to refuse); the library checks the converted values again, field by field."""
    n = len(entities.fields)
    if n > MAX_ENTITY_KEYS:
        raise over_limit(field, n, MAX_ENTITY_KEYS, "keys", item_code="invalid_input", reason="TOO_MANY_ENTITIES")
    stack = [(v, 1) for v in entities.fields.values()]
    seen = 0
    while stack:
        v, depth = stack.pop()
        seen += 1
        if seen > MAX_ENTITY_KEYS * MAX_VALUE_ITEMS:
            raise over_limit(field, seen, MAX_ENTITY_KEYS * MAX_VALUE_ITEMS, "values", item_code="invalid_input", reason="TOO_MANY_ENTITIES")
        kind = v.WhichOneof("kind")
        if kind in ("struct_value", "list_value"):
            if depth > MAX_VALUE_DEPTH:
                raise ServiceError("INVALID_ARGUMENT", f"{field}: a value nested deeper than {MAX_VALUE_DEPTH} levels", [(field, f"the limit is {MAX_VALUE_DEPTH} levels")], reason="TOO_DEEP", item_code="invalid_input")
            children = v.struct_value.fields.values() if kind == "struct_value" else v.list_value.values
            stack.extend((c, depth + 1) for c in children)


# The largest request message of each single-item RPC, checked on its size before it is parsed
# (the server's message cap, --max-message-mb, bounds the batches). A Verify request holds at
# most a trace and a note at their limits (4 bytes per character at worst) and entities at the
# calculators' limits; a Compute request only entities.
_KB = 1024
MAX_REQUEST_BYTES = {
    "ListCalculators": 64 * _KB,
    "GetCalculator": 64 * _KB,
    "Compute": 2048 * _KB,
    "Verify": 4096 * _KB,
    "VerifyStream": 4096 * _KB,
    "Generate": 4096 * _KB,
    "GenerateAndVerify": 4096 * _KB,
}


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
    if len(key) > MAX_CALCULATOR_KEY_CHARS:
        raise over_limit(field, len(key), MAX_CALCULATOR_KEY_CHARS, item_code="unknown_calculator")
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
    if len(req.patient_note) > MAX_NOTE_CHARS:
        raise over_limit("patient_note", len(req.patient_note), MAX_NOTE_CHARS, item_code="note_too_large", reason="NOTE_TOO_LARGE")
    if req.HasField("entities"):
        check_entities(req.entities)
    if req.calculator.strip():
        resolve_calculator(req.calculator, "calculator")
