"""HEART score: Six et al., Neth Heart J 2008;16:191-196 (doi:10.1007/BF03086144), Table 1; age bands
and risk-factor definitions as in Backus et al., Int J Cardiol 2013;168:2153-2158 (doi:10.1016/j.ijcard.2013.01.255)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("heart_score")
RISK = ("hypercholesterolemia", "hypertension", "diabetes", "smoking", "family_history", "obesity", "atherosclerotic_disease", "tia")
HISTORY = ("slightly suspicious", "moderately suspicious", "highly suspicious")
ECG = ("normal", "non-specific repolarization disturbance", "significant st deviation")
TROP = ("normal", "1-3x normal", ">3x normal")


def test_lookup():
    assert get(18) is CALC and get("HEART Score for Major Cardiac Events") is CALC


def test_range():
    assert compute("heart_score", {"age": 30}).value == 0 == CALC.output.minimum
    r = compute("heart_score", {"age": 70, "history": "highly suspicious", "ecg": "significant ST deviation",
                                "troponin": ">3x normal", "smoking": True, "diabetes": True, "obesity": True})
    assert r.value == 10 == CALC.output.maximum


def test_worked_example_low_risk():
    # 50-year-old, moderately suspicious history, normal ECG, smoker, normal troponin: 1 + 0 + 1 + 1 + 0 = 3 (low risk).
    r = compute("heart_score", {"age": 50, "history": "moderately suspicious", "ecg": "normal", "smoking": True, "troponin": "normal"})
    assert r.value == 3 and "low (0–3)" in "\n".join(r.explanation())


@pytest.mark.parametrize("age,points", [(44.9, 0), (45, 1), (64.9, 1), (65, 2)])
def test_age_bands(age, points):
    assert compute("heart_score", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("factors,points", [((), 0), (("smoking",), 1), (("smoking", "obesity"), 1),
                                            (("smoking", "obesity", "diabetes"), 2), (("atherosclerotic_disease",), 2), (("tia",), 2)])
def test_risk_factor_tiers(factors, points):
    # Backus 2013: none 0, 1-2 factors 1, >=3 factors OR a history of atherosclerotic disease 2.
    assert compute("heart_score", {"age": 40, **{f: True for f in factors}}).intermediates["risk_factor_points"] == points


def test_medcalc_bench_entity_keys_and_option_strings():
    e = {"age": [77.0, "years"], "Hypertension history": True, "hypercholesterolemia": True, "smoking": False,
         "parent or sibling with Cardiovascular disease before age 65": False, "atherosclerotic disease": False,
         "Initial troponin": "between the normal limit or up to three times the normal limit", "Suspicion History": "Moderately suspicious",
         "Electrocardiogram Test": "Non-specific repolarization disturbance", "Diabetes mellitus criteria for CCI rule": False,
         "obesity": False, "Transient Ischemic Attacks History": False}
    r = compute(18, e)
    assert r.intermediates == {"history_points": 1, "ecg_points": 1, "age_points": 2, "risk_factor_points": 1, "troponin_points": 1}
    assert r.value == 6


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("heart_score", {"age": 50, "troponin": "sky high"})
    assert ei.value.field == "troponin"
    with pytest.raises(InputError) as ei:
        compute("heart_score", {"history": "highly suspicious"})
    assert ei.value.field == "age"
