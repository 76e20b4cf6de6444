"""CHA2DS2-VA: thromboembolic risk in atrial fibrillation, ESC 2024 (0-8).

Van Gelder IC, et al. 2024 ESC Guidelines for the management of atrial fibrillation, Eur Heart J 2024
(the CHA2DS2-VA table): Chronic heart failure 1, Hypertension 1, Age >=75 years 2, Diabetes mellitus 1,
prior Stroke / TIA / arterial thromboembolism 2, Vascular disease (coronary artery disease including prior
myocardial infarction, angina or revascularisation; peripheral arterial disease; aortic plaque) 1,
Age 65-74 years 1. The sex category of CHA2DS2-VASc is dropped. Oral anticoagulation is recommended at
a score of 2 or more and should be considered at 1 (ESC 2024, recommendations 4.1).
"""

from clinverify.calculators.criteria import bands, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, age
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._rules import any_of

INPUTS = (
    age(),
    Flag("chf", "chronic heart failure: symptoms and signs of heart failure, or reduced LVEF, whatever the ejection fraction",
         aliases=("congestive heart failure", "heart failure", "chronic heart failure")),
    Flag("hypertension", "hypertension: resting blood pressure above 140/90 mmHg on two occasions, or on antihypertensive treatment",
         aliases=("hypertension history",)),
    Flag("stroke", "prior ischaemic stroke", aliases=("prior stroke", "stroke history")),
    Flag("tia", "prior transient ischaemic attack", aliases=("transient ischemic attack", "prior tia")),
    Flag("thromboembolism", "prior arterial (systemic) thromboembolism", aliases=("thromboembolism history", "systemic embolism")),
    Flag("vascular_disease", "vascular disease: coronary artery disease (prior MI, angina, revascularisation), peripheral "
         "arterial disease or aortic plaque", aliases=("vascular disease history",)),
    Flag("diabetes", "diabetes mellitus (type 1 or 2)", aliases=("diabetes mellitus", "diabetes history")),
)

CRITERIA = (
    flag("chf_points", "chf", 1, "Chronic heart failure", ("heart failure", "chf", "hf", "lv dysfunction", "reduced ejection fraction")),
    flag("hypertension_points", "hypertension", 1, "Hypertension", ("htn", "high blood pressure")),
    bands("age_points", "age", ((None, 65, 0), (65, 75, 1), (75, None, 2)), "Age", "years"),
    flag("diabetes_points", "diabetes", 1, "Diabetes mellitus"),
    any_of("stroke_tia_thromboembolism_points", ("stroke", "tia", "thromboembolism"), 2,
           "Prior stroke, TIA or arterial thromboembolism", ("stroke", "TIA", "thromboembolism")),
    flag("vascular_disease_points", "vascular_disease", 1, "Vascular disease (CAD, PAD, aortic plaque)",
         ("mi", "myocardial infarction", "prior mi", "coronary artery disease", "cad", "angina", "pad",
          "peripheral artery disease", "peripheral arterial disease", "aortic plaque", "revascularisation")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, chf=False, hypertension=False, stroke=False, tia=False, thromboembolism=False,
            vascular_disease=False, diabetes=False):
    return tally(CRITERIA, {
        "age": age, "chf": chf, "hypertension": hypertension, "stroke": stroke, "tia": tia,
        "thromboembolism": thromboembolism, "vascular_disease": vascular_disease, "diabetes": diabetes,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "CHA2DS2-VA score")
    advice = ("oral anticoagulation recommended (≥ 2)" if value >= 2 else
              "oral anticoagulation should be considered (1)" if value == 1 else "no anticoagulation indicated by the score (0)")
    lines.append(f"CHA2DS2-VA score {value}: {advice}, ESC 2024.")
    return lines


CALCULATOR = Calculator(
    id="cha2ds2_va",
    name="CHA2DS2-VA score (ESC 2024)",
    category="cardiology",
    description="Thromboembolic risk in atrial fibrillation without the sex category (0–8; ESC 2024).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Van Gelder IC, Rienstra M, Bunting KV, et al. 2024 ESC Guidelines for the management of atrial fibrillation "
            "developed in collaboration with the European Association for Cardio-Thoracic Surgery (EACTS). Eur Heart J. "
            "2024;45(36):3314-3414.",
            doi="10.1093/eurheartj/ehae176",
            pmid="39210723",
        ),
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
    keywords=("atrial fibrillation", "stroke risk", "anticoagulation", "esc 2024", "thromboembolism", "afib", "chadsva", "cha2ds2va"),
    population=(
        "Adults with atrial fibrillation (ESC 2024 guideline; the CHA2DS2-VASc items derived in the Euro "
        "Heart Survey, Lip 2010), without the sex category."
    ),
    examples=(
        "ESC 2024 AF guideline, CHA2DS2-VA table (Eur Heart J 45:3314): hand-scored cases, a woman of 76 scoring 3 "
        "against CHA2DS2-VASc's 4 (tests/calculators/test_cha2ds2_va.py)",
    ),
    increasing=("age", "chf", "hypertension", "stroke", "tia", "thromboembolism", "vascular_disease", "diabetes"),
    notes=(
        "ESC 2024 drops the female sex category of CHA2DS2-VASc; the score is the same for women and men.",
        "Age in completed years: 65–74 scores 1, 75 and over 2.",
        "Stroke, TIA and arterial thromboembolism form one criterion worth 2, counted once.",
        "Criteria not mentioned count as absent.",
    ),
)
