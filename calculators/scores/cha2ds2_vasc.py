"""CHA2DS2-VASc: stroke risk in non-valvular atrial fibrillation (0-9).

Lip et al., Chest 2010 (Table 1, the Birmingham 2009 schema): Congestive heart failure / LV
dysfunction 1, Hypertension 1, Age >=75 years 2, Diabetes mellitus 1, Stroke / TIA /
thromboembolism 2, Vascular disease (prior myocardial infarction, peripheral artery disease,
aortic plaque) 1, Age 65-74 years 1, Sex category female 1. Maximum 9.
"""

from clinverify.calculators.criteria import bands, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Flag, age, sex
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._rules import any_of

INPUTS = (
    age(),
    sex(),
    Flag("chf", "congestive heart failure or moderate-to-severe LV systolic dysfunction",
         aliases=("Congestive Heart Faliure", "Congestive Heart Failure", "congestive heart failure", "heart failure")),
    Flag("hypertension", "hypertension", aliases=("Hypertension history", "hypertension history")),
    Flag("stroke", "prior stroke", aliases=("Stroke", "stroke history", "prior stroke")),
    Flag("tia", "prior transient ischaemic attack", aliases=("Transient Ischemic Attacks History", "transient ischemic attack")),
    Flag("thromboembolism", "prior systemic thromboembolism", aliases=("Thromboembolism history", "thromboembolism history")),
    Flag("vascular_disease", "vascular disease: prior myocardial infarction, peripheral artery disease or aortic plaque",
         aliases=("Vascular disease history", "vascular disease history")),
    Flag("diabetes", "diabetes mellitus", aliases=("Diabetes history", "diabetes mellitus", "diabetes history")),
)

CRITERIA = (
    flag("chf_points", "chf", 1, "Congestive heart failure / LV dysfunction"),
    flag("hypertension_points", "hypertension", 1, "Hypertension"),
    # A2 and A are one age criterion: 65-74 -> 1, >=75 -> 2 (completed years).
    bands("age_points", "age", ((None, 65, 0), (65, 75, 1), (75, None, 2)), "Age", "years"),
    flag("diabetes_points", "diabetes", 1, "Diabetes mellitus"),
    # S2: stroke, TIA and thromboembolism are one criterion worth 2, counted once.
    any_of("stroke_tia_thromboembolism_points", ("stroke", "tia", "thromboembolism"), 2,
           "Prior stroke, TIA or thromboembolism", ("stroke", "TIA", "thromboembolism")),
    flag("vascular_disease_points", "vascular_disease", 1, "Vascular disease (MI, PAD, aortic plaque)"),
    option("sex_points", "sex", {"male": 0, "female": 1}, "Sex category"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, sex, chf=False, hypertension=False, stroke=False, tia=False, thromboembolism=False,
            vascular_disease=False, diabetes=False):
    return tally(CRITERIA, {
        "age": age, "sex": sex, "chf": chf, "hypertension": hypertension, "stroke": stroke, "tia": tia,
        "thromboembolism": thromboembolism, "vascular_disease": vascular_disease, "diabetes": diabetes,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "CHA2DS2-VASc score")
    lines.append(f"CHA2DS2-VASc score {value} (0 low risk; 1 low-moderate; ≥ 2 anticoagulation recommended in Lip 2010).")
    return lines


CALCULATOR = Calculator(
    id="cha2ds2_vasc",
    medcalc_id=4,
    medcalc_name="CHA2DS2-VASc Score for Atrial Fibrillation Stroke Risk",
    name="CHA2DS2-VASc score",
    category="cardiology",
    description="Stroke and thromboembolism risk in non-valvular atrial fibrillation (0–9).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Lip GY, Nieuwlaat R, Pisters R, Lane DA, Crijns HJ. Refining clinical risk stratification for predicting "
            "stroke and thromboembolism in atrial fibrillation using a novel risk factor-based approach: the Euro Heart "
            "Survey on atrial fibrillation. Chest. 2010;137(2):263-272.",
            doi="10.1378/chest.09-1584",
            pmid="19762550",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "chf", "hypertension", "stroke", "tia", "thromboembolism", "vascular_disease", "diabetes"),
    notes=(
        "Age in completed years: 65–74 scores 1, 75 and over 2.",
        "Stroke, TIA and thromboembolism form one criterion worth 2, counted once.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('atrial fibrillation', 'stroke risk', 'anticoagulation', 'afib', 'chads2', 'chadsvasc', 'cha2ds2vasc'),
    population='1084 patients with non-valvular atrial fibrillation not on anticoagulation (Euro Heart Survey on AF; Lip 2010).',
    examples=('Lip 2010 (Chest 137:263) scoring table: a woman of 76 with hypertension and hand-scored cases (tests/calculators/test_cha2ds2_vasc.py)',),
)
