"""Delta gap (Wrenn 1990): ΔAG − ΔHCO3 = (anion gap − 12) − (24 − HCO3), in mEq/L.

Wrenn (Ann Emerg Med 1990), who introduced the term, defined the delta gap as the rise of the anion gap
above normal minus the fall of bicarbonate below normal. In a pure high-gap acidosis the two move
together and the delta gap is about 0; above +6 suggests a coexisting metabolic alkalosis, below −6 a
coexisting normal-gap (hyperchloraemic) acidosis. Because AG contains −HCO3, it reduces to Na − Cl − 36.

Many calculators, and MedCalc-Bench v1.0, call the rise of the gap alone, AG − 12 (the 'delta anion
gap', ΔAG), the delta gap; ``definition='anion_gap_excess'`` gives that quantity.
"""

from clinverify.calculators.formulas._anion_gap import (
    AG_PARAMETER,
    CATEGORY,
    GAP_INPUTS,
    KRAUT_MADIAS,
    NORMAL_AG,
    NORMAL_AG_REFERENCE,
    NORMAL_HCO3,
    NORMAL_HCO3_REFERENCE,
    NOTE_NORMALS,
    WRENN,
    anion_gap,
    gap_formula,
    gap_lines,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Output, fmt

DEFINITION = Choice(
    "definition",
    {
        "wrenn": ("wrenn 1990", "dag - dhco3"),
        "anion_gap_excess": ("delta anion gap", "ag - 12", "anion gap excess"),
    },
    "wrenn: (AG − 12) − (24 − HCO3) (default); anion_gap_excess: AG − 12",
    required=False,
    default="wrenn",
)


def compute(sodium, chloride, bicarbonate, definition="wrenn"):
    ag = anion_gap(sodium, chloride, bicarbonate)
    excess = ag - NORMAL_AG
    fall = NORMAL_HCO3 - bicarbonate
    value = excess - fall if definition == "wrenn" else excess
    return value, {"anion_gap": ag, "anion_gap_excess": excess, "bicarbonate_fall": fall}


def explain(inputs, inter, value):
    lines = gap_lines(inputs, inter["anion_gap"])
    dag = f"ΔAG = {fmt(inter['anion_gap'])} − 12 = {fmt(inter['anion_gap_excess'])} mEq/L"
    if inputs["definition"] == "anion_gap_excess":
        return ["Delta gap (anion-gap excess) = anion gap − 12 mEq/L.", *lines, f"{dag}; the delta gap is {fmt(value)} mEq/L."]
    return [
        "Delta gap (Wrenn) = ΔAG − ΔHCO3 = (anion gap − 12) − (24 − bicarbonate), in mEq/L.",
        *lines,
        f"{dag}; ΔHCO3 = 24 − {fmt(inputs['bicarbonate'])} = {fmt(inter['bicarbonate_fall'])} mEq/L.",
        f"Delta gap = {fmt(inter['anion_gap_excess'])} − {fmt(inter['bicarbonate_fall'])} = {fmt(value)} mEq/L "
        "(> +6: coexisting metabolic alkalosis; < −6: coexisting normal-gap acidosis).",
    ]


# The anion gap this calculator starts from leaves potassium out: its normal gap of 12 does. The
# anion gap with potassium (an accepted convention on its own) is a wrong formula here.
MAIN_FORM_ONLY = ("anion_gap",)

# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    gap_formula(
        "delta_gap",
        ("delta gap", "δag", "δ ag", "delta ag", "delta delta gap", "delta-delta gap"),
        "AG − 12 (Wrenn: (AG − 12) − (24 − HCO₃))",
        lambda v: v["ag"] - 12,
        lambda v: (v["ag"] - 12) - (24 - v["hco3"]),
    ),
)


# The gaps a trace states for the patient, checked against this patient's electrolytes (verifier).
PARAMETERS = (AG_PARAMETER,)
REFERENCES = (NORMAL_AG_REFERENCE, NORMAL_HCO3_REFERENCE,)  # the normal values a trace states

CALCULATOR = Calculator(
    id="delta_gap",
    medcalc_id=63,
    medcalc_name="Delta Gap",
    name="Delta gap",
    category=CATEGORY,
    description="Wrenn's delta gap, rise of the anion gap minus fall of bicarbonate; flags mixed metabolic disorders.",
    inputs=(*GAP_INPUTS, DEFINITION),
    output=Output("mEq/L", "decimal", 1),
    citations=(WRENN, KRAUT_MADIAS),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(
        "Default is Wrenn's definition (AG − 12) − (24 − HCO3), the one the MedCalc-Bench physician-corrected labels use; "
        "MedCalc-Bench v1.0 labels report AG − 12 (a common usage), available as definition='anion_gap_excess'.",
        NOTE_NORMALS,
        NOTE_UNIT_SLIP,
    ),
    keywords=('metabolic acidosis', 'mixed acid-base disorder', 'nephrology', 'critical care'),
    examples=('Wrenn 1990 (Ann Emerg Med 19:1310) definition and the AG − 12 definition: hand-calculated cases (tests/calculators/test_delta_gap.py)',),
    population='A physiological formula, not derived from a patient cohort; for high anion-gap metabolic acidosis.',
)
