"""GRACE risk score for in-hospital death in acute coronary syndrome (1-372 points).

Granger et al., Arch Intern Med 2003 (the nomogram): points by
  age (years) < 30: 0, 30-39: 8, 40-49: 25, 50-59: 41, 60-69: 58, 70-79: 75, 80-89: 91, >= 90: 100;
  heart rate (/min) < 50: 0, 50-69: 3, 70-89: 9, 90-109: 15, 110-149: 24, 150-199: 38, >= 200: 46;
  systolic BP (mmHg) < 80: 58, 80-99: 53, 100-119: 43, 120-139: 34, 140-159: 24, 160-199: 10, >= 200: 0;
  creatinine (mg/dL) < 0.40: 1, 0.40-0.79: 4, 0.80-1.19: 7, 1.20-1.59: 10, 1.60-1.99: 13, 2.00-3.99: 21, >= 4.0: 28;
  Killip class I 0, II 20, III 39, IV 59; cardiac arrest at admission 39; ST-segment deviation 28;
  elevated cardiac enzymes or markers 14.
Risk groups (GRACE coordinating centre risk table): non-ST-elevation ACS <= 108 low (< 1 %),
109-140 intermediate (1-3 %), > 140 high (> 3 %); ST-elevation ACS <= 125 low (< 2 %), 126-154
intermediate (2-5 %), >= 155 high (> 5 %). The 2011 ESC NSTE-ACS guideline uses > 140 as high risk.
"""

from clinverify.calculators.criteria import bands, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._grace import RISK_TABLES

KILLIP = {"I": 0, "II": 20, "III": 39, "IV": 59}
RISK = {  # (upper bound of low, upper bound of intermediate, texts)
    "nste-acs": (108, 140, ("low (≤ 108: < 1 %)", "intermediate (109–140: 1–3 %)", "high (> 140: > 3 %)")),
    "stemi": (125, 154, ("low (≤ 125: < 2 %)", "intermediate (126–154: 2–5 %)", "high (≥ 155: > 5 %)")),
}
ACS_TYPE = Choice(
    "acs_type",
    {"nste-acs": ("nstemi", "nste", "non-st-elevation acs", "non-st elevation", "unstable angina", "ua", "nstemi/ua"),
     "stemi": ("ste-acs", "st elevation", "st-elevation myocardial infarction", "st-elevation acs")},
    "type of acute coronary syndrome (sets the risk groups only); optional",
    required=False, aliases=("ACS type", "type of ACS"),
)

INPUTS = (
    age(),
    Number("heart_rate", "1/min", (10.0, 350.0), "heart rate or pulse at presentation", aliases=("Heart Rate or Pulse", "pulse", "hr")),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure at presentation", aliases=("Systolic Blood Pressure", "sbp")),
    Number("creatinine", "mg/dL", (0.05, 40.0), "initial serum creatinine", analyte="creatinine",
           aliases=("Creatinine", "serum creatinine")),
    Choice("killip_class", {"I": ("1", "class i", "killip i", "no heart failure", "no chf"),
                            "II": ("2", "class ii", "killip ii", "rales", "rales or jvd"),
                            "III": ("3", "class iii", "killip iii", "pulmonary edema", "pulmonary oedema"),
                            "IV": ("4", "class iv", "killip iv", "cardiogenic shock")},
           "Killip class at presentation (I no heart failure, II rales or JVD, III pulmonary oedema, IV cardiogenic shock); "
           "not mentioned = I", required=False, default="I", aliases=("Killip class", "Killip", "CHF (Killip class)")),
    Flag("cardiac_arrest", "cardiac arrest at admission", aliases=("Cardiac arrest at admission", "cardiac arrest")),
    Flag("st_deviation", "ST-segment deviation on the presenting ECG", aliases=("ST segment deviation on EKG", "ST deviation",
                                                                                "ST-segment deviation")),
    Flag("elevated_enzymes", "elevated cardiac enzymes or markers (troponin, CK-MB)",
         aliases=("Abnormal cardiac enzymes", "elevated cardiac enzymes", "positive troponin", "elevated troponin")),
    ACS_TYPE,
)

