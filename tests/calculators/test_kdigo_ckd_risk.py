"""KDIGO CKD heat map: KDIGO 2024 CKD guideline (Kidney Int 2024;105(4S):S117-S314, PMID 38490803), figure
"Prognosis of CKD by GFR and albuminuria categories", the same as KDIGO 2012 (Kidney Int Suppl 2013;3:5-14,
the same heat map). Colours: green 0, yellow 1, orange 2, red 3. GFR G1 >= 90, G2 60-89, G3a 45-59, G3b 30-44,
G4 15-29, G5 < 15; ACR A1 < 30, A2 30-300, A3 > 300 mg/g (< 3, 3-30, > 30 mg/mmol). Published examples: the
National Kidney Foundation's "CKD Risk Map" case studies (https://www.kidney.org/casestudies): eGFR 110 and ACR
20 mg/g -> G1/A1, low risk; eGFR 96 and ACR 260 mg/g -> G1/A2, moderately increased risk; eGFR 92 and ACR 416 mg/g ->
G1/A3 (the stored copy read here is cut before that case's risk level, which the heat map gives as high)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("kdigo_ckd_risk")

# The published heat map, row by row (G1..G5), read off the KDIGO figure: columns A1, A2, A3.
HEAT_MAP = {
    "G1": ("green", "yellow", "orange"),
    "G2": ("green", "yellow", "orange"),
    "G3a": ("yellow", "orange", "red"),
    "G3b": ("orange", "red", "red"),
    "G4": ("red", "red", "red"),
    "G5": ("red", "red", "red"),
}
LEVEL = {"green": 0, "yellow": 1, "orange": 2, "red": 3}
# eGFR values inside each G category and on its lower limit; ACR values inside each A category (mg/g).
EGFR = {"G1": (90, 120), "G2": (60, 89.9), "G3a": (45, 59.9), "G3b": (30, 44.9), "G4": (15, 29.9), "G5": (0, 14.9)}
ACR = ((0, 29.9), (30, 300), (300.1, 2000))


@pytest.mark.parametrize("g", list(HEAT_MAP))
def test_every_cell_of_the_heat_map(g):
    for a, colour in enumerate(HEAT_MAP[g]):
        for egfr in EGFR[g]:
            for acr in ACR[a]:
                r = compute("kdigo_ckd_risk", {"egfr": egfr, "uacr": acr})
                assert r.value == LEVEL[colour], (g, a, egfr, acr)
                assert r.intermediates["albuminuria_category"] == a + 1


@pytest.mark.parametrize("egfr,acr,cell,reading", [
    (110, 20, (1, 1), "level 0, low risk"),                      # 44-year-old woman, ADPKD: "G1/A1 ... risk of progression is low"
    (96, 260, (1, 2), "level 1, moderately increased risk"),     # 55-year-old man, hypertension: "G1/A2 ... moderately increased"
    (92, 416, (1, 3), "level 2, high risk"),                     # 27-year-old woman, type 1 diabetes: "G1/A3"
])
def test_published_nkf_risk_map_case_studies(egfr, acr, cell, reading):
    # kidney.org/casestudies: the NKF's case for each heat-map cell, with its eGFR (mL/min/1.73 m2) and ACR (mg/g).
    r = compute("kdigo_ckd_risk", {"egfr": egfr, "uacr": acr})
    assert (r.intermediates["gfr_category"], r.intermediates["albuminuria_category"]) == cell
    assert reading in r.explanation()[-1]


def test_worked_example_g3a_a2():
    # eGFR 52 (45-59: G3a), ACR 120 mg/g (30-300: A2): G3aA2, orange, high risk.
    r = compute("kdigo_ckd_risk", {"egfr": 52, "acr": 120})
    assert r.value == 2 and r.intermediates["gfr_category"] == 3
    assert "G3aA2" in r.explanation()[-1] and "high risk" in r.explanation()[-1]


def test_worked_example_g2_a1_is_low():
    # eGFR 75 (G2), ACR 10 mg/g (A1): green; not CKD without other markers of kidney damage.
    r = compute("kdigo_ckd_risk", {"egfr": [75, "mL/min/1.73 m²"], "uacr": 10})
    assert r.value == 0 and "no CKD" in r.explanation()[-1]


@pytest.mark.parametrize("acr,expected", [("2.9 mg/mmol", 0), ("3 mg/mmol", 1), ("30 mg/mmol", 1), ("30.1 mg/mmol", 2)])
def test_mg_per_mmol_uses_its_own_limits(acr, expected):
    # G3a row: A1 yellow (1), A2 orange (2), A3 red (3); 3 mg/mmol is A2 by the SI limits although it is 26.5 mg/g.
    r = compute("kdigo_ckd_risk", {"egfr": 50, "uacr": acr})
    assert r.intermediates["albuminuria_category"] == expected + 1
    assert r.value == expected + 1


def test_uacr_mg_mmol_key():
    assert compute("kdigo_ckd_risk", {"egfr": 35, "uacr_mg_mmol": 3}).value == 3  # G3b A2: red


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("kdigo_ckd_risk", {"egfr": 50})
    assert ei.value.field == "uacr"
    with pytest.raises(InputError) as ei:
        compute("kdigo_ckd_risk", {"egfr": 50, "uacr": 40, "uacr_mg_mmol": 4})
    assert ei.value.field == "uacr_mg_mmol"
    with pytest.raises(InputError) as ei:
        compute("kdigo_ckd_risk", {"egfr": -3, "uacr": 40})
    assert ei.value.field == "egfr"
    with pytest.raises(InputError) as ei:
        compute("kdigo_ckd_risk", {"egfr": 50, "uacr": "lots"})
    assert ei.value.field == "uacr"
