"""Every version option of every calculator (``Calculator.versions()``: the optional method /
definition / guideline / factor choice) computes, stays within the declared output bounds and is
explained like the default; leaving the option out is the default."""

import datetime as dt
import math

import pytest

from clinverify.calculators import CalculatorError, list_calculators
from clinverify.calculators.inputs import Choice, Date, Flag, Number
from clinverify.calculators.model import fmt, json_value

CASES = [(c, name, option) for c in list_calculators() for name, (options, _) in c.versions().items() for option in options]


def typical(inp):
    if isinstance(inp, Number):
        lo, hi = inp.range
        v = lo + 0.3 * (hi - lo)
        return round(v) if inp.integer else v
    if isinstance(inp, Flag):
        return True
    if isinstance(inp, Choice):
        return inp.default if inp.default is not None else next(iter(inp.options))
    if isinstance(inp, Date):
        return dt.date(2024, 1, 15)
    raise AssertionError(inp)


def shown(calc, value):
    return str(value) if calc.output.type == "integer" else fmt(value)


def test_there_are_version_options():
    assert {c.id for c, _, _ in CASES} >= {"ckd_epi_2021", "mdrd_gfr", "body_surface_area", "ideal_body_weight", "ldl_friedewald", "charlson_comorbidity_index"}


@pytest.mark.parametrize(("calc", "name", "option"), CASES, ids=[f"{c.id}-{o}" for c, _, o in CASES])
def test_each_option_computes_and_is_explained(calc, name, option):
    inputs = {i.name: typical(i) for i in calc.inputs}
    inputs[name] = option
    try:
        r = calc.compute(inputs)
    except CalculatorError:
        pytest.skip("typical inputs are outside this option's range")
    if calc.output.type == "decimal":
        assert math.isfinite(r.value)
    if calc.output.minimum is not None and calc.output.type in ("decimal", "integer"):
        assert calc.output.minimum <= r.value <= calc.output.maximum
    lines = r.explanation()
    assert lines and all(isinstance(s, str) and s for s in lines)
    if calc.output.type in ("decimal", "integer"):
        assert shown(calc, r.value) in "\n".join(lines), "the explanation must state the final value"


@pytest.mark.parametrize("calc", sorted({c for c, _, _ in CASES}, key=lambda c: c.id), ids=lambda c: c.id)
def test_leaving_the_option_out_is_the_default(calc):
    entities = {i.name: typical(i) for i in calc.inputs if i.required}
    try:
        plain = calc(entities)
    except CalculatorError:
        pytest.skip("typical inputs are contradictory for this calculator")
    chosen = calc({**entities, **{name: default for name, (_, default) in calc.versions().items()}})
    assert json_value(calc.output.type, chosen.value) == json_value(calc.output.type, plain.value)
