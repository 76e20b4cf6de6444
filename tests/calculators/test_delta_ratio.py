"""Delta ratio = (AG - 12)/(24 - HCO3) (Rastegar A. J Am Soc Nephrol 2007;18:2429-31; Wrenn K. Ann Emerg Med 1990)."""

import pytest

from clinverify.calculators import InputError, compute


def test_pure_gap_acidosis():
    # Na 140, Cl 104, HCO3 16: AG 20, rise 8, fall 8 -> 1.0.
    r = compute("delta_ratio", {"Sodium": [140, "mEq/L"], "Chloride": [104, "mEq/L"], "Bicarbonate": [16, "mEq/L"]})
    assert r.value == pytest.approx(1.0)


def test_mixed_disorders():
    # Coexisting normal-gap acidosis: AG 16, HCO3 8 -> 4/16 = 0.25.
    assert compute("delta_ratio", {"sodium": 140, "chloride": 116, "bicarbonate": 8}).value == pytest.approx(0.25)
    # Coexisting metabolic alkalosis: AG 30, HCO3 20 -> 18/4 = 4.5.
    assert compute("delta_ratio", {"sodium": 140, "chloride": 90, "bicarbonate": 20}).value == pytest.approx(4.5)


def test_zero_delta_gap_gives_plain_zero():
    r = compute("delta_ratio", {"sodium": 137, "chloride": 95, "bicarbonate": 30})
    assert r.value == 0 and str(r.value) == "0.0"


def test_undefined_at_normal_bicarbonate():
    with pytest.raises(InputError) as ei:
        compute("delta_ratio", {"sodium": 140, "chloride": 100, "bicarbonate": 24})
    assert ei.value.field == "bicarbonate"
