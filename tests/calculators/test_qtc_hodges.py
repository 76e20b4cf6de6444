"""Hodges QTc = QT + 1.75 (HR - 60) ms (Hodges M et al., J Am Coll Cardiol 1983;1:694, abstract)."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # HR 100: 360 + 1.75 x 40 = 430 ms.
    r = compute("qtc_hodges", {"Heart Rate or Pulse": [100, "beats per minute"], "QT interval": [360, "msec"]})
    assert r.value == pytest.approx(430)


def test_same_as_rr_form():
    # QT + 105 x (1/RR - 1) with RR = 60/HR is the same formula.
    hr, qt = 52, 330
    assert compute("qtc_hodges", {"heart_rate": hr, "qt_interval": qt}).value == pytest.approx(qt + 105 * (hr / 60 - 1))


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("qtc_hodges", {"heart_rate": "fast", "qt_interval": 400})
    assert ei.value.field == "heart_rate"
