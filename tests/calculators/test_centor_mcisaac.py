"""Modified Centor (McIsaac) score: McIsaac et al., CMAJ 1998;158:75-83 (PMID 9475915), the score card:
temperature >38 °C, no cough, tender anterior cervical nodes, tonsillar swelling/exudate +1 each;
age 3-14 +1, 15-44 0, >=45 -1."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("centor_mcisaac")
FLAGS = ("cough_absent", "tender_nodes", "tonsillar_exudate")


def test_lookup():
    assert get(20) is CALC and get("Centor Score (Modified/McIsaac) for Strep Pharyngitis") is CALC


def test_range():
    assert compute("centor_mcisaac", {"age": 60}).value == -1 == CALC.output.minimum
    r = compute("centor_mcisaac", {"age": 8, "temperature": 39.0, **{f: True for f in FLAGS}})
    assert r.value == 5 == CALC.output.maximum


def test_worked_example_adult():
    # 30-year-old, 38.5 °C, no cough, exudate, no nodes: 1 + 1 + 1 + 0 (age 15-44) = 3.
    r = compute("centor_mcisaac", {"age": 30, "temperature": 38.5, "cough_absent": True, "tonsillar_exudate": True})
    assert r.value == 3 and "culture, treat if positive" in "\n".join(r.explanation())


@pytest.mark.parametrize("age,points", [(2, 0), (3, 1), (14.9, 1), (15, 0), (44.9, 0), (45, -1), (80, -1)])
def test_age_bands(age, points):
    assert compute("centor_mcisaac", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("temp,points", [([38.0, "°C"], 0), ([38.1, "°C"], 1), ([100.4, "degrees fahreinheit"], 0),
                                         ([100.6, "°F"], 1), ([37.0, "degrees celsius"], 0)])
def test_fever_is_strictly_above_38_c(temp, points):
    assert compute("centor_mcisaac", {"age": 20, "temperature": temp}).intermediates["temperature_points"] == points


def test_medcalc_bench_entity_keys():
    e = {"age": [48.0, "years"], "Temperature": [101.2, "degrees fahreinheit"], "Exudate or swelling on tonsils": True,
         "Tender/swollen anterior cervical lymph nodes": True, "Cough Absent": False}
    assert compute(20, e).value == 2  # -1 + 1 + 1 + 1
    assert compute(20, {"age": [30, "months"]}).intermediates["age_points"] == 0  # 2.5 years: below 3


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("centor_mcisaac", {"age": 20, "temperature": [60, "°C"]})
    assert ei.value.field == "temperature" and "plausible range" in str(ei.value)
