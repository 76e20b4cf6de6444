"""CHA2DS2-VASc: Lip et al., Chest 2010;137:263-272 (doi:10.1378/chest.09-1584), the CHA2DS2-VASc
scoring table: C 1, H 1, A2 (>=75) 2, D 1, S2 (stroke/TIA/thromboembolism) 2, V 1, A (65-74) 1, Sc (female) 1."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("cha2ds2_vasc")
FLAGS = ("chf", "hypertension", "stroke", "tia", "thromboembolism", "vascular_disease", "diabetes")


def test_lookup():
    assert get(4) is CALC and get("CHA2DS2-VASc Score for Atrial Fibrillation Stroke Risk") is CALC


def test_young_man_without_risk_factors_scores_zero():
    r = compute("cha2ds2_vasc", {"age": 50, "sex": "male"})
    assert r.value == 0 == CALC.output.minimum


def test_every_factor_scores_the_maximum_nine():
    # Lip 2010: the maximum score is 9 (age and stroke count 2, but age is one criterion and S2 one).
    r = compute("cha2ds2_vasc", {"age": 80, "sex": "female", **{f: True for f in FLAGS}})
    assert r.value == 9 == CALC.output.maximum
    assert r.intermediates["stroke_tia_thromboembolism_points"] == 2


def test_worked_example_woman_76_with_hypertension():
    # A2 (2) + H (1) + Sc (1) = 4.
    r = compute("cha2ds2_vasc", {"age": 76, "sex": "F", "hypertension": True})
    assert r.value == 4
    assert r.intermediates["age_points"] == 2 and r.intermediates["sex_points"] == 1


@pytest.mark.parametrize("age,points", [(64, 0), (64.9, 0), (65, 1), (74.9, 1), (75, 2), (99, 2)])
def test_age_bands(age, points):
    assert compute("cha2ds2_vasc", {"age": age, "sex": "male"}).intermediates["age_points"] == points


def test_stroke_tia_thromboembolism_count_once():
    one = compute("cha2ds2_vasc", {"age": 40, "sex": "male", "tia": True}).value
    all3 = compute("cha2ds2_vasc", {"age": 40, "sex": "male", "tia": True, "stroke": True, "thromboembolism": True}).value
    assert one == all3 == 2


def test_medcalc_bench_entity_keys():
    e = {"sex": "Female", "age": [68.0, "years"], "Congestive Heart Faliure": True, "Stroke": False,
         "Transient Ischemic Attacks History": False, "Thromboembolism history": True, "Vascular disease history": True,
         "Diabetes history": True, "Hypertension history": True}
    # C1 + H1 + A1 + D1 + S2 + V1 + Sc1 = 8
    assert compute(4, e).value == 8


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("cha2ds2_vasc", {"age": 70, "sex": "unknown"})
    assert ei.value.field == "sex"
    with pytest.raises(InputError) as ei:
        compute("cha2ds2_vasc", {"sex": "male", "stroke": True})
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute("cha2ds2_vasc", {"age": 70, "sex": "male", "diabetes": "sometimes"})
    assert ei.value.field == "diabetes"
