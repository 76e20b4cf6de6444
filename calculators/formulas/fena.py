"""Fractional excretion of sodium (FENa).

Espinel (JAMA 1976): FENa (%) = (urine Na × plasma Cr) / (plasma Na × urine Cr) × 100.
Both sodiums in one unit and both creatinines in one unit (the units cancel). In oliguric acute
kidney injury, < 1 % suggests a prerenal cause and > 1 % (Espinel: > 3 %) intrinsic renal injury.
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

SODIUM = Number("sodium", "mmol/L", (90.0, 200.0), "serum (plasma) sodium", analyte="sodium", aliases=("serum sodium", "plasma sodium", "plasma na", "serum na"))
CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum (plasma) creatinine", analyte="creatinine", aliases=("serum creatinine", "plasma creatinine", "plasma cr", "serum cr"))
URINE_SODIUM = Number("urine_sodium", "mmol/L", (0.0, 500.0), "urine sodium", analyte="sodium", aliases=("urinary sodium", "urine na"))
URINE_CREATININE = Number("urine_creatinine", "mg/dL", (1.0, 1500.0), "urine creatinine", analyte="creatinine", aliases=("urinary creatinine", "urine cr", "ucr"))


def compute(sodium, creatinine, urine_sodium, urine_creatinine):
    return urine_sodium * creatinine / (sodium * urine_creatinine) * 100.0, {
        "sodium_ratio": urine_sodium / sodium,
        "creatinine_ratio": urine_creatinine / creatinine,
    }


def explain(inputs, inter, value):
    return [
        "FENa (%) = (urine Na × serum Cr) / (serum Na × urine Cr) × 100.",
        f"Urine sodium {fmt(inputs['urine_sodium'])} mmol/L; serum sodium {fmt(inputs['sodium'])} mmol/L; "
        f"urine creatinine {fmt(inputs['urine_creatinine'])} mg/dL; serum creatinine {fmt(inputs['creatinine'])} mg/dL.",
        f"FENa = ({fmt(inputs['urine_sodium'])} × {fmt(inputs['creatinine'])}) / ({fmt(inputs['sodium'])} × "
        f"{fmt(inputs['urine_creatinine'])}) × 100 = {fmt(value)} %.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="fena",
        names=("fractional excretion of sodium", "fena"),
        text="(serum creatinine × urine sodium) / (serum sodium × urine creatinine) × 100",
        # (as models write them: "U_Na" is read "u na", "UCr" as "ucr", "plasma Cr", "urinary sodium")
        phrases={
            "ucr": ("urine creatinine", "urinary creatinine", "urine cr", "u cr", "ucr"),
            "una": ("urine sodium", "urinary sodium", "urine na", "u na", "una"),
            "scr": ("serum creatinine", "plasma creatinine", "serum cr", "plasma cr", "s cr", "p cr", "scr", "pcr", "creatinine"),
            "sna": ("serum sodium", "plasma sodium", "serum na", "plasma na", "s na", "p na", "sna", "pna", "sodium"),
        },
        sample=lambda r: {"ucr": r.uniform(20, 200), "una": r.uniform(5, 120), "scr": r.uniform(0.5, 6), "sna": r.uniform(120, 155)},
        forms=(lambda v: v["scr"] * v["una"] / (v["sna"] * v["ucr"]) * 100,),
    ),
)


CALCULATOR = Calculator(
    id="fena",
    medcalc_id=40,
    medcalc_name="Fractional Excretion of Sodium (FENa)",
    name="Fractional excretion of sodium",
    category="renal",
    description="Percentage of filtered sodium excreted in the urine; separates prerenal from intrinsic acute kidney injury.",
    inputs=(SODIUM, CREATININE, URINE_SODIUM, URINE_CREATININE),
    output=Output("%", "decimal", 2),
    citations=(
        Citation(
            "Espinel CH. The FENa test. Use in the differential diagnosis of acute renal failure. JAMA. 1976;236(6):579-581.",
            doi="10.1001/jama.1976.03270060029022",
            pmid="947239",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=("Serum and urine samples taken at about the same time; unreliable after diuretics (consider FEUrea).",),
    keywords=('nephrology', 'acute kidney injury', 'aki', 'prerenal', 'sodium'),
    examples=('Espinel 1976 (JAMA 236:579) formula: a prerenal worked example and hand-calculated cases (tests/calculators/test_fena.py)',),
    population='Patients with acute kidney injury, mainly oliguric (Espinel 1976); unreliable after diuretics.',
)
