"""eGFR by the 2021 CKD-EPI creatinine equation (refit without race).

Inker et al. (NEJM 2021), Table S10 / the equation in the paper:
  eGFR = 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 [if female]
  κ = 0.7 (female) or 0.9 (male); α = −0.241 (female) or −0.302 (male); SCr in mg/dL.
Developed in adults (age ≥ 18).
"""

from clinverify.calculators.inputs import Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter, Version

CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum creatinine (IDMS-traceable)", analyte="creatinine", aliases=("serum creatinine",))

# (kappa, alpha, sex factor) per sex, from the published equation.
_COEF = {"female": (0.7, -0.241, 1.012), "male": (0.9, -0.302, 1.0)}


def compute(sex, age, creatinine):
    kappa, alpha, sex_factor = _COEF[sex]
    ratio = creatinine / kappa
    # Only one of the two power terms differs from 1: alpha below kappa, -1.200 above.
    if ratio < 1.0:
        exponent = alpha
    else:
        exponent = -1.200
    egfr = 142.0 * ratio**exponent * 0.9938**age * sex_factor
    return egfr, {"kappa": kappa, "alpha": alpha, "scr_over_kappa": ratio, "exponent": exponent, "sex_factor": sex_factor}


def explain(inputs, inter, value):
    return [
        "CKD-EPI 2021: eGFR = 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 (if female); "
        "κ 0.7 (F) / 0.9 (M), α −0.241 (F) / −0.302 (M), SCr in mg/dL.",
        f"Sex {inputs['sex']}: κ = {fmt(inter['kappa'])}, α = {fmt(inter['alpha'])}, sex factor {fmt(inter['sex_factor'])}; "
        f"age {fmt(inputs['age'])} years; serum creatinine {fmt(inputs['creatinine'])} mg/dL.",
        f"SCr/κ = {fmt(inputs['creatinine'])} / {fmt(inter['kappa'])} = {fmt(inter['scr_over_kappa'])}, "
        f"so the exponent is {fmt(inter['exponent'])}.",
        f"eGFR = 142 × {fmt(inter['scr_over_kappa'])}^{fmt(inter['exponent'])} × 0.9938^{fmt(inputs['age'])} × "
        f"{fmt(inter['sex_factor'])} = {fmt(value)} mL/min/1.73 m².",
    ]


# What traces state, for the verifier (clinverify.calculators.statements).
PARAMETERS = (
    Parameter(("kappa",), ("κ", "kappa"), ("A", "K", "k")),
    Parameter(("alpha", "exponent"), ("α", "alpha"), ()),
    Parameter(("exponent",), ("exponent",), ("B",)),
    Parameter(("sex_factor",), ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
)
VERSIONS = (
    Version(
        "CKD-EPI 2009",
        (141.0, -0.329, 0.329, -0.411, 0.411, -1.209, 1.209, 0.993, 1.018, 1.159),
        "the 2009 equation (Levey 2009: 141, α −0.329/−0.411, −1.209, 0.993^age, 1.018 female, 1.159 Black), "
        "superseded by the 2021 race-free refit (142, α −0.241/−0.302, −1.200, 0.9938^age, 1.012 female)",
        ("2021",),
    ),
)


CALCULATOR = Calculator(
    id="ckd_epi_2021",
    medcalc_id=3,
    medcalc_name="CKD-EPI Equations for Glomerular Filtration Rate",
    name="eGFR, CKD-EPI 2021 creatinine (race-free)",
    category="renal",
    description="Estimated GFR from serum creatinine, age and sex by the 2021 race-free CKD-EPI equation.",
    inputs=(CREATININE, sex(), age()),
    output=Output("mL/min/1.73 m²", "decimal", 1),
    citations=(
        Citation(
            "Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations to estimate GFR "
            "without race. N Engl J Med. 2021;385(19):1737-1749.",
            doi="10.1056/NEJMoa2102953",
            pmid="34554658",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=("Developed and validated in adults (18 years and over); creatinine must be IDMS-traceable.",),
)
