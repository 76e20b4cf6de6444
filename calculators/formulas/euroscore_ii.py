"""EuroSCORE II: predicted in-hospital mortality after cardiac surgery (logistic model).

Nashef et al. (Eur J Cardiothorac Surg 2012, Table 6 and Appendix):
  predicted mortality = eʸ / (1 + eʸ),  y = −5.324537 + Σ βᵢ xᵢ
  age                     0.0285181 × x, x = 1 up to 60 years, then age − 59 (61 years -> 2, ...)
  female                  0.2196434
  renal impairment        creatinine clearance (Cockcroft-Gault) 51–85 mL/min 0.303553;
                          ≤ 50 mL/min 0.8592256; on dialysis (whatever the clearance) 0.6421508
  extracardiac arteriopathy 0.5360268       poor mobility            0.2407181
  previous cardiac surgery  1.118599        chronic lung disease     0.1886564
  active endocarditis       0.6194522       critical preoperative state 1.086517
  diabetes on insulin       0.3542749
  NYHA class              II 0.1070545, III 0.2958358, IV 0.5597929
  CCS class 4 angina      0.2226147
  LV function             moderate (LVEF 31–50 %) 0.3150652, poor (21–30 %) 0.8084096,
                          very poor (≤ 20 %) 0.9346919
  recent MI (≤ 90 days)   0.1528943
  pulmonary artery systolic pressure   31–55 mmHg 0.1788899, > 55 mmHg 0.3491475
  urgency                 urgent 0.3174673, emergency 0.7039121, salvage 1.362947
  weight of intervention  isolated non-CABG 0.0062118, two procedures 0.5521478, three or more 0.9724533
  surgery on thoracic aorta 0.6527205
"""

import math

from clinverify.calculators.inputs import Choice, Flag, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt

INTERCEPT = -5.324537
K_AGE = 0.0285181
FLAGS = {  # input -> (coefficient, label)
    "extracardiac_arteriopathy": (0.5360268, "extracardiac arteriopathy"),
    "poor_mobility": (0.2407181, "poor mobility"),
    "previous_cardiac_surgery": (1.118599, "previous cardiac surgery"),
    "chronic_lung_disease": (0.1886564, "chronic lung disease"),
    "active_endocarditis": (0.6194522, "active endocarditis"),
    "critical_state": (1.086517, "critical preoperative state"),
    "insulin_diabetes": (0.3542749, "diabetes on insulin"),
    "ccs4_angina": (0.2226147, "CCS class 4 angina"),
    "recent_mi": (0.1528943, "recent myocardial infarction"),
    "thoracic_aorta": (0.6527205, "surgery on thoracic aorta"),
}
CHOICES = {  # input -> {option: coefficient}, options least to most severe
    "renal_function": {"normal": 0.0, "moderate": 0.303553, "severe": 0.8592256, "dialysis": 0.6421508},
    "nyha": {"I": 0.0, "II": 0.1070545, "III": 0.2958358, "IV": 0.5597929},
    "lv_function": {"good": 0.0, "moderate": 0.3150652, "poor": 0.8084096, "very poor": 0.9346919},
    "pa_pressure": {"normal": 0.0, "moderate": 0.1788899, "severe": 0.3491475},
    "urgency": {"elective": 0.0, "urgent": 0.3174673, "emergency": 0.7039121, "salvage": 1.362947},
    "procedure_weight": {"isolated CABG": 0.0, "single non-CABG": 0.0062118, "two procedures": 0.5521478,
                         "three or more": 0.9724533},
}

