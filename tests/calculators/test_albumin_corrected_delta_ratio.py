"""Albumin-corrected delta ratio = (AG + 2.5 x (4 - albumin) - 12)/(24 - HCO3)
(Figge J et al. Crit Care Med 1998;26:1807-10; Rastegar A. J Am Soc Nephrol 2007;18:2429-31)."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # Na 136, Cl 101, HCO3 22, albumin 3.5: AG 13, corrected 14.25, (14.25 - 12)/(24 - 22) = 1.125.
    r = compute("albumin_corrected_delta_ratio", {"Sodium": [136, "mEq/L"], "Chloride": [101, "mEq/L"], "Bicarbonate": [22, "mEq/L"], "Albumin": [3.5, "g/dL"]})
    assert r.value == pytest.approx(1.125)
    assert r.intermediates["corrected_delta_gap"] == pytest.approx(2.25)


def test_correction_unmasks_gap_acidosis():
    # Na 140, Cl 108, HCO3 16, albumin 1.6: AG 16 -> corrected 22; (22 - 12)/8 = 1.25 (uncorrected: 0.5).
    r = compute("albumin_corrected_delta_ratio", {"sodium": 140, "chloride": 108, "bicarbonate": 16, "albumin": 1.6})
    assert r.value == pytest.approx(1.25)
    assert compute("delta_ratio", {"sodium": 140, "chloride": 108, "bicarbonate": 16}).value == pytest.approx(0.5)


def test_albumin_mg_dl_slip():
    r = compute("albumin_corrected_delta_ratio", {"Sodium": [136.0, "mEq/L"], "Chloride": [101.0, "mEq/L"], "Bicarbonate": [22.0, "mEq/L"], "Albumin": [3.5, "mg/dL"]})
    assert r.value == pytest.approx(1.125)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("albumin_corrected_delta_ratio", {"sodium": 140, "chloride": 104, "bicarbonate": 24, "albumin": 3.0})
    assert ei.value.field == "bicarbonate"
    with pytest.raises(InputError) as ei:
        compute("albumin_corrected_delta_ratio", {"sodium": 138, "chloride": 105, "bicarbonate": 22, "albumin": [-1.0, "g/dL"]})
    assert ei.value.field == "albumin"
