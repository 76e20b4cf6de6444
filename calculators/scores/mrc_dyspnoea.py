"""MRC (Medical Research Council) dyspnoea scale, grades 1-5.

Fletcher et al. (BMJ 1959) and the MRC questionnaire (1960); validated in COPD by Bestall et al.
(Thorax 1999, Table 1), whose grades are:
  1  breathless only with strenuous exercise
  2  short of breath when hurrying on the level or walking up a slight hill
  3  walks slower than people of the same age on the level because of breathlessness, or has to
     stop for breath when walking at own pace on the level
  4  stops for breath after walking about 100 m or after a few minutes on the level
  5  too breathless to leave the house, or breathless when dressing or undressing
(paraphrased). The modified MRC (mMRC) scale used by BODE and GOLD numbers the same grades 0-4
(mMRC = MRC − 1).
"""

from clinverify.calculators.criteria import explain_criteria, option, tally
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Citation, Output

GRADE = Choice(
    "grade",
    {
        "1": ("grade 1", "mrc 1", "strenuous exercise", "only on strenuous exercise", "mmrc 0"),
        "2": ("grade 2", "mrc 2", "hurrying or walking up a slight hill", "hurrying on the level", "mmrc 1"),
        "3": ("grade 3", "mrc 3", "walks slower than contemporaries", "stops at own pace on the level", "mmrc 2"),
        "4": ("grade 4", "mrc 4", "stops after 100 m", "stops for breath after about 100 m", "mmrc 3"),
        "5": ("grade 5", "mrc 5", "too breathless to leave the house", "breathless dressing", "mmrc 4"),
    },
    "MRC dyspnoea grade 1 (strenuous exercise only) to 5 (too breathless to leave the house)",
    aliases=("MRC grade", "MRC dyspnea grade", "MRC dyspnoea grade", "dyspnea grade", "dyspnoea grade", "breathlessness grade"),
)

CRITERIA = (
    option("mrc_grade", "grade", {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}, "MRC dyspnoea grade"),
)
# The grade is required, so the value is 1-5 (score_range would count option()'s missing value, 0).
LOW, HIGH = 1, 5

MEANING = {
    1: "breathless only with strenuous exercise",
    2: "short of breath when hurrying on the level or up a slight hill",
    3: "walks slower than contemporaries on the level, or stops at own pace",
    4: "stops for breath after about 100 m or a few minutes on the level",
    5: "too breathless to leave the house, or breathless dressing",
}


def compute(grade):
    return tally(CRITERIA, {"grade": grade})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "MRC dyspnoea scale")
    lines[0] = "The MRC dyspnoea scale grades breathlessness in daily activities from 1 to 5."
    lines.append(f"MRC dyspnoea grade {value} ({MEANING[value]}); modified MRC (mMRC) grade {value - 1}.")
    return lines


CALCULATOR = Calculator(
    id="mrc_dyspnoea",
    name="MRC dyspnoea scale",
    category="pulmonology",
    description="Grade of breathlessness in daily activities, 1 (strenuous exercise only) to 5 (housebound).",
    inputs=(GRADE,),
    output=Output("grade", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Bestall JC, Paul EA, Garrod R, Garnham R, Jones PW, Wedzicha JA. Usefulness of the Medical Research Council "
            "(MRC) dyspnoea scale as a measure of disability in patients with chronic obstructive pulmonary disease. "
            "Thorax. 1999;54(7):581-586.",
            doi="10.1136/thx.54.7.581",
            pmid="10377201",
        ),
        Citation(
            "Fletcher CM, Elmes PC, Fairbairn AS, Wood CH. The significance of respiratory symptoms and the diagnosis of "
            "chronic bronchitis in a working population. Br Med J. 1959;2(5147):257-266.",
            doi="10.1136/bmj.2.5147.257",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("grade",),
    keywords=('copd', 'dyspnea', 'breathlessness', 'mmrc'),
    population='100 patients with COPD referred for pulmonary rehabilitation (Bestall 1999).',
    examples=('Bestall 1999 (Thorax 54:581) Table 1 grades: every grade and its mMRC equivalent',),
    notes=(
        "Grades 1–5 as in Bestall 1999; the modified MRC (mMRC, 0–4) is the same scale minus one and is what BODE uses.",
        "Grade descriptions here are paraphrased.",
    ),
)
