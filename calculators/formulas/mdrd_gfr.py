"""eGFR by the 4-variable MDRD Study equation, re-expressed for IDMS-traceable creatinine.

Levey et al. (Ann Intern Med 2006):
  GFR = 175 × SCr^−1.154 × age^−0.203 × 0.742 [if female] × 1.212 [if Black]   (SCr in mg/dL)
The 175 coefficient replaces the original 186 for creatinine calibrated to IDMS.
"""

from clinverify.calculators.inputs import Choice, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Version

CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum creatinine (IDMS-traceable)", analyte="creatinine", aliases=("serum creatinine",))
RACE = Choice(
    "race",
    {
        "black": ("african american", "african-american", "black or african american", "afro-american", "afro-caribbean"),
        "non-black": (
            "not black", "nonblack", "other", "white", "caucasian", "asian", "hispanic", "latino", "latina",
            "native american", "american indian", "pacific islander", "middle eastern", "arab", "indian", "mixed",
        ),
    },
    "race as used by the equation: Black or non-Black; not stated = non-Black (coefficient 1)",
    aliases=("ethnicity",),
    required=False,
)


def compute(creatinine, age, sex, race=None):
    sex_factor = 0.742 if sex == "female" else 1.0
    race_factor = 1.212 if race == "black" else 1.0
    gfr = 175.0 * creatinine**-1.154 * age**-0.203 * sex_factor * race_factor
    return gfr, {"sex_factor": sex_factor, "race_factor": race_factor}


PARAMETERS = (
    Parameter(("sex_factor",), ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
    Parameter(("race_factor",), ("race coefficient", "race factor", "race coeffcient", "ethnicity factor"), ()),
)
VERSIONS = (
    Version(
        "MDRD 186 (non-IDMS)",
        (186.0,),
        "the original 1999/2000 MDRD coefficient 186 for creatinine not calibrated to IDMS; the calculator uses 175 (Levey 2006)",
        ("175", "idms"),
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
    return [
        "MDRD (IDMS-traceable): GFR = 175 × SCr^−1.154 × age^−0.203 × 0.742 (if female) × 1.212 (if Black); SCr in mg/dL.",
        f"Serum creatinine {fmt(inputs['creatinine'])} mg/dL; age {fmt(inputs['age'])} years; "
        f"sex {inputs['sex']} (factor {fmt(inter['sex_factor'])}); race {race_txt} (factor {fmt(inter['race_factor'])}).",
        f"GFR = 175 × {fmt(inputs['creatinine'])}^−1.154 × {fmt(inputs['age'])}^−0.203 × {fmt(inter['sex_factor'])} × "
        f"{fmt(inter['race_factor'])} = {fmt(value)} mL/min/1.73 m².",
    ]


CALCULATOR = Calculator(
    id="mdrd_gfr",
    medcalc_id=9,
    medcalc_name="MDRD GFR Equation",
    name="eGFR, MDRD Study (4-variable, IDMS-traceable)",
    category="renal",
    description="Estimated GFR from serum creatinine, age, sex and race by the 4-variable MDRD equation (175 coefficient).",
    inputs=(CREATININE, age(range=(1.0, 125.0)), sex(), RACE),
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
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Race not stated is taken as non-Black (coefficient 1.0). The race coefficient is kept because it is part of "
        "the published equation; the race-free CKD-EPI 2021 equation is ckd_epi_2021.",
        "Developed in adults with CKD; less accurate above a GFR of 60 mL/min/1.73 m².",
    ),
)
