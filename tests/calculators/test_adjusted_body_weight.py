import pytest

from clinverify.calculators import compute


def test_worked_example():
    # 6 ft man weighing 120 kg: IBW 77.6 kg; ABW = 77.6 + 0.4 * (120 - 77.6) = 94.56 kg.
    r = compute("adjusted_body_weight", {"sex": "Male", "height": [72, "in"], "weight": [120, "kg"]})
    assert r.value == pytest.approx(94.56)
    assert r.intermediates["ibw"] == pytest.approx(77.6)
