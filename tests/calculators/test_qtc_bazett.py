"""Bazett QTc = QT / sqrt(RR), RR = 60/HR s (Bazett HC, Heart 1920;7:353-70)."""

import math

import pytest

from clinverify.calculators import InputError, compute


def test_rate_60_leaves_qt_unchanged():
    # At 60 beats/min RR = 1 s, so every rate correction returns the measured QT.
    assert compute("qtc_bazett", {"heart_rate": 60, "qt_interval": 400}).value == pytest.approx(400)


def test_worked_example():
    # HR 90: RR = 0.667 s, sqrt = 0.8165; 400 / 0.8165 = 489.9 ms.
    r = compute("qtc_bazett", {"Heart Rate or Pulse": [90, "beats per minute"], "QT interval": [400, "msec"]})
    assert r.value == pytest.approx(400 / math.sqrt(60 / 90))
    assert r.value == pytest.approx(489.9, abs=0.1)
    assert r.intermediates["rr_interval_s"] == pytest.approx(2 / 3)


def test_qt_in_seconds_is_converted():
    assert compute("qtc_bazett", {"heart_rate": "75 bpm", "qt_interval": "0.36 s"}).value == pytest.approx(360 / math.sqrt(0.8))


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("qtc_bazett", {"heart_rate": 0, "qt_interval": 400})
    assert ei.value.field == "heart_rate"
    with pytest.raises(InputError) as ei:
        compute("qtc_bazett", {"heart_rate": 70, "qt_interval": [400, "mmHg"]})
    assert ei.value.field == "qt_interval"
