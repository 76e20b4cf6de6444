"""Calculated serum osmolality: 2 × Na + glucose / 18 + BUN / 2.8 (mOsm/kg; Na mmol/L, glucose and BUN mg/dL).

Sodium is doubled for its accompanying anions; glucose / 18 and BUN / 2.8 turn mg/dL into mmol/L
(molar masses 180 and 28, urea nitrogen). The form reviewed by Gennari (NEJM 1984); Dorwart & Chalmers
(Clin Chem 1975) compared it with 12 other published equations against measured osmolality.
"""

from clinverify.calculators.formulas._electrolytes import GLUCOSE, NOTE_UNIT_SLIP, SODIUM, unit_slip_adapter
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

BUN = Number(
    "bun", "mg/dL", (1.0, 300.0), "blood urea nitrogen (urea in mmol/L is converted)", analyte="bun",
    aliases=("Blood Urea Nitrogen (BUN)", "blood urea nitrogen", "urea nitrogen", "serum urea nitrogen"),
)


def compute(sodium, glucose, bun):
    sodium_term = 2.0 * sodium
    glucose_term = glucose / 18.0
    bun_term = bun / 2.8
    return sodium_term + glucose_term + bun_term, {"sodium_term": sodium_term, "glucose_term": glucose_term, "bun_term": bun_term}


def explain(inputs, inter, value):
    return [
        "Serum osmolality = 2 × sodium (mmol/L) + glucose (mg/dL) / 18 + BUN (mg/dL) / 2.8.",
        f"Sodium {fmt(inputs['sodium'])} mmol/L; glucose {fmt(inputs['glucose'])} mg/dL; BUN {fmt(inputs['bun'])} mg/dL.",
        f"Osmolality = 2 × {fmt(inputs['sodium'])} + {fmt(inputs['glucose'])} / 18 + {fmt(inputs['bun'])} / 2.8 = "
        f"{fmt(inter['sodium_term'])} + {fmt(inter['glucose_term'])} + {fmt(inter['bun_term'])} = {fmt(value)} mOsm/kg.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="serum_osmolality",
        names=("serum osmolality", "osmolality"),
        text="2 × Na + BUN / 2.8 + glucose / 18",
        # Potassium is read so that "2 × (Na⁺ + K⁺) + …" is judged (it is not this formula's).
        phrases={"na": ("sodium", "na"), "bun": ("blood urea nitrogen", "bun"), "glucose": ("glucose",), "k": ("potassium", "k")},
        sample=lambda r: {"na": r.uniform(120, 160), "bun": r.uniform(5, 80), "glucose": r.uniform(60, 600), "k": r.uniform(2.5, 6.5)},
        forms=(lambda v: 2 * v["na"] + v["bun"] / 2.8 + v["glucose"] / 18,),
    ),
)


CALCULATOR = Calculator(
    id="serum_osmolality",
    medcalc_id=30,
    medcalc_name="Serum Osmolality",
    name="Calculated serum osmolality",
    category="electrolytes",
    description="Calculated serum osmolality, 2 Na + glucose/18 + BUN/2.8; compare with measured for the osmolal gap.",
    inputs=(SODIUM, GLUCOSE, BUN),
    output=Output("mOsm/kg", "decimal", 0),
    citations=(
        Citation("Gennari FJ. Serum osmolality. Uses and limitations. N Engl J Med. 1984;310(2):102-105.", doi="10.1056/NEJM198401123100207", pmid="6361557"),
        Citation(
            "Dorwart WV, Chalmers L. Comparison of methods for calculating serum osmolality from chemical concentrations, "
            "and the prognostic value of such calculations. Clin Chem. 1975;21(2):190-194.",
            pmid="1112025",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(
        "Glucose in mmol/L and urea in mmol/L are converted to mg/dL (glucose 18.016, urea nitrogen 2.8014 mg/dL per mmol/L).",
        NOTE_UNIT_SLIP,
    ),
    keywords=('osmolal gap', 'sodium', 'toxicology', 'hyponatraemia', 'nephrology', 'hyponatremia', 'osmolar gap', 'toxic alcohols'),
    examples=('Gennari 1984 (NEJM 310:102) 2 Na + glucose/18 + BUN/2.8: hand-calculated cases (tests/calculators/test_serum_osmolality.py)',),
    population='A physiological formula, not derived from a patient cohort; glucose and urea in mg/dL (Gennari 1984).',
)
