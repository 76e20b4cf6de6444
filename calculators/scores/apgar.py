"""Apgar score of the newborn (0-10), at 1 and 5 minutes after birth.

Apgar V, Curr Res Anesth Analg 1953 (the scoring table): five signs, each 0, 1 or 2 points.
Heart rate: absent 0, below 100/min 1, 100/min or more 2. Respiratory effort: absent 0, slow or
irregular (weak cry) 1, good, crying 2. Muscle tone: limp 0, some flexion of the extremities 1,
active motion 2. Reflex irritability (response to catheter in the nostril or stimulation): no
response 0, grimace 1, cough, sneeze or cry 2. Colour: blue or pale 0, body pink with blue
extremities 1, completely pink 2. AAP/ACOG (Pediatrics 2015): 7-10 reassuring, 4-6 moderately
abnormal, 0-3 low.
"""

from dataclasses import replace

from clinverify.calculators.criteria import custom, explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt

INPUTS = (
    Number("heart_rate", "1/min", (0.0, 300.0), "newborn heart rate (0 = absent)",
           aliases=("Heart rate", "pulse", "heart rate or pulse")),
    Choice("respiratory_effort", {"absent": ("0", "none", "apneic"), "weak": ("1", "slow", "irregular", "weak cry", "slow or irregular"),
                                  "good": ("2", "crying", "strong cry", "good cry", "vigorous cry")},
           "respiratory effort: absent, slow or irregular (weak cry), good (crying)", aliases=("respiration", "breathing")),
    Choice("muscle_tone", {"limp": ("0", "flaccid"), "some_flexion": ("1", "some flexion", "some flexion of extremities"),
                           "active_motion": ("2", "active", "active motion", "active movement", "well flexed")},
           "muscle tone: limp, some flexion of the extremities, active motion", aliases=("tone", "activity")),
    Choice("reflex_irritability", {"none": ("0", "no response", "absent"), "grimace": ("1",),
                                   "cry": ("2", "cough", "sneeze", "cry or active withdrawal", "cough or sneeze")},
           "reflex irritability (response to stimulation): no response, grimace, cough/sneeze/cry",
           aliases=("grimace", "reflex irritability grimace")),
    Choice("color", {"blue_or_pale": ("0", "blue", "pale", "cyanotic"), "acrocyanosis": ("1", "body pink, extremities blue", "pink body blue extremities"),
                     "pink": ("2", "completely pink", "all pink")},
           "skin colour: blue or pale, body pink with blue extremities, completely pink", aliases=("colour", "appearance", "skin color")),
)


def _heart(inputs):
    hr = inputs["heart_rate"]
    if hr <= 0:
        return 0, f"Heart rate {fmt(hr)} /min (absent): +0"
    if hr < 100:
        return 1, f"Heart rate {fmt(hr)} /min (< 100 /min): +1"
    return 2, f"Heart rate {fmt(hr)} /min (≥ 100 /min): +2"


def _heart_points(inputs):
    hr = inputs["heart_rate"]
    return 0 if hr <= 0 else 1 if hr < 100 else 2


CRITERIA = (
    custom("heart_rate_points", "Heart rate", _heart, 0, 2, _heart_points, ("heart_rate",), ("pulse", "heart rate")),
    replace(option("respiratory_effort_points", "respiratory_effort", {"absent": 0, "weak": 1, "good": 2}, "Respiratory effort"),
            phrases=("respiration", "breathing", "cry", "crying", "apneic", "apnoeic")),
    replace(option("muscle_tone_points", "muscle_tone", {"limp": 0, "some_flexion": 1, "active_motion": 2}, "Muscle tone"),
            phrases=("tone", "activity", "limp", "flaccid", "flexion", "active motion", "active movement")),
    replace(option("reflex_irritability_points", "reflex_irritability", {"none": 0, "grimace": 1, "cry": 2}, "Reflex irritability"),
            phrases=("grimace", "reflex", "irritability", "response to stimulation", "sneeze", "cough")),
    replace(option("color_points", "color", {"blue_or_pale": 0, "acrocyanosis": 1, "pink": 2}, "Colour"),
            phrases=("color", "appearance", "skin", "blue", "pale", "pink", "cyanosis", "acrocyanosis")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(heart_rate, respiratory_effort, muscle_tone, reflex_irritability, color):
    return tally(CRITERIA, {"heart_rate": heart_rate, "respiratory_effort": respiratory_effort, "muscle_tone": muscle_tone,
                            "reflex_irritability": reflex_irritability, "color": color})


def band(value):
    return "reassuring (7–10)" if value >= 7 else "moderately abnormal (4–6)" if value >= 4 else "low (0–3)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Apgar score")
    lines[0] = "The Apgar score adds 0, 1 or 2 points for each of five signs."
    lines.append(f"Apgar score {value}: {band(value)} (AAP/ACOG 2015).")
    return lines


CALCULATOR = Calculator(
    id="apgar",
    name="Apgar score",
    category="pediatrics",
    description="Condition of the newborn at 1 and 5 minutes: five signs scored 0–2 (0–10; 7–10 reassuring).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation("Apgar V. A proposal for a new method of evaluation of the newborn infant. Curr Res Anesth Analg. "
                 "1953;32(4):260-267.", doi="10.1213/00000539-195301000-00041", pmid="13083014"),
        Citation("American Academy of Pediatrics Committee on Fetus and Newborn; American College of Obstetricians and "
                 "Gynecologists Committee on Obstetric Practice. The Apgar score. Pediatrics. 2015;136(4):819-822.",
                 doi="10.1542/peds.2015-2651", pmid="26416932"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("neonatology", "newborn", "obstetrics", "delivery", "resuscitation", "apgar", "neonate", "neonatal", "paediatrics"),
    population=(
        "Newborn infants at 1 and 5 minutes after birth (Apgar 1953, births at one New York hospital); "
        "AAP/ACOG 2015 for its interpretation."
    ),
    examples=(
        "Published FHIR example instances (synthetic newborns): HL7 FHIR Observation/2minute-apgar-score (5) and "
        "Australian Digital Health Agency Observation apgarscore-01 (3)",
        "Apgar 1953 scoring table (Curr Res Anesth Analg 32:260): hand-scored newborns 9 and 3, every heart-"
        "rate band and AAP/ACOG 2015 band edge (tests/calculators/test_apgar.py)",
    ),
    increasing=("heart_rate", "respiratory_effort", "muscle_tone", "reflex_irritability", "color"),
    notes=(
        "All five signs are required: an unobserved sign is not assumed normal.",
        "Heart rate 100/min or more scores 2; any heart rate below 100 scores 1; absent (0) scores 0.",
        "Each sign also accepts its points (0, 1, 2) as the option.",
        "The score describes the newborn's condition; it does not by itself diagnose asphyxia or predict outcome (AAP/ACOG 2015).",
    ),
)
