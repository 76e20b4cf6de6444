"""FINDRISC (Lindström J, Tuomilehto J. Diabetes Care 2003;26:725-731, doi:10.2337/diacare.26.3.725; item points
and the five 10-year risk bands as on the FINDRISC questionnaire form). Examples worked by hand. No published worked
example found; searched (search tool, stored public pages, 2026-12-05): not searched this session beyond the
questionnaire form already cited.
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("findrisc")
LOW_RISK = {"age": 40, "sex": "female", "bmi": 22, "waist": 75}


def test_low_risk_example():
    # Woman, 40 y (0), BMI 22 (0), waist 75 cm (0), active, daily vegetables, no drugs, no high glucose, no family = 0.
    r = compute("findrisc", LOW_RISK)
    assert r.value == 0
    assert "low" in "\n".join(r.explanation())


def test_high_risk_example():
    # Man, 58 y (3), BMI 31 (3), waist 104 cm (4), inactive (2), vegetables not daily (1), antihypertensive (2),
    # no high glucose (0), father with diabetes (5) = 20: high (15-20, about 1 in 3).
    r = compute("findrisc", {"age": 58, "sex": "male", "bmi": 31, "waist": 104, "inactive": True,
                             "no_daily_vegetables": True, "antihypertensive": True, "family_history": "parent"})
    assert r.value == 20
    assert r.intermediates["waist_points"] == 4 and r.intermediates["family_points"] == 5
    assert "15–20: high" in "\n".join(r.explanation())


def test_maximum_is_26():
    r = compute("findrisc", {"age": 70, "sex": "female", "bmi": 35, "waist": 95, "inactive": True,
                             "no_daily_vegetables": True, "antihypertensive": True, "high_glucose_history": True,
                             "family_history": "first_degree"})
    assert r.value == 26 == CALC.output.maximum


@pytest.mark.parametrize("age,points", [(44, 0), (45, 2), (54, 2), (55, 3), (64, 3), (65, 4)])
def test_age_bands(age, points):
    assert compute("findrisc", {**LOW_RISK, "age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("bmi,points", [(24.99, 0), (25, 1), (30, 1), (30.01, 3)])
def test_bmi_bands(bmi, points):
    assert compute("findrisc", {**LOW_RISK, "bmi": bmi}).intermediates["bmi_points"] == points


@pytest.mark.parametrize("sex,waist,points", [
    ("male", 93.9, 0), ("male", 94, 3), ("male", 102, 3), ("male", 102.1, 4),
    ("female", 79.9, 0), ("female", 80, 3), ("female", 88, 3), ("female", 88.1, 4),
])
def test_waist_bands_by_sex(sex, waist, points):
    assert compute("findrisc", {**LOW_RISK, "sex": sex, "waist": waist}).intermediates["waist_points"] == points


def test_waist_in_inches():
    # 37 in x 2.54 = 93.98 cm (read at 0.1 cm: 94.0): 3 points for a man.
    assert compute("findrisc", {**LOW_RISK, "sex": "male", "waist": [37, "in"]}).intermediates["waist_points"] == 3


G, F1, D, INACT, V = ({"high_glucose_history": True}, {"family_history": "first_degree"}, {"antihypertensive": True},
                 {"inactive": True}, {"no_daily_vegetables": True})


@pytest.mark.parametrize("extra,total,band", [
    ({**G, **V}, 6, "< 7"),                                                   # 5 + 1
    ({**G, **D}, 7, "7–11"),                                                  # 5 + 2
    ({**G, **F1, **V}, 11, "7–11"),                                           # 5 + 5 + 1
    ({**G, **F1, **D}, 12, "12–14"),                                          # 5 + 5 + 2
    ({**G, **F1, **D, **INACT}, 14, "12–14"),                                     # 5 + 5 + 2 + 2
    ({**G, **F1, **D, **INACT, **V}, 15, "15–20"),                                # 15
    ({**G, **F1, **D, **INACT, **V, "age": 65, "bmi": 27}, 20, "15–20"),         # 15 + 4 + 1
    ({**G, **F1, **D, **INACT, **V, "age": 55, "bmi": 31}, 21, "> 20"),          # 15 + 3 + 3
])
def test_risk_band_edges(extra, total, band):
    r = compute("findrisc", {**LOW_RISK, **extra})
    assert r.value == total
    assert band in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("findrisc", {**LOW_RISK, "family_history": "neighbour"})
    assert ei.value.field == "family_history"
    with pytest.raises(InputError) as ei:
        compute("findrisc", {"age": 40, "sex": "female", "bmi": 22})
    assert ei.value.field == "waist"
