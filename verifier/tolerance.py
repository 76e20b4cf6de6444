"""Rounding-aware comparison of a stated number with the recomputed truth.

A value written with d decimals is right when it is the truth rounded to d decimals (half a
unit in the last place, either way) or within a small relative tolerance: models plug rounded
intermediates into later steps, and the recomputation starts from the operands they wrote.
"""

from __future__ import annotations

import math
import re

REL_TOL = 0.002


def decimals_of(text: str) -> int:
    """Number of digits after the decimal point as written ('25.238' -> 3, '1,234' -> 0)."""
    t = text.strip().rstrip("%")
    if "e" in t.lower():
        return 6
    i = t.rfind(".")
    if i == -1:
        return 0
    return sum(1 for c in t[i + 1 :] if c.isdigit())


def close(stated: float, truth: float, decimals: int | None = None, rel: float = REL_TOL) -> bool:
    diff = abs(stated - truth)
    if diff <= 1e-9 * max(1.0, abs(truth)):
        return True
    if decimals is not None and diff <= 0.5 * 10.0**-decimals + 1e-9 * max(1.0, abs(truth)):
        return True
    return diff <= rel * abs(truth)


def rounding_slip(stated: float, truth: float, decimals: int) -> bool:
    """Off by about one unit in the last written place: a rounding error, not an arithmetic one."""
    return abs(stated - truth) <= 1.5 * 10.0**-decimals


# A result off by less than this share is a slip in the last digits (severity minor), not a
# wrong computation.
MINOR_REL = 0.005


def truncated(stated: float, truth: float, decimals: int | None) -> bool:
    """The truth cut (not rounded) to the written decimals: 0.1689 written 0.168."""
    if decimals is None or decimals > 8:
        return False
    f = 10.0**decimals
    return abs(stated - math.trunc(truth * f) / f) <= 1e-9 * max(1.0, abs(truth))


def operand_precision(expr: str, truth: float, rounded: list[float] | tuple[float, ...] = ()) -> float | None:
    """How far the result may move when each rounded intermediate among the operands (a value
    the trace computed earlier and wrote rounded: ``rounded``) moves by half a unit of its last
    written digit (first-order interval arithmetic: the sum of the separate moves). Patient
    values, constants and exponents are exact as written. None if nothing may move or the
    expression cannot be re-evaluated."""
    from clinverify.verifier.arith import EvalError, evaluate

    powers = [(m.start(), m.end()) for m in _EXPONENT.finditer(expr)]
    spans = [
        (m.start(), m.end(), m.group())
        for m in _OPERAND.finditer(expr)
        if not any(a <= m.start() < b for a, b in powers) and any(close(float(m.group()), r, decimals_of(m.group())) for r in rounded)
    ]
    if not spans or len(spans) > 12:
        return None
    total = 0.0
    for a, b, lit in spans:
        h = 0.5 * 10.0 ** -decimals_of(lit)
        try:
            moved = evaluate(expr[:a] + repr(float(lit.replace(",", "")) + h) + expr[b:])
        except (EvalError, ValueError):
            return None
        total += abs(moved - truth)
    return total


_OPERAND = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
_EXPONENT = re.compile(r"(?:\^|\*\*)\s*[({]?\s*[-−+]?\s*\d+(?:\.\d+)?")
