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


# --- ATP III point tables (final report 2002, Appendix III-A): what the verifier checks points with ---

from clinverify.calculators.formulas import framingham_hard_chd as frs  # noqa: E402


def _points(**kw):
    base = {"sex": "male", "age": 55, "total_cholesterol": 200, "hdl_cholesterol": 55, "systolic_bp": 118, "smoker": False, "bp_treated": False}
    base.update(kw)
    return {item.key: item.points(base) for item in frs.POINT_ITEMS}


@pytest.mark.parametrize("sex,age,points", [
    ("male", 34, -9), ("male", 35, -4), ("male", 44, 0), ("male", 45, 3), ("male", 54, 6), ("male", 55, 8), ("male", 64, 10), ("male", 69, 11),
    ("male", 74, 12), ("male", 79, 13), ("female", 34, -7), ("female", 39, -3), ("female", 65, 12), ("female", 70, 14), ("female", 75, 16),
])
def test_age_points_at_every_band_edge(sex, age, points):
    assert _points(sex=sex, age=age)["atp_age_points"] == points


@pytest.mark.parametrize("sex,age,tc,points", [
    ("male", 39, 159, 0), ("male", 39, 160, 4), ("male", 39, 280, 11), ("male", 40, 200, 5), ("male", 59, 240, 4), ("male", 60, 239, 1),
    ("male", 70, 199, 0), ("male", 79, 280, 1), ("female", 39, 280, 13), ("female", 45, 240, 8), ("female", 50, 160, 2), ("female", 70, 160, 1),
])
def test_cholesterol_points_by_age_column(sex, age, tc, points):
    assert _points(sex=sex, age=age, total_cholesterol=tc)["atp_cholesterol_points"] == points


def test_smoking_hdl_and_blood_pressure_points():
    assert _points(smoker=True, age=39)["atp_smoker_points"] == 8 and _points(smoker=True, age=39, sex="female")["atp_smoker_points"] == 9
    assert _points(smoker=True, age=72)["atp_smoker_points"] == 1 and _points(smoker=False)["atp_smoker_points"] == 0
    assert [_points(hdl_cholesterol=h)["atp_hdl_points"] for h in (60, 59, 50, 49, 40, 39)] == [-1, 0, 0, 1, 1, 2]
    assert [_points(systolic_bp=p)["atp_sbp_points"] for p in (119, 120, 130, 140, 160)] == [0, 0, 1, 1, 2]
    assert [_points(systolic_bp=p, bp_treated=True, sex="female")["atp_sbp_points"] for p in (119, 120, 130, 140, 160)] == [0, 3, 4, 5, 6]


def test_risk_by_point_total():
    assert [frs.risk_by_points(t, "male") for t in (-1, 0, 4, 5, 7, 11, 12, 16, 17, 25)] == [0.5, 1, 1, 2, 3, 8, 10, 25, 30, 30]
    assert [frs.risk_by_points(t, "female") for t in (8, 9, 12, 13, 18, 20, 24, 25)] == [0.5, 1, 1, 2, 6, 11, 27, 30]


@pytest.mark.parametrize("sex,age,tc,hdl,sbp,smoker,treated", [
    ("male", 55, 213, 50, 140, False, False), ("female", 61, 180, 47, 124, False, False), ("male", 45, 240, 35, 150, True, True),
    ("female", 70, 260, 40, 165, True, True), ("male", 65, 200, 45, 130, False, True),
])
def test_point_tables_track_the_equation(sex, age, tc, hdl, sbp, smoker, treated):
    # The tables are the same model in bands: their risk stays near the equation's for typical patients.
    inputs = {"sex": sex, "age": age, "total_cholesterol": tc, "hdl_cholesterol": hdl, "systolic_bp": sbp, "smoker": smoker, "bp_treated": treated}
    table = frs.risk_by_points(sum(item.points(inputs) for item in frs.POINT_ITEMS), sex)
    equation = compute(46, {"age": age, "sex": sex, "Total cholesterol": [tc, "mg/dL"], "hdl": [hdl, "mg/dL"], "sbp": sbp,
                            "Smoker": smoker, "Blood pressure being treated with medicines": treated}).value
    assert abs(table - equation) <= max(3.0, 0.4 * equation)
