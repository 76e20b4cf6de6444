"""Wells' criteria for DVT: Wells et al., N Engl J Med 2003;349:1227-1235 (doi:10.1056/NEJMoa023153),
Table 1 clinical model: nine features 1 point each, alternative diagnosis at least as likely -2; >=2 likely."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("wells_dvt")
POSITIVE = ("active_cancer", "paralysis_or_cast", "bedridden", "major_surgery", "localized_tenderness", "entire_leg_swollen",
            "calf_swelling", "pitting_edema", "collateral_veins", "previous_dvt")


def test_lookup():
    assert get(16) is CALC and get("Wells' Criteria for DVT") is CALC


def test_range_is_minus_two_to_nine():
    assert compute("wells_dvt", {"alternative_diagnosis": True}).value == -2 == CALC.output.minimum
    assert compute("wells_dvt", {f: True for f in POSITIVE}).value == 9 == CALC.output.maximum


def test_worked_example_dvt_likely():
    # Active cancer + entire leg swollen + calf swelling >=3 cm = 3, no alternative diagnosis: DVT likely (>=2).
    r = compute("wells_dvt", {"active_cancer": True, "entire_leg_swollen": True, "calf_swelling": True})
    assert r.value == 3 and "DVT likely" in "\n".join(r.explanation())


def test_worked_example_alternative_diagnosis():
    # Localised tenderness (1) with an alternative diagnosis as likely (-2) = -1: unlikely.
    r = compute("wells_dvt", {"localized_tenderness": True, "alternative_diagnosis": True})
    assert r.value == -1 and r.intermediates["alternative_diagnosis_points"] == -2
    assert "DVT unlikely" in "\n".join(r.explanation())


def test_bedridden_or_surgery_counts_once():
    assert compute("wells_dvt", {"bedridden": True, "major_surgery": True}).value == 1


def test_medcalc_bench_entity_keys():
    e = {"Active cancer": True, "Bedridden recently >3 days or major surgery within 12 weeks": False, "Major surgery within 12 weeks": True,
         "Paralysis, paresis, or recent plaster immobilization of the lower extremity": True,
         "Previously documented Deep Vein Thrombosis": False, "Alternative diagnosis to Deep Vein Thrombosis as likely or more likely": True,
         "Calf swelling >3 centimeters compared to the other leg": False, "Collateral (nonvaricose) superficial veins present": False,
         "Entire Leg Swollen": False, "Localized tenderness along the deep venous system": True, "Pitting edema, confined to symptomatic leg": False}
    assert compute(16, e).value == 2  # 1 + 1 + 1 + 1 - 2


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("wells_dvt", {"calf_swelling": [4, "cm"]})
    assert ei.value.field == "calf_swelling"


def test_alternative_diagnosis_subtracts_two():
    for present in itertools.product((False, True), repeat=len(POSITIVE)):
        inputs = dict(zip(POSITIVE, present, strict=True))
        assert CALC.compute({**inputs, "alternative_diagnosis": True}).value == CALC.compute({**inputs, "alternative_diagnosis": False}).value - 2
