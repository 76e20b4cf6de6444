"""Adjusted body weight: IBW + 0.4 × (actual weight − IBW)."""

from clinverify.calculators.anthropometry import CM_PER_INCH, IBW_CONVENTIONS, adjusted_body_weight, ideal_body_weight
from clinverify.calculators.formulas.ideal_body_weight import DEVINE, HEIGHT
from clinverify.calculators.inputs import Number, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

WEIGHT = Number("weight", "kg", (0.5, 650.0), "actual body weight", aliases=("body weight",))


def compute(sex: str, weight: float, height: float):
    ibw = ideal_body_weight(sex, height)
    return adjusted_body_weight(weight, ibw), {"height_in": height / CM_PER_INCH, "ibw": ibw}


def explain(inputs, inter, value):
    base = "50" if inputs["sex"] == "male" else "45.5"
    return [
        "ABW = IBW + 0.4 × (actual weight − IBW), with IBW from Devine's formula.",
        f"Height {fmt(inputs['height'])} cm = {fmt(inter['height_in'])} in: IBW = {base} + 2.3 × ({fmt(inter['height_in'])} − 60) = {fmt(inter['ibw'])} kg.",
        f"ABW = {fmt(inter['ibw'])} + 0.4 × ({fmt(inputs['weight'])} − {fmt(inter['ibw'])}) = {fmt(value)} kg.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
PARAMETERS = (
    Parameter(("ibw",), ("ideal body weight", "ibw"), (), IBW_CONVENTIONS),
    Parameter(("height_in",), ("height in inches",), ()),
)


STATEMENTS = (
    Formula(
        key="adjusted_body_weight",
        names=("adjusted body weight", "abw", "adjbw", "adj bw", "adjusted bw"),
        text="IBW + 0.4 × (weight − IBW)",
        # "TBW" here is the total (actual) body weight, as dosing texts write it
        phrases={"ibw": ("ideal body weight", "ibw"),
                 "weight": ("actual body weight", "total body weight", "body weight", "weight", "actual wt", "body wt", "wt", "tbw", "aw")},
        sample=lambda r: {"ibw": r.uniform(40, 80), "weight": r.uniform(60, 160)},
        forms=(lambda v: v["ibw"] + 0.4 * (v["weight"] - v["ibw"]),),
    ),
)


CALCULATOR = Calculator(
    id="adjusted_body_weight",
    medcalc_id=62,
    medcalc_name="Adjusted Body Weight",
    name="Adjusted body weight",
    category="anthropometry",
    description="Dosing weight for obese patients (aminoglycosides, creatinine clearance).",
    inputs=(sex(), WEIGHT, HEIGHT),
    output=Output("kg", "decimal", 1),
    citations=(
        DEVINE,
        Citation("Bauer LA, Edwards WA, Dellinger EP, Simonowitz DA. Influence of weight on aminoglycoside pharmacokinetics in normal weight and morbidly obese patients. Eur J Clin Pharmacol. 1983;24(5):643-647.", doi="10.1007/BF00542215", pmid="6873144"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('pharmacology', 'drug dosing', 'obesity', 'abw', 'aminoglycoside dosing', 'adjusted weight', 'dosing weight'),
    examples=('Bauer 1983 dosing weight with Devine 1974 IBW: the worked example and hand-calculated cases (tests/calculators/test_adjusted_body_weight.py)',),
    population='Adults with obesity (weight above about 120 % of IBW), for drug dosing (aminoglycosides; Bauer 1983).',
)
