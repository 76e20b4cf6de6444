"""eGFR by the 4-variable MDRD Study equation, re-expressed for IDMS-traceable creatinine (default), or the original.

Levey et al. (Ann Intern Med 2006):
  GFR = 175 × SCr^−1.154 × age^−0.203 × 0.742 [if female] × 1.212 [if Black]   (SCr in mg/dL)
The 175 coefficient replaces the original 186 for creatinine calibrated to IDMS. ``method='original_186'``:
  GFR = 186 × SCr^−1.154 × age^−0.203 × 0.742 [if female] × 1.210 [if Black]   (Levey 2000; K/DOQI 2002)
"""

from clinverify.calculators.formulas._egfr import CREATININE, RACE
from clinverify.calculators.inputs import Choice, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Version

# The 4-variable equation's leading coefficient: 175 for IDMS-traceable creatinine (Levey 2006, the
# default), 186 with race coefficient 1.210 for creatinine not calibrated to IDMS (Levey 2000; K/DOQI 2002).
_COEF = {"idms_175": (175.0, 1.212), "original_186": (186.0, 1.210)}
METHOD = Choice(
    "method",
    {"idms_175": (), "original_186": ()},
    "idms_175: 175 × … × 1.212 (Black), for IDMS-traceable creatinine (default); "
    "original_186: 186 × … × 1.210 (Black), the original 4-variable equation for uncalibrated creatinine",
    required=False,
    default="idms_175",
)


def compute(creatinine, age, sex, race=None, method="idms_175"):
    coefficient, black = _COEF[method]
    sex_factor = 0.742 if sex == "female" else 1.0
    race_factor = black if race == "black" else 1.0
    gfr = coefficient * creatinine**-1.154 * age**-0.203 * sex_factor * race_factor
    return gfr, {"coefficient": coefficient, "sex_factor": sex_factor, "race_factor": race_factor}


