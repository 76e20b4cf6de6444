"""Revised Cardiac Risk Index (Lee index) for major cardiac complications after non-cardiac surgery (0-6).

Lee et al., Circulation 1999 (Table 4, the six independent predictors), one point each: high-risk
surgery (intraperitoneal, intrathoracic or suprainguinal vascular); ischaemic heart disease (history of
MI, positive exercise test, current ischaemic chest pain, nitrate therapy, or pathological Q waves);
congestive heart failure; cerebrovascular disease (stroke or TIA); preoperative insulin treatment;
preoperative serum creatinine >2.0 mg/dL (177 µmol/L).
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._rules import compare, or_keys

CREATININE_CUTOFF = 2.0  # mg/dL, strictly above (Lee 1999)

CEREBROVASCULAR = Flag(
    "cerebrovascular_disease", "history of cerebrovascular disease (stroke or transient ischaemic attack)",
    aliases=("History of cerebrovascular disease", "Cerebrovascular disease history", "stroke or TIA"),
)
INPUTS = (
    Flag("high_risk_surgery", "high-risk surgery: intraperitoneal, intrathoracic or suprainguinal vascular",
         aliases=("Elevated-risk surgery", "elevated risk surgery", "high risk surgery")),
    Flag("ischemic_heart_disease", "ischaemic heart disease: prior MI, positive exercise test, ischaemic chest pain, nitrates or Q waves",
         aliases=("History of ischemic heart disease", "ischemic heart disease", "ischaemic heart disease")),
    Flag("chf", "history of congestive heart failure",
         aliases=("Congestive Heart Failure criteria for the Cardiac Risk Index rule", "congestive heart failure", "heart failure")),
    CEREBROVASCULAR,
    Flag("insulin", "preoperative treatment with insulin",
         aliases=("Pre-operative treatment with insulin", "insulin treatment", "insulin-treated diabetes")),
    Number("creatinine", "mg/dL", (0.05, 30.0), "preoperative serum creatinine; not reported = ≤ 2 mg/dL", analyte="creatinine",
           required=False, aliases=("Pre-operative creatinine", "preoperative creatinine", "serum creatinine")),
)

CRITERIA = (
    flag("high_risk_surgery_points", "high_risk_surgery", 1, "High-risk surgery (intraperitoneal, intrathoracic, suprainguinal vascular)"),
    flag("ischemic_heart_disease_points", "ischemic_heart_disease", 1, "Ischaemic heart disease"),
    flag("chf_points", "chf", 1, "Congestive heart failure"),
    flag("cerebrovascular_disease_points", "cerebrovascular_disease", 1, "Cerebrovascular disease (stroke or TIA)"),
    flag("insulin_points", "insulin", 1, "Preoperative insulin treatment"),
    # Compared at reporting precision: 177 µmol/L is 2.0024 mg/dL by molar mass, the cut-off as written in SI.
    compare("creatinine_points", "creatinine", ">", CREATININE_CUTOFF, 1, "Preoperative creatinine", "mg/dL", digits=2),
)
LOW, HIGH = score_range(CRITERIA)


def compute(high_risk_surgery=False, ischemic_heart_disease=False, chf=False, cerebrovascular_disease=False,
            insulin=False, creatinine=None):
    return tally(CRITERIA, {
        "high_risk_surgery": high_risk_surgery, "ischemic_heart_disease": ischemic_heart_disease, "chf": chf,
        "cerebrovascular_disease": cerebrovascular_disease, "insulin": insulin, "creatinine": creatinine,
    })


# Major cardiac complication rates in Lee 1999's validation cohort, by number of predictors (class I-IV).
_RISK = {0: "class I, 0.4 %", 1: "class II, 0.9 %", 2: "class III, 6.6 %"}


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Revised Cardiac Risk Index")
    lines.append(f"RCRI {value} ({_RISK.get(value, 'class IV, 11 %')} major cardiac complications in Lee 1999's validation cohort).")
    return lines


CALCULATOR = Calculator(
    id="revised_cardiac_risk_index",
    medcalc_id=17,
    medcalc_name="Revised Cardiac Risk Index for Pre-Operative Risk",
    name="Revised Cardiac Risk Index (Lee)",
    category="cardiology",
    description="Risk of major cardiac complications after elective non-cardiac surgery (0–6 predictors).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Lee TH, Marcantonio ER, Mangione CM, et al. Derivation and prospective validation of a simple index for "
            "prediction of cardiac risk of major noncardiac surgery. Circulation. 1999;100(10):1043-1049.",
            doi="10.1161/01.cir.100.10.1043",
            pmid="10477528",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("creatinine", "high_risk_surgery", "ischemic_heart_disease", "chf", "cerebrovascular_disease", "insulin"),
    entity_adapter=or_keys(CEREBROVASCULAR),
    notes=(
        "Creatinine scores strictly above 2.0 mg/dL (177 µmol/L), compared at 2 decimals.",
        "MedCalc-Bench writes cerebrovascular disease under two keys; it counts if either is true.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention); an unreported creatinine scores 0.",
    ),
    keywords=('perioperative risk', 'noncardiac surgery', 'anesthesiology', 'surgery', 'rcri', 'lee index'),
    population='4315 patients aged 50 and over undergoing elective major noncardiac surgery at one US hospital (Lee 1999).',
    examples=('Lee 1999 (Circulation 100:1043) factors and classes: a class III worked example and hand-scored cases (tests/calculators/test_revised_cardiac_risk_index.py)',),
)
