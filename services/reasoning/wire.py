"""Protobuf <-> dict conversion for the reasoning service and the Ray Serve app.

The JSON objects of INTERFACES.md (``verify`` output, ``calc`` results) are the domain form;
this module maps them onto the ``clinverify.api.v1`` messages and back. It covers what the
ReasoningService and the Ray Serve ingress need. NOTE for the lead: the standalone server's
``clinverify.services.convert`` was being written at the same time; once it lands, these
functions should delegate to it (same message shapes), so conversion lives in one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format, struct_pb2

from clinverify.api.v1 import calculator_pb2, common_pb2, reasoning_pb2, verifier_pb2


class RequestError(Exception):
    """A bad request: ``code`` is a grpc.StatusCode name ("INVALID_ARGUMENT", "NOT_FOUND", ...)."""

    def __init__(self, code: str, message: str, violations: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.violations = violations or []

    def __reduce__(self):  # picklable (it crosses Ray deployment handles)
        return (type(self), (self.code, self.message, self.violations))


# -- google.protobuf.Value / Struct -----------------------------------------------------------


def to_value(x: Any) -> struct_pb2.Value:
    v = struct_pb2.Value()
    if x is None:
        v.null_value = struct_pb2.NULL_VALUE
    elif isinstance(x, bool):
        v.bool_value = x
    elif isinstance(x, (int, float)):
        if isinstance(x, float) and not math.isfinite(x):
            v.string_value = str(x)
        else:
            v.number_value = float(x)
    elif isinstance(x, str):
        v.string_value = x
    else:
        json_format.ParseDict(_jsonable(x), v)
    return v


def to_struct(d: Mapping[str, Any] | None) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    if d:
        s.update(_jsonable(dict(d)))
    return s


def from_struct(s: struct_pb2.Struct | None) -> dict[str, Any] | None:
    if s is None or not s.fields:
        return None
    return _ints(json_format.MessageToDict(s))


def from_value(v: struct_pb2.Value) -> Any:
    kind = v.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    return _ints(json_format.MessageToDict(v))


def _ints(x: Any) -> Any:
    """Struct numbers are doubles; give whole numbers back as ints (87.0 -> 87)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    if isinstance(x, list):
        return [_ints(i) for i in x]
    if isinstance(x, dict):
        return {k: _ints(v) for k, v in x.items()}
    return x


def _jsonable(x: Any) -> Any:
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(i) for i in x]
    if isinstance(x, (str, bool, int, float)) or x is None:
        return x
    return str(x)


# -- verifier ----------------------------------------------------------------------------------


def verify_request_to_row(req: verifier_pb2.VerifyRequest) -> dict[str, Any]:
    """A VerifyRequest as a ``verify`` input row (INTERFACES.md native form)."""
    row: dict[str, Any] = {"id": req.id or None, "trace": req.trace}
    for f in ("calculator", "question", "patient_note", "answer"):
        val = getattr(req, f)
        if val:
            row[f] = val
    ent = from_struct(req.entities) if req.HasField("entities") else None
    if ent:
        row["entities"] = ent
    if req.HasField("reference") and req.reference.answer:
        row["reference"] = {"answer": req.reference.answer, "lower": req.reference.lower or None, "upper": req.reference.upper or None}
    return row


def item_error(err: Mapping[str, Any] | None) -> common_pb2.ItemError | None:
    if not err:
        return None
    e = common_pb2.ItemError(code=str(err.get("code") or ""), message=str(err.get("message") or ""))
    for f in err.get("fields") or ():
        e.fields.add(field=str(f.get("field", "")), description=str(f.get("description", "")))
    return e


def verification_to_proto(d: Mapping[str, Any]) -> verifier_pb2.VerifyResponse:
    """A ``verify`` output object as a VerifyResponse."""
    r = verifier_pb2.VerifyResponse(id="" if d.get("id") is None else str(d.get("id")), calculator=d.get("calculator") or "")
    ans = d.get("answer")
    if ans:
        a = r.answer
        if ans.get("value") is not None:
            a.value.CopyFrom(to_value(ans["value"]))
        if ans.get("expected") is not None:
            a.expected.CopyFrom(to_value(ans["expected"]))
        a.source = ans.get("source") or ""
        if ans.get("correct") is not None:
            a.correct = bool(ans["correct"])
    for s in d.get("steps") or ():
        start, end = (s.get("span") or (0, 0))[:2]
        r.steps.add(
            index=int(s.get("index", 0)),
            start=int(start),
            end=int(end),
            text=s.get("text") or "",
            verdict=s.get("verdict") or "",
            error=s.get("error") or "",
            detail=s.get("detail") or "",
            score=float(s.get("score") or 0.0),
        )
    if d.get("first_error") is not None:
        r.first_error = int(d["first_error"])
    sc = d.get("scores")
    if sc:
        for k in ("answer", "factuality", "completeness", "effectiveness", "process"):
            if sc.get(k) is not None:
                setattr(r.scores, k, float(sc[k]))
        r.scores.reward = float(sc.get("reward") or 0.0)
    e = item_error(d.get("error"))
    if e is not None:
        r.error.CopyFrom(e)
    return r


