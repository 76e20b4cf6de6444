"""Friedewald LDL = TC - HDL - TG/5 (mg/dL), not valid for TG > 400 mg/dL
(Friedewald WT, Levy RI, Fredrickson DS. Clin Chem 1972;18:499-502)."""

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def test_formula():
    r = compute("ldl_friedewald", {"Total cholesterol": [200, "mg/dL"], "high-density lipoprotein cholesterol": [50, "mg/dL"], "Triglycerides": [150, "mg/dL"]})
    assert r.value == pytest.approx(120.0)
    assert r.intermediates["vldl"] == 30


def test_mmol_inputs():
    # mmol/L form: 5.0 - 1.3 - 1.5/2.2 = 3.018 mmol/L = 116.7 mg/dL (the 2.2 and 5 divisors differ by ~1 %).
    r = compute("ldl_friedewald", {"total_cholesterol": [5.0, "mmol/L"], "hdl": [1.3, "mmol/L"], "triglycerides": [1.5, "mmol/L"]})
    assert r.value == pytest.approx(5.0 * 38.665 - 1.3 * 38.665 - 1.5 * 88.57 / 5)
    assert r.value == pytest.approx(116.7, rel=0.01)


def test_tg_400_is_the_limit():
    assert compute("ldl_friedewald", {"total_cholesterol": 250, "hdl": 40, "triglycerides": 400}).value == pytest.approx(130)
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 250, "hdl": 40, "triglycerides": 401})
    assert ei.value.field == "triglycerides" and "400" in str(ei.value)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 250, "triglycerides": 100})
    assert ei.value.field == "hdl"


def test_sampson_nih_equation_2():
    # Sampson 2020 (JAMA Cardiol 5:540): TC/0.948 − HDL/0.971 − (TG/8.56 + TG × nonHDL/2140 − TG²/16100) − 9.44.
    # TC 200, HDL 50, TG 150: 210.97 − 51.49 − (17.52 + 10.51 − 1.40) − 9.44 = 123.40.
    r = compute("ldl_friedewald", {"total_cholesterol": 200, "hdl": 50, "triglycerides": 150, "method": "sampson_2020"})
    assert r.value == pytest.approx(123.40, abs=0.01)
    assert r.intermediates["non_hdl"] == 150 and fmt(r.value) in r.explanation()[-1]
    # Above Friedewald's 400 mg/dL but within Sampson's 800: TC 220, HDL 40, TG 600 gives 83.23.
    r = compute("ldl_friedewald", {"total_cholesterol": 220, "hdl": 40, "triglycerides": 600, "method": "sampson_2020"})
    assert r.value == pytest.approx(83.23, abs=0.01)


def test_sampson_limit_is_800():
    compute("ldl_friedewald", {"total_cholesterol": 300, "hdl": 40, "triglycerides": 800, "method": "sampson_2020"})
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 300, "hdl": 40, "triglycerides": 801, "method": "sampson_2020"})
    assert ei.value.field == "triglycerides" and "800" in str(ei.value)


def test_default_is_friedewald():
    from clinverify.calculators import get

    assert get("ldl_friedewald").versions() == {"method": (("friedewald_1972", "sampson_2020"), "friedewald_1972")}
