"""Criterion builders shared by the bedside rules (CHA2DS2-VASc, Wells, PERC, SIRS, CURB-65, ...).

``any_of``: one criterion met by any of several flags (Wells' "immobilisation or surgery", PERC's
"prior PE or DVT"), counted once. ``compare``: a numeric criterion with an explicit, published
comparison (">" or ">=": the bands of ``criteria.bands`` are half-open and cannot say "> 38 °C").
``or_keys``: an entity adapter for datasets that spell one finding under two keys.
Absent information counts as absent (MedCalc-Bench's convention) and the decision text says so.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from clinverify.calculators.criteria import Criterion, custom
from clinverify.calculators.inputs import Flag, Invalid
from clinverify.calculators.model import fmt

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
}
_SHOW = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}
_NEGATE = {">": "≤", ">=": "<", "<": "≥", "<=": ">"}


def _pts(p: float) -> str:
    return f"+{fmt(p)}" if p >= 0 else fmt(p)


def any_of(key: str, names: Sequence[str], points: float, label: str, parts: Sequence[str]) -> Criterion:
    """``points`` once if any of the flags ``names`` is true (``parts`` names each in the text)."""
    names = tuple(names)
    if len(parts) != len(names):
        raise ValueError(f"{key}: one part name per flag")

    def decide(inputs: Mapping[str, Any]) -> tuple[float, str]:
        present = [p for n, p in zip(names, parts, strict=True) if inputs.get(n)]
        if present:
            return points, f"{label}: present ({', '.join(present)}), {_pts(points)}"
        if all(inputs.get(n) is False for n in names):
            return 0, f"{label}: absent, +0"
        return 0, f"{label}: not mentioned, assumed absent, +0"

    def fast(inputs: Mapping[str, Any]) -> float:
        for n in names:
            if inputs.get(n):
                return points
        return 0

    return custom(key, label, decide, min(0, points), max(0, points), fast, names, tuple(parts), any_of=True)


def compare(key: str, name: str, op: str, cut: float, points: float, label: str, unit: str = "",
            digits: int | None = None, phrases: tuple[str, ...] = ()) -> Criterion:
    """``points`` when ``value op cut`` (op one of >, >=, <, <=); absent value: criterion not met.

    digits: compare at this reporting precision, so a value converted from another unit that lands on
    the cut-off (7 mmol/L urea given as 19.6 mg/dL BUN) is read as the cut-off.
    """
    test = _OPS[op]
    u = f" {unit}" if unit else ""

    def value(inputs: Mapping[str, Any]) -> float | None:
        v = inputs.get(name)
        return v if v is None or digits is None else round(v, digits)

    def decide(inputs: Mapping[str, Any]) -> tuple[float, str]:
        v = value(inputs)
        if v is None:
            return 0, f"{label}: not reported, assumed not met, +0"
        if test(v, cut):
            return points, f"{label} {fmt(v)}{u} ({_SHOW[op]} {fmt(cut)}{u}): {_pts(points)}"
        return 0, f"{label} {fmt(v)}{u} ({_NEGATE[op]} {fmt(cut)}{u}): +0"

    def fast(inputs: Mapping[str, Any]) -> float:
        v = inputs.get(name)
        if v is None:
            return 0
        if digits is not None:
            v = round(v, digits)
        return points if test(v, cut) else 0

    return custom(key, label, decide, min(0, points), max(0, points), fast, (name,), phrases)


def or_keys(*flags: Flag) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """Entity adapter: when several entity keys of one flag are given, the flag is true if any says so.

    MedCalc-Bench writes some findings under two keys (RCRI: 'History of cerebrovascular disease' and
    'Cerebrovascular disease history'); both are aliases of one input, and a positive under either
    counts (the parser alone would keep whichever key came last). A value that is not a yes/no is
    passed on unchanged, so the parser reports it.
    """
    keysets = [(f.name, {k.strip().lower() for k in (f.name, f.name.replace("_", " "), *f.aliases)}) for f in flags]

    def adapt(entities: Mapping[str, Any]) -> Mapping[str, Any]:
        out = None
        for name, keys in keysets:
            hits = [k for k in entities if isinstance(k, str) and k.strip().lower() in keys and entities[k] is not None]
            if len(hits) < 2:
                continue
            out = dict(entities) if out is None else out
            values = [out.pop(k) for k in hits]
            bad = [v for v in values if _yes_no(v) is None]
            out[name] = bad[0] if bad else any(_yes_no(v) for v in values)
        return entities if out is None else out

    return adapt


def _yes_no(raw: object) -> bool | None:
    """True/False for a yes/no value as ``Flag`` reads it, None for anything else."""
    try:
        return _FLAG.coerce(raw)
    except Invalid:
        return None


_FLAG = Flag("_")
