"""ARISCAT: Canet et al., Anesthesiology 2010;113:1338-1350 (PMID 21045639), the ARISCAT score: age 51-80 3, > 80 16;
SpO2 91-95 8, <= 90 24; respiratory infection 17; Hb <= 10 g/dL 11; upper abdominal 15, intrathoracic 24;
duration 2-3 h 16, > 3 h 23; emergency 8; < 26 low, 26-44 intermediate, >= 45 high. Worked by hand. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored ARISCAT patient
(only copies of Canet 2010's table).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("ariscat")
BASE = {"age": 40, "spo2": 98, "incision": "peripheral", "duration": 1}


def test_elective_thoracotomy_is_high_risk():
    # Age 72 (51-80: 3) + SpO2 94 (91-95: 8) + intrathoracic 24 + 3.5 h (> 3: 23) + Hb 12 (0) = 58: high (>= 45).
    r = compute("ariscat", {"age": 72, "spo2": 94, "incision": "intrathoracic", "duration": 3.5, "hemoglobin": 12})
    assert r.value == 58
    assert "high (≥ 45)" in r.explanation()[-1]


def test_hernia_repair_is_low_risk():
    # Age 55 (3) + SpO2 97 (0) + peripheral 0 + 1.5 h (< 2: 0) = 3: low.
    r = compute("ariscat", {"age": 55, "spo2": 97, "incision": "peripheral", "duration": [90, "min"]})
    assert r.value == 3
    assert "low (< 26)" in r.explanation()[-1]


def test_extremes():
    assert compute("ariscat", BASE).value == 0 == CALC.output.minimum
    worst = {"age": 85, "spo2": 88, "respiratory_infection": True, "hemoglobin": 8, "incision": "intrathoracic",
             "duration": 5, "emergency": True}
    assert compute("ariscat", worst).value == 16 + 24 + 17 + 11 + 24 + 23 + 8 == 123 == CALC.output.maximum


@pytest.mark.parametrize("name,value,key,points", [
    ("age", 50, "age_points", 0), ("age", 51, "age_points", 3), ("age", 80, "age_points", 3), ("age", 81, "age_points", 16),
    ("spo2", 96, "spo2_points", 0), ("spo2", 95, "spo2_points", 8), ("spo2", 91, "spo2_points", 8), ("spo2", 90, "spo2_points", 24),
    ("duration", 1.9, "duration_points", 0), ("duration", 2, "duration_points", 16), ("duration", 3, "duration_points", 16),
    ("duration", 3.1, "duration_points", 23),
    ("hemoglobin", 10.1, "anemia_points", 0), ("hemoglobin", 10, "anemia_points", 11),
])
def test_cut_offs(name, value, key, points):
    assert compute("ariscat", {**BASE, name: value}).intermediates[key] == points


def test_haemoglobin_in_g_per_l_and_flag_count_once():
    assert compute("ariscat", {**BASE, "hemoglobin": [100, "g/L"]}).intermediates["anemia_points"] == 11
    assert compute("ariscat", {**BASE, "hemoglobin": 9, "anemia": True}).value == 11


@pytest.mark.parametrize("extra,value,band", [
    ({"age": 60, "incision": "upper abdominal", "emergency": True}, 26, "intermediate"),   # 3 + 15 + 8
    ({"age": 60, "incision": "upper abdominal"}, 18, "low"),                                 # 3 + 15
    ({"age": 60, "spo2": 93, "incision": "upper abdominal", "duration": 2.5}, 42, "intermediate"),  # 3 + 8 + 15 + 16
    ({"age": 60, "spo2": 93, "incision": "upper abdominal", "duration": 2.5, "emergency": True}, 50, "high"),
    ({"respiratory_infection": True, "emergency": True}, 25, "low"),                        # 17 + 8
])
def test_risk_bands(extra, value, band):
    r = compute("ariscat", {**BASE, **extra})
    assert r.value == value and band in r.explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ariscat", {**BASE, "incision": "somewhere"})
    assert ei.value.field == "incision"
    with pytest.raises(InputError) as ei:
        compute("ariscat", {"age": 60, "spo2": 95, "incision": "peripheral"})
    assert ei.value.field == "duration"
    with pytest.raises(InputError) as ei:
        compute("ariscat", {**BASE, "spo2": 120})
    assert ei.value.field == "spo2"
