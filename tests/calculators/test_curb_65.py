"""CURB-65: Lim et al., Thorax 2003;58:377-382 (doi:10.1136/thorax.58.5.377): Confusion, Urea >7 mmol/L,
Respiratory rate >=30/min, Blood pressure (systolic <90 or diastolic <=60 mmHg), age >=65; one point each."""

import pytest

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
