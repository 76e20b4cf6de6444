"""MELD 3.0 (Kim et al. 2021): MELD-Na with sex and albumin, refitted interactions."""

import math

from clinverify.calculators.inputs import Flag, Number, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INPUTS = (
    sex(),
    Number("bilirubin", "mg/dL", (0.1, 80.0), "total bilirubin", analyte="bilirubin", aliases=("Bilirubin",)),
    Number("sodium", "mmol/L", (90.0, 180.0), "serum sodium", analyte="sodium", aliases=("Sodium",)),
    Number("inr", "", (0.5, 20.0), "INR", aliases=("international normalized ratio",)),
    Number("creatinine", "mg/dL", (0.1, 30.0), "serum creatinine", analyte="creatinine", aliases=("Creatinine",)),
    Number("albumin", "g/dL", (0.5, 7.0), "serum albumin", analyte="albumin", aliases=("Albumin",)),
    Flag("dialysis", "dialysis ≥ 2 times or CVVHD ≥ 24 h in the past week (creatinine set to 3.0)", aliases=("Dialysis at least twice in the past week",)),
)


def _unrounded(v):
    """MELD 3.0 before rounding, from its bounded values (compute's and the statement's variables)."""
    b, c = math.log(v["bili"]), math.log(v["cr"])
    return (1.33 * v["female"] + 4.56 * b + 0.82 * (137 - v["na"]) - 0.24 * (137 - v["na"]) * b + 9.09 * math.log(v["inr"])
            + 11.14 * c + 1.85 * (3.5 - v["alb"]) - 1.83 * (3.5 - v["alb"]) * c + 6)


def compute(sex: str, bilirubin: float, sodium: float, inr: float, creatinine: float, albumin: float, dialysis: bool = False):
    # Bounds (Kim 2021): bilirubin, INR, creatinine at least 1.0; creatinine at most 3.0 (3.0 on
    # dialysis); sodium 125-137; albumin 1.5-3.5 g/dL.
    b, i = max(bilirubin, 1.0), max(inr, 1.0)
    c = 3.0 if dialysis else min(max(creatinine, 1.0), 3.0)
    na = min(max(sodium, 125.0), 137.0)
    alb = min(max(albumin, 1.5), 3.5)
    raw = _unrounded({"female": float(sex == "female"), "bili": b, "na": na, "inr": i, "cr": c, "alb": alb})
    # Rounded to the nearest integer and capped at 40 as in OPTN policy 9.1.
    score = min(int(math.floor(raw + 0.5)), 40)
    return score, {"bilirubin_used": b, "inr_used": i, "creatinine_used": c, "sodium_used": na, "albumin_used": alb, "meld_3_unrounded": raw}


def explain(inputs, inter, value):
    return [
        "MELD 3.0 = 1.33·(female) + 4.56·ln(bili) + 0.82·(137 − Na) − 0.24·(137 − Na)·ln(bili) + 9.09·ln(INR) + 11.14·ln(Cr) "
        "+ 1.85·(3.5 − Alb) − 1.83·(3.5 − Alb)·ln(Cr) + 6, rounded to an integer.",
        f"Bounded values: bilirubin {fmt(inter['bilirubin_used'])} mg/dL, INR {fmt(inter['inr_used'])}, creatinine {fmt(inter['creatinine_used'])} mg/dL, "
        f"sodium {fmt(inter['sodium_used'])} mmol/L, albumin {fmt(inter['albumin_used'])} g/dL; sex {inputs['sex']}.",
        f"MELD 3.0 = {fmt(inter['meld_3_unrounded'])} → {value} (rounded, capped at 40).",
    ]



# The equation as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="meld_3_unrounded",
        names=("meld 3.0", "meld 3", "meld3", "meld 3.0 score"),
        text="1.33 (female) + 4.56 ln(bili) + 0.82 (137 − Na) − 0.24 (137 − Na) ln(bili) + 9.09 ln(INR) + 11.14 ln(Cr) + 1.85 (3.5 − Alb) − 1.83 (3.5 − Alb) ln(Cr) + 6",
        phrases={
            "bili": ("total bilirubin", "bilirubin", "bili", "tbili"),
            "na": ("serum sodium", "sodium", "na"),
            "inr": ("inr",),
            "cr": ("serum creatinine", "creatinine", "cr", "scr"),
            "alb": ("serum albumin", "albumin", "alb"),
            "female": ("female", "sex", "female sex", "sex factor"),
        },
        sample=lambda r: {"bili": r.uniform(1, 15), "na": r.uniform(125, 137), "inr": r.uniform(1, 3.5), "cr": r.uniform(1, 3),
                          "alb": r.uniform(1.5, 3.5), "female": float(r.random() < 0.5)},
        forms=(_unrounded,),
        specialisable=frozenset({"female"}),
    ),
)


CALCULATOR = Calculator(
    id="meld_3",
    name="MELD 3.0",
    category="hepatology",
    description="90-day mortality score for end-stage liver disease, with sex and albumin (6-40).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=6, maximum=40),
    citations=(Citation("Kim WR, Mannalithara A, Heimbach JK, et al. MELD 3.0: The Model for End-Stage Liver Disease Updated for the Modern Era. Gastroenterology. 2021;161(6):1887-1895.e4.", doi="10.1053/j.gastro.2021.08.050", pmid="34481845"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('liver transplant', 'cirrhosis', 'end-stage liver disease', 'gastroenterology', 'meld'),
    population='Adults on the US liver transplant waiting list (SRTR; Kim 2021).',
    examples=('Kim 2021 (Gastroenterology 161:1887) published equation: hand-calculated cases (tests/calculators/test_meld_3.py)',),
)
