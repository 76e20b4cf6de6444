"""Ideal body weight (Devine 1974): 50 kg (men) / 45.5 kg (women) + 2.3 kg per inch over 5 ft.

``method`` selects another equation of the same form, base + per-inch × (height in inches − 60)
(men; women), as tabulated by Pai & Paloucek (2000):
  robinson_1983  52 + 1.9; 49 + 1.7      (Robinson et al. 1983)
  miller_1983    56.2 + 1.41; 53.1 + 1.36 (Miller et al. 1983)
  hamwi_1964     48 + 2.7; 45.5 + 2.2    (Hamwi 1964)
"""

from clinverify.calculators.anthropometry import CM_PER_INCH, IBW_VARIANTS, ibw_variant, ideal_body_weight
from clinverify.calculators.inputs import Choice, Number, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

HEIGHT = Number("height", "cm", (30.0, 275.0), "height", aliases=("body height",))

DEVINE = Citation("Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.", url="https://doi.org/10.1177/106002807400801104")


# Option -> the name of the variant in anthropometry.IBW_VARIANTS (one table for every calculator).
_VARIANT = {"robinson_1983": "Robinson IBW", "miller_1983": "Miller IBW", "hamwi_1964": "Hamwi IBW"}
METHOD = Choice(
    "method",
    {"devine_1974": (), "robinson_1983": (), "miller_1983": (), "hamwi_1964": ()},
    "devine_1974 (default), robinson_1983, miller_1983 or hamwi_1964",
    required=False,
    default="devine_1974",
)


def compute(sex: str, height: float, method: str = "devine_1974"):
    inches = height / CM_PER_INCH
    if method == "devine_1974":
        return ideal_body_weight(sex, height), {"height_in": inches}
    return ibw_variant(_VARIANT[method], sex, height), {"height_in": inches}


def explain(inputs, inter, value):
    if inputs["method"] != "devine_1974":
        name = _VARIANT[inputs["method"]]
        m_base, m_inch, f_base, f_inch = IBW_VARIANTS[name]
        base, per_inch = (m_base, m_inch) if inputs["sex"] == "male" else (f_base, f_inch)
        return [
            f"{name.split()[0]}: IBW = {fmt(m_base)} kg (men) or {fmt(f_base)} kg (women) + "
            f"{fmt(m_inch)} kg (men) or {fmt(f_inch)} kg (women) × (height in inches − 60).",
            f"Sex {inputs['sex']}; height {fmt(inputs['height'])} cm = {fmt(inter['height_in'])} in.",
            f"IBW = {fmt(base)} + {fmt(per_inch)} × ({fmt(inter['height_in'])} − 60) = {fmt(value)} kg.",
        ]
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
        names=("ideal body weight", "ibw", "devine"),
        text="50 kg (men) or 45.5 kg (women) + 2.3 kg × (height in inches − 60)",
        phrases={"h": ("height in inches", "height", "ht")},
        sample=lambda r: {"h": r.uniform(58, 80)},
        forms=tuple((lambda v, b=b, k=k: b + k * (v["h"] - 60)) for b, k in _IBW_FORMS),
        form_sexes=("male", "female") * (len(_IBW_FORMS) // 2),  # each variant's men's form, then its women's
    ),
)


CALCULATOR = Calculator(
    id="ideal_body_weight",
    medcalc_id=10,
    medcalc_name="Ideal Body Weight",
    name="Ideal body weight (Devine)",
    category="anthropometry",
    description="Dosing weight from height and sex; defined for adults (the formula extrapolates below 5 ft).",
    inputs=(sex(), HEIGHT, METHOD),
    output=Output("kg", "decimal", 1),
    citations=(
        DEVINE,
        Citation("Pai MP, Paloucek FP. The origin of the 'ideal' body weight equations. Ann Pharmacother. 2000;34(9):1066-1069.", doi="10.1345/aph.19381", pmid="10981254"),
        Citation(
            "Robinson JD, Lupkiewicz SM, Palenik L, Lopez LM, Ariet M. Determination of ideal body weight for drug dosage "
            "calculations. Am J Hosp Pharm. 1983;40(6):1016-1019 (method robinson_1983).",
            pmid="6869387",
        ),
        Citation("Miller DR, Carlson JD, Lloyd BJ, Day BJ. Determining ideal body weight (and mass). Am J Hosp Pharm. 1983;40(10):1622-1625 (method miller_1983)."),
        Citation("Hamwi GJ. Therapy: changing dietary concepts. In: Danowski TS, ed. Diabetes Mellitus: Diagnosis and Treatment. New York: American Diabetes Association; 1964:73-78 (method hamwi_1964)."),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Below 60 inches the formula extrapolates linearly (it can fall below the base weight), as most calculators do.",
        "method selects the equation: devine_1974 (default), robinson_1983, miller_1983 or hamwi_1964 (Pai & Paloucek 2000's table).",
    ),
    keywords=("pharmacology", "drug dosing", "nutrition", "ibw", "aminoglycoside dosing", "ideal weight", "devine", "robinson", "miller", "hamwi"),
    population="Adults of 5 ft (152.4 cm) and over; Devine's was proposed for gentamicin dosing, Robinson's and Miller's were refits "
    "to actuarial height-weight tables.",
    examples=(
        "Devine 1974 (Drug Intell Clin Pharm 8:650) formula: 6 ft man 77.6 kg, 5 ft 4 in woman 54.7 kg (tests/calculators/test_ideal_body_weight.py)",
        "Pai & Paloucek 2000 (Ann Pharmacother 34:1066) table of the Robinson, Miller and Hamwi equations: hand-calculated cases",
    ),
)