INPUTS = (
    age(range=(18.0, 110.0)),
    sex(),
    Choice("renal_function", {
        "normal": ("creatinine clearance > 85 mL/min", "cc > 85", "normal renal function", "none", "no"),
        "moderate": ("creatinine clearance 51-85 mL/min", "cc 51-85", "moderately impaired"),
        "severe": ("creatinine clearance <= 50 mL/min", "cc <= 50", "severely impaired"),
        "dialysis": ("on dialysis", "dialysis (regardless of creatinine clearance)"),
    }, "renal impairment by Cockcroft-Gault creatinine clearance: normal (> 85 mL/min), moderate (51–85), severe (≤ 50), "
       "or on dialysis", aliases=("renal impairment", "creatinine clearance category"), required=False, default="normal"),
    *(Flag(name, label) for name, (_, label) in FLAGS.items()),
    Choice("nyha", {"I": ("1", "class i", "nyha i"), "II": ("2", "class ii", "nyha ii"), "III": ("3", "class iii", "nyha iii"),
                    "IV": ("4", "class iv", "nyha iv")},
           "NYHA functional class", aliases=("NYHA class",), required=False, default="I"),
    Choice("lv_function", {"good": ("lvef > 50%", "normal", "lvef >= 51%"), "moderate": ("lvef 31-50%",),
                           "poor": ("lvef 21-30%",), "very poor": ("lvef <= 20%", "very_poor")},
           "left ventricular function: good (LVEF > 50 %), moderate (31–50 %), poor (21–30 %), very poor (≤ 20 %)",
           aliases=("LV function", "left ventricular function"), required=False, default="good"),
    Choice("pa_pressure", {"normal": ("<= 30 mmhg", "none", "no"), "moderate": ("31-55 mmhg",), "severe": ("> 55 mmhg",)},
           "pulmonary artery systolic pressure: normal (≤ 30 mmHg), moderate (31–55), severe (> 55)",
           aliases=("pulmonary hypertension", "pulmonary artery systolic pressure"), required=False, default="normal"),
    Choice("urgency", {"elective": ("routine",), "urgent": (), "emergency": (), "salvage": ()},
           "urgency of operation: elective, urgent, emergency or salvage", required=False, default="elective"),
    Choice("procedure_weight", {"isolated CABG": ("cabg", "isolated cabg", "cabg only"),
                                "single non-CABG": ("1 non-cabg", "single non-cabg procedure", "single major non-cabg"),
                                "two procedures": ("2", "2 procedures", "two"),
                                "three or more": ("3", "3 or more", "3 procedures", "three procedures")},
           "weight of the intervention: isolated CABG, a single non-CABG major procedure, two or three or more procedures",
           aliases=("weight of intervention", "weight of the intervention"), required=False, default="isolated CABG"),
)


def compute(age, sex, renal_function="normal", nyha="I", lv_function="good", pa_pressure="normal", urgency="elective",
            procedure_weight="isolated CABG", **flags):
    age_x = 1.0 if age <= 60 else age - 59.0
    logit = INTERCEPT + K_AGE * age_x + (0.2196434 if sex == "female" else 0.0)
    chosen = {"renal_function": renal_function, "nyha": nyha, "lv_function": lv_function, "pa_pressure": pa_pressure,
              "urgency": urgency, "procedure_weight": procedure_weight}
    logit += sum(CHOICES[name][option] for name, option in chosen.items())
    logit += sum(coef for name, (coef, _) in FLAGS.items() if flags.get(name))
    return 100.0 * math.exp(logit) / (1.0 + math.exp(logit)), {"age_x": age_x, "logit": logit}


def explain(inputs, inter, value):
    terms = [f"age {fmt(inputs['age'])} years (x = {fmt(inter['age_x'])}): 0.0285181 × {fmt(inter['age_x'])}"]
    if inputs["sex"] == "female":
        terms.append("female: 0.2196434")
    for name, table in CHOICES.items():
        if table[inputs[name]]:
            terms.append(f"{name.replace('_', ' ')} {inputs[name]}: {fmt(table[inputs[name]], 7)}")
    terms += [f"{label}: {fmt(coef, 7)}" for name, (coef, label) in FLAGS.items() if inputs.get(name)]
    return [
        "EuroSCORE II predicted mortality = eʸ / (1 + eʸ), y = −5.324537 + Σ βᵢxᵢ (Nashef 2012).",
        "Terms: " + "; ".join(terms) + ". Factors not reported count as absent.",
        f"y = {fmt(inter['logit'], 4)}; predicted in-hospital mortality = e^{fmt(inter['logit'], 4)} / "
        f"(1 + e^{fmt(inter['logit'], 4)}) = {fmt(value)} %.",
    ]


CALCULATOR = Calculator(
    id="euroscore_ii",
    name="EuroSCORE II",
    category="cardiology",
    description="Predicted in-hospital mortality after cardiac surgery (logistic EuroSCORE II).",
    inputs=INPUTS,
    output=Output("%", "decimal", 2, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "Nashef SA, Roques F, Sharples LD, et al. EuroSCORE II. Eur J Cardiothorac Surg. 2012;41(4):734-744.",
            doi="10.1093/ejcts/ezs043",
            pmid="22378855",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "sex", "nyha", "lv_function", "pa_pressure", "urgency", "procedure_weight", *FLAGS),
    keywords=('cardiac surgery', 'operative mortality', 'cabg', 'surgery', 'euroscore', 'valve surgery'),
    population='22,381 adults undergoing cardiac surgery in 154 hospitals in 43 countries, 2010 (Nashef 2012).',
    examples=('Nashef 2012 (Eur J Cardiothorac Surg 41:734) coefficients: hand-worked low, intermediate and high-risk cases',),
    notes=(
        "Renal impairment is graded by Cockcroft-Gault creatinine clearance; dialysis takes its own coefficient (0.6421508), "
        "lower than severe impairment's, so renal_function is not declared monotone.",
        "Age: x = 1 up to 60 years, age − 59 above (Nashef 2012).",
        "Risk factors not reported count as absent; unreported class, LV function, PA pressure, urgency and weight take "
        "the lowest-risk option.",
    ),
)
