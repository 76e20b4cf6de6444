"""Pneumonia Severity Index (PSI / PORT score) for community-acquired pneumonia in adults.

Fine et al., N Engl J Med 1997, Table 2 (points assigned to the patient characteristics):
  age                     men: age in years; women: age − 10; nursing home resident +10
  coexisting illness      neoplastic disease +30, liver disease +20, congestive heart failure +10,
                          cerebrovascular disease +10, renal disease +10
  examination             altered mental status +20, respiratory rate ≥30/min +20, systolic BP <90 mmHg +20,
                          temperature <35 °C or ≥40 °C +15, pulse ≥125/min +10
  laboratory, radiograph  arterial pH <7.35 +30, BUN ≥30 mg/dL (11 mmol/L) +20, sodium <130 mmol/L +20,
                          glucose ≥250 mg/dL (14 mmol/L) +10, hematocrit <30 % +10,
                          PaO2 <60 mmHg (or oxygen saturation <90 %) +10, pleural effusion +10
Risk classes: II ≤70, III 71-90, IV 91-130, V >130 points; class I (no points computed) is a patient
≤50 years old with none of the five coexisting illnesses and none of the five examination findings.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._icu import (
    HEART_RATE,
    HEMATOCRIT,
    PAO2,
    PH,
    RESPIRATORY_RATE,
    SODIUM,
    SYSTOLIC_BP,
    TEMPERATURE,
    fio2_adapter,
)
from clinverify.calculators.statements import Folded

# (input name, points, label, description, MedCalc-Bench and other aliases)
_HISTORY = (
    ("nursing_home_resident", 10, "Nursing home resident", "resident of a nursing home or long-term care facility",
     ("Nursing home resident", "nursing home", "long-term care resident")),
    ("neoplastic_disease", 30, "Neoplastic disease",
     "any cancer except basal- or squamous-cell skin cancer, active at presentation or diagnosed within the past year",
     ("Neoplastic disease", "cancer", "malignancy")),
    ("liver_disease", 20, "Liver disease", "clinical or histological cirrhosis or other chronic liver disease",
     ("Liver disease severity", "Liver disease history", "liver disease history")),
    ("congestive_heart_failure", 10, "Congestive heart failure", "systolic or diastolic heart failure (history, examination, imaging)",
     ("Congestive Heart Faliure", "Congestive Heart Failure", "CHF", "heart failure", "CHF history")),
    ("cerebrovascular_disease", 10, "Cerebrovascular disease", "clinical stroke, TIA, or stroke on imaging",
     ("Cerebrovascular disease history", "stroke history")),
    ("renal_disease", 10, "Renal disease", "history of chronic renal disease or abnormal BUN and creatinine on record",
     ("Renal disease", "Renal disease history", "chronic kidney disease")),
    ("altered_mental_status", 20, "Altered mental status", "disorientation to person, place or time, stupor or coma",
     ("Altered mental status", "confusion")),
)
_PLEURAL = ("pleural_effusion", 10, "Pleural effusion on chest radiograph", "pleural effusion on x-ray",
            ("Pleural effusion on x-ray", "pleural effusion on chest x-ray"))

INPUTS = (
    age(range=(18.0, 125.0), description="age in years (the PSI was derived in adults, ≥18 years)"),
    sex(),
    *(Flag(n, d, aliases=a) for n, _, _, d, a in _HISTORY),
    RESPIRATORY_RATE,
    SYSTOLIC_BP,
    TEMPERATURE,
    HEART_RATE,
    PH,
    Number("bun", "mg/dL", (0.5, 300.0), "blood urea nitrogen (urea in mmol/L is the same amount)", analyte="bun",
           required=False, aliases=("Blood Urea Nitrogen (BUN)", "blood urea nitrogen", "urea")),
    SODIUM,
    Number("glucose", "mg/dL", (10.0, 3000.0), "serum glucose", analyte="glucose", required=False,
           aliases=("Glucose", "serum glucose", "blood glucose")),
    HEMATOCRIT,
    PAO2,
    Number("oxygen_saturation", "%", (30.0, 100.0), "arterial oxygen saturation (pulse oximetry), an alternative to PaO2",
           required=False, aliases=("O₂ saturation", "O2 saturation", "oxygen saturation", "SpO2", "SaO2")),
    Flag(_PLEURAL[0], _PLEURAL[3], aliases=_PLEURAL[4]),
)


def _age(v):
    a = int(v["age"])  # completed years
    return a, f"Age {a} years: +{a}"


def _temperature(v):
    t = v.get("temperature")
    if t is None:
        return 0, "Temperature: not reported, assumed normal, +0"
    if t < 35.0 or t >= 40.0:
        return 15, f"Temperature {fmt(t)} °C (< 35 or ≥ 40 °C): +15"
    return 0, f"Temperature {fmt(t)} °C (35 to < 40 °C): +0"


def _temperature_points(v):
    t = v.get("temperature")
    return 15 if t is not None and (t < 35.0 or t >= 40.0) else 0


def _oxygen_points(v):
    p, s = v.get("pao2"), v.get("oxygen_saturation")
    return 10 if (p is not None and p < 60.0) or (s is not None and s < 90.0) else 0


def _oxygen(v):
    p, s = v.get("pao2"), v.get("oxygen_saturation")
    if p is None and s is None:
        return 0, "PaO2 < 60 mmHg or O2 saturation < 90 %: not reported, assumed normal, +0"
    shown = "; ".join(x for x in (f"PaO2 {fmt(p)} mmHg" if p is not None else "",
                                  f"O2 saturation {fmt(s)} %" if s is not None else "") if x)
    pts = _oxygen_points(v)
    return pts, f"{shown} (PaO2 < 60 mmHg or O2 saturation < 90 %: {'yes' if pts else 'no'}): +{pts}"


CRITERIA = (
    custom("age_points", "Age", _age, 18, 125, lambda v: int(v["age"]), ("age",)),
    option("sex_points", "sex", {"male": 0, "female": -10}, "Sex (women: age − 10)"),
    *(flag(f"{n}_points", n, p, label) for n, p, label, _, _ in _HISTORY),
    bands("respiratory_rate_points", "respiratory_rate", ((None, 30.0, 0), (30.0, None, 20)), "Respiratory rate", "/min"),
    bands("systolic_bp_points", "systolic_bp", ((None, 90.0, 20), (90.0, None, 0)), "Systolic blood pressure", "mmHg"),
    custom("temperature_points", "Temperature", _temperature, 0, 15, _temperature_points, ("temperature",)),
    bands("heart_rate_points", "heart_rate", ((None, 125.0, 0), (125.0, None, 10)), "Pulse", "/min"),
    bands("ph_points", "ph", ((None, 7.35, 30), (7.35, None, 0)), "Arterial pH"),
    bands("bun_points", "bun", ((None, 30.0, 0), (30.0, None, 20)), "BUN", "mg/dL"),
    bands("sodium_points", "sodium", ((None, 130.0, 20), (130.0, None, 0)), "Sodium", "mmol/L"),
    bands("glucose_points", "glucose", ((None, 250.0, 0), (250.0, None, 10)), "Glucose", "mg/dL"),
    bands("hematocrit_points", "hematocrit", ((None, 30.0, 10), (30.0, None, 0)), "Hematocrit", "%"),
    custom("oxygenation_points", "PaO2 < 60 mmHg or O2 saturation < 90 %", _oxygen, 0, 10, _oxygen_points, ("pao2", "oxygen_saturation"), any_of=True),
    flag("pleural_effusion_points", "pleural_effusion", 10, "Pleural effusion"),
)
LOW, HIGH = score_range(CRITERIA)
# Women's age points are age − 10: traces write "Age: 65 points", or "Age 75: 75 points" and no sex item.
FOLDED = (Folded("sex_points", "age_points", "women score age − 10"),)
_CLASS_I_FLAGS = tuple(n for n, *_ in _HISTORY if n not in ("nursing_home_resident",))


_PRECISION = (("temperature", 2), ("hematocrit", 2))


def _derive(inputs):
    # Converted values are compared at reporting precision: 104 °F is 39.99999... °C by the unit layer's
    # affine map, and is the 40 °C cut-off it equals.
    v = inputs
    for name, digits in _PRECISION:
        x = inputs.get(name)
        if x is not None and x != round(x, digits):
            if v is inputs:
                v = dict(inputs)
            v[name] = round(x, digits)
    return v


def compute(**inputs):
    return tally(CRITERIA, _derive(inputs))


def risk_class(inputs, inter, value) -> str:
    """Fine 1997: class I by the first step (no points needed), else II-V by the point total."""
    step1 = (int(inputs["age"]) <= 50 and not any(inputs.get(n) for n in _CLASS_I_FLAGS)
             and all(inter[k] == 0 for k in ("respiratory_rate_points", "systolic_bp_points", "temperature_points",
                                             "heart_rate_points")))
    if step1:
        return "I"
    return "II" if value <= 70 else "III" if value <= 90 else "IV" if value <= 130 else "V"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, _derive(inputs), value, "Pneumonia Severity Index")
    lines[0] += " Unreported measurements count as normal (0 points)."
    klass = risk_class(inputs, inter, value)
    lines.append(f"PSI {value} points: risk class {klass} (II ≤ 70, III 71–90, IV 91–130, V > 130; class I is a patient "
                 "≤ 50 years with none of the coexisting illnesses or examination findings).")
    return lines


CALCULATOR = Calculator(
    id="pneumonia_severity_index",
    medcalc_id=29,
    medcalc_name="PSI Score: Pneumonia Severity Index for CAP",
    name="Pneumonia Severity Index (PSI/PORT)",
    category="pulmonology",
    description="30-day mortality risk class of adults with community-acquired pneumonia (PORT score).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Fine MJ, Auble TE, Yealy DM, et al. A prediction rule to identify low-risk patients with community-acquired "
            "pneumonia. N Engl J Med. 1997;336(4):243-250.",
            doi="10.1056/NEJM199701233360402",
            pmid="8995086",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("nursing_home_resident", "neoplastic_disease", "liver_disease", "congestive_heart_failure",
                "cerebrovascular_disease", "renal_disease", "altered_mental_status", "pleural_effusion"),
    entity_adapter=fio2_adapter(),
    notes=(
        "Age points are completed years; women score age − 10.",
        "Temperature scores 15 below 35 °C or at 40 °C and above (Fine 1997); °F is converted.",
        "BUN ≥30 mg/dL and glucose ≥250 mg/dL are compared after exact unit conversion (Fine quotes the rounded "
        "11 and 14 mmol/L).",
        "PaO2 < 60 mmHg or an oxygen saturation < 90 % scores 10 (Fine 1997 counted either).",
        "Findings and measurements not reported count as absent/normal (MedCalc-Bench's convention); the PSI was "
        "derived in adults, so ages under 18 are rejected.",
    ),
    keywords=('pneumonia', 'community-acquired pneumonia', 'infectious disease', 'psi', 'port'),
    population='14199 adult inpatients with community-acquired pneumonia (derivation), validated in 38039 inpatients and the PORT cohort (Fine 1997).',
    examples=('Fine 1997 (NEJM 336:243) Table 2 points and Figure 1 classes: a class V worked example and hand-scored cases (tests/calculators/test_pneumonia_severity_index.py)',),
)
