"""Delta gap: the rise of the anion gap above normal, ΔAG = (Na − (Cl + HCO3)) − 12 mEq/L.

Wrenn (Ann Emerg Med 1990) compared the rise in the gap with the fall in bicarbonate to detect mixed
acid-base disorders; 12 mEq/L is the conventional normal anion gap.
"""

from clinverify.calculators.formulas._anion_gap import CATEGORY, GAP_INPUTS, KRAUT_MADIAS, NORMAL_AG, NOTE_NORMALS, WRENN, anion_gap, gap_lines
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt


def compute(sodium, chloride, bicarbonate):
    ag = anion_gap(sodium, chloride, bicarbonate)
    return ag - NORMAL_AG, {"anion_gap": ag}


def explain(inputs, inter, value):
    return [
        "Delta gap = anion gap − 12 mEq/L, with anion gap = sodium − (chloride + bicarbonate).",
        *gap_lines(inputs, inter["anion_gap"]),
        f"Delta gap = {fmt(inter['anion_gap'])} − 12 = {fmt(value)} mEq/L.",
    ]


CALCULATOR = Calculator(
    id="delta_gap",
    medcalc_id=63,
    medcalc_name="Delta Gap",
    name="Delta gap",
    category=CATEGORY,
    description="Rise of the anion gap above the normal 12 mEq/L.",
    inputs=GAP_INPUTS,
    output=Output("mEq/L", "decimal", 1),
    citations=(WRENN, KRAUT_MADIAS),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(NOTE_NORMALS, NOTE_UNIT_SLIP),
)
