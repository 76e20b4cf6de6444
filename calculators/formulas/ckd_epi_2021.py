"""eGFR by the 2021 CKD-EPI creatinine equation (refit without race).

Inker et al. (NEJM 2021), Table S10 / the equation in the paper:
  eGFR = 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 [if female]
  κ = 0.7 (female) or 0.9 (male); α = −0.241 (female) or −0.302 (male); SCr in mg/dL.
Developed in adults (age ≥ 18).

``method`` selects another creatinine equation (the default is the 2021 equation, the current KDIGO one):
  ckd_epi_2009: Levey et al. (Ann Intern Med 2009), Table 2:
    141 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.209 × 0.993^age × 1.018 [if female] × 1.159 [if Black]
    κ 0.7 (F) / 0.9 (M); α −0.329 (F) / −0.411 (M).
  ekfc_2021: Pottel et al. (Ann Intern Med 2021), the European Kidney Function Consortium equation:
    107.3 × (SCr/Q)^α × 0.990^(age − 40) [if age > 40]; α −0.322 if SCr/Q < 1, else −1.132;
    Q 0.70 (F) / 0.90 (M) mg/dL (62 / 80 µmol/L) from age 25. From 2 to under 25 years Q depends on age:
      ln Q = 3.200 + 0.259·age − 0.543·ln(age) − 0.00763·age² + 0.0000790·age³   (male)
      ln Q = 3.080 + 0.177·age − 0.223·ln(age) − 0.00596·age² + 0.0000686·age³   (female)
    with Q in µmol/L, divided by 88.4 for mg/dL. Under 2 years is an error (the age range of the
    EKFC equation and of the implementations below).

The child Q. The Pottel 2021 article was not reachable from here; the coefficients were taken from
implementations that agree digit for digit: the CRAN package kidney.epi 1.4.0 (R/egfr_ekfc.R,
egfr.ekfc.cr, which cites Pottel 2021 for them and rejects ages under 2), a SAS program and a Python
calculator found by exact-coefficient search. Those copies use the child Q up to and including 25 and
the adult Q above it; this module keeps the adult Q at 25 as before (ages 25 and over). At 25
the child Q is 62.43 µmol/L = 0.7062 mg/dL (F) and 80.87 µmol/L = 0.9148 mg/dL (M) against the adult
0.70 / 0.90 mg/dL: 0.9 % and 1.6 % higher (0.7 % and 1.1 % against 62 / 80 µmol/L), so eGFR steps up
at 25 by at most 1.0 % (F) and 1.9 % (M) (eGFR goes as Q^0.322 below Q, Q^1.132 above it).
No published worked example was found; the tests are hand-worked from the coefficients.
"""

import math

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.formulas._egfr import CREATININE, RACE
from clinverify.calculators.inputs import Choice, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Version

# (kappa, alpha, sex factor) per sex, from the published equation.
_COEF = {"female": (0.7, -0.241, 1.012), "male": (0.9, -0.302, 1.0)}
# CKD-EPI 2009 (Levey 2009, Table 2): (kappa, alpha, sex factor); 141, −1.209, 0.993^age, 1.159 if Black.
_COEF_2009 = {"female": (0.7, -0.329, 1.018), "male": (0.9, -0.411, 1.0)}
# EKFC (Pottel 2021): the adult Q (median creatinine of healthy people) in mg/dL, from age 25.
_EKFC_Q = {"female": 0.70, "male": 0.90}
EKFC_ADULT_AGE = 25.0
# EKFC (Pottel 2021), ages 2 to under 25: ln Q (Q in µmol/L) = c0 + c1·age + c2·ln(age) + c3·age² + c4·age³.
_EKFC_CHILD_LN_Q = {"female": (3.080, 0.177, -0.223, -0.00596, 0.0000686), "male": (3.200, 0.259, -0.543, -0.00763, 0.0000790)}
EKFC_MIN_AGE = 2.0
CREATININE_UMOL_PER_MG_DL = 88.4  # the conversion the EKFC papers use

