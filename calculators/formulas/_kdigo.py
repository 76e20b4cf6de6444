"""KDIGO CKD categories shared by the uACR and the KDIGO risk (heat map) calculators.

KDIGO 2024 CKD guideline (Kidney Int 2024;105(4S):S117-S314), Figure/Tables of the CGA classification,
unchanged from KDIGO 2012: GFR categories (mL/min/1.73 m²) G1 ≥ 90, G2 60-89, G3a 45-59, G3b 30-44,
G4 15-29, G5 < 15; albuminuria categories by ACR A1 < 30 mg/g (< 3 mg/mmol), A2 30-300 mg/g
(3-30 mg/mmol), A3 > 300 mg/g (> 30 mg/mmol). The guideline gives the mg/mmol limits as the
"approximate equivalent" of the mg/g ones (30 mg/g = 3.39 mg/mmol): a ratio is categorised with the
limits of the unit it is reported in.
"""

from clinverify.calculators.model import Citation

MG_G_PER_MG_MMOL = 1000.0 / 113.12  # creatinine 113.12 g/mol: 1 mmol = 0.11312 g, so 1 mg/mmol = 8.84 mg/g

KDIGO_2024 = Citation(
    "Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group. KDIGO 2024 Clinical Practice Guideline for the "
    "Evaluation and Management of Chronic Kidney Disease. Kidney Int. 2024;105(4S):S117-S314.",
    doi="10.1016/j.kint.2023.10.018",
    pmid="38490803",
)
KDIGO_2012 = Citation(
    "Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group. KDIGO 2012 Clinical Practice Guideline for the "
    "Evaluation and Management of Chronic Kidney Disease: summary of recommendation statements. Kidney Int Suppl. "
    "2013;3(1):5-14.",
    doi="10.1038/kisup.2012.77",
)

GFR_CATEGORIES = ("G1", "G2", "G3a", "G3b", "G4", "G5")
GFR_LOWER = (90.0, 60.0, 45.0, 30.0, 15.0, None)  # each category's lower limit (inclusive)
GFR_TERMS = ("normal or high", "mildly decreased", "mildly to moderately decreased", "moderately to severely decreased",
             "severely decreased", "kidney failure")
ALBUMINURIA_CATEGORIES = ("A1", "A2", "A3")
ALBUMINURIA_TERMS = ("normal to mildly increased", "moderately increased", "severely increased")
LIMITS = {"mg/g": (30.0, 300.0), "mg/mmol": (3.0, 30.0)}  # A2 from the first (inclusive), A3 above the second


def gfr_category(egfr: float) -> int:
    """Index 0-5 of G1..G5 for an eGFR in mL/min/1.73 m² (89.5 is G2: below 90).

    Compared at 6 decimals, so a value converted from another unit onto a limit lands on it."""
    egfr = round(egfr, 6)
    for i, lo in enumerate(GFR_LOWER):
        if lo is None or egfr >= lo:
            return i
    raise AssertionError(egfr)


def albuminuria_category(acr: float, unit: str) -> int:
    """Index 0-2 of A1..A3 for an ACR in ``unit`` (mg/g or mg/mmol): A2 from 30 (3) to 300 (30) inclusive."""
    a2, a3 = LIMITS[unit]
    acr = round(acr, 6)  # 3 mg/dL albumin / 100 mg/dL creatinine is 30 mg/g, not 29.999999999996
    return 0 if acr < a2 else 1 if acr <= a3 else 2


def albuminuria_text(index: int, unit: str) -> str:
    a2, a3 = LIMITS[unit]
    span = (f"< {a2:g}", f"{a2:g}–{a3:g}", f"> {a3:g}")[index]
    return f"{ALBUMINURIA_CATEGORIES[index]} ({ALBUMINURIA_TERMS[index]}, {span} {unit})"
