"""AUDIT: the WHO Alcohol Use Disorders Identification Test (0-40).

Saunders et al., Addiction 1993 (development); scoring and interpretation from the WHO manual
(Babor, Higgins-Biddle, Saunders & Monteiro, 2nd ed. 2001: the questionnaire's answer points and the
risk levels). Ten items: 1-3 alcohol consumption, 4-6 dependence symptoms, 7-10 harmful
use. Items 1-8 score 0-4 by their five answers; items 9 and 10 score 0, 2 or 4 (no / yes, but not
in the last year / yes, during the last year). Total 0-40. Risk levels: Zone I 0-7 (alcohol
education), Zone II 8-15 (simple advice), Zone III 16-19 (simple advice plus brief counselling and
continued monitoring), Zone IV 20-40 (referral to a specialist for diagnostic evaluation and
treatment). >= 8 indicates hazardous or harmful drinking. Patients scoring 2 or more on questions
4, 5 and 6, or 4 on question 9 or 10, are given the next higher level of intervention (read here as
any one of those items).
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import answer_item

FREQUENCY = {"never": 0, "monthly or less": 1, "2-4 times a month": 2, "2-3 times a week": 3, "4 or more times a week": 4}
QUANTITY = {"1 or 2": 0, "3 or 4": 1, "5 or 6": 2, "7 to 9": 3, "10 or more": 4}
OCCURRENCE = {"never": 0, "less than monthly": 1, "monthly": 2, "weekly": 3, "daily or almost daily": 4}
HARM = {"no": 0, "yes, but not in the last year": 2, "yes, during the last year": 4}
SPELLINGS = {
    "2-4 times a month": ("2 to 4 times a month",), "2-3 times a week": ("2 to 3 times a week",),
    "4 or more times a week": ("4+ times a week",), "7 to 9": ("7, 8 or 9", "7-9"), "10 or more": ("10+",),
    "daily or almost daily": ("daily", "almost daily"), "yes, but not in the last year": ("yes, not in the last year",),
    "yes, during the last year": ("yes, in the last year",),
}

# (name, label, answers, what the item asks about, extra phrases): short descriptions, not the item wording.
_ITEMS = (
    ("drinking_frequency", "Item 1, frequency of drinking", FREQUENCY, "how often a drink containing alcohol is had",
     ("how often", "frequency")),
    ("typical_quantity", "Item 2, drinks on a typical drinking day", QUANTITY,
     "number of standard drinks on a typical drinking day (answer bands, or the item's points 0–4)", ("drinks per day", "quantity")),
    ("heavy_episodes", "Item 3, frequency of heavy drinking (six or more drinks)", OCCURRENCE,
     "how often six or more drinks are had on one occasion", ("binge", "heavy episodic drinking", "six or more drinks")),
    ("impaired_control", "Item 4, unable to stop once started", OCCURRENCE, "not able to stop drinking once started",
     ("impaired control",)),
    ("failed_expectations", "Item 5, failed to do what was expected", OCCURRENCE,
     "failing to do what was normally expected because of drinking", ("role failure",)),
    ("morning_drinking", "Item 6, morning drinking", OCCURRENCE, "needing a first drink in the morning", ("eye-opener",)),
    ("guilt", "Item 7, guilt or remorse after drinking", OCCURRENCE, "feeling of guilt or remorse after drinking", ("remorse",)),
    ("blackouts", "Item 8, blackouts", OCCURRENCE, "unable to remember the night before because of drinking",
     ("memory loss", "blackout")),
    ("injury", "Item 9, alcohol-related injury", HARM, "someone injured as a result of the drinking", ("injured",)),
    ("others_concerned", "Item 10, others concerned", HARM,
     "a relative, friend or health worker concerned about the drinking or suggesting cutting down", ("cut down", "concerned")),
)
ITEMS = tuple(
    answer_item(name, label, answers, f"AUDIT item {i}: {what}", aliases=(f"AUDIT item {i}", f"item {i}", f"q{i}"),
                phrases=phrases, spellings=SPELLINGS)
    for i, (name, label, answers, what, phrases) in enumerate(_ITEMS, 1)
)
INPUTS = tuple(inp for inp, _ in ITEMS)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)
ZONES = (
    (0, "Zone I (0–7): low risk, alcohol education"),
    (8, "Zone II (8–15): hazardous drinking, simple advice"),
    (16, "Zone III (16–19): harmful drinking, simple advice plus brief counselling and continued monitoring"),
    (20, "Zone IV (20–40): possible dependence, referral to a specialist for diagnostic evaluation and treatment"),
)


def compute(drinking_frequency, typical_quantity, heavy_episodes, impaired_control, failed_expectations, morning_drinking,
            guilt, blackouts, injury, others_concerned):
    return tally(CRITERIA, {
        "drinking_frequency": drinking_frequency, "typical_quantity": typical_quantity, "heavy_episodes": heavy_episodes,
        "impaired_control": impaired_control, "failed_expectations": failed_expectations,
        "morning_drinking": morning_drinking, "guilt": guilt, "blackouts": blackouts, "injury": injury,
        "others_concerned": others_concerned,
    })


def zone(total: int) -> str:
    return [text for lo, text in ZONES if total >= lo][-1]


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "AUDIT")
    lines[0] = ("The AUDIT adds ten items: items 1–8 score 0–4 by their answers, items 9 and 10 score 0, 2 or 4 "
                "(no / yes, but not in the last year / yes, during the last year).")
    lines.append(f"AUDIT score {value}: {zone(value)}.")
    if next_level(inter):
        lines.append("A dependence item (questions 4–6) scores 2 or more, or question 9 or 10 scores 4: the WHO manual "
                     "advises the next higher level of intervention than the zone's.")
    return lines


def next_level(inter) -> bool:
    """WHO 2001: the next higher level of intervention for 2 or more on questions 4-6 or 4 on question 9 or 10."""
    dependence = ("impaired_control_points", "failed_expectations_points", "morning_drinking_points")
    return any(inter[k] >= 2 for k in dependence) or inter["injury_points"] == 4 or inter["others_concerned_points"] == 4


CALCULATOR = Calculator(
    id="audit",
    name="AUDIT (Alcohol Use Disorders Identification Test)",
    category="psychiatry",
    description="WHO alcohol use screening test: hazardous and harmful drinking and possible dependence (0–40).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. "
            "Guidelines for Use in Primary Care. 2nd ed. Geneva: World Health Organization; 2001. WHO/MSD/MSB/01.6a.",
            url="https://iris.who.int/handle/10665/67205",
        ),
        Citation(
            "Saunders JB, Aasland OG, Babor TF, de la Fuente JR, Grant M. Development of the Alcohol Use Disorders "
            "Identification Test (AUDIT): WHO collaborative project on early detection of persons with harmful alcohol "
            "consumption--II. Addiction. 1993;88(6):791-804.",
            doi="10.1111/j.1360-0443.1993.tb02093.x",
            pmid="8329970",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('alcohol', 'addiction', 'substance use', 'screening', 'questionnaire', 'who', 'alcohol use disorder', 'hazardous drinking'),
    population='Primary health care patients in six countries (WHO collaborative project, Saunders 1993); WHO manual for primary care (Babor 2001).',
    examples=('WHO AUDIT manual (Babor 2001) answer points and risk zones: hand-worked answer sets at every zone edge',),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Every item is required: give its answer or its points (items 1–8: 0–4; items 9 and 10: 0, 2 or 4).",
        "A number is read as the item's points, not as a count: item 2 '2' means 5 or 6 drinks (2 points).",
        "Zones (WHO 2001): I 0–7, II 8–15, III 16–19, IV 20–40; ≥ 8 indicates hazardous or harmful drinking. The manual "
        "advises the next higher level of intervention when question 4, 5 or 6 scores 2 or more, or question 9 or 10 scores 4; "
        "the explanation says so.",
        "A standard drink is about 10 g of alcohol in the WHO manual; national definitions differ.",
        "The item wording is not reproduced here: inputs are named for what each item asks about.",
    ),
)
