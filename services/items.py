"""The per-item work every executor runs, wherever it runs it (inline on the event loop, a
worker process, a Ray replica): one ComputeRequest or VerifyRequest in, its response out.
``*_message`` raises ``ServiceError`` for a bad request (single-item RPCs); ``*_item`` puts the
error in the response's ``error`` (batch and stream items).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from clinverify.api.v1 import calculator_pb2, verifier_pb2
from clinverify.services import codec
from clinverify.services.errors import ServiceError, as_service_error, from_item_error, input_error
from clinverify.services.validation import check_entities, check_verify_request, resolve_calculator


def compute_message(req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
    """Run one ComputeRequest; bad input raises ServiceError (NOT_FOUND for an unknown
    calculator, INVALID_ARGUMENT with one field violation per bad input)."""
    from clinverify.calculators import CalculatorError

    calc = resolve_calculator(req.calculator.key, "calculator.key")
    check_entities(req.entities)
    entities = codec.from_struct(req.entities) or {}
    try:
        result = calc.compute(calc.parse(entities))
    except CalculatorError as exc:
        raise input_error(exc) from None
    except (ArithmeticError, ValueError) as exc:  # a formula's domain (e.g. log of 0) that parse let through
        raise ServiceError("INVALID_ARGUMENT", f"{calc.id}: cannot compute from these inputs ({exc})", [("entities", str(exc))], item_code="invalid_input") from None
    return codec.result_to_proto(result, id=req.id, explain=req.explain)


def error_item(response, err: ServiceError):
    """``response`` (an item's response message) carrying ``err`` as its ``error``."""
    response.error.CopyFrom(codec.item_error(err))
    return response


def compute_item(req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
    """``compute_message`` for a batch item: errors become the item's ``error``."""
    try:
        return compute_message(req)
    except Exception as exc:
        err = as_service_error(exc)
    resp = calculator_pb2.ComputeResponse(id=req.id)
    if err.code != "NOT_FOUND" and req.calculator.key.strip():
        try:
            resp.calculator = resolve_calculator(req.calculator.key).id
        except ServiceError:
            pass
    return error_item(resp, err)


def verify_message(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
    """Verify one VerifyRequest; bad requests raise ServiceError."""
    from clinverify.verifier.batch import verify_row

    check_verify_request(req, max_trace_chars)
    out = verify_row(codec.verify_request_to_row(req), max_chars=max_trace_chars)
    err = out.get("error")
    if err:
        raise from_item_error(err)
    return codec.verification_to_proto(out)


def verify_item(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
    """``verify_message`` for a batch or stream item: errors become the item's ``error``."""
    try:
        return verify_message(req, max_trace_chars)
    except Exception as exc:
        return error_item(verifier_pb2.VerifyResponse(id=req.id), as_service_error(exc))
