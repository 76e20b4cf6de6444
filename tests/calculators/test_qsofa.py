"""qSOFA: Seymour CW et al., JAMA 2016;315:762-774 (doi:10.1001/jama.2016.0288): respiratory rate >= 22/min,
systolic blood pressure <= 100 mmHg, altered mentation (GCS < 15); one point each."""

from clinverify.calculators import compute


def test_qsofa_seymour_2016():
    # Seymour 2016: RR >= 22, SBP <= 100, altered mentation; one point each.
    assert compute("qsofa", {"Respiratory Rate": 24, "sbp": 95, "gcs": 14}).value == 3
    assert compute("qsofa", {"rr": 21, "sbp": 101}).value == 0
    assert compute("qsofa", {"rr": 22, "sbp": 100}).value == 2