METHOD = Choice(
    "method",
    {
        "ckd_epi_2021": (),
        "ckd_epi_2009": (),
        "ekfc_2021": (),
    },
    "ckd_epi_2021 (default, Inker 2021), ckd_epi_2009 (Levey 2009, with its race coefficient) or ekfc_2021 (Pottel 2021, ages 2 and over)",
    required=False,
    default="ckd_epi_2021",
)


def compute(sex, age, creatinine, race=None, method="ckd_epi_2021"):
    if method == "ekfc_2021":
        return _ekfc(sex, age, creatinine)
    if method == "ckd_epi_2009":
        kappa, alpha, sex_factor = _COEF_2009[sex]
        leading, upper, age_base, race_factor = 141.0, -1.209, 0.993, 1.159 if race == "black" else 1.0
    else:
        kappa, alpha, sex_factor = _COEF[sex]
        leading, upper, age_base, race_factor = 142.0, -1.200, 0.9938, 1.0
    ratio = creatinine / kappa
    # Only one of the two power terms differs from 1: alpha below kappa, the upper exponent above.
    if ratio < 1.0:
        exponent = alpha
    else:
        exponent = upper
    egfr = leading * ratio**exponent * age_base**age * sex_factor * race_factor
    inter = {"kappa": kappa, "alpha": alpha, "scr_over_kappa": ratio, "exponent": exponent, "sex_factor": sex_factor}
    if method == "ckd_epi_2009":
        inter["race_factor"] = race_factor
    return egfr, inter


def ekfc_q(sex, age):
    """EKFC's Q in mg/dL: the adult value from 25 years, the age polynomial (µmol/L / 88.4) below."""
    if age >= EKFC_ADULT_AGE:
        return _EKFC_Q[sex]
    c0, c1, c2, c3, c4 = _EKFC_CHILD_LN_Q[sex]
    return math.exp(c0 + c1 * age + c2 * math.log(age) + c3 * age**2 + c4 * age**3) / CREATININE_UMOL_PER_MG_DL


def _ekfc(sex, age, creatinine):
    if age < EKFC_MIN_AGE:
        raise InputError(
            FieldViolation("age", f"{fmt(age)} years is under {fmt(EKFC_MIN_AGE)}: the EKFC equation (Pottel 2021) is for ages 2 and over"),
            "ckd_epi_2021",
        )
    q = ekfc_q(sex, age)
    ratio = creatinine / q
    exponent = -0.322 if ratio < 1.0 else -1.132
    age_factor = 0.990 ** (age - 40.0) if age > 40.0 else 1.0
    return 107.3 * ratio**exponent * age_factor, {"q": q, "scr_over_q": ratio, "exponent": exponent, "age_factor": age_factor}


def _num(c):
    """A published coefficient as written (0.0000790 -> 0.000079, not 7.9e-05)."""
    return f"{c:.7f}".rstrip("0").rstrip(".")


