"""National Early Warning Score 2 (Royal College of Physicians, 2017)."""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt

INPUTS = (
    Number("respiratory_rate", "1/min", (0.0, 80.0), "respiration rate", aliases=("Respiratory Rate", "rr")),
    Number("spo2", "percent", (40.0, 100.0), "oxygen saturation", aliases=("O₂ saturation percentage", "oxygen saturation", "SpO2")),
    Flag("hypercapnic_target", "SpO2 scale 2: prescribed target 88-92 % (hypercapnic respiratory failure)", aliases=("spo2 scale 2",)),
    Flag("on_oxygen", "on supplemental oxygen", aliases=("supplemental oxygen", "air or oxygen")),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Number("heart_rate", "1/min", (10.0, 300.0), "pulse", aliases=("Heart Rate or Pulse", "pulse")),
    Choice("consciousness", {"alert": ("a",), "new confusion": ("c", "confusion", "confused"), "voice": ("v",), "pain": ("p",), "unresponsive": ("u",)}, "ACVPU", aliases=("acvpu", "level of consciousness")),
    Number("temperature", "degC", (25.0, 45.0), "temperature", aliases=("Temperature", "temp")),
)


def _spo2(i):
    s, o2 = i["spo2"], bool(i.get("on_oxygen"))
    if not i.get("hypercapnic_target"):
        p = 3 if s <= 91 else 2 if s <= 93 else 1 if s <= 95 else 0
        return p, f"SpO2 {fmt(s)} % (scale 1): +{p}"
    # Scale 2: 88-92 % scores 0; above 92 % scores only while on oxygen.
    if s <= 83:
        p = 3
    elif s <= 85:
        p = 2
    elif s <= 87:
        p = 1
    elif s <= 92 or not o2:
        p = 0
    else:
        p = 1 if s <= 94 else 2 if s <= 96 else 3
    return p, f"SpO2 {fmt(s)} % (scale 2, {'on oxygen' if o2 else 'on air'}): +{p}"


CRITERIA = (
    bands("respiratory_rate_points", "respiratory_rate", [(None, 9, 3), (9, 12, 1), (12, 21, 0), (21, 25, 2), (25, None, 3)], "Respiration rate", "/min"),
    custom("spo2_points", "SpO2", _spo2, 0, 3, points=lambda i: _spo2(i)[0]),
    flag("oxygen_points", "on_oxygen", 2, "Supplemental oxygen"),
    bands("systolic_bp_points", "systolic_bp", [(None, 91, 3), (91, 101, 2), (101, 111, 1), (111, 220, 0), (220, None, 3)], "Systolic BP", "mmHg"),
    bands("heart_rate_points", "heart_rate", [(None, 41, 3), (41, 51, 1), (51, 91, 0), (91, 111, 1), (111, 131, 2), (131, None, 3)], "Pulse", "/min"),
    option("consciousness_points", "consciousness", {"alert": 0, "new confusion": 3, "voice": 3, "pain": 3, "unresponsive": 3}, "Consciousness"),
    bands("temperature_points", "temperature", [(None, 35.05, 3), (35.05, 36.05, 1), (36.05, 38.05, 0), (38.05, 39.05, 1), (39.05, None, 2)], "Temperature", "°C"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    risk = "high" if value >= 7 else "medium" if value >= 5 else "low-medium" if any(v == 3 for v in inter.values()) else "low"
    return explain_criteria(CRITERIA, inputs, value, "NEWS2") + [f"Clinical risk: {risk} (0-4 low, a single 3 low-medium, 5-6 medium, ≥ 7 high)."]


CALCULATOR = Calculator(
    id="news2",
    name="National Early Warning Score 2 (NEWS2)",
    category="critical care",
    description="Early warning score from six physiological parameters plus supplemental oxygen (0-20).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Royal College of Physicians. National Early Warning Score (NEWS) 2: Standardising the assessment of acute-illness severity in the NHS. London: RCP; 2017.", url="https://www.rcp.ac.uk/improving-care/resources/national-early-warning-score-news-2/"),),
    compute_fn=compute,
    explain_fn=explain,
    notes=("Temperature bands are on values rounded to 0.1 °C (35.0 / 36.0 / 38.0 / 39.0 are band tops), as on the NEWS2 chart.",),
    keywords=('early warning score', 'deterioration', 'vital signs', 'nursing', 'sepsis', 'news', 'ews', 'rapid response'),
    population='Adults (16 and over) in hospital and ambulances; not for children or pregnancy (RCP 2017).',
    examples=('RCP 2017 NEWS2 chart 1: hand-scored cases (tests/calculators/test_news2.py)',),
)
