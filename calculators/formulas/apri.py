"""AST to platelet ratio index (APRI) for liver fibrosis in chronic hepatitis C.

Wai et al. (Hepatology 2003): APRI = (AST / upper limit of normal of AST) × 100 / platelet count
(10⁹/L). Cut-offs in the paper: significant fibrosis (Ishak ≥ 3) unlikely at ≤ 0.5 and likely at
> 1.5; cirrhosis unlikely at ≤ 1.0 and likely at > 2.0.
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

AST = Number("ast", "U/L", (1.0, 20000.0), "aspartate aminotransferase", aliases=("Aspartate aminotransferase", "AST level", "SGOT"))
AST_ULN = Number(
    "ast_uln", "U/L", (10.0, 200.0), "upper limit of normal of AST in the reporting laboratory (40 U/L unless stated)",
    required=False, default=40.0, aliases=("AST upper limit of normal", "upper limit of normal AST", "ULN"),
)
# 10^9/L (= 10^3/µL); a count per µL is converted by the unit layer.
PLATELETS = Number("platelets", "10^9/L", (0.1, 5000.0), "platelet count", aliases=("Platelet count", "platelet", "PLT"))


def compute(ast, platelets, ast_uln=40.0):
    ast_ratio = ast / ast_uln
    return ast_ratio * 100.0 / platelets, {"ast_ratio": ast_ratio}


def _band(value: float) -> str:
    if value <= 0.5:
        return "≤ 0.5: significant fibrosis unlikely"
    if value <= 1.0:
        return "0.5–1.0: indeterminate for significant fibrosis; cirrhosis unlikely (≤ 1.0)"
    if value <= 1.5:
        return "1.0–1.5: indeterminate"
    if value <= 2.0:
        return "> 1.5: significant fibrosis likely"
    return "> 2.0: cirrhosis likely"


def explain(inputs, inter, value):
    return [
        "APRI = (AST / AST upper limit of normal) × 100 / platelet count (10⁹/L).",
        f"AST {fmt(inputs['ast'])} U/L; upper limit of normal {fmt(inputs['ast_uln'])} U/L "
        f"(AST / ULN = {fmt(inter['ast_ratio'])}); platelets {fmt(inputs['platelets'])} × 10⁹/L.",
        f"APRI = {fmt(inter['ast_ratio'])} × 100 / {fmt(inputs['platelets'])} = {fmt(value)} ({_band(value)}).",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="apri",
        names=("apri", "ast to platelet ratio index", "ast-to-platelet ratio index", "ast/platelet ratio index"),
        text="(AST / ULN) × 100 / platelets",
        phrases={"ast": ("ast", "aspartate aminotransferase"), "uln": ("upper limit of normal", "uln"),
                 "plt": ("platelet count", "platelets", "platelet", "plt")},
        sample=lambda r: {"ast": r.uniform(10, 400), "uln": r.choice((35.0, 40.0, 45.0)), "plt": r.uniform(20, 450)},
        forms=(lambda v: v["ast"] / v["uln"] * 100 / v["plt"],),
        specialisable=frozenset({"uln"}),
    ),
)
PARAMETERS = (Parameter(("ast_ratio",), ("ast/uln", "ast / uln", "ast to uln ratio", "ast ratio")),)


CALCULATOR = Calculator(
    id="apri",
    name="AST to platelet ratio index (APRI)",
    category="hepatology",
    description="Non-invasive index of liver fibrosis and cirrhosis from AST (relative to its upper limit of normal) and platelet count.",
    inputs=(AST, AST_ULN, PLATELETS),
    output=Output("", "decimal", 2),
    citations=(
        Citation(
            "Wai CT, Greenson JK, Fontana RJ, et al. A simple noninvasive index can predict both significant fibrosis "
            "and cirrhosis in patients with chronic hepatitis C. Hepatology. 2003;38(2):518-526.",
            doi="10.1053/jhep.2003.50346",
            pmid="12883497",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("ast",),
    decreasing=("ast_uln", "platelets"),
    keywords=('liver fibrosis', 'cirrhosis', 'hepatitis c', 'gastroenterology'),
    population='Adults with chronic hepatitis C undergoing liver biopsy at one US centre (Wai 2003: 192 training, 78 validation).',
    examples=('Wai 2003 (Hepatology 38:518) formula and cut-offs 0.5/1.0/1.5/2.0: hand-worked cases at every cut-off',),
    notes=(
        "The AST upper limit of normal is the reporting laboratory's; 40 U/L is used when none is given.",
        "Derived and validated in chronic hepatitis C; cut-offs: ≤ 0.5 / > 1.5 significant fibrosis, ≤ 1.0 / > 2.0 cirrhosis.",
    ),
)
