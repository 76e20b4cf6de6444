"""The one wire codec: protobuf messages (``clinverify.api.v1``) <-> the domain's JSON forms.

Both directions live here, so the servers and the Python client agree by construction:
- server side: request messages -> ``calc``/``verify`` input rows, library results and ``verify``
  output objects -> response messages (``*_to_proto``, ``*_request_to_row``);
- client side: input rows -> request messages (``compute_request``, ``verify_request``), response
  messages -> the JSON objects of INTERFACES.md (``*_to_dict``).
The domain forms are the JSON objects of INTERFACES.md and the calculator library's objects
(``Calculator``, ``Result``). Nothing here executes a request: the service cores
(``calculator_core``, ``verifier_core``, ``reasoning.core``) do, and the client sends them.

Struct conversion is hand-written (not ``json_format``): it runs once per entity per request and
``json_format`` is several times slower. Whole numbers come back as ints (Struct numbers are
doubles: ``[87.0, "years"]`` -> ``[87, "years"]``); non-finite numbers are sent as text (JSON has
none; the calculators reject them by name).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from typing import Any

from google.protobuf import struct_pb2

from clinverify.api.v1 import calculator_pb2, common_pb2, reasoning_pb2, verifier_pb2
from clinverify.calculators.inputs import parse_mapping_text
from clinverify.services.errors import ServiceError
from clinverify.verifier.batch import native_row

# -- google.protobuf.Struct / Value and request text fields ----------------------------------------


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
    elif hasattr(x, "tolist"):  # numpy scalars and arrays
        _set_value(v, x.tolist())
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


def entities_struct(entities: Any, what: str = "entities") -> struct_pb2.Struct | None:
    """Entities (a mapping, or its JSON / Python-literal text) as a Struct; None when absent.
    Raises TypeError naming ``what`` for anything else."""
    if entities is None or entities == "":
        return None
    if isinstance(entities, str):
        try:
            entities = parse_mapping_text(entities)
        except ValueError as e:
            raise TypeError(f"{what}: {e}") from None
    if not isinstance(entities, Mapping):
        raise TypeError(f"{what}: expected a mapping, got {type(entities).__name__}")
    return to_struct({str(k): x for k, x in entities.items()})


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


def field_text(x: Any) -> str:
    """A row value for a string request field (ids, calculator keys, answers, labels)."""
    if x is None:
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x)) if abs(x) < 2**53 else repr(x)
    if isinstance(x, Mapping) and "weeks" in x:  # duration answers, MedCalc-Bench's label text
        return f"('{x['weeks']} weeks', '{x.get('days', 0)} days')"
    if isinstance(x, (list, tuple)) and len(x) == 2 and all(isinstance(i, int) for i in x):
        return f"('{x[0]} weeks', '{x[1]} days')"
    return str(x)


# -- typed calculator values -----------------------------------------------------------------------


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


# -- per-item errors -------------------------------------------------------------------------------


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


def item_error_to_dict(e: common_pb2.ItemError) -> dict[str, Any]:
    """An ItemError as the JSONL ``error`` object."""
    out: dict[str, Any] = {"code": e.code, "message": e.message}
    if e.fields:
        out["fields"] = [{"field": f.field, "description": f.description} for f in e.fields]
    return out


def _has_error(m) -> bool:
    return m.HasField("error") and bool(m.error.code or m.error.message)


# -- calculators -----------------------------------------------------------------------------------


def summary_to_proto(calc) -> calculator_pb2.CalculatorSummary:
    return calculator_pb2.CalculatorSummary(id=calc.id, medcalc_id=calc.medcalc_id or 0, name=calc.name, category=calc.category)


def summary_to_dict(m: calculator_pb2.CalculatorSummary) -> dict[str, Any]:
    return {"id": m.id, "medcalc_id": m.medcalc_id or None, "name": m.name, "category": m.category}


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


def calculator_to_dict(m: calculator_pb2.GetCalculatorResponse) -> dict[str, Any]:
    """GetCalculatorResponse -> the ``calc show`` shape (``Calculator.describe()``)."""
    out = summary_to_dict(m.summary)
    out["description"] = m.description
    out["inputs"] = [
        {
            "name": i.name,
            "kind": i.kind,
            "unit": i.unit or None,
            "range": [i.minimum, i.maximum] if (i.minimum or i.maximum) else None,
            "options": list(i.options) or None,
            "required": i.required,
            "description": i.description,
            "aliases": list(i.aliases),
        }
        for i in m.inputs
    ]
    out["output"] = {"unit": m.output.unit or None, "type": m.output.type, "decimals": m.output.decimals}
    out["citations"] = list(m.citations)
    out["notes"] = list(m.notes)
    return out


def compute_request(calculator: Any, entities: Any = None, *, explain: bool = False, id: Any = None) -> calculator_pb2.ComputeRequest:
    """A ``calc`` input (calculator key, entities, explain, id) as a ComputeRequest."""
    req = calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key=field_text(calculator)), explain=bool(explain), id=field_text(id))
    s = entities_struct(entities)
    if s is not None:
        req.entities.CopyFrom(s)
    return req


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


def compute_to_dict(m: calculator_pb2.ComputeResponse, id: Any = None) -> dict[str, Any]:
    """ComputeResponse -> the ``calc`` result object (``id`` restores the caller's id type)."""
    out: dict[str, Any] = {"id": id if id is not None else (m.id or None), "calculator": m.calculator or None}
    if _has_error(m):
        out["value"] = None
        out["error"] = item_error_to_dict(m.error)
        return out
    out["value"] = value_from_proto(m.value)
    out["unit"] = m.unit
    out["intermediates"] = dict(m.intermediates)
    out["explanation"] = list(m.explanation) or None
    out["error"] = None
    return out


# -- verifier --------------------------------------------------------------------------------------


def verify_request(row: Mapping[str, Any]) -> verifier_pb2.VerifyRequest:
    """A ``verify`` input row (native or MedCalc-Bench form) -> VerifyRequest. Raises TypeError
    naming the field for a row that cannot be sent (no trace, entities that are not a mapping)."""
    r = native_row(row)
    trace = r.get("trace")
    if isinstance(trace, Mapping) and isinstance(trace.get("content"), str):  # the assistant message itself
        if isinstance(trace.get("reasoning_content"), str) and "reasoning_content" not in r:
            r["reasoning_content"] = trace["reasoning_content"]
        trace = trace["content"]
    if not isinstance(trace, str):
        raise TypeError("trace: required (the reasoning text to verify)")
    reasoning = r.get("reasoning_content")
    if reasoning is not None and not isinstance(reasoning, str):
        raise TypeError("reasoning_content: expected a string (the model's separate reasoning)")
    req = verifier_pb2.VerifyRequest(
        id=field_text(r.get("id")),
        calculator=field_text(r.get("calculator")),
        question=r.get("question") or "",
        patient_note=r.get("patient_note") or "",
        trace=trace,
        answer=field_text(r.get("answer")),
        reasoning_content=reasoning or "",
    )
    s = entities_struct(r.get("entities"))
    if s is not None:
        req.entities.CopyFrom(s)
    ref = r.get("reference")
    if isinstance(ref, str) and ref.strip().startswith("{"):
        try:
            ref = parse_mapping_text(ref)
        except ValueError as e:
            raise TypeError(f"reference: {e}") from None
    if isinstance(ref, Mapping) and "weeks" not in ref:
        if ref.get("answer") not in (None, ""):
            req.reference.CopyFrom(verifier_pb2.Reference(answer=field_text(ref["answer"]), lower=field_text(ref.get("lower")), upper=field_text(ref.get("upper"))))
    elif ref not in (None, ""):
        req.reference.CopyFrom(verifier_pb2.Reference(answer=field_text(ref)))
    return req


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


def verification_to_dict(m: verifier_pb2.VerifyResponse, id: Any = None) -> dict[str, Any]:
    """VerifyResponse -> the ``verify`` output object of INTERFACES.md."""
    out: dict[str, Any] = {"id": id if id is not None else (m.id or None), "calculator": m.calculator or None}
    a = m.answer
    out["answer"] = {
        "value": from_value(a.value) if a.HasField("value") else None,
        "expected": from_value(a.expected) if a.HasField("expected") else None,
        "source": a.source or None,
        "correct": a.correct if a.HasField("correct") else None,
        "cause": a.cause or None,
        "detail": a.detail,
    }
    out["steps"] = [
        {
            "index": s.index,
            "span": [s.start, s.end],
            "text": s.text,
            "verdict": s.verdict,
            "error": s.error or None,
            "detail": s.detail,
            "score": s.score,
            **({"severity": s.severity} if s.severity else {}),
            **({"corrected_by": s.corrected_by} if s.HasField("corrected_by") else {}),
            **({"thinking": True} if s.thinking else {}),
            **({"convention": s.convention} if s.convention else {}),
        }
        for s in m.steps
    ]
    out["first_error"] = m.first_error if m.HasField("first_error") else None
    sc = m.scores
    scores = {k: (getattr(sc, k) if sc.HasField(k) else None) for k in ("answer", "factuality", "completeness", "effectiveness", "process")}
    scores["reward"] = sc.reward
    if sc.HasField("risk"):
        scores["risk"] = sc.risk
    out["scores"] = scores
    out["error"] = item_error_to_dict(m.error) if _has_error(m) else None
    return out


# -- reasoning -------------------------------------------------------------------------------------


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


def candidates_to_proto(cands) -> reasoning_pb2.GenerateAndVerifyResponse:
    """Ranked candidates (``best_of_n.Candidate``) as the GenerateAndVerify response."""
    resp = reasoning_pb2.GenerateAndVerifyResponse()
    for c in cands:
        resp.candidates.add(text=c.text, verification=verification_to_proto(c.verification), grounded=grounded_to_proto(c.grounded or {}))
    return resp


# -- EHR input (FHIR) ------------------------------------------------------------------------------


def fhir_request(calculator: Any, bundle: Any, *, as_of: Any = None, lookback_days: float | None = None,
                 absent_rule: bool = False, patient: str | None = None, entities: Any = None,
                 id: Any = None) -> calculator_pb2.ComputeFromFhirRequest:
    """A ComputeFromFhirRequest: ``bundle`` as a dict, JSON text or bytes."""
    import json

    if isinstance(bundle, bytes):
        bundle = bundle.decode("utf-8")
    text = bundle if isinstance(bundle, str) else json.dumps(bundle, ensure_ascii=False)
    req = calculator_pb2.ComputeFromFhirRequest(
        calculator=common_pb2.CalculatorRef(key=field_text(calculator)), bundle_json=text,
        as_of="" if as_of is None else str(as_of), absent_rule=bool(absent_rule), patient=patient or "", id=field_text(id))
    if lookback_days is not None:
        req.lookback_days = float(lookback_days)
    s = entities_struct(entities)
    if s is not None:
        req.entities.CopyFrom(s)
    return req


def fhir_result_to_proto(out: Mapping[str, Any], output_type: str, id: str = "") -> calculator_pb2.ComputeFromFhirResponse:
    """The result of ``clinverify.ehr.compute_from_fhir`` as a ComputeFromFhirResponse."""
    result = calculator_pb2.ComputeResponse(id=id, calculator=out.get("calculator") or "", unit=out.get("unit") or "")
    if out.get("value") is not None:
        result.value.CopyFrom(value_to_proto(output_type, out["value"]))
    for k, v in (out.get("intermediates") or {}).items():
        if isinstance(v, (int, float)) and math.isfinite(v):
            result.intermediates[k] = float(v)
    err = item_error(out.get("error"))
    if err is not None:
        result.error.CopyFrom(err)
    resp = calculator_pb2.ComputeFromFhirResponse(
        result=result, status=out.get("status") or "", assumed_absent=out.get("assumed_absent") or [],
        defaults=out.get("defaults") or [], patient=out.get("patient") or "", as_of=out.get("as_of") or "")
    for name in ("provenance", "missing", "not_documented", "conflicts"):
        getattr(resp, name).CopyFrom(to_struct(out.get(name) or {}))
    for s in out.get("skipped") or ():
        _set_value(resp.skipped.values.add(), s)
    return resp


def fhir_result_to_dict(m: calculator_pb2.ComputeFromFhirResponse, id: Any = None) -> dict[str, Any]:
    """ComputeFromFhirResponse -> the dict ``clinverify.ehr.compute_from_fhir`` returns (plus ``id``)."""
    r = m.result
    out: dict[str, Any] = {"id": id if id is not None else (r.id or None), "patient": m.patient or None,
                           "calculator": r.calculator or None, "status": m.status,
                           "value": value_from_proto(r.value) if r.HasField("value") else None, "unit": r.unit,
                           "intermediates": dict(r.intermediates),
                           "error": item_error_to_dict(r.error) if _has_error(r) else None, "as_of": m.as_of}
    for name in ("provenance", "missing", "not_documented", "conflicts"):
        out[name] = from_struct(getattr(m, name)) or {}
    out["assumed_absent"], out["defaults"] = list(m.assumed_absent), list(m.defaults)
    out["skipped"] = [from_value(v) for v in m.skipped.values]
    return out
