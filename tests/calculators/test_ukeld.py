"""UKELD = 5.395 ln(INR) + 1.485 ln(creatinine µmol/L) + 3.13 ln(bilirubin µmol/L) - 81.565 ln(Na) + 435
(Barber K et al., Transplantation 2011;92:469-476, doi:10.1097/TP.0b013e318225db4d; listing threshold 49,
Neuberger J et al., Gut 2008;57:252-257). Examples worked by hand (natural logarithms to 4 decimals). No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a published UKELD example
(an R package's help page lists example inputs without results; Wikipedia has only the formula)."""

import pytest

from clinverify.calculators import InputError, compute


def test_above_listing_threshold():
    # INR 1.5, creatinine 100, bilirubin 50, Na 135:
    # 5.395 x 0.405465 = 2.1875; 1.485 x 4.605170 = 6.8387; 3.13 x 3.912023 = 12.2446; 81.565 x 4.905275 = 400.0987.
    # 2.1875 + 6.8387 + 12.2446 - 400.0987 + 435 = 56.1721 (>= 49).
    r = compute("ukeld", {"inr": 1.5, "creatinine": 100, "bilirubin": 50, "sodium": 135})
    assert r.value == pytest.approx(56.1721, abs=1e-3)
    assert r.intermediates["sodium_term"] == pytest.approx(400.0987, abs=1e-3)
    assert "≥ 49" in "\n".join(r.explanation())


def test_below_listing_threshold():
    # INR 1.1, creatinine 70, bilirubin 15, Na 140: 0.5142 + 6.3090 + 8.4762 - 403.0651 + 435 = 47.2343 (< 49).
    r = compute("ukeld", {"INR": 1.1, "serum creatinine": 70, "total bilirubin": 15, "Na": 140})
    assert r.value == pytest.approx(47.2343, abs=1e-3)
    assert "< 49" in "\n".join(r.explanation())


def test_conventional_units():
    # Creatinine 1.131 mg/dL x 88.42 = 100.0 µmol/L; bilirubin 2.924 mg/dL x 17.10 = 50.0 µmol/L: as the first example.
    r = compute("ukeld", {"inr": 1.5, "creatinine": [1.131, "mg/dL"], "bilirubin": [2.924, "mg/dL"], "sodium": [135, "mEq/L"]})
    assert r.value == pytest.approx(56.17, abs=0.02)


def test_inr_one_adds_nothing():
    # INR 1: ln 1 = 0; creatinine 100, bilirubin 20, Na 140: 0 + 6.8387 + 9.3766 - 403.0651 + 435 = 48.1503.
    r = compute("ukeld", {"inr": 1.0, "creatinine": 100, "bilirubin": 20, "sodium": 140})
    assert r.intermediates["inr_term"] == 0
    assert r.value == pytest.approx(48.1503, abs=1e-3)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ukeld", {"inr": 1.5, "creatinine": 100, "bilirubin": 0, "sodium": 135})
    assert ei.value.field == "bilirubin"
