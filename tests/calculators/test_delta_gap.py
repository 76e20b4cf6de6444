"""Delta gap (Wrenn K. Ann Emerg Med 1990;19:1310-3): (AG - 12) - (24 - HCO3), which equals Na - Cl - 36."""

import pytest

from clinverify.calculators import InputError, compute


def test_pure_high_gap_acidosis_is_near_zero():
    # Na 140, Cl 100, HCO3 10: AG 30, rise 18, bicarbonate fall 14 -> delta gap +4 (within +/-6: no second disorder).
    r = compute("delta_gap", {"Sodium": [140, "mEq/L"], "Chloride": [100, "mEq/L"], "Bicarbonate": [10, "mEq/L"]})
    assert r.value == pytest.approx(4.0)
    assert r.intermediates == pytest.approx({"anion_gap": 30.0, "anion_gap_excess": 18.0, "bicarbonate_fall": 14.0})


def test_equals_sodium_minus_chloride_minus_36():
    for na, cl, hco3 in [(137, 98, 9), (148, 108, 6), (134, 104, 22), (139.5, 108, 19.9)]:
        assert compute("delta_gap", {"sodium": na, "chloride": cl, "bicarbonate": hco3}).value == pytest.approx(na - cl - 36)


def test_signals_second_disorder():
    # Metabolic alkalosis on top of a gap acidosis: AG 30 with HCO3 still 20 -> +14.
    assert compute("delta_gap", {"sodium": 140, "chloride": 90, "bicarbonate": 20}).value > 6
    # Hyperchloraemic acidosis on top: AG 16, HCO3 8 -> -12.
    assert compute("delta_gap", {"sodium": 140, "chloride": 116, "bicarbonate": 8}).value < -6


def test_anion_gap_excess_option():
    r = compute("delta_gap", {"sodium": 140, "chloride": 100, "bicarbonate": 10, "definition": "anion_gap_excess"})
    assert r.value == pytest.approx(18.0)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("delta_gap", {"sodium": 140, "chloride": 100, "bicarbonate": 10, "definition": "other"})
    assert ei.value.field == "definition"
