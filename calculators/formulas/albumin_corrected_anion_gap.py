"""Albumin-corrected anion gap: AG + 2.5 × (4.0 − albumin (g/dL)).

Figge et al. (Crit Care Med 1998): each 1 g/dL fall in albumin lowers the observed gap by about
2.5 mEq/L (0.25 mEq/L per g/L), so adjusted AG = AG + 0.25 × (normal − observed albumin, g/L).
The normal albumin is the laboratory's; 4.0 g/dL is the common convention (optional input).
"""

from clinverify.calculators.formulas._anion_gap import (
    AG_PARAMETER,
    ALBUMIN_INPUTS,
    ALBUMIN_SLOPE,
    CATEGORY,
    CORRECTED_AG_PARAMETER,
    FIGGE,
    KRAUT_MADIAS,
    NORMAL_ALBUMIN_REFERENCE,
    NOTE_ALBUMIN,
    albumin_adjustment,
    albumin_lines,
    anion_gap,
    gap_formula,
    gap_lines,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt


def compute(sodium, chloride, bicarbonate, albumin, normal_albumin=4.0):
    ag = anion_gap(sodium, chloride, bicarbonate)
    adjustment = albumin_adjustment(albumin, normal_albumin)
    return ag + adjustment, {"anion_gap": ag, "albumin_adjustment": adjustment}


def explain(inputs, inter, value):
    return [
        "Albumin-corrected anion gap = (sodium − (chloride + bicarbonate)) + 2.5 × (normal albumin − albumin), mEq/L and g/dL.",
        *gap_lines(inputs, inter["anion_gap"]),
        *albumin_lines(inputs, inter["anion_gap"], inter["albumin_adjustment"], value),
        f"The albumin-corrected anion gap is {fmt(value)} mEq/L.",
    ]


# The anion gap this calculator starts from leaves potassium out: its normal gap of 12 does. The
# anion gap with potassium (an accepted convention on its own) is a wrong formula here.
MAIN_FORM_ONLY = ("anion_gap",)

# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    gap_formula(
        "albumin_corrected_anion_gap",
        ("albumin corrected anion gap", "albumin-corrected anion gap", "corrected anion gap", "corrected ag", "acag",
         "ag corr", "ag corrected", "agcorr", "anion gap corrected", "adjusted anion gap", "adjusted ag"),
        "AG + 2.5 × (4 − albumin)",
        lambda v: v["acag"],
    ),
)


# The gaps a trace states for the patient, checked against this patient's electrolytes (verifier).
PARAMETERS = (AG_PARAMETER, CORRECTED_AG_PARAMETER)  # the corrected gap is the result: named so that "corrected anion gap" is not read as the gap
REFERENCES = (NORMAL_ALBUMIN_REFERENCE,)  # the normal values a trace states
SLOPES = (ALBUMIN_SLOPE,)  # the albumin correction stated in words

CALCULATOR = Calculator(
    id="albumin_corrected_anion_gap",
    medcalc_id=65,
    medcalc_name="Albumin Corrected Anion Gap",
    name="Albumin-corrected anion gap",
    category=CATEGORY,
    description="Anion gap adjusted for hypoalbuminaemia, AG + 2.5 × (4.0 − albumin g/dL).",
    inputs=ALBUMIN_INPUTS,
    output=Output("mEq/L", "decimal", 1),
    citations=(FIGGE, KRAUT_MADIAS),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(NOTE_ALBUMIN, NOTE_UNIT_SLIP),
    keywords=('metabolic acidosis', 'nephrology', 'critical care', 'hypoalbuminaemia', 'hypoalbuminemia'),
    examples=('Figge 1998 (Crit Care Med 26:1807) correction, per-g/L and per-g/dL forms: hand-calculated cases (tests/calculators/test_albumin_corrected_anion_gap.py)',),
    population='A physiological formula, not derived from a patient cohort; the albumin factor from critically ill patients (Figge 1998).',
)
