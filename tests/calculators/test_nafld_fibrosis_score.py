"""NAFLD fibrosis score (Angulo P et al., Hepatology 2007;45:846-854, doi:10.1002/hep.21496; equation and
cut-offs -1.455 / 0.676 from its Results, "NAFLD fibrosis score"). Examples worked by hand. No published worked
example found; searched (search tool, stored public pages, 2026-12-05): pages for a published NFS example (only
calculator pages)."""

import pytest

from clinverify.calculators import InputError, compute

BASE = {"age": 50, "bmi": 30, "diabetes_ifg": True, "ast": 40, "alt": 50, "platelets": 200, "albumin": 4.0}


def test_indeterminate_example():
    # -1.675 + 0.037x50 (1.85) + 0.094x30 (2.82) + 1.13 + 0.99x0.8 (0.792) - 0.013x200 (2.6) - 0.66x4 (2.64) = -0.323.
    r = compute("nafld_fibrosis_score", BASE)
    assert r.value == pytest.approx(-0.323)
    assert r.intermediates["ast_alt_ratio"] == pytest.approx(0.8)
    assert "indeterminate" in "\n".join(r.explanation())


def test_low_example():
    # 40 y, BMI 25, no IFG, AST 20, ALT 40, platelets 300, albumin 4.5:
    # -1.675 + 1.48 + 2.35 + 0 + 0.495 - 3.9 - 2.97 = -4.22 (< -1.455).
    r = compute("nafld_fibrosis_score", {"age": 40, "bmi": 25, "ast": 20, "alt": 40, "platelets": 300, "albumin": 4.5})
    assert r.value == pytest.approx(-4.22)
    assert "unlikely" in "\n".join(r.explanation())


def test_high_example():
    # 65 y, BMI 35, IFG, AST 60, ALT 40, platelets 120, albumin 3.5:
    # -1.675 + 2.405 + 3.29 + 1.13 + 1.485 - 1.56 - 2.31 = 2.765 (> 0.676).
    r = compute("nafld_fibrosis_score", {"age": 65, "bmi": 35, "diabetes": "yes", "ast": 60, "alt": 40,
                                         "platelets": [120000, "/µL"], "albumin": [35, "g/L"]})
    assert r.value == pytest.approx(2.765)
    assert "likely" in "\n".join(r.explanation())


@pytest.mark.parametrize("bmi,band", [
    # BASE with IFG off and age 50: -1.453 - 0.094x30 + 0.094xBMI ... solve for the cut-offs by BMI.
    # Without IFG, BASE gives -0.323 - 1.13 = -1.453; each BMI unit adds 0.094.
    (30, "indeterminate"),          # -1.453 (just above -1.455)
    (29.9, "unlikely"),             # -1.4624 (< -1.455)
])
def test_low_cutoff(bmi, band):
    r = compute("nafld_fibrosis_score", {**BASE, "diabetes_ifg": False, "bmi": bmi})
    assert band in "\n".join(r.explanation())


def test_high_cutoff_is_strict():
    # BASE is -0.323; albumin lowered by x g/dL adds 0.66x. Albumin 2.5 -> -0.323 + 0.99 = 0.667 (indeterminate);
    # albumin 2.48 -> 0.6802 (> 0.676).
    assert "indeterminate" in "\n".join(compute("nafld_fibrosis_score", {**BASE, "albumin": 2.5}).explanation())
    assert "likely" in "\n".join(compute("nafld_fibrosis_score", {**BASE, "albumin": 2.48}).explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("nafld_fibrosis_score", {**BASE, "alt": 0})
    assert ei.value.field == "alt"
