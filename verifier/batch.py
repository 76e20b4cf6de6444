"""One JSONL row (native or MedCalc-Bench form) -> one ``verify`` output object, never raising.

A row may carry the model's separate reasoning as ``reasoning_content`` (as chat APIs return
it), or give ``trace`` as the assistant message itself (``{"content": ..., "reasoning_content":
...}``). The reasoning is then verified as thinking: the trace checked is ``<think>`` + reasoning
+ ``</think>\n`` + content, and step spans index that text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.inputs import parse_mapping_text
from clinverify.verifier.limits import MAX_NOTE_CHARS, MAX_TRACE_CHARS, NoteTooLarge, TraceTooLarge
from clinverify.verifier.pipeline import verify
from clinverify.verifier.thinking import with_reasoning

# MedCalc-Bench output rows and dataset rows -> native fields.
_MEDCALC_FIELDS = {
    "Row Number": "id",
    "Unique ID": "id",
    "Calculator ID": "calculator",
    "Patient Note": "patient_note",
    "Question": "question",
    "Relevant Entities": "entities",
    "LLM Explanation": "trace",
    "LLM Answer": "answer",
}


# Native row fields (INTERFACES.md ``verify`` input).
ROW_FIELDS = ("id", "calculator", "question", "patient_note", "entities", "trace", "answer", "reference", "reasoning_content")


def native_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """MedCalc-Bench column names mapped onto the native fields (native keys win); values as
    given. The one field table: the gRPC client builds its requests from the same rows."""
    out = {native: row[mc] for mc, native in _MEDCALC_FIELDS.items() if mc in row}
    if "trace" not in out and "Ground Truth Explanation" in row:
        out["trace"] = row["Ground Truth Explanation"]
    if "Ground Truth Answer" in row:
        out["reference"] = {"answer": row["Ground Truth Answer"], "lower": row.get("Lower Limit"), "upper": row.get("Upper Limit")}
    out.update({k: row[k] for k in ROW_FIELDS if k in row})
    return out


def normalise_row(row: dict[str, Any]) -> dict[str, Any]:
    """``native_row``, with entities given as text parsed (JSON or MedCalc-Bench's Python
    literal; unparseable text counts as absent) and an assistant message given as ``trace``
    split into its content and ``reasoning_content``."""
    out = native_row(row)
    if isinstance(out.get("entities"), str):
        try:
            out["entities"] = parse_mapping_text(out["entities"])
        except ValueError:
            out["entities"] = None
    msg = out.get("trace")
    if isinstance(msg, dict) and isinstance(msg.get("content"), str):  # the assistant message itself
        out["trace"] = msg["content"]
        if isinstance(msg.get("reasoning_content"), str) and "reasoning_content" not in out:
            out["reasoning_content"] = msg["reasoning_content"]
    return out


def verify_row(row: Any, max_chars: int = MAX_TRACE_CHARS, max_note_chars: int = MAX_NOTE_CHARS) -> dict[str, Any]:
    if not isinstance(row, dict):
        return {"id": None, "error": {"code": "invalid_row", "message": "expected a JSON object per line"}}
    r = normalise_row(row)
    rid = r.get("id")
    trace = r.get("trace")
    if not isinstance(trace, str):
        return {"id": rid, "error": {"code": "missing_field", "message": "trace: required (the reasoning text to verify)"}}
    reasoning = r.get("reasoning_content")
    if reasoning is not None and not isinstance(reasoning, str):
        return {"id": rid, "error": {"code": "invalid_field", "message": "reasoning_content: expected a string (the model's separate reasoning)"}}
    note = r.get("patient_note")
    if note is not None and not isinstance(note, str):
        return {"id": rid, "error": {"code": "invalid_field", "message": "patient_note: expected a string (the patient's note)"}}
    trace = with_reasoning(reasoning, trace)
    calc = r.get("calculator")
    if isinstance(calc, str) and calc.strip().isdigit():
        calc = int(calc)
    try:
        v = verify(
            trace,
            calculator=calc,
            question=r.get("question"),
            patient_note=note,
            entities=r.get("entities") if isinstance(r.get("entities"), dict) else None,
            reference=r.get("reference"),
            answer=r.get("answer"),
            id=rid,
            max_chars=max_chars,
            max_note_chars=max_note_chars,
        )
    except TraceTooLarge as exc:
        return {"id": rid, "error": {"code": "trace_too_large", "message": str(exc)}}
    except NoteTooLarge as exc:
        return {"id": rid, "error": {"code": "note_too_large", "message": str(exc)}}
    return v.to_dict()
