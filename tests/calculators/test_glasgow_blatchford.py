"""Glasgow-Blatchford score: Blatchford et al., Lancet 2000;356:1318-1321
(doi:10.1016/S0140-6736(00)02816-6), admission risk-marker table: urea (mmol/L) 6.5-8 -> 2, 8-10 -> 3,
10-25 -> 4, >=25 -> 6; Hb men 12-13 -> 1, 10-12 -> 3, <10 -> 6; women 10-12 -> 1, <10 -> 6;
SBP 100-109 -> 1, 90-99 -> 2, <90 -> 3; pulse >=100, melaena 1; syncope, hepatic disease, cardiac failure 2."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("glasgow_blatchford")
NORMAL = {"bun": 10.0, "hemoglobin": 14.0, "sex": "male", "systolic_bp": 130.0, "heart_rate": 80.0}
FLAGS = ("melena", "syncope", "hepatic_disease", "cardiac_failure")


def gbs(**kw):
    return compute("glasgow_blatchford", {**NORMAL, **kw})


def test_lookup():
    assert get(27) is CALC and get("Glasgow-Blatchford Bleeding Score (GBS)") is CALC


def test_score_zero_definition():
    # Blatchford 2000: 0 needs urea <6.5 mmol/L, Hb >=13 (men) / >=12 (women), SBP >=110, pulse <100, no other marker.
    assert gbs().value == 0 == CALC.output.minimum
    assert gbs(sex="female", hemoglobin=12.0, bun=[6.4, "mmol/L"], systolic_bp=110, heart_rate=99).value == 0


def test_maximum_is_23():
    r = gbs(bun=80, hemoglobin=8, systolic_bp=80, heart_rate=120, **{f: True for f in FLAGS})
    assert r.value == 23 == CALC.output.maximum


def test_worked_example():
    # Man, BUN 25 mg/dL (8.9 mmol/L: 3), Hb 10.0 (3), SBP 100 (1), pulse 108 (1), cardiac failure (2) = 10.
    r = gbs(bun=25, hemoglobin=10.0, systolic_bp=100, heart_rate=108, cardiac_failure=True)
    assert r.value == 10
    assert r.intermediates == {"bun_points": 3, "hemoglobin_points": 3, "systolic_bp_points": 1, "heart_rate_points": 1,
                               "melena_points": 0, "syncope_points": 0, "hepatic_disease_points": 0, "cardiac_failure_points": 2}


@pytest.mark.parametrize(
    "sex,hb,points",
    [("male", 13.0, 0), ("male", 12.9, 1), ("male", 12.0, 1), ("male", 11.9, 3), ("male", 10.0, 3), ("male", 9.9, 6),
     ("female", 12.0, 0), ("female", 11.9, 1), ("female", 10.0, 1), ("female", 9.9, 6)],
)
def test_haemoglobin_bands_are_half_open_and_sex_specific(sex, hb, points):
    assert gbs(sex=sex, hemoglobin=hb).intermediates["hemoglobin_points"] == points


@pytest.mark.parametrize("gl,points", [(130, 0), (120, 1), (100, 3), (99, 6)])
def test_haemoglobin_in_g_per_l(gl, points):
    assert gbs(hemoglobin=[gl, "g/L"]).intermediates["hemoglobin_points"] == points


@pytest.mark.parametrize(
    "bun,points",
    [(18.1, 0), (18.2, 2), (22.3, 2), (22.4, 3), (27.9, 3), (28.0, 4), (69.9, 4), (70.0, 6)],
)
def test_bun_bands_in_mg_per_dl(bun, points):
    assert gbs(bun=bun).intermediates["bun_points"] == points


@pytest.mark.parametrize(
    "mmol,points",
    [(6.4, 0), (6.5, 2), (7.9, 2), (8.0, 3), (9.9, 3), (10.0, 4), (24.9, 4), (25.0, 6)],
)
def test_urea_in_mmol_per_l_uses_the_papers_bands(mmol, points):
    assert gbs(bun=[mmol, "mmol/L"]).intermediates["bun_points"] == points


@pytest.mark.parametrize("sbp,points", [(110, 0), (109, 1), (100, 1), (99, 2), (90, 2), (89, 3)])
def test_systolic_bands(sbp, points):
    assert gbs(systolic_bp=sbp).intermediates["systolic_bp_points"] == points


def test_pulse_threshold():
    assert gbs(heart_rate=99).intermediates["heart_rate_points"] == 0
    assert gbs(heart_rate=100).intermediates["heart_rate_points"] == 1


def test_medcalc_bench_entity_keys():
    e = {"Hepatic disease history": True, "Blood Urea Nitrogen (BUN)": [22.0, "mmol/L"], "Recent syncope": True,
         "Heart Rate or Pulse": [96.0, "beats per minute"], "Hemoglobin": [12.0, "g/dL"], "sex": "Female",
         "Systolic Blood Pressure": [120.0, "mm Hg"], "Cardiac failure present": False, "Melena present": False}
    r = compute(27, e)
    assert r.value == 8  # urea 22 mmol/L 4 + syncope 2 + hepatic 2; Hb 12.0 in a woman scores 0
    assert "8" in r.explanation()[-2]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        gbs(sex=None)
    assert ei.value.field == "sex"
    with pytest.raises(InputError) as ei:
        gbs(bun=[20, "kg"])
    assert ei.value.field == "bun"
    with pytest.raises(InputError) as ei:
        gbs(hemoglobin=45)
    assert ei.value.field == "hemoglobin"
