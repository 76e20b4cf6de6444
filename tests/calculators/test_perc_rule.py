"""PERC rule: Kline et al., J Thromb Haemost 2004;2:1247-1255 (doi:10.1111/j.1538-7836.2004.00790.x): age >=50,
heart rate >=100, SaO2 <95 %, unilateral leg swelling, haemoptysis, recent surgery or trauma, prior PE or DVT,
hormone use; the value is the number of criteria positive (0-8)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("perc_rule")
FLAGS = ("unilateral_leg_swelling", "hemoptysis", "recent_surgery_or_trauma", "previous_pe", "previous_dvt", "hormone_use")


def test_lookup():
    assert get(48) is CALC and get("PERC Rule for Pulmonary Embolism") is CALC


def test_range():
    r = compute("perc_rule", {"age": 30, "heart_rate": 80, "oxygen_saturation": 98})
    assert r.value == 0 == CALC.output.minimum and "PERC negative" in "\n".join(r.explanation())
    r = compute("perc_rule", {"age": 60, "heart_rate": 120, "oxygen_saturation": 90, **{f: True for f in FLAGS}})
    assert r.value == 8 == CALC.output.maximum


def test_worked_example():
    # 55-year-old on oral contraceptives, HR 88, SaO2 97 %: age + hormones = 2 criteria, PERC positive.
    r = compute("perc_rule", {"age": 55, "heart_rate": 88, "oxygen_saturation": [97, "%"], "hormone_use": True})
    assert r.value == 2 and "PERC positive" in "\n".join(r.explanation())


@pytest.mark.parametrize("field,value,points", [("age", 49.9, 0), ("age", 50, 1), ("heart_rate", 99, 0), ("heart_rate", 100, 1),
                                                ("oxygen_saturation", 95, 0), ("oxygen_saturation", 94.9, 1)])
def test_thresholds(field, value, points):
    e = {"age": 30, field: value}
    assert compute("perc_rule", e).intermediates[f"{field}_points"] == points


def test_prior_pe_or_dvt_is_one_criterion():
    assert compute("perc_rule", {"age": 30, "previous_pe": True, "previous_dvt": True}).value == 1


def test_medcalc_bench_entity_keys():
    e = {"age": [41.0, "years"], "Heart Rate or Pulse": [180.0, "beats per minute"], "O₂ saturation percentage": [98.0, "%"],
         "Unilateral Leg Swelling": True, "Hormone use": False, "Recent surgery or trauma": False,
         "Previously Documented Pulmonary Embolism": False, "Hemoptysis": True, "Previously documented Deep Vein Thrombosis": False}
    assert compute(48, e).value == 3


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("perc_rule", {"age": 40, "oxygen_saturation": [104, "%"]})
    assert ei.value.field == "oxygen_saturation" and "plausible range" in str(ei.value)
