import pytest

from clinverify.calculators import InputError, compute


def test_liu_2013_equivalences():
    # Liu 2013 Table 1: 0.75 mg dexamethasone = 5 mg prednisolone = 20 mg hydrocortisone.
    r = compute("steroid_conversion", {"input steroid": ["Dexamethasone PO", 0.75, "mg"], "target steroid": "PrednisoLONE PO"})
    assert r.value == pytest.approx(5.0)
    assert compute(24, {"from_drug": "Hydrocortisone IV", "dose": 100, "to_drug": "MethylPrednisoLONE IV"}).value == pytest.approx(20.0)


def test_unknown_drug():
    with pytest.raises(InputError) as ei:
        compute(24, {"from_drug": "Aspirin PO", "dose": 100, "to_drug": "PredniSONE PO"})
    assert ei.value.field == "from_drug"
