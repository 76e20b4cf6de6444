"""Albumin-corrected delta gap = AG + 2.5 x (4 - albumin) - 12 (Figge J et al. Crit Care Med 1998;26:1807-10);
Wrenn's form (Ann Emerg Med 1990) also subtracts 24 - HCO3."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # Na 140, Cl 108, HCO3 22, albumin 2.0: corrected AG 15 -> delta gap 3.
    r = compute("albumin_corrected_delta_gap", {"Sodium": [140, "mmol/L"], "Chloride": [108, "mmol/L"], "Bicarbonate": [22, "mmol/L"], "Albumin": [2.0, "g/dL"]})
    assert r.value == pytest.approx(3.0)
    assert r.intermediates["corrected_anion_gap"] == pytest.approx(15.0)


def test_wrenn_option():
    r = compute("albumin_corrected_delta_gap", {"sodium": 140, "chloride": 108, "bicarbonate": 22, "albumin": 2.0, "definition": "wrenn"})
    assert r.value == pytest.approx(3.0 - 2.0)


def test_normal_albumin_matches_delta_gap_excess():
    e = {"sodium": 140, "chloride": 100, "bicarbonate": 10}
    a = compute("albumin_corrected_delta_gap", {**e, "albumin": 4.0}).value
    assert a == pytest.approx(compute("delta_gap", {**e, "definition": "anion_gap_excess"}).value)


def test_sodium_unit_slip():
    r = compute("albumin_corrected_delta_gap", {"Chloride": [95.0, "mmol/L"], "Albumin": [3.6, "g/dL"], "Bicarbonate": [30.0, "mmol/L"], "Sodium": [137.0, "mg/dL"]})
    assert r.value == pytest.approx(1.0)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("albumin_corrected_delta_gap", {"sodium": 140, "chloride": 108, "bicarbonate": 22})
    assert ei.value.field == "albumin"
