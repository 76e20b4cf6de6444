"""FIB-4 index for liver fibrosis.

Sterling et al. (Hepatology 2006): FIB-4 = age (years) × AST (U/L) / (platelets (10⁹/L) × √ALT (U/L)).
Cut-offs in the paper: < 1.45 excludes, > 3.25 predicts advanced fibrosis (HIV/HCV cohort).
"""

import math

from clinverify.calculators.inputs import Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

AST = Number("ast", "U/L", (1.0, 20000.0), "aspartate aminotransferase", aliases=("Aspartate aminotransferase", "AST level", "SGOT"))
ALT = Number("alt", "U/L", (1.0, 20000.0), "alanine aminotransferase", aliases=("Alanine aminotransferase", "ALT level", "SGPT"))
# 10^9/L (= 10^3/µL). A count per µL written with the bare volume ("µL") is inverted by the unit layer.
# The low end admits extraction errors such as 119,000,000 /L; they still compute and are caught by review.
PLATELETS = Number("platelets", "10^9/L", (0.1, 5000.0), "platelet count", aliases=("Platelet count", "platelet", "PLT"))


def compute(age, ast, alt, platelets):
    sqrt_alt = math.sqrt(alt)
    return age * ast / (platelets * sqrt_alt), {"sqrt_alt": sqrt_alt}


def explain(inputs, inter, value):
    band = "< 1.45 (advanced fibrosis unlikely)" if value < 1.45 else "> 3.25 (advanced fibrosis likely)" if value > 3.25 else "1.45–3.25 (indeterminate)"
    return [
        "FIB-4 = age × AST / (platelet count (10⁹/L) × √ALT).",
        f"Age {fmt(inputs['age'])} years; AST {fmt(inputs['ast'])} U/L; ALT {fmt(inputs['alt'])} U/L "
        f"(√ALT = {fmt(inter['sqrt_alt'])}); platelets {fmt(inputs['platelets'])} × 10⁹/L.",
        f"FIB-4 = {fmt(inputs['age'])} × {fmt(inputs['ast'])} / ({fmt(inputs['platelets'])} × {fmt(inter['sqrt_alt'])}) = {fmt(value)}; "
        f"band {band}.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="fib4",
        names=("fibrosis-4", "fib-4", "fib4"),
        text="age × AST / (platelets × √ALT)",
        phrases={"age": ("age",), "ast": ("ast",), "alt": ("alt",), "plt": ("platelet count", "platelets", "platelet", "plt")},
        sample=lambda r: {"age": r.uniform(20, 90), "ast": r.uniform(10, 300), "alt": r.uniform(10, 300), "plt": r.uniform(20, 450)},
        forms=(lambda v: v["age"] * v["ast"] / (v["plt"] * math.sqrt(v["alt"])),),
    ),
)


CALCULATOR = Calculator(
    id="fib4",
    medcalc_id=19,
    medcalc_name="Fibrosis-4 (FIB-4) Index for Liver Fibrosis",
    name="FIB-4 index",
    category="hepatology",
    description="Non-invasive index of liver fibrosis from age, AST, ALT and platelet count.",
    inputs=(age(), AST, ALT, PLATELETS),
    output=Output("", "decimal", 2),
    citations=(
        Citation(
            "Sterling RK, Lissen E, Clumeck N, et al. Development of a simple noninvasive index to predict significant "
            "fibrosis in patients with HIV/HCV coinfection. Hepatology. 2006;43(6):1317-1325.",
            doi="10.1002/hep.21178",
            pmid="16729309",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Platelets in 10⁹/L (= 10³/µL); a count given per µL (e.g. 150000 /µL, or MedCalc-Bench's [150000, 'µL']) "
        "is converted.",
    ),
    keywords=('liver fibrosis', 'cirrhosis', 'hepatitis', 'nafld', 'masld', 'gastroenterology', 'fib-4', 'liver'),
    population='832 patients coinfected with HIV and hepatitis C (APRICOT; Sterling 2006); later validated in HCV, NAFLD/MASLD.',
    examples=('Sterling 2006 (Hepatology 43:1317) index: hand-calculated cases in every platelet unit (tests/calculators/test_fib4.py)',),
)
