"""NAFLD fibrosis score (NFS).

Angulo et al. (Hepatology 2007):
  NFS = −1.675 + 0.037 × age (years) + 0.094 × BMI (kg/m²) + 1.13 × IFG/diabetes (yes = 1, no = 0)
        + 0.99 × AST/ALT ratio − 0.013 × platelet count (10⁹/L) − 0.66 × albumin (g/dL).
Cut-offs in the paper: < −1.455 excludes advanced fibrosis (F3–F4); > 0.676 predicts it; between,
indeterminate.
"""

from clinverify.calculators.inputs import Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

BMI = Number("bmi", "kg/m^2", (10.0, 80.0), "body mass index", aliases=("body mass index", "Body Mass Index (BMI)"))
DIABETES = Flag("diabetes_ifg", "impaired fasting glucose or diabetes mellitus",
                aliases=("diabetes", "impaired fasting glucose", "IFG/diabetes", "diabetes mellitus", "hyperglycemia"))
AST = Number("ast", "U/L", (1.0, 20000.0), "aspartate aminotransferase", aliases=("Aspartate aminotransferase", "AST level", "SGOT"))
ALT = Number("alt", "U/L", (1.0, 20000.0), "alanine aminotransferase", aliases=("Alanine aminotransferase", "ALT level", "SGPT"))
PLATELETS = Number("platelets", "10^9/L", (0.1, 5000.0), "platelet count", aliases=("Platelet count", "platelet", "PLT"))
ALBUMIN = Number("albumin", "g/dL", (0.5, 7.0), "serum albumin", analyte="albumin", aliases=("serum albumin",))

INTERCEPT, K_AGE, K_BMI, K_IFG, K_RATIO, K_PLT, K_ALB = -1.675, 0.037, 0.094, 1.13, 0.99, 0.013, 0.66
LOW_CUT, HIGH_CUT = -1.455, 0.676


def compute(age, bmi, ast, alt, platelets, albumin, diabetes_ifg=False):
    ratio = ast / alt
    nfs = (INTERCEPT + K_AGE * age + K_BMI * bmi + K_IFG * (1 if diabetes_ifg else 0) + K_RATIO * ratio
           - K_PLT * platelets - K_ALB * albumin)
    return nfs, {"ast_alt_ratio": ratio}


def explain(inputs, inter, value):
    band = ("< −1.455: advanced fibrosis (F3–F4) unlikely" if value < LOW_CUT
            else "> 0.676: advanced fibrosis (F3–F4) likely" if value > HIGH_CUT else "−1.455 to 0.676: indeterminate")
    ifg = 1 if inputs["diabetes_ifg"] else 0
    return [
        "NAFLD fibrosis score = −1.675 + 0.037 × age + 0.094 × BMI + 1.13 × IFG/diabetes (1/0) + 0.99 × AST/ALT "
        "− 0.013 × platelets (10⁹/L) − 0.66 × albumin (g/dL).",
        f"Age {fmt(inputs['age'])} years; BMI {fmt(inputs['bmi'])} kg/m²; IFG/diabetes {'yes' if ifg else 'no'} ({ifg}); "
        f"AST {fmt(inputs['ast'])} U/L, ALT {fmt(inputs['alt'])} U/L (AST/ALT = {fmt(inter['ast_alt_ratio'])}); "
        f"platelets {fmt(inputs['platelets'])} × 10⁹/L; albumin {fmt(inputs['albumin'])} g/dL.",
        f"NFS = −1.675 + 0.037 × {fmt(inputs['age'])} + 0.094 × {fmt(inputs['bmi'])} + 1.13 × {ifg} + 0.99 × "
        f"{fmt(inter['ast_alt_ratio'])} − 0.013 × {fmt(inputs['platelets'])} − 0.66 × {fmt(inputs['albumin'])} "
        f"= {fmt(value)} ({band}).",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="nafld_fibrosis_score",
        names=("nafld fibrosis score", "nfs", "nafld score"),
        text="−1.675 + 0.037 × age + 0.094 × BMI + 1.13 × IFG/diabetes + 0.99 × AST/ALT − 0.013 × platelets − 0.66 × albumin",
        phrases={
            "age": ("age",), "bmi": ("bmi", "body mass index"), "ifg": ("ifg/diabetes", "diabetes", "impaired fasting glucose", "ifg"),
            "ratio": ("ast/alt ratio", "ast/alt", "ast to alt ratio"), "plt": ("platelet count", "platelets", "platelet", "plt"),
            "alb": ("albumin",),
        },
        sample=lambda r: {"age": r.uniform(20, 80), "bmi": r.uniform(18, 45), "ifg": float(r.choice((0, 1))),
                          "ratio": r.uniform(0.4, 2.5), "plt": r.uniform(50, 400), "alb": r.uniform(2.5, 5)},
        forms=(lambda v: -1.675 + 0.037 * v["age"] + 0.094 * v["bmi"] + 1.13 * v["ifg"] + 0.99 * v["ratio"]
               - 0.013 * v["plt"] - 0.66 * v["alb"],),
        specialisable=frozenset({"ifg"}),
    ),
)
PARAMETERS = (Parameter(("ast_alt_ratio",), ("ast/alt ratio", "ast/alt", "ast to alt ratio", "ast:alt ratio")),)


CALCULATOR = Calculator(
    id="nafld_fibrosis_score",
    name="NAFLD fibrosis score",
    category="hepatology",
    description="Non-invasive score of advanced fibrosis in non-alcoholic fatty liver disease.",
    inputs=(age(), BMI, DIABETES, AST, ALT, PLATELETS, ALBUMIN),
    output=Output("", "decimal", 3),
    citations=(
        Citation(
            "Angulo P, Hui JM, Marchesini G, et al. The NAFLD fibrosis score: a noninvasive system that identifies liver "
            "fibrosis in patients with NAFLD. Hepatology. 2007;45(4):846-854.",
            doi="10.1002/hep.21496",
            pmid="17393509",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "bmi", "diabetes_ifg", "ast"),
    decreasing=("alt", "platelets", "albumin"),
    keywords=('nafld', 'masld', 'liver fibrosis', 'gastroenterology'),
    population='733 adults with biopsy-proven NAFLD from four countries (Angulo 2007: 480 estimation, 253 validation).',
    examples=('Angulo 2007 (Hepatology 45:846) equation and cut-offs -1.455/0.676: hand-worked cases on each side of each cut-off',),
    notes=(
        "IFG/diabetes: fasting glucose ≥ 110 mg/dL (Angulo's definition), diabetes, or glucose-lowering treatment; "
        "not mentioned counts as absent.",
        "Cut-offs (Angulo 2007): < −1.455 excludes and > 0.676 predicts advanced fibrosis.",
    ),
)
