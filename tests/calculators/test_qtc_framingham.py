"""Framingham QTc = QT + 0.154 (1 - RR) s (Sagie A et al., Am J Cardiol 1992;70:797-801)."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # HR 100: RR 0.6 s; 350 + 154 x 0.4 = 411.6 ms.
    r = compute("qtc_framingham", {"Heart Rate or Pulse": [100, "beats per minute"], "QT interval": [350, "msec"]})
    assert r.value == pytest.approx(411.6)
    assert r.intermediates["adjustment_ms"] == pytest.approx(61.6)


def test_rate_60_and_slow_rate():
    assert compute("qtc_framingham", {"heart_rate": 60, "qt_interval": 400}).value == pytest.approx(400)
    # HR 50: RR 1.2 s; 440 + 154 x (-0.2) = 409.2 ms.
    assert compute("qtc_framingham", {"heart_rate": 50, "qt_interval": 440}).value == pytest.approx(409.2)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("qtc_framingham", {"heart_rate": 1000, "qt_interval": 400})
    assert ei.value.field == "heart_rate"
