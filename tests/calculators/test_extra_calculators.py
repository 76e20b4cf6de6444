"""Worked examples for the calculators beyond MedCalc-Bench (each computed by hand from its source)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.calculators import InputError, compute, get


def test_qsofa_seymour_2016():
    # Seymour 2016: RR >= 22, SBP <= 100, altered mentation; one point each.
    assert compute("qsofa", {"Respiratory Rate": 24, "sbp": 95, "gcs": 14}).value == 3
    assert compute("qsofa", {"rr": 21, "sbp": 101}).value == 0
    assert compute("qsofa", {"rr": 22, "sbp": 100}).value == 2


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


def test_meld_3_kim_2021():
    # Hand calculation of the published equation (female, bili 2, Na 130, INR 1.5, Cr 1.5, Alb 3.0) = 23.8 -> 24.
    r = compute("meld_3", {"sex": "F", "bilirubin": 2.0, "sodium": 130, "inr": 1.5, "creatinine": 1.5, "albumin": 3.0})
    assert r.value == 24 and r.intermediates["meld_3_unrounded"] == pytest.approx(23.82, abs=0.02)
    assert compute("meld_3", {"sex": "M", "bilirubin": 0.5, "sodium": 140, "inr": 0.9, "creatinine": 0.6, "albumin": 4.0}).value == 6


def test_ckd_epi_cr_cys_inker_2021():
    assert compute("ckd_epi_2021_cr_cys", {"sex": "M", "age": 50, "creatinine": 1.0, "cystatin_c": 1.0}).value == pytest.approx(88.1, abs=0.1)
    f = compute("ckd_epi_2021_cr_cys", {"sex": "F", "age": 50, "creatinine": 0.7, "cystatin_c": 0.8}).value
    assert f == pytest.approx(135 * 0.9961**50 * 0.963, rel=1e-6)


def test_bedside_schwartz():
    assert compute("bedside_schwartz", {"height": 120, "creatinine": 0.5}).value == pytest.approx(99.12)
    assert compute("bedside_schwartz", {"height": 120, "creatinine": [44.2, "µmol/L"]}).value == pytest.approx(99.12, rel=1e-3)


def test_aa_gradient_room_air():
    r = compute("aa_gradient", {"FiO2": 0.21, "PaO2": 90, "PaCO2": 40, "age": 40})
    assert r.intermediates["alveolar_po2"] == pytest.approx(99.73)
    assert r.value == pytest.approx(9.73)
    assert compute("aa_gradient", {"FiO2": [40, "%"], "PaO2": 90, "PaCO2": 40}).value == pytest.approx(0.4 * 713 - 50 - 90)


def test_winters():
    r = compute("winters_formula", {"bicarbonate": 12, "paco2": 30})
    assert r.value == 26 and r.intermediates["respiratory_response"] == 1


def test_reticulocytes():
    r = compute("corrected_reticulocyte_count", {"reticulocytes": 6, "hematocrit": 30})
    assert r.value == pytest.approx(4.0) and r.intermediates["reticulocyte_production_index"] == pytest.approx(4.0 / 1.5)


def test_abcd2_johnston_2007():
    e = {"age": 65, "sbp": 150, "dbp": 85, "clinical_features": "unilateral weakness", "duration_min": 30, "diabetes": True}
    assert compute("abcd2", e).value == 6
    assert compute("abcd2", {**e, "age": 59, "sbp": 130, "clinical_features": "speech", "duration_min": 5, "diabetes": False}).value == 1


def test_timi():
    assert compute("timi_ua_nstemi", {"age": 70, "st_deviation": True, "positive_marker": True}).value == 3
    assert compute("timi_ua_nstemi", {"age": 40}).value == 0


def test_alvarado():
    e = {"migration_to_rlq": 1, "anorexia": 1, "rlq_tenderness": 1, "temperature": [100, "°F"], "wbc": 12}
    assert compute("alvarado", e).value == 7
    assert compute("alvarado", {**e, "neutrophils_percent": 80, "rebound": True, "nausea_vomiting": True}).value == 10


def test_ranson():
    assert compute("ranson", {"age": 60, "wbc": [18000, "/µL"], "glucose": 250, "calcium": 7.5}).value == 4
    assert compute("ranson", {"age": 30}).value == 0


FLAG_SCORES = ["timi_ua_nstemi", "alvarado"]


@pytest.mark.parametrize("cid", FLAG_SCORES)
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_adding_a_present_criterion_never_lowers_the_score(cid, data):
    calc = get(cid)
    flags = [i.name for i in calc.inputs if i.kind == "flag"]
    base = {f: data.draw(st.booleans()) for f in flags}
    if "age" in {i.name for i in calc.inputs}:
        base["age"] = 50
    f = data.draw(st.sampled_from(flags))
    lo = compute(cid, {**base, f: False}).value
    hi = compute(cid, {**base, f: True}).value
    assert calc.output.minimum <= lo <= hi <= calc.output.maximum
