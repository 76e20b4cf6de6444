"""SIRS criteria: Bone et al. (ACCP/SCCM Consensus Conference), Chest 1992;101:1644-1655 (doi:10.1378/chest.101.6.1644):
temperature >38 or <36 °C; heart rate >90; respiratory rate >20 or PaCO2 <32 mmHg; WBC >12,000 or <4,000/mm³
or >10 % bands. The value is the number of criteria met (0-4)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("sirs_criteria")


def test_lookup():
    assert get(51) is CALC and get("SIRS Criteria") is CALC


def test_range():
    assert compute("sirs_criteria", {"temperature": 37, "heart_rate": 80, "respiratory_rate": 14, "wbc": 8}).value == 0 == CALC.output.minimum
    assert compute("sirs_criteria", {"temperature": 39, "heart_rate": 120, "respiratory_rate": 28, "wbc": 18}).value == 4 == CALC.output.maximum


def test_worked_example():
    # Fever 38.5 °C, HR 110, RR 18, WBC 9,000/mm³: 2 criteria, SIRS present.
    r = compute("sirs_criteria", {"temperature": 38.5, "heart_rate": 110, "respiratory_rate": 18, "wbc": [9000, "/mm^3"]})
    assert r.value == 2 and "SIRS present" in "\n".join(r.explanation())


@pytest.mark.parametrize("temp,met", [(38.0, 0), (38.1, 1), (36.0, 0), (35.9, 1), ([100.4, "°F"], 0), ([96.5, "°F"], 1)])
def test_temperature_both_directions_strict(temp, met):
    assert compute("sirs_criteria", {"temperature": temp}).intermediates["temperature_points"] == met


@pytest.mark.parametrize("e,met", [({"respiratory_rate": 20}, 0), ({"respiratory_rate": 21}, 1), ({"paco2": 32}, 0),
                                   ({"paco2": [31, "mm hg"]}, 1), ({"respiratory_rate": 16, "paco2": 30}, 1)])
def test_respiratory_rate_or_paco2(e, met):
    assert compute("sirs_criteria", e).intermediates["respiratory_points"] == met


@pytest.mark.parametrize("e,met", [({"wbc": [12000, "/mm^3"]}, 0), ({"wbc": [12100, "/µL"]}, 1), ({"wbc": [4000, "cells/mm3"]}, 0),
                                   ({"wbc": [3.9, "x10^9/L"]}, 1), ({"wbc": 8, "band_forms": 12}, 1), ({"wbc": 8, "band_forms": 10}, 0)])
def test_white_cells(e, met):
    assert compute("sirs_criteria", e).intermediates["wbc_points"] == met


@pytest.mark.parametrize("raw,wbc", [([9400.0, "m^3"], 9.4), ([9440.0, "L"], 9.44), ([4200.0, "µL"], 4.2), ([9.44, "x10^9/L"], 9.44),
                                     ([830.0, "µL"], 0.83), ([4.1, "µL"], 4.1), ([0.5, "x10^9/L"], 0.5)])
def test_medcalc_bench_count_units(raw, wbc):
    # MedCalc-Bench writes per mm³ as 'm^3', and some per-µL counts as 'L' (note: 9.44 x 10^9/L -> [9440, 'L']);
    # a count under 10 "per µL" is the note's "WBC 4.1" in thousands (no analyser reports fewer than 10 cells/µL).
    assert CALC.parse({"White blood cell count": raw})["wbc"] == pytest.approx(wbc)


def test_medcalc_bench_entity_keys():
    e = {"Temperature": [39.4, "degrees celsius"], "Heart Rate or Pulse": [100.0, "beats per minute"], "PaCO₂": [31.0, "mm hg"],
         "respiratory rate": [22.0, "breaths per minute"], "White blood cell count": [6370.0, "m^3"]}
    assert compute(51, e).value == 3


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("sirs_criteria", {"heart_rate": [90, "mmHg"]})
    assert ei.value.field == "heart_rate"
    with pytest.raises(InputError) as ei:
        compute("sirs_criteria", {"band_forms": 140})
    assert ei.value.field == "band_forms"
