"""MELD, the original Model for End-Stage Liver Disease, as UNOS/OPTN computed it from 2002 to 2016.

Kamath et al., Hepatology 2001 (from Malinchoc et al., Hepatology 2000):
  R = 0.957 × ln(creatinine mg/dL) + 0.378 × ln(bilirubin mg/dL) + 1.120 × ln(INR) + 0.643,
and MELD = 10 × R rounded to an integer (Kamath multiplied the aetiology term 0.643 by 0 for
cholestatic or alcoholic disease and 1 otherwise; UNOS keeps 0.643 for every aetiology).
UNOS bounds (Wiesner et al., Liver Transpl 2001; Gastroenterology 2003; OPTN policy): creatinine,
bilirubin and INR below 1.0 are set to 1.0; creatinine above 4.0 is set to 4.0, and to 4.0 when
the candidate was dialysed at least twice, or had >= 24 h of CVVHD, in the past week; the score is
capped at 40. R is rounded to the tenth and multiplied by 10 (the same integer as 10 × R rounded).
Minimum 6 (every value 1.0: R = 0.643).
"""

import math

from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum creatinine", analyte="creatinine", aliases=("serum creatinine",))
BILIRUBIN = Number("bilirubin", "mg/dL", (0.05, 80.0), "total bilirubin", analyte="bilirubin", aliases=("total bilirubin",))
INR = Number("inr", "", (0.5, 20.0), "international normalized ratio", aliases=("international normalized ratio",))
DIALYSIS = Flag("dialysis_twice", "dialysis at least twice in the past week", aliases=("Dialysis at least twice in the past week",))
CVVHD = Flag(
    "cvvhd",
    "continuous veno-venous hemodialysis for ≥ 24 hours in the past week",
    aliases=("Continuous veno-venous hemodialysis for ≥24 hours in the past week",),
)

LAB_FLOOR, CREATININE_CEILING, SCORE_CAP = 1.0, 4.0, 40
B_CREATININE, B_BILIRUBIN, B_INR, CONSTANT = 0.957, 0.378, 1.120, 0.643


def _half_up(x: float) -> int:
    """Round half away from zero (the policy's 'round'); x is positive here."""
    return math.floor(x + 0.5)


def bounded_meld(creatinine, bilirubin, inr, dialysis_twice=False, cvvhd=False) -> tuple[float, float, float, float, int]:
    """The UNOS-bounded labs, R and R rounded to the tenth × 10 (MELD(i)): shared with MELD-Na."""
    cr = CREATININE_CEILING if dialysis_twice or cvvhd else min(max(creatinine, LAB_FLOOR), CREATININE_CEILING)
    bili = max(bilirubin, LAB_FLOOR)
    inr_b = max(inr, LAB_FLOOR)
    raw = B_CREATININE * math.log(cr) + B_BILIRUBIN * math.log(bili) + B_INR * math.log(inr_b) + CONSTANT
    return cr, bili, inr_b, raw, _half_up(raw * 10.0)


def compute(creatinine, bilirubin, inr, dialysis_twice=False, cvvhd=False):
    cr, bili, inr_b, raw, meld_uncapped = bounded_meld(creatinine, bilirubin, inr, dialysis_twice, cvvhd)
    return min(meld_uncapped, SCORE_CAP), {
        "creatinine_used": cr,
        "bilirubin_used": bili,
        "inr_used": inr_b,
        "meld_raw": raw,
        "meld_uncapped": meld_uncapped,
    }


def explain(inputs, inter, value):
    cr_note = ("set to 4.0 (dialysis ≥ 2× or CVVHD ≥ 24 h in the past week)" if inputs.get("dialysis_twice") or inputs.get("cvvhd")
               else "bounded to 1.0–4.0")
    capped = inter["meld_uncapped"] > SCORE_CAP
    return [
        "UNOS MELD: R = 0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643, rounded to the tenth and × 10; "
        "values below 1.0 set to 1.0, creatinine capped at 4.0, score capped at 40.",
        f"Creatinine {fmt(inputs['creatinine'])} mg/dL, {cr_note}: {fmt(inter['creatinine_used'])}.",
        f"Bilirubin {fmt(inputs['bilirubin'])} mg/dL -> {fmt(inter['bilirubin_used'])}; INR {fmt(inputs['inr'])} -> "
        f"{fmt(inter['inr_used'])} (values below 1.0 are set to 1.0).",
        f"R = 0.957 × ln({fmt(inter['creatinine_used'])}) + 0.378 × ln({fmt(inter['bilirubin_used'])}) + "
        f"1.120 × ln({fmt(inter['inr_used'])}) + 0.643 = {fmt(inter['meld_raw'])}.",
        f"MELD = 10 × {fmt(round(inter['meld_raw'], 1), 1)} = {inter['meld_uncapped']}"
        + (f", capped at 40: MELD {value}." if capped else f": MELD {value}."),
    ]


