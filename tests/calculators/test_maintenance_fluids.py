import pytest

from clinverify.calculators import compute


@pytest.mark.parametrize(("kg", "rate"), [(5, 20), (10, 40), (15, 50), (20, 60), (70, 110)])
def test_holliday_segar_4_2_1(kg, rate):
    # Holliday & Segar 1957: 100/50/20 mL/kg/day = 4/2/1 mL/kg/h for the first 10 / next 10 / remaining kg.
    assert compute("maintenance_fluids", {"weight": [kg, "kg"]}).value == pytest.approx(rate)


def test_pounds():
    assert compute(22, {"weight": [154.324, "lbs"]}).value == pytest.approx(110, abs=0.01)
