import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


@pytest.mark.parametrize(
    ("src", "dose", "dst", "out"),
    [
        # Liu et al. 2013 (Allergy Asthma Clin Immunol 9:30), Table 1 equivalent doses: cortisone 25, hydrocortisone 20,
        # prednisone 5, prednisolone 5, methylprednisolone 4, triamcinolone 4, dexamethasone 0.75, betamethasone 0.75 mg.
        ("Dexamethasone PO", 0.75, "PrednisoLONE PO", 5.0),
        ("Hydrocortisone IV", 100, "MethylPrednisoLONE IV", 20.0),
        ("PredniSONE PO", 40, "Dexamethasone IV", 6.0),
        ("Cortisone PO", 25, "Hydrocortisone PO", 20.0),
        ("Triamcinolone IV", 8, "PredniSONE PO", 10.0),
        ("Betamethasone IV", 1.5, "Dexamethasone PO", 1.5),
    ],
)
def test_liu_2013_equivalences(src, dose, dst, out):
    r = compute("steroid_conversion", {"input steroid": [src, dose, "mg"], "target steroid": dst})
    assert r.value == pytest.approx(out)


def test_plain_inputs_and_route_change():
    # Same drug, other route: glucocorticoid equivalence is the same, so the dose carries over.
    assert compute(24, {"from_drug": "methylprednisolone iv", "dose": 9.6, "to_drug": "MethylPrednisoLONE PO"}).value == pytest.approx(9.6)
    r = compute(24, {"from_drug": "Hydrocortisone IV", "dose": [0.1, "g"], "to_drug": "PredniSONE PO"})
    assert r.value == pytest.approx(25.0)
    assert r.intermediates["prednisone_equivalent_mg"] == pytest.approx(25.0)
    assert fmt(r.value) in r.explanation()[-1]


def test_unknown_drug():
    with pytest.raises(InputError) as ei:
        compute(24, {"from_drug": "Aspirin PO", "dose": 100, "to_drug": "PredniSONE PO"})
    assert ei.value.field == "from_drug"


def test_missing_target_and_bad_dose():
    with pytest.raises(InputError) as ei:
        compute(24, {"input steroid": ["PredniSONE PO", 10, "mg"]})
    assert ei.value.field == "to_drug"
    with pytest.raises(InputError) as ei:
        compute(24, {"input steroid": ["PredniSONE PO", -10, "mg"], "target steroid": "Dexamethasone PO"})
    assert ei.value.field == "dose"
