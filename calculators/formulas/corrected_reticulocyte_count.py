"""Corrected reticulocyte count and reticulocyte production index (RPI)."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INPUTS = (
    Number("reticulocytes", "percent", (0.0, 60.0), "reticulocyte count (% of red cells)", aliases=("reticulocyte count",)),
    Number("hematocrit", "percent", (5.0, 75.0), "hematocrit", aliases=("Hematocrit", "hct")),
    Number("normal_hematocrit", "percent", (30.0, 55.0), "reference hematocrit", required=False, default=45.0),
)

# Maturation time of reticulocytes in blood (days) by hematocrit (Hillman & Finch).
MATURATION = ((40.0, 1.0), (30.0, 1.5), (20.0, 2.0), (0.0, 2.5))


def compute(reticulocytes: float, hematocrit: float, normal_hematocrit: float = 45.0):
    corrected = reticulocytes * hematocrit / normal_hematocrit
    maturation = next(days for floor, days in MATURATION if hematocrit >= floor)
    return corrected, {"maturation_days": maturation, "reticulocyte_production_index": corrected / maturation}


def explain(inputs, inter, value):
    return [
        "Corrected reticulocyte count = reticulocytes (%) × Hct / normal Hct; RPI = corrected count / maturation time (days).",
        f"Corrected = {fmt(inputs['reticulocytes'])} × {fmt(inputs['hematocrit'])} / {fmt(inputs['normal_hematocrit'])} = {fmt(value)} %.",
        f"Maturation time for Hct {fmt(inputs['hematocrit'])} %: {fmt(inter['maturation_days'])} days; RPI = {fmt(value)} / {fmt(inter['maturation_days'])} = "
        f"{fmt(inter['reticulocyte_production_index'])} (< 2 suggests hypoproliferative anaemia).",
    ]



# The formula as traces state it, for the verifier (clinverify.calculators.statements); the normal
# hematocrit is usually written as its value, 45.
STATEMENTS = (
    Formula(
        key="corrected_reticulocyte_count",
        names=("corrected reticulocyte count", "corrected reticulocyte", "corrected retic count", "corrected retic"),
        text="reticulocytes (%) × Hct / normal Hct (45)",
        phrases={"retic": ("reticulocyte count", "reticulocytes", "reticulocyte", "retic"), "hct": ("patient hematocrit", "hematocrit", "hct"),
                 "normal": ("normal hematocrit", "normal hct")},
        sample=lambda r: {"retic": r.uniform(0.5, 15), "hct": r.uniform(15, 50), "normal": 45.0},
        forms=(lambda v: v["retic"] * v["hct"] / v["normal"],),
        specialisable=frozenset({"normal"}),
    ),
)

CALCULATOR = Calculator(
    id="corrected_reticulocyte_count",
    name="Corrected reticulocyte count / RPI",
    category="hematology",
    description="Reticulocyte count corrected for anaemia, with the reticulocyte production index.",
    inputs=INPUTS,
    output=Output("%", "decimal", 2),
    citations=(Citation("Hillman RS, Finch CA. Erythropoiesis: normal and abnormal. Semin Hematol. 1967;4(4):327-336.", pmid="4865651", url="https://pubmed.ncbi.nlm.nih.gov/4865651/"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('anaemia', 'reticulocyte production index', 'bone marrow', 'anemia', 'rpi', 'reticulocyte index'),
    examples=('Hillman & Finch 1967 (Semin Hematol 4:327) corrected count and RPI (maturation time by haematocrit): hand-calculated cases (tests/calculators/test_corrected_reticulocyte_count.py)',),
    population='A physiological formula, not derived from a patient cohort; for anaemia (Hillman & Finch 1967).',
)
