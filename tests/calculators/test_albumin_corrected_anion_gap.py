"""Albumin-corrected AG = AG + 2.5 x (4.0 - albumin g/dL) (Figge J et al. Crit Care Med 1998;26:1807-10:
0.25 mEq/L per g/L of albumin)."""

import pytest

from clinverify.calculators import InputError, compute


def test_hypoalbuminaemia_unmasks_gap():
    # Na 140, Cl 108, HCO3 22, albumin 2.0: AG 10 looks normal, corrected AG 15.
    r = compute("albumin_corrected_anion_gap", {"Sodium": [140, "mEq/L"], "Chloride": [108, "mEq/L"], "Bicarbonate": [22, "mEq/L"], "Albumin": [2.0, "g/dL"]})
    assert r.value == pytest.approx(15.0)
    assert r.intermediates["albumin_adjustment"] == pytest.approx(5.0)


def test_albumin_in_grams_per_litre():
    # Figge's per-g/L form: 0.25 x (40 - 25) = 3.75.
    r = compute("albumin_corrected_anion_gap", {"sodium": 140, "chloride": 104, "bicarbonate": 24, "albumin": [25, "g/L"]})
    assert r.value == pytest.approx(15.75)


def test_custom_normal_albumin():
    r = compute("albumin_corrected_anion_gap", {"sodium": 140, "chloride": 104, "bicarbonate": 24, "albumin": 2.4, "normal_albumin": 4.4})
    assert r.value == pytest.approx(17.0)


def test_albumin_unit_slips():
    base = {"sodium": 133, "chloride": 122, "bicarbonate": 11.3}
    # 'albumin 3.2 mg/dL' (0.0032 g/dL literally) is read as 3.2 g/dL.
    assert compute("albumin_corrected_anion_gap", {**base, "Albumin": [3.2, "mg/dL"]}).value == pytest.approx(1.7)
    # 'albumin 4.2 g/L' (0.42 g/dL) likewise; 5.3 g/L (0.53 g/dL) is plausible as written and kept.
    assert compute("albumin_corrected_anion_gap", {**base, "Albumin": [4.2, "g/L"]}).value == pytest.approx(-0.3 + 2.5 * (4 - 4.2))
    assert compute("albumin_corrected_anion_gap", {**base, "Albumin": [5.3, "g/L"]}).value == pytest.approx(-0.3 + 2.5 * (4 - 0.53))


def test_unphysiological_albumin_is_flagged():
    # 17.1 g/dL (e.g. a haemoglobin copied as albumin) is computed but the explanation warns.
    r = compute("albumin_corrected_anion_gap", {"sodium": 136, "chloride": 101, "bicarbonate": 5, "albumin": [17.1, "g/dL"]})
    assert r.value == pytest.approx(30 + 2.5 * (4 - 17.1))
    assert any(line.startswith("Caution") for line in r.explanation())
    assert not any(line.startswith("Caution") for line in compute("albumin_corrected_anion_gap", {"sodium": 136, "chloride": 101, "bicarbonate": 5, "albumin": 3}).explanation())


def test_bad_input():
    # A g/L value written as g/dL (35 g/dL) is rejected.
    with pytest.raises(InputError) as ei:
        compute("albumin_corrected_anion_gap", {"sodium": 136, "chloride": 101, "bicarbonate": 5, "albumin": [35, "g/dL"]})
    assert ei.value.field == "albumin"
