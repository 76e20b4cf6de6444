"""Free water deficit = TBW x (Na/140 - 1); TBW fraction 0.6 children and men, 0.5 women and elderly men,
0.45 elderly women (Adrogué HJ, Madias NE. Hypernatremia. NEJM 2000;342:1493-9)."""

import pytest

from clinverify.calculators import InputError, compute


def test_adult_man():
    # 70 kg man, Na 160: 0.6 x 70 x (160/140 - 1) = 6.0 L.
    r = compute("free_water_deficit", {"sex": "Male", "age": [40, "years"], "weight": [70, "kg"], "Sodium": [160, "mmol/L"]})
    assert r.value == pytest.approx(6.0)
    assert r.intermediates["tbw_fraction"] == 0.6


@pytest.mark.parametrize(
    "sex, age, fraction",
    [("Female", 40, 0.5), ("Male", 70, 0.5), ("Female", 80, 0.45), ("Female", 10, 0.6), ("Male", 17.9, 0.6), ("Female", 65, 0.45), ("Male", 64.9, 0.6)],
)
def test_tbw_fractions(sex, age, fraction):
    r = compute("free_water_deficit", {"sex": sex, "age": age, "weight": 50, "sodium": 154})
    assert r.intermediates["tbw_fraction"] == fraction
    assert r.value == pytest.approx(fraction * 50 * 0.1)


def test_units_and_hyponatraemia():
    # 33 lb = 14.97 kg; age in months; Na below 140 gives a negative deficit (water excess).
    r = compute("free_water_deficit", {"sex": "Female", "age": [18, "months"], "weight": [33.0, "lbs"], "sodium": [134.0, "mmol/L"]})
    assert r.value == pytest.approx(0.6 * 33 * 0.45359237 * (134 / 140 - 1))
    assert r.value < 0


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("free_water_deficit", {"sex": "Male", "age": 40, "weight": 70, "sodium": 400})
    assert ei.value.field == "sodium"
