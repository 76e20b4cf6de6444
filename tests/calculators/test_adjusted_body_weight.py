import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def test_bauer_worked_example():
    # Bauer 1983 dosing weight IBW + 0.4 × (TBW − IBW); IBW by Devine 1974.
    # 6 ft man weighing 120 kg: IBW 77.6 kg; ABW = 77.6 + 0.4 × (120 − 77.6) = 94.56 kg.
    r = compute("adjusted_body_weight", {"sex": "Male", "height": [72, "in"], "weight": [120, "kg"]})
    assert r.value == pytest.approx(94.56)
    assert r.intermediates["ibw"] == pytest.approx(77.6)
    assert fmt(r.value) in r.explanation()[-1]


def test_woman_in_pounds():
    # 5 ft 4 in woman, 220 lb (99.79 kg): IBW 54.7; ABW = 54.7 + 0.4 × (99.79 − 54.7) = 72.74 kg.
    r = compute(62, {"sex": "Female", "height": [64, "in"], "weight": [220, "lbs"]})
    assert r.value == pytest.approx(54.7 + 0.4 * (220 * 0.45359237 - 54.7), rel=1e-6)


def test_weight_equal_to_ibw_and_below_it():
    # At IBW the adjusted weight is IBW; below it the formula still interpolates (no clamping).
    assert compute(62, {"sex": "Male", "height": [72, "in"], "weight": [77.6, "kg"]}).value == pytest.approx(77.6)
    assert compute(62, {"sex": "Male", "height": [72, "in"], "weight": [67.6, "kg"]}).value == pytest.approx(73.6)


def test_missing_weight():
    with pytest.raises(InputError) as ei:
        compute(62, {"sex": "Male", "height": [72, "in"]})
    assert ei.value.field == "weight"