def explain(inputs, inter, value):
    if inputs["method"] == "ekfc_2021":
        age, child = inputs["age"], inputs["age"] < EKFC_ADULT_AGE
        if child:
            c0, c1, c2, c3, c4 = _EKFC_CHILD_LN_Q[inputs["sex"]]
            q_line = (
                f"Sex {inputs['sex']}, age {fmt(age)} years (under 25): ln Q = {_num(c0)} + {_num(c1)}·age − {_num(-c2)}·ln(age) − "
                f"{_num(-c3)}·age² + {_num(c4)}·age³, Q = {fmt(inter['q'] * CREATININE_UMOL_PER_MG_DL)} µmol/L = {fmt(inter['q'])} mg/dL; "
                f"serum creatinine {fmt(inputs['creatinine'])} mg/dL."
            )
        else:
            q_line = f"Sex {inputs['sex']}, age {fmt(age)} years: Q = {fmt(inter['q'])} mg/dL; serum creatinine {fmt(inputs['creatinine'])} mg/dL."
        return [
            "EKFC (Pottel 2021): eGFR = 107.3 × (SCr/Q)^α × 0.990^(age − 40) (if age > 40); α −0.322 if SCr/Q < 1, "
            "else −1.132; Q 0.70 (F) / 0.90 (M) mg/dL from 25 years, an age polynomial from 2 to 25.",
            q_line,
            f"SCr/Q = {fmt(inputs['creatinine'])} / {fmt(inter['q'])} = {fmt(inter['scr_over_q'])}, so α = {fmt(inter['exponent'])}; "
            f"age factor {fmt(inter['age_factor'])}.",
            f"eGFR = 107.3 × {fmt(inter['scr_over_q'])}^{fmt(inter['exponent'])} × {fmt(inter['age_factor'])} = {fmt(value)} mL/min/1.73 m².",
        ]
    if inputs["method"] == "ckd_epi_2009":
        race = "Black" if inputs.get("race") == "black" else "non-Black" if inputs.get("race") else "not stated (taken as non-Black)"
        return [
            "CKD-EPI 2009: eGFR = 141 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.209 × 0.993^age × 1.018 (if female) × 1.159 (if Black); "
            "κ 0.7 (F) / 0.9 (M), α −0.329 (F) / −0.411 (M), SCr in mg/dL.",
            f"Sex {inputs['sex']}: κ = {fmt(inter['kappa'])}, α = {fmt(inter['alpha'])}, sex factor {fmt(inter['sex_factor'])}; "
            f"race {race} (factor {fmt(inter['race_factor'])}); age {fmt(inputs['age'])} years; "
            f"serum creatinine {fmt(inputs['creatinine'])} mg/dL.",
            f"SCr/κ = {fmt(inputs['creatinine'])} / {fmt(inter['kappa'])} = {fmt(inter['scr_over_kappa'])}, "
            f"so the exponent is {fmt(inter['exponent'])}.",
            f"eGFR = 141 × {fmt(inter['scr_over_kappa'])}^{fmt(inter['exponent'])} × 0.993^{fmt(inputs['age'])} × "
            f"{fmt(inter['sex_factor'])} × {fmt(inter['race_factor'])} = {fmt(value)} mL/min/1.73 m².",
        ]
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


def _statement_sample(r):
    """Consistent values for a statement's variables: B is α below κ and −1.200 above it."""
    scr, female, age = r.uniform(0.4, 3.0), r.random() < 0.5, r.uniform(20.0, 90.0)
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    return {"scr": scr, "kappa": kappa, "alpha": alpha, "b": alpha if scr < kappa else -1.2, "age": age, "sex": 1.012 if female else 1.0}


# What traces state, for the verifier (clinverify.calculators.statements): the equation with
# min/max ("142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012"), or with the
# exponent already chosen ("142 × (Scr/A)**B × 0.9938**age × gender coefficient").
STATEMENTS = (
    Formula(
        key="ckd_epi_2021",
        names=("ckd-epi", "ckd epi", "ckd-epi 2021", "2021 ckd-epi", "ckd-epi creatinine equation"),
        text="142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012 (female)",
        phrases={
            "scr": ("serum creatinine", "creatinine", "scr", "cr"),
            "kappa": ("κ", "kappa", "a", "k"),
            "alpha": ("α", "alpha"),
            "b": ("b",),
            "age": ("age",),
            "sex": ("gender coefficient", "gender coeffcient", "gender coeffient", "sex coefficient", "sex factor", "gender factor", "female factor"),
        },
        sample=_statement_sample,
        forms=(
            lambda v: 142 * min(v["scr"] / v["kappa"], 1) ** v["alpha"] * max(v["scr"] / v["kappa"], 1) ** -1.2 * 0.9938 ** v["age"] * v["sex"],
            lambda v: 142 * (v["scr"] / v["kappa"]) ** v["b"] * 0.9938 ** v["age"] * v["sex"],
        ),
        # κ, α and the female factor may be written in as the patient's group's constants
        # ("142 × min(Scr/0.9, 1)^−0.302 × …" for a man)
        specialisable=frozenset({"sex", "kappa", "alpha"}),
        aliases={"alpha": "b"},  # "(SCr/κ)^α, α −0.302 below κ and −1.2 above": one power with the exponent that applies
    ),
)

