"""FINDRISC, the Finnish Diabetes Risk Score (0-26): 10-year risk of type 2 diabetes.

Lindström & Tuomilehto (Diabetes Care 2003) derived the score; the FINDRISC questionnaire scores:
  age (years)                         < 45 -> 0, 45-54 -> 2, 55-64 -> 3, > 64 -> 4
  body-mass index (kg/m²)             < 25 -> 0, 25-30 -> 1, > 30 -> 3
  waist circumference (cm)            men < 94 -> 0, 94-102 -> 3, > 102 -> 4;
                                      women < 80 -> 0, 80-88 -> 3, > 88 -> 4
  physical activity < 30 min daily    2
  vegetables, fruit or berries not eaten every day   1
  antihypertensive medication ever taken regularly   2
  high blood glucose ever found (check-up, illness, pregnancy)   5
  diabetes in the family              none 0; grandparent, aunt, uncle or first cousin 3;
                                      parent, brother, sister or own child 5
Ten-year risk: < 7 low (about 1 %), 7-11 slightly elevated (4 %), 12-14 moderate (17 %), 15-20 high
(33 %), > 20 very high (50 %).
"""

from dataclasses import replace

from clinverify.calculators.criteria import Criterion, bands, custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._tiers import tiers

BMI = Number("bmi", "kg/m^2", (10.0, 80.0), "body mass index", aliases=("body mass index", "Body Mass Index (BMI)"))
WAIST = Number("waist", "cm", (40.0, 250.0), "waist circumference (measured below the ribs, usually at the navel)",
               aliases=("waist circumference", "waist size"))
INACTIVE = Flag("inactive", "less than 30 minutes of physical activity daily (at work or in leisure time)",
                aliases=("physical inactivity", "less than 30 minutes of physical activity daily", "sedentary"))
NO_DAILY_VEGETABLES = Flag("no_daily_vegetables", "vegetables, fruit or berries not eaten every day",
                           aliases=("no daily fruit or vegetables", "vegetables not every day"))
ANTIHYPERTENSIVE = Flag("antihypertensive", "antihypertensive medication ever taken regularly",
                        aliases=("antihypertensive medication", "blood pressure medication", "on antihypertensives"))
HIGH_GLUCOSE = Flag("high_glucose_history", "high blood glucose ever found (health check, illness, pregnancy)",
                    aliases=("history of high blood glucose", "history of hyperglycemia", "prior high glucose",
                             "gestational diabetes", "impaired fasting glucose"))
FAMILY = Choice(
    "family_history",
    {
        "none": ("no", "no family history", "false"),
        "second_degree": ("second-degree relative", "grandparent", "aunt", "uncle", "first cousin", "cousin"),
        "first_degree": ("first-degree relative", "parent", "mother", "father", "brother", "sister", "sibling", "child"),
    },
    "diabetes in the family: none, second-degree (grandparent, aunt, uncle, first cousin) or first-degree "
    "(parent, sibling, own child); not mentioned = none",
    aliases=("family history of diabetes", "diabetes in the family"),
    required=False,
)

WAIST_CUTS = {"male": (94.0, 102.0), "female": (80.0, 88.0)}  # cm: 3 points from the first, 4 above the second


def _waist_points(inputs) -> int:
    low, high = WAIST_CUTS[inputs["sex"]]
    w = round(inputs["waist"], 1)
    return 4 if w > high else 3 if w >= low else 0


def _waist_decide(inputs):
    low, high = WAIST_CUTS[inputs["sex"]]
    p = _waist_points(inputs)
    band = f"> {fmt(high)} cm" if p == 4 else f"{fmt(low)}–{fmt(high)} cm" if p == 3 else f"< {fmt(low)} cm"
    return p, f"Waist circumference {fmt(inputs['waist'])} cm ({inputs['sex']}, {band}): +{p}"


