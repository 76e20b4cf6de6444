"""GRACE risk score for death in the 6 months after discharge from an acute coronary syndrome (1-263).

Eagle et al., JAMA 2004 (the nomogram): points by
  age (years) < 40: 0, 40-49: 18, 50-59: 36, 60-69: 55, 70-79: 73, 80-89: 91, >= 90: 100;
  heart rate (/min) < 50: 0, 50-69.9: 3, 70-89.9: 9, 90-109.9: 14, 110-149.9: 23, 150-199.9: 35, >= 200: 43;
  systolic BP (mmHg) < 80: 24, 80-99.9: 22, 100-119.9: 18, 120-139.9: 14, 140-159.9: 10, 160-199.9: 4, >= 200: 0;
  creatinine (mg/dL) < 0.40: 1, 0.40-0.79: 3, 0.80-1.19: 5, 1.20-1.59: 7, 1.60-1.99: 9, 2.00-3.99: 15, >= 4.0: 20;
  history of congestive heart failure 24; history of myocardial infarction 12; ST-segment depression 11;
  elevated cardiac enzymes 15; no percutaneous coronary intervention in hospital 14.
Heart rate, blood pressure and creatinine are the values at presentation. Risk groups (GRACE
coordinating centre risk table): non-ST-elevation ACS <= 88 low (< 3 %), 89-118 intermediate
(3-8 %), >= 119 high (> 8 %); ST-elevation ACS <= 99 low (< 4.4 %), 100-127 intermediate
(4.5-11 %), >= 128 high (> 11 %).
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._grace import RISK_TABLES

NO_PCI_POINTS = 14
RISK = {  # (upper bound of low, upper bound of intermediate, texts)
    "nste-acs": (88, 118, ("low (≤ 88: < 3 %)", "intermediate (89–118: 3–8 %)", "high (≥ 119: > 8 %)")),
    "stemi": (99, 127, ("low (≤ 99: < 4.4 %)", "intermediate (100–127: 4.5–11 %)", "high (≥ 128: > 11 %)")),
}

INPUTS = (
    age(),
    Number("heart_rate", "1/min", (10.0, 350.0), "heart rate or pulse at presentation", aliases=("Heart Rate or Pulse", "pulse", "hr")),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure at presentation", aliases=("Systolic Blood Pressure", "sbp")),
    Number("creatinine", "mg/dL", (0.05, 40.0), "initial serum creatinine", analyte="creatinine",
           aliases=("Creatinine", "serum creatinine")),
    Flag("chf_history", "history of congestive heart failure", aliases=("Congestive heart failure history", "history of CHF",
                                                                        "history of heart failure", "heart failure history")),
    Flag("mi_history", "history of myocardial infarction", aliases=("Myocardial infarction history", "history of MI", "prior MI",
                                                                    "previous myocardial infarction")),
    Flag("st_depression", "ST-segment depression on the presenting ECG", aliases=("ST depression", "ST-segment depression")),
    Flag("elevated_enzymes", "elevated cardiac enzymes or markers (troponin, CK-MB)",
         aliases=("Abnormal cardiac enzymes", "elevated cardiac enzymes", "positive troponin", "elevated troponin")),
    Flag("in_hospital_pci", "percutaneous coronary intervention performed in hospital; not mentioned = not performed",
         aliases=("in-hospital PCI", "PCI", "percutaneous coronary intervention", "in hospital PCI")),
    Choice("acs_type",
           {"nste-acs": ("nstemi", "nste", "non-st-elevation acs", "non-st elevation", "unstable angina", "ua", "nstemi/ua"),
            "stemi": ("ste-acs", "st elevation", "st-elevation myocardial infarction", "st-elevation acs")},
           "type of acute coronary syndrome (sets the risk groups only); optional",
           required=False, aliases=("ACS type", "type of ACS")),
)


def _no_pci(inputs):
    if inputs.get("in_hospital_pci"):
        return 0, "In-hospital PCI: performed, +0"
    return NO_PCI_POINTS, f"In-hospital PCI: not performed (or not mentioned), +{NO_PCI_POINTS}"


CRITERIA = (
    bands("age_points", "age", ((None, 40, 0), (40, 50, 18), (50, 60, 36), (60, 70, 55), (70, 80, 73), (80, 90, 91),
                                (90, None, 100)), "Age", "years"),
    bands("heart_rate_points", "heart_rate", ((None, 50, 0), (50, 70, 3), (70, 90, 9), (90, 110, 14), (110, 150, 23),
                                              (150, 200, 35), (200, None, 43)), "Heart rate", "/min"),
    bands("systolic_bp_points", "systolic_bp", ((None, 80, 24), (80, 100, 22), (100, 120, 18), (120, 140, 14),
                                                (140, 160, 10), (160, 200, 4), (200, None, 0)), "Systolic BP", "mmHg"),
    bands("creatinine_points", "creatinine", ((None, 0.4, 1), (0.4, 0.8, 3), (0.8, 1.2, 5), (1.2, 1.6, 7), (1.6, 2.0, 9),
                                              (2.0, 4.0, 15), (4.0, None, 20)), "Creatinine", "mg/dL"),
    flag("chf_history_points", "chf_history", 24, "History of congestive heart failure", ("chf", "heart failure")),
    flag("mi_history_points", "mi_history", 12, "History of myocardial infarction", ("prior mi", "previous mi")),
    flag("st_depression_points", "st_depression", 11, "ST-segment depression", ("st depression",)),
    flag("elevated_enzymes_points", "elevated_enzymes", 15, "Elevated cardiac enzymes", ("troponin", "biomarkers", "enzymes")),
    custom("no_pci_points", "No in-hospital PCI", _no_pci, 0, NO_PCI_POINTS,
           lambda inputs: 0 if inputs.get("in_hospital_pci") else NO_PCI_POINTS, ("in_hospital_pci",),
           ("no pci", "pci not performed", "without pci")),
)
LOW, HIGH = score_range(CRITERIA)


def risk_group(total: int, acs_type: str) -> str:
    low, mid, texts = RISK[acs_type]
    return texts[0] if total <= low else texts[1] if total <= mid else texts[2]


def compute(age, heart_rate, systolic_bp, creatinine, chf_history=False, mi_history=False, st_depression=False,
            elevated_enzymes=False, in_hospital_pci=False, acs_type=None):
    return tally(CRITERIA, {"age": age, "heart_rate": heart_rate, "systolic_bp": systolic_bp, "creatinine": creatinine,
                            "chf_history": chf_history, "mi_history": mi_history, "st_depression": st_depression,
                            "elevated_enzymes": elevated_enzymes, "in_hospital_pci": in_hospital_pci})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "GRACE 6-month post-discharge death score")
    kind = inputs.get("acs_type")
    if kind is None:
        lines.append(f"GRACE score {value}: 6-month post-discharge death risk {risk_group(value, 'nste-acs')} for "
                     f"non-ST-elevation ACS; {risk_group(value, 'stemi')} for STEMI.")
    else:
        lines.append(f"GRACE score {value}: 6-month post-discharge death risk {risk_group(value, kind)} "
                     f"({'STEMI' if kind == 'stemi' else 'non-ST-elevation ACS'}).")
    return lines


CALCULATOR = Calculator(
    id="grace_6_month",
    name="GRACE score, 6-month post-discharge death (ACS)",
    category="cardiology",
    description="Global Registry of Acute Coronary Events risk score for death within 6 months of discharge after an acute coronary syndrome (1–263).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Eagle KA, Lim MJ, Dabbous OH, et al. A validated prediction model for all forms of acute coronary syndrome: "
            "estimating the risk of 6-month postdischarge death in an international registry. JAMA. 2004;291(22):2727-2733.",
            doi="10.1001/jama.291.22.2727",
            pmid="15187054",
        ),
        RISK_TABLES,
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('acute coronary syndrome', 'acs', 'nstemi', 'stemi', 'myocardial infarction', 'mortality', 'discharge', 'heart attack'),
    population='Patients discharged alive after an acute coronary syndrome in the multinational GRACE registry, 1999-2003 (15 007 development, 7638 validation).',
    examples=('Eagle 2004 (JAMA 291:2727) nomogram: hand-scored cases and every nomogram edge',),
    increasing=("age", "heart_rate", "creatinine", "chf_history", "mi_history", "st_depression", "elevated_enzymes"),
    decreasing=("systolic_bp", "in_hospital_pci"),
    notes=(
        "Bands are lower-inclusive as the nomogram writes them (50–69.9, 70–89.9): heart rate 70 scores 9.",
        "In-hospital PCI not mentioned counts as not performed (+14), the score's own item; the other findings not "
        "mentioned count as absent.",
        "The value is the integer score; the ACS type (optional) only selects the risk groups.",
    ),
)
