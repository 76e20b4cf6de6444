import pytest

from clinverify.calculators import compute


def test_mosteller_example():
    # Mosteller 1987: sqrt(180 cm * 80 kg / 3600) = 2.0 m^2.
    assert compute("body_surface_area", {"height": [180, "cm"], "weight": [80, "kg"]}).value == pytest.approx(2.0)
    assert compute(60, {"height": [160, "cm"], "weight": [58.5, "kg"]}).value == pytest.approx(1.6125, rel=1e-4)
