"""MELD 3.0: Kim WR et al., Gastroenterology 2021;161:1887-1895 (doi:10.1053/j.gastro.2021.08.050), the
published equation (female sex, bilirubin, sodium, INR, creatinine, albumin and their interactions). No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a published MELD 3.0 example
(only calculator pages, one with a wrong formula; the OPTN MELD 3.0 documentation is not stored)."""

import pytest

from clinverify.calculators import compute


def test_meld_3_kim_2021():
    # Hand calculation of the published equation (female, bili 2, Na 130, INR 1.5, Cr 1.5, Alb 3.0) = 23.8 -> 24.
    r = compute("meld_3", {"sex": "F", "bilirubin": 2.0, "sodium": 130, "inr": 1.5, "creatinine": 1.5, "albumin": 3.0})
    assert r.value == 24 and r.intermediates["meld_3_unrounded"] == pytest.approx(23.82, abs=0.02)
    assert compute("meld_3", {"sex": "M", "bilirubin": 0.5, "sodium": 140, "inr": 0.9, "creatinine": 0.6, "albumin": 4.0}).value == 6