def verification_from_proto(r: verifier_pb2.VerifyResponse) -> dict[str, Any]:
    """A VerifyResponse back as the ``verify`` output object (for clients and tests)."""
    out: dict[str, Any] = {"id": r.id or None, "calculator": r.calculator or None}
    a = r.answer
    out["answer"] = {
        "value": from_value(a.value) if a.HasField("value") else None,
        "expected": from_value(a.expected) if a.HasField("expected") else None,
        "source": a.source or None,
        "correct": a.correct if a.HasField("correct") else None,
    }
    out["steps"] = [
        {"index": s.index, "span": [s.start, s.end], "text": s.text, "verdict": s.verdict, "error": s.error or None, "detail": s.detail, "score": s.score}
        for s in r.steps
    ]
    out["first_error"] = r.first_error if r.HasField("first_error") else None
    sc = r.scores
    out["scores"] = {k: (getattr(sc, k) if sc.HasField(k) else None) for k in ("answer", "factuality", "completeness", "effectiveness", "process")}
    out["scores"]["reward"] = sc.reward
    out["error"] = {"code": r.error.code, "message": r.error.message} if r.HasField("error") and r.error.code else None
    return out


# -- reasoning ---------------------------------------------------------------------------------


def grounded_to_proto(g: Mapping[str, Any]) -> reasoning_pb2.GroundedAnswer:
    m = reasoning_pb2.GroundedAnswer(calculator=g.get("calculator") or "", complete=bool(g.get("complete")), unit=g.get("unit") or "", detail=g.get("detail") or "")
    if g.get("value") is not None:
        m.value.CopyFrom(to_value(g["value"]))
    m.explanation.extend(str(x) for x in g.get("explanation") or ())
    if g.get("inputs"):
        m.inputs.CopyFrom(to_struct(g["inputs"]))
    for v in g.get("missing") or ():
        m.missing.add(field=str(v.get("field", "")), description=str(v.get("description", "")))
    if g.get("claimed") is not None:
        m.claimed.CopyFrom(to_value(g["claimed"]))
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


def candidates_to_proto(cands) -> reasoning_pb2.GenerateAndVerifyResponse:
    resp = reasoning_pb2.GenerateAndVerifyResponse()
    for c in cands:
        resp.candidates.add(text=c.text, verification=verification_to_proto(c.verification), grounded=grounded_to_proto(c.grounded or {}))
    return resp


# -- calculators -------------------------------------------------------------------------------


def calc_value(kind: str, value: Any) -> common_pb2.Value:
    v = common_pb2.Value()
    if value is None:
        return v
    if kind == "date":
        v.date = value if isinstance(value, str) else value.strftime("%m/%d/%Y")
    elif kind == "duration":
        w, d = (value["weeks"], value["days"]) if isinstance(value, Mapping) else value
        v.duration.weeks, v.duration.days = int(w), int(d)
    elif kind == "integer":
        v.integer = int(value)
    else:
        v.decimal = float(value)
    return v


def summary(calc) -> calculator_pb2.CalculatorSummary:
    return calculator_pb2.CalculatorSummary(id=calc.id, medcalc_id=calc.medcalc_id or 0, name=calc.name, category=calc.category)


def describe(calc) -> calculator_pb2.GetCalculatorResponse:
    d = calc.describe()
    r = calculator_pb2.GetCalculatorResponse(summary=summary(calc), description=d.get("description") or "")
    for i in d["inputs"]:
        lo, hi = (i.get("range") or (0.0, 0.0))[:2]
        r.inputs.add(
            name=i["name"],
            kind=i["kind"],
            unit=i.get("unit") or "",
            minimum=float(lo),
            maximum=float(hi),
            options=list(i.get("options") or ()),
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


def compute(req: calculator_pb2.ComputeRequest, *, batch: bool = False) -> calculator_pb2.ComputeResponse:
    """Run one ComputeRequest. Outside a batch, bad input raises RequestError (NOT_FOUND /
    INVALID_ARGUMENT with field violations); inside a batch it becomes the item's error."""
    from clinverify.calculators import CalculatorError, UnknownCalculator, get

    resp = calculator_pb2.ComputeResponse(id=req.id)
    key = req.calculator.key
    try:
        if not key:
            raise RequestError("INVALID_ARGUMENT", "calculator: required (registry id, MedCalc-Bench id or name)", [("calculator.key", "required")])
        try:
            calc = get(int(key) if key.strip().isdigit() else key)
        except UnknownCalculator as exc:
            raise RequestError("NOT_FOUND", str(exc), [("calculator.key", str(exc))]) from None
        resp.calculator = calc.id
        entities = from_struct(req.entities) or {}
        try:
            result = calc.compute(calc.parse(entities))
        except CalculatorError as exc:
            viol = [(f"entities.{v.field}", v.description) for v in getattr(exc, "violations", ())] or [("entities", str(exc))]
            raise RequestError("INVALID_ARGUMENT", str(exc), viol) from None
    except RequestError as err:
        if not batch:
            raise
        code = {"NOT_FOUND": "unknown_calculator"}.get(err.code, "invalid_input" if key else "missing_field")
        resp.error.CopyFrom(common_pb2.ItemError(code=code, message=err.message))
        for f, dsc in err.violations:
            resp.error.fields.add(field=f, description=dsc)
        return resp
    resp.value.CopyFrom(calc_value(calc.output.type, result.value))
    resp.unit = result.unit
    for k, v in result.intermediates.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            resp.intermediates[k] = float(v)
    if req.explain:
        resp.explanation.extend(result.explanation())
    return resp
