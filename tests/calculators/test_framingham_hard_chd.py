import pytest

from clinverify.calculators import compute


def test_atp_iii_examples():
    # ATP III point tables (JAMA 2001): a 55-year-old non-smoking man, TC 213, HDL 50, SBP 120 untreated, is ~5-6 %
    # 10-year hard-CHD risk; the continuous equation gives 5.4 %.
    man = {"age": 55, "sex": "Male", "Total cholesterol": [213, "mg/dL"], "high-density lipoprotein cholesterol": [50, "mg/dL"],
           "Systolic Blood Pressure": [120, "mm Hg"], "Smoker": False, "Blood pressure being treated with medicines": False}
    r = compute("framingham_hard_chd", man)
    assert 4.0 < r.value < 7.0
    smoker = compute(46, {**man, "Smoker": True}).value
    assert smoker > r.value
    woman = compute(46, {**man, "sex": "Female"}).value
    assert woman < r.value


def test_cholesterol_in_mmol_per_l():
    a = compute(46, {"age": 60, "sex": "F", "Total cholesterol": [5.5, "mmol/L"], "hdl": [1.3, "mmol/L"], "sbp": 140}).value
    b = compute(46, {"age": 60, "sex": "F", "Total cholesterol": [5.5 * 38.67, "mg/dL"], "hdl": [1.3 * 38.67, "mg/dL"], "sbp": 140}).value
    assert a == pytest.approx(b, rel=1e-3)
