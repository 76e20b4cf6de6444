"""CKD-EPI 2021 creatinine-cystatin C: Inker LA et al., N Engl J Med 2021;385:1737-1749
(doi:10.1056/NEJMoa2102953), the race-free eGFRcr-cys equation (135, 0.9961^age, 0.963 for women)."""

import pytest

from clinverify.calculators import compute


def test_ckd_epi_cr_cys_inker_2021():
    assert compute("ckd_epi_2021_cr_cys", {"sex": "M", "age": 50, "creatinine": 1.0, "cystatin_c": 1.0}).value == pytest.approx(88.1, abs=0.1)
    f = compute("ckd_epi_2021_cr_cys", {"sex": "F", "age": 50, "creatinine": 0.7, "cystatin_c": 0.8}).value
    assert f == pytest.approx(135 * 0.9961**50 * 0.963, rel=1e-6)
