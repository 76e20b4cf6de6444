"""MELD-Na as used by UNOS/OPTN for liver allocation from January 2016 (OPTN Policy 9.1).

  MELD(i) = 0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643,
            rounded to the tenth decimal place and multiplied by 10;
  if MELD(i) > 11: MELD = MELD(i) + 1.32 × (137 − Na) − 0.033 × MELD(i) × (137 − Na).
Bounds (policy): creatinine, bilirubin and INR below 1.0 are set to 1.0; creatinine above 4.0 is
set to 4.0, and to 4.0 if the candidate was dialysed at least twice, or had ≥ 24 h of CVVHD, in
the past week; sodium is bounded to 125–137 mmol/L; the score is capped at 40.
The sodium term is Kim et al.'s (NEJM 2008) MELD-Na.
"""

import math

from clinverify.calculators.formulas.meld import BILIRUBIN, CREATININE, CVVHD, DIALYSIS, INR, _half_up, bounded_meld
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

SODIUM = Number("sodium", "mmol/L", (90.0, 200.0), "serum sodium", analyte="sodium", aliases=("serum sodium", "Na"))


def compute(creatinine, bilirubin, inr, sodium, dialysis_twice=False, cvvhd=False):
    # Dialysis sets creatinine to the 4.0 ceiling whatever was measured; MELD(i) is the original
    # MELD's R rounded to the tenth × 10 (meld.bounded_meld).
    cr, bili, inr_b, raw, meld_i = bounded_meld(creatinine, bilirubin, inr, dialysis_twice, cvvhd)
    na = min(max(sodium, 125.0), 137.0)
    if meld_i > 11:
        meld = meld_i + 1.32 * (137.0 - na) - 0.033 * meld_i * (137.0 - na)
    else:
        meld = float(meld_i)
    score = min(_half_up(meld), 40)
    return score, {
        "creatinine_used": cr,
        "bilirubin_used": bili,
        "inr_used": inr_b,
        "sodium_used": na,
        "meld_i_raw": raw,
        "meld_i": meld_i,
        "meld_na_unrounded": meld,
    }


def explain(inputs, inter, value):
    cr_note = (
        "set to 4.0 (dialysis ≥ 2× or CVVHD ≥ 24 h in the past week)"
        if inputs.get("dialysis_twice") or inputs.get("cvvhd")
        else "bounded to 1.0–4.0"
    )
    lines = [
        "UNOS/OPTN MELD-Na (2016): MELD(i) = 0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643, "
        "rounded to the tenth and × 10; if MELD(i) > 11, MELD = MELD(i) + 1.32 × (137 − Na) − 0.033 × MELD(i) × (137 − Na); cap 40.",
        f"Creatinine {fmt(inputs['creatinine'])} mg/dL, {cr_note}: {fmt(inter['creatinine_used'])}.",
        f"Bilirubin {fmt(inputs['bilirubin'])} mg/dL -> {fmt(inter['bilirubin_used'])}; INR {fmt(inputs['inr'])} -> "
        f"{fmt(inter['inr_used'])} (values below 1.0 are set to 1.0).",
        f"Sodium {fmt(inputs['sodium'])} mmol/L, bounded to 125–137: {fmt(inter['sodium_used'])}.",
        f"MELD(i) = 0.957 × ln({fmt(inter['creatinine_used'])}) + 0.378 × ln({fmt(inter['bilirubin_used'])}) + "
        f"1.120 × ln({fmt(inter['inr_used'])}) + 0.643 = {fmt(inter['meld_i_raw'])} -> {inter['meld_i']}.",
    ]
    if inter["meld_i"] > 11:
        na = fmt(137.0 - inter["sodium_used"])
        lines.append(
            f"MELD(i) > 11: {inter['meld_i']} + 1.32 × {na} − 0.033 × {inter['meld_i']} × {na} = "
            f"{fmt(inter['meld_na_unrounded'])}, rounded {'and capped at 40 ' if value == 40 and inter['meld_na_unrounded'] > 40.5 else ''}"
            f"= {value}."
        )
    else:
        lines.append(f"MELD(i) ≤ 11, so no sodium adjustment: MELD-Na = {value}.")
    return lines


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
# MELD(i), the first step of MELD Na (Kamath 2001 / OPTN): stated by name only ("MELD(i) = ...").
# Accepted as the policy writes it and × 10 (the policy multiplies it by 10 after rounding).
STATEMENTS = (
    Formula(
        key="meld_i",
        names=("meld(i)", "meld i", "meld (i)"),
        text="0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643",
        phrases={"cr": ("serum creatinine", "creatinine", "cr", "scr"), "bili": ("total bilirubin", "bilirubin", "bili"), "inr": ("inr",)},
        sample=lambda r: {"cr": r.uniform(1, 4), "bili": r.uniform(1, 15), "inr": r.uniform(1, 3.5)},
        forms=(
            lambda v: 0.957 * math.log(v["cr"]) + 0.378 * math.log(v["bili"]) + 1.120 * math.log(v["inr"]) + 0.643,
            lambda v: 10 * (0.957 * math.log(v["cr"]) + 0.378 * math.log(v["bili"]) + 1.120 * math.log(v["inr"]) + 0.643),
        ),
    ),
    # The sodium step (UNOS/OPTN 2016; applied when MELD(i) > 11), with MELD(i) as a variable.
    Formula(
        key="meld_na",
        names=("meld-na", "meld na", "meldna", "meld-na score", "meld na score"),
        text="MELD(i) + 1.32 × (137 − Na) − 0.033 × MELD(i) × (137 − Na)",
        phrases={"meld": ("meld(i)", "meld (i)", "meld i", "meld score", "meld"), "na": ("serum sodium", "sodium", "na")},
        sample=lambda r: {"meld": r.uniform(12, 40), "na": r.uniform(125, 137)},
        forms=(lambda v: v["meld"] + 1.32 * (137 - v["na"]) - 0.033 * v["meld"] * (137 - v["na"]),),
    ),
)


