"""PHQ-9: the nine-item depression module of the Patient Health Questionnaire (0-27).

Kroenke, Spitzer & Williams, J Gen Intern Med 2001: each of the nine DSM-IV depression criteria is
rated for the last 2 weeks as not at all 0, several days 1, more than half the days 2, nearly
every day 3; the score is the sum, 0-27. Scores of 5, 10, 15 and 20 mark mild, moderate,
moderately severe and severe depression (Kroenke 2001, Results); >= 10 had 88 %
sensitivity and 88 % specificity for major depression. The tenth question (how difficult the
problems make life) is not scored. Any positive answer to item 9 (thoughts of death or self-harm)
calls for a suicide risk assessment whatever the total.
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import answer_item

ANSWERS = {"not at all": 0, "several days": 1, "more than half the days": 2, "nearly every day": 3}
SPELLINGS = {"not at all": ("never", "none"), "more than half the days": ("over half the days", "more than half"),
             "nearly every day": ("almost every day", "every day")}

# (name, label, what the item asks about, extra phrases): short descriptions, not the item wording.
_ITEMS = (
    ("interest", "Item 1, little interest or pleasure", "loss of interest or pleasure (anhedonia)", ("anhedonia",)),
    ("depressed_mood", "Item 2, depressed mood", "feeling down, depressed or hopeless", ("hopelessness", "low mood")),
    ("sleep", "Item 3, sleep disturbance", "trouble sleeping or sleeping too much", ("insomnia", "hypersomnia")),
    ("fatigue", "Item 4, tiredness or little energy", "tiredness or low energy", ("low energy", "fatigue")),
    ("appetite", "Item 5, appetite change", "poor appetite or overeating", ("overeating", "poor appetite")),
    ("self_worth", "Item 6, feeling bad about oneself", "feelings of worthlessness, failure or guilt", ("worthlessness", "guilt")),
    ("concentration", "Item 7, trouble concentrating", "difficulty concentrating", ("concentration",)),
    ("psychomotor", "Item 8, psychomotor slowing or agitation", "moving or speaking slowly, or restlessness",
     ("psychomotor retardation", "psychomotor agitation", "restlessness")),
    ("self_harm_thoughts", "Item 9, thoughts of death or self-harm", "thoughts of being better off dead or of self-harm",
     ("suicidal ideation", "suicidal thoughts", "self-harm")),
)
ITEMS = tuple(
    answer_item(name, label, ANSWERS, f"PHQ-9 item {i}: {what} over the last 2 weeks",
                aliases=(f"PHQ-9 item {i}", f"PHQ9 item {i}", f"item {i}", f"q{i}"), phrases=phrases, spellings=SPELLINGS)
    for i, (name, label, what, phrases) in enumerate(_ITEMS, 1)
)
INPUTS = tuple(inp for inp, _ in ITEMS)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)
BANDS = ((0, "none to minimal (0–4)"), (5, "mild (5–9)"), (10, "moderate (10–14)"), (15, "moderately severe (15–19)"),
         (20, "severe (20–27)"))


def compute(interest, depressed_mood, sleep, fatigue, appetite, self_worth, concentration, psychomotor, self_harm_thoughts):
    return tally(CRITERIA, {
        "interest": interest, "depressed_mood": depressed_mood, "sleep": sleep, "fatigue": fatigue, "appetite": appetite,
        "self_worth": self_worth, "concentration": concentration, "psychomotor": psychomotor,
        "self_harm_thoughts": self_harm_thoughts,
    })


def severity(total: int) -> str:
    return [text for lo, text in BANDS if total >= lo][-1]


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "PHQ-9")
    lines[0] = ("The PHQ-9 adds nine items, each rated for the last 2 weeks: not at all 0, several days 1, "
                "more than half the days 2, nearly every day 3.")
    lines.append(f"PHQ-9 score {value}: {severity(value)} depressive symptoms (cut-points 5, 10, 15, 20; "
                 "≥ 10 suggests major depression, Kroenke 2001).")
    if inter["self_harm_thoughts_points"] > 0:
        lines.append("Item 9 is positive (thoughts of death or self-harm): assess suicide risk whatever the total.")
    return lines


CALCULATOR = Calculator(
    id="phq_9",
    name="PHQ-9 depression severity",
    category="psychiatry",
    description="Patient Health Questionnaire-9: depression severity from nine items rated 0–3 (0–27).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure. "
            "J Gen Intern Med. 2001;16(9):606-613.",
            doi="10.1046/j.1525-1497.2001.016009606.x",
            pmid="11556941",
        ),
        Citation(
            "Spitzer RL, Kroenke K, Williams JB. Validation and utility of a self-report version of PRIME-MD: the PHQ "
            "primary care study. JAMA. 1999;282(18):1737-1744.",
            doi="10.1001/jama.282.18.1737",
            pmid="10568646",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('depression', 'mental health', 'primary care', 'screening', 'questionnaire', 'patient health questionnaire', 'phq9', 'phq', 'depressive disorder'),
    population='Adult primary care and obstetrics-gynaecology outpatients (PRIME-MD PHQ studies, 6000 patients); Kroenke 2001 validation against mental health professional interviews.',
    examples=('Published FHIR example instances (synthetic patients): HL7 US Core QuestionnaireResponse/phq-9-example '
              '(total 12) and PACIO sample data betsysmith-johnson01-qr-phq9-snf-admission-01 (total 23)',
              'Kroenke 2001 (J Gen Intern Med 16:606) scoring and severity cut-points: hand-worked answer sets at every '
              'cut-point (tests/calculators/test_phq_9.py)',),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Every item is required (a self-report questionnaire): give its answer or its points 0–3.",
        "Severity: 0–4 none to minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.",
        "Item 9 > 0 calls for a suicide risk assessment whatever the total; the explanation says so.",
        "The unscored tenth question (functional difficulty) is not an input.",
        "The item wording is not reproduced here: inputs are named for the symptom each item asks about.",
    ),
)
