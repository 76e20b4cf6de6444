import math

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


@pytest.mark.parametrize(
    ("height", "weight", "bsa"),
    [
        # Mosteller 1987 (N Engl J Med 317:1098): BSA (m²) = √(height cm × weight kg / 3600).
        ([180, "cm"], [80, "kg"], 2.0),  # 14400 / 3600 = 4, √4 = 2
        ([160, "cm"], [58.5, "kg"], math.sqrt(160 * 58.5 / 3600)),
        ([50, "cm"], [3.5, "kg"], math.sqrt(50 * 3.5 / 3600)),  # newborn, ≈ 0.22 m²
    ],
)
def test_mosteller(height, weight, bsa):
    assert compute("body_surface_area", {"height": height, "weight": weight}).value == pytest.approx(bsa)


def test_imperial_units_and_explanation():
    # 70 in (177.8 cm), 176.37 lb (80 kg).
    r = compute(60, {"height": [70, "in"], "weight": [176.37, "lbs"]})
    assert r.value == pytest.approx(math.sqrt(177.8 * 80 / 3600), rel=1e-4)
    assert fmt(r.value) in r.explanation()[-1]


def test_bad_weight():
    with pytest.raises(InputError) as ei:
        compute(60, {"height": [170, "cm"], "weight": [-3, "kg"]})
    assert ei.value.field == "weight"
