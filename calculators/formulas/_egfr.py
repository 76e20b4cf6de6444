"""Shared inputs of the creatinine eGFR equations (CKD-EPI 2009/2021, EKFC, MDRD): serum creatinine and
the race choice of the equations that carry a race coefficient (CKD-EPI 2009, MDRD)."""

from clinverify.calculators.inputs import Choice, Number

CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum creatinine (IDMS-traceable)", analyte="creatinine", aliases=("serum creatinine", "SCr"))
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
