"""Declared properties, checked for every calculator that declares them (calculators/model.py):

- bounds: ``Output(minimum=, maximum=)``: any valid input gives a value within them;
- a rule-based score (module-level ``CRITERIA``, calculators/criteria.py): its intermediates are
  its criteria's points, each within the criterion's declared range, and the value is their sum;
- monotonicity: ``Calculator(increasing=, decreasing=)``: moving one declared input up (a flag
  false -> true, a number to a higher value, a choice to a later option) never lowers the value
  (never raises it, for ``decreasing``), every other input held fixed.

Valid inputs are drawn from the declarations themselves: every number within its plausible range,
every option, a flag either way, an optional input also left out (its default). Inputs that the
calculator rejects as contradictory (a CalculatorError) are skipped.
"""

from __future__ import annotations

import datetime as dt
import math
import sys

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from clinverify.calculators import CalculatorError, list_calculators
from clinverify.calculators.inputs import Choice, Date, Flag, Number
from clinverify.calculators.model import Calculator, Monotone, Output

CALCS = list_calculators()
BOUNDED = [c for c in CALCS if c.output.minimum is not None or c.output.maximum is not None]
MONOTONE = [(c, m, sign) for c in CALCS for m, sign in c.monotone()]
SCORES = [(c, getattr(sys.modules[c.compute_fn.__module__], "CRITERIA", ())) for c in CALCS]
SCORES = [(c, criteria) for c, criteria in SCORES if criteria]
RELAXED = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def values(inp, low=None, high=None):
    """Valid canonical values of one input (a number only within ``low``..``high`` when given)."""
    if isinstance(inp, Number):
        lo, hi = inp.range
        lo, hi = max(lo, low) if low is not None else lo, min(hi, high) if high is not None else hi
        if inp.integer:
            return st.integers(math.ceil(lo), math.floor(hi))
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    if isinstance(inp, Flag):
        return st.booleans()
    if isinstance(inp, Choice):
        return st.sampled_from(list(inp.options))
    if isinstance(inp, Date):
        return st.dates(dt.date(inp.range[0], 1, 1), dt.date(inp.range[1], 12, 31))
    raise AssertionError(inp)


def valid_inputs(calc: Calculator):
    """Parsed inputs as ``Calculator.parse`` returns them: an optional input may be its default."""
    return st.fixed_dictionaries({
        i.name: values(i) if i.required else st.one_of(st.just(i.default), values(i)) for i in calc.inputs
    })


def value(calc, inputs):
    """The value as a number (a duration in days, as its bounds are declared)."""
    try:
        v = calc.compute(inputs).value
    except CalculatorError:
        reject()  # contradictory inputs (a women-only item for a man): not a valid input
    return v[0] * 7 + v[1] if calc.output.type == "duration" else v


def test_every_monotone_input_is_declared_and_checked():
    assert len(BOUNDED) >= 25 and len(MONOTONE) >= 100 and len(SCORES) >= 20
    with pytest.raises(ValueError, match="not an input"):
        Calculator("x", "x", "x", (Number("a", "", (0, 1)),), Output(""), (), lambda a: (a, {}), lambda *_: [],
                   increasing=("b",))
    with pytest.raises(ValueError, match="no option"):
        Calculator("x", "x", "x", (Choice("a", {"lo": (), "hi": ()}),), Output(""), (), lambda a: (a, {}),
                   lambda *_: [], decreasing=(Monotone("a", order=("lo", "high")),))


@pytest.mark.parametrize("calc", BOUNDED, ids=[c.id for c in BOUNDED])
def test_within_declared_bounds(calc):
    lo = -math.inf if calc.output.minimum is None else calc.output.minimum
    hi = math.inf if calc.output.maximum is None else calc.output.maximum

    @settings(max_examples=400, **RELAXED)
    @given(valid_inputs(calc))
    def check(inputs):
        assert lo <= value(calc, inputs) <= hi

    check()


@pytest.mark.parametrize("calc,criteria", SCORES, ids=[c.id for c, _ in SCORES])
def test_a_score_is_the_sum_of_its_criteria(calc, criteria):
    @settings(max_examples=200, **RELAXED)
    @given(valid_inputs(calc))
    def check(inputs):
        try:
            r = calc.compute(inputs)
        except CalculatorError:
            reject()
        assert set(r.intermediates) == {c.key for c in criteria}
        assert all(c.minimum <= r.intermediates[c.key] <= c.maximum for c in criteria), r.intermediates
        assert r.value == sum(r.intermediates[c.key] for c in criteria)

    check()


def _pair(calc, m: Monotone):
    """Two valid values of the input, the lower one first."""
    inp = calc.input(m.input)
    if isinstance(inp, Flag):
        return st.just((False, True))
    if isinstance(inp, Choice):
        order = list(m.order or inp.options)
        return st.tuples(st.integers(0, len(order) - 1), st.integers(0, len(order) - 1)).map(
            lambda ij: (order[min(ij)], order[max(ij)]))
    one = values(inp, m.low, m.high)
    return st.tuples(one, one).map(sorted)


@pytest.mark.parametrize("calc,m,sign", MONOTONE, ids=[f"{c.id}-{'up' if s > 0 else 'down'}-{m.input}" for c, m, s in MONOTONE])
def test_monotone_in_declared_inputs(calc, m, sign):
    # A flag has one pair (false, true): fewer examples; a number or a choice, a pair per example.
    @settings(max_examples=50 if calc.input(m.input).kind == "flag" else 200, **RELAXED)
    @given(valid_inputs(calc), _pair(calc, m))
    def check(inputs, pair):
        low, high = (value(calc, {**inputs, m.input: v}) for v in pair)
        # Monotone up to floating-point rounding: a one-ulp step across a spline knot (PREVENT's
        # systolic 110) may move the result by ~1e-15 either way.
        assert (high - low) * sign >= -1e-9 * max(1.0, abs(low)), f"{m.input} {pair[0]!r} -> {pair[1]!r}: {low} -> {high}"

    check()
