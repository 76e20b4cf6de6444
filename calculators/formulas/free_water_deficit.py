"""Free water deficit: TBW × (Na / 140 − 1), in litres, TBW = fraction × weight (kg).

The water needed to bring the sodium back to 140 mmol/L, from total body water (TBW) as a fraction of
weight by age and sex (Adrogué & Madias, NEJM 2000): 0.6 for children and adult men, 0.5 for adult
women and elderly men, 0.45 for elderly women. Children < 18 years and elderly ≥ 65 years (the usual
cutoffs; MedCalc-Bench uses the same). A negative value (sodium below 140) is a water excess.
"""

from clinverify.calculators.formulas._electrolytes import NOTE_UNIT_SLIP, SODIUM, unit_slip_adapter
from clinverify.calculators.inputs import Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Reference

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))
TARGET_SODIUM = 140.0  # mmol/L
# The sodium the deficit brings the patient back to, as traces state it ("the ideal sodium of 140").
REFERENCES = (Reference(("sodium", "serum sodium", "na", "na+"), (("the formula's", TARGET_SODIUM),), "mmol/L", (135.0, 145.0), "sodium"),)
ADULT_AGE = 18.0
ELDERLY_AGE = 65.0


def tbw_fraction(sex: str, age: float) -> float:
    if age < ADULT_AGE:
        return 0.6
    if age < ELDERLY_AGE:
        return 0.6 if sex == "male" else 0.5
    return 0.5 if sex == "male" else 0.45


PARAMETERS = (
    Parameter(
        ("tbw_fraction",),
        ("total body water fraction", "total body water percentage", "total body water percent", "tbw fraction", "tbw percentage",
         "tbw factor", "fraction of body weight", "body water fraction", "tbw coefficient", "water fraction"),
        (),
    ),
    # "TBW is 0.6 of body weight" names the fraction: either meaning is read (the nearer one reported).
    Parameter(("total_body_water", "tbw_fraction"), ("total body water", "tbw"), ()),
)


def compute(sex, age, weight, sodium):
    fraction = tbw_fraction(sex, age)
    tbw = fraction * weight
    return tbw * (sodium / TARGET_SODIUM - 1.0), {"tbw_fraction": fraction, "total_body_water": tbw}


def explain(inputs, inter, value):
    group = "child" if inputs["age"] < ADULT_AGE else ("elderly " if inputs["age"] >= ELDERLY_AGE else "adult ") + (
        "man" if inputs["sex"] == "male" else "woman"
    )
    return [
        "Free water deficit (L) = total body water × (sodium / 140 − 1); total body water = fraction × weight, with fraction "
        "0.6 (children, adult men), 0.5 (adult women, men ≥ 65), 0.45 (women ≥ 65).",
        f"Age {fmt(inputs['age'])} years, {inputs['sex']} ({group}): fraction {fmt(inter['tbw_fraction'])}; weight "
        f"{fmt(inputs['weight'])} kg; total body water = {fmt(inter['tbw_fraction'])} × {fmt(inputs['weight'])} = "
        f"{fmt(inter['total_body_water'])} L.",
        f"Sodium {fmt(inputs['sodium'])} mmol/L: deficit = {fmt(inter['total_body_water'])} × ({fmt(inputs['sodium'])} / 140 − 1) "
        f"= {fmt(value)} L.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="free_water_deficit",
        names=("free water deficit", "fwd"),
        text="TBW fraction × weight × (Na / 140 − 1)",
        phrases={
            "tbw": ("total body water percentage", "total body water fraction", "total body water", "tbw"),
            "weight": ("weight",),
            "na": ("sodium", "na"),
            "target": ("ideal sodium", "target sodium", "normal sodium", "desired sodium", "goal sodium"),
        },
        sample=lambda r: {"tbw": r.choice((0.6, 0.5, 0.45)), "weight": r.uniform(40, 120), "na": r.uniform(142, 170), "target": 140.0},
        forms=(lambda v: v["tbw"] * v["weight"] * (v["na"] / 140 - 1),),
        specialisable=frozenset({"tbw"}),
    ),
)


CALCULATOR = Calculator(
    id="free_water_deficit",
    medcalc_id=38,
    medcalc_name="Free Water Deficit",
    name="Free water deficit",
    category="electrolytes",
    description="Water deficit in hypernatraemia, TBW × (Na/140 − 1), TBW fraction by age and sex.",
    inputs=(sex(), age(), WEIGHT, SODIUM),
    output=Output("L", "decimal", 2),
    citations=(
        Citation("Adrogué HJ, Madias NE. Hypernatremia. N Engl J Med. 2000;342(20):1493-1499.", doi="10.1056/NEJM200005183422006", pmid="10816188"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=unit_slip_adapter,
    notes=(
        "Target sodium 140 mmol/L; actual body weight. Total body water fraction: < 18 y 0.6; 18-64 y men 0.6, women 0.5; "
        "≥ 65 y men 0.5, women 0.45.",
        NOTE_UNIT_SLIP,
    ),
    keywords=('hypernatraemia', 'sodium', 'fluids', 'nephrology', 'critical care', 'hypernatremia', 'dehydration'),
    examples=('Adrogué & Madias 2000 (NEJM 342:1493) total-body-water fractions: hand-calculated cases (tests/calculators/test_free_water_deficit.py)',),
    population='Adults and children with hypernatraemia; total-body-water fractions by age and sex (Adrogué & Madias 2000).',
)
