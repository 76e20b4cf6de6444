"""QRISK3-2017 (Hippisley-Cox, Coupland, Brindle. BMJ 2017;357:j2099; ClinRisk's open-source QRISK3-2017 algorithm).

Published expected values: the CRAN package QRISK3 (Li Y; github.com/YanLiUK/QRISK3) ships the data set
QRISK3_2019_test (data/QRISK3_2019_test.RData; man/QRISK3_2019_test.Rd: "QRISK_C_algorithm_score in dataset is the
score calculated using original algorithm [ClinRisk's C code] in 2019"), 49 rows: a woman (rows 1-25) and a man (rows
26-49) of 64, Indian (QRISK3 ethnicity 2), non-smoker, weight 80 kg, height 178 cm, TC/HDL 4, SBP 180 mmHg, SD of SBP
20 mmHg, Townsend 0, no condition; each further row changes one term. The rows are transcribed below (read from the
.RData file), with the score to one decimal as published; every row is checked. The package's QRISK3_2017_test is the
same set without row 2 (Townsend 1). The R data's erectile-dysfunction row for the woman (row 6) scores as the baseline:
the women's equation has no such term, so it is not sent here (this calculator refuses it for a woman).
"""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("qrisk3")
BMI_80_178 = 80 / 1.78**2  # 25.2493 kg/m²: the package computes BMI from weight and height
BASE = {"age": 64, "bmi": BMI_80_178, "systolic_bp": 180, "sbp_sd": 20, "cholesterol_ratio": 4, "townsend": 0,
        "ethnicity": "indian", "smoking": "non-smoker"}
WOMAN, MAN = {**BASE, "sex": "female"}, {**BASE, "sex": "male"}

# QRISK3_2019_test: (row ID, change from the baseline profile, QRISK_C_algorithm_score %).
CHANGES = (
    ({}, None),
    ({"townsend": 1}, "townsend"),
    ({"atrial_fibrillation": True}, None),
    ({"atypical_antipsychotic": True}, None),
    ({"corticosteroids": True}, None),
    ({"erectile_dysfunction": True}, None),
    ({"migraine": True}, None),
    ({"rheumatoid_arthritis": True}, None),
    ({"ckd": True}, None),
    ({"severe_mental_illness": True}, None),
    ({"sle": True}, None),
    ({"bp_treated": True}, None),
    ({"diabetes": "type 1"}, None),
    ({"diabetes": "type 2"}, None),
    ({"bmi": 75 / 1.78**2}, None),
    ({"bmi": 80 / 1.70**2}, None),
    ({"ethnicity": "bangladeshi"}, None),
    ({"ethnicity": "other asian"}, None),
    ({"family_history": True}, None),
    ({"cholesterol_ratio": 5}, None),
    ({"cholesterol_ratio": 10}, None),
    ({"systolic_bp": 175}, None),
    ({"sbp_sd": 15}, None),
    ({"smoking": "ex-smoker"}, None),
    ({"smoking": "light"}, None),
)
WOMEN_SCORES = (17.2, 17.9, 36.0, 21.6, 24.1, 17.2, 19.1, 20.9, 22.3, 19.3, 23.5, 20.1, 45.6, 30.9, 17.2, 17.3, 17.5, 14.2,
                21.9, 19.8, 37.8, 16.5, 16.6, 19.1, 24.5)
# The men's rows (IDs 26-49) are the same changes without the Townsend one.
MEN_SCORES = (27.1, 42.0, 30.2, 35.2, 30.4, 29.7, 32.3, 38.2, 30.0, 38.8, 30.1, 55.2, 41.5, 27.2, 27.1, 33.4, 22.0, 34.1,
              31.3, 59.1, 26.1, 25.9, 29.9, 36.0)
ROWS = [(i + 1, {**WOMAN, **change}, score) for i, ((change, _), score) in enumerate(zip(CHANGES, WOMEN_SCORES, strict=True))]
ROWS += [(26 + i, {**MAN, **change}, score) for i, ((change, _), score) in
         enumerate(zip([c for c in CHANGES if c[1] != "townsend"], MEN_SCORES, strict=True))]


