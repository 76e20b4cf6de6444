import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def test_dowell_2022_worked_examples():
    # Dowell et al. 2022 (MMWR Recomm Rep 71(3)), Table footnote: hydrocodone 5 mg four times a day = 20 MME/day;
    # oxycodone 10 mg twice a day = 30 MME/day.
    assert compute("morphine_milligram_equivalents", {"HYDROcodone Dose": [5, "mg"], "HYDROcodone Dose Per Day": [4, "per day"]}).value == pytest.approx(20)
    assert compute(49, {"OxyCODONE Dose": [10, "mg"], "OxyCODONE Dose Per Day": [2, "per day"]}).value == pytest.approx(30)


@pytest.mark.parametrize(
    ("drug", "dose", "factor"),
    [
        # Dowell 2022 Table: codeine 0.15, fentanyl transdermal 2.4 per µg/hr, hydrocodone 1, hydromorphone 5,
        # methadone 4.7, morphine 1, oxycodone 1.5, oxymorphone 3, tapentadol 0.4, tramadol 0.2.
        ("Codeine", [100, "mg"], 0.15),
        ("FentANYL patch", [25, "mcg/hr"], 2.4),
        ("HYDROmorphone", [2, "mg"], 5.0),
        ("Methadone", [10, "mg"], 4.7),
        ("Morphine", [30, "mg"], 1.0),
        ("OxyMORphone", [10, "mg"], 3.0),
        ("Tapentadol", [50, "mg"], 0.4),
        ("TraMADol", [50, "mg"], 0.2),
        # CDC MME compilation (2017): buccal/sublingual fentanyl 0.13 per µg.
        ("FentaNYL buccal", [100, "µg"], 0.13),
    ],
)
def test_cdc_2022_factors(drug, dose, factor):
    r = compute(49, {f"{drug} Dose": dose, f"{drug} Dose Per Day": [1, "per day"]})
    assert r.value == pytest.approx(dose[0] * factor)


def test_medcalc_patch_written_in_mg_is_read_as_ug_per_hour():
    # MedCalc-Bench writes "25 mg of FentANYL patch"; a patch strength is µg/hr: 25 × 2.4 = 60 MME/day.
    e = {"OxyCODONE Dose": [10, "mg"], "OxyCODONE Dose Per Day": [3, "per day"], "FentANYL patch Dose": [25, "mg"], "FentANYL patch Dose Per Day": [1, "per day"]}
    r = compute(49, e)
    assert r.value == pytest.approx(45 + 60)
    assert r.intermediates["fentanyl_patch_mme_per_day"] == pytest.approx(60)
    assert compute(49, {"fentanyl patch dose": [25, "mg"]}).value == pytest.approx(60)
    assert fmt(r.value) in r.explanation()[-1]


def test_cdc_2016_table():
    # Dowell et al. 2016 (MMWR Recomm Rep 65(1)): methadone by total daily dose 1-20 mg: 4, 21-40: 8, 41-60: 10, >60: 12;
    # hydromorphone 4; tramadol 0.1.
    for per_dose, per_day, factor in ((10, 2, 4), (10, 3, 8), (20, 2, 8), (25, 2, 10), (30, 3, 12)):
        e = {"Methadone Dose": [per_dose, "mg"], "Methadone Dose Per Day": [per_day, "per day"], "guideline": "cdc2016"}
        assert compute(49, e).value == pytest.approx(per_dose * per_day * factor)
    e = {"HYDROmorphone Dose": [4, "mg"], "TraMADol Dose": [50, "mg"], "TraMADol Dose Per Day": [2, "per day"], "guideline": "2016"}
    assert compute(49, e).value == pytest.approx(16 + 10)
    e["guideline"] = "cdc2022"
    assert compute(49, e).value == pytest.approx(20 + 20)


def test_no_opioids_is_zero_and_missing_count_is_once_daily():
    assert compute(49, {}).value == 0
    assert compute(49, {"Morphine Dose": [15, "mg"]}).value == pytest.approx(15)


def test_bad_inputs():
    with pytest.raises(InputError) as ei:
        compute(49, {"Morphine Dose": [15, "mmHg"]})
    assert ei.value.field == "morphine_dose"
    with pytest.raises(InputError) as ei:
        compute(49, {"Morphine Dose": [15, "mg"], "guideline": "who"})
    assert ei.value.field == "guideline"
