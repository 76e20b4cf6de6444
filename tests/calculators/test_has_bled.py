"""HAS-BLED: Pisters et al., Chest 2010;138:1093-1100 (doi:10.1378/chest.10-0134), the HAS-BLED
table: H, A (renal, liver: 1 each), S, B, L, E (>65 years), D (drugs, alcohol: 1 each); maximum 9."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("has_bled")
FLAGS = ("hypertension", "renal_disease", "liver_disease", "stroke", "prior_bleeding", "labile_inr", "bleeding_medication")


def test_lookup():
    assert get(25) is CALC and get("HAS-BLED Score for Major Bleeding Risk") is CALC


def test_no_risk_factor_scores_zero():
    r = compute("has_bled", {"age": 50})
    assert r.value == 0 == CALC.output.minimum
    assert "not mentioned, assumed absent" in "\n".join(r.explanation())


def test_every_letter_present_scores_the_maximum_nine():
    # Pisters 2010: "maximum score 9" (A and D count up to 2 each).
    e = {f: True for f in FLAGS} | {"age": 80, "alcohol_drinks_per_week": 10}
    r = compute("has_bled", e)
    assert r.value == 9 == CALC.output.maximum


def test_worked_example():
    # 72-year-old on aspirin with uncontrolled hypertension and labile INR: H + L + E + D = 4 (high risk, >=3).
    r = compute("has_bled", {"age": 72, "hypertension": True, "labile_inr": True, "bleeding_medication": True})
    assert r.value == 4
    assert r.intermediates["age_points"] == 1 and r.intermediates["alcohol_points"] == 0
    assert "high bleeding risk" in "\n".join(r.explanation())


@pytest.mark.parametrize("age,points", [(65, 0), (65.9, 0), (66, 1), (90, 1)])
def test_elderly_is_over_65_in_completed_years(age, points):
    assert compute("has_bled", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("drinks,points", [(0, 0), (7, 0), (8, 1), (20, 1)])
def test_alcohol_threshold_is_8_drinks_a_week(drinks, points):
    assert compute("has_bled", {"age": 40, "alcohol_drinks_per_week": drinks}).intermediates["alcohol_points"] == points


def test_alcohol_per_day_is_converted():
    assert compute("has_bled", {"age": 40, "alcohol_drinks_per_week": [2, "drinks/day"]}).intermediates["alcohol_points"] == 1


def test_alcohol_flag_without_count():
    assert compute("has_bled", {"age": 40, "alcohol_excess": True}).value == 1
    assert compute("has_bled", {"age": 40, "alcohol_excess": False}).value == 0


def test_contradictory_alcohol_inputs_are_rejected_naming_the_field():
    with pytest.raises(InputError) as ei:
        compute("has_bled", {"age": 40, "alcohol_drinks_per_week": 2, "alcohol_excess": True})
    assert ei.value.field == "alcohol_excess" and "contradicts" in str(ei.value)
    # Agreeing inputs are fine.
    assert compute("has_bled", {"age": 40, "alcohol_drinks_per_week": 12, "alcohol_excess": True}).value == 1


def test_medcalc_bench_entity_keys():
    e = {"Stroke": True, "Hypertension history": True, "age": [22.0, "years"],
         "Medication usage predisposing to bleeding": False, "Liver disease criteria for the HAS-BLED rule": True,
         "Number of Alcoholic Drinks Per Week": 12, "Labile international normalized ratio": False,
         "Renal disease criteria for the HAS-BLED rule": True, "Prior major bleeding or predisposition to bleeding": False}
    r = compute(25, e)
    assert r.value == 5


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("has_bled", {"age": 40, "stroke": "maybe"})
    assert ei.value.field == "stroke"
    with pytest.raises(InputError) as ei:
        compute("has_bled", {"age": 40, "alcohol_drinks_per_week": -3})
    assert ei.value.field == "alcohol_drinks_per_week"
    with pytest.raises(InputError) as ei:
        compute("has_bled", {"stroke": True})
    assert ei.value.field == "age"
