"""HOMA-IR = insulin (µU/mL) x glucose (mmol/L) / 22.5 (Matthews DR et al., Diabetologia 1985;28:412-9),
i.e. x glucose (mg/dL) / 405."""

import pytest

from clinverify.calculators import InputError, compute


def test_reference_normal_is_one():
    # Matthews' normalisation: insulin 4.5 µU/mL with glucose 5 mmol/L (~90 mg/dL) gives 1.
    r = compute("homa_ir", {"Glucose": [90, "mg/dL"], "Insulin": [4.5, "µIU/mL"]})
    assert r.value == pytest.approx(1.0)


def test_medcalc_row():
    assert compute("homa_ir", {"Glucose": [165.0, "mg/dL"], "Insulin": [4.8, "µIU/mL"]}).value == pytest.approx(165 * 4.8 / 405)


def test_mmol_glucose_and_pmol_insulin():
    a = compute("homa_ir", {"glucose": [5.0, "mmol/L"], "insulin": [27, "pmol/L"]}).value
    assert a == pytest.approx(5.0 * 18.016 * 4.5 / 405)
    assert a == pytest.approx(1.0, rel=1e-3)
    assert compute("homa_ir", {"glucose": 90, "insulin": [4.5, "mIU/L"]}).value == pytest.approx(1.0)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("homa_ir", {"glucose": 90})
    assert ei.value.field == "insulin"
    with pytest.raises(InputError) as ei:
        compute("homa_ir", {"glucose": 90, "insulin": [4.5, "kg"]})
    assert ei.value.field == "insulin"


def test_pmol_insulin_as_text_and_bad_pmol_value():
    assert compute("homa_ir", {"glucose": 90, "insulin": "27 pmol/L"}).value == pytest.approx(1.0)
    with pytest.raises(InputError) as ei:
        compute("homa_ir", {"glucose": 90, "insulin": ["lots", "pmol/L"]})
    assert ei.value.field == "insulin"
