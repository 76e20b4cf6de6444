"""Burch-Wartofsky point scale (Burch HB, Wartofsky L. Endocrinol Metab Clin North Am 1993;22:263-277, Table
"Diagnostic criteria for thyroid storm"). Examples worked by hand from the table. No published worked example found;
searched (search tool, stored public pages, 2026-12-05): pages for a case report printing a Burch-Wartofsky breakdown
(only copies of the table and AI-generated pages)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("burch_wartofsky")


def test_thyroid_storm_example():
    # 103.5 °F (25), delirium (moderate CNS, 20), vomiting (moderate GI, 10), HR 145 (25), no CHF, AF (10),
    # infection as precipitant (10) = 100 (>= 45: highly suggestive).
    r = compute("burch_wartofsky", {"temperature": [103.5, "°F"], "cns": "delirium", "gi_hepatic": "vomiting",
                                    "heart_rate": 145, "atrial_fibrillation": True, "precipitating_event": True})
    assert r.value == 100
    assert "highly suggestive" in "\n".join(r.explanation())


def test_impending_storm_example():
    # 38.0 °C = 100.4 °F (10), agitation (10), HR 115 (10), pedal oedema (5) = 35 (25-44: impending).
    r = compute("burch_wartofsky", {"temperature": [38.0, "°C"], "CNS effects": "agitation", "pulse": 115,
                                    "CHF": "pedal edema"})
    assert r.intermediates["temperature_points"] == 10
    assert r.value == 35
    assert "impending" in "\n".join(r.explanation())


def test_unlikely_and_bounds():
    r = compute("burch_wartofsky", {"temperature": [37, "°C"], "heart_rate": 80})
    assert r.value == 0 and "unlikely" in "\n".join(r.explanation())
    top = compute("burch_wartofsky", {"temperature": 105, "cns": "coma", "gi_hepatic": "jaundice", "heart_rate": 160,
                                      "heart_failure": "pulmonary edema", "atrial_fibrillation": True, "precipitating_event": True})
    assert top.value == 140 == CALC.output.maximum


@pytest.mark.parametrize("f,points", [(98.9, 0), (99, 5), (99.9, 5), (100, 10), (100.9, 10), (101, 15), (102, 20),
                                      (102.9, 20), (103, 25), (103.9, 25), (104, 30)])
def test_temperature_bands_fahrenheit(f, points):
    assert compute("burch_wartofsky", {"temperature": f}).intermediates["temperature_points"] == points


@pytest.mark.parametrize("c,points", [(37.2, 5), (37.7, 5), (37.8, 10), (40.0, 30)])
def test_celsius_converted(c, points):
    # 37.2 °C = 98.96 °F -> 99.0 (5); 37.7 = 99.86 -> 99.9 (5); 37.8 = 100.04 -> 100.0 (10); 40.0 = 104.0 (30).
    assert compute("burch_wartofsky", {"temperature": [c, "°C"]}).intermediates["temperature_points"] == points


@pytest.mark.parametrize("hr,points", [(89, 0), (90, 5), (109, 5), (110, 10), (119, 10), (120, 15), (130, 20), (139, 20), (140, 25)])
def test_heart_rate_bands(hr, points):
    assert compute("burch_wartofsky", {"heart_rate": hr}).intermediates["heart_rate_points"] == points


def test_threshold_edges():
    # 25 = HR 140 (25) alone: impending; 24 would need ... 45 = CNS severe (30) + HR 120 (15).
    assert "25–44" in "\n".join(compute("burch_wartofsky", {"heart_rate": 140}).explanation())
    assert "< 25" in "\n".join(compute("burch_wartofsky", {"heart_rate": 130}).explanation())  # 20
    assert "≥ 45" in "\n".join(compute("burch_wartofsky", {"cns": "seizure", "heart_rate": 120}).explanation())
    assert "25–44" in "\n".join(compute("burch_wartofsky", {"cns": "seizure", "heart_rate": 110}).explanation())  # 40


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("burch_wartofsky", {"cns": "confused but fine"})
    assert ei.value.field == "cns"
    with pytest.raises(InputError) as ei:
        compute("burch_wartofsky", {"temperature": [60, "°C"]})
    assert ei.value.field == "temperature"
