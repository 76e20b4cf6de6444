"""SCORE2: SCORE2 working group, Eur Heart J 2021;42:2439-2454 (doi:10.1093/eurheartj/ehab309), Supplementary Methods
(coefficients, baseline survival, region scales); SCORE2-OP: Eur Heart J 2021;42:2455-2467 (doi:10.1093/eurheartj/ehab312);
categories ESC 2021 prevention guideline. Worked examples from the primary source: the SCORE2 abstract (Eur Heart J
42:2439, Abstract, Methods and results) gives a 50-year-old smoker with SBP 140 mmHg, TC 5.5 and HDL 1.3 mmol/L at
5.9 % (men, low-risk region) to 14.0 % (men, very high) and 4.2 % (women, low) to 13.7 % (women, very high); the SCORE2-OP
case and the rest are worked by hand from the published coefficients."""

import math

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.formulas.score2 import SCALES

MAN50 = {"age": 50, "sex": "male", "smoker": True, "systolic_bp": 140, "total_cholesterol": 5.5, "hdl_cholesterol": 1.3,
         "region": "low"}


def s2(**kw):
    return compute("score2", {**MAN50, **kw})


def test_worked_example_man_50_smoker_low_region():
    # SCORE2 abstract: 5.9 %. cage −2, csbp 1, ctc −0.5, chdl 0, smoking 1: LP = −0.7484 + 0.6012 + 0.2777 − 0.0729 + 0.151 + 0.051 − 0.0281 = 0.2315;
    # 1 − 0.9605^e^0.2315 (1.26049) = 0.049531; ln(−ln(0.950469)) = −2.97990; −0.5699 + 0.7476 × −2.97990 = −2.79767;
    # 1 − exp(−e^−2.79767) = 1 − exp(−0.060928) = 5.911 %: high (5 to < 10 % at 50-69).
    r = s2()
    assert r.intermediates["linear_predictor"] == pytest.approx(0.2315)
    assert r.intermediates["uncalibrated_risk"] == pytest.approx(0.049531, abs=1e-6)
    assert r.value == pytest.approx(5.913, abs=0.005)
    assert "SCORE2 (40–69 years)" in r.explanation()[0] and "high CVD risk (5 to < 10 %)" in r.explanation()[-1]


def test_worked_example_woman_50_smoker_low_region():
    # Women: LP = 0.4648 × −2 + 0.7744 + 0.3131 + 0.1002 × −0.5 − 0.1088 × −2 − 0.0277 × −2 − 0.0226 × −2 × −0.5 = 0.3582;
    # 1 − 0.9776^e^0.3582 = 1 − 0.9776^1.43077 = 0.03189; ln(−ln(0.96811)) = −3.4292; −0.7380 + 0.7019 × −3.4292
    # = −3.1449; 1 − exp(−e^−3.1449) = 4.215 %.
    r = s2(sex="female")
    assert r.intermediates["linear_predictor"] == pytest.approx(0.3582)
    assert r.value == pytest.approx(4.215, abs=0.002)
    assert "low-to-moderate CVD risk (< 5 %)" in r.explanation()[-1]


def test_worked_example_score2_op_man_75():
    # SCORE2-OP, man 75, non-smoker, SBP 160, TC 5.0, HDL 1.2: cage 2, csbp 10, ctc −1, chdl −0.2;
    # LP = 0.1268 + 0.094 − 0.01 − 0.085 − 0.0146 + 0.07128 − 0.00364 = 0.17884; 1 − 0.7576^exp(0.17884 − 0.0929) = 0.261040;
    # ln(−ln(0.738960)) = −1.195757; −0.34 + 1.19 × −1.195757 = −1.762951; 1 − exp(−e^−1.762951) = 15.765 %: very high (≥ 15 %).
    r = compute("score2", {"age": 75, "sex": "male", "systolic_bp": 160, "total_cholesterol": 5.0, "hdl_cholesterol": 1.2,
                           "region": "low"})
    assert r.intermediates["linear_predictor"] == pytest.approx(0.17884)
    assert r.intermediates["uncalibrated_risk"] == pytest.approx(0.261040, abs=1e-6)
    assert r.value == pytest.approx(15.765, abs=0.005)
    assert "SCORE2-OP (70–89 years)" in r.explanation()[0] and "very high CVD risk (≥ 15 %)" in r.explanation()[-1]


def test_score2_op_takes_diabetes_and_score2_refuses_it():
    with_dm = compute("score2", {"age": 75, "sex": "female", "systolic_bp": 150, "total_cholesterol": 6,
                                 "hdl_cholesterol": 1.4, "region": "moderate", "diabetes": True})
    # Centred values all 0 except diabetes and cage 2: LP = 0.0789 × 2 + 0.6010 − 0.0107 × 2 = 0.7374.
    assert with_dm.intermediates["linear_predictor"] == pytest.approx(0.7374)
    with pytest.raises(InputError) as ei:
        s2(diabetes=True)
    assert ei.value.field == "diabetes"


@pytest.mark.parametrize("sex,region,published", [("male", "low", 5.9), ("male", "very high", 14.0),
                                                  ("female", "low", 4.2), ("female", "very high", 13.7)])
def test_primary_source_examples_from_the_score2_abstract(sex, region, published):
    assert round(s2(sex=sex, region=region).value, 1) == published


@pytest.mark.parametrize("region", ["low", "moderate", "high", "very high"])
def test_region_recalibration_formula(region):
    r = s2(region=region)
    u = r.intermediates["uncalibrated_risk"]
    a, b = SCALES["score2"][region]["male"]
    assert r.value == pytest.approx(100 * (1 - math.exp(-math.exp(a + b * math.log(-math.log(1 - u))))))


def test_regions_rank_low_to_very_high_for_this_man():
    values = [s2(region=g).value for g in ("low", "moderate", "high", "very high")]
    assert values == sorted(values)


@pytest.mark.parametrize("age,risk,text", [
    (45, 2.49, "low-to-moderate"), (45, 2.5, "high CVD risk (2.5 to < 7.5 %)"), (45, 7.5, "very high CVD risk (≥ 7.5 %)"),
    (69, 4.99, "low-to-moderate"), (69, 5.0, "high CVD risk (5 to < 10 %)"), (50, 10.0, "very high CVD risk (≥ 10 %)"),
    (70, 7.49, "low-to-moderate"), (70, 7.5, "high CVD risk (7.5 to < 15 %)"), (89, 15.0, "very high CVD risk (≥ 15 %)"),
])
def test_esc_categories_by_age(age, risk, text):
    from clinverify.calculators.formulas.score2 import category
    assert text in category(age, risk)


def test_model_switches_at_70():
    assert "SCORE2 (40–69" in s2(age=69.9).explanation()[0]
    assert "SCORE2-OP" in s2(age=70).explanation()[0]


def test_units_mg_dl():
    # 212.7 mg/dL total cholesterol = 5.5 mmol/L; 50.3 mg/dL HDL = 1.3 mmol/L.
    r = s2(total_cholesterol=[212.66, "mg/dL"], hdl_cholesterol=[50.26, "mg/dL"])
    assert r.value == pytest.approx(s2().value, abs=0.01)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("score2", {k: v for k, v in MAN50.items() if k != "region"})
    assert ei.value.field == "region"
    with pytest.raises(InputError) as ei:
        s2(age=39)
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        s2(region="asia")
    assert ei.value.field == "region"
