"""Service errors, the same for every transport (grpc.aio servicers, the Ray Gateway, HTTP).

``ServiceError`` is a request the service refuses: a ``grpc.StatusCode`` name, a readable message,
field violations (``google.rpc.BadRequest``) and an optional ``google.rpc.ErrorInfo`` reason.
``as_service_error`` maps any exception raised while handling a call onto one (unexpected ones
become INTERNAL naming only the exception type: a message may quote patient data), and each
transport only applies it: ``rich_status`` for grpc.aio's ``abort_with_status``, ``grpc_trailers``
for a context it sets by hand (Ray's gRPC proxy), ``http_status`` + ``to_dict`` for HTTP. Inside a
batch or stream the same error is the item's ``ItemError`` (``clinverify.services.codec.item_error``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable, Mapping
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from clinverify.api.v1 import common_pb2
from clinverify.calculators.limits import clip

log = logging.getLogger("clinverify.server")

ERROR_DOMAIN = "clinverify.api.v1"



# What an error may carry (it travels in gRPC trailers, whose size clients limit, ~8 KB by
# default): an offending input is quoted at most 200 characters (``calculators.limits.clip``).
MAX_MESSAGE_CHARS = 1000
MAX_FIELD_CHARS = 200
MAX_DESCRIPTION_CHARS = 500
MAX_VIOLATIONS = 32


# ItemError codes (INTERFACES.md batch errors) <-> status codes.
_ITEM_CODE_STATUS = {
    "unknown_calculator": "NOT_FOUND",
    "invalid_input": "INVALID_ARGUMENT",
    "missing_field": "INVALID_ARGUMENT",
    "invalid_row": "INVALID_ARGUMENT",
    "trace_too_large": "INVALID_ARGUMENT",
    "invalid_argument": "INVALID_ARGUMENT",
    "internal": "INTERNAL",
    "unavailable": "UNAVAILABLE",
}


class ServiceError(Exception):
    """A request the service refuses. ``code`` is a ``grpc.StatusCode`` name ("INVALID_ARGUMENT",
    "NOT_FOUND", ...); ``violations`` are ``(field, description)`` pairs (google.rpc.BadRequest);
    ``reason``/``metadata`` become a google.rpc.ErrorInfo when ``reason`` is set; ``item_code``
    is the ItemError code used when the same problem is reported inside a batch."""

    def __init__(
        self,
        code: str,
        message: str,
        violations: Iterable[tuple[str, str]] = (),
        *,
        reason: str | None = None,
        metadata: Mapping[str, str] | None = None,
        item_code: str | None = None,
    ):
        message = clip(message, MAX_MESSAGE_CHARS)
        super().__init__(message)
        self.code = code
        self.message = message
        self.violations = [(clip(f, MAX_FIELD_CHARS), clip(d, MAX_DESCRIPTION_CHARS)) for f, d in violations][:MAX_VIOLATIONS]
        self.reason = reason
        self.metadata = {clip(k, MAX_FIELD_CHARS): clip(v, MAX_DESCRIPTION_CHARS) for k, v in (metadata or {}).items()}
        self.item_code = item_code or {"NOT_FOUND": "unknown_calculator"}.get(code, "invalid_argument")

    def __reduce__(self):  # picklable: raised in worker processes
        return (_rebuild_error, (self.code, self.message, self.violations, self.reason, self.metadata, self.item_code))


def _rebuild_error(code, message, violations, reason, metadata, item_code):
    return ServiceError(code, message, violations, reason=reason, metadata=metadata, item_code=item_code)


def rich_status(err: ServiceError):
    """A ``grpc.Status`` for ``context.abort_with_status``: code, message and the details
    (google.rpc.BadRequest with the field violations, google.rpc.ErrorInfo with the reason)."""
    from google.rpc import code_pb2, error_details_pb2, status_pb2
    from grpc_status import rpc_status

    st = status_pb2.Status(code=getattr(code_pb2, err.code, code_pb2.UNKNOWN), message=err.message)
    if err.violations:
        br = error_details_pb2.BadRequest()
        for f, d in err.violations:
            br.field_violations.add(field=f, description=d)
        st.details.add().Pack(br)
    if err.reason:
        st.details.add().Pack(error_details_pb2.ErrorInfo(reason=err.reason, domain=ERROR_DOMAIN, metadata=err.metadata))
    return rpc_status.to_status(st)



def grpc_trailers(err: ServiceError) -> list[tuple[str, Any]]:
    """The ``grpc-status-details-bin`` trailer for a context whose code and details are set by
    hand (empty when the error has no details to carry)."""
    if not (err.violations or err.reason):
        return []
    return list(rich_status(err).trailing_metadata)


# HTTP status for a ServiceError's code (the HTTP endpoints answer with the same errors).
_HTTP_STATUS = {
    "INVALID_ARGUMENT": 400,
    "NOT_FOUND": 404,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "RESOURCE_EXHAUSTED": 429,
    "DEADLINE_EXCEEDED": 504,
    "UNIMPLEMENTED": 501,
    "UNAVAILABLE": 503,
    "INTERNAL": 500,
}


def http_status(err: ServiceError) -> int:
    return _HTTP_STATUS.get(err.code, 500)


def to_dict(err: ServiceError) -> dict[str, Any]:
    """The error as JSON for HTTP and MCP answers: the CLI's ``error`` object (code, message,
    fields) plus the status code, reason and metadata."""
    out: dict[str, Any] = {"code": err.item_code, "status": err.code, "message": err.message}
    if err.violations:
        out["fields"] = [{"field": f, "description": d} for f, d in err.violations]
    if err.reason:
        out["reason"] = err.reason
    if err.metadata:
        out["metadata"] = dict(err.metadata)
    return out


def status_details(status_proto) -> dict[str, Any]:
    """Decode the details of a google.rpc.Status (clients, tests): {"field_violations":
    [(field, description)], "error_info": {"reason", "domain", "metadata"} | None}."""
    from google.rpc import error_details_pb2

    out: dict[str, Any] = {"field_violations": [], "error_info": None}
    for any_ in status_proto.details:
        if any_.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            br = error_details_pb2.BadRequest()
            any_.Unpack(br)
            out["field_violations"] += [(v.field, v.description) for v in br.field_violations]
        elif any_.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            ei = error_details_pb2.ErrorInfo()
            any_.Unpack(ei)
            out["error_info"] = {"reason": ei.reason, "domain": ei.domain, "metadata": dict(ei.metadata)}
    return out


def from_item_error(err: Mapping[str, Any] | common_pb2.ItemError) -> ServiceError:
    """A domain ``error`` dict (or an ItemError) as a ServiceError (for single-item RPCs)."""
    if isinstance(err, common_pb2.ItemError):
        code, message = err.code, err.message
        fields = [(f.field, f.description) for f in err.fields]
        return ServiceError(_ITEM_CODE_STATUS.get(code, "INVALID_ARGUMENT"), message or code, fields, item_code=code or None)
    code = str(err.get("code") or "")
    fields = [(str(f.get("field", "")), str(f.get("description", ""))) for f in err.get("fields") or ()]
    return ServiceError(_ITEM_CODE_STATUS.get(code, "INVALID_ARGUMENT"), str(err.get("message") or code), fields, item_code=code or None)


# -- the errors every service raises ----------------------------------------------------------


def unknown_calculator_error(exc, field: str) -> ServiceError:
    """UnknownCalculator -> NOT_FOUND; the suggestions are in the message, the BadRequest field
    description and the ErrorInfo metadata (``suggestions``, comma-separated)."""
    sugg = list(getattr(exc, "suggestions", None) or ())
    key = clip(getattr(exc, "key", ""))
    desc = f"no calculator {key!r}" + (f"; did you mean {', '.join(sugg)}?" if sugg else "; list them with ListCalculators")
    return ServiceError(
        "NOT_FOUND",
        str(exc),
        [(field, desc)],
        reason="UNKNOWN_CALCULATOR",
        metadata={"key": str(key), "suggestions": ",".join(sugg)},
        item_code="unknown_calculator",
    )


def batch_too_large(n: int, limit: int) -> ServiceError:
    """INVALID_ARGUMENT for a batch over the per-request limit (the client should split it)."""
    return ServiceError(
        "INVALID_ARGUMENT",
        f"requests: {n} items; the limit per batch is {limit} (split the batch)",
        [("requests", f"{n} items; the limit is {limit}")],
        reason="BATCH_TOO_LARGE",
        metadata={"limit": str(limit), "size": str(n)},
    )


def input_error(exc, prefix: str = "entities.") -> ServiceError:
    """InputError (or any CalculatorError) -> INVALID_ARGUMENT with one violation per input."""
    viol = [(f"{prefix}{v.field}", v.description) for v in getattr(exc, "violations", ()) or ()]
    if not viol:
        viol = [(prefix.rstrip("."), str(exc))]
    return ServiceError("INVALID_ARGUMENT", str(exc), viol, reason="INVALID_INPUT", metadata={"fields": ",".join(f for f, _ in viol)}, item_code="invalid_input")


def internal_error(exc: BaseException) -> ServiceError:
    """An unexpected exception as INTERNAL. Only the exception's type is kept: its message may
    quote the request (patient data)."""
    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
    log.error("internal error: %s at %s", type(exc).__name__, where)
    return ServiceError("INTERNAL", f"internal error ({type(exc).__name__}); the request was not processed", item_code="internal")


def over_limit(field: str, size: int, limit: int, unit: str = "characters", *, reason: str = "TOO_LARGE", item_code: str = "invalid_argument") -> ServiceError:
    """INVALID_ARGUMENT for ``field`` over a size limit: "trace: 250000 characters; the limit is
    200000", with the limit and the size in the ErrorInfo metadata."""
    text = f"{size} {unit}; the limit is {limit}"
    return ServiceError("INVALID_ARGUMENT", f"{field}: {text}", [(field, text)], reason=reason, metadata={"limit": str(limit), "size": str(size)}, item_code=item_code)


def trace_too_large(n: int, limit: int) -> ServiceError:
    return over_limit("trace", n, limit, reason="TRACE_TOO_LARGE", item_code="trace_too_large")


def deadline_exceeded(message: str) -> ServiceError:
    return ServiceError("DEADLINE_EXCEEDED", message, item_code="deadline_exceeded")


WORKER_DIED = ServiceError("UNAVAILABLE", "a worker process died while handling this call; the pool was restarted, retry the call", item_code="unavailable")


def as_service_error(exc: BaseException) -> ServiceError:
    """Any exception raised while handling a call, as the ServiceError to answer with: itself;
    UNAVAILABLE (retryable) for a dead worker process; DEADLINE_EXCEEDED for a timeout;
    INTERNAL (exception type only) for anything else."""
    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, BrokenProcessPool):
        return WORKER_DIED
    if isinstance(exc, TimeoutError):
        return deadline_exceeded("deadline exceeded")
    return internal_error(exc)