CRITERIA = (
    bands("age_points", "age", ((None, 30, 0), (30, 40, 8), (40, 50, 25), (50, 60, 41), (60, 70, 58), (70, 80, 75),
                                (80, 90, 91), (90, None, 100)), "Age", "years"),
    bands("heart_rate_points", "heart_rate", ((None, 50, 0), (50, 70, 3), (70, 90, 9), (90, 110, 15), (110, 150, 24),
                                              (150, 200, 38), (200, None, 46)), "Heart rate", "/min"),
    bands("systolic_bp_points", "systolic_bp", ((None, 80, 58), (80, 100, 53), (100, 120, 43), (120, 140, 34),
                                                (140, 160, 24), (160, 200, 10), (200, None, 0)), "Systolic BP", "mmHg"),
    bands("creatinine_points", "creatinine", ((None, 0.4, 1), (0.4, 0.8, 4), (0.8, 1.2, 7), (1.2, 1.6, 10), (1.6, 2.0, 13),
                                              (2.0, 4.0, 21), (4.0, None, 28)), "Creatinine", "mg/dL"),
    option("killip_points", "killip_class", KILLIP, "Killip class"),
    flag("cardiac_arrest_points", "cardiac_arrest", 39, "Cardiac arrest at admission", ("arrest",)),
    flag("st_deviation_points", "st_deviation", 28, "ST-segment deviation", ("st depression", "st elevation", "st changes")),
    flag("elevated_enzymes_points", "elevated_enzymes", 14, "Elevated cardiac enzymes", ("troponin", "biomarkers", "enzymes")),
)
LOW, HIGH = score_range(CRITERIA)


def risk_group(total: int, acs_type: str) -> str:
    low, mid, texts = RISK[acs_type]
    return texts[0] if total <= low else texts[1] if total <= mid else texts[2]


def compute(age, heart_rate, systolic_bp, creatinine, killip_class="I", cardiac_arrest=False, st_deviation=False,
            elevated_enzymes=False, acs_type=None):
    return tally(CRITERIA, {"age": age, "heart_rate": heart_rate, "systolic_bp": systolic_bp, "creatinine": creatinine,
                            "killip_class": killip_class, "cardiac_arrest": cardiac_arrest, "st_deviation": st_deviation,
                            "elevated_enzymes": elevated_enzymes})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "GRACE in-hospital death score")
    kind = inputs.get("acs_type")
    if kind is None:
        lines.append(f"GRACE score {value}: in-hospital death risk {risk_group(value, 'nste-acs')} for non-ST-elevation ACS; "
                     f"{risk_group(value, 'stemi')} for STEMI.")
    else:
        lines.append(f"GRACE score {value}: in-hospital death risk {risk_group(value, kind)} "
                     f"({'STEMI' if kind == 'stemi' else 'non-ST-elevation ACS'}).")
    return lines


CALCULATOR = Calculator(
    id="grace_in_hospital",
    name="GRACE score, in-hospital death (ACS)",
    category="cardiology",
    description="Global Registry of Acute Coronary Events risk score for death in hospital after an acute coronary syndrome (1–372).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Granger CB, Goldberg RJ, Dabbous O, et al. Predictors of hospital mortality in the global registry of acute "
            "coronary events. Arch Intern Med. 2003;163(19):2345-2353.",
            doi="10.1001/archinte.163.19.2345",
            pmid="14581255",
        ),
        RISK_TABLES,
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('acute coronary syndrome', 'acs', 'nstemi', 'stemi', 'myocardial infarction', 'mortality', 'emergency medicine', 'heart attack'),
    population='Patients with acute coronary syndrome (STEMI, NSTEMI, unstable angina) in the multinational GRACE registry, 1999-2001 (11 389 patients).',
    examples=("GRACE coordinating centre's methods document patient (age 57, pulse 70, SBP 110, Cr 1.2, Killip III, arrest, ST deviation) scored by hand with the Granger 2003 nomogram", 'Hand-scored case and every nomogram edge'),
    increasing=("age", "heart_rate", "creatinine", "killip_class", "cardiac_arrest", "st_deviation", "elevated_enzymes"),
    decreasing=("systolic_bp",),
    notes=(
        "The nomogram's bands share their edges (≤ 30, 30–39): a value on an edge takes the higher band (age 30 scores 8, "
        "heart rate 50 scores 3, systolic BP 80 scores 53, creatinine 0.40 scores 4).",
        "Killip class not mentioned counts as I; arrest, ST deviation and elevated enzymes not mentioned count as absent.",
        "The value is the integer score (GRACE 1.0). The probability of death is not given: GRACE 2.0's continuous model is not "
        "published in a form to reimplement. The ACS type (optional) only selects the risk groups.",
    ),
)
