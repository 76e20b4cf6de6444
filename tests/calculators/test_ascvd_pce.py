"""ASCVD Pooled Cohort Equations: Goff et al., Circulation 2014;129(25 Suppl 2):S49-S73
(doi:10.1161/01.cir.0000437741.48606.98), Appendix 7 Table A: coefficients, mean sums, baseline survivals, and the
worked example (age 55, TC 213 mg/dL, HDL 50 mg/dL, untreated SBP 120 mmHg, non-smoker, no diabetes): individual sums
-29.67 / 86.16 / 60.69 / 18.97 and 10-year risks 2.1 % (white women), 3.0 % (African-American women), 5.3 % (white men),
6.1 % (African-American men)."""

import math

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.formulas.ascvd_pce import risk_group

CALC = get("ascvd_pce")
TABLE_A = {"age": 55, "total_cholesterol": 213, "hdl_cholesterol": 50, "systolic_bp": 120}


@pytest.mark.parametrize("race,sex,individual_sum,risk", [
    ("white", "female", -29.67, 2.1), ("african american", "female", 86.16, 3.0),
    ("white", "male", 60.69, 5.3), ("african american", "male", 18.97, 6.1),
])
def test_table_a_worked_example(race, sex, individual_sum, risk):
    # Table A rounds each coefficient x value term to 2 decimals before summing; computed at full precision the sums are
    # -29.677, 86.168, 60.700 and 18.973 (within 0.015 of the table) and the risks 2.05, 3.03, 5.38 and 6.07 %: the white
    # men's 5.38 % is the table's 5.3 % computed from its rounded sum 60.69 (1 - 0.9144^exp(60.69 - 61.18) = 5.335 %).
    r = compute("ascvd_pce", {**TABLE_A, "race": race, "sex": sex})
    assert r.intermediates["individual_sum"] == pytest.approx(individual_sum, abs=0.015)
    assert r.value == pytest.approx(risk, abs=0.1)


def test_table_a_white_men_from_the_rounded_sum():
    # The table's own arithmetic: 1 - 0.9144^exp(60.69 - 61.18) = 1 - 0.9144^0.61263 = 1 - 0.946653 = 0.05335 -> 5.3 %.
    assert 100 * (1 - 0.9144 ** math.exp(60.69 - 61.18)) == pytest.approx(5.335, abs=0.001)
    r = compute("ascvd_pce", {**TABLE_A, "race": "white", "sex": "male"})
    assert r.intermediates["baseline_survival"] == 0.9144 and r.intermediates["mean_sum"] == 61.18


def test_worked_example_white_man_all_risk_factors():
    # White man 60, TC 240, HDL 40, treated SBP 150, smoker, diabetes (Table A coefficients, by hand):
    # ln 60 = 4.094345, ln 240 = 5.480639, ln 40 = 3.688879, ln 150 = 5.010635.
    # 12.344 x 4.094345 = 50.5406; 11.853 x 5.480639 = 64.9620; -2.664 x 22.439624 = -59.7792; -7.990 x 3.688879 = -29.4741;
    # 1.769 x 15.103544 = 26.7182; 1.797 x 5.010635 (treated) = 9.0041; smoker 7.837; -1.795 x 4.094345 = -7.3493;
    # diabetes 0.658. Sum = 63.1172; risk = 1 - 0.9144^exp(63.1172 - 61.18) = 1 - 0.9144^6.9385 = 46.26 %.
    r = compute("ascvd_pce", {"age": 60, "sex": "male", "race": "white", "total_cholesterol": 240, "hdl_cholesterol": 40,
                              "systolic_bp": 150, "bp_treated": True, "smoker": True, "diabetes": True})
    assert r.intermediates["individual_sum"] == pytest.approx(63.1172, abs=1e-3)
    assert r.value == pytest.approx(46.26, abs=0.01)
    assert "high (≥ 20 %)" in r.explanation()[-1]


def test_worked_example_african_american_woman_treated():
    # African-American woman 65, TC 180, HDL 60, treated SBP 140, non-smoker, diabetes:
    # 17.114 x ln 65 (4.174387) = 71.4405; 0.940 x ln 180 (5.192957) = 4.8814; -18.920 x ln 60 (4.094345) = -77.4650;
    # 4.475 x 17.091380 = 76.4839; 29.291 x ln 140 (4.941642) = 144.7456; -6.432 x 20.628329 = -132.6814; diabetes 0.874.
    # Sum = 88.2790; risk = 1 - 0.9533^exp(88.2790 - 86.61) = 1 - 0.9533^5.3072 = 22.42 %.
    r = compute("ascvd_pce", {"age": 65, "sex": "F", "race": "Black", "total_cholesterol": 180, "hdl_cholesterol": 60,
                              "systolic_bp": 140, "Blood pressure being treated with medicines": True, "diabetes": True})
    assert r.intermediates["individual_sum"] == pytest.approx(88.2790, abs=1e-3)
    assert r.value == pytest.approx(22.42, abs=0.01)


def test_other_race_uses_the_white_equations():
    white = compute("ascvd_pce", {**TABLE_A, "race": "white", "sex": "female"})
    other = compute("ascvd_pce", {**TABLE_A, "race": "asian", "sex": "female"})
    assert other.value == white.value
    assert "white equations are used" in "\n".join(other.explanation())


def test_mmol_cholesterol_is_converted():
    # 213 mg/dL = 5.508 mmol/L (÷ 38.67); 50 mg/dL = 1.293 mmol/L.
    r = compute("ascvd_pce", {**TABLE_A, "total_cholesterol": [213 / 38.67, "mmol/L"], "hdl_cholesterol": [50 / 38.67, "mmol/L"],
                              "race": "white", "sex": "female"})
    assert r.value == pytest.approx(2.05, abs=0.02)


@pytest.mark.parametrize("risk,group", [(4.99, "low"), (5.0, "borderline"), (7.49, "borderline"), (7.5, "intermediate"),
                                        (19.99, "intermediate"), (20.0, "high")])
def test_risk_groups_at_every_threshold(risk, group):
    # 2019 ACC/AHA primary prevention guideline: < 5 low, 5 to < 7.5 borderline, 7.5 to < 20 intermediate, >= 20 high.
    assert risk_group(risk).startswith(group)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ascvd_pce", {**TABLE_A, "age": 39, "race": "white", "sex": "male"})
    assert ei.value.field == "age" and "40" in str(ei.value)
    with pytest.raises(InputError) as ei:
        compute("ascvd_pce", {**TABLE_A, "age": 80, "race": "white", "sex": "male"})
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute("ascvd_pce", {**TABLE_A, "race": "martian", "sex": "male"})
    assert ei.value.field == "race"
    with pytest.raises(InputError) as ei:
        compute("ascvd_pce", {"age": 55, "total_cholesterol": 213, "systolic_bp": 120, "race": "white", "sex": "male"})
    assert ei.value.field == "hdl_cholesterol"
