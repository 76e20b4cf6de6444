"""4AT rapid assessment test for delirium (0-12).

Bellelli G, et al., Age Ageing 2014 (the 4AT; the form at www.the4AT.com), four items:
1. Alertness: normal (or mild sleepiness < 10 seconds after waking, then normal) 0; clearly abnormal 4.
2. AMT4 (age, date of birth, place, current year): no mistakes 0; 1 mistake 1; 2 or more mistakes or
   untestable 2.
3. Attention (months of the year backwards): 7 or more months correct 0; starts but < 7 months, or
   refuses to start 1; untestable (cannot start because unwell, drowsy or inattentive) 2.
4. Acute change or fluctuating course (in alertness, cognition or other mental function, arising over
   the last 2 weeks and still present in the last 24 hours): no 0; yes 4.
Interpretation: ≥ 4 possible delirium with or without cognitive impairment; 1-3 possible cognitive
impairment; 0 delirium or severe cognitive impairment unlikely.
"""

from clinverify.calculators.criteria import explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    Choice("alertness", {"normal": ("0", "alert", "fully alert", "mild sleepiness"), "clearly_abnormal": ("4", "clearly abnormal", "abnormal", "drowsy", "agitated")},
           "alertness during the assessment: normal (or mild sleepiness < 10 s after waking), or clearly abnormal",
           aliases=("level of alertness",)),
    Choice("amt4", {"no_mistakes": ("0", "0 mistakes", "none", "correct"), "one_mistake": ("1", "1 mistake"),
                    "two_or_more_or_untestable": ("2", "3", "4", "2 mistakes", "2 or more mistakes", "untestable")},
           "AMT4 (age, date of birth, place, current year): mistakes", aliases=("amt 4", "abbreviated mental test 4")),
    Choice("attention", {"seven_or_more_months": ("0", "7 or more months", "normal"),
                         "fewer_than_seven_or_refuses": ("1", "< 7 months", "refuses", "fewer than 7 months"),
                         "untestable": ("2", "cannot start")},
           "attention: months of the year backwards", aliases=("months backwards", "months of the year backwards")),
    Flag("acute_change", "acute change or fluctuating course in alertness, cognition or other mental function (last 2 weeks, "
         "still present in the last 24 hours)", aliases=("acute change or fluctuating course", "fluctuating course")),
)

CRITERIA = (
    option("alertness_points", "alertness", {"normal": 0, "clearly_abnormal": 4}, "Alertness"),
    option("amt4_points", "amt4", {"no_mistakes": 0, "one_mistake": 1, "two_or_more_or_untestable": 2}, "AMT4"),
    option("attention_points", "attention", {"seven_or_more_months": 0, "fewer_than_seven_or_refuses": 1, "untestable": 2},
           "Attention (months backwards)"),
    flag("acute_change_points", "acute_change", 4, "Acute change or fluctuating course"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(alertness, amt4, attention, acute_change=False):
    return tally(CRITERIA, {"alertness": alertness, "amt4": amt4, "attention": attention, "acute_change": acute_change})


def reading(value):
    if value >= 4:
        return "possible delirium with or without cognitive impairment (≥ 4)"
    if value >= 1:
        return "possible cognitive impairment (1–3)"
    return "delirium or severe cognitive impairment unlikely (0)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "4AT")
    lines[0] = "The 4AT adds the points of its four items; an acute change not mentioned counts as absent."
    lines.append(f"4AT score {value}: {reading(value)}.")
    return lines


CALCULATOR = Calculator(
    id="four_at",
    name="4AT delirium screen",
    category="geriatrics",
    description="Rapid delirium screening (0–12; ≥ 4 possible delirium, 1–3 possible cognitive impairment).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Bellelli G, Morandi A, Davis DH, et al. Validation of the 4AT, a new instrument for rapid delirium screening: "
            "a study in 234 hospitalised older people. Age Ageing. 2014;43(4):496-502.",
            doi="10.1093/ageing/afu021",
            pmid="24590568",
        ),
        Citation("The 4AT rapid clinical test for delirium (form and guidance).", url="https://www.the4at.com"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("delirium", "cognitive impairment", "neurology", "older people", "screening", "elderly", "older adults", "confusion", "4 a's test"),
    population=(
        "Hospitalised older people (Bellelli 2014: 234 patients aged 70 and over in acute geriatric and "
        "rehabilitation wards)."
    ),
    examples=(
        "the4at.com case example 1 (4+2+2+4 = 12); 4AT form scoring (Bellelli 2014, Age Ageing 43:496): hand-scored "
        "score of 2 and each interpretation edge (tests/calculators/test_four_at.py)",
    ),
    increasing=("alertness", "amt4", "attention", "acute_change"),
    notes=(
        "Alertness, AMT4 and attention are required (each also accepted as its points); an acute change or fluctuating "
        "course not mentioned counts as absent.",
        "The 4AT form is free to use (www.the4at.com); this module implements its published scoring and does not reproduce "
        "the form's wording.",
    ),
)
