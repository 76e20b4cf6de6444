"""Rounding-aware comparison of a stated number with the recomputed truth.

A value written with d decimals is right when it is the truth rounded to d decimals (half a
unit in the last place, either way) or within a small relative tolerance: models plug rounded
intermediates into later steps, and the recomputation starts from the operands they wrote.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

REL_TOL = 0.002
# An exponential or a logarithm ("e^1.234 = 3.43", "ln(0.857) = −0.154") worked out by hand: models
# approximate them (a series, a remembered value); within half a per cent is the value, not a slip.
TRANSCENDENTAL_REL = 0.005
_TRANSCENDENTAL = re.compile(r"(?<![A-Za-z0-9.])e\s*\^|\bexp\s*\(|\bln\b|\blog")


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


@lru_cache(maxsize=8192)  # the same expressions recur across traces
def arithmetic_rel(expr: str, truth: float) -> float:
    """The relative tolerance for an arithmetic claim, scaled to the part of the result that can
    carry rounding: REL_TOL applies to the terms of a sum that hold a decimal operand, not to the
    exact whole-number terms beside them. "140 + 0.028 × (92 − 100)" is 139.776: its 140 is exact,
    so "= 139.808" is off by 14 % of the correction term, not by 0.02 % of a rounded result.
    Whole-number arithmetic alone ("2/3 × 80 + 1/3 × 140") is exact: the written decimals decide.
    A stated side that is itself an expression ("= 70 + 15.33") has its own band (``stated_band``)."""
    from clinverify.verifier.arith import EvalError, evaluate, tokenize

    if _TRANSCENDENTAL.search(expr):
        return TRANSCENDENTAL_REL  # an exponential or logarithm worked out by hand: an approximation
    try:
        terms = _terms(tokenize(expr))
    except EvalError:
        return REL_TOL
    if len(terms) == 1 and not all(k == "op" or (k == "num" and _WHOLE.fullmatch(t)) for k, t in terms[0]):
        return REL_TOL  # one term holding a decimal: the plain relative tolerance
    scale = 0.0
    for term in terms:
        if all(k == "op" or (k == "num" and _WHOLE.fullmatch(t)) for k, t in term):
            continue  # whole numbers only: exact
        try:
            scale += abs(evaluate("".join(t for _, t in term)))
        except EvalError:
            return REL_TOL
    return max(REL_TOL * scale / abs(truth), EXACT_REL) if truth else REL_TOL


def _terms(toks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The tokens of each term of a sum, at bracket depth 0, each with its sign."""
    terms: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for i, (kind, text) in enumerate(toks):
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        binary = i > 0 and (toks[i - 1][0] == "num" or toks[i - 1][1] in (")", "%"))
        if depth == 0 and text in ("+", "-") and binary:
            terms.append([(kind, text)])  # the sign goes with its term
            continue
        terms[-1].append((kind, text))
    return terms


@lru_cache(maxsize=8192)  # pure, like ``arithmetic_rel``: the same links recur across traces
def unshared_terms_off(expr: str, stated: str) -> bool:
    """Two sides of a link that share an addend ("56.9 + 0.4 × (−0.2) = 56.9 − 0.04", "140.0 + 0.024 ×
    (−6.5) = 140.0 − 0.192"): the shared addend is the same number on both sides, so it carries no
    rounding between them; are the other terms apart by more than their own rounding allows? False
    when no addend is shared or a side cannot be read."""
    from clinverify.verifier.arith import EvalError, evaluate, tokenize

    try:
        left, right = _terms(tokenize(expr)), _terms(tokenize(stated))
    except EvalError:
        return False

    def signed(terms):
        bodies = ("".join(t for _, t in term) for term in terms)
        return [b if b[:1] in "+-" else "+" + b for b in bodies]

    keys_l, keys_r = signed(left), signed(right)
    shared = set(keys_l) & set(keys_r)
    if not shared or len(left) < 2:
        return False
    rest_l = "".join(k for k in keys_l if k not in shared)
    rest_r = "".join(k for k in keys_r if k not in shared)
    try:
        a = evaluate(rest_l) if rest_l else 0.0
        b = evaluate(rest_r) if rest_r else 0.0
    except EvalError:
        return False
    carried = {t for term in left for k, t in term if k == "num"}
    new = [float(t) for term in right for k, t in term if k == "num" and t not in carried and "." in t]
    band = (operand_precision(rest_r, b, new) or 0.0) if rest_r else 0.0
    return abs(a - b) > band + REL_TOL * max(abs(a), abs(b)) + 1e-9 * max(1.0, abs(a))


# Exact arithmetic still allows its last written digits cut ("275/3 = 91.666..."): a millionth-scale
# slack that no real slip fits in.
EXACT_REL = 2e-5
_WHOLE = re.compile(r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.0+)?")  # "140.0" is as exact as "140"


def stated_band(value_text: str, value: float) -> float:
    """How far a stated side written as an expression ("58.6667 + 46.0", "70 + 15.33") may be from
    the truth because of its own rounded operands: each decimal operand moves half a unit of its
    last written digit (0.0 when it has none)."""
    rounded = [float(m.group()) for m in _OPERAND.finditer(value_text)]
    return operand_precision(value_text, value, rounded) or 0.0


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

    # (the exponent of Euler's number, "e^(−0.3607)", is a value like any other: it moves when written rounded before)
    powers = [(m.start(), m.end()) for m in _EXPONENT.finditer(expr) if not _EULER_BASE.search(expr, 0, m.start())]
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
_EULER_BASE = re.compile(r"(?<![A-Za-z0-9.])e\s*$")
_EXPONENT = re.compile(r"(?:\^|\*\*)\s*[({]?\s*[-−+]?\s*\d+(?:\.\d+)?")
