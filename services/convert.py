"""The one place where protobuf messages (``clinverify.api.v1``) meet the domain.

The domain forms are the JSON objects of INTERFACES.md (``calc`` results, ``verify`` input rows
and output objects) and the calculator library's objects (``Calculator``, ``Result``,
``InputError``, ``UnknownCalculator``). Servicers, worker processes and the Ray Serve app convert
through these functions only, so every transport gives the same message shapes.

Errors: ``ServiceError`` is a transport-neutral bad request (a ``grpc.StatusCode`` name, a
readable message, field violations and an optional ``ErrorInfo`` reason); ``rich_status`` turns
it into a ``grpc.Status`` carrying ``google.rpc.BadRequest`` / ``google.rpc.ErrorInfo`` details,
``item_error`` into the per-item ``ItemError`` that batches carry instead of failing.

Struct conversion is hand-written (not ``json_format``): it runs once per entity per request and
``json_format`` is several times slower. Whole numbers come back as ints (Struct numbers are
doubles: ``[87.0, "years"]`` -> ``[87, "years"]``); non-finite numbers stay floats (the
calculators reject them by name).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf import struct_pb2

from clinverify.api.v1 import calculator_pb2, common_pb2, reasoning_pb2, verifier_pb2

ERROR_DOMAIN = "clinverify.api.v1"

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
        super().__init__(message)
        self.code = code
        self.message = message
        self.violations = list(violations)
        self.reason = reason
        self.metadata = dict(metadata or {})
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


def item_error(err: ServiceError | Mapping[str, Any] | None) -> common_pb2.ItemError | None:
    """A batch item's error: from a ServiceError or from a domain ``{"code", "message",
    "fields"}`` dict (the ``error`` member of calc/verify outputs)."""
    if err is None:
        return None
    if isinstance(err, ServiceError):
        e = common_pb2.ItemError(code=err.item_code, message=err.message)
        for f, d in err.violations:
            e.fields.add(field=f, description=d)
        return e
    if not err:
        return None
    e = common_pb2.ItemError(code=str(err.get("code") or ""), message=str(err.get("message") or ""))
    for f in err.get("fields") or ():
        e.fields.add(field=str(f.get("field", "")), description=str(f.get("description", "")))
    return e


def item_error_to_service_error(err: Mapping[str, Any] | common_pb2.ItemError) -> ServiceError:
    """A domain ``error`` dict (or an ItemError) as a ServiceError (for single-item RPCs)."""
    if isinstance(err, common_pb2.ItemError):
        code, message = err.code, err.message
        fields = [(f.field, f.description) for f in err.fields]
        return ServiceError(_ITEM_CODE_STATUS.get(code, "INVALID_ARGUMENT"), message or code, fields, item_code=code or None)
    code = str(err.get("code") or "")
    fields = [(str(f.get("field", "")), str(f.get("description", ""))) for f in err.get("fields") or ()]
    return ServiceError(_ITEM_CODE_STATUS.get(code, "INVALID_ARGUMENT"), str(err.get("message") or code), fields, item_code=code or None)


# -- domain errors ------------------------------------------------------------------------------


def unknown_calculator_error(exc, field: str) -> ServiceError:
    """UnknownCalculator -> NOT_FOUND; the suggestions are in the message, the BadRequest field
    description and the ErrorInfo metadata (``suggestions``, comma-separated)."""
    sugg = list(getattr(exc, "suggestions", None) or ())
    key = getattr(exc, "key", "")
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


# -- google.protobuf.Value / Struct ---------------------------------------------------------------


def to_value(x: Any) -> struct_pb2.Value:
    v = struct_pb2.Value()
    _set_value(v, x)
    return v


def _set_value(v: struct_pb2.Value, x: Any) -> None:
    if x is None:
        v.null_value = struct_pb2.NULL_VALUE
    elif isinstance(x, bool):
        v.bool_value = x
    elif isinstance(x, (int, float)):
        x = float(x)
        if math.isfinite(x):
            v.number_value = x
        else:  # JSON has no NaN/Infinity: say it in words rather than fail
            v.string_value = str(x)
    elif isinstance(x, str):
        v.string_value = x
    elif isinstance(x, Mapping):
        _fill_struct(v.struct_value, x)
    elif isinstance(x, (list, tuple)):
        lv = v.list_value
        lv.SetInParent()
        for item in x:
            _set_value(lv.values.add(), item)
    elif isinstance(x, (_dt.date, _dt.datetime)):
        v.string_value = x.strftime("%m/%d/%Y")
    else:
        v.string_value = str(x)


def _fill_struct(s: struct_pb2.Struct, d: Mapping[str, Any]) -> None:
    s.SetInParent()
    for k, val in d.items():
        _set_value(s.fields[str(k)], val)


def to_struct(d: Mapping[str, Any] | None) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    if d:
        _fill_struct(s, d)
    return s


def from_value(v: struct_pb2.Value) -> Any:
    kind = v.WhichOneof("kind")
    if kind == "number_value":
        n = v.number_value
        return int(n) if n.is_integer() and abs(n) < 2**53 else n
    if kind == "string_value":
        return v.string_value
    if kind == "bool_value":
        return v.bool_value
    if kind == "struct_value":
        return {k: from_value(x) for k, x in v.struct_value.fields.items()}
    if kind == "list_value":
        return [from_value(x) for x in v.list_value.values]
    return None


def from_struct(s: struct_pb2.Struct | None) -> dict[str, Any] | None:
    """A Struct as a dict; None when absent or empty."""
    if s is None or not s.fields:
        return None
    return {k: from_value(x) for k, x in s.fields.items()}


# -- calculators ---------------------------------------------------------------------------------


def summary_to_proto(calc) -> calculator_pb2.CalculatorSummary:
    return calculator_pb2.CalculatorSummary(id=calc.id, medcalc_id=calc.medcalc_id or 0, name=calc.name, category=calc.category)


def calculator_to_proto(calc) -> calculator_pb2.GetCalculatorResponse:
    """``Calculator.describe()`` as a GetCalculatorResponse."""
    d = calc.describe()
    r = calculator_pb2.GetCalculatorResponse(summary=summary_to_proto(calc), description=d.get("description") or "")
    for i in d["inputs"]:
        lo, hi = (i.get("range") or (0.0, 0.0))[:2]
        r.inputs.add(
            name=i["name"],
            kind=i["kind"],
            unit=i.get("unit") or "",
            minimum=float(lo),
            maximum=float(hi),
            options=[str(o) for o in i.get("options") or ()],
            required=bool(i["required"]),
            description=i.get("description") or "",
            aliases=list(i.get("aliases") or ()),
        )
    o = d["output"]
    r.output.unit, r.output.type = o["unit"] or "", o["type"]
    r.output.decimals = int(o["decimals"]) if o.get("decimals") is not None else 0
    r.citations.extend(d["citations"])
    r.notes.extend(d["notes"])
    return r


def value_to_proto(kind: str, value: Any) -> common_pb2.Value:
    """A calculator value (domain or JSON form) as a typed Value."""
    v = common_pb2.Value()
    if value is None:
        return v
    if kind == "date" or isinstance(value, (_dt.date, _dt.datetime)):
        v.date = value if isinstance(value, str) else value.strftime("%m/%d/%Y")
    elif kind == "duration":
        w, d = (value["weeks"], value["days"]) if isinstance(value, Mapping) else value
        v.duration.weeks, v.duration.days = int(w), int(d)
    elif kind == "integer" and not isinstance(value, float):
        v.integer = int(value)
    elif kind == "integer" and float(value).is_integer():
        v.integer = int(value)
    else:
        v.decimal = float(value)
    return v


def value_from_proto(v: common_pb2.Value) -> Any:
    """A typed Value in the JSON form of INTERFACES.md (number, "MM/DD/YYYY", {weeks, days})."""
    kind = v.WhichOneof("kind")
    if kind == "decimal":
        return v.decimal
    if kind == "integer":
        return v.integer
    if kind == "date":
        return v.date
    if kind == "duration":
        return {"weeks": v.duration.weeks, "days": v.duration.days}
    return None


def compute_request_to_row(req: calculator_pb2.ComputeRequest) -> dict[str, Any]:
    """A ComputeRequest as a ``calc`` input row {id, calculator, entities, explain}."""
    return {"id": req.id or None, "calculator": req.calculator.key, "entities": from_struct(req.entities) or {}, "explain": req.explain}


def result_to_proto(result, *, id: str = "", explain: bool = False) -> calculator_pb2.ComputeResponse:
    """A calculator ``Result`` as a ComputeResponse (explanation only when asked for).
    Intermediates are the numeric ones (booleans as 1/0); text intermediates (rule names) are
    left out: the explanation states them."""
    calc = result.calculator
    resp = calculator_pb2.ComputeResponse(id=id, calculator=calc.id, unit=result.unit or "")
    resp.value.CopyFrom(value_to_proto(calc.output.type, result.value))
    im = resp.intermediates
    for k, v in result.intermediates.items():
        if isinstance(v, (int, float)) and (isinstance(v, bool) or math.isfinite(v)):
            im[k] = float(v)
    if explain:
        resp.explanation.extend(result.explanation())
    return resp


def compute_message(req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
    """Run one ComputeRequest; bad input raises ServiceError (NOT_FOUND for an unknown
    calculator, INVALID_ARGUMENT with one field violation per bad input)."""
    from clinverify.calculators import CalculatorError

    calc = resolve_calculator(req.calculator.key, "calculator.key")
    entities = from_struct(req.entities) or {}
    try:
        result = calc.compute(calc.parse(entities))
    except CalculatorError as exc:
        raise input_error(exc) from None
    except (ArithmeticError, ValueError) as exc:  # a formula's domain (e.g. log of 0) that parse let through
        raise ServiceError("INVALID_ARGUMENT", f"{calc.id}: cannot compute from these inputs ({exc})", [("entities", str(exc))], item_code="invalid_input") from None
    return result_to_proto(result, id=req.id, explain=req.explain)


def internal_error(exc: BaseException) -> ServiceError:
    """An unexpected exception as INTERNAL. Only the exception's type is kept: its message may
    quote the request (patient data)."""
    import logging
    import traceback

    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
    logging.getLogger("clinverify.server").error("internal error: %s at %s", type(exc).__name__, where)
    return ServiceError("INTERNAL", f"internal error ({type(exc).__name__}); the request was not processed", item_code="internal")


def compute_item(req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
    """``compute_message`` for a batch item: errors become the item's ``error``."""
    try:
        try:
            return compute_message(req)
        except ServiceError:
            raise
        except Exception as exc:
            raise internal_error(exc) from None
    except ServiceError as err:
        resp = calculator_pb2.ComputeResponse(id=req.id)
        if err.code != "NOT_FOUND" and req.calculator.key.strip():
            try:
                resp.calculator = resolve_calculator(req.calculator.key).id
            except ServiceError:
                pass
        resp.error.CopyFrom(item_error(err))
        return resp


