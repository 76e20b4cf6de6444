"""CURB-65 severity score for community-acquired pneumonia (0-5).

Lim et al., Thorax 2003 (the CURB-65 score): one point each for Confusion (new disorientation in
person, place or time), Urea >7 mmol/L, Respiratory rate >=30/min, low Blood pressure (systolic <90 or
diastolic <=60 mmHg), and age >=65 years. 0-1 low risk, 2 intermediate, 3-5 high (consider ICU at 4-5).

Urea and BUN measure the same nitrogen: urea 7 mmol/L is BUN 19.6 mg/dL (2 N per urea, 28.0 g/mol),
so a BUN in mg/dL is converted to mmol/L through the molar mass of its nitrogen.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._icu import DIASTOLIC_BP, RESPIRATORY_RATE, SYSTOLIC_BP, check_blood_pressure
from clinverify.calculators.scores._rules import compare

UREA_CUTOFF = 7.0  # mmol/L, strictly above (Lim 2003)
SBP_CUTOFF, DBP_CUTOFF = 90.0, 60.0  # systolic <90 or diastolic <=60 mmHg

INPUTS = (
    age(),
    Flag("confusion", "new mental confusion (disorientation in person, place or time)", aliases=("Confusion", "new confusion")),
    Number("bun", "mmol/L", (0.1, 150.0), "blood urea nitrogen (mg/dL or mmol/L); not reported = normal", analyte="bun",
           required=False, aliases=("Blood Urea Nitrogen (BUN)", "BUN", "blood urea nitrogen")),
    Number("urea", "mmol/L", (0.1, 150.0), "serum urea (mmol/L, or mg/dL of urea); give it or BUN", analyte="urea",
           required=False, aliases=("serum urea", "blood urea")),
    RESPIRATORY_RATE,
    SYSTOLIC_BP,
    DIASTOLIC_BP,
)


def _urea(inputs):
    u = inputs.get("urea")
    return inputs.get("bun") if u is None else u


def _low_bp(inputs):
    s, d = inputs.get("systolic_bp"), inputs.get("diastolic_bp")
    hits = []
    if s is not None and s < SBP_CUTOFF:
        hits.append(f"systolic {fmt(s)} < {fmt(SBP_CUTOFF)} mmHg")
    if d is not None and d <= DBP_CUTOFF:
        hits.append(f"diastolic {fmt(d)} ≤ {fmt(DBP_CUTOFF)} mmHg")
    if hits:
        return 1, f"Blood pressure: {', '.join(hits)}, +1"
    if s is None and d is None:
        return 0, "Blood pressure: not reported, assumed normal, +0"
    shown = "/".join("?" if x is None else fmt(x) for x in (s, d))
    return 0, f"Blood pressure {shown} mmHg (systolic ≥ 90 and diastolic > 60), +0"


def _low_bp_points(inputs):
    s, d = inputs.get("systolic_bp"), inputs.get("diastolic_bp")
    return 1 if (s is not None and s < SBP_CUTOFF) or (d is not None and d <= DBP_CUTOFF) else 0


_UREA = compare("urea_points", "urea_mmol", ">", UREA_CUTOFF, 1, "Urea (as BUN or urea)", "mmol/L", digits=2,
                phrases=("urea", "bun", "blood urea nitrogen"))

CRITERIA = (
    flag("confusion_points", "confusion", 1, "Confusion"),
    _UREA,
    compare("respiratory_rate_points", "respiratory_rate", ">=", 30, 1, "Respiratory rate", "breaths/min"),
    custom("blood_pressure_points", "Low blood pressure", _low_bp, 0, 1, _low_bp_points, ("systolic_bp", "diastolic_bp")),
    bands("age_points", "age", ((None, 65, 0), (65, None, 1)), "Age", "years"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, confusion=False, bun=None, urea=None, respiratory_rate=None, systolic_bp=None, diastolic_bp=None):
    inputs = {"age": age, "confusion": confusion, "respiratory_rate": respiratory_rate, "systolic_bp": systolic_bp,
              "diastolic_bp": diastolic_bp}
    check_blood_pressure(inputs, "curb_65")
    if bun is not None and urea is not None and (round(bun, 2) > UREA_CUTOFF) != (round(urea, 2) > UREA_CUTOFF):
        raise InputError(FieldViolation(
            "urea", f"{fmt(urea)} mmol/L contradicts BUN {fmt(bun)} mmol/L across the 7 mmol/L cut-off; give one or make them agree",
        ), "curb_65")
    inputs["urea_mmol"] = urea if urea is not None else bun
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, {**inputs, "urea_mmol": _urea(inputs)}, value, "CURB-65 score")
    if inputs.get("urea") is None and inputs.get("bun") is not None:
        lines.insert(1, f"BUN {fmt(inputs['bun'] * 2.8014)} mg/dL = {fmt(inputs['bun'])} mmol/L of urea (÷ 2.8014).")
    risk = "low (0–1)" if value <= 1 else "intermediate (2)" if value == 2 else "high (3–5)"
    lines.append(f"CURB-65 score {value}: {risk} 30-day mortality risk.")
    return lines


CALCULATOR = Calculator(
    id="curb_65",
    medcalc_id=45,
    medcalc_name="CURB-65 Score for Pneumonia Severity",
    name="CURB-65 score",
    category="pulmonology",
    description="Severity of community-acquired pneumonia and 30-day mortality risk (0–5).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Lim WS, van der Eerden MM, Laing R, et al. Defining community acquired pneumonia severity on presentation to "
            "hospital: an international derivation and validation study. Thorax. 2003;58(5):377-382.",
            doi="10.1136/thorax.58.5.377",
            pmid="12728155",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "confusion", "bun", "urea", "respiratory_rate"),
    decreasing=("systolic_bp", "diastolic_bp"),
    notes=(
        "Urea strictly above 7 mmol/L (BUN above 19.6 mg/dL), compared at 2 decimals in mmol/L.",
        "Low blood pressure: systolic < 90 or diastolic ≤ 60 mmHg. Respiratory rate ≥ 30. Age ≥ 65.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention); unreported vitals or urea score 0.",
    ),
    keywords=('pneumonia', 'community-acquired pneumonia', 'infectious disease', 'emergency medicine', 'curb65', 'crb-65', 'pulmonology'),
    population='1068 adults with community-acquired pneumonia in the UK, New Zealand and the Netherlands (Lim 2003).',
    examples=('Lim 2003 (Thorax 58:377) criteria and risk groups: hand-scored cases (tests/calculators/test_curb_65.py)',),
)
