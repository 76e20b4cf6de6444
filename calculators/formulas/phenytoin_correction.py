"""Total phenytoin concentration corrected for a low albumin (Sheiner-Tozer, Winter-Tozer).

Sheiner & Tozer (1978), as given in Winter's Basic Clinical Pharmacokinetics:
  C(normal binding) = C(measured) / (0.2 × albumin (g/dL) + 0.1),
0.1 being the normal unbound fraction and 0.2 ≈ (1 − 0.1) / 4.4 g/dL, the normal albumin. With end-stage
renal failure phenytoin binds less still; from Liponi, Winter & Tozer (Neurology 1984; binding fell most
below a creatinine clearance of 25 mL/min) the renal-failure form, used for a clearance below about
10–20 mL/min or dialysis, is
  C(normal binding) = C(measured) / (0.1 × albumin (g/dL) + 0.1).
The result is the total concentration that would carry the same free (unbound) phenytoin at a
normal albumin, to compare with the usual total range of 10–20 mg/L.
"""

from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

PHENYTOIN = Number("phenytoin", "mg/L", (0.1, 150.0), "measured total serum phenytoin concentration (mg/L = µg/mL)",
                   aliases=("phenytoin level", "total phenytoin", "serum phenytoin", "measured phenytoin"))
ALBUMIN = Number("albumin", "g/dL", (0.5, 7.0), "serum albumin", analyte="albumin", aliases=("serum albumin",))
# The renal-failure form is chosen by the patient's renal state, so it is a clinical input, not a version option.
RENAL_FAILURE = Flag(
    "renal_failure",
    "end-stage renal disease (creatinine clearance below about 10-20 mL/min, or dialysis): uses 0.1 × albumin + 0.1",
    aliases=("end-stage renal disease", "ESRD", "end stage renal disease", "dialysis", "renal failure"),
)

COEFFICIENT, RENAL_COEFFICIENT = 0.2, 0.1  # per g/dL of albumin
INTERCEPT = 0.1


def compute(phenytoin, albumin, renal_failure=False):
    bound_fraction_factor = (RENAL_COEFFICIENT if renal_failure else COEFFICIENT) * albumin + INTERCEPT
    return phenytoin / bound_fraction_factor, {"denominator": bound_fraction_factor}


def explain(inputs, inter, value):
    k = RENAL_COEFFICIENT if inputs["renal_failure"] else COEFFICIENT
    which = "end-stage renal disease form (Liponi 1984)" if inputs["renal_failure"] else "Sheiner-Tozer"
    return [
        f"Corrected phenytoin = measured phenytoin / ({fmt(k)} × albumin (g/dL) + 0.1), {which}.",
        f"Measured phenytoin {fmt(inputs['phenytoin'])} mg/L; albumin {fmt(inputs['albumin'])} g/dL.",
        f"Denominator = {fmt(k)} × {fmt(inputs['albumin'])} + 0.1 = {fmt(inter['denominator'])}.",
        f"Corrected phenytoin = {fmt(inputs['phenytoin'])} / {fmt(inter['denominator'])} = {fmt(value)} mg/L "
        "(usual total range 10–20 mg/L).",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="phenytoin_correction",
        names=("corrected phenytoin", "adjusted phenytoin", "sheiner-tozer", "sheiner tozer", "winter-tozer"),
        text="measured phenytoin / (0.2 × albumin + 0.1)",
        phrases={"c": ("measured phenytoin", "phenytoin level", "total phenytoin", "phenytoin"), "albumin": ("albumin",)},
        sample=lambda r: {"c": r.uniform(3, 30), "albumin": r.uniform(1.5, 4.5)},
        forms=(lambda v: v["c"] / (0.2 * v["albumin"] + 0.1),),
    ),
)
PARAMETERS = (Parameter(("denominator",), ("denominator", "correction factor", "adjustment factor")),)


CALCULATOR = Calculator(
    id="phenytoin_correction",
    name="Phenytoin corrected for albumin (Sheiner-Tozer)",
    category="pharmacology",
    description="Total phenytoin level adjusted for hypoalbuminaemia (and, as an option, end-stage renal failure).",
    inputs=(PHENYTOIN, ALBUMIN, RENAL_FAILURE),
    output=Output("mg/L", "decimal", 1),
    citations=(
        Citation(
            "Sheiner LB, Tozer TN. Clinical pharmacokinetics: the use of plasma concentrations of drugs. In: Melmon KL, "
            "Morrelli HF, eds. Clinical Pharmacology: Basic Principles in Therapeutics. 2nd ed. New York: Macmillan; "
            "1978:71-109.",
        ),
        Citation(
            "Liponi DF, Winter ME, Tozer TN. Renal function and therapeutic concentrations of phenytoin. Neurology. "
            "1984;34(3):395-397.",
            doi="10.1212/wnl.34.3.395",
            pmid="6538287",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("phenytoin", "renal_failure"),
    decreasing=("albumin",),
    keywords=('phenytoin', 'albumin', 'therapeutic drug monitoring', 'epilepsy', 'neurology', 'dilantin', 'sheiner-tozer', 'hypoalbuminemia', 'hypoalbuminaemia'),
    population='Adults on phenytoin with hypoalbuminaemia (binding model, Sheiner & Tozer 1978); renal form from 40 adults with stable renal impairment (Liponi 1984).',
    examples=('Sheiner-Tozer and Liponi 1984 equations: hand-worked cases, each form',),
    notes=(
        "Albumin in g/dL (g/L is converted). Measured phenytoin in mg/L (= µg/mL); molar units are not converted.",
        "renal_failure=true applies 0.1 × albumin + 0.1 (Liponi 1984) for end-stage renal disease; sources differ on the "
        "clearance below which to use it (10 or 20 mL/min). Not mentioned = normal renal function.",
        "The equation overestimates in some ICU and trauma patients; a measured free phenytoin is preferred when available.",
    ),
)
