"""Fractional excretion of urea (FEUrea).

Carvounis et al. (Kidney Int 2002): FEUrea (%) = (urine urea × serum creatinine) / (serum urea ×
urine creatinine) × 100, both ureas in one unit and both creatinines in one unit (the units cancel;
urea nitrogen or urea gives the same ratio). In acute kidney injury, FEUrea ≤ 35 % suggests a
prerenal cause, including patients on diuretics, in whom FENa misleads; > 50 % suggests acute
tubular necrosis (Carvounis: prerenal 28 ± 14 %, ATN 59 ± 17 %).
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

# Urea as urea nitrogen (mg/dL); urea in mmol/L converts through the 'bun' analyte (1 mmol urea = 2.8 mg N).
BUN = Number("bun", "mg/dL", (1.0, 300.0), "serum (plasma) urea nitrogen (BUN)", analyte="bun",
             aliases=("blood urea nitrogen", "serum urea nitrogen", "serum urea", "plasma urea", "urea"))
CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum (plasma) creatinine", analyte="creatinine",
                    aliases=("serum creatinine", "plasma creatinine"))
URINE_UREA = Number("urine_urea", "mg/dL", (1.0, 10000.0), "urine urea nitrogen", analyte="bun",
                    aliases=("urine urea nitrogen", "urinary urea nitrogen", "urinary urea", "UUN"))
URINE_CREATININE = Number("urine_creatinine", "mg/dL", (1.0, 1500.0), "urine creatinine", analyte="creatinine",
                          aliases=("urinary creatinine",))


def compute(bun, creatinine, urine_urea, urine_creatinine):
    return urine_urea * creatinine / (bun * urine_creatinine) * 100.0, {
        "urea_ratio": urine_urea / bun,
        "creatinine_ratio": urine_creatinine / creatinine,
    }


def explain(inputs, inter, value):
    band = "≤ 35 %: prerenal" if value <= 35 else "> 50 %: intrinsic (acute tubular necrosis)" if value > 50 else "35–50 %: indeterminate"
    return [
        "FEUrea (%) = (urine urea × serum creatinine) / (serum urea × urine creatinine) × 100.",
        f"Urine urea nitrogen {fmt(inputs['urine_urea'])} mg/dL; serum urea nitrogen {fmt(inputs['bun'])} mg/dL; "
        f"urine creatinine {fmt(inputs['urine_creatinine'])} mg/dL; serum creatinine {fmt(inputs['creatinine'])} mg/dL.",
        f"FEUrea = ({fmt(inputs['urine_urea'])} × {fmt(inputs['creatinine'])}) / ({fmt(inputs['bun'])} × "
        f"{fmt(inputs['urine_creatinine'])}) × 100 = {fmt(value)} % ({band}).",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="feurea",
        names=("fractional excretion of urea", "feurea", "fe urea", "fe-urea"),
        text="(serum creatinine × urine urea) / (serum urea × urine creatinine) × 100",
        phrases={
            "ucr": ("urine creatinine",),
            "uun": ("urine urea nitrogen", "urine urea", "uun"),
            "scr": ("serum creatinine", "creatinine"),
            "bun": ("blood urea nitrogen", "serum urea", "bun", "urea"),
        },
        sample=lambda r: {"ucr": r.uniform(20, 200), "uun": r.uniform(100, 1500), "scr": r.uniform(0.5, 6), "bun": r.uniform(10, 120)},
        forms=(lambda v: v["scr"] * v["uun"] / (v["bun"] * v["ucr"]) * 100,),
    ),
)


CALCULATOR = Calculator(
    id="feurea",
    name="Fractional excretion of urea",
    category="renal",
    description="Percentage of filtered urea excreted in the urine; separates prerenal from intrinsic acute kidney injury, also on diuretics.",
    inputs=(BUN, CREATININE, URINE_UREA, URINE_CREATININE),
    output=Output("%", "decimal", 2),
    citations=(
        Citation(
            "Carvounis CP, Nisar S, Guro-Razuman S. Significance of the fractional excretion of urea in the differential "
            "diagnosis of acute renal failure. Kidney Int. 2002;62(6):2223-2229.",
            doi="10.1046/j.1523-1755.2002.00683.x",
            pmid="12427149",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("urine_urea", "creatinine"),
    decreasing=("bun", "urine_creatinine"),
    keywords=('acute kidney injury', 'aki', 'prerenal', 'diuretics', 'nephrology', 'urea'),
    population='Adults with acute kidney injury: prerenal, prerenal on diuretics and acute tubular necrosis (Carvounis 2002).',
    examples=('Carvounis 2002 (Kidney Int 62:2223) formula and 35 %/50 % cut-offs: hand-worked cases',),
    notes=(
        "Serum and urine samples taken at about the same time; urea as urea nitrogen (mg/dL) or urea (mmol/L) is converted, "
        "and the ratio is the same either way.",
        "Cut-offs (Carvounis 2002): ≤ 35 % prerenal, > 50 % acute tubular necrosis.",
    ),
)
