"""MEWS: Subbe et al., QJM 2001;94:521-526 (PMID 11588210), the MEWS table: SBP <=70 3, 71-80 2, 81-100 1, 101-199 0,
>=200 2; HR <=40 2, 41-50 1, 51-100 0, 101-110 1, 111-129 2, >=130 3; RR <9 2, 9-14 0, 15-20 1, 21-29 2, >=30 3;
temperature <35 2, 35-38.4 0, >=38.5 2; AVPU A0 V1 P2 U3; >= 5 increased risk. Examples worked by hand. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored MEWS patient (only
copies of Subbe 2001's table and a calculator page's example, not authoritative).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("mews")
NORMAL = {"systolic_bp": 120, "heart_rate": 80, "respiratory_rate": 12, "temperature": 37, "avpu": "alert"}


def test_septic_patient():
    # SBP 85 (81-100: 1) + HR 118 (111-129: 2) + RR 24 (21-29: 2) + 38.9 °C (>= 38.5: 2) + voice 1 = 8 (>= 5).
    r = compute("mews", {"sbp": 85, "pulse": 118, "rr": 24, "temperature": [102, "°F"], "avpu": "V"})
    assert r.value == 8
    assert "increased risk" in r.explanation()[-1]


def test_mildly_unwell_patient():
    # SBP 105 (0) + HR 104 (101-110: 1) + RR 18 (15-20: 1) + 37.2 (0) + alert 0 = 2 (below 5).
    r = compute("mews", {**NORMAL, "systolic_bp": 105, "heart_rate": 104, "respiratory_rate": 18, "temperature": 37.2})
    assert r.value == 2 and "below 5" in r.explanation()[-1]


def test_normal_and_maximum():
    assert compute("mews", NORMAL).value == 0 == CALC.output.minimum
    worst = {"systolic_bp": 60, "heart_rate": 140, "respiratory_rate": 35, "temperature": 34, "avpu": "unresponsive"}
    assert compute("mews", worst).value == 3 + 3 + 3 + 2 + 3 == 14 == CALC.output.maximum


@pytest.mark.parametrize("name,value,points", [
    ("systolic_bp", 70, 3), ("systolic_bp", 71, 2), ("systolic_bp", 80, 2), ("systolic_bp", 81, 1), ("systolic_bp", 100, 1),
    ("systolic_bp", 101, 0), ("systolic_bp", 199, 0), ("systolic_bp", 200, 2),
    ("heart_rate", 40, 2), ("heart_rate", 41, 1), ("heart_rate", 50, 1), ("heart_rate", 51, 0), ("heart_rate", 100, 0),
    ("heart_rate", 101, 1), ("heart_rate", 110, 1), ("heart_rate", 111, 2), ("heart_rate", 129, 2), ("heart_rate", 130, 3),
    ("respiratory_rate", 8, 2), ("respiratory_rate", 9, 0), ("respiratory_rate", 14, 0), ("respiratory_rate", 15, 1),
    ("respiratory_rate", 20, 1), ("respiratory_rate", 21, 2), ("respiratory_rate", 29, 2), ("respiratory_rate", 30, 3),
    ("temperature", 34.9, 2), ("temperature", 35.0, 0), ("temperature", 38.4, 0), ("temperature", 38.5, 2),
])
def test_band_edges(name, value, points):
    assert compute("mews", {**NORMAL, name: value}).intermediates[f"{name}_points"] == points


@pytest.mark.parametrize("avpu,points", [("A", 0), ("V", 1), ("P", 2), ("U", 3)])
def test_avpu(avpu, points):
    assert compute("mews", {**NORMAL, "avpu": avpu}).value == points


def test_threshold_five():
    # HR 135 (3) + RR 22 (2) = 5: increased risk; HR 135 + RR 16 (1) = 4: below 5.
    assert "increased risk" in compute("mews", {**NORMAL, "heart_rate": 135, "respiratory_rate": 22}).explanation()[-1]
    assert compute("mews", {**NORMAL, "heart_rate": 135, "respiratory_rate": 16}).value == 4


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("mews", {**NORMAL, "avpu": "drowsy"})
    assert ei.value.field == "avpu"
    e = dict(NORMAL)
    del e["temperature"]
    with pytest.raises(InputError) as ei:
        compute("mews", e)
    assert ei.value.field == "temperature"