PARAMETERS = (
    Parameter(("sex_factor",), ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
    Parameter(("race_factor",), ("race coefficient", "race factor", "race coeffcient", "ethnicity factor"), ()),
)
VERSIONS = (
    Version(
        "MDRD 186 (non-IDMS)",
        (186.0,),
        "the original 1999/2000 MDRD coefficient 186 for creatinine not calibrated to IDMS; the calculator uses 175 (Levey 2006)",
        # "the MDRD equation" today means the IDMS-traceable re-expression (175): creatinine assays have
        # been calibrated to IDMS since 2006-2010, so 186 applied to a current value is a superseded version.
        ("175", "idms", "mdrd"),
    ),
)


STATEMENTS = (
    Formula(
        key="mdrd_gfr",
        names=("mdrd", "mdrd gfr", "mdrd equation"),
        text="175 × SCr^−1.154 × age^−0.203 × 0.742 (female) × 1.212 (Black)",
        phrases={
            "scr": ("serum creatinine", "creatinine", "scr"),
            "age": ("age",),
            "k": ("gender coefficient", "gender coeffcient", "gender_coefficient", "sex coefficient", "sex factor", "gender factor"),
            "race": ("race coefficient", "race coeffcient", "race_coefficient", "race factor", "ethnicity factor"),
        },
        sample=lambda r: {"scr": r.uniform(0.5, 6), "age": r.uniform(20, 90), "k": r.choice((1.0, 0.742)), "race": r.choice((1.0, 1.212))},
        forms=(lambda v: 175 * v["scr"] ** -1.154 * v["age"] ** -0.203 * v["k"] * v["race"],),
        specialisable=frozenset({"k", "race"}),
    ),
)


def explain(inputs, inter, value):
    race = inputs.get("race")
    race_txt = "Black" if race == "black" else "non-Black" if race else "not stated (taken as non-Black)"
    k = fmt(inter["coefficient"])
    head = (
        "MDRD (IDMS-traceable): GFR = 175 × SCr^−1.154 × age^−0.203 × 0.742 (if female) × 1.212 (if Black); SCr in mg/dL."
        if inputs["method"] == "idms_175" else
        "MDRD (original, creatinine not IDMS-calibrated): GFR = 186 × SCr^−1.154 × age^−0.203 × 0.742 (if female) × 1.210 (if Black); SCr in mg/dL."
    )
    return [
        head,
        f"Serum creatinine {fmt(inputs['creatinine'])} mg/dL; age {fmt(inputs['age'])} years; "
        f"sex {inputs['sex']} (factor {fmt(inter['sex_factor'])}); race {race_txt} (factor {fmt(inter['race_factor'])}).",
        f"GFR = {k} × {fmt(inputs['creatinine'])}^−1.154 × {fmt(inputs['age'])}^−0.203 × {fmt(inter['sex_factor'])} × "
        f"{fmt(inter['race_factor'])} = {fmt(value)} mL/min/1.73 m².",
    ]


# The patient's values a substitution raises to the formula's exponents ("1.2^−1.154", "60^−0.203"),
# for the verifier: (input, "base", the exponent beside it).
INPUT_POWERS = (("creatinine", "base", -1.154), ("age", "base", -0.203))


CALCULATOR = Calculator(
    id="mdrd_gfr",
    medcalc_id=9,
    medcalc_name="MDRD GFR Equation",
    name="eGFR, MDRD Study (4-variable, IDMS-traceable)",
    category="renal",
    description="Estimated GFR from serum creatinine, age, sex and race by the 4-variable MDRD equation (175 coefficient).",
    inputs=(CREATININE, age(range=(1.0, 125.0)), sex(), RACE, METHOD),
    output=Output("mL/min/1.73 m²", "decimal", 1),
    citations=(
        Citation(
            "Levey AS, Coresh J, Greene T, et al. Using standardized serum creatinine values in the modification of diet "
            "in renal disease study equation for estimating glomerular filtration rate. Ann Intern Med. "
            "2006;145(4):247-254.",
            doi="10.7326/0003-4819-145-4-200608150-00004",
            pmid="16908915",
        ),
        Citation(
            "Levey AS, Bosch JP, Lewis JB, et al. A more accurate method to estimate glomerular filtration rate from "
            "serum creatinine: a new prediction equation. Ann Intern Med. 1999;130(6):461-470.",
            doi="10.7326/0003-4819-130-6-199903160-00002",
            pmid="10075613",
        ),
        Citation(
            "National Kidney Foundation. K/DOQI clinical practice guidelines for chronic kidney disease: evaluation, "
            "classification, and stratification. Am J Kidney Dis. 2002;39(2 Suppl 1):S1-S266 (the 186 equation, race 1.210).",
            pmid="11904577",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Race not stated is taken as non-Black (coefficient 1.0). The race coefficient is kept because it is part of "
        "the published equation; the race-free CKD-EPI 2021 equation is ckd_epi_2021.",
        "Developed in adults with CKD; less accurate above a GFR of 60 mL/min/1.73 m².",
        "method='original_186' gives the original 4-variable equation (186, race 1.210; Levey 2000, K/DOQI 2002) for "
        "creatinine not calibrated to IDMS; the default 175 (race 1.212) is its re-expression for IDMS-traceable creatinine.",
    ),
    keywords=("nephrology", "kidney", "egfr", "gfr", "creatinine", "ckd", "mdrd", "renal function", "kidney function"),
    population="Adults with chronic kidney disease (MDRD Study, n = 1628; mostly white, 12% Black); not validated in children, pregnancy or GFR > 60.",
    examples=(
        "Levey 2006 (Ann Intern Med 145:247) equation, hand-calculated reference cases (tests/calculators/test_mdrd_gfr.py)",
        "K/DOQI 2002 (Am J Kidney Dis 39:S1) original 186 equation, hand-calculated cases",
    ),
)
