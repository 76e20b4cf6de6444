"""Creatinine clearance by Cockcroft-Gault.

Cockcroft & Gault (Nephron 1976): CrCl (mL/min) = (140 − age) × weight (kg) / (72 × SCr (mg/dL)),
× 0.85 for women. The paper used actual body weight; which weight to use in under- or
overweight patients is a later dosing convention. MedCalc-Bench fixes one, used here and
declared in ``notes``:
  BMI < 18.5 -> actual weight; 18.5 ≤ BMI < 25 -> min(IBW, actual); BMI ≥ 25 -> adjusted weight,
  IBW + 0.4 × (actual − IBW), with IBW by Devine (1974).
Without a height the BMI cannot be formed, so the original actual-weight form is used.
"""

from clinverify.calculators.anthropometry import IBW_CONVENTIONS, adjusted_body_weight, bmi, ideal_body_weight
from clinverify.calculators.inputs import Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter, Selection

CREATININE = Number("creatinine", "mg/dL", (0.05, 40.0), "serum creatinine", analyte="creatinine", aliases=("serum creatinine", "SCr"))
WEIGHT = Number("weight", "kg", (0.3, 650.0), "actual body weight", aliases=("body weight",))
HEIGHT = Number("height", "cm", (20.0, 275.0), "height (for the weight rule)", aliases=("body height",), required=False)


PARAMETERS = (
    Parameter(("sex_factor",), ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor", "female factor"), ()),
    Parameter(("ibw",), ("ideal body weight", "ibw"), (), IBW_CONVENTIONS),
    Parameter(("adjusted_weight",), ("adjusted body weight", "adjbw", "abw"), ()),
    Parameter(("bmi",), ("bmi", "body mass index"), ()),
)


def _weight_allowed(inputs, inter):
    """The weights the rule allows for this patient, and why (for the verifier's message)."""
    if "bmi" not in inter:
        return frozenset({"actual"}), "no height is given, so the actual weight"
    b = inter["bmi"]
    if round(b, 6) < 18.5:
        return frozenset({"actual"}), f"BMI {fmt(b)} < 18.5: the actual weight"
    if round(b, 6) < 25.0:
        ibw, w = inter["ibw"], inputs["weight"]
        lesser = frozenset({"ideal", "actual"}) if abs(ibw - w) < 0.05 else frozenset({"ideal" if ibw < w else "actual"})
        return lesser | {"lesser"}, f"BMI {fmt(b)} is normal: the lesser of IBW ({fmt(ibw)} kg) and actual weight ({fmt(w)} kg)"
    return frozenset({"adjusted"}), f"BMI {fmt(b)} ≥ 25: the adjusted body weight ({fmt(inter['adjusted_weight'])} kg)"


# Which weight the trace says it uses ("since the BMI is 32 we use the adjusted body weight"). ABW and TBW
# are left out: models write them for actual, adjusted and total body water alike.
SELECTIONS = (
    Selection(
        "the weight in Cockcroft-Gault",
        {
            "actual": ("actual body weight", "actual weight", "total body weight", "real body weight"),
            "ideal": ("ideal body weight", "ideal weight", "ibw"),
            "adjusted": ("adjusted body weight", "adjusted weight", "adjbw", "adj bw"),
            # the normal-BMI rule named as a rule ("we use the smaller of IBW and actual weight")
            "lesser": ("lesser of ibw and actual weight", "smaller of ibw and actual weight", "lower of ibw and actual weight",
                       "lesser of ibw and actual body weight", "smaller of ibw and actual body weight", "minimum of ibw and actual weight",
                       "lesser of ideal body weight and actual body weight", "smaller of ideal body weight and actual body weight",
                       "lesser of ideal and actual body weight", "smaller of ideal and actual body weight",
                       "lesser of the ideal and actual body weight", "smaller of the ideal and actual body weight"),
        },
        _weight_allowed,
    ),
)


def compute(sex, age, weight, creatinine, height=None):
    inter = {}
    if height is None:
        weight_used, rule = weight, "actual weight (no height given)"
    else:
        b = bmi(weight, height)
        ibw = ideal_body_weight(sex, height)
        inter["bmi"] = b
        inter["ibw"] = ibw
        # Compare at 1e-6 so float noise (72.25 kg / 1.7 m² = 24.999999999999996) cannot move a band.
        b_cmp = round(b, 6)
        if b_cmp < 18.5:
            weight_used, rule = weight, "underweight: actual weight"
        elif b_cmp < 25.0:
            # Normal BMI (WHO 18.5–24.9): the lesser of IBW and actual weight.
            weight_used, rule = min(ibw, weight), "normal BMI: min(IBW, actual weight)"
        else:
            adj = adjusted_body_weight(weight, ibw)
            inter["adjusted_weight"] = adj
            weight_used, rule = adj, "overweight/obese: adjusted body weight"
    inter["weight_used"] = weight_used
    inter["weight_rule"] = rule
    sex_factor = 0.85 if sex == "female" else 1.0
    inter["sex_factor"] = sex_factor
    crcl = (140.0 - age) * weight_used * sex_factor / (72.0 * creatinine)
    return crcl, inter


def explain(inputs, inter, value):
    lines = [
        "Cockcroft-Gault: CrCl = (140 − age) × weight × sex factor / (72 × serum creatinine in mg/dL); "
        "sex factor 1 for men, 0.85 for women.",
        f"Sex {inputs['sex']} (factor {fmt(inter['sex_factor'])}); age {fmt(inputs['age'])} years; "
        f"serum creatinine {fmt(inputs['creatinine'])} mg/dL; actual weight {fmt(inputs['weight'])} kg.",
    ]
    if "bmi" in inter:
        lines.append(
            f"Height {fmt(inputs['height'])} cm: BMI = {fmt(inter['bmi'])} kg/m²; "
            f"ideal body weight (Devine) = {'50' if inputs['sex'] == 'male' else '45.5'} + 2.3 × (height in inches − 60) "
            f"= {fmt(inter['ibw'])} kg."
        )
    if "adjusted_weight" in inter:
        lines.append(
            f"Adjusted body weight = IBW + 0.4 × (actual − IBW) = {fmt(inter['ibw'])} + 0.4 × "
            f"({fmt(inputs['weight'])} − {fmt(inter['ibw'])}) = {fmt(inter['adjusted_weight'])} kg."
        )
    lines.append(f"Weight rule: {inter['weight_rule']} -> {fmt(inter['weight_used'])} kg.")
    lines.append(
        f"CrCl = (140 − {fmt(inputs['age'])}) × {fmt(inter['weight_used'])} × {fmt(inter['sex_factor'])} / "
        f"(72 × {fmt(inputs['creatinine'])}) = {fmt(value)} mL/min."
    )
    return lines


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="cockcroft_gault",
        names=("cockcroft-gault", "cockcroft gault", "cockroft-gault", "cockroft gault", "creatinine clearance", "crcl"),
        text="(140 − age) × weight × sex factor / (72 × creatinine)",
        phrases={
            "age": ("age",),
            "weight": ("adjusted body weight", "adjusted weight", "actual body weight", "body weight", "weight", "wt"),
            "scr": ("serum creatinine", "creatinine", "scr", "cr"),
            "k": ("gender coefficient", "gender coeffcient", "sex coefficient", "sex factor", "gender factor"),
        },
        sample=lambda r: {"age": r.uniform(20, 90), "weight": r.uniform(40, 120), "scr": r.uniform(0.5, 4), "k": r.choice((1.0, 0.85))},
        forms=(lambda v: (140 - v["age"]) * v["weight"] * v["k"] / (72 * v["scr"]),),
        specialisable=frozenset({"k"}),
    ),
)


