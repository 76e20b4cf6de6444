"""Wells' criteria for PE: Wells et al., Thromb Haemost 2000;83:416-420 (PMID 10744147), the clinical
model: DVT signs 3.0, PE most likely 3.0, heart rate >100 1.5, immobilisation/surgery 1.5, previous
DVT/PE 1.5, haemoptysis 1.0, malignancy 1.0 (maximum 12.5)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("wells_pe")
FLAGS = ("clinical_dvt", "pe_most_likely", "immobilization", "recent_surgery", "previous_pe", "previous_dvt", "hemoptysis", "malignancy")


def test_lookup_and_decimal_output():
    assert get(8) is CALC and get("Wells' Criteria for Pulmonary Embolism") is CALC
    assert CALC.output.type == "decimal" and CALC.output.decimals == 1


def test_nothing_present_scores_zero():
    r = compute("wells_pe", {})
    assert r.value == 0.0 == CALC.output.minimum


def test_everything_present_scores_12_5():
    r = compute("wells_pe", {"heart_rate": 120, **{f: True for f in FLAGS}})
    assert r.value == 12.5 == CALC.output.maximum


def test_worked_example():
    # Signs of DVT (3) + PE most likely (3) + tachycardia 110 (1.5) = 7.5: high probability (>6), PE likely (>4).
    r = compute("wells_pe", {"clinical_dvt": True, "pe_most_likely": True, "heart_rate": [110, "beats per minute"]})
    assert r.value == 7.5
    text = "\n".join(r.explanation())
    assert "7.5" in text and "high clinical probability" in text and "PE likely" in text


@pytest.mark.parametrize("hr,points", [(100, 0), (100.5, 1.5), (101, 1.5), (60, 0)])
def test_heart_rate_strictly_above_100(hr, points):
    assert compute("wells_pe", {"heart_rate": hr}).intermediates["heart_rate_points"] == points


def test_paired_criteria_count_once():
    assert compute("wells_pe", {"immobilization": True, "recent_surgery": True}).value == 1.5
    assert compute("wells_pe", {"previous_pe": True, "previous_dvt": True}).value == 1.5


def test_medcalc_bench_entity_keys():
    e = {"Heart Rate or Pulse": [118.0, "beats per minute"], "Previously Documented Pulmonary Embolism": False,
         "Previously documented Deep Vein Thrombosis": True, "Immobilization for at least 3 days": False,
         "Hemoptysis": False, "Surgery in the previous 4 weeks": False, "Clinical signs and symptoms of Deep Vein Thrombosis": True,
         "Malignancy with treatment within 6 months or palliative": False, "Pulmonary Embolism is #1 diagnosis OR equally likely": False}
    assert compute(8, e).value == 6.0


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("wells_pe", {"heart_rate": [-5, "bpm"]})
    assert ei.value.field == "heart_rate"
    with pytest.raises(InputError) as ei:
        compute("wells_pe", {"hemoptysis": "a little"})
    assert ei.value.field == "hemoptysis"
