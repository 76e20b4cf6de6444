import pytest

from clinverify.calculators import InputError, compute


def test_devine_worked_example():
    # Devine 1974: 50 kg + 2.3 kg per inch over 5 ft; a 6 ft man -> 50 + 2.3 * 12 = 77.6 kg.
    assert compute("ideal_body_weight", {"sex": "Male", "height": [72, "in"]}).value == pytest.approx(77.6)
    # 5 ft 4 in woman: 45.5 + 2.3 * 4 = 54.7 kg.
    assert compute(10, {"sex": "F", "height": [162.56, "cm"]}).value == pytest.approx(54.7)


def test_bad_height():
    with pytest.raises(InputError) as ei:
        compute("ideal_body_weight", {"sex": "Male", "height": [5, "kg"]})
    assert ei.value.field == "height"
