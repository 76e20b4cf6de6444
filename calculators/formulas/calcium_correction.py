"""Total serum calcium corrected (adjusted) for a low albumin.

  corrected Ca (mg/dL) = Ca (mg/dL) + 0.8 × (normal albumin − albumin) (g/dL), normal albumin 4.0 g/dL.

Payne et al. (BMJ 1973) introduced adjusting calcium on albumin from the regression of calcium on
albumin in their laboratory (their fit: Ca − albumin + 4.0). The coefficient in general clinical use
is 0.8 mg/dL per g/dL (0.02 mmol/L per g/L), the form used here and by MedCalc-Bench.
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Reference, Slope

CALCIUM = Number("calcium", "mg/dL", (1.0, 25.0), "total serum calcium", analyte="calcium", aliases=("serum calcium", "total calcium", "measured calcium", "ca"))
ALBUMIN = Number("albumin", "g/dL", (0.5, 7.0), "serum albumin", analyte="albumin", aliases=("serum albumin",))
NORMAL_ALBUMIN = Number(
    "normal_albumin", "g/dL", (3.0, 5.5), "reference (normal) albumin, 4.0 g/dL unless stated", analyte="albumin", required=False, default=4.0
)

SLOPE = 0.8  # mg/dL of calcium per g/dL of albumin
# The albumin the correction counts from, as traces state it ("normal albumin 4 g/dL"; the optional input sets another).
REFERENCES = (Reference(("albumin", "alb"), (("Payne 1973", 4.0),), "g/dL", (3.5, 5.0), "albumin"),)


def compute(calcium, albumin, normal_albumin=4.0):
    deficit = normal_albumin - albumin
    adjustment = SLOPE * deficit
    return calcium + adjustment, {"albumin_deficit": deficit, "adjustment": adjustment}


def explain(inputs, inter, value):
    return [
        "Corrected calcium (mg/dL) = calcium + 0.8 × (normal albumin − albumin), albumin in g/dL.",
        f"Calcium {fmt(inputs['calcium'])} mg/dL; albumin {fmt(inputs['albumin'])} g/dL; normal albumin {fmt(inputs['normal_albumin'])} g/dL.",
        f"Corrected calcium = {fmt(inputs['calcium'])} + 0.8 × ({fmt(inputs['normal_albumin'])} − {fmt(inputs['albumin'])}) "
        f"= {fmt(inputs['calcium'])} + {fmt(inter['adjustment'])} = {fmt(value)} mg/dL.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
# The slope as traces state it in words ("0.8 mg/dL for every 1 g/dL decrease in albumin").
SLOPES = (Slope(("albumin",), "mg/dL", "g/dL", (("Payne 1973", SLOPE),), analyte="calcium", per_analyte="albumin", adjustment="adjustment"),)

STATEMENTS = (
    Formula(
        key="calcium_correction",
        names=("corrected calcium", "calcium correction", "corrected ca", "corrected total calcium"),
        text="calcium + 0.8 × (4 − albumin)",
        phrases={"nalb": ("normal albumin",), "albumin": ("albumin", "alb"), "ca": ("calcium", "ca", "total calcium", "total ca")},
        sample=lambda r: {"nalb": 4.0, "albumin": r.uniform(1.5, 5), "ca": r.uniform(6, 12)},
        # The SI form (Payne 1973 as laboratories in mmol/L state it): calcium in mmol/L, albumin in g/L;
        # a convention only where the statement writes mmol/L.
        forms=(lambda v: v["ca"] + 0.8 * (4 - v["albumin"]), lambda v: v["ca"] + 0.02 * (40 - v["albumin"])),
        form_units=("mg/dL", "mmol/L"),
    ),
)


CALCULATOR = Calculator(
    id="calcium_correction",
    medcalc_id=7,
    medcalc_name="Calcium Correction for Hypoalbuminemia",
    name="Calcium corrected for albumin",
    category="electrolytes",
    description="Total calcium adjusted to a normal albumin of 4 g/dL (0.8 mg/dL per g/dL of albumin).",
    inputs=(CALCIUM, ALBUMIN, NORMAL_ALBUMIN),
    output=Output("mg/dL", "decimal", 1),
    citations=(
        Citation(
            "Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of serum calcium in patients with abnormal "
            "serum proteins. Br Med J. 1973;4(5893):643-646.",
            doi="10.1136/bmj.4.5893.643",
            pmid="4758544",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Uses the conventional 0.8 mg/dL per g/dL (0.02 mmol/L per g/L) slope with a normal albumin of 4.0 g/dL; "
        "Payne's own 1973 laboratory fit was calcium − albumin + 4.0 (slope 1).",
        "Calcium in mmol/L and albumin in g/L are converted (1 mmol/L calcium = 4.008 mg/dL; 10 g/L = 1 g/dL).",
    ),
    keywords=('hypocalcaemia', 'hypoalbuminaemia', 'endocrinology', 'nephrology', 'hypocalcemia', 'hypoalbuminemia', 'corrected calcium', 'albumin'),
    examples=('Payne 1973 (Br Med J 4:643) adjustment, 0.8 mg/dL per g/dL: a worked example (tests/calculators/test_calcium_correction.py)',),
    population='Hospital patients (Payne 1973); predicts ionised calcium poorly in critical illness and renal failure.',
)
