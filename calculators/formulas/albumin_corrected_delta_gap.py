"""Albumin-corrected delta gap: (AG + 2.5 × (4.0 − albumin (g/dL))) − 12 mEq/L.

The rise of the albumin-corrected anion gap (Figge et al. 1998) above the normal gap of 12 mEq/L
(Wrenn 1990).
"""

from clinverify.calculators.formulas._anion_gap import (
    ALBUMIN_INPUTS,
    CATEGORY,
    FIGGE,
    NORMAL_AG,
    NOTE_ALBUMIN,
    NOTE_NORMALS,
    WRENN,
    albumin_adjustment,
    albumin_lines,
    anion_gap,
    gap_lines,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt


def compute(sodium, chloride, bicarbonate, albumin, normal_albumin=4.0):
    ag = anion_gap(sodium, chloride, bicarbonate)
    adjustment = albumin_adjustment(albumin, normal_albumin)
    corrected = ag + adjustment
    return corrected - NORMAL_AG, {"anion_gap": ag, "albumin_adjustment": adjustment, "corrected_anion_gap": corrected}


def explain(inputs, inter, value):
    return [
        "Albumin-corrected delta gap = albumin-corrected anion gap − 12 mEq/L.",
        *gap_lines(inputs, inter["anion_gap"]),
        *albumin_lines(inputs, inter["anion_gap"], inter["albumin_adjustment"], inter["corrected_anion_gap"]),
        f"Albumin-corrected delta gap = {fmt(inter['corrected_anion_gap'])} − 12 = {fmt(value)} mEq/L.",
    ]


CALCULATOR = Calculator(
    id="albumin_corrected_delta_gap",
    medcalc_id=66,
    medcalc_name="Albumin Corrected Delta Gap",
    name="Albumin-corrected delta gap",
    category=CATEGORY,
    description="Rise of the albumin-corrected anion gap above the normal 12 mEq/L.",
    inputs=ALBUMIN_INPUTS,
    output=Output("mEq/L", "decimal", 1),
    citations=(FIGGE, WRENN),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(NOTE_ALBUMIN, NOTE_NORMALS, NOTE_UNIT_SLIP),
)
