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


@pytest.mark.parametrize(
    ("method", "adult", "infant"),
    [
        # 165 cm, 60 kg adult; 50 cm, 3.5 kg newborn (W kg, H cm).
        ("du_bois_1916", 1.6587, 0.2086),  # Du Bois 1916: 0.007184 × W^0.425 × H^0.725
        ("haycock_1978", 1.6607, 0.2244),  # Haycock 1978: 0.024265 × W^0.5378 × H^0.3964
        ("gehan_george_1970", 1.6704, 0.2338),  # Gehan & George 1970: 0.0235 × W^0.51456 × H^0.42246
        ("boyd_1935", 1.6711, 0.2299),  # Boyd 1935: 0.0003207 × H^0.3 × (1000 W)^(0.7285 − 0.0188 log10(1000 W))
    ],
)
def test_other_formulas(method, adult, infant):
    assert compute("body_surface_area", {"height": 165, "weight": 60, "method": method}).value == pytest.approx(adult, abs=1e-4)
    assert compute("body_surface_area", {"height": 50, "weight": 3.5, "method": method}).value == pytest.approx(infant, abs=1e-4)


def test_default_is_mosteller_and_explanations_name_the_formula():
    from clinverify.calculators import get

    assert get("body_surface_area").versions()["method"][1] == "mosteller_1987"
    assert compute("body_surface_area", {"height": 180, "weight": 80, "method": "Mosteller_1987"}).value == 2.0
    r = compute("body_surface_area", {"height": 165, "weight": 60, "method": "du_bois_1916"})
    assert r.explanation()[0].startswith("Du Bois") and fmt(r.value) in r.explanation()[-1]
    r = compute("body_surface_area", {"height": 165, "weight": 60, "method": "boyd_1935"})
    assert r.intermediates["weight_g"] == 60000 and fmt(r.value) in r.explanation()[-1]
