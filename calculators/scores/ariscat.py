"""ARISCAT risk score for postoperative pulmonary complications (0-123).

Canet J, et al., Anesthesiology 2010 (the ARISCAT score: logistic coefficients × 10,
rounded): age ≤ 50 years 0, 51-80 3, > 80 16; preoperative SpO2 ≥ 96 % 0, 91-95 % 8, ≤ 90 % 24;
respiratory infection in the last month 17; preoperative anaemia (haemoglobin ≤ 10 g/dL) 11;
surgical incision peripheral 0, upper abdominal 15, intrathoracic 24; duration of surgery < 2 h 0,
2-3 h 16, > 3 h 23; emergency procedure 8. Risk of in-hospital postoperative pulmonary complications:
< 26 low, 26-44 intermediate, ≥ 45 high.
"""

from clinverify.calculators.criteria import custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt

ANEMIA_HB = 10.0  # g/dL, at or below

INPUTS = (
    age(),
    Number("spo2", "%", (50.0, 100.0), "preoperative oxygen saturation by pulse oximetry, breathing air, supine",
           aliases=("preoperative spo2", "oxygen saturation", "sao2")),
    Flag("respiratory_infection", "respiratory infection in the last month (upper or lower, treated with antibiotics)",
         aliases=("respiratory infection in the last month", "recent respiratory infection")),
    Number("hemoglobin", "g/dL", (1.0, 25.0), "preoperative haemoglobin (≤ 10 g/dL counts as anaemia)", analyte="hemoglobin",
           required=False, aliases=("haemoglobin", "hb", "hgb", "preoperative hemoglobin")),
    Flag("anemia", "preoperative anaemia (haemoglobin ≤ 10 g/dL), when the value is not given",
         aliases=("preoperative anemia", "anaemia")),
    Choice("incision", {"peripheral": ("other", "none", "peripheral incision"),
                        "upper_abdominal": ("upper abdominal", "upper abdomen"),
                        "intrathoracic": ("thoracic", "intrathoracic incision", "thoracotomy")},
           "surgical incision: peripheral, upper abdominal or intrathoracic", aliases=("surgical incision",)),
    Number("duration", "h", (0.0, 48.0), "duration of surgery", aliases=("duration of surgery", "surgery duration")),
    Flag("emergency", "emergency procedure", aliases=("emergency procedure", "emergency surgery")),
)


def _age_points(i):
    return 16 if i["age"] > 80 else 3 if i["age"] > 50 else 0


def _age(i):
    p = _age_points(i)
    band = "> 80" if p == 16 else "51–80" if p == 3 else "≤ 50"
    return p, f"Age {fmt(i['age'])} years ({band}): +{p}"


def _spo2_points(i):
    s = i["spo2"]
    return 0 if s >= 96 else 8 if s > 90 else 24


def _spo2(i):
    p = _spo2_points(i)
    band = "≥ 96 %" if p == 0 else "91–95 %" if p == 8 else "≤ 90 %"
    return p, f"Preoperative SpO2 {fmt(i['spo2'])} % ({band}): +{p}"


def _anemia_points(i):
    hb = i.get("hemoglobin")
    return 11 if i.get("anemia") or (hb is not None and round(hb, 2) <= ANEMIA_HB) else 0


def _anemia(i):
    hb, p = i.get("hemoglobin"), _anemia_points(i)
    if hb is not None:
        return p, f"Preoperative haemoglobin {fmt(hb)} g/dL ({'≤' if round(hb, 2) <= ANEMIA_HB else '>'} 10): +{p}"
    return p, f"Preoperative anaemia (Hb ≤ 10 g/dL): {'present' if p else 'not mentioned, assumed absent'}, +{p}"


def _duration_points(i):
    d = i["duration"]
    return 23 if d > 3 else 16 if d >= 2 else 0


def _duration(i):
    p = _duration_points(i)
    band = "> 3 h" if p == 23 else "2–3 h" if p == 16 else "< 2 h"
    return p, f"Duration of surgery {fmt(i['duration'])} h ({band}): +{p}"


