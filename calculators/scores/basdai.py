"""Bath Ankylosing Spondylitis Disease Activity Index (BASDAI), 0-10.

Garrett et al., J Rheumatol 1994: six self-reported questions about the last week, each on a 0-10
scale (10 cm visual analogue or numerical rating): Q1 fatigue, Q2 neck, back or hip pain, Q3 pain
or swelling of other joints, Q4 discomfort from tender areas (enthesitis), Q5 severity of morning
stiffness, Q6 duration of morning stiffness (0 = none … 10 = 2 hours or more; 0.5, 1 and 1.5 hours
are 2.5, 5 and 7.5). The two morning-stiffness questions are averaged so that they weigh as one:
  BASDAI = 0.2 × (Q1 + Q2 + Q3 + Q4 + (Q5 + Q6) / 2).
A BASDAI of 4 or more is the usual threshold of active disease (ASAS and NICE criteria for biologic
therapy, not part of Garrett 1994).
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter

ACTIVE = 4.0

# (name, what the question asks about, aliases): short descriptions, not the question wording.
_QUESTIONS = (
    ("fatigue", "Q1: overall level of fatigue or tiredness (0–10)", ("fatigue level", "tiredness", "q1", "question 1")),
    ("spinal_pain", "Q2: overall level of neck, back or hip pain (0–10)", ("axial pain", "back pain", "q2", "question 2")),
    ("peripheral_joint_pain", "Q3: overall level of pain or swelling in joints other than neck, back or hips (0–10)",
     ("peripheral joint pain", "peripheral arthritis", "q3", "question 3")),
    ("enthesitis", "Q4: overall discomfort from areas tender to touch or pressure (0–10)",
     ("localised tenderness", "localized tenderness", "tender areas", "q4", "question 4")),
    ("morning_stiffness_severity", "Q5: severity of morning stiffness from waking (0–10)",
     ("morning stiffness severity", "q5", "question 5")),
    ("morning_stiffness_duration", "Q6: duration of morning stiffness (0 none … 10 = 2 hours or more)",
     ("morning stiffness duration", "q6", "question 6")),
)
INPUTS = tuple(Number(name, "", (0.0, 10.0), description, aliases=aliases) for name, description, aliases in _QUESTIONS)


def compute(fatigue, spinal_pain, peripheral_joint_pain, enthesitis, morning_stiffness_severity, morning_stiffness_duration):
    stiffness = (morning_stiffness_severity + morning_stiffness_duration) / 2.0
    total = fatigue + spinal_pain + peripheral_joint_pain + enthesitis + stiffness
    return 0.2 * total, {"morning_stiffness_mean": stiffness, "sum_of_five": total}


def explain(inputs, inter, value):
    q = [fmt(inputs[name]) for name, _, _ in _QUESTIONS]
    verdict = "active disease (≥ 4)" if value >= ACTIVE else "below the active-disease threshold of 4"
    return [
        "BASDAI = 0.2 × (Q1 + Q2 + Q3 + Q4 + (Q5 + Q6) / 2), each question 0–10 for the last week.",
        f"Fatigue Q1 {q[0]}, spinal pain Q2 {q[1]}, peripheral joint pain/swelling Q3 {q[2]}, enthesitis Q4 {q[3]}; "
        f"morning stiffness severity Q5 {q[4]} and duration Q6 {q[5]}: (Q5 + Q6) / 2 = {fmt(inter['morning_stiffness_mean'])}.",
        f"Sum = {q[0]} + {q[1]} + {q[2]} + {q[3]} + {fmt(inter['morning_stiffness_mean'])} = {fmt(inter['sum_of_five'])}.",
        f"BASDAI = 0.2 × {fmt(inter['sum_of_five'])} = {fmt(value)}: {verdict}.",
    ]


PARAMETERS = (
    Parameter(("morning_stiffness_mean",), ("mean morning stiffness", "morning stiffness mean", "average of q5 and q6",
                                            "mean of q5 and q6", "(q5 + q6) / 2", "(q5+q6)/2")),
    Parameter(("sum_of_five",), ("sum of the five", "total of the five", "sum of q1 to q4")),
)


CALCULATOR = Calculator(
    id="basdai",
    name="Bath Ankylosing Spondylitis Disease Activity Index (BASDAI)",
    category="rheumatology",
    description="Self-reported disease activity in ankylosing spondylitis from six 0–10 questions (0–10; ≥ 4 active disease).",
    inputs=INPUTS,
    output=Output("", "decimal", 1, minimum=0.0, maximum=10.0),
    citations=(
        Citation(
            "Garrett S, Jenkinson T, Kennedy LG, Whitelock H, Gaisford P, Calin A. A new approach to defining disease status "
            "in ankylosing spondylitis: the Bath Ankylosing Spondylitis Disease Activity Index. J Rheumatol. "
            "1994;21(12):2286-2291.",
            pmid="7699630",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("ankylosing spondylitis", "axial spondyloarthritis", "spondyloarthritis", "disease activity", "questionnaire",
              "bath indices"),
    population="Patients with ankylosing spondylitis at the Royal National Hospital for Rheumatic Diseases, Bath (Garrett 1994).",
    examples=("Garrett 1994 (J Rheumatol 21:2286) formula 0.2 × (Q1 + Q2 + Q3 + Q4 + (Q5 + Q6)/2): hand-worked answer sets "
              "and the 4.0 threshold (no scored patient example is published)",),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Every question is required, each 0–10 (a 10 cm VAS in cm or a 0–10 numerical rating). Q6 (duration of morning "
        "stiffness) is given on its 0–10 scale: 0 h = 0, ½ h = 2.5, 1 h = 5, 1½ h = 7.5, ≥ 2 h = 10.",
        "A BASDAI ≥ 4 is the usual threshold of active disease (ASAS/NICE), not part of the 1994 paper.",
        "The question wording is not reproduced here: inputs are named for what each question asks about.",
        "The PMID 7699630 of Garrett 1994 matches one public implementation's citation of the paper (title, J Rheumatol "
        "1994;21(12):2286-2291; checked 2026-12-05); J Rheumatol 1994 articles carry no DOI.",
    ),
)
