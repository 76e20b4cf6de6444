"""CURB-65: Lim et al., Thorax 2003;58:377-382 (doi:10.1136/thorax.58.5.377): Confusion, Urea >7 mmol/L,
Respiratory rate >=30/min, Blood pressure (systolic <90 or diastolic <=60 mmHg), age >=65; one point each."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.calculators import InputError, compute, get

CALC = get("curb_65")


def test_lookup():
    assert get(45) is CALC and get("CURB-65 Score for Pneumonia Severity") is CALC


def test_range():
    assert compute("curb_65", {"age": 40}).value == 0 == CALC.output.minimum
    r = compute("curb_65", {"age": 80, "confusion": True, "urea": 9, "respiratory_rate": 32, "systolic_bp": 85, "diastolic_bp": 50})
    assert r.value == 5 == CALC.output.maximum


def test_worked_example_intermediate():
    # 70-year-old, urea 8 mmol/L, RR 24, BP 120/80, not confused: U + 65 = 2 (intermediate; Lim 2003 group 2).
    r = compute("curb_65", {"age": 70, "urea": [8, "mmol/L"], "respiratory_rate": 24, "systolic_bp": 120, "diastolic_bp": 80})
    assert r.value == 2 and "intermediate (2)" in "\n".join(r.explanation())


@pytest.mark.parametrize("raw,points", [([7.0, "mmol/L"], 0), ([7.1, "mmol/L"], 1), ([19.6, "mg/dL"], 0), ([19.7, "mg/dL"], 1),
                                        ([25, "mg/dL"], 1), ([12, "mg/dL"], 0)])
def test_urea_strictly_above_7_mmol_l_bun_converted(raw, points):
    # Urea 7 mmol/L = BUN 19.6 mg/dL (28 g of nitrogen per mol of urea).
    assert compute("curb_65", {"age": 40, "bun": raw}).intermediates["urea_points"] == points


def test_urea_in_mg_dl_uses_the_urea_molar_mass():
    # 42 mg/dL of urea = 7.0 mmol/L (60.06 g/mol): not above 7.
    assert compute("curb_65", {"age": 40, "urea": [42, "mg/dL"]}).intermediates["urea_points"] == 0
    assert compute("curb_65", {"age": 40, "urea": [45, "mg/dL"]}).intermediates["urea_points"] == 1


@pytest.mark.parametrize("sbp,dbp,points", [(90, 61, 0), (89, 70, 1), (120, 60, 1), (120, 61, 0)])
def test_blood_pressure(sbp, dbp, points):
    assert compute("curb_65", {"age": 40, "systolic_bp": sbp, "diastolic_bp": dbp}).intermediates["blood_pressure_points"] == points


@pytest.mark.parametrize("rr,points", [(29, 0), (30, 1)])
def test_respiratory_rate_at_least_30(rr, points):
    assert compute("curb_65", {"age": 40, "respiratory_rate": rr}).intermediates["respiratory_rate_points"] == points


def test_medcalc_bench_entity_keys():
    e = {"age": [37.0, "years"], "Systolic Blood Pressure": [90.0, "mm hg"], "Diastolic Blood Pressure": [50.0, "mm hg"],
         "respiratory rate": [30.0, "breaths per minute"], "Blood Urea Nitrogen (BUN)": [3.5, "mmol/L"], "Confusion": False}
    assert compute(45, e).value == 2  # diastolic <=60 and RR >=30


def test_contradictory_input_is_rejected():
    with pytest.raises(InputError) as ei:
        compute("curb_65", {"age": 50, "bun": [30, "mg/dL"], "urea": [5, "mmol/L"]})
    assert ei.value.field == "urea" and "contradicts" in str(ei.value)
    with pytest.raises(InputError) as ei:
        compute("curb_65", {"age": 50, "systolic_bp": 80, "diastolic_bp": 100})
    assert ei.value.field == "diastolic_bp"


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("curb_65", {"age": 50, "bun": [20, "mg"]})
    assert ei.value.field == "bun"


BASE = st.fixed_dictionaries({
    "age": st.floats(0, 125), "confusion": st.booleans(), "bun": st.one_of(st.none(), st.floats(0.1, 150)), "urea": st.none(),
    "respiratory_rate": st.one_of(st.none(), st.floats(0, 100)), "systolic_bp": st.one_of(st.none(), st.floats(150, 300)),
    "diastolic_bp": st.one_of(st.none(), st.floats(5, 150)),
})


@settings(max_examples=300, deadline=None)
@given(BASE)
def test_within_declared_bounds(inputs):
    assert CALC.output.minimum <= CALC.compute(inputs).value <= CALC.output.maximum


@settings(max_examples=200, deadline=None)
@given(BASE, st.floats(0, 125), st.floats(0.1, 150), st.floats(0, 100))
def test_monotone_in_age_urea_and_respiratory_rate(inputs, age2, bun2, rr2):
    def pair(a, b):
        return (a, b) if a <= b else (b, a)
    a = pair(inputs["age"], age2)
    u = pair(inputs["bun"] or 0.1, bun2)
    r = pair(inputs["respiratory_rate"] or 0.0, rr2)
    lo = CALC.compute({**inputs, "age": a[0], "bun": u[0], "respiratory_rate": r[0]}).value
    hi = CALC.compute({**inputs, "age": a[1], "bun": u[1], "respiratory_rate": r[1]}).value
    assert hi >= lo


@settings(max_examples=200, deadline=None)
@given(BASE, st.floats(5, 150))
def test_lower_diastolic_never_lowers_the_score(inputs, d2):
    d1 = inputs["diastolic_bp"] if inputs["diastolic_bp"] is not None else 150.0
    lo, hi = sorted((d1, d2))
    assert CALC.compute({**inputs, "diastolic_bp": lo}).value >= CALC.compute({**inputs, "diastolic_bp": hi}).value