@pytest.mark.parametrize("row,entities,expected", ROWS, ids=[f"row{r}" for r, _, _ in ROWS])
def test_r_package_test_data_scores_of_the_original_c_algorithm(row, entities, expected):
    if entities["sex"] == "female" and entities.get("erectile_dysfunction"):
        entities = {**entities, "erectile_dysfunction": False}  # no such term for women: the C score is the baseline's
    assert round(compute("qrisk3", entities).value, 1) == expected


def test_published_baseline_woman_and_man_with_their_terms():
    # Row 1 (woman) 17.2 %, row 26 (man) 27.1 %. The age terms by hand from the published transforms and centres:
    # women age_1 = 6.4^-2 - 0.053274843841791 = 0.0244140625 - 0.053274843841791 = -0.028860781341791,
    #       age_2 = 6.4 - 4.332503318786621 = 2.067496681213379;
    # men   age_1 = 6.4^-1 - 0.234766781330109 = 0.15625 - 0.234766781330109 = -0.078516781330109,
    #       age_2 = 6.4^3 - 77.284080505371094 = 262.144 - 77.284080505371094 = 184.859919494628906.
    # BMI 25.2493: (2.52493)^-2 = 0.156857; bmi_1 women = 0.156857 - 0.154946 = 0.001911.
    w, m = compute("qrisk3", WOMAN), compute("qrisk3", MAN)
    assert w.intermediates["age_1"] == pytest.approx(-0.028860781341791, abs=1e-12)
    assert w.intermediates["age_2"] == pytest.approx(2.067496681213379, abs=1e-12)
    assert m.intermediates["age_1"] == pytest.approx(-0.078516781330109, abs=1e-12)
    assert m.intermediates["age_2"] == pytest.approx(184.859919494628906, abs=1e-9)
    assert w.intermediates["bmi_1"] == pytest.approx(0.001911, abs=2e-6)
    assert w.intermediates["baseline_survival"] == 0.988876402378082 and m.intermediates["baseline_survival"] == 0.977268040180206
    assert round(w.value, 1) == 17.2 and round(m.value, 1) == 27.1
    assert "17.23 %" in w.explanation()[-1]


def test_risk_is_one_minus_baseline_survival_to_the_exp_of_the_linear_predictor():
    r = compute("qrisk3", MAN)
    a = r.intermediates["linear_predictor"]
    assert r.value == pytest.approx(100 * (1 - 0.977268040180206 ** (2.718281828459045 ** a)), rel=1e-12)


def test_defaults_are_clinrisks_substitutes():
    # Ethnicity not stated = white, smoking unknown = non-smoker, Townsend unknown = 0, SD of SBP not recorded = 0.
    short = {"age": 50, "sex": "male", "bmi": 27, "systolic_bp": 135, "cholesterol_ratio": 4.5}
    full = {**short, "ethnicity": "white", "smoking": "non-smoker", "townsend": 0, "sbp_sd": 0}
    assert compute("qrisk3", short).value == compute("qrisk3", full).value
    assert compute("qrisk3", {**short, "ethnicity": "not stated"}).value == compute("qrisk3", full).value


def test_total_and_hdl_cholesterol_give_the_ratio_in_either_unit():
    by_ratio = compute("qrisk3", WOMAN).value
    lipids = {k: v for k, v in WOMAN.items() if k != "cholesterol_ratio"}
    assert compute("qrisk3", {**lipids, "total_cholesterol": 5.2, "hdl_cholesterol": 1.3}).value == pytest.approx(by_ratio)
    mg = compute("qrisk3", {**lipids, "total_cholesterol": [200, "mg/dL"], "hdl_cholesterol": [50, "mg/dL"]})
    assert mg.value == pytest.approx(by_ratio, rel=1e-9)
    assert compute("qrisk3", {**WOMAN, "total_cholesterol": 5.2, "hdl_cholesterol": 1.3}).value == pytest.approx(by_ratio)


def test_values_outside_clinrisks_limits_are_put_at_the_limit():
    # ClinRisk's engine: BMI 20-40 kg/m², SBP 70-210 mmHg, ratio 1-12.
    for field, outside, limit in (("bmi", 45, 40), ("bmi", 16, 20), ("systolic_bp", 230, 210), ("systolic_bp", 60, 70),
                                  ("cholesterol_ratio", 14, 12)):
        r = compute("qrisk3", {**MAN, field: outside})
        assert r.value == compute("qrisk3", {**MAN, field: limit}).value, field
        assert "outside the algorithm's" in "\n".join(r.explanation())
    assert "outside" not in "\n".join(compute("qrisk3", MAN).explanation())


