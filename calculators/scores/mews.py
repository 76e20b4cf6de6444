"""Modified Early Warning Score (MEWS), 0-14.

Subbe CP, Kruger M, Rutherford P, Gemmel L, QJM 2001 (the MEWS table):
- systolic blood pressure (mmHg): ≤ 70 3; 71-80 2; 81-100 1; 101-199 0; ≥ 200 2
- heart rate (/min): ≤ 40 2; 41-50 1; 51-100 0; 101-110 1; 111-129 2; ≥ 130 3
- respiratory rate (/min): < 9 2; 9-14 0; 15-20 1; 21-29 2; ≥ 30 3
- temperature (°C): < 35 2; 35.0-38.4 0; ≥ 38.5 2
- AVPU: alert 0; reacting to voice 1; reacting to pain 2; unresponsive 3
A score of 5 or more was associated with an increased risk of death and of ICU or HDU admission.
"""

from dataclasses import replace

from clinverify.calculators.criteria import bands, explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Monotone, Output

INPUTS = (
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure", aliases=("sbp", "systolic pressure")),
    Number("heart_rate", "1/min", (10.0, 300.0), "heart rate or pulse", aliases=("pulse", "hr")),
    Number("respiratory_rate", "1/min", (0.0, 80.0), "respiratory rate", aliases=("rr", "breathing rate")),
    Number("temperature", "degC", (25.0, 45.0), "body temperature (°C or °F)", aliases=("temp", "body temperature")),
    Choice("avpu", {"alert": ("a",), "voice": ("v", "reacting to voice"), "pain": ("p", "reacting to pain"),
                    "unresponsive": ("u", "unconscious")}, "AVPU level of consciousness",
           aliases=("level of consciousness", "consciousness")),
)

CRITERIA = (
    # Each observation with the words models use for it ("fever 38.9: +2", "tachycardia 118: +2").
    replace(bands("systolic_bp_points", "systolic_bp", ((None, 71, 3), (71, 81, 2), (81, 101, 1), (101, 200, 0), (200, None, 2)),
                  "Systolic BP", "mmHg"), phrases=("blood pressure", "bp", "hypotension", "hypertension")),
    replace(bands("heart_rate_points", "heart_rate", ((None, 41, 2), (41, 51, 1), (51, 101, 0), (101, 111, 1), (111, 130, 2),
                                                      (130, None, 3)), "Heart rate", "/min"),
            phrases=("pulse", "tachycardia", "bradycardia")),
    replace(bands("respiratory_rate_points", "respiratory_rate", ((None, 9, 2), (9, 15, 0), (15, 21, 1), (21, 30, 2),
                                                                  (30, None, 3)), "Respiratory rate", "/min"),
            phrases=("respiration", "breathing", "tachypnea", "tachypnoea", "bradypnea")),
    replace(bands("temperature_points", "temperature", ((None, 35, 2), (35, 38.5, 0), (38.5, None, 2)), "Temperature", "°C"),
            phrases=("fever", "febrile", "pyrexia", "hypothermia", "temp")),
    # The AVPU levels as models name them ("responds to voice: +1").
    replace(option("avpu_points", "avpu", {"alert": 0, "voice": 1, "pain": 2, "unresponsive": 3}, "AVPU"),
            phrases=("alert", "voice", "responds to voice", "pain", "responds to pain", "unresponsive", "mental status")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(systolic_bp, heart_rate, respiratory_rate, temperature, avpu):
    return tally(CRITERIA, {"systolic_bp": systolic_bp, "heart_rate": heart_rate, "respiratory_rate": respiratory_rate,
                            "temperature": temperature, "avpu": avpu})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "MEWS")
    lines[0] = "The MEWS adds the points of five observations."
    lines.append(f"MEWS {value}: {'≥ 5, increased risk of death or ICU/HDU admission' if value >= 5 else 'below 5'} (Subbe 2001).")
    return lines


CALCULATOR = Calculator(
    id="mews",
    name="Modified Early Warning Score (MEWS)",
    category="critical care",
    description="Bedside early warning score from four vital signs and AVPU (0–14; ≥ 5 increased risk).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Subbe CP, Kruger M, Rutherford P, Gemmel L. Validation of a modified Early Warning Score in medical admissions. "
            "QJM. 2001;94(10):521-526.",
            doi="10.1093/qjmed/94.10.521",
            pmid="11588210",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("early warning score", "deterioration", "vital signs", "avpu", "track and trigger", "ews", "nursing", "rapid response"),
    population=(
        "Adult emergency medical admissions (Subbe 2001: 673 admissions to one UK hospital)."
    ),
    examples=(
        "Subbe 2001 MEWS table (QJM 94:521): hand-scored septic patient (8) and mildly unwell patient (2), every"
        " band edge (tests/calculators/test_mews.py)",
    ),
    increasing=(Monotone("systolic_bp", low=101), Monotone("heart_rate", low=51), Monotone("respiratory_rate", low=9),
                Monotone("temperature", low=35), "avpu"),
    decreasing=(Monotone("systolic_bp", high=199), Monotone("heart_rate", high=100), Monotone("respiratory_rate", high=14),
                Monotone("temperature", high=38.4)),
    notes=(
        "All five observations are required: an early warning score is not computed on assumed-normal vitals.",
        "Published bands are in whole numbers (temperature to 0.1 °C); a value between two bands scores with the lower band "
        "(heart rate 100.5 scores 0, temperature 38.45 scores 0).",
        "Local MEWS charts vary (some add urine output); this is Subbe 2001's score.",
    ),
)
