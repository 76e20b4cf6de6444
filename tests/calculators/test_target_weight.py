import pytest

from clinverify.calculators import compute


def test_target_weight():
    assert compute("target_weight", {"Body Mass Index (BMI)": [22, "kg/m^2"], "height": [1.75, "m"]}).value == pytest.approx(67.375)
    assert compute(61, {"target_bmi": 25, "height": [70, "in"]}).value == pytest.approx(25 * 1.778**2)
