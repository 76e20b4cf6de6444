"""Serum sodium corrected for hyperglycaemia: Na + k × (glucose − 100) / 100, glucose in mg/dL.

Katz (NEJM 1973) derived from the osmotic shift of water out of cells that the sodium falls by about
1.6 mEq/L for each 100 mg/dL rise of glucose (k = 1.6, the default here). Hillier et al. (Am J Med 1999)
measured the fall during induced hyperglycaemia in six healthy subjects and proposed 2.4 mEq/L per
100 mg/dL as a better overall factor, larger above 400 mg/dL (k = 2.4, option ``factor='hillier'``).
The correction applies to hyperglycaemia: at a glucose of 100 mg/dL or less the sodium is not adjusted.
"""

from clinverify.calculators.formulas._electrolytes import GLUCOSE, NOTE_UNIT_SLIP, SODIUM, unit_slip_adapter
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Reference, Slope

FACTORS = {"katz": 1.6, "hillier": 2.4}  # mEq/L of sodium per 100 mg/dL of glucose above 100
FACTOR = Choice(
    "factor",
    {"katz": ("1.6", "katz 1973"), "hillier": ("2.4", "hillier 1999")},
    "correction factor: Katz 1.6 (default) or Hillier 2.4 mEq/L per 100 mg/dL",
    aliases=("correction factor",),
    required=False,
    default="katz",
)
NORMAL_GLUCOSE = 100.0  # mg/dL
# The glucose the correction counts from, as traces state it ("a normal glucose of 100 mg/dL").
REFERENCES = (Reference(("glucose", "blood glucose", "serum glucose"), (("Katz 1973", NORMAL_GLUCOSE),), "mg/dL", (70.0, 99.0), "glucose"),)


def compute(sodium, glucose, factor="katz"):
    k = FACTORS[factor]
    excess = max(glucose - NORMAL_GLUCOSE, 0.0)  # only hyperglycaemia is corrected
    adjustment = k * excess / 100.0
    return sodium + adjustment, {"factor": k, "glucose_excess": excess, "adjustment": adjustment}


def explain(inputs, inter, value):
    k = fmt(inter["factor"])
    who = "Katz 1973" if inputs["factor"] == "katz" else "Hillier 1999"
    lines = [
        f"Corrected sodium = measured sodium + {k} × (glucose − 100) / 100 ({who}), sodium in mEq/L, glucose in mg/dL.",
        f"Sodium {fmt(inputs['sodium'])} mEq/L; glucose {fmt(inputs['glucose'])} mg/dL.",
    ]
    if inter["glucose_excess"] == 0.0:
        lines.append(f"Glucose is not above 100 mg/dL, so no correction: corrected sodium = {fmt(value)} mEq/L.")
    else:
        lines.append(
            f"Corrected sodium = {fmt(inputs['sodium'])} + {k} × ({fmt(inputs['glucose'])} − 100) / 100 = "
            f"{fmt(inputs['sodium'])} + {fmt(inter['adjustment'])} = {fmt(value)} mEq/L."
        )
    return lines


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
# The factor as traces state it in words ("add 1.6 mEq/L for every 100 mg/dL increase in glucose").
SLOPES = (Slope(("glucose",), "mEq/L", "mg/dL", (("Katz 1973", FACTORS["katz"]), ("Hillier 1999", FACTORS["hillier"])), per_analyte="glucose", step=100.0, adjustment="adjustment"),)

STATEMENTS = (
    Formula(
        key="sodium_correction_hyperglycemia",
        names=("sodium correction", "corrected sodium", "corrected na", "na corrected", "sodium corrected"),
        text="Na + 0.016 × (glucose − 100) (Katz; Hillier: 0.024)",
        phrases={"na": ("measured sodium", "na measured", "measured na", "sodium", "na"), "glucose": ("glucose",)},
        sample=lambda r: {"na": r.uniform(120, 150), "glucose": r.uniform(150, 1200)},
        forms=(lambda v: v["na"] + 0.016 * (v["glucose"] - 100), lambda v: v["na"] + 0.024 * (v["glucose"] - 100)),
    ),
)


CALCULATOR = Calculator(
    id="sodium_correction_hyperglycemia",
    medcalc_id=26,
    medcalc_name="Sodium Correction for Hyperglycemia",
    name="Sodium corrected for hyperglycaemia",
    category="electrolytes",
    description="Measured sodium adjusted for the dilution caused by hyperglycaemia (Katz 1.6 or Hillier 2.4 per 100 mg/dL).",
    inputs=(SODIUM, GLUCOSE, FACTOR),
    output=Output("mEq/L", "decimal", 1),
    citations=(
        Citation(
            "Katz MA. Hyperglycemia-induced hyponatremia: calculation of expected serum sodium depression. "
            "N Engl J Med. 1973;289(16):843-844.",
            doi="10.1056/NEJM197310182891607",
            pmid="4763428",
        ),
        Citation(
            "Hillier TA, Abbott RD, Barrett EJ. Hyponatremia: evaluating the correction factor for hyperglycemia. "
            "Am J Med. 1999;106(4):399-403.",
            doi="10.1016/s0002-9343(99)00055-8",
            pmid="10225241",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(
        "Default factor Katz 1.6 mEq/L per 100 mg/dL (the original derivation); factor='hillier' gives 2.4. MedCalc-Bench "
        "v1.0 labels use 2.4; its physician-corrected labels use 1.6.",
        "No correction when glucose ≤ 100 mg/dL. Glucose in mmol/L is converted (18.016 mg/dL per mmol/L).",
        NOTE_UNIT_SLIP,
    ),
    keywords=('hyponatraemia', 'hyperglycaemia', 'diabetes', 'dka', 'endocrinology', 'hyponatremia', 'pseudohyponatremia', 'corrected sodium'),
    examples=('Katz 1973 (NEJM 289:843) 1.6 and Hillier 1999 (Am J Med 106:399) 2.4 per 100 mg/dL: hand-calculated cases (tests/calculators/test_sodium_correction_hyperglycemia.py)',),
    population='Katz 1973: derived from theory; Hillier 1999: hyperglycaemia induced in healthy volunteers.',
)
