"""ABCD2: Johnston SC et al., Lancet 2007;369:283-292 (doi:10.1016/S0140-6736(07)60150-0): age >= 60 +1,
BP >= 140/90 +1, unilateral weakness +2 or speech disturbance without weakness +1, duration >= 60 min +2
or 10-59 min +1, diabetes +1."""

from clinverify.calculators import compute


def test_abcd2_johnston_2007():
    e = {"age": 65, "sbp": 150, "dbp": 85, "clinical_features": "unilateral weakness", "duration_min": 30, "diabetes": True}
    assert compute("abcd2", e).value == 6
    assert compute("abcd2", {**e, "age": 59, "sbp": 130, "clinical_features": "speech", "duration_min": 5, "diabetes": False}).value == 1
