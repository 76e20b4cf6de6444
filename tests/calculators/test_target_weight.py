import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def test_target_weight_from_bmi_definition():
    # BMI = weight / height² (Keys 1972), so the weight for a target BMI is BMI × height².
    r = compute("target_weight", {"Body Mass Index (BMI)": [22, "kg/m^2"], "height": [1.75, "m"]})
    assert r.value == pytest.approx(67.375)
    assert fmt(r.value) in r.explanation()[-1]
    assert compute(61, {"target_bmi": 25, "height": [70, "in"]}).value == pytest.approx(25 * 1.778**2)


def test_round_trip_with_bmi():
    w = compute(61, {"target_bmi": 23.4, "height": [168, "cm"]}).value
    assert compute("bmi", {"weight": [w, "kg"], "height": [168, "cm"]}).value == pytest.approx(23.4)


def test_implausible_target_bmi():
    with pytest.raises(InputError) as ei:
        compute(61, {"target_bmi": 2, "height": [170, "cm"]})
    assert ei.value.field == "target_bmi"
