"""Body mass index: weight / height²."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))
HEIGHT = Number("height", "cm", (20.0, 275.0), "height", aliases=("body height",))


def compute(weight: float, height: float):
    height_m = height / 100.0
    bmi = weight / (height_m * height_m)
    return bmi, {"height_m": height_m, "bmi": bmi}


def explain(inputs, inter, value):
    return [
        "BMI = weight (kg) / height (m)².",
        f"Height {fmt(inputs['height'])} cm = {fmt(inter['height_m'])} m; weight {fmt(inputs['weight'])} kg.",
        f"BMI = {fmt(inputs['weight'])} / {fmt(inter['height_m'])}² = {fmt(value)} kg/m².",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="bmi",
        names=("bmi", "body mass index"),
        text="weight / height²",
        phrases={"weight": ("weight", "wt"), "height": ("height", "ht")},
        sample=lambda r: {"weight": r.uniform(30, 150), "height": r.uniform(1.2, 2.1)},
        forms=(lambda v: v["weight"] / v["height"] ** 2, lambda v: 703 * v["weight"] / v["height"] ** 2),  # kg/m²; lb/in² × 703
    ),
)


CALCULATOR = Calculator(
    id="bmi",
    medcalc_id=6,
    medcalc_name="Body Mass Index (BMI)",
    name="Body Mass Index",
    category="anthropometry",
    description="Weight relative to height squared; WHO adult categories <18.5, 18.5–24.9, 25–29.9, ≥30.",
    inputs=(WEIGHT, HEIGHT),
    output=Output("kg/m^2", "decimal", 1),
    citations=(
        Citation("Keys A, et al. Indices of relative weight and obesity. J Chronic Dis. 1972;25(6):329-343.", doi="10.1016/0021-9681(72)90027-6", pmid="4650929"),
        Citation("WHO Expert Consultation. Appropriate body-mass index for Asian populations. Lancet. 2004;363:157-163.", doi="10.1016/S0140-6736(03)15268-3"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("weight",),
    decreasing=("height",),
    keywords=('obesity', 'nutrition', 'endocrinology', 'body mass index', 'quetelet', 'overweight', 'underweight'),
    examples=('CDC "About Adult BMI" worked examples (68 kg, 165 cm: 24.98; 150 lb, 65 in: 24.96); Keys 1972 (J Chronic Dis 25:329) '
              'index and WHO 2004 (Lancet 363:157) categories: worked obese example (tests/calculators/test_bmi.py)',),
    population='Adults (WHO categories); children and adolescents need BMI-for-age percentiles.',
)
