"""Rautaharju QTc = QT x (120 + HR)/180 (Rautaharju PM, Mason JW, Akiyama T. Int J Cardiol 2014;174:535-40,
'QTcMod' in the abstract)."""

import pytest

from clinverify.calculators import InputError, compute


def test_worked_example():
    # HR 110: 330 x 230 / 180 = 421.67 ms.
    r = compute("qtc_rautaharju", {"Heart Rate or Pulse": [110, "beats per minute"], "QT interval": [330, "msec"]})
    assert r.value == pytest.approx(421.667, abs=1e-3)


def test_rate_60_leaves_qt_unchanged():
    assert compute("qtc_rautaharju", {"heart_rate": 60, "qt_interval": 400}).value == pytest.approx(400)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("qtc_rautaharju", {"heart_rate": 80, "qt_interval": 5})
    assert ei.value.field == "qt_interval"
