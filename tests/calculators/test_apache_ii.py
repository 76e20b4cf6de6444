"""APACHE II: Knaus WA, Draper EA, Wagner DP, Zimmerman JE. Crit Care Med 1985;13(10):818-829
(doi:10.1097/00003246-198510000-00009), Table 1 (acute physiology score bands, 15 − GCS, age points,
chronic health points: +5 nonoperative or emergency postoperative, +2 elective postoperative)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("apache_ii")
NORMAL = {
    "age": 40, "temperature": 37.0, "mean_arterial_pressure": 90, "heart_rate": 80, "respiratory_rate": 16,
    "fio2": 21, "pao2": 95, "ph": 7.40, "sodium": 140, "potassium": 4.0, "creatinine": 1.0, "hematocrit": 40,
    "wbc": 8.0, "gcs": 15,
}


def ap(**kw):
    return compute("apache_ii", {**NORMAL, **kw})


def pts(key, **kw):
    return ap(**kw).intermediates[key]


def test_lookup():
    assert get(28) is CALC and get("APACHE II Score") is CALC


def test_bounds_are_0_and_71():
    # Knaus 1985: acute physiology score 0-60 (creatinine doubled to 8, GCS up to 12) + age 0-6 + chronic health 0-5.
    assert (CALC.output.minimum, CALC.output.maximum) == (0, 71)
    assert ap().value == 0


def test_worst_case_is_71():
    r = ap(temperature=28, mean_arterial_pressure=40, heart_rate=30, respiratory_rate=4, fio2=100, a_a_gradient=550,
           ph=7.0, sodium=105, potassium=2.0, creatinine=4.0, acute_renal_failure=True, hematocrit=15, wbc=0.5, gcs=3,
           age=80, severe_organ_insufficiency=True, admission_type="emergency postoperative")
    assert r.value == 71


def test_worked_example():
    # Hand-scored from Table 1: 67-year-old (+5), T 38.7 °C (+1), MAP (138 + 2*82)/3 = 100.7 (0), HR 105 (0), RR 22 (0),
    # FiO2 50 % -> A-a gradient 473 (+3), pH 7.33 (0), Na 142 (0), K 4.7 (0), creatinine 2.5 mg/dL with acute renal
    # failure (3 doubled = +6), Hct 41 (0), WBC 10 (0), GCS 13 (+2), no chronic health points: 17.
    r = compute("apache_ii", {
        "age": 67, "temperature": 38.7, "systolic_bp": 138, "diastolic_bp": 82, "heart_rate": 105, "respiratory_rate": 22,
        "fio2": 50, "a_a_gradient": 473, "ph": 7.33, "sodium": 142, "potassium": 4.7, "creatinine": 2.5,
        "acute_renal_failure": True, "hematocrit": 41, "wbc": 10, "gcs": 13,
    })
    assert r.value == 17
    assert r.intermediates == {
        "temperature_points": 1, "map_points": 0, "heart_rate_points": 0, "respiratory_rate_points": 0,
        "oxygenation_points": 3, "ph_points": 0, "sodium_points": 0, "potassium_points": 0, "creatinine_points": 6,
        "hematocrit_points": 0, "wbc_points": 0, "gcs_points": 2, "age_points": 5, "chronic_health_points": 0,
    }
    text = "\n".join(r.explanation())
    assert "100.667 mmHg" in text and "doubled for acute renal failure" in text
    assert "Acute physiology score 12 + age points 5 + chronic health points 0 = APACHE II score 17." in text


@pytest.mark.parametrize("t,p", [(41.0, 4), (40.9, 3), (39.0, 3), (38.9, 1), (38.5, 1), (38.4, 0), (36.0, 0), (35.9, 1),
                                 (34.0, 1), (33.9, 2), (32.0, 2), (31.9, 3), (30.0, 3), (29.9, 4)])
def test_temperature_bands(t, p):
    assert pts("temperature_points", temperature=t) == p


def test_temperature_in_fahrenheit():
    assert pts("temperature_points", temperature=[102.2, "°F"]) == 3  # 39.0 °C
    assert pts("temperature_points", temperature=[96.8, "degrees fahrenheit"]) == 0  # 36.0 °C


@pytest.mark.parametrize("m,p", [(160, 4), (159, 3), (130, 3), (129, 2), (110, 2), (109, 0), (70, 0), (69, 2), (50, 2), (49, 4)])
def test_map_bands_have_no_3_point_low_band(m, p):
    # Knaus 1985: low MAP is 50-69 +2 and <=49 +4 (no +3 on the low side).
    assert pts("map_points", mean_arterial_pressure=m) == p


def test_map_from_systolic_and_diastolic():
    r = compute("apache_ii", {"age": 40, "systolic_bp": 80, "diastolic_bp": 40})  # MAP 53.3
    assert r.intermediates["map_points"] == 2
    assert "53.333 mmHg" in "\n".join(r.explanation())


@pytest.mark.parametrize("hr,p", [(180, 4), (179, 3), (140, 3), (139, 2), (110, 2), (109, 0), (70, 0), (69, 2), (55, 2),
                                  (54, 3), (40, 3), (39, 4)])
def test_heart_rate_bands(hr, p):
    assert pts("heart_rate_points", heart_rate=hr) == p


@pytest.mark.parametrize("rr,p", [(50, 4), (49, 3), (35, 3), (34, 1), (25, 1), (24, 0), (12, 0), (11, 1), (10, 1), (9, 2),
                                  (6, 2), (5, 4)])
def test_respiratory_rate_bands(rr, p):
    assert pts("respiratory_rate_points", respiratory_rate=rr) == p


@pytest.mark.parametrize("aa,p", [(500, 4), (499, 3), (350, 3), (349, 2), (200, 2), (199, 0)])
def test_a_a_gradient_used_at_fio2_50_or_more(aa, p):
    assert pts("oxygenation_points", fio2=50, a_a_gradient=aa, pao2=50) == p


@pytest.mark.parametrize("pao2,p", [(71, 0), (70.5, 0), (70, 1), (61, 1), (60, 3), (55, 3), (54, 4)])
def test_pao2_used_below_fio2_50(pao2, p):
    # FiO2 < 0.5: PaO2 >70 0, 61-70 +1, 55-60 +3, <55 +4; the A-a gradient is not used.
    assert pts("oxygenation_points", fio2=49, pao2=pao2, a_a_gradient=600) == p


def test_fio2_as_a_fraction_and_room_air_default():
    assert pts("oxygenation_points", fio2=0.6, a_a_gradient=400) == 3
    r = compute("apache_ii", {"age": 40, "pao2": 58})  # FiO2 not mentioned: room air, PaO2 scored
    assert r.intermediates["oxygenation_points"] == 3
    assert "room air" in "\n".join(r.explanation())


def test_a_a_gradient_computed_from_the_alveolar_gas_equation():
    # FiO2 0.6: PAO2 = 0.6 * 713 - 40 / 0.8 = 377.8; A-a = 377.8 - 60 = 317.8 -> +2.
    r = ap(fio2=60, pao2=60, paco2=40)
    assert r.intermediates["oxygenation_points"] == 2
    assert "317.8 mmHg" in "\n".join(r.explanation())
    # PaCO2 not reported: taken as 40 mmHg, same result, and the explanation says so.
    r = ap(fio2=60, pao2=60)
    assert r.intermediates["oxygenation_points"] == 2 and "taken as 40 mmHg" in "\n".join(r.explanation())


@pytest.mark.parametrize("ph,p", [(7.7, 4), (7.69, 3), (7.6, 3), (7.59, 1), (7.5, 1), (7.49, 0), (7.33, 0), (7.32, 2),
                                  (7.25, 2), (7.24, 3), (7.15, 3), (7.14, 4)])
def test_ph_bands(ph, p):
    assert pts("ph_points", ph=ph) == p


def test_bicarbonate_only_without_blood_gas():
    # Knaus: serum HCO3 "not preferred, use if no ABGs": 18-21.9 +2.
    r = compute("apache_ii", {"age": 40, "bicarbonate": 20})
    assert r.intermediates["ph_points"] == 2
    assert pts("ph_points", ph=7.40, bicarbonate=10) == 0  # pH given: bicarbonate ignored


@pytest.mark.parametrize("na,p", [(180, 4), (179, 3), (160, 3), (159, 2), (155, 2), (154, 1), (150, 1), (149, 0), (130, 0),
                                  (129, 2), (120, 2), (119, 3), (111, 3), (110, 4)])
def test_sodium_bands(na, p):
    assert pts("sodium_points", sodium=na) == p


@pytest.mark.parametrize("k,p", [(7.0, 4), (6.9, 3), (6.0, 3), (5.9, 1), (5.5, 1), (5.4, 0), (3.5, 0), (3.4, 1), (3.0, 1),
                                 (2.9, 2), (2.5, 2), (2.4, 4)])
def test_potassium_bands(k, p):
    assert pts("potassium_points", potassium=k) == p


@pytest.mark.parametrize("cr,p", [(3.5, 4), (3.4, 3), (2.0, 3), (1.9, 2), (1.5, 2), (1.4, 0), (0.6, 0), (0.5, 2)])
def test_creatinine_bands_and_doubling_for_acute_renal_failure(cr, p):
    assert pts("creatinine_points", creatinine=cr) == p
    assert pts("creatinine_points", creatinine=cr, acute_renal_failure=True) == 2 * p
    # Chronic renal failure alone does not double (Knaus: "double point score for acute renal failure").
    assert pts("creatinine_points", creatinine=cr, chronic_renal_failure=True) == p


def test_creatinine_in_umol_per_l():
    assert pts("creatinine_points", creatinine=[133, "µmol/L"]) == 2  # 1.50 mg/dL
    assert pts("creatinine_points", creatinine=[309.4, "µmol/L"]) == 4  # 3.50 mg/dL


@pytest.mark.parametrize("h,p", [(60, 4), (59.9, 2), (50, 2), (49.9, 1), (46, 1), (45.9, 0), (30, 0), (29.9, 2), (20, 2), (19.9, 4)])
def test_hematocrit_bands(h, p):
    assert pts("hematocrit_points", hematocrit=h) == p


@pytest.mark.parametrize("w,p", [(40, 4), (39.9, 2), (20, 2), (19.9, 1), (15, 1), (14.9, 0), (3, 0), (2.9, 2), (1, 2), (0.9, 4)])
def test_wbc_bands(w, p):
    assert pts("wbc_points", wbc=w) == p


def test_wbc_per_microlitre():
    assert pts("wbc_points", wbc=[27463, "µL"]) == 2
    assert pts("wbc_points", wbc=[15000, "cells/mm3"]) == 1


@pytest.mark.parametrize("g", range(3, 16))
def test_gcs_is_15_minus_gcs(g):
    assert pts("gcs_points", gcs=g) == 15 - g


@pytest.mark.parametrize("a,p", [(44, 0), (44.9, 0), (45, 2), (54, 2), (55, 3), (64, 3), (65, 5), (74, 5), (75, 6), (90, 6)])
def test_age_points(a, p):
    assert pts("age_points", age=a) == p


@pytest.mark.parametrize(
    "admission,p",
    [("nonoperative", 5), ("emergency postoperative", 5), ("elective postoperative", 2), (None, 5), ("Elective", 2),
     ("Emergency", 5), ("Nonoperative ", 5)],
)
def test_chronic_health_points(admission, p):
    e = {"severe_organ_insufficiency": True}
    if admission is not None:
        e["admission_type"] = admission
    assert pts("chronic_health_points", **e) == p
    assert pts("chronic_health_points", **{**e, "severe_organ_insufficiency": False}) == 0


def test_unreported_measurements_count_as_normal():
    r = compute("apache_ii", {"age": 30})
    assert r.value == 0
    text = "\n".join(r.explanation())
    assert "not reported" in text and "taken as 15" in text


def test_medcalc_bench_entities():
    # Shapes and spellings from the dataset: misspelt Celsius, WBC per µL, FiO2 in %, GCS as float, 'Not mentinoed'.
    e = {"Heart Rate or Pulse": [96.0, "beats per minute"], "Diastolic Blood Pressure": [80.0, "mm Hg"], "pH": 7.33,
         "FiO₂": [52.0, "%"], "Systolic Blood Pressure": [130.0, "mm Hg"], "creatinine": [1.5, "mg/dL"],
         "White blood cell count": [7000.0, "µL"], "Sodium": [139.0, "mEq/L"], "Potassium": [4.5, "mEq/L"],
         "A-a gradient": 478, "age": [64.0, "years"], "respiratory rate": [18.0, "breaths per minute"],
         "Glasgow Coma Score": 14.0, "Hematocrit": [43.0, "%"], "Temperature": [37.0, "degrees celsisus"],
         "Chronic Renal Failure": "Not mentinoed", "History of severe organ failure or immunocompromise": False,
         "Surgery Type": "Nonoperative "}
    r = compute(28, e)
    assert r.value == 9  # age 3 + A-a 478 3 + creatinine 1.5 2 + GCS 14 1 (physician-corrected label of row 882)


def test_contradictory_and_bad_input():
    with pytest.raises(InputError) as ei:
        ap(mean_arterial_pressure=None, systolic_bp=80, diastolic_bp=90)
    assert ei.value.field == "diastolic_bp"
    with pytest.raises(InputError) as ei:
        ap(gcs=2)
    assert ei.value.field == "gcs"
    with pytest.raises(InputError) as ei:
        ap(temperature=98.6)  # bare Fahrenheit number: outside the °C range
    assert ei.value.field == "temperature"
    with pytest.raises(InputError) as ei:
        ap(admission_type="outpatient")
    assert ei.value.field == "admission_type"
    with pytest.raises(InputError) as ei:
        compute("apache_ii", {"gcs": 15})
    assert ei.value.field == "age"