CALCULATOR = Calculator(
    id="cockcroft_gault",
    medcalc_id=2,
    medcalc_name="Creatinine Clearance (Cockcroft-Gault Equation)",
    name="Creatinine clearance (Cockcroft-Gault)",
    category="renal",
    description="Estimated creatinine clearance from age, weight, sex and serum creatinine.",
    inputs=(sex(), age(), WEIGHT, HEIGHT, CREATININE),
    output=Output("mL/min", "decimal", 1),
    citations=(
        Citation(
            "Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron. 1976;16(1):31-41.",
            doi="10.1159/000180580",
            pmid="1244564",
        ),
        Citation("Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655 (ideal body weight)."),
        Citation(
            "Khandekar N, Jin Q, Xiong G, et al. MedCalc-Bench: evaluating large language models for medical "
            "calculations. NeurIPS 2024 Datasets and Benchmarks Track (the weight rule used here).",
            url="https://arxiv.org/abs/2406.12036",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Weight rule (MedCalc-Bench's convention): BMI < 18.5 -> actual weight; 18.5 <= BMI < 25 -> "
        "min(ideal body weight, actual weight); BMI >= 25 -> adjusted body weight IBW + 0.4 x (actual - IBW). "
        "IBW by Devine: 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 60 inches.",
        "Without a height, the actual body weight is used, as in Cockcroft and Gault's original derivation.",
        "Not normalised to body surface area (mL/min, not mL/min/1.73 m²).",
    ),
    keywords=('nephrology', 'kidney', 'creatinine clearance', 'crcl', 'drug dosing', 'pharmacology', 'renal function', 'kidney function', 'renal dosing'),
    population='249 hospitalised men aged 18-92 (Cockcroft & Gault 1976); the 0.85 factor for women was proposed, not measured.',
    examples=("Cockcroft & Gault 1976 (Nephron 16:31) formula with MedCalc-Bench's weight rule: hand-calculated cases (tests/calculators/test_cockcroft_gault.py)",),
)
