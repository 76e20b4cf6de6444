"""CKD-EPI 2021 creatinine–cystatin C equation (race-free)."""

from clinverify.calculators.inputs import Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt

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
    return egfr, {"scr_over_kappa": scr, "scys_over_0_8": scys, "kappa": kappa, "alpha": alpha}


def explain(inputs, inter, value):
    f = inputs["sex"] == "female"
    return [
        "eGFR = 135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 × 0.9961^age × 0.963 [female]; "
        "κ 0.7 (F) / 0.9 (M), α −0.219 (F) / −0.144 (M).",
        f"Scr/κ = {fmt(inputs['creatinine'])}/{inter['kappa']} = {fmt(inter['scr_over_kappa'], 4)}; Scys/0.8 = {fmt(inter['scys_over_0_8'], 4)}; age {fmt(inputs['age'])}.",
        f"eGFR = {fmt(value)} mL/min/1.73 m²" + (" (× 0.963 female)." if f else "."),
    ]


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
