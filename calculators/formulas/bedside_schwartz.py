"""Bedside Schwartz equation for children: eGFR = 0.413 × height (cm) / creatinine (mg/dL)."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INPUTS = (
    Number("height", "cm", (30.0, 220.0), "height", aliases=("body height",)),
    Number("creatinine", "mg/dL", (0.05, 20.0), "serum creatinine (enzymatic, IDMS-traceable)", analyte="creatinine", aliases=("Creatinine",)),
)


def compute(height: float, creatinine: float):
    return 0.413 * height / creatinine, {}


def explain(inputs, inter, value):
    return [
        "Bedside Schwartz: eGFR = 0.413 × height (cm) / serum creatinine (mg/dL).",
        f"eGFR = 0.413 × {fmt(inputs['height'])} / {fmt(inputs['creatinine'])} = {fmt(value)} mL/min/1.73 m².",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements); k = 0.413 with
# height in cm (41.3 with height in m).
STATEMENTS = (
    Formula(
        key="bedside_schwartz",
        names=("bedside schwartz", "schwartz"),
        text="0.413 × height (cm) / serum creatinine (mg/dL)",
        phrases={"height": ("height",), "cr": ("serum creatinine", "creatinine", "scr", "cr")},
        sample=lambda r: {"height": r.uniform(50, 180), "cr": r.uniform(0.2, 3)},
        forms=(lambda v: 0.413 * v["height"] / v["cr"],),
    ),
)


CALCULATOR = Calculator(
    id="bedside_schwartz",
    name="Bedside Schwartz (pediatric eGFR)",
    category="nephrology",
    description="Pediatric GFR estimate from height and creatinine (ages 1-18).",
    inputs=INPUTS,
    output=Output("mL/min/1.73 m²", "decimal", 1),
    citations=(Citation("Schwartz GJ, Muñoz A, Schneider MF, et al. New equations to estimate GFR in children with CKD. J Am Soc Nephrol. 2009;20(3):629-637.", doi="10.1681/ASN.2008030287", pmid="19158356"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('pediatrics', 'kidney', 'egfr', 'gfr', 'creatinine', 'ckd', 'paediatric', 'children', 'schwartz'),
    population='Children aged 1-16 with chronic kidney disease (CKiD study; Schwartz 2009).',
    examples=('Schwartz 2009 (J Am Soc Nephrol 20:629) equation 0.413 × height/SCr: hand-calculated cases (tests/calculators/test_bedside_schwartz.py)',),
)
