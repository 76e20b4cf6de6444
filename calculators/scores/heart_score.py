"""HEART score for major adverse cardiac events in emergency chest pain (0-10).

Six, Backus & Kelder, Neth Heart J 2008 (Table 1), as specified by Backus et al., Int J Cardiol 2013:
  History       slightly suspicious 0, moderately 1, highly 2
  ECG           normal 0, non-specific repolarisation disturbance 1, significant ST deviation 2
  Age           <45 0, 45-64 1, >=65 2
  Risk factors  none 0, 1-2 1, >=3 or history of atherosclerotic disease 2; the factors are
                hypercholesterolaemia, hypertension, diabetes mellitus, current or recent (<3 months)
                smoking, family history (parent or sibling with CVD before 65), obesity (BMI >30);
                atherosclerotic disease is prior MI, PCI/CABG, stroke/TIA or peripheral arterial disease
  Troponin      <= normal limit 0, 1-3x normal limit 1, >3x normal limit 2
0-3 low, 4-6 intermediate, 7-10 high risk.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, age
from clinverify.calculators.model import Calculator, Citation, Output

HISTORY = Choice(
    "history",
    {
        "slightly suspicious": ("slightly", "low suspicion", "nonspecific history", "0"),
        "moderately suspicious": ("moderately", "moderate suspicion", "1"),
        "highly suspicious": ("highly", "high suspicion", "2"),
    },
    "how suspicious the history is for acute coronary syndrome; not reported = slightly suspicious",
    aliases=("Suspicion History", "history suspicion", "anamnesis"),
    required=False,
)
ECG = Choice(
    "ecg",
    {
        "normal": ("normal ecg", "0"),
        "non-specific repolarization disturbance": (
            "non-specific repolarisation disturbance", "nonspecific repolarization disturbance", "non-specific repolarization",
            "repolarization disturbance", "lbbb", "lvh", "paced rhythm", "1",
        ),
        "significant st deviation": ("significant st depression", "st deviation", "st depression", "st elevation", "2"),
    },
    "ECG: normal, non-specific repolarisation disturbance (incl. LBBB, LVH, pacemaker), or significant ST deviation; "
    "not reported = normal",
    aliases=("Electrocardiogram Test", "electrocardiogram", "ECG finding"),
    required=False,
)
TROPONIN = Choice(
    "troponin",
    {
        "normal": ("less than or equal to normal limit", "≤ normal limit", "<= normal limit", "negative", "0"),
        "1-3x normal": (
            "between the normal limit or up to three times the normal limit", "1-3 times normal limit", "1–3× normal limit",
            "up to three times the normal limit", "1",
        ),
        ">3x normal": ("greater than three times normal limit", "more than three times normal limit", "> 3 times normal limit", "2"),
    },
    "initial troponin relative to the normal limit; not reported = normal",
    aliases=("Initial troponin", "initial troponin level"),
    required=False,
)

# (input name, decision label, MedCalc-Bench and common aliases)
_RISK_FACTORS = (
    ("hypercholesterolemia", "hypercholesterolaemia", ("hypercholesterolaemia", "hyperlipidemia", "dyslipidemia")),
    ("hypertension", "hypertension", ("Hypertension history",)),
    ("diabetes", "diabetes mellitus", ("Diabetes mellitus criteria for CCI rule", "diabetes mellitus")),
    ("smoking", "smoking", ("current smoker", "smoker")),
    ("family_history", "family history of CVD", ("parent or sibling with Cardiovascular disease before age 65",
                                                  "family history of cardiovascular disease")),
    ("obesity", "obesity", ("obese", "BMI > 30")),
)
_ATHERO = (
    ("atherosclerotic_disease", "atherosclerotic disease", ("history of atherosclerotic disease", "prior MI", "peripheral arterial disease")),
    ("tia", "stroke/TIA", ("Transient Ischemic Attacks History", "stroke or TIA")),
)

INPUTS = (
    age(),
    HISTORY,
    ECG,
    TROPONIN,
    Flag("hypercholesterolemia", "hypercholesterolaemia", aliases=_RISK_FACTORS[0][2]),
    Flag("hypertension", "hypertension", aliases=_RISK_FACTORS[1][2]),
    Flag("diabetes", "diabetes mellitus", aliases=_RISK_FACTORS[2][2]),
    Flag("smoking", "current smoking or cessation within 3 months", aliases=_RISK_FACTORS[3][2]),
    Flag("family_history", "parent or sibling with cardiovascular disease before age 65", aliases=_RISK_FACTORS[4][2]),
    Flag("obesity", "obesity (BMI > 30 kg/m²)", aliases=_RISK_FACTORS[5][2]),
    Flag("atherosclerotic_disease", "known atherosclerotic disease: prior MI, PCI/CABG or peripheral arterial disease",
         aliases=_ATHERO[0][2]),
    Flag("tia", "prior stroke or transient ischaemic attack (atherosclerotic disease in Backus 2013)", aliases=_ATHERO[1][2]),
)


def _risk_factors(inputs):
    present = [label for name, label, _ in _RISK_FACTORS if inputs.get(name)]
    athero = [label for name, label, _ in _ATHERO if inputs.get(name)]
    if athero:
        return 2, f"Risk factors: history of atherosclerotic disease ({', '.join(athero)}), +2"
    n = len(present)
    listed = f" ({', '.join(present)})" if present else ""
    if n >= 3:
        return 2, f"Risk factors: {n} present{listed} (≥ 3), +2"
    if n:
        return 1, f"Risk factors: {n} present{listed} (1–2), +1"
    return 0, "Risk factors: none present (unmentioned factors assumed absent), +0"


def _risk_points(inputs):
    for name, _, _ in _ATHERO:
        if inputs.get(name):
            return 2
    n = 0
    for name, _, _ in _RISK_FACTORS:
        if inputs.get(name):
            n += 1
    return 2 if n >= 3 else 1 if n else 0


CRITERIA = (
    option("history_points", "history", {"slightly suspicious": 0, "moderately suspicious": 1, "highly suspicious": 2}, "History",
           judgement=True),
    option("ecg_points", "ecg", {"normal": 0, "non-specific repolarization disturbance": 1, "significant st deviation": 2}, "ECG"),
    # Backus 2013: <45, 45-64, >=65, in completed years.
    bands("age_points", "age", ((None, 45, 0), (45, 65, 1), (65, None, 2)), "Age", "years"),
    custom("risk_factor_points", "Risk factors", _risk_factors, 0, 2, _risk_points,
           tuple(n for n, _, _ in _RISK_FACTORS + _ATHERO), ("risk factor", "risk factors")),
    option("troponin_points", "troponin", {"normal": 0, "1-3x normal": 1, ">3x normal": 2}, "Initial troponin"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, history=None, ecg=None, troponin=None, hypercholesterolemia=False, hypertension=False, diabetes=False,
            smoking=False, family_history=False, obesity=False, atherosclerotic_disease=False, tia=False):
    return tally(CRITERIA, {
        "age": age, "history": history, "ecg": ecg, "troponin": troponin, "hypercholesterolemia": hypercholesterolemia,
        "hypertension": hypertension, "diabetes": diabetes, "smoking": smoking, "family_history": family_history,
        "obesity": obesity, "atherosclerotic_disease": atherosclerotic_disease, "tia": tia,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "HEART score")
    lines[0] += " An unreported history, ECG or troponin scores 0 (the normal tier)."
    risk = "low (0–3)" if value <= 3 else "intermediate (4–6)" if value <= 6 else "high (7–10)"
    lines.append(f"HEART score {value}: {risk} risk of a major adverse cardiac event.")
    return lines


CALCULATOR = Calculator(
    id="heart_score",
    medcalc_id=18,
    medcalc_name="HEART Score for Major Cardiac Events",
    name="HEART score",
    category="cardiology",
    description="Risk of major adverse cardiac events in emergency-department chest pain (0–10).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Six AJ, Backus BE, Kelder JC. Chest pain in the emergency room: value of the HEART score. Neth Heart J. "
            "2008;16(6):191-196.",
            doi="10.1007/BF03086144",
            pmid="18665203",
        ),
        Citation(
            "Backus BE, Six AJ, Kelder JC, et al. A prospective validation of the HEART score for chest pain patients at "
            "the emergency department. Int J Cardiol. 2013;168(3):2153-2158.",
            doi="10.1016/j.ijcard.2013.01.255",
            pmid="23465250",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "history", "ecg", "troponin", "hypercholesterolemia", "hypertension", "diabetes", "smoking",
                "family_history", "obesity", "atherosclerotic_disease", "tia"),
    notes=(
        "Age bands in completed years: <45, 45–64, ≥65 (Backus 2013).",
        "Known atherosclerotic disease (prior MI, PCI/CABG, stroke/TIA, peripheral arterial disease) scores 2 for risk "
        "factors whatever the count (Backus 2013).",
        "An unreported history, ECG or troponin scores 0; risk factors not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('chest pain', 'acute coronary syndrome', 'emergency medicine', 'mace'),
    population='Emergency-department patients with chest pain (Six 2008), validated in 10 Dutch hospitals (Backus 2013).',
    examples=('Six 2008 (Neth Heart J 16:191) Table 1 and Backus 2013 (Int J Cardiol 168:2153) definitions: hand-scored cases (tests/calculators/test_heart_score.py)',),
)
