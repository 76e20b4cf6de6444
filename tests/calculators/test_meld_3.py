"""MELD 3.0: Kim WR et al., Gastroenterology 2021;161:1887-1895 (doi:10.1053/j.gastro.2021.08.050), the
published equation (female sex, bilirubin, sodium, INR, creatinine, albumin and their interactions). No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a published MELD 3.0 example
(only calculator pages, one with a wrong formula; the OPTN MELD 3.0 documentation is not stored).

Secondary quotation (issue 17, 2026-12-07): eight hypothetical patients that another project's test suite (a Rust
calculator library, "Baw Medical Ltd", its test named for the paper's Table 4) quotes as Kim 2021's Table 4, with their
rounded MELD 3.0. The stored copy of the paper (PMC8608337) opens at its abstract only, so the table itself was not read:
these are a secondary quotation, each recomputed by hand from the published equation for the first two (15.81 -> 16 and
17.14 -> 17) and all matching this module."""

import pytest

from clinverify.calculators import compute


def test_meld_3_kim_2021():
    # Hand calculation of the published equation (female, bili 2, Na 130, INR 1.5, Cr 1.5, Alb 3.0) = 23.8 -> 24.
    r = compute("meld_3", {"sex": "F", "bilirubin": 2.0, "sodium": 130, "inr": 1.5, "creatinine": 1.5, "albumin": 3.0})
    assert r.value == 24 and r.intermediates["meld_3_unrounded"] == pytest.approx(23.82, abs=0.02)
    assert compute("meld_3", {"sex": "M", "bilirubin": 0.5, "sodium": 140, "inr": 0.9, "creatinine": 0.6, "albumin": 4.0}).value == 6


# (sex, bilirubin mg/dL, Na mmol/L, INR, creatinine mg/dL, albumin g/dL) -> MELD 3.0, as quoted for Kim 2021 Table 4.
_TABLE_4_AS_QUOTED = [
    ("M", 2.5, 131, 1.0, 1.2, 3.8, 16),   # albumin 3.8 bounded to 3.5: 4.56 ln 2.5 + 0.82×6 − 0.24×6 ln 2.5 + 11.14 ln 1.2 + 6 = 15.81
    ("F", 2.5, 131, 1.0, 1.2, 3.8, 17),   # + 1.33 for female sex = 17.14
    ("M", 6.0, 131, 1.5, 1.5, 3.5, 25),
    ("M", 6.0, 131, 1.5, 1.5, 2.2, 26),   # lower albumin
    ("F", 6.0, 131, 1.5, 1.5, 2.2, 27),
    ("M", 12.0, 128, 2.2, 1.8, 2.0, 34),
    ("M", 12.0, 128, 2.2, 2.8, 2.0, 38),  # the albumin × creatinine interaction
    ("F", 12.0, 128, 2.2, 2.8, 2.0, 39),
]


@pytest.mark.parametrize("sex, bili, na, inr, cr, alb, want", _TABLE_4_AS_QUOTED)
def test_kim_2021_table_4_as_quoted(sex, bili, na, inr, cr, alb, want):
    r = compute("meld_3", {"sex": sex, "bilirubin": bili, "sodium": na, "inr": inr, "creatinine": cr, "albumin": alb})
    assert r.value == want


def test_kim_2021_table_4_first_case_by_hand():
    r = compute("meld_3", {"sex": "M", "bilirubin": 2.5, "sodium": 131, "inr": 1.0, "creatinine": 1.2, "albumin": 3.8})
    assert r.intermediates["meld_3_unrounded"] == pytest.approx(15.8099, abs=1e-3)