CRITERIA: tuple[Criterion, ...] = (
    bands("age_points", "age", ((None, 45, 0), (45, 55, 2), (55, 65, 3), (65, None, 4)), "Age", "years"),
    tiers("bmi_points", "bmi", ((">", 30, 3), (">=", 25, 1)), "Body-mass index", "kg/m²", otherwise_text="< 25 kg/m²",
          digits=2, phrases=("bmi", "body mass index")),
    custom("waist_points", "Waist circumference", _waist_decide, 0, 4, _waist_points, ("waist", "sex"),
           ("waist", "waist circumference", "abdominal obesity")),
    flag("activity_points", "inactive", 2, "Physical activity < 30 min daily", ("physical activity", "exercise")),
    flag("diet_points", "no_daily_vegetables", 1, "Vegetables, fruit or berries not every day",
         ("vegetables", "fruit", "diet")),
    flag("antihypertensive_points", "antihypertensive", 2, "Antihypertensive medication",
         ("blood pressure medication", "antihypertensive")),
    flag("glucose_points", "high_glucose_history", 5, "History of high blood glucose",
         ("high blood glucose", "hyperglycemia", "high glucose")),
    # option() takes no phrases: the relatives models name are added to the criterion.
    replace(option("family_points", "family_history", {"none": 0, "second_degree": 3, "first_degree": 5},
                   "Family history of diabetes"),
            phrases=("family history", "father", "mother", "parent", "brother", "sister", "sibling", "grandparent",
                     "grandmother", "grandfather", "aunt", "uncle", "cousin", "first-degree relative",
                     "second-degree relative")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, sex, bmi, waist, inactive=False, no_daily_vegetables=False, antihypertensive=False,
            high_glucose_history=False, family_history=None):
    return tally(CRITERIA, {
        "age": age, "sex": sex, "bmi": bmi, "waist": waist, "inactive": inactive,
        "no_daily_vegetables": no_daily_vegetables, "antihypertensive": antihypertensive,
        "high_glucose_history": high_glucose_history, "family_history": family_history,
    })


def risk_band(value: int) -> str:
    if value < 7:
        return "< 7: low, about 1 in 100"
    if value <= 11:
        return "7–11: slightly elevated, about 1 in 25"
    if value <= 14:
        return "12–14: moderate, about 1 in 6"
    if value <= 20:
        return "15–20: high, about 1 in 3"
    return "> 20: very high, about 1 in 2"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "FINDRISC")
    lines.append(f"FINDRISC {value} (10-year risk of type 2 diabetes {risk_band(value)}).")
    return lines


CALCULATOR = Calculator(
    id="findrisc",
    name="FINDRISC (Finnish Diabetes Risk Score)",
    category="endocrinology",
    description="Ten-year risk of type 2 diabetes from age, BMI, waist, activity, diet, blood-pressure drugs, glucose and family history (0–26).",
    inputs=(age(), sex(), BMI, WAIST, INACTIVE, NO_DAILY_VEGETABLES, ANTIHYPERTENSIVE, HIGH_GLUCOSE, FAMILY),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Lindström J, Tuomilehto J. The diabetes risk score: a practical tool to predict type 2 diabetes risk. "
            "Diabetes Care. 2003;26(3):725-731.",
            doi="10.2337/diacare.26.3.725",
            pmid="12610029",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "bmi", "waist", "inactive", "no_daily_vegetables", "antihypertensive", "high_glucose_history",
                "family_history"),
    keywords=('type 2 diabetes', 'diabetes risk', 'screening', 'prevention'),
    population='Finnish adults aged 35-64 without diabetes, 10-year follow-up (Lindström 2003: 4435 derivation, 4615 validation).',
    examples=('Lindström 2003 (Diabetes Care 26:725) / FINDRISC form item points and risk bands: hand-worked cases at every band edge',),
    notes=(
        "Scores the 8-item FINDRISC questionnaire (with the family-history item, maximum 26); the 2003 paper's derivation "
        "model had no family-history item.",
        "Age in completed years (64 scores 3, 65 scores 4). BMI 25–30 and waist 94–102 cm (men) / 80–88 cm (women) "
        "are closed at both ends.",
        "Unmentioned lifestyle and history items count as the favourable answer (0 points).",
    ),
)
