"""Ideal body weight (Devine 1974): 50 kg (men) / 45.5 kg (women) + 2.3 kg per inch over 5 ft."""

from clinverify.calculators.anthropometry import CM_PER_INCH, IBW_VARIANTS, ideal_body_weight
from clinverify.calculators.inputs import Number, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

HEIGHT = Number("height", "cm", (30.0, 275.0), "height", aliases=("body height",))

DEVINE = Citation("Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.", url="https://doi.org/10.1177/106002807400801104")


def compute(sex: str, height: float):
    inches = height / CM_PER_INCH
    return ideal_body_weight(sex, height), {"height_in": inches}


def explain(inputs, inter, value):
    base = "50" if inputs["sex"] == "male" else "45.5"
    return [
        "Devine: IBW = 50 kg (men) or 45.5 kg (women) + 2.3 kg × (height in inches − 60).",
        f"Sex {inputs['sex']}; height {fmt(inputs['height'])} cm = {fmt(inter['height_in'])} in.",
        f"IBW = {base} + 2.3 × ({fmt(inter['height_in'])} − 60) = {fmt(value)} kg.",
    ]


# The formula as traces state it, for either sex ("IBW = 45.5 kg + 2.3 kg × (height (in inches) − 60)").
# Robinson, Miller and Hamwi (Pai & Paloucek 2000) are accepted forms too: conventions, not errors.
_IBW_FORMS = ((50.0, 2.3), (45.5, 2.3), *((b, k) for v in IBW_VARIANTS.values() for b, k in (v[:2], v[2:])))
STATEMENTS = (
    Formula(
        key="ideal_body_weight",
        names=("ideal body weight", "ibw"),
        text="50 kg (men) or 45.5 kg (women) + 2.3 kg × (height in inches − 60)",
        phrases={"h": ("height in inches", "height", "ht")},
        sample=lambda r: {"h": r.uniform(58, 80)},
        forms=tuple((lambda v, b=b, k=k: b + k * (v["h"] - 60)) for b, k in _IBW_FORMS),
    ),
)


CALCULATOR = Calculator(
    id="ideal_body_weight",
    medcalc_id=10,
    medcalc_name="Ideal Body Weight",
    name="Ideal body weight (Devine)",
    category="anthropometry",
    description="Dosing weight from height and sex; defined for adults (the formula extrapolates below 5 ft).",
    inputs=(sex(), HEIGHT),
    output=Output("kg", "decimal", 1),
    citations=(DEVINE, Citation("Pai MP, Paloucek FP. The origin of the 'ideal' body weight equations. Ann Pharmacother. 2000;34(9):1066-1069.", doi="10.1345/aph.19381", pmid="10981254")),
    compute_fn=compute,
    explain_fn=explain,
    notes=("Below 60 inches the formula extrapolates linearly (it can fall below the base weight), as most calculators do.",),
)
