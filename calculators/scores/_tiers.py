"""Tiered numeric criteria: points by the first published comparison a value meets.

Many scores publish bands closed at one end and open at the other in a way half-open ``bands``
cannot say ("< 38.4 °C: 0; 38.4–39.4: 33; > 39.4: 49", "BMI < 25: 0; 25–30: 1; > 30: 3").
``tiers`` takes the comparisons as printed, checked in order, most severe first:
``((">", 39.4, 49), (">=", 38.4, 33))``, and ``otherwise`` points when none holds. An absent
value scores ``missing`` (not reported, assumed normal). Used by HScore, FINDRISC, BODE, ISTH DIC,
Burch-Wartofsky.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from clinverify.calculators.criteria import Criterion, custom
from clinverify.calculators.model import fmt

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
}
_SHOW = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}

Tier = tuple[str, float, float]  # (comparison, cut-off, points)


def _pts(p: float) -> str:
    return f"+{fmt(p)}" if p >= 0 else fmt(p)


def tiers(key: str, name: str, table: Sequence[Tier], label: str, unit: str = "", otherwise: float = 0,
          otherwise_text: str = "", missing: float = 0, digits: int | None = None,
          phrases: tuple[str, ...] = ()) -> Criterion:
    """Points of the first tier whose comparison the value meets, else ``otherwise``.

    digits: compare at this reporting precision (a value converted from another unit that lands
    on a cut-off is read as the cut-off). otherwise_text: the band ``otherwise`` stands for, as the
    source prints it ("< 38.4 °C").
    """
    table = tuple((op, float(cut), p) for op, cut, p in table)
    for op, _, _ in table:
        if op not in _OPS:
            raise ValueError(f"{key}: unknown comparison {op!r}")
    u = f" {unit}" if unit else ""

    def value(inputs: Mapping[str, Any]) -> float | None:
        v = inputs.get(name)
        return v if v is None or digits is None else round(v, digits)

    def decide(inputs: Mapping[str, Any]) -> tuple[float, str]:
        v = value(inputs)
        if v is None:
            return missing, f"{label}: not reported, assumed normal, {_pts(missing)}"
        for op, cut, p in table:
            if _OPS[op](v, cut):
                return p, f"{label} {fmt(v)}{u} ({_SHOW[op]} {fmt(cut)}{u}): {_pts(p)}"
        band = f" ({otherwise_text})" if otherwise_text else ""
        return otherwise, f"{label} {fmt(v)}{u}{band}: {_pts(otherwise)}"

    def fast(inputs: Mapping[str, Any]) -> float:
        v = value(inputs)
        if v is None:
            return missing
        for op, cut, p in table:
            if _OPS[op](v, cut):
                return p
        return otherwise

    pts = [p for _, _, p in table] + [otherwise, missing]
    return custom(key, label, decide, min(pts), max(pts), fast, (name,), phrases)
