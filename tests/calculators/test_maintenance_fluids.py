import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


@pytest.mark.parametrize(("kg", "rate"), [(3.5, 14), (5, 20), (10, 40), (15, 50), (20, 60), (21, 61), (70, 110)])
def test_holliday_segar_4_2_1(kg, rate):
    # Holliday & Segar 1957 (Pediatrics 19:823): 100/50/20 mL/kg/day for the first 10 / next 10 / remaining
    # kg, used hourly as 4/2/1 mL/kg/h.
    assert compute("maintenance_fluids", {"weight": [kg, "kg"]}).value == pytest.approx(rate)


def test_units_and_explanation():
    assert compute(22, {"weight": [154.324, "lbs"]}).value == pytest.approx(110, abs=0.01)
    assert compute(22, {"weight": [8000, "g"]}).value == pytest.approx(32)
    r = compute(22, {"weight": 35})
    assert r.intermediates == {"first_10_kg": 40, "next_10_kg": 20, "above_20_kg": 15}
    assert fmt(r.value) in r.explanation()[-1]


def test_bad_weight():
    with pytest.raises(InputError) as ei:
        compute(22, {"weight": [0, "kg"]})
    assert ei.value.field == "weight"
