"""TIMI risk score for ST-elevation myocardial infarction (0-14).

Morrow DA, et al., Circulation 2000 (the TIMI risk score for STEMI): age 65-74 years 2,
≥ 75 years 3; diabetes, hypertension or angina 1; systolic blood pressure < 100 mmHg 3; heart rate
> 100/min 2; Killip class II-IV 2; weight < 67 kg 1; anterior ST elevation or left bundle branch block
1; time to treatment > 4 hours 1. Thirty-day mortality by score (InTIME II): 0 0.8 %,
1 1.6 %, 2 2.2 %, 3 4.4 %, 4 7.3 %, 5 12.4 %, 6 16.1 %, 7 23.4 %, 8 26.8 %, > 8 35.9 %.
"""

from dataclasses import replace

from clinverify.calculators.criteria import bands, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._rules import any_of, compare

INPUTS = (
    age(),
    Flag("diabetes", "diabetes mellitus", aliases=("diabetes mellitus", "dm")),
    Flag("hypertension", "history of hypertension", aliases=("htn", "history of hypertension")),
    Flag("angina", "history of angina", aliases=("history of angina",)),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure at presentation", required=False,
           aliases=("sbp", "systolic pressure")),
    Number("heart_rate", "1/min", (10.0, 350.0), "heart rate at presentation", required=False, aliases=("pulse", "hr")),
    Choice("killip_class", {"I": ("1", "i", "killip i", "no heart failure"), "II": ("2", "ii", "killip ii", "rales"),
                            "III": ("3", "iii", "killip iii", "pulmonary edema", "pulmonary oedema"),
                            "IV": ("4", "iv", "killip iv", "cardiogenic shock")},
           "Killip class (I no heart failure; II rales or S3; III pulmonary oedema; IV cardiogenic shock)",
           aliases=("killip",), required=False, default="I"),
    Number("weight", "kg", (20.0, 350.0), "body weight", required=False, aliases=("body weight",)),
    Flag("anterior_ste_or_lbbb", "anterior ST elevation or left bundle branch block",
         aliases=("anterior st elevation", "lbbb", "anterior ste or lbbb")),
    Number("time_to_treatment", "h", (0.0, 72.0), "time from symptom onset to treatment (hours)", required=False,
           aliases=("time to treatment",)),
)

CRITERIA = (
    bands("age_points", "age", ((None, 65, 0), (65, 75, 2), (75, None, 3)), "Age", "years"),
    any_of("dm_htn_angina_points", ("diabetes", "hypertension", "angina"), 1, "Diabetes, hypertension or angina",
           ("diabetes", "hypertension", "angina")),
    compare("systolic_bp_points", "systolic_bp", "<", 100, 3, "Systolic BP", "mmHg",
            phrases=("blood pressure", "bp", "hypotension")),
    compare("heart_rate_points", "heart_rate", ">", 100, 2, "Heart rate", "/min", phrases=("pulse", "tachycardia")),
    replace(option("killip_points", "killip_class", {"I": 0, "II": 2, "III": 2, "IV": 2}, "Killip class II–IV"),
            phrases=("killip", "heart failure", "rales", "crackles", "pulmonary edema", "pulmonary oedema", "cardiogenic shock")),
    compare("weight_points", "weight", "<", 67, 1, "Weight", "kg", phrases=("body weight", "low weight")),
    flag("anterior_ste_or_lbbb_points", "anterior_ste_or_lbbb", 1, "Anterior ST elevation or LBBB",
         ("anterior stemi", "anterior mi", "lbbb", "left bundle branch block", "st elevation")),
    compare("time_to_treatment_points", "time_to_treatment", ">", 4, 1, "Time to treatment", "h",
            phrases=("treatment delay", "delay", "time to reperfusion", "symptom onset")),
)
LOW, HIGH = score_range(CRITERIA)

MORTALITY_30D = (0.8, 1.6, 2.2, 4.4, 7.3, 12.4, 16.1, 23.4, 26.8, 35.9)  # % by score 0..8, then > 8


def compute(age, diabetes=False, hypertension=False, angina=False, systolic_bp=None, heart_rate=None, killip_class="I",
            weight=None, anterior_ste_or_lbbb=False, time_to_treatment=None):
    return tally(CRITERIA, {
        "age": age, "diabetes": diabetes, "hypertension": hypertension, "angina": angina, "systolic_bp": systolic_bp,
        "heart_rate": heart_rate, "killip_class": killip_class, "weight": weight,
        "anterior_ste_or_lbbb": anterior_ste_or_lbbb, "time_to_treatment": time_to_treatment,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "TIMI risk score for STEMI")
    lines.append(f"TIMI STEMI score {value}: 30-day mortality {MORTALITY_30D[min(value, 9)]} % in InTIME II (Morrow 2000).")
    return lines


CALCULATOR = Calculator(
    id="timi_stemi",
    name="TIMI risk score for STEMI",
    category="cardiology",
    description="Thirty-day mortality risk in ST-elevation myocardial infarction at presentation (0–14).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Morrow DA, Antman EM, Charlesworth A, et al. TIMI risk score for ST-elevation myocardial infarction: a "
            "convenient, bedside, clinical score for risk assessment at presentation: an intravenous nPA for treatment of "
            "infarcting myocardium early II trial substudy. Circulation. 2000;102(17):2031-2037.",
            doi="10.1161/01.CIR.102.17.2031",
            pmid="11044416",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("myocardial infarction", "stemi", "acute coronary syndrome", "30-day mortality", "prognosis", "heart attack", "cardiology risk", "timi"),
    population=(
        "Fibrinolysis-eligible STEMI patients (InTIME II, 14,114 patients; Morrow 2000)."
    ),
    examples=(
        "Morrow 2000 score and 30-day mortality by score (Circulation 102:2031): hand-scored elderly anterior STEMI (9, 35.9 %) and "
        "young inferior STEMI (3, 4.4 %), every cut-off (tests/calculators/test_timi_stemi.py)",
    ),
    increasing=("age", "diabetes", "hypertension", "angina", "heart_rate", "killip_class", "anterior_ste_or_lbbb",
                "time_to_treatment"),
    decreasing=("systolic_bp", "weight"),
    notes=(
        "Diabetes, hypertension and angina form one criterion worth 1, counted once.",
        "Systolic BP strictly below 100, heart rate strictly above 100, weight strictly below 67 kg and time to treatment "
        "strictly above 4 hours score.",
        "Criteria not mentioned count as absent; an unreported measurement scores 0 and Killip class defaults to I.",
    ),
)
