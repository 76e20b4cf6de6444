"""Registry-wide conformance: every calculator is declared completely and behaves as a pure function."""

import copy
import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.calculators import CalculatorError, list_calculators
from clinverify.calculators.inputs import Choice, Date, Flag, Number
from clinverify.calculators.model import fmt, json_value
from clinverify.calculators.units import dimension_of

CALCS = list_calculators()
IDS = [c.id for c in CALCS]


def test_registry_size_and_unique_ids():
    assert len(CALCS) >= 1
    assert len(set(IDS)) == len(IDS)
    mc = [c.medcalc_id for c in CALCS if c.medcalc_id is not None]
    assert len(set(mc)) == len(mc)


def typical(inp):
    """A deterministic, valid value for an input (inside its plausible range)."""
    if isinstance(inp, Number):
        lo, hi = inp.range
        v = lo + 0.3 * (hi - lo)
        return round(v) if inp.integer else v
    if isinstance(inp, Flag):
        return True
    if isinstance(inp, Choice):
        return next(iter(inp.options))
    if isinstance(inp, Date):
        return dt.date(2024, 1, 15)
    raise AssertionError(inp)


def value_text(calc, value):
    kind = calc.output.type
    if kind == "date":
        return value.strftime("%m/%d/%Y")
    if kind == "duration":
        return f"{value[0]} weeks, {value[1]} days"
    if kind == "integer":
        return str(value)
    return fmt(value)


@pytest.mark.parametrize("calc", CALCS, ids=IDS)
def test_declaration_is_complete(calc):
    assert calc.id.isidentifier() and calc.id == calc.id.lower()
    assert calc.name and calc.category
    assert calc.citations and all(c.text for c in calc.citations)
    assert any(c.doi or c.pmid or c.url for c in calc.citations), "cite at least one source by DOI, PMID or URL"
    assert calc.output.type in ("decimal", "integer", "date", "duration")
    if calc.output.type == "integer":
        assert calc.output.minimum is not None and calc.output.maximum is not None, "scores declare min and max"
    for inp in calc.inputs:
        assert inp.name.isidentifier(), inp.name
        if isinstance(inp, Number):
            lo, hi = inp.range
            assert lo < hi, inp.name
            if inp.unit not in ("", "1"):
                dimension_of(inp.unit)  # the canonical unit parses
        if isinstance(inp, Choice):
            assert inp.options


@pytest.mark.parametrize("calc", CALCS, ids=IDS)
def test_compute_is_pure_deterministic_and_explained(calc):
    inputs = {i.name: typical(i) for i in calc.inputs}
    frozen = copy.deepcopy(inputs)
    try:
        a = calc.compute(inputs)
    except CalculatorError:
        pytest.skip("typical inputs are contradictory for this calculator")
    b = calc.compute(inputs)
    assert inputs == frozen, "compute must not mutate its inputs"
    assert json_value(calc.output.type, a.value) == json_value(calc.output.type, b.value)
    assert a.intermediates == b.intermediates
    if calc.output.type == "decimal":
        assert math.isfinite(a.value)
    if calc.output.type == "integer":
        assert calc.output.minimum <= a.value <= calc.output.maximum
    lines = a.explanation()
    assert lines and all(isinstance(s, str) and s for s in lines)
    assert value_text(calc, a.value) in "\n".join(lines), "the explanation must state the final value"


def _strategy(inp):
    if isinstance(inp, Number):
        lo, hi = inp.range
        if inp.integer:
            return st.integers(math.ceil(lo), math.floor(hi))
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    if isinstance(inp, Flag):
        return st.booleans()
    if isinstance(inp, Choice):
        return st.sampled_from(list(inp.options))
    if isinstance(inp, Date):
        return st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
    raise AssertionError(inp)


@pytest.mark.parametrize("calc", CALCS, ids=IDS)
def test_any_valid_input_gives_a_value_or_a_clear_error(calc):
    """Random in-range inputs: a finite value within the declared bounds, or a CalculatorError."""
    strat = st.fixed_dictionaries({i.name: _strategy(i) for i in calc.inputs})

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(strat)
    def check(inputs):
        try:
            res = calc.compute(inputs)
        except CalculatorError:
            return
        v = res.value
        if calc.output.type in ("decimal", "integer"):
            assert isinstance(v, (int, float)) and math.isfinite(v)
            if calc.output.minimum is not None:
                assert v >= calc.output.minimum - 1e-9
            if calc.output.maximum is not None:
                assert v <= calc.output.maximum + 1e-9
        res.explanation()

    check()
