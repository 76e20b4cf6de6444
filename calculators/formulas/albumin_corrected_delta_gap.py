"""Albumin-corrected delta gap: albumin-corrected anion gap − 12 = AG + 2.5 × (4.0 − albumin (g/dL)) − 12.

The excess of the anion gap, corrected for albumin (Figge et al. 1998), over the normal gap of
12 mEq/L: the quantity MedCalc-Bench calls the albumin-corrected delta gap (its v1.0 and its
physician-corrected labels agree on it). No primary source defines this composite; with
``definition='wrenn'`` the bicarbonate fall is also subtracted, as in Wrenn's (1990) delta gap:
(corrected AG − 12) − (24 − HCO3).
"""

from clinverify.calculators.formulas._anion_gap import (
    AG_PARAMETER,
    ALBUMIN_INPUTS,
    ALBUMIN_SLOPE,
    CATEGORY,
    CORRECTED_AG_PARAMETER,
    FIGGE,
    KRAUT_MADIAS,
    NORMAL_AG,
    NORMAL_AG_REFERENCE,
    NORMAL_ALBUMIN_REFERENCE,
    NORMAL_HCO3,
    NORMAL_HCO3_REFERENCE,
    NOTE_ALBUMIN,
    NOTE_NORMALS,
    WRENN,
    albumin_adjustment,
    albumin_lines,
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
        "anion_gap_excess": ("delta anion gap", "ag - 12", "anion gap excess"),
        "wrenn": ("wrenn 1990", "dag - dhco3"),
    },
    "anion_gap_excess: corrected AG − 12 (default); wrenn: (corrected AG − 12) − (24 − HCO3)",
    required=False,
    default="anion_gap_excess",
)


def compute(sodium, chloride, bicarbonate, albumin, normal_albumin=4.0, definition="anion_gap_excess"):
    ag = anion_gap(sodium, chloride, bicarbonate)
    adjustment = albumin_adjustment(albumin, normal_albumin)
    corrected = ag + adjustment
    excess = corrected - NORMAL_AG
    fall = NORMAL_HCO3 - bicarbonate
    value = excess - fall if definition == "wrenn" else excess
    return value, {"anion_gap": ag, "albumin_adjustment": adjustment, "corrected_anion_gap": corrected, "bicarbonate_fall": fall}


def explain(inputs, inter, value):
    lines = [
        *gap_lines(inputs, inter["anion_gap"]),
        *albumin_lines(inputs, inter["anion_gap"], inter["albumin_adjustment"], inter["corrected_anion_gap"]),
    ]
    if inputs["definition"] == "wrenn":
        excess = inter["corrected_anion_gap"] - NORMAL_AG
        return [
            "Albumin-corrected delta gap (Wrenn form) = (albumin-corrected anion gap − 12) − (24 − bicarbonate), mEq/L.",
            *lines,
            f"Delta gap = ({fmt(inter['corrected_anion_gap'])} − 12) − (24 − {fmt(inputs['bicarbonate'])}) = {fmt(excess)} − "
            f"{fmt(inter['bicarbonate_fall'])} = {fmt(value)} mEq/L.",
        ]
    return [
        "Albumin-corrected delta gap = albumin-corrected anion gap − 12 mEq/L.",
        *lines,
        f"Albumin-corrected delta gap = {fmt(inter['corrected_anion_gap'])} − 12 = {fmt(value)} mEq/L.",
    ]


# The anion gap this calculator starts from leaves potassium out: its normal gap of 12 does. The
# anion gap with potassium (an accepted convention on its own) is a wrong formula here.
MAIN_FORM_ONLY = ("anion_gap",)

# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    gap_formula(
        "albumin_corrected_delta_gap",
        ("albumin corrected delta gap", "albumin-corrected delta gap"),
        "albumin-corrected AG − 12",
        lambda v: v["acdg"],
    ),
)


# The gaps a trace states for the patient, checked against this patient's electrolytes (verifier).
PARAMETERS = (AG_PARAMETER, CORRECTED_AG_PARAMETER,)
REFERENCES = (NORMAL_ALBUMIN_REFERENCE, NORMAL_AG_REFERENCE, NORMAL_HCO3_REFERENCE,)  # the normal values a trace states
SLOPES = (ALBUMIN_SLOPE,)  # the albumin correction stated in words

CALCULATOR = Calculator(
    id="albumin_corrected_delta_gap",
    medcalc_id=66,
    medcalc_name="Albumin Corrected Delta Gap",
    name="Albumin-corrected delta gap",
    category=CATEGORY,
    description="Rise of the albumin-corrected anion gap above the normal 12 mEq/L.",
    inputs=(*ALBUMIN_INPUTS, DEFINITION),
    output=Output("mEq/L", "decimal", 1),
    citations=(FIGGE, KRAUT_MADIAS, WRENN),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(
        "Default: corrected AG − 12 (MedCalc-Bench's definition, confirmed by its physician-corrected labels). Unlike "
        "delta_gap, whose default is Wrenn's (AG − 12) − (24 − HCO3); definition='wrenn' gives that form here.",
        NOTE_ALBUMIN,
        NOTE_NORMALS,
        NOTE_UNIT_SLIP,
    ),
    keywords=('metabolic acidosis', 'mixed acid-base disorder', 'nephrology', 'critical care'),
    examples=('Figge 1998 correction and Wrenn 1990 (Ann Emerg Med 19:1310) delta gap: a worked example and hand-calculated cases (tests/calculators/test_albumin_corrected_delta_gap.py)',),
    population='A physiological formula, not derived from a patient cohort; for high anion-gap metabolic acidosis with hypoalbuminaemia.',
)
