"""A-a O2 gradient: the alveolar gas equation PAO2 = FiO2 x (760 - 47) - PaCO2 / 0.8 (West, Respiratory
Physiology: The Essentials, 10th ed. 2016); gradient = PAO2 - PaO2."""

import pytest

from clinverify.calculators import compute


def test_aa_gradient_room_air():
    r = compute("aa_gradient", {"FiO2": 0.21, "PaO2": 90, "PaCO2": 40, "age": 40})
    assert r.intermediates["alveolar_po2"] == pytest.approx(99.73)
    assert r.value == pytest.approx(9.73)
    assert compute("aa_gradient", {"FiO2": [40, "%"], "PaO2": 90, "PaCO2": 40}).value == pytest.approx(0.4 * 713 - 50 - 90)