def test_age_limits_25_and_84():
    for a in (25, 84):
        assert 0 < compute("qrisk3", {**WOMAN, "age": a}).value < 100
        assert 0 < compute("qrisk3", {**MAN, "age": a}).value < 100
    for a, limit in ((24.9, "25"), (84.5, "84")):
        with pytest.raises(InputError) as ei:
            compute("qrisk3", {**MAN, "age": a})
        assert ei.value.violations[0].field == "age" and limit in str(ei.value)


def test_extremes_stay_within_0_and_100():
    worst = {"age": 84, "sex": "male", "bmi": 40, "systolic_bp": 210, "sbp_sd": 60, "cholesterol_ratio": 12,
             "townsend": 12, "ethnicity": "pakistani", "smoking": "heavy", "diabetes": "type 1",
             **{k: True for k in ("atrial_fibrillation", "atypical_antipsychotic", "corticosteroids", "erectile_dysfunction",
                                  "migraine", "rheumatoid_arthritis", "ckd", "severe_mental_illness", "sle", "bp_treated",
                                  "family_history")}}
    assert 99 < compute("qrisk3", worst).value <= 100
    best = {"age": 25, "sex": "female", "bmi": 22, "systolic_bp": 100, "cholesterol_ratio": 2.5, "townsend": -8,
            "ethnicity": "black african"}
    assert 0 < compute("qrisk3", best).value < 0.5


@pytest.mark.parametrize("field,value,words", [
    ("townsend", 12.5, "−8–12"), ("townsend", -9, "−8–12"), ("sbp_sd", -1, "0–60"), ("bmi", 9, "10–80"),
    ("systolic_bp", 320, "50–300"), ("cholesterol_ratio", 0.5, "1–30"),
])
def test_out_of_range_input_names_field_and_limit(field, value, words):
    with pytest.raises(InputError) as ei:
        compute("qrisk3", {**MAN, field: value})
    assert ei.value.violations[0].field == field
    assert words.replace("−", "-") in str(ei.value).replace("−", "-")


def test_missing_or_contradictory_cholesterol_is_refused():
    lipids = {k: v for k, v in MAN.items() if k != "cholesterol_ratio"}
    for extra, field in (({}, "cholesterol_ratio"), ({"total_cholesterol": 5.0}, "hdl_cholesterol"),
                         ({"hdl_cholesterol": 1.2}, "total_cholesterol")):
        with pytest.raises(InputError) as ei:
            compute("qrisk3", {**lipids, **extra})
        assert ei.value.violations[0].field == field
    with pytest.raises(InputError) as ei:
        compute("qrisk3", {**MAN, "total_cholesterol": 6.0, "hdl_cholesterol": 1.0})  # 6 vs stated 4
    assert ei.value.violations[0].field == "cholesterol_ratio" and "disagrees" in str(ei.value)


def test_erectile_dysfunction_is_a_mens_term_only():
    with pytest.raises(InputError) as ei:
        compute("qrisk3", {**WOMAN, "erectile_dysfunction": True})
    assert ei.value.violations[0].field == "erectile_dysfunction"
    assert compute("qrisk3", {**MAN, "erectile_dysfunction": True}).value > compute("qrisk3", MAN).value


def test_entity_spellings():
    r = compute("qrisk3", {"age": 64, "gender": "F", "body mass index": BMI_80_178, "sbp": 180, "sbps5": 20,
                           "tc/hdl ratio": 4, "ethnic group": "Indian", "smoking status": "never", "AF": "yes"})
    assert round(r.value, 1) == 36.0  # QRISK3_2019_test row 3


def test_ckd_lowers_the_risk_near_84():
    # Women: CKD effect = 0.651946 - 3.587405·age_1 - 0.226889·age_2; at 84, age_1 = 84^... = 8.4^-2 - 0.053275 = -0.039103,
    # age_2 = 8.4 - 4.332503 = 4.067497: 0.651946 + 0.140277 - 0.922870 = -0.130647 < 0 (the declared notes' reversal).
    older = {**WOMAN, "age": 84}
    assert compute("qrisk3", {**older, "ckd": True}).value < compute("qrisk3", older).value
    assert compute("qrisk3", {**WOMAN, "ckd": True}).value > compute("qrisk3", WOMAN).value
