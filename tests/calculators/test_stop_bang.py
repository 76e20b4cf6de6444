"""STOP-Bang: Chung et al., Anesthesiology 2008;108:812-821 (doi:10.1097/ALN.0b013e31816d83e4), the STOP-Bang items
(one point each: snoring, tiredness, observed apnoea, pressure, BMI > 35 kg/m², age > 50 years, neck > 40 cm, male);
risk groups 0-2 low, 3-4 intermediate, 5-8 high (Chung, Br J Anaesth 2012;108:768-775) and the STOP >= 2 rule for 3-4
(Chung, Chest 2016;149:631-638). No published patient example: the examples are worked by hand. No published worked
example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored STOP-Bang patient (only
copies of the questionnaire; stopbang.ca not stored).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("stop_bang")
BASE = {"age": 40, "sex": "female"}


def sb(**kw):
    return compute("stop_bang", {**BASE, **kw})


def test_range_0_to_8():
    assert sb().value == 0 == CALC.output.minimum
    r = sb(snoring=True, tired=True, observed_apnea=True, hypertension=True, bmi=40, age=60, neck_circumference=45, sex="male")
    assert r.value == 8 == CALC.output.maximum


def test_worked_example_man_high_risk_by_stop_rule():
    # Snoring 1 + tired 1 + neck 16 in = 40.64 cm (> 40) 1 + male 1 = 4; BMI 28 and age 45 score 0.
    # 3-4 with two STOP items and male sex -> high risk (Chung 2016).
    r = compute("stop_bang", {"snoring": True, "tired": True, "age": 45, "sex": "male", "bmi": 28,
                              "neck_circumference": [16, "in"]})
    assert r.value == 4 and r.intermediates["neck_points"] == 1
    assert "high risk of OSA (3–4 with ≥ 2 STOP items" in "\n".join(r.explanation())


def test_worked_example_woman_intermediate():
    # Woman 62 (age 1), hypertension 1, BMI 36.2 (> 35) 1: 3 points, one STOP item only -> intermediate risk.
    r = sb(age=62, hypertension=True, bmi=36.2)
    assert r.value == 3 and "intermediate risk of OSA (3–4)" in "\n".join(r.explanation())


def test_worked_example_high_risk_five():
    # Snoring, observed apnoea, hypertension, age 55, male: 5 -> high risk (5-8).
    r = sb(snoring=True, observed_apnea=True, hypertension=True, age=55, sex="male")
    assert r.value == 5 and "high risk of OSA (5–8)" in "\n".join(r.explanation())


@pytest.mark.parametrize("field,below,at,above", [("bmi", 34.9, 35.0, 35.1), ("age", 49, 50, 51),
                                                  ("neck_circumference", 39.9, 40.0, 40.1)])
def test_cut_offs_are_strictly_above(field, below, at, above):
    key = {"bmi": "bmi_points", "age": "age_points", "neck_circumference": "neck_points"}[field]
    assert [sb(**{field: v}).intermediates[key] for v in (below, at, above)] == [0, 0, 1]


@pytest.mark.parametrize("kw,total,band", [
    ({}, 0, "low risk of OSA (0–2)"),
    ({"snoring": True, "tired": True}, 2, "low risk of OSA (0–2)"),
    ({"snoring": True, "tired": True, "observed_apnea": True}, 3, "intermediate risk of OSA (3–4)"),
    ({"snoring": True, "age": 60, "sex": "male"}, 3, "intermediate risk of OSA (3–4)"),
    ({"snoring": True, "tired": True, "bmi": 36}, 3, "high risk of OSA (3–4 with"),
    ({"snoring": True, "tired": True, "observed_apnea": True, "hypertension": True}, 4, "intermediate risk of OSA (3–4)"),
    ({"snoring": True, "tired": True, "observed_apnea": True, "hypertension": True, "age": 51}, 5, "high risk of OSA (5–8)"),
])
def test_risk_groups(kw, total, band):
    r = sb(**kw)
    assert r.value == total and band in r.explanation()[-1]


def test_unreported_bmi_and_neck_score_zero():
    r = sb(snoring=True)
    assert r.intermediates["bmi_points"] == 0 and r.intermediates["neck_points"] == 0
    assert "not reported" in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("stop_bang", {"age": 50})
    assert ei.value.field == "sex"
    with pytest.raises(InputError) as ei:
        sb(neck_circumference=200)
    assert ei.value.field == "neck_circumference"
    with pytest.raises(InputError) as ei:
        sb(snoring="loud")
    assert ei.value.field == "snoring"
