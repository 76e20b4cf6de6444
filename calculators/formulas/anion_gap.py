"""Serum anion gap: AG = Na − (Cl + HCO3), in mEq/L (potassium omitted, the usual convention).

Emmett & Narins (Medicine 1977) set out the clinical use of the gap between the measured cation and
the two measured anions; the normal range depends on the analyser (Kraut & Madias 2007).
"""

from clinverify.calculators.formulas._anion_gap import (
    CATEGORY,
    EMMETT_NARINS,
    GAP_INPUTS,
    GAP_PHRASES,
    KRAUT_MADIAS,
    anion_gap,
    gap_lines,
    gap_sample,
)
from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, unit_slip_adapter
from clinverify.calculators.model import Calculator, Output, fmt
from clinverify.calculators.statements import Formula


def compute(sodium, chloride, bicarbonate):
    ag = anion_gap(sodium, chloride, bicarbonate)
    return ag, {"measured_anions": chloride + bicarbonate}


def explain(inputs, inter, value):
    return ["Anion gap = sodium − (chloride + bicarbonate), all in mEq/L.", *gap_lines(inputs, value), f"The anion gap is {fmt(value)} mEq/L."]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="anion_gap",
        names=("anion gap", "ag"),
        text="Na − (Cl + HCO₃)",
        phrases=GAP_PHRASES | {"k": ("potassium", "k")},
        sample=lambda r: gap_sample(r) | {"k": r.uniform(2.5, 6)},
        forms=(lambda v: v["na"] - (v["cl"] + v["hco3"]), lambda v: v["na"] + v["k"] - (v["cl"] + v["hco3"])),
    ),
)


CALCULATOR = Calculator(
    id="anion_gap",
    medcalc_id=39,
    medcalc_name="Anion Gap",
    name="Anion gap",
    category=CATEGORY,
    description="Serum anion gap, Na − (Cl + HCO3); raised in metabolic acidosis from unmeasured anions.",
    inputs=GAP_INPUTS,
    output=Output("mEq/L", "decimal", 1),
    citations=(EMMETT_NARINS, KRAUT_MADIAS),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=("Potassium is not included. Sodium, chloride and bicarbonate in mmol/L equal mEq/L (monovalent).", NOTE_UNIT_SLIP),
    keywords=('metabolic acidosis', 'nephrology', 'emergency medicine', 'critical care', 'toxicology'),
    examples=('Emmett & Narins 1977 (Medicine 56:38), Kraut & Madias 2007 (CJASN 2:162): hand-calculated cases (tests/calculators/test_anion_gap.py)',),
    population="A physiological formula, not derived from a patient cohort; the normal range depends on the laboratory's analysers.",
)
