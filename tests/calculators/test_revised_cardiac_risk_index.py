"""Revised Cardiac Risk Index: Lee et al., Circulation 1999;100:1043-1049 (doi:10.1161/01.cir.100.10.1043),
the six independent predictors, one point each; creatinine >2.0 mg/dL (177 µmol/L)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("revised_cardiac_risk_index")
FLAGS = ("high_risk_surgery", "ischemic_heart_disease", "chf", "cerebrovascular_disease", "insulin")


def test_lookup():
    assert get(17) is CALC and get("Revised Cardiac Risk Index for Pre-Operative Risk") is CALC


def test_range():
    assert compute("revised_cardiac_risk_index", {}).value == 0 == CALC.output.minimum
    assert compute("revised_cardiac_risk_index", {**{f: True for f in FLAGS}, "creatinine": 3.0}).value == 6 == CALC.output.maximum


def test_worked_example_class_iii():
    # Intraperitoneal surgery in a patient with prior MI: 2 predictors, class III (6.6 % in Lee's validation cohort).
    r = compute("revised_cardiac_risk_index", {"high_risk_surgery": True, "ischemic_heart_disease": True, "creatinine": [1.1, "mg/dL"]})
    assert r.value == 2 and "class III" in "\n".join(r.explanation())


@pytest.mark.parametrize("raw,points", [([2.0, "mg/dL"], 0), ([2.01, "mg/dL"], 1), ([177, "µmol/L"], 0), ([180, "µmol/L"], 1), ([0.9, "mg/dL"], 0)])
def test_creatinine_strictly_above_2_mg_dl(raw, points):
    assert compute("revised_cardiac_risk_index", {"creatinine": raw}).intermediates["creatinine_points"] == points


def test_duplicate_cerebrovascular_keys_count_if_either_is_true():
    # MedCalc-Bench writes both keys; the rows carry 'Cerebrovascular disease history': False next to a True.
    for a, b, want in ((True, False, 1), (False, True, 1), (False, False, 0), (True, True, 1)):
        e = {"History of cerebrovascular disease": a, "Cerebrovascular disease history": b}
        assert compute(17, e).intermediates["cerebrovascular_disease_points"] == want
        e = {"Cerebrovascular disease history": b, "History of cerebrovascular disease": a}
        assert compute(17, e).intermediates["cerebrovascular_disease_points"] == want


def test_medcalc_bench_entity_keys():
    e = {"History of cerebrovascular disease": True, "Pre-operative treatment with insulin": False,
         "Congestive Heart Failure criteria for the Cardiac Risk Index rule": False, "Pre-operative creatinine": [2.1, "mg/dL"],
         "History of ischemic heart disease": True, "Elevated-risk surgery": False, "Cerebrovascular disease history": False}
    assert compute(17, e).value == 3


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("revised_cardiac_risk_index", {"creatinine": [2, "kg"]})
    assert ei.value.field == "creatinine"
    with pytest.raises(InputError) as ei:
        compute(17, {"History of cerebrovascular disease": "maybe", "Cerebrovascular disease history": True})
    assert ei.value.field == "cerebrovascular_disease"
