"""Anion gap = Na - (Cl + HCO3) (Emmett M, Narins RG. Medicine 1977;56:38-54; Kraut JA, Madias NE. CJASN 2007;2:162-74)."""

import pytest

from clinverify.calculators import InputError, compute


def test_normal_gap():
    r = compute("anion_gap", {"Sodium": [140, "mEq/L"], "Chloride": [104, "mEq/L"], "Bicarbonate": [24, "mEq/L"]})
    assert r.value == pytest.approx(12.0)


def test_high_gap_acidosis_mixed_units():
    r = compute("anion_gap", {"Sodium": [134.0, "mmol/L"], "Chloride": [109.0, "mmol/L"], "Bicarbonate": [7.0, "mEq/L"]})
    assert r.value == pytest.approx(18.0)


def test_sodium_unit_slip_is_read_as_mmol():
    # 'sodium 137 mg/dL' is 59.6 mmol/L read literally (impossible); the number is a mmol/L value.
    r = compute("anion_gap", {"Sodium": [137.0, "mg/dL"], "Chloride": [95.0, "mmol/L"], "Bicarbonate": [30.0, "mmol/L"]})
    assert r.value == pytest.approx(12.0)


def test_real_mass_units_are_converted_not_repaired():
    # 322 mg/dL sodium really is 140 mmol/L.
    r = compute("anion_gap", {"Sodium": [321.86, "mg/dL"], "Chloride": [104, "mmol/L"], "Bicarbonate": [24, "mmol/L"]})
    assert r.value == pytest.approx(12.0, abs=0.01)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("anion_gap", {"sodium": 40, "chloride": 104, "bicarbonate": 24})
    assert ei.value.field == "sodium"
    with pytest.raises(InputError) as ei:
        compute("anion_gap", {"sodium": 140, "chloride": [104, "mmHg"], "bicarbonate": 24})
    assert ei.value.field == "chloride"
