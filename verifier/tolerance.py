"""Rounding-aware comparison of a stated number with the recomputed truth.

A value written with d decimals is right when it is the truth rounded to d decimals (half a
unit in the last place, either way) or within a small relative tolerance: models plug rounded
intermediates into later steps, and the recomputation starts from the operands they wrote.
"""

from __future__ import annotations

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