CALCULATOR = Calculator(
    id="meld_na",
    medcalc_id=23,
    medcalc_name="MELD Na (UNOS/OPTN)",
    name="MELD-Na (UNOS/OPTN 2016)",
    category="hepatology",
    description="Model for End-Stage Liver Disease with sodium, as computed by UNOS/OPTN policy from 2016 (6–40).",
    inputs=(CREATININE, BILIRUBIN, INR, SODIUM, DIALYSIS, CVVHD),
    output=Output("points", "integer", 0, minimum=6, maximum=40),
    citations=(
        Citation(
            "Kim WR, Biggins SW, Kremers WK, et al. Hyponatremia and mortality among patients on the liver-transplant "
            "waiting list. N Engl J Med. 2008;359(10):1018-1026.",
            doi="10.1056/NEJMoa0801209",
            pmid="18768945",
        ),
        Citation(
            "OPTN Policy 9.1, MELD score (serum sodium added January 2016).",
            url="https://optn.transplant.hrsa.gov/news/meld-serum-sodium-policy-changes/",
        ),
        Citation(
            "Kamath PS, Wiesner RH, Malinchoc M, et al. A model to predict survival in patients with end-stage liver "
            "disease. Hepatology. 2001;33(2):464-470.",
            doi="10.1053/jhep.2001.22172",
            pmid="11172350",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Creatinine, bilirubin and INR below 1.0 count as 1.0; creatinine is capped at 4.0 and set to 4.0 after dialysis "
        "at least twice (or ≥ 24 h CVVHD) in the past week; sodium is bounded to 125–137 mmol/L; the score is capped at 40.",
        "MELD(i) is rounded to one decimal and multiplied by 10 before the sodium term, as in the OPTN policy.",
        "Dialysis and CVVHD not mentioned count as absent.",
    ),
    keywords=('liver transplant', 'cirrhosis', 'end-stage liver disease', 'gastroenterology', 'meld', 'sodium'),
    population='Adults on the US liver transplant waiting list (OPTN; Kim 2008).',
    examples=('Kim 2008 (NEJM 359:1018) and OPTN policy 9.1 (2016): a worked example with the sodium term and hand-calculated cases (tests/calculators/test_meld_na.py)',),
)