def _r(v):
    return 0.957 * math.log(v["cr"]) + 0.378 * math.log(v["bili"]) + 1.120 * math.log(v["inr"]) + 0.643


# The formula as traces state it. Only names that say the original MELD: "MELD" alone is also what
# MELD-Na traces call their first step (meld_na.py declares it as MELD(i)).
STATEMENTS = (
    Formula(
        key="meld",
        names=("original meld", "meld (original)", "unos meld", "classic meld", "meld score (original)"),
        text="10 × (0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643)",
        phrases={"cr": ("serum creatinine", "creatinine", "cr", "scr"), "bili": ("total bilirubin", "bilirubin", "bili"), "inr": ("inr",)},
        sample=lambda r: {"cr": r.uniform(1, 4), "bili": r.uniform(1, 15), "inr": r.uniform(1, 3.5)},
        forms=(lambda v: 10 * _r(v), _r),
    ),
)


CALCULATOR = Calculator(
    id="meld",
    name="MELD (original, UNOS 2002)",
    category="hepatology",
    description="Model for End-Stage Liver Disease without sodium, with the UNOS bounds (6–40).",
    inputs=(CREATININE, BILIRUBIN, INR, DIALYSIS, CVVHD),
    output=Output("points", "integer", 0, minimum=6, maximum=SCORE_CAP),
    citations=(
        Citation(
            "Kamath PS, Wiesner RH, Malinchoc M, et al. A model to predict survival in patients with end-stage liver "
            "disease. Hepatology. 2001;33(2):464-470.",
            doi="10.1053/jhep.2001.22172",
            pmid="11172350",
        ),
        Citation(
            "Malinchoc M, Kamath PS, Gordon FD, Peine CJ, Rank J, ter Borg PC. A model to predict poor survival in patients "
            "undergoing transjugular intrahepatic portosystemic shunts. Hepatology. 2000;31(4):864-871.",
            doi="10.1053/he.2000.5852",
            pmid="10733541",
        ),
        Citation(
            "Wiesner RH, McDiarmid SV, Kamath PS, et al. MELD and PELD: application of survival models to liver allocation. "
            "Liver Transpl. 2001;7(7):567-580.",
            doi="10.1053/jlts.2001.25879",
            pmid="11460223",
        ),
        Citation(
            "Wiesner R, Edwards E, Freeman R, et al. Model for end-stage liver disease (MELD) and allocation of donor livers. "
            "Gastroenterology. 2003;124(1):91-96.",
            doi="10.1053/gast.2003.50016",
            pmid="12512033",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('liver', 'cirrhosis', 'transplant', 'end-stage liver disease', 'unos', 'optn'),
    population='Adults with cirrhosis: TIPS patients (Malinchoc 2000), validated in hospitalised, outpatient and PBC cohorts (Kamath 2001); UNOS liver allocation 2002-2016.',
    examples=("Kamath 2001 (Hepatology 33:464) equation with the UNOS bounds (Wiesner 2001/2003): hand-calculated cases incl. dialysis and cap; agreement with MELD-Na's MELD(i)",),
    increasing=("creatinine", "bilirubin", "inr", "dialysis_twice", "cvvhd"),
    notes=(
        "UNOS bounds: creatinine, bilirubin and INR below 1.0 count as 1.0; creatinine is capped at 4.0 and set to 4.0 "
        "after dialysis at least twice (or ≥ 24 h CVVHD) in the past week; the score is capped at 40.",
        "The aetiology term 0.643 is applied to every patient, as UNOS does (Kamath 2001 set it to 0 for cholestatic or "
        "alcoholic liver disease).",
        "Superseded for allocation by MELD-Na (2016, calculator meld_na) and MELD 3.0 (2023, meld_3).",
        "Dialysis and CVVHD not mentioned count as absent.",
    ),
)
