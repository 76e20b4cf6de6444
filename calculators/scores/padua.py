"""Padua prediction score for venous thromboembolism in hospitalised medical patients (0-20).

Barbar S, et al., J Thromb Haemost 2010 (the risk assessment model table): active cancer (local or
distant metastases and/or chemotherapy or radiotherapy in the previous 6 months) 3; previous VTE
(superficial vein thrombosis excluded) 3; reduced mobility (anticipated bed rest with bathroom
privileges for at least 3 days) 3; already known thrombophilic condition (antithrombin, protein C or S
deficiency, factor V Leiden, prothrombin G20210A, antiphospholipid syndrome) 3; recent (≤ 1 month)
trauma and/or surgery 2; elderly age (≥ 70 years) 1; heart and/or respiratory failure 1; acute
myocardial infarction or ischaemic stroke 1; acute infection and/or rheumatological disorder 1;
obesity (BMI ≥ 30) 1; ongoing hormonal treatment 1. A score ≥ 4 is high risk of VTE.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt

INPUTS = (
    age(),
    Flag("active_cancer", "active cancer: local or distant metastases and/or chemotherapy or radiotherapy in the previous 6 months",
         aliases=("cancer", "malignancy")),
    Flag("previous_vte", "previous venous thromboembolism (superficial vein thrombosis excluded)",
         aliases=("previous venous thromboembolism", "history of vte", "prior vte")),
    Flag("reduced_mobility", "reduced mobility: anticipated bed rest with bathroom privileges for at least 3 days",
         aliases=("bed rest", "immobility")),
    Flag("thrombophilia", "already known thrombophilic condition (antithrombin, protein C or S deficiency, factor V Leiden, "
         "prothrombin G20210A, antiphospholipid syndrome)", aliases=("thrombophilic condition", "known thrombophilia")),
    Flag("recent_trauma_or_surgery", "trauma and/or surgery within the last month", aliases=("recent surgery", "recent trauma")),
    Flag("heart_or_respiratory_failure", "heart and/or respiratory failure", aliases=("heart failure", "respiratory failure")),
    Flag("acute_mi_or_stroke", "acute myocardial infarction or ischaemic stroke", aliases=("acute myocardial infarction", "ischemic stroke")),
    Flag("acute_infection_or_rheumatologic", "acute infection and/or rheumatological disorder",
         aliases=("acute infection", "rheumatologic disorder")),
    Flag("obesity", "obesity (BMI ≥ 30 kg/m²); or give the BMI", aliases=("obese",)),
    Number("bmi", "kg/m2", (8.0, 120.0), "body mass index (≥ 30 counts as obesity)", required=False, aliases=("body mass index",)),
    Flag("hormonal_treatment", "ongoing hormonal treatment", aliases=("hormone therapy", "hormonal therapy")),
)

OBESITY_BMI = 30.0


def _obese(inputs):
    bmi = inputs.get("bmi")
    if inputs.get("obesity"):
        return 1, "Obesity (BMI ≥ 30): present, +1"
    if bmi is not None and bmi >= OBESITY_BMI:
        return 1, f"Obesity: BMI {fmt(bmi)} kg/m² (≥ 30), +1"
    if bmi is not None:
        return 0, f"Obesity: BMI {fmt(bmi)} kg/m² (< 30), +0"
    return 0, "Obesity (BMI ≥ 30): not mentioned, assumed absent, +0"


def _obese_points(inputs):
    bmi = inputs.get("bmi")
    return 1 if inputs.get("obesity") or (bmi is not None and bmi >= OBESITY_BMI) else 0


CRITERIA = (
    flag("active_cancer_points", "active_cancer", 3, "Active cancer"),
    flag("previous_vte_points", "previous_vte", 3, "Previous VTE", ("previous vte", "prior vte")),
    flag("reduced_mobility_points", "reduced_mobility", 3, "Reduced mobility (≥ 3 days bed rest)"),
    flag("thrombophilia_points", "thrombophilia", 3, "Known thrombophilic condition"),
    flag("recent_trauma_or_surgery_points", "recent_trauma_or_surgery", 2, "Recent (≤ 1 month) trauma and/or surgery"),
    bands("age_points", "age", ((None, 70, 0), (70, None, 1)), "Elderly age", "years"),
    flag("heart_or_respiratory_failure_points", "heart_or_respiratory_failure", 1, "Heart and/or respiratory failure"),
    flag("acute_mi_or_stroke_points", "acute_mi_or_stroke", 1, "Acute myocardial infarction or ischaemic stroke"),
    flag("acute_infection_or_rheumatologic_points", "acute_infection_or_rheumatologic", 1,
         "Acute infection and/or rheumatological disorder"),
    custom("obesity_points", "Obesity (BMI ≥ 30)", _obese, 0, 1, _obese_points, ("obesity", "bmi"), ("obesity", "bmi"), any_of=True),
    flag("hormonal_treatment_points", "hormonal_treatment", 1, "Ongoing hormonal treatment",
         ("hormone", "hormonal", "estrogen", "oestrogen", "contraceptive", "hormone replacement")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, active_cancer=False, previous_vte=False, reduced_mobility=False, thrombophilia=False,
            recent_trauma_or_surgery=False, heart_or_respiratory_failure=False, acute_mi_or_stroke=False,
            acute_infection_or_rheumatologic=False, obesity=False, bmi=None, hormonal_treatment=False):
    return tally(CRITERIA, {
        "age": age, "active_cancer": active_cancer, "previous_vte": previous_vte, "reduced_mobility": reduced_mobility,
        "thrombophilia": thrombophilia, "recent_trauma_or_surgery": recent_trauma_or_surgery,
        "heart_or_respiratory_failure": heart_or_respiratory_failure, "acute_mi_or_stroke": acute_mi_or_stroke,
        "acute_infection_or_rheumatologic": acute_infection_or_rheumatologic, "obesity": obesity, "bmi": bmi,
        "hormonal_treatment": hormonal_treatment,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Padua prediction score")
    risk = "high risk of VTE (≥ 4)" if value >= 4 else "low risk of VTE (< 4)"
    lines.append(f"Padua prediction score {value}: {risk}.")
    return lines


CALCULATOR = Calculator(
    id="padua",
    name="Padua prediction score",
    category="hematology",
    description="Risk of venous thromboembolism in hospitalised medical patients (0–20; ≥ 4 high risk).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Barbar S, Noventa F, Rossetto V, et al. A risk assessment model for the identification of hospitalized medical "
            "patients at risk for venous thromboembolism: the Padua Prediction Score. J Thromb Haemost. "
            "2010;8(11):2450-2457.",
            doi="10.1111/j.1538-7836.2010.04044.x",
            pmid="20738765",
        ),
        Citation(
            "Kahn SR, Lim W, Dunn AS, et al. Prevention of VTE in nonsurgical patients: Antithrombotic Therapy and Prevention "
            "of Thrombosis, 9th ed: American College of Chest Physicians Evidence-Based Clinical Practice Guidelines. Chest. "
            "2012;141(2 Suppl):e195S-e226S (Table 2, the Padua score).",
            doi="10.1378/chest.11-2296",
            pmid="22315261",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("venous thromboembolism", "vte prophylaxis", "medical inpatients", "dvt", "risk assessment model"),
    population=(
        "Adult medical inpatients (Barbar 2010: 1,180 consecutive admissions to an internal medicine "
        "department in Padua)."
    ),
    examples=(
        "Barbar 2010 model as in the ACCP 2012 guideline Table 2 (Chest 141:e195S): hand-scored elderly "
        "pneumonia (6) and obese woman on hormones (2), age, BMI and >= 4 edges "
        "(tests/calculators/test_padua.py)",
    ),
    increasing=("age", "active_cancer", "previous_vte", "reduced_mobility", "thrombophilia", "recent_trauma_or_surgery",
                "heart_or_respiratory_failure", "acute_mi_or_stroke", "acute_infection_or_rheumatologic", "obesity", "bmi",
                "hormonal_treatment"),
    notes=(
        "Elderly age is 70 years or more (Barbar 2010 and the ACCP 2012 guideline table).",
        "Obesity counts once: the obesity flag or a BMI of 30 kg/m² or more.",
        "Criteria not mentioned count as absent.",
    ),
)
