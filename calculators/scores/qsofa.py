"""qSOFA (quick SOFA): bedside screen for sepsis-related poor outcome outside the ICU."""

from clinverify.calculators.criteria import bands, custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    Number("respiratory_rate", "1/min", (0.0, 80.0), "respiratory rate", aliases=("Respiratory Rate", "rr"), required=False),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp"), required=False),
    Flag("altered_mentation", "altered mentation (GCS < 15)", aliases=("altered mental status",)),
    Number("gcs", "", (3.0, 15.0), "Glasgow Coma Scale (GCS < 15 counts as altered mentation)", aliases=("Glasgow Coma Score", "Glasgow Coma Scale"), required=False, integer=True),
)


def _mentation(i):
    gcs = i.get("gcs")
    altered = bool(i.get("altered_mentation")) or (gcs is not None and gcs < 15)
    why = f"GCS {gcs}" if gcs is not None else ("reported" if i.get("altered_mentation") else "not reported, assumed normal")
    return (1, f"Altered mentation ({why}): +1") if altered else (0, f"Altered mentation ({why}): +0")


CRITERIA = (
    bands("respiratory_rate_points", "respiratory_rate", [(None, 22, 0), (22, None, 1)], "Respiratory rate", "/min"),
    bands("systolic_bp_points", "systolic_bp", [(None, 100.0000001, 1), (100.0000001, None, 0)], "Systolic BP", "mmHg"),
    custom("altered_mentation_points", "Altered mentation", _mentation, 0, 1, points=lambda i: _mentation(i)[0]),
)
LOW, HIGH = score_range(CRITERIA)


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    return explain_criteria(CRITERIA, inputs, value, "qSOFA score") + ["A score ≥ 2 flags a higher risk of poor outcome from sepsis."]


CALCULATOR = Calculator(
    id="qsofa",
    name="qSOFA (quick SOFA)",
    category="critical care",
    description="Respiratory rate ≥ 22, systolic BP ≤ 100 mmHg, altered mentation: one point each (0-3).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Seymour CW, Liu VX, Iwashyna TJ, et al. Assessment of clinical criteria for sepsis: for the Third International Consensus Definitions for Sepsis and Septic Shock (Sepsis-3). JAMA. 2016;315(8):762-774.", doi="10.1001/jama.2016.0288", pmid="26903335"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('sepsis', 'infection', 'emergency medicine', 'mortality', 'quick sofa', 'critical care'),
    population='148907 encounters with suspected infection in 12 Pennsylvania hospitals (derivation), validated in 706399 encounters elsewhere (Seymour 2016).',
    examples=('Seymour 2016 (JAMA 315:762) criteria: hand-scored cases (tests/calculators/test_qsofa.py)',),
)
