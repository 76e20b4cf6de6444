"""Target weight for a target BMI: BMI × height²."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

TARGET_BMI = Number("target_bmi", "kg/m^2", (10.0, 60.0), "target body mass index", aliases=("Body Mass Index (BMI)", "target bmi", "bmi"))
HEIGHT = Number("height", "cm", (30.0, 275.0), "height", aliases=("body height",))


def compute(target_bmi: float, height: float):
    h = height / 100.0
    return target_bmi * h * h, {"height_m": h}


def explain(inputs, inter, value):
    return [
        "Target weight = target BMI (kg/m²) × height (m)².",
        f"Height {fmt(inputs['height'])} cm = {fmt(inter['height_m'])} m.",
        f"Target weight = {fmt(inputs['target_bmi'])} × {fmt(inter['height_m'])}² = {fmt(value)} kg.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements): height in m,
# or in inches with the 703 factor of the imperial BMI.
STATEMENTS = (
    Formula(
        key="target_weight",
        names=("target weight", "target body weight"),
        text="target BMI × height²",
        phrases={"bmi": ("target bmi", "bmi", "body mass index"), "height": ("height", "ht")},
        sample=lambda r: {"bmi": r.uniform(17, 35), "height": r.uniform(1.2, 2.1)},
        forms=(lambda v: v["bmi"] * v["height"] ** 2, lambda v: v["bmi"] * v["height"] ** 2 / 703),
    ),
)


CALCULATOR = Calculator(
    id="target_weight",
    medcalc_id=61,
    medcalc_name="Target weight",
    name="Target weight for a target BMI",
    category="anthropometry",
    description="The weight at which the patient would have the target BMI.",
    inputs=(TARGET_BMI, HEIGHT),
    output=Output("kg", "decimal", 1),
    citations=(Citation("Keys A, Fidanza F, Karvonen MJ, Kimura N, Taylor HL. Indices of relative weight and obesity. J Chronic Dis. 1972;25(6):329-343.", doi="10.1016/0021-9681(72)90027-6", pmid="4650929"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('obesity', 'nutrition', 'bmi'),
    examples=('Target BMI × height² (Keys 1972 BMI): hand-calculated cases (tests/calculators/test_target_weight.py)',),
    population='Adults (BMI categories of the WHO).',
)
