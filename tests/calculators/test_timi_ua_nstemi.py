"""TIMI risk score for UA/NSTEMI: Antman EM et al., JAMA 2000;284:835-842 (doi:10.1001/jama.284.7.835):
seven criteria, one point each (age >= 65, >= 3 CAD risk factors, known CAD, aspirin in the last 7 days,
severe angina, ST deviation, positive marker). Bounds and monotonicity: declared in the module."""

from clinverify.calculators import compute


def test_timi():
    assert compute("timi_ua_nstemi", {"age": 70, "st_deviation": True, "positive_marker": True}).value == 3
    assert compute("timi_ua_nstemi", {"age": 40}).value == 0
