"""``--format table`` of ``clinverify calc`` and ``verify``: result objects as text tables for a
person to read. Values are rounded to the calculator's declared precision (``Output.decimals``,
as ``Result.display`` does); the JSON output keeps full precision. Presentation only: each
function takes one result object (INTERFACES.md) and returns its lines, never raising."""

from __future__ import annotations

import re
from typing import Any

TEXT_WIDTH = 100  # characters of a step's text shown in a verify table (whitespace collapsed)
DETAIL_WIDTH = 200
CALC_COLUMNS = (("id", 10), ("calculator", 32), ("value", 14), ("unit", 14))
STEP_COLUMNS = (("step", 5), ("verdict", 13), ("error", 16), ("score", 6))


def value_text(key: Any, value: Any) -> str:
    """A result's JSON value rounded to the calculator's declared decimals (``report_html.display_value``)."""
    from clinverify.verifier.report_html import display_value

    return display_value(key, value)


def _clip(text: Any, width: int) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(cells: list[str], columns) -> str:
    """Cells padded to their columns' widths, each followed by two spaces (a longer cell pushes the rest)."""
    return "".join(c.ljust(w) + "  " for c, (_, w) in zip(cells, columns, strict=True))


def _error_text(res: dict[str, Any]) -> str:
    err = res.get("error") or {}
    where = f"line {res['line']}: " if res.get("line") is not None else ""
    code = err.get("code", "error") if isinstance(err, dict) else "error"
    message = err.get("message", "") if isinstance(err, dict) else str(err)
    if message.startswith(where):
        where = ""
    return f"error {code}: {where}{_clip(message, DETAIL_WIDTH)}"


def calc_header() -> str:
    return _row([name for name, _ in CALC_COLUMNS], CALC_COLUMNS) + "notes"


def calc_table(res: dict[str, Any]) -> str:
    """One ``calc`` result as one table row (then its explanation, indented, when present)."""
    rid = "" if res.get("id") is None else str(res["id"])
    key = res.get("calculator")
    name = "" if key is None else _clip(key, 60)
    if res.get("error"):
        return _row([rid, name, "–", ""], CALC_COLUMNS) + _error_text(res)
    line = _row([rid, name, value_text(key, res.get("value")), str(res.get("unit") or "")], CALC_COLUMNS)
    inter = res.get("intermediates") or {}
    if inter:
        line += ", ".join(f"{k} {value_text(None, v)}" for k, v in inter.items())
    lines = [line.rstrip()]
    lines += [f"    {s}" for s in res.get("explanation") or []]
    return "\n".join(lines)


def _answer_text(res: dict[str, Any]) -> str:
    key = res.get("calculator")
    ans = res.get("answer") or {}
    got = value_text(key, ans.get("value")) if ans.get("value") is not None else "not found"
    text = f"answer {got}"
    if ans.get("expected") is not None:
        text += f" (expected {value_text(key, ans['expected'])}, from {ans.get('source') or '?'})"
    verdict = {True: "correct", False: "wrong", None: "not judged"}[ans.get("correct")]
    text += f": {verdict}"
    if ans.get("correct") is False and ans.get("cause"):
        text += f", cause {ans['cause']}"
    return text


def _scores_text(scores: dict[str, Any]) -> str:
    return "  ".join(f"{k} {'–' if v is None else f'{float(v):.2f}'}" for k, v in scores.items())


def verify_table(res: dict[str, Any]) -> str:
    """One ``verify`` result as a block: a heading line (id, calculator, answer check, scores),
    then one table row per step with its verdict, error type and score, the detail below an
    incorrect, corrected or unverifiable step."""
    rid = "–" if res.get("id") is None else str(res["id"])
    head = f"== {_clip(rid, 60)}"
    if res.get("error"):
        return f"{head}  {_error_text(res)}\n"
    head += f"  {res.get('calculator') or '(calculator not identified)'}  {_answer_text(res)}"
    lines = [head]
    if res.get("scores"):
        lines.append(f"   scores: {_scores_text(res['scores'])}")
    steps = res.get("steps") or []
    if steps:
        lines.append("   " + _row([name for name, _ in STEP_COLUMNS], STEP_COLUMNS) + "text")
    for s in steps:
        error = s.get("error") or ""
        if s.get("severity") == "minor":
            error += " (minor)"
        score = s.get("score")
        cells = [str(s.get("index", "")), str(s.get("verdict", "")), error, "" if score is None else f"{float(score):g}"]
        lines.append("   " + _row(cells, STEP_COLUMNS) + _clip(s.get("text", ""), TEXT_WIDTH))
        if s.get("verdict") in ("incorrect", "corrected", "unverifiable") and s.get("detail"):
            pad = " " * (3 + sum(w + 2 for _, w in STEP_COLUMNS))
            extra = f" (corrected by step {s['corrected_by']})" if s.get("corrected_by") is not None else ""
            lines.append(f"{pad}-> {_clip(s['detail'], DETAIL_WIDTH)}{extra}")
    return "\n".join(lines) + "\n"
