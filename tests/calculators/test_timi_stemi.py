"""TIMI risk score for STEMI: Morrow et al., Circulation 2000;102:2031-2037 (PMID 11044416), the score (age 65-74 2,
>= 75 3; DM/HTN/angina 1; SBP < 100 3; HR > 100 2; Killip II-IV 2; weight < 67 kg 1; anterior STE or LBBB 1;
time to treatment > 4 h 1) and the 30-day mortality by score. Examples worked by hand from the score. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored TIMI-STEMI patient
(only copies of Morrow 2000's table and calculator pages).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("timi_stemi")


def test_elderly_anterior_stemi_in_heart_failure():
    # Age 78 (3) + hypertension 1 + HR 110 (> 100: 2) + Killip III 2 + anterior STE 1 = 9: > 8, mortality 35.9 %.
    r = compute("timi_stemi", {"age": 78, "hypertension": True, "heart_rate": 110, "killip_class": "III",
                               "anterior_ste_or_lbbb": True, "systolic_bp": 130, "weight": 80, "time_to_treatment": 2})
    assert r.value == 9
    assert "35.9 %" in r.explanation()[-1]


def test_young_inferior_stemi():
    # Age 55 (0) + diabetes 1 + weight 62 kg (< 67: 1) + 5 h to treatment (> 4: 1) = 3: mortality 4.4 %.
    r = compute("timi_stemi", {"age": 55, "diabetes": True, "weight": [136.7, "lb"], "time_to_treatment": 5,
                               "systolic_bp": 140, "heart_rate": 70})
    assert r.value == 3
    assert "4.4 %" in r.explanation()[-1]


def test_extremes():
    assert compute("timi_stemi", {"age": 40}).value == 0 == CALC.output.minimum
    worst = {"age": 80, "diabetes": True, "hypertension": True, "angina": True, "systolic_bp": 80, "heart_rate": 130,
             "killip_class": "IV", "weight": 50, "anterior_ste_or_lbbb": True, "time_to_treatment": 6}
    assert compute("timi_stemi", worst).value == 14 == CALC.output.maximum


@pytest.mark.parametrize("name,value,points", [
    ("age", 64.9, 0), ("age", 65, 2), ("age", 74.9, 2), ("age", 75, 3),
    ("systolic_bp", 100, 0), ("systolic_bp", 99, 3), ("heart_rate", 100, 0), ("heart_rate", 101, 2),
    ("weight", 67, 0), ("weight", 66.9, 1), ("time_to_treatment", 4, 0), ("time_to_treatment", 4.1, 1),
])
def test_threshold_edges(name, value, points):
    key = {"age": "age_points", "systolic_bp": "systolic_bp_points", "heart_rate": "heart_rate_points",
           "weight": "weight_points", "time_to_treatment": "time_to_treatment_points"}[name]
    e = {"age": 40, name: value}
    assert compute("timi_stemi", e).intermediates[key] == points


@pytest.mark.parametrize("killip,points", [("I", 0), ("II", 2), (3, 2), ("cardiogenic shock", 2)])
def test_killip(killip, points):
    assert compute("timi_stemi", {"age": 40, "killip_class": killip}).value == points


def test_dm_htn_angina_count_once():
    assert compute("timi_stemi", {"age": 40, "diabetes": True, "hypertension": True, "angina": True}).value == 1


@pytest.mark.parametrize("score,mortality", [(0, "0.8 %"), (8, "26.8 %")])
def test_mortality_table_ends(score, mortality):
    # 8 = age >= 75 (3) + SBP < 100 (3) + HR > 100 (2).
    e = {"age": 40} if score == 0 else {"age": 80, "systolic_bp": 90, "heart_rate": 120}
    r = compute("timi_stemi", e)
    assert r.value == score and mortality in r.explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("timi_stemi", {"age": 60, "killip_class": "V"})
    assert ei.value.field == "killip_class"
    with pytest.raises(InputError) as ei:
        compute("timi_stemi", {"diabetes": True})
    assert ei.value.field == "age"
