"""Delta ratio: ΔAG / ΔHCO3 = (anion gap − 12) / (24 − HCO3).

Compares the rise of the anion gap with the fall of bicarbonate (Wrenn 1990; Rastegar 2007): about 1-2
in a pure high-gap acidosis, < 1 with a coexisting normal-gap acidosis, > 2 with a coexisting
metabolic alkalosis. Undefined when bicarbonate is exactly 24 mEq/L (an error is raised).
"""

from clinverify.calculators.formulas._anion_gap import (
    AG_PARAMETER,
    CATEGORY,
    GAP_INPUTS,
    NORMAL_AG,
    NORMAL_AG_REFERENCE,
    NORMAL_HCO3,
    NORMAL_HCO3_REFERENCE,
    NOTE_NORMALS,
    RASTEGAR,
    WRENN,
    anion_gap,
    bicarbonate_fall,
    gap_formula,
    gap_lines,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt


def compute(sodium, chloride, bicarbonate):
    ag = anion_gap(sodium, chloride, bicarbonate)
    delta_gap = ag - NORMAL_AG
    fall = bicarbonate_fall(bicarbonate, "delta_ratio")
    # + 0.0 turns a -0.0 (zero delta gap over a negative fall) into 0.0.
    return delta_gap / fall + 0.0, {"anion_gap": ag, "delta_gap": delta_gap, "bicarbonate_fall": fall}


def explain(inputs, inter, value):
    return [
        "Delta ratio = (anion gap − 12) / (24 − bicarbonate), all in mEq/L.",
        *gap_lines(inputs, inter["anion_gap"]),
        f"Delta gap = {fmt(inter['anion_gap'])} − 12 = {fmt(inter['delta_gap'])} mEq/L; fall in bicarbonate = "
        f"{fmt(NORMAL_HCO3)} − {fmt(inputs['bicarbonate'])} = {fmt(inter['bicarbonate_fall'])} mEq/L.",
        f"Delta ratio = {fmt(inter['delta_gap'])} / {fmt(inter['bicarbonate_fall'])} = {fmt(value)}.",
    ]


# The anion gap this calculator starts from leaves potassium out: its normal gap of 12 does. The
# anion gap with potassium (an accepted convention on its own) is a wrong formula here.
MAIN_FORM_ONLY = ("anion_gap",)

# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    gap_formula(
        "delta_ratio",
        ("delta ratio", "delta-delta", "delta delta", "delta/delta", "δ/δ", "δag/δhco3", "δag / δhco3", "δag/δhco₃"),
        "(AG − 12) / (24 − HCO₃)",
        lambda v: (v["ag"] - 12) / (24 - v["hco3"]),
    ),
)


# The gaps a trace states for the patient, checked against this patient's electrolytes (verifier).
PARAMETERS = (AG_PARAMETER,)
REFERENCES = (NORMAL_AG_REFERENCE, NORMAL_HCO3_REFERENCE,)  # the normal values a trace states

CALCULATOR = Calculator(
    id="delta_ratio",
    medcalc_id=64,
    medcalc_name="Delta Ratio",
    name="Delta ratio",
    category=CATEGORY,
    description="Rise of the anion gap over the fall of bicarbonate; detects mixed metabolic disorders.",
    inputs=GAP_INPUTS,
    output=Output("", "decimal", 2),
    citations=(WRENN, RASTEGAR),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(NOTE_NORMALS, "Undefined (error) when bicarbonate equals 24 mEq/L.", NOTE_UNIT_SLIP),
    keywords=('metabolic acidosis', 'mixed acid-base disorder', 'nephrology', 'critical care'),
    examples=('Rastegar 2007 (J Am Soc Nephrol 18:2429) ratio: hand-calculated cases (tests/calculators/test_delta_ratio.py)',),
    population='A physiological formula, not derived from a patient cohort; for high anion-gap metabolic acidosis.',
)
