"""HAS-BLED: 1-year risk of major bleeding on anticoagulation in atrial fibrillation (0-9).

Pisters et al., Chest 2010 (the HAS-BLED table): one point each for Hypertension (uncontrolled, systolic
>160 mmHg), Abnormal renal function (dialysis, transplant, creatinine >=200 µmol/L) and
Abnormal liver function (cirrhosis, or bilirubin >2x ULN with AST/ALT/ALP >3x ULN), Stroke,
Bleeding history or predisposition, Labile INR (time in range <60 %), Elderly (>65 years),
Drugs (antiplatelets, NSAIDs) and alcohol (>=8 drinks a week). A score >=3 marks high risk.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt

ALCOHOL_THRESHOLD = 8  # drinks per week (Pisters 2010: alcohol use >=8 drinks a week)

INPUTS = (
    age(),
    Flag("hypertension", "uncontrolled hypertension (systolic >160 mmHg)", aliases=("Hypertension history", "uncontrolled hypertension")),
    Flag(
        "renal_disease",
        "abnormal renal function: chronic dialysis, renal transplant or creatinine >=200 µmol/L (2.26 mg/dL)",
        aliases=("Renal disease criteria for the HAS-BLED rule", "abnormal renal function"),
    ),
    Flag(
        "liver_disease",
        "abnormal liver function: cirrhosis, or bilirubin >2x upper limit with AST/ALT/ALP >3x upper limit",
        aliases=("Liver disease criteria for the HAS-BLED rule", "abnormal liver function"),
    ),
    Flag("stroke", "history of stroke", aliases=("Stroke", "stroke history")),
    Flag(
        "prior_bleeding",
        "prior major bleeding or predisposition to bleeding (e.g. anaemia, thrombocytopenia)",
        aliases=("Prior major bleeding or predisposition to bleeding", "bleeding history"),
    ),
    Flag("labile_inr", "labile INR: unstable or high INRs, time in therapeutic range <60 %", aliases=("Labile international normalized ratio",)),
    Flag(
        "bleeding_medication",
        "drugs predisposing to bleeding: antiplatelet agents (aspirin, clopidogrel) or NSAIDs",
        aliases=("Medication usage predisposing to bleeding", "medications for bleeding", "drugs"),
    ),
    Number(
        "alcohol_drinks_per_week",
        "1/week",
        (0.0, 500.0),
        "alcoholic drinks per week (not mentioned = 0)",
        required=False,
        aliases=("Number of Alcoholic Drinks Per Week", "alcoholic drinks", "alcohol drinks per week", "beverages per week"),
    ),
    Flag(
        "alcohol_excess",
        "alcohol use >=8 drinks a week, when the count is not known (must agree with the count if both are given)",
        required=False,
        default=None,
        aliases=("alcohol use", "alcohol abuse"),
    ),
)


def _alcohol(inputs):
    n, excess = inputs.get("alcohol_drinks_per_week"), inputs.get("alcohol_excess")
    if n is not None:
        if n >= ALCOHOL_THRESHOLD:
            return 1, f"Alcohol {fmt(n)} drinks/week (≥ {ALCOHOL_THRESHOLD}): +1"
        return 0, f"Alcohol {fmt(n)} drinks/week (< {ALCOHOL_THRESHOLD}): +0"
    if excess:
        return 1, f"Alcohol use ≥ {ALCOHOL_THRESHOLD} drinks/week: present, +1"
    return 0, f"Alcohol use ≥ {ALCOHOL_THRESHOLD} drinks/week: {'absent' if excess is False else 'not mentioned, assumed absent'}, +0"


CRITERIA = (
    flag("hypertension_points", "hypertension", 1, "Uncontrolled hypertension (systolic >160 mmHg)"),
    flag("renal_disease_points", "renal_disease", 1, "Abnormal renal function",
         ("renal", "kidney", "dialysis", "renal transplant", "creatinine")),
    flag("liver_disease_points", "liver_disease", 1, "Abnormal liver function",
         ("liver", "hepatic", "cirrhosis", "bilirubin", "liver fibrosis")),
    flag("stroke_points", "stroke", 1, "Stroke history"),
    flag("prior_bleeding_points", "prior_bleeding", 1, "Prior major bleeding or predisposition to bleeding"),
    flag("labile_inr_points", "labile_inr", 1, "Labile INR"),
    # "Elderly (>65 years)": age in completed years, so 66 is the first age that scores.
    bands("age_points", "age", ((None, 66, 0), (66, None, 1)), "Age", "years"),
    flag("bleeding_medication_points", "bleeding_medication", 1, "Antiplatelet or NSAID use"),
    custom("alcohol_points", "Alcohol ≥8 drinks/week", _alcohol, inputs=("alcohol_drinks_per_week", "alcohol_excess"), phrases=("alcohol", "drinks"),
           any_of=True),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, hypertension=False, renal_disease=False, liver_disease=False, stroke=False, prior_bleeding=False,
            labile_inr=False, bleeding_medication=False, alcohol_drinks_per_week=None, alcohol_excess=None):
    if alcohol_drinks_per_week is not None and alcohol_excess is not None and (alcohol_drinks_per_week >= ALCOHOL_THRESHOLD) != alcohol_excess:
        raise InputError(
            FieldViolation(
                "alcohol_excess",
                f"{'true' if alcohol_excess else 'false'} contradicts alcohol_drinks_per_week = {fmt(alcohol_drinks_per_week)} "
                f"(excess means ≥ {ALCOHOL_THRESHOLD} drinks a week); give one or make them agree",
            ),
            "has_bled",
        )
    return tally(CRITERIA, {
        "age": age, "hypertension": hypertension, "renal_disease": renal_disease, "liver_disease": liver_disease,
        "stroke": stroke, "prior_bleeding": prior_bleeding, "labile_inr": labile_inr,
        "bleeding_medication": bleeding_medication, "alcohol_drinks_per_week": alcohol_drinks_per_week,
        "alcohol_excess": alcohol_excess,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "HAS-BLED score")
    lines.append(f"HAS-BLED score {value} ({'high' if value >= 3 else 'low to moderate'} bleeding risk; ≥ 3 is high).")
    return lines


CALCULATOR = Calculator(
    id="has_bled",
    medcalc_id=25,
    medcalc_name="HAS-BLED Score for Major Bleeding Risk",
    name="HAS-BLED score",
    category="cardiology",
    description="One-year major bleeding risk in anticoagulated atrial fibrillation (0–9; ≥3 high risk).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Pisters R, Lane DA, Nieuwlaat R, de Vos CB, Crijns HJ, Lip GY. A novel user-friendly score (HAS-BLED) to "
            "assess 1-year risk of major bleeding in patients with atrial fibrillation: the Euro Heart Survey. "
            "Chest. 2010;138(5):1093-1100.",
            doi="10.1378/chest.10-0134",
            pmid="20299623",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "alcohol_drinks_per_week", "hypertension", "renal_disease", "liver_disease", "stroke", "prior_bleeding",
                "labile_inr", "bleeding_medication"),
    notes=(
        "Age in completed years: 'elderly' is >65, so 65 scores 0 and 66 scores 1.",
        "Drugs and alcohol are one point each (maximum 2 for the D), as in Pisters 2010.",
        "Alcohol counts at ≥8 drinks a week; give the weekly count or the alcohol_excess flag (both must agree).",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('bleeding risk', 'anticoagulation', 'atrial fibrillation', 'afib', 'hasbled', 'haemorrhage', 'hemorrhage'),
    population='3978 patients with atrial fibrillation (Euro Heart Survey; Pisters 2010).',
    examples=('Pisters 2010 (Chest 138:1093) HAS-BLED table: a worked example and hand-scored cases (tests/calculators/test_has_bled.py)',),
)
