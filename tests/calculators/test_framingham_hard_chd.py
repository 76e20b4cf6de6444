import math

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def _entities(sex, age, tc, hdl, sbp, smoker=False, treated=False):
    return {"sex": sex, "age": [age, "years"], "Total cholesterol": [tc, "mg/dL"], "high-density lipoprotein cholesterol": [hdl, "mg/dL"],
            "Systolic Blood Pressure": [sbp, "mm Hg"], "Smoker": smoker, "Blood pressure being treated with medicines": treated}


def test_equation_by_hand_man_smoker_over_70():
    # NCEP ATP III hard-CHD equation (men), written out term by term; a smoker over 70 uses ln(70) in the
    # age × smoking term. Man 75, TC 180, HDL 50, SBP 130 untreated, smoker.
    la, lt = math.log(75), math.log(180)
    lp = (52.00961 * la + 20.014077 * lt - 0.905964 * math.log(50) + 1.305784 * math.log(130) + 12.096316
          - 4.605038 * la * lt - 2.84367 * math.log(70) - 2.93323 * la * la - 172.300168)
    want = 100 * (1 - 0.9402 ** math.exp(lp))
    r = compute("framingham_hard_chd", _entities("Male", 75, 180, 50, 130, smoker=True))
    assert r.value == pytest.approx(want, rel=1e-9)
    assert r.intermediates["linear_predictor"] == pytest.approx(lp, rel=1e-9)
    assert fmt(r.value) in r.explanation()[-1]


def test_equation_by_hand_woman_treated():
    # Women: no ln(age)² term; baseline survival 0.98767. Woman 60, TC 230, HDL 45, SBP 150 treated, non-smoker.
    la, lt = math.log(60), math.log(230)
    lp = (31.764001 * la + 22.465206 * lt - 1.187731 * math.log(45) + 2.552905 * math.log(150) + 0.420251
          - 5.060998 * la * lt - 146.5933061)
    want = 100 * (1 - 0.98767 ** math.exp(lp))
    assert compute(46, _entities("Female", 60, 230, 45, 150, treated=True)).value == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize(
    ("profile", "points_risk"),
    [
        # ATP III Executive Summary (JAMA 2001), Framingham point scores, 10-year hard-CHD risk by total points.
        (("Male", 55, 213, 50, 120, False, False), 8),  # age 8 + TC 3 = 11 points -> 8 %
        (("Male", 65, 200, 45, 160, False, True), 25),  # 11 + 1 + HDL 1 + treated SBP 3 = 16 -> 25 %
        (("Male", 75, 180, 50, 130, True, False), 20),  # 13 + 0 + smoker 1 + SBP 1 = 15 -> 20 %
        (("Female", 60, 230, 45, 150, False, True), 6),  # 10 + 2 + 1 + treated SBP 5 = 18 -> 6 %
        (("Female", 50, 180, 65, 118, True, False), 1),  # 6 + 2 + smoker 4 − 1 + 0 = 11 -> 1 %
    ],
)
def test_close_to_atp_iii_point_tables(profile, points_risk):
    # The point tables round the same model into categories, so the continuous equation lands near them.
    v = compute(46, _entities(*profile)).value
    assert abs(v - points_risk) <= max(2.0, 0.3 * points_risk)


def test_directions():
    base = _entities("Male", 55, 213, 50, 120)
    r = compute(46, base).value
    assert compute(46, {**base, "Smoker": True}).value > r
    assert compute(46, {**base, "Blood pressure being treated with medicines": True}).value > r
    assert compute(46, {**base, "sex": "Female"}).value < r
    assert compute(46, {**base, "high-density lipoprotein cholesterol": [70, "mg/dL"]}).value < r


def test_smoking_age_cap_for_women_is_78():
    # Above 78 a woman's age × smoking term stays at ln(78): the smoking effect then stops shrinking with age.
    def smoking_lp_gap(age):
        smk = compute(46, _entities("Female", age, 200, 50, 130, smoker=True)).intermediates["linear_predictor"]
        non = compute(46, _entities("Female", age, 200, 50, 130)).intermediates["linear_predictor"]
        return smk - non
    assert smoking_lp_gap(80) == pytest.approx(smoking_lp_gap(85))
    assert smoking_lp_gap(70) > smoking_lp_gap(78)


def test_cholesterol_in_mmol_per_l():
    a = compute(46, {"age": 60, "sex": "F", "Total cholesterol": [5.5, "mmol/L"], "hdl": [1.3, "mmol/L"], "sbp": 140}).value
    b = compute(46, {"age": 60, "sex": "F", "Total cholesterol": [5.5 * 38.665, "mg/dL"], "hdl": [1.3 * 38.665, "mg/dL"], "sbp": 140}).value
    assert a == pytest.approx(b, rel=1e-3)


def test_bad_inputs():
    with pytest.raises(InputError) as ei:
        compute(46, {**_entities("Male", 55, 213, 50, 120), "high-density lipoprotein cholesterol": [50, "mmHg"]})
    assert ei.value.field == "hdl_cholesterol"
    with pytest.raises(InputError) as ei:
        compute(46, {k: v for k, v in _entities("Male", 55, 213, 50, 120).items() if k != "Total cholesterol"})
    assert ei.value.field == "total_cholesterol"
