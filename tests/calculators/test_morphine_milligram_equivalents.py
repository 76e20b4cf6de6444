import pytest

from clinverify.calculators import compute


def test_cdc_2022_factors():
    # Dowell 2022: oxycodone 1.5, fentanyl patch 2.4 per µg/hr, tramadol 0.2.
    e = {"OxyCODONE Dose": [10, "mg"], "OxyCODONE Dose Per Day": [3, "per day"], "FentANYL patch Dose": [25, "mg"], "FentANYL patch Dose Per Day": [1, "per day"]}
    r = compute("morphine_milligram_equivalents", e)
    assert r.value == pytest.approx(45 + 60)
    assert r.intermediates["fentanyl_patch_mme_per_day"] == pytest.approx(60)


def test_cdc_2016_table():
    e = {"Methadone Dose": [10, "mg"], "Methadone Dose Per Day": [3, "per day"], "guideline": "cdc2016"}
    assert compute(49, e).value == pytest.approx(30 * 8)  # 21-40 mg/day -> factor 8
    e["guideline"] = "cdc2022"
    assert compute(49, e).value == pytest.approx(30 * 4.7)


def test_no_opioids_is_zero():
    assert compute(49, {}).value == 0
