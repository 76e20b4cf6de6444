"""UK model for end-stage liver disease (UKELD).

Barber et al. (Transplantation 2011), adopted for liver transplant listing in the UK (Neuberger
et al., Gut 2008):
  UKELD = 5.395 × ln(INR) + 1.485 × ln(creatinine, µmol/L) + 3.13 × ln(bilirubin, µmol/L)
          − 81.565 × ln(sodium, mmol/L) + 435.
A UKELD of 49 (about 9 % one-year mortality without transplant) is the minimum for listing for
chronic liver disease in the UK. The published equation has no bounds on its inputs.
"""

import math

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INR = Number("inr", "", (0.5, 20.0), "international normalized ratio", aliases=("international normalized ratio",))
CREATININE = Number("creatinine", "µmol/L", (5.0, 3500.0), "serum creatinine", analyte="creatinine", aliases=("serum creatinine",))
BILIRUBIN = Number("bilirubin", "µmol/L", (1.0, 1400.0), "serum total bilirubin", analyte="bilirubin", aliases=("total bilirubin", "serum bilirubin"))
SODIUM = Number("sodium", "mmol/L", (90.0, 200.0), "serum sodium", analyte="sodium", aliases=("serum sodium", "Na"))

K_INR, K_CR, K_BILI, K_NA, CONSTANT = 5.395, 1.485, 3.13, 81.565, 435.0
LISTING = 49


def compute(inr, creatinine, bilirubin, sodium):
    terms = {
        "inr_term": K_INR * math.log(inr),
        "creatinine_term": K_CR * math.log(creatinine),
        "bilirubin_term": K_BILI * math.log(bilirubin),
        "sodium_term": K_NA * math.log(sodium),
    }
    value = terms["inr_term"] + terms["creatinine_term"] + terms["bilirubin_term"] - terms["sodium_term"] + CONSTANT
    return value, terms


def explain(inputs, inter, value):
    return [
        "UKELD = 5.395 × ln(INR) + 1.485 × ln(creatinine µmol/L) + 3.13 × ln(bilirubin µmol/L) − 81.565 × ln(Na mmol/L) + 435.",
        f"INR {fmt(inputs['inr'])}; creatinine {fmt(inputs['creatinine'])} µmol/L; bilirubin {fmt(inputs['bilirubin'])} µmol/L; "
        f"sodium {fmt(inputs['sodium'])} mmol/L.",
        f"UKELD = {fmt(inter['inr_term'])} + {fmt(inter['creatinine_term'])} + {fmt(inter['bilirubin_term'])} "
        f"− {fmt(inter['sodium_term'])} + 435 = {fmt(value)} "
        f"({'≥ 49: meets' if value >= LISTING else '< 49: below'} the UK listing threshold of 49).",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="ukeld",
        names=("ukeld", "uk model for end-stage liver disease", "united kingdom model for end-stage liver disease"),
        text="5.395 × ln(INR) + 1.485 × ln(creatinine) + 3.13 × ln(bilirubin) − 81.565 × ln(Na) + 435",
        phrases={"inr": ("inr",), "cr": ("creatinine",), "bili": ("bilirubin",), "na": ("sodium", "na")},
        sample=lambda r: {"inr": r.uniform(0.9, 4), "cr": r.uniform(40, 400), "bili": r.uniform(5, 500), "na": r.uniform(120, 150)},
        forms=(lambda v: 5.395 * math.log(v["inr"]) + 1.485 * math.log(v["cr"]) + 3.13 * math.log(v["bili"])
               - 81.565 * math.log(v["na"]) + 435,),
    ),
)


CALCULATOR = Calculator(
    id="ukeld",
    name="UKELD (UK model for end-stage liver disease)",
    category="hepatology",
    description="Severity of chronic liver disease for UK liver transplant listing (threshold 49).",
    inputs=(INR, CREATININE, BILIRUBIN, SODIUM),
    output=Output("", "decimal", 0),
    citations=(
        Citation(
            "Barber K, Madden S, Allen J, Collett D, Neuberger J, Gimson A. Elective liver transplant list mortality: "
            "development of a United Kingdom end-stage liver disease score. Transplantation. 2011;92(4):469-476.",
            doi="10.1097/TP.0b013e318225db4d",
            pmid="21775931",
        ),
        Citation(
            "Neuberger J, Gimson A, Davies M, et al. Selection of patients for liver transplantation and allocation of "
            "donated livers in the UK. Gut. 2008;57(2):252-257.",
            doi="10.1136/gut.2007.131730",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("inr", "creatinine", "bilirubin"),
    decreasing=("sodium",),
    keywords=('liver transplantation', 'end-stage liver disease', 'meld', 'cirrhosis', 'liver', 'uk', 'hepatology'),
    population='1103 adults registered for a first elective liver transplant in the UK, 2003-2006, validated in 452 registered 2006-2007 (Barber 2011).',
    examples=('Barber 2011 (Transplantation 92:469) equation: hand-worked cases either side of the listing threshold 49',),
    notes=(
        "Creatinine and bilirubin in µmol/L (mg/dL is converted); no lower or upper bounds are applied to the inputs.",
        "A UKELD ≥ 49 is the UK minimum for listing for chronic liver disease.",
    ),
)
