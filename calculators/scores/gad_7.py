"""GAD-7: the seven-item Generalized Anxiety Disorder scale (0-21).

Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006: seven items rated for the last 2 weeks as
not at all 0, several days 1, more than half the days 2, nearly every day 3; the score is the sum,
0-21. Scores of 5, 10 and 15 are the cut-points for mild, moderate and severe anxiety; >= 10 is the
cut-point for identifying generalized anxiety disorder (sensitivity 89 %, specificity 82 %).
The unscored functional-difficulty question is not an input.
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import answer_item

ANSWERS = {"not at all": 0, "several days": 1, "more than half the days": 2, "nearly every day": 3}
SPELLINGS = {"not at all": ("never", "none"), "more than half the days": ("over half the days", "more than half"),
             "nearly every day": ("almost every day", "every day")}

# (name, label, what the item asks about, extra phrases): short descriptions, not the item wording.
_ITEMS = (
    ("nervousness", "Item 1, nervousness", "feeling nervous, anxious or on edge", ("anxious", "on edge")),
    ("uncontrollable_worry", "Item 2, uncontrollable worrying", "not being able to stop or control worrying",
     ("control worrying",)),
    ("excessive_worry", "Item 3, excessive worrying", "worrying too much about different things", ("worrying too much",)),
    ("trouble_relaxing", "Item 4, trouble relaxing", "trouble relaxing", ("relaxing",)),
    ("restlessness", "Item 5, restlessness", "being so restless that it is hard to sit still", ("restless",)),
    ("irritability", "Item 6, irritability", "becoming easily annoyed or irritable", ("irritable", "annoyed")),
    ("feeling_afraid", "Item 7, feeling afraid", "feeling afraid as if something awful might happen", ("afraid", "fear")),
)
ITEMS = tuple(
    answer_item(name, label, ANSWERS, f"GAD-7 item {i}: {what} over the last 2 weeks",
                aliases=(f"GAD-7 item {i}", f"GAD7 item {i}", f"item {i}", f"q{i}"), phrases=phrases, spellings=SPELLINGS)
    for i, (name, label, what, phrases) in enumerate(_ITEMS, 1)
)
INPUTS = tuple(inp for inp, _ in ITEMS)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)
BANDS = ((0, "minimal (0–4)"), (5, "mild (5–9)"), (10, "moderate (10–14)"), (15, "severe (15–21)"))


def compute(nervousness, uncontrollable_worry, excessive_worry, trouble_relaxing, restlessness, irritability, feeling_afraid):
    return tally(CRITERIA, {
        "nervousness": nervousness, "uncontrollable_worry": uncontrollable_worry, "excessive_worry": excessive_worry,
        "trouble_relaxing": trouble_relaxing, "restlessness": restlessness, "irritability": irritability,
        "feeling_afraid": feeling_afraid,
    })


def severity(total: int) -> str:
    return [text for lo, text in BANDS if total >= lo][-1]


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "GAD-7")
    lines[0] = ("The GAD-7 adds seven items, each rated for the last 2 weeks: not at all 0, several days 1, "
                "more than half the days 2, nearly every day 3.")
    lines.append(f"GAD-7 score {value}: {severity(value)} anxiety (cut-points 5, 10, 15; "
                 f"{'≥ 10: further evaluation for generalized anxiety disorder' if value >= 10 else 'below the 10-point cut-point for generalized anxiety disorder'}, Spitzer 2006).")
    return lines


CALCULATOR = Calculator(
    id="gad_7",
    name="GAD-7 anxiety severity",
    category="psychiatry",
    description="Generalized Anxiety Disorder 7-item scale: anxiety severity from seven items rated 0–3 (0–21).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing generalized anxiety disorder: "
            "the GAD-7. Arch Intern Med. 2006;166(10):1092-1097.",
            doi="10.1001/archinte.166.10.1092",
            pmid="16717171",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('anxiety', 'generalized anxiety disorder', 'mental health', 'primary care', 'screening', 'questionnaire', 'gad7', 'gad'),
    population='Adult primary care patients in 15 US clinics (2740 patients; 965 with mental health professional interviews).',
    examples=('Published FHIR example instances (synthetic patients): PACIO sample data BSJ1 GAD-7 responses April '
              '2025 (12, moderate) and July 2025 (9, mild); German MII PRO module mii-exa-pro-gad-7-response (7)',
              'Spitzer 2006 (Arch Intern Med 166:1092) scoring and cut-points 5/10/15: hand-worked answer sets at every '
              'cut-point',),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Every item is required (a self-report questionnaire): give its answer or its points 0–3.",
        "Severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe; ≥ 10 is the cut-point for generalized anxiety disorder.",
        "The unscored functional-difficulty question is not an input.",
        "The item wording is not reproduced here: inputs are named for the symptom each item asks about.",
    ),
)
