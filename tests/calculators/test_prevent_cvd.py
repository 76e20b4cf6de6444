"""AHA PREVENT, 10-year total CVD, base model: Khan et al., Circulation 2024;149:430-449
(doi:10.1161/CIRCULATIONAHA.123.067626), Supplemental Table S12A coefficients and the variable transformations of the
supplement (age' = (age-55)/10, nonHDL' = (TC-HDL) x 0.02586 - 3.5, HDL' = (HDL x 0.02586 - 1.3)/0.3, SBP and eGFR
splines at 110 mmHg and 60 mL/min/1.73 m²); risk = e^x/(1+e^x). The supplement's worked example (age 50, SBP 160
treated, TC 200, HDL 45, no statin, diabetes, non-smoker, eGFR 90: women 14.684 %, men 16.317 %) is quoted from two
independent implementations that test against it (the preventr R package README, total CVD 0.147 for the woman; the
htn-concord project README, 14.684 % and 16.317 %); the supplement itself was not available here. Both sexes and a
third case are worked below by hand from Table S12A."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("prevent_cvd")
WOMAN = {"age": 50, "sex": "female", "systolic_bp": 160, "bp_treated": True, "total_cholesterol": 200, "hdl_cholesterol": 45,
         "statin": False, "diabetes": True, "smoker": False, "egfr": 90}


def test_worked_example_woman_preventr_readme():
    # age' = -0.5; nonHDL' = 155 x 0.02586 - 3.5 = 0.5083; HDL' = (1.1637 - 1.3)/0.3 = -0.454333; SBPhigh' = 1.5; eGFR terms 0.
    # Terms: 0.7939329(-0.5) = -0.396966; 0.0305239(0.5083) = 0.015515; -0.1606857(-0.454333) = 0.073005;
    # 0.3600781(1.5) = 0.540117; diabetes 0.866760; antihypertensive 0.315167; -0.0663612(1.5) = -0.099542;
    # -0.0819715(-0.5)(0.5083) = 0.020833; 0.0306769(-0.5)(-0.454333) = 0.006969; -0.0946348(-0.5)(1.5) = 0.070976;
    # -0.27057(-0.5) = 0.135285; constant -3.307728. x = -1.759608; risk = 1/(1 + e^1.759608) = 0.146839 -> 14.7 %.
    r = compute("prevent_cvd", WOMAN)
    assert r.intermediates["non_hdl_term"] == pytest.approx(0.5083, abs=1e-9)
    assert r.intermediates["log_odds"] == pytest.approx(-1.759608, abs=1e-5)
    assert r.value == pytest.approx(14.684, abs=0.001)
    assert round(r.value / 100, 3) == 0.147  # the README's 0.147


def test_worked_example_man_same_profile():
    # The supplement's example for a man: age' -0.5, nonHDL' 0.5083, HDL' -0.454333, SBPhigh' 1.5, eGFR terms 0.
    # Terms: 0.7688528(-0.5) = -0.384426; 0.0736174(0.5083) = 0.037420; -0.0954431(-0.454333) = 0.043363;
    # 0.3362658(1.5) = 0.504399; diabetes 0.769286; antihypertensive 0.288879; -0.0475924(1.5) = -0.071389;
    # -0.0517874(-0.5)(0.5083) = 0.013162; 0.0191169(-0.5)(-0.454333) = 0.004343; -0.1049477(-0.5)(1.5) = 0.078711;
    # -0.2251948(-0.5) = 0.112597; constant -3.031168. x = -1.634824; risk = 1/(1 + e^1.634824) = 16.317 %.
    r = compute("prevent_cvd", {**WOMAN, "sex": "male"})
    assert r.intermediates["log_odds"] == pytest.approx(-1.634824, abs=1e-5)
    assert r.value == pytest.approx(16.317, abs=0.001)


def test_worked_example_man_ckd_statin_smoker():
    # Man 60, TC 220, HDL 40, SBP 140 untreated, smoker, statin, no diabetes, eGFR 50:
    # age' 0.5; nonHDL' = 180 x 0.02586 - 3.5 = 1.1548; HDL' = (1.0344 - 1.3)/0.3 = -0.885333; SBPhigh' 0.5;
    # eGFRlow' = (50-60)/-15 = 0.666667; eGFRhigh' = (60-90)/-15 = 2.
    # Terms: 0.384426 + 0.085013 + 0.084499 + 0.168133 + 0.438687 (smoker) + 0.358599 + 0.032965 - 0.133735 (statin)
    # + 0.173535 (statin x nonHDL') - 0.029902 - 0.008462 - 0.026237 - 0.044753 - 0.051457 - 3.031168 = -1.599856;
    # risk = 1/(1 + e^1.599856) = 16.80 %.
    r = compute("prevent_cvd", {"age": 60, "sex": "male", "total_cholesterol": 220, "hdl_cholesterol": 40, "systolic_bp": 140,
                                "smoker": True, "statin": True, "egfr": 50})
    assert r.intermediates["egfr_low_term"] == pytest.approx(2 / 3) and r.intermediates["egfr_high_term"] == pytest.approx(2.0)
    assert r.intermediates["log_odds"] == pytest.approx(-1.599856, abs=1e-5)
    assert r.value == pytest.approx(16.80, abs=0.005)


def test_spline_knots():
    # SBP 110 and eGFR 60 are the knots: SBPlow' = 0 and SBPhigh' = -1 at 110; eGFRlow' = 0 and eGFRhigh' = 2 at 60.
    r = compute("prevent_cvd", {**WOMAN, "systolic_bp": 110, "egfr": 60})
    assert (r.intermediates["sbp_low_term"], r.intermediates["sbp_high_term"]) == (0.0, -1.0)
    assert (r.intermediates["egfr_low_term"], r.intermediates["egfr_high_term"]) == (0.0, 2.0)
    r = compute("prevent_cvd", {**WOMAN, "systolic_bp": 90, "egfr": 30})
    assert (r.intermediates["sbp_low_term"], r.intermediates["sbp_high_term"]) == (-1.0, -1.0)
    assert r.intermediates["egfr_low_term"] == 2.0


def test_risk_is_lowest_at_sbp_110():
    risks = {s: compute("prevent_cvd", {**WOMAN, "bp_treated": False, "systolic_bp": s}).value for s in (90, 110, 130)}
    assert risks[110] < risks[90] and risks[110] < risks[130]


def test_mmol_cholesterol_is_converted():
    r = compute("prevent_cvd", {**WOMAN, "total_cholesterol": [200 / 38.67, "mmol/L"], "hdl_cholesterol": [45 / 38.67, "mmol/L"]})
    assert r.value == pytest.approx(14.684, abs=0.01)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("prevent_cvd", {**WOMAN, "age": 29})
    assert ei.value.field == "age" and "30" in str(ei.value)
    with pytest.raises(InputError) as ei:
        compute("prevent_cvd", {**WOMAN, "age": 80})
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute("prevent_cvd", {k: v for k, v in WOMAN.items() if k != "egfr"})
    assert ei.value.field == "egfr"
    with pytest.raises(InputError) as ei:
        compute("prevent_cvd", {**WOMAN, "statin": "sometimes"})
    assert ei.value.field == "statin"
