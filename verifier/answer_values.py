"""Answers as values of a calculator's output type, label text for the MedCalc-Bench rule, and
the answer-tolerance rule itself (``agrees``). Shared by the answer check, the grounded answer
and the benchmarks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from clinverify.calculators import Calculator

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def as_calc_value(calc: Calculator, value: Any) -> Any:
    """``value`` (a number, 'MM/DD/YYYY', {'weeks', 'days'}, (weeks, days), or text holding a
    number) as the calculator's output type: float, date or (weeks, days); None if it is not one."""
    kind = calc.output.type
    try:
        if kind == "date":
            return value if isinstance(value, dt.date) else dt.datetime.strptime(str(value).strip(), "%m/%d/%Y").date()
        if kind == "duration":
            if isinstance(value, dict):
                return (int(value["weeks"]), int(value["days"]))
            if isinstance(value, (list, tuple)) and len(value) == 2:
                return (int(value[0]), int(value[1]))
            return None
        if isinstance(value, str):
            m = _NUMBER.search(value.replace(",", ""))
            return float(m.group()) if m else None
        return float(value)
    except (TypeError, ValueError, KeyError):
        return None


def label_text(value: Any) -> str:
    """A value written as a MedCalc-Bench label: durations as ('W weeks', 'D days'), dates as
    MM/DD/YYYY, anything else as text."""
    if isinstance(value, dict) and "weeks" in value:
        return f"('{value['weeks']} weeks', '{value['days']} days')"
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"('{value[0]} weeks', '{value[1]} days')"
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    return str(value)


_DURATION = re.compile(r"\(?'?(\d+) weeks'?,\s*'?(\d+) days'?\)?")


def _as_number(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def agrees(calc: Calculator, value: Any, label: str, lower: str = "", upper: str = "") -> bool | None:
    """MedCalc-Bench's answer rule: decimals within [lower, upper], everything else exact.

    Returns None when the label is not comparable (e.g. 'N/A').
    """
    kind = calc.output.type
    if kind == "date":
        try:
            want = dt.datetime.strptime(label.strip(), "%m/%d/%Y").date()
        except ValueError:
            return None
        return value == want
    if kind == "duration":
        m = _DURATION.fullmatch(label.strip())
        if m:
            return (value[0], value[1]) == (int(m.group(1)), int(m.group(2)))
        days = _as_number(label)
        return None if days is None else value[0] * 7 + value[1] == round(days)
    x = _as_number(label)
    if x is None:
        return None
    if kind == "integer":
        return round(float(value)) == round(x)
    lo, hi = _as_number(lower), _as_number(upper)
    if lo is None or hi is None:
        lo, hi = x * 0.95, x * 1.05
    lo, hi = min(lo, hi), max(lo, hi)
    return lo <= float(value) <= hi
