"""FENa (%) = (urine Na x serum Cr) / (serum Na x urine Cr) x 100 (Espinel CH, JAMA 1976;236:579-81)."""

import pytest

from clinverify.calculators import InputError, compute


def test_prerenal_example():
    # UNa 20, SCr 2.0, SNa 140, UCr 100: 40 / 14000 x 100 = 0.286 % (< 1 %: prerenal).
    r = compute("fena", {"urine_sodium": 20, "creatinine": 2.0, "sodium": 140, "urine_creatinine": 100})
    assert r.value == pytest.approx(40 / 14000 * 100)


def test_medcalc_keys_and_units():
    e = {"Urine creatinine": [60.3, "mg/dL"], "creatinine": [0.6, "mg/dL"], "Urine sodium": [32.0, "mEq/L"], "Sodium": [129.0, "mEq/L"]}
    assert compute("fena", e).value == pytest.approx(32 * 0.6 / (129 * 60.3) * 100)


def test_creatinine_units_cancel():
    a = compute("fena", {"urine_sodium": 50, "creatinine": [177, "µmol/L"], "sodium": 135, "urine_creatinine": [8840, "µmol/L"]}).value
    assert a == pytest.approx(50 * 177 / (135 * 8840) * 100)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("fena", {"urine_sodium": 20, "creatinine": 2.0, "sodium": 140, "urine_creatinine": 0})
    assert ei.value.field == "urine_creatinine"