# -- verifier -------------------------------------------------------------------------------------


def verify_request_to_row(req: verifier_pb2.VerifyRequest) -> dict[str, Any]:
    """A VerifyRequest as a ``verify`` input row (INTERFACES.md native form)."""
    row: dict[str, Any] = {"id": req.id or None, "trace": req.trace}
    if req.calculator:
        row["calculator"] = req.calculator
    if req.question:
        row["question"] = req.question
    if req.patient_note:
        row["patient_note"] = req.patient_note
    if req.answer:
        row["answer"] = req.answer
    if req.reasoning_content:
        row["reasoning_content"] = req.reasoning_content
    if req.HasField("entities"):
        ent = from_struct(req.entities)
        if ent:
            row["entities"] = ent
    if req.HasField("reference") and req.reference.answer:
        ref = req.reference
        row["reference"] = {"answer": ref.answer, "lower": ref.lower or None, "upper": ref.upper or None}
    return row


def verification_to_proto(d: Mapping[str, Any]) -> verifier_pb2.VerifyResponse:
    """A ``verify`` output object as a VerifyResponse."""
    r = verifier_pb2.VerifyResponse(id="" if d.get("id") is None else str(d["id"]), calculator=d.get("calculator") or "")
    ans = d.get("answer")
    if ans:
        a = r.answer
        a.SetInParent()
        if ans.get("value") is not None:
            _set_value(a.value, ans["value"])
        if ans.get("expected") is not None:
            _set_value(a.expected, ans["expected"])
        a.source = ans.get("source") or ""
        if ans.get("correct") is not None:
            a.correct = bool(ans["correct"])
        a.cause = ans.get("cause") or ""
        a.detail = ans.get("detail") or ""
    add = r.steps.add
    for s in d.get("steps") or ():
        span = s.get("span") or (0, 0)
        add(
            index=int(s.get("index", 0)),
            start=int(span[0]),
            end=int(span[1]),
            text=s.get("text") or "",
            verdict=s.get("verdict") or "",
            error=s.get("error") or "",
            detail=s.get("detail") or "",
            score=float(s.get("score") or 0.0),
            severity=s.get("severity") or "",
            convention=s.get("convention") or "",
            corrected_by=s.get("corrected_by"),
            thinking=bool(s.get("thinking")),
        )
    if d.get("first_error") is not None:
        r.first_error = int(d["first_error"])
    sc = d.get("scores")
    if sc:
        scores = r.scores
        for k in ("answer", "factuality", "completeness", "effectiveness", "process", "risk"):
            if sc.get(k) is not None:
                setattr(scores, k, float(sc[k]))
        scores.reward = float(sc.get("reward") or 0.0)
    e = item_error(d.get("error"))
    if e is not None:
        r.error.CopyFrom(e)
    return r


