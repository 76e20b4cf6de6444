"""Winter's formula: expected PaCO2 in metabolic acidosis = 1.5 × HCO3 + 8 (± 2)."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INPUTS = (
    Number("bicarbonate", "mmol/L", (1.0, 60.0), "serum bicarbonate", analyte="bicarbonate", aliases=("Bicarbonate", "hco3")),
    Number("paco2", "mmHg", (5.0, 200.0), "measured PaCO2 (optional: classifies the respiratory response)", aliases=("PaCO2",), required=False),
)


def compute(bicarbonate: float, paco2: float | None = None):
    expected = 1.5 * bicarbonate + 8.0
    inter = {"expected_low": expected - 2.0, "expected_high": expected + 2.0}
    if paco2 is not None:
        inter["respiratory_response"] = 0 if inter["expected_low"] <= paco2 <= inter["expected_high"] else (1 if paco2 > inter["expected_high"] else -1)
    return expected, inter


def explain(inputs, inter, value):
    lines = [
        "Winter's formula: expected PaCO2 = 1.5 × HCO3 + 8 ± 2 mmHg.",
        f"1.5 × {fmt(inputs['bicarbonate'])} + 8 = {fmt(value)} mmHg (range {fmt(inter['expected_low'])}–{fmt(inter['expected_high'])}).",
    ]
    if "respiratory_response" in inter:
        r = inter["respiratory_response"]
        lines.append(f"Measured PaCO2 {fmt(inputs['paco2'])} mmHg: " + ("appropriate compensation." if r == 0 else "higher: concomitant respiratory acidosis." if r > 0 else "lower: concomitant respiratory alkalosis."))
    return lines


# The formula as traces state it, for the verifier (clinverify.calculators.statements); the ± 2 band's
# edges are its forms too ("1.5 × HCO3 + 6 to 1.5 × HCO3 + 10").
STATEMENTS = (
    Formula(
        key="winters_formula",
        names=("expected pco2", "expected paco2", "winter's formula", "winters formula", "winters' formula"),
        text="1.5 × HCO₃ + 8 (± 2)",
        phrases={"hco3": ("serum bicarbonate", "bicarbonate", "hco3", "hco₃")},
        sample=lambda r: {"hco3": r.uniform(4, 30)},
        forms=(lambda v: 1.5 * v["hco3"] + 8, lambda v: 1.5 * v["hco3"] + 6, lambda v: 1.5 * v["hco3"] + 10),
    ),
)


CALCULATOR = Calculator(
    id="winters_formula",
    name="Winter's formula (expected PaCO2)",
    category="acid-base",
    description="Expected respiratory compensation for a metabolic acidosis.",
    inputs=INPUTS,
    output=Output("mmHg", "decimal", 1),
    citations=(Citation("Albert MS, Dell RB, Winters RW. Quantitative displacement of acid-base equilibrium in metabolic acidosis. Ann Intern Med. 1967;66(2):312-322.", doi="10.7326/0003-4819-66-2-312", pmid="6016545"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('metabolic acidosis', 'respiratory compensation', 'arterial blood gas', 'pco2', 'critical care', 'expected pco2', 'acid-base'),
    examples=('Albert, Dell & Winters 1967 (Ann Intern Med 66:312) 1.5 × HCO3 + 8 ± 2: hand-calculated cases (tests/calculators/test_winters_formula.py)',),
    population='Patients with metabolic acidosis (Albert, Dell & Winters 1967).',
)
