"""Albumin-corrected delta ratio: (albumin-corrected AG − 12) / (24 − HCO3).

The delta ratio (Wrenn 1990; Rastegar 2007) computed with the anion gap corrected for albumin,
AG + 2.5 × (4.0 − albumin g/dL) (Figge et al. 1998). Undefined when bicarbonate is exactly 24 mEq/L.
"""

from clinverify.calculators.formulas._anion_gap import (
    AG_PARAMETER,
    ALBUMIN_INPUTS,
    ALBUMIN_SLOPE,
    CATEGORY,
    CORRECTED_AG_PARAMETER,
    FIGGE,
    NORMAL_AG,
    NORMAL_AG_REFERENCE,
    NORMAL_ALBUMIN_REFERENCE,
    NORMAL_HCO3,
    NORMAL_HCO3_REFERENCE,
    NOTE_ALBUMIN,
    NOTE_NORMALS,
    RASTEGAR,
    albumin_adjustment,
    albumin_lines,
    anion_gap,
    bicarbonate_fall,
    gap_formula,
    gap_lines,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt


def compute(sodium, chloride, bicarbonate, albumin, normal_albumin=4.0):
    ag = anion_gap(sodium, chloride, bicarbonate)
    adjustment = albumin_adjustment(albumin, normal_albumin)
    corrected = ag + adjustment
    delta_gap = corrected - NORMAL_AG
    fall = bicarbonate_fall(bicarbonate, "albumin_corrected_delta_ratio")
    # + 0.0 turns a -0.0 (zero delta gap over a negative fall) into 0.0.
    return delta_gap / fall + 0.0, {
        "anion_gap": ag,
        "albumin_adjustment": adjustment,
        "corrected_anion_gap": corrected,
        "corrected_delta_gap": delta_gap,
        "bicarbonate_fall": fall,
    }


def explain(inputs, inter, value):
    return [
        "Albumin-corrected delta ratio = (albumin-corrected anion gap − 12) / (24 − bicarbonate), all in mEq/L.",
        *gap_lines(inputs, inter["anion_gap"]),
        *albumin_lines(inputs, inter["anion_gap"], inter["albumin_adjustment"], inter["corrected_anion_gap"]),
        f"Albumin-corrected delta gap = {fmt(inter['corrected_anion_gap'])} − 12 = {fmt(inter['corrected_delta_gap'])} mEq/L; "
        f"fall in bicarbonate = {fmt(NORMAL_HCO3)} − {fmt(inputs['bicarbonate'])} = {fmt(inter['bicarbonate_fall'])} mEq/L.",
        f"Albumin-corrected delta ratio = {fmt(inter['corrected_delta_gap'])} / {fmt(inter['bicarbonate_fall'])} = {fmt(value)}.",
    ]


# The anion gap this calculator starts from leaves potassium out: its normal gap of 12 does. The
# anion gap with potassium (an accepted convention on its own) is a wrong formula here.
MAIN_FORM_ONLY = ("anion_gap",)

# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    gap_formula(
        "albumin_corrected_delta_ratio",
        ("albumin corrected delta ratio", "albumin-corrected delta ratio"),
        "(albumin-corrected AG − 12) / (24 − HCO₃)",
        lambda v: v["acdg"] / (24 - v["hco3"]),
    ),
)


# The gaps a trace states for the patient, checked against this patient's electrolytes (verifier).
PARAMETERS = (AG_PARAMETER, CORRECTED_AG_PARAMETER,)
REFERENCES = (NORMAL_ALBUMIN_REFERENCE, NORMAL_AG_REFERENCE, NORMAL_HCO3_REFERENCE,)  # the normal values a trace states
SLOPES = (ALBUMIN_SLOPE,)  # the albumin correction stated in words

CALCULATOR = Calculator(
    id="albumin_corrected_delta_ratio",
    medcalc_id=67,
    medcalc_name="Albumin Corrected Delta Ratio",
    name="Albumin-corrected delta ratio",
    category=CATEGORY,
    description="Rise of the albumin-corrected anion gap over the fall of bicarbonate.",
    inputs=ALBUMIN_INPUTS,
    output=Output("", "decimal", 2),
    citations=(FIGGE, RASTEGAR),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(NOTE_ALBUMIN, NOTE_NORMALS, "Undefined (error) when bicarbonate equals 24 mEq/L.", NOTE_UNIT_SLIP),
    keywords=('metabolic acidosis', 'mixed acid-base disorder', 'nephrology', 'critical care'),
    examples=('Figge 1998 correction and Rastegar 2007 (J Am Soc Nephrol 18:2429) delta ratio: a worked example and hand-calculated cases (tests/calculators/test_albumin_corrected_delta_ratio.py)',),
    population='A physiological formula, not derived from a patient cohort; for high anion-gap metabolic acidosis with hypoalbuminaemia.',
)