PARAMETERS = (
    Parameter(("kappa",), ("κ", "kappa"), ("A", "K", "k")),
    Parameter(("alpha", "exponent"), ("α", "alpha"), ()),
    Parameter(("exponent",), ("exponent",), ("B",)),
    Parameter(("sex_factor",), ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
)
# Powers the equation raises an intermediate to (base, exponent, the base as traces write it): Scr/κ is
# raised to α below 1 and to −1.200 above it ("0.9111^−1.200" for Scr/κ 0.91 takes the wrong branch).
POWERS = (("scr_over_kappa", "exponent", "Scr/κ"),)
# The patient's values a substitution raises a constant to, or raises to a constant ("0.9938^60": the
# age), for the verifier: (input, "exponent" or "base", the constant beside it).
INPUT_POWERS = (("age", "exponent", 0.9938), ("age", "exponent", 0.993))
VERSIONS = (
    Version(
        "CKD-EPI 2009",
        (141.0, -0.329, 0.329, -0.411, 0.411, -1.209, 1.209, 0.993, 1.018, 1.159),
        "the 2009 equation (Levey 2009: 141, α −0.329/−0.411, −1.209, 0.993^age, 1.018 female, 1.159 Black), "
        "superseded by the 2021 race-free refit (142, α −0.241/−0.302, −1.200, 0.9938^age, 1.012 female)",
        ("2021",),
    ),
    Version(
        "EKFC",
        (107.3, -1.132, 1.132, -0.322, 0.322),
        "the EKFC equation (Pottel 2021: 107.3 × (SCr/Q)^α × 0.990^(age − 40), α −0.322 / −1.132), method='ekfc_2021'; "
        "the default is the 2021 CKD-EPI equation",
        ("ckd-epi", "ckd epi"),
    ),
)


CALCULATOR = Calculator(
    id="ckd_epi_2021",
    medcalc_id=3,
    medcalc_name="CKD-EPI Equations for Glomerular Filtration Rate",
    name="eGFR, CKD-EPI 2021 creatinine (race-free)",
    category="renal",
    description="Estimated GFR from serum creatinine, age and sex by the 2021 race-free CKD-EPI equation.",
    inputs=(CREATININE, sex(), age(), RACE, METHOD),
    output=Output("mL/min/1.73 m²", "decimal", 1),
    citations=(
        Citation(
            "Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations to estimate GFR "
            "without race. N Engl J Med. 2021;385(19):1737-1749.",
            doi="10.1056/NEJMoa2102953",
            pmid="34554658",
        ),
        Citation(
            "Levey AS, Stevens LA, Schmid CH, et al. A new equation to estimate glomerular filtration rate. "
            "Ann Intern Med. 2009;150(9):604-612 (method ckd_epi_2009).",
            doi="10.7326/0003-4819-150-9-200905050-00006",
            pmid="19414839",
        ),
        Citation(
            "Pottel H, Björk J, Courbebaisse M, et al. Development and validation of a modified full age spectrum "
            "creatinine-based equation to estimate glomerular filtration rate: a cross-sectional analysis of pooled "
            "data. Ann Intern Med. 2021;174(2):183-191 (method ekfc_2021).",
            doi="10.7326/M20-4366",
            pmid="33166224",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Developed and validated in adults (18 years and over); creatinine must be IDMS-traceable.",
        "method='ckd_epi_2009' gives the 2009 equation (with its race coefficient 1.159; race not stated = non-Black), "
        "method='ekfc_2021' the EKFC equation (ages 2 and over: the adult Q from 25 years, the age-dependent Q of Pottel 2021 "
        "from 2 to under 25); race is used by the 2009 equation only.",
    ),
    keywords=("nephrology", "kidney", "egfr", "gfr", "creatinine", "ckd", "ckd-epi", "ekfc_2021", "renal function", "kidney function"),
    population="Adults (18+) of pooled North American and European research and clinical cohorts (CKD-EPI); EKFC: ages 2 and over, mainly white European cohorts.",
    examples=(
        "Inker 2021 (NEJM 385:1737) published equation: hand-calculated cases (tests/calculators/test_ckd_epi_2021.py)",
        "Levey 2009 (Ann Intern Med 150:604) Table 2 equation and Pottel 2021 (Ann Intern Med 174:183) equation: hand-calculated cases",
        "Pottel 2021 EKFC age-dependent Q (ages 2 to 25), coefficients as in kidney.epi 1.4.0: hand-calculated cases and continuity at 25",
    ),
)
