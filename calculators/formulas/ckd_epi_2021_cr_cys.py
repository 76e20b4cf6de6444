"""CKD-EPI 2021 creatinine–cystatin C equation (race-free)."""

from clinverify.calculators.inputs import Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Version

INPUTS = (
    sex(),
    age(range=(18.0, 120.0)),
    Number("creatinine", "mg/dL", (0.1, 30.0), "serum creatinine", analyte="creatinine", aliases=("Creatinine",)),
    Number("cystatin_c", "mg/L", (0.1, 15.0), "serum cystatin C", aliases=("cystatin c",)),
)


def compute(sex: str, age: float, creatinine: float, cystatin_c: float):
    female = sex == "female"
    kappa, alpha = (0.7, -0.219) if female else (0.9, -0.144)
    scr, scys = creatinine / kappa, cystatin_c / 0.8
    egfr = 135.0 * min(scr, 1) ** alpha * max(scr, 1) ** -0.544 * min(scys, 1) ** -0.323 * max(scys, 1) ** -0.778 * 0.9961**age
    if female:
        egfr *= 0.963
    return egfr, {"scr_over_kappa": scr, "scys_over_0_8": scys, "kappa": kappa, "alpha": alpha, "sex_factor": 0.963 if female else 1.0}


def explain(inputs, inter, value):
    f = inputs["sex"] == "female"
    return [
        "eGFR = 135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 × 0.9961^age × 0.963 [female]; "
        "κ 0.7 (F) / 0.9 (M), α −0.219 (F) / −0.144 (M).",
        f"Scr/κ = {fmt(inputs['creatinine'])}/{inter['kappa']} = {fmt(inter['scr_over_kappa'], 4)}; Scys/0.8 = {fmt(inter['scys_over_0_8'], 4)}; age {fmt(inputs['age'])}.",
        f"eGFR = {fmt(value)} mL/min/1.73 m²" + (" (× 0.963 female)." if f else "."),
    ]


def _statement_sample(r):
    """Consistent values for a statement's variables (κ and α are the sex's)."""
    female = r.random() < 0.5
    kappa, alpha = (0.7, -0.219) if female else (0.9, -0.144)
    return {"scr": r.uniform(0.4, 3.0), "scys": r.uniform(0.5, 3.0), "kappa": kappa, "alpha": alpha, "age": r.uniform(20.0, 90.0),
            "sex": 0.963 if female else 1.0}


# What traces state, for the verifier (clinverify.calculators.statements): the equation with
# min/max, its constants and the 2012 equation it replaced.
STATEMENTS = (
    Formula(
        key="ckd_epi_2021_cr_cys",
        names=("ckd-epi cr-cys", "ckd-epi creatinine-cystatin c", "ckd-epi 2021 creatinine-cystatin c", "creatinine-cystatin c equation",
               "egfrcr-cys", "egfr cr-cys", "ckd-epi 2021 cr-cys"),
        text="135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 × 0.9961^age × 0.963 (female)",
        phrases={
            "scr": ("serum creatinine", "creatinine", "scr"),
            "scys": ("cystatin c", "cystatin", "scys", "cys c", "cysc"),
            "kappa": ("κ", "kappa"),
            "alpha": ("α", "alpha"),
            "age": ("age",),
            "sex": ("sex factor", "female factor", "gender coefficient", "sex coefficient", "gender factor"),
        },
        sample=_statement_sample,
        forms=(lambda v: 135 * min(v["scr"] / v["kappa"], 1) ** v["alpha"] * max(v["scr"] / v["kappa"], 1) ** -0.544
               * min(v["scys"] / 0.8, 1) ** -0.323 * max(v["scys"] / 0.8, 1) ** -0.778 * 0.9961 ** v["age"] * v["sex"],),
        specialisable=frozenset({"sex", "kappa", "alpha"}),
    ),
)
PARAMETERS = (
    Parameter(("kappa",), ("κ", "kappa"), ()),
    Parameter(("alpha",), ("α", "alpha"), ()),
    Parameter(("sex_factor",), ("gender coefficient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
)
VERSIONS = (
    Version(
        "CKD-EPI 2012 creatinine–cystatin C",
        (-0.601, 0.601, -0.375, 0.375, -0.711, 0.711, 0.995, 0.969, 1.08, -0.248, 0.248, -0.207, 0.207),
        "the 2012 equation (Inker 2012: α −0.248/−0.207, max(Scr/κ)^−0.601, min(Scys/0.8)^−0.375, max(Scys/0.8)^−0.711, 0.995^age, "
        "0.969 female, 1.08 Black), superseded by the 2021 race-free refit (α −0.219/−0.144, −0.544, −0.323, −0.778, 0.9961^age, 0.963 female)",
        ("2021",),
    ),
)


CALCULATOR = Calculator(
    id="ckd_epi_2021_cr_cys",
    name="CKD-EPI 2021 creatinine–cystatin C",
    category="nephrology",
    description="Estimated GFR from creatinine and cystatin C, without race (adults).",
    inputs=INPUTS,
    output=Output("mL/min/1.73 m²", "decimal", 0),
    citations=(Citation("Inker LA, Eneanya ND, Coresh J, et al. New Creatinine- and Cystatin C-Based Equations to Estimate GFR without Race. N Engl J Med. 2021;385(19):1737-1749.", doi="10.1056/NEJMoa2102953", pmid="34554658"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('kidney', 'egfr', 'gfr', 'creatinine', 'cystatin c', 'ckd', 'ckd-epi', 'renal function', 'kidney function', 'cystatin'),
    population='Adults (18+) of pooled CKD-EPI research and clinical cohorts (Inker 2021).',
    examples=('Inker 2021 (NEJM 385:1737) creatinine-cystatin C equation: hand-calculated cases (tests/calculators/test_ckd_epi_2021_cr_cys.py)',),
)
