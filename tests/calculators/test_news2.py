"""NEWS2: Royal College of Physicians, National Early Warning Score (NEWS) 2, London 2017 (chart 1: the
scoring bands; SpO2 scale 2 for patients with hypercapnic respiratory failure)."""

import pytest

from clinverify.calculators import InputError, compute


def test_news2_rcp_chart():
    e = {"rr": 22, "spo2": 94, "on_oxygen": True, "sbp": 105, "pulse": 115, "consciousness": "A", "temperature": 38.5}
    r = compute("news2", e)
    assert r.value == 2 + 1 + 2 + 1 + 2 + 0 + 1
    assert r.intermediates["spo2_points"] == 1
    # Scale 2: 90 % on air scores 0; 97 % on oxygen scores 3.
    assert compute("news2", {**e, "hypercapnic_target": True, "spo2": 90, "on_oxygen": False}).intermediates["spo2_points"] == 0
    assert compute("news2", {**e, "hypercapnic_target": True, "spo2": 97}).intermediates["spo2_points"] == 3


def test_news2_rejects_unknown_consciousness():
    with pytest.raises(InputError) as ei:
        compute("news2", {"rr": 16, "spo2": 98, "sbp": 120, "pulse": 70, "consciousness": "sleepy", "temperature": 37})
    assert ei.value.field == "consciousness"