CRITERIA = (
    custom("age_points", "Age", _age, 0, 16, _age_points, ("age",)),
    custom("spo2_points", "Preoperative SpO2", _spo2, 0, 24, _spo2_points, ("spo2",),
           ("spo2", "oxygen saturation", "saturation", "hypoxemia", "hypoxaemia")),
    flag("respiratory_infection_points", "respiratory_infection", 17, "Respiratory infection in the last month",
         ("respiratory infection", "pneumonia", "bronchitis", "upper respiratory infection", "uri", "chest infection")),
    custom("anemia_points", "Preoperative anaemia (Hb ≤ 10 g/dL)", _anemia, 0, 11, _anemia_points, ("hemoglobin", "anemia"),
           ("anemia", "anaemia", "hemoglobin")),
    option("incision_points", "incision", {"peripheral": 0, "upper_abdominal": 15, "intrathoracic": 24}, "Surgical incision"),
    custom("duration_points", "Duration of surgery", _duration, 0, 23, _duration_points, ("duration",),
           ("duration", "length of surgery", "operative time", "surgical time")),
    flag("emergency_points", "emergency", 8, "Emergency procedure"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, spo2, incision, duration, respiratory_infection=False, hemoglobin=None, anemia=False, emergency=False):
    return tally(CRITERIA, {"age": age, "spo2": spo2, "respiratory_infection": respiratory_infection,
                            "hemoglobin": hemoglobin, "anemia": anemia, "incision": incision, "duration": duration,
                            "emergency": emergency})


def risk(value):
    return "high (≥ 45)" if value >= 45 else "intermediate (26–44)" if value >= 26 else "low (< 26)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "ARISCAT score")
    lines.append(f"ARISCAT score {value}: {risk(value)} risk of postoperative pulmonary complications.")
    return lines


CALCULATOR = Calculator(
    id="ariscat",
    name="ARISCAT score for postoperative pulmonary complications",
    category="anesthesiology",
    description="Risk of in-hospital postoperative pulmonary complications (0–123; < 26 low, 26–44 intermediate, ≥ 45 high).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Canet J, Gallart L, Gomar C, et al. Prediction of postoperative pulmonary complications in a population-based "
            "surgical cohort. Anesthesiology. 2010;113(6):1338-1350.",
            doi="10.1097/ALN.0b013e3181fc6e0a",
            pmid="21045639",
        ),
        Citation(
            "Mazo V, Sabaté S, Canet J, et al. Prospective external validation of a predictive score for postoperative "
            "pulmonary complications. Anesthesiology. 2014;121(2):219-231.",
            doi="10.1097/ALN.0000000000000334",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("postoperative pulmonary complications", "preoperative assessment", "surgery", "pulmonology", "perioperative", "anaesthesia", "postoperative pneumonia", "respiratory failure"),
    population=(
        "Adults having surgery under general, neuraxial or regional anaesthesia in 59 Catalan hospitals (Canet 2010); "
        "externally validated in Europe (PERISCOPE, Mazo 2014)."
    ),
    examples=(
        "Canet 2010 ARISCAT score (Anesthesiology 113:1338): hand-scored thoracotomy (58, high) and hernia repair (3, low), every "
        "band edge (tests/calculators/test_ariscat.py)",
    ),
    increasing=("age", "respiratory_infection", "anemia", "incision", "duration", "emergency"),
    decreasing=("spo2", "hemoglobin"),
    notes=(
        "Age, SpO2, incision and duration are required; a respiratory infection, anaemia or emergency not mentioned counts "
        "as absent.",
        "Age > 50 and > 80 years, SpO2 91–95 % (below 96, above 90) and ≤ 90 %, duration 2–3 h (2 to 3 inclusive) and > 3 h.",
        "Anaemia counts once: haemoglobin ≤ 10 g/dL or the anaemia flag.",
    ),
)
