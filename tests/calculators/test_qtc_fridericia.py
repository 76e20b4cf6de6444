"""Fridericia QTc = QT / RR^(1/3) (Fridericia LS, Acta Med Scand 1920;53:469-86)."""

import pytest

from clinverify.calculators import InputError, compute


def test_rate_60_leaves_qt_unchanged():
    assert compute("qtc_fridericia", {"heart_rate": 60, "qt_interval": 420}).value == pytest.approx(420)


def test_worked_example():
    # HR 120: RR 0.5 s, cube root 0.7937; 320 / 0.7937 = 403.2 ms.
    r = compute("qtc_fridericia", {"Heart Rate or Pulse": [120, "beats per minute"], "QT interval": [320, "msec"]})
    assert r.value == pytest.approx(320 / 0.5 ** (1 / 3))
    assert r.value == pytest.approx(403.2, abs=0.1)


def test_slow_rate_shortens():
    # Bradycardia (RR > 1 s): QTc < QT.
    assert compute("qtc_fridericia", {"heart_rate": 45, "qt_interval": 480}).value < 480


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("qtc_fridericia", {"heart_rate": 70})
    assert ei.value.field == "qt_interval"