def check_verify_request(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> None:
    """Validate what the verifier cannot report itself; raises ServiceError."""
    viol = []
    if not req.trace.strip():
        viol.append(("trace", "required: the step-by-step reasoning text to verify"))
    elif len(req.trace) > max_trace_chars:
        raise ServiceError(
            "INVALID_ARGUMENT",
            f"trace: {len(req.trace)} characters; the limit is {max_trace_chars}",
            [("trace", f"{len(req.trace)} characters; the limit is {max_trace_chars}")],
            reason="TRACE_TOO_LARGE",
            metadata={"limit": str(max_trace_chars), "size": str(len(req.trace))},
            item_code="trace_too_large",
        )
    if viol:
        raise ServiceError("INVALID_ARGUMENT", "; ".join(f"{f}: {d}" for f, d in viol), viol, item_code="missing_field")
    if req.calculator.strip():
        resolve_calculator(req.calculator, "calculator")


def verify_message(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
    """Verify one VerifyRequest; bad requests raise ServiceError."""
    from clinverify.verifier.batch import verify_row

    check_verify_request(req, max_trace_chars)
    out = verify_row(verify_request_to_row(req), max_chars=max_trace_chars)
    err = out.get("error")
    if err:
        raise item_error_to_service_error(err)
    return verification_to_proto(out)


def verify_item(req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
    """``verify_message`` for a batch or stream item: errors become the item's ``error``."""
    try:
        try:
            return verify_message(req, max_trace_chars)
        except ServiceError:
            raise
        except Exception as exc:
            raise internal_error(exc) from None
    except ServiceError as err:
        resp = verifier_pb2.VerifyResponse(id=req.id)
        resp.error.CopyFrom(item_error(err))
        return resp


# -- reasoning ------------------------------------------------------------------------------------


def grounded_to_proto(g: Mapping[str, Any]) -> reasoning_pb2.GroundedAnswer:
    m = reasoning_pb2.GroundedAnswer(calculator=g.get("calculator") or "", complete=bool(g.get("complete")), unit=g.get("unit") or "", detail=g.get("detail") or "")
    if g.get("value") is not None:
        _set_value(m.value, g["value"])
    m.explanation.extend(str(x) for x in g.get("explanation") or ())
    if g.get("inputs"):
        m.inputs.CopyFrom(to_struct(g["inputs"]))
    for v in g.get("missing") or ():
        m.missing.add(field=str(v.get("field", "")), description=str(v.get("description", "")))
    if g.get("claimed") is not None:
        _set_value(m.claimed, g["claimed"])
    if g.get("agrees") is not None:
        m.agrees = bool(g["agrees"])
    return m


def grounded_from_proto(m: reasoning_pb2.GroundedAnswer) -> dict[str, Any]:
    return {
        "calculator": m.calculator or None,
        "complete": m.complete,
        "value": from_value(m.value) if m.HasField("value") else None,
        "unit": m.unit or None,
        "explanation": list(m.explanation),
        "inputs": from_struct(m.inputs) or {},
        "missing": [{"field": v.field, "description": v.description} for v in m.missing],
        "claimed": from_value(m.claimed) if m.HasField("claimed") else None,
        "agrees": m.agrees if m.HasField("agrees") else None,
        "detail": m.detail,
    }
