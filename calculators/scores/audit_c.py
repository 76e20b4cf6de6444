"""AUDIT-C: the three alcohol consumption items of the AUDIT (0-12).

Bush, Kivlahan, McDonell, Fihn & Bradley, Arch Intern Med 1998: AUDIT items 1-3 (frequency of
drinking, drinks on a typical drinking day, frequency of six or more drinks on one occasion), each
0-4 by its five answers as in the full AUDIT (Babor 2001); total 0-12. Positive screen for
alcohol misuse in primary care: >= 4 in men and >= 3 in women (Bradley et al., Alcohol Clin Exp
Res 2007). Bush 1998 reported >= 3 and >= 4 as cut-points for men.
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.inputs import sex
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import answer_item

FREQUENCY = {"never": 0, "monthly or less": 1, "2-4 times a month": 2, "2-3 times a week": 3, "4 or more times a week": 4}
QUANTITY = {"1 or 2": 0, "3 or 4": 1, "5 or 6": 2, "7 to 9": 3, "10 or more": 4}
OCCURRENCE = {"never": 0, "less than monthly": 1, "monthly": 2, "weekly": 3, "daily or almost daily": 4}
SPELLINGS = {
    "2-4 times a month": ("2 to 4 times a month",), "2-3 times a week": ("2 to 3 times a week",),
    "4 or more times a week": ("4+ times a week",), "7 to 9": ("7, 8 or 9", "7-9"), "10 or more": ("10+",),
    "daily or almost daily": ("daily", "almost daily"),
}
CUT_OFF = {"male": 4, "female": 3}  # positive screen at or above (Bradley 2007)

ITEMS = (
    answer_item("drinking_frequency", "Item 1, frequency of drinking", FREQUENCY,
                "AUDIT-C item 1: how often a drink containing alcohol is had",
                aliases=("AUDIT-C item 1", "AUDIT item 1", "item 1", "q1"), phrases=("how often", "frequency"), spellings=SPELLINGS),
    answer_item("typical_quantity", "Item 2, drinks on a typical drinking day", QUANTITY,
                "AUDIT-C item 2: number of standard drinks on a typical drinking day (answer bands, or the item's points 0–4)",
                aliases=("AUDIT-C item 2", "AUDIT item 2", "item 2", "q2"), phrases=("drinks per day", "quantity"),
                spellings=SPELLINGS),
    answer_item("heavy_episodes", "Item 3, frequency of heavy drinking (six or more drinks)", OCCURRENCE,
                "AUDIT-C item 3: how often six or more drinks are had on one occasion",
                aliases=("AUDIT-C item 3", "AUDIT item 3", "item 3", "q3"),
                phrases=("binge", "heavy episodic drinking", "six or more drinks"), spellings=SPELLINGS),
)
SEX = sex(required=False, description="patient's sex (sets the positive-screen cut-off: ≥ 4 men, ≥ 3 women); optional")
INPUTS = (*(inp for inp, _ in ITEMS), SEX)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)


def compute(drinking_frequency, typical_quantity, heavy_episodes, sex=None):
    return tally(CRITERIA, {"drinking_frequency": drinking_frequency, "typical_quantity": typical_quantity,
                            "heavy_episodes": heavy_episodes})


def interpretation(total: int, sx: str | None) -> str:
    if sx is None:
        men = "positive" if total >= CUT_OFF["male"] else "negative"
        women = "positive" if total >= CUT_OFF["female"] else "negative"
        return f"screen {men} for a man (≥ 4) and {women} for a woman (≥ 3); sex not given"
    cut = CUT_OFF[sx]
    who = "men" if sx == "male" else "women"
    return f"{'positive' if total >= cut else 'negative'} screen for alcohol misuse (cut-off ≥ {cut} in {who})"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "AUDIT-C")
    lines[0] = "The AUDIT-C adds the three AUDIT consumption items, each 0–4 by its answer."
    lines.append(f"AUDIT-C score {value}: {interpretation(value, inputs.get('sex'))} (Bradley 2007).")
    return lines


CALCULATOR = Calculator(
    id="audit_c",
    name="AUDIT-C (alcohol consumption questions)",
    category="psychiatry",
    description="The three consumption items of the AUDIT: screen for alcohol misuse (0–12; positive ≥ 4 men, ≥ 3 women).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT alcohol consumption questions (AUDIT-C): an "
            "effective brief screening test for problem drinking. Arch Intern Med. 1998;158(16):1789-1795.",
            doi="10.1001/archinte.158.16.1789",
            pmid="9738608",
        ),
        Citation(
            "Bradley KA, DeBenedetti AF, Volk RJ, Williams EC, Frank D, Kivlahan DR. AUDIT-C as a brief screen for alcohol "
            "misuse in primary care. Alcohol Clin Exp Res. 2007;31(7):1208-1217.",
            doi="10.1111/j.1530-0277.2007.00403.x",
            pmid="17451397",
        ),
        Citation(
            "Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. "
            "Guidelines for Use in Primary Care. 2nd ed. Geneva: World Health Organization; 2001.",
            url="https://iris.who.int/handle/10665/67205",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('alcohol', 'addiction', 'substance use', 'screening', 'questionnaire', 'brief screen', 'auditc', 'binge drinking'),
    population="US Veterans Affairs general medical outpatients (men, Bush 1998); Bradley 2007 added women's cut-off in VA primary care.",
    examples=('Bush 1998 (Arch Intern Med 158:1789) items and Bradley 2007 cut-offs (men >= 4, women >= 3): hand-worked cases at each cut-off',),
    increasing=("drinking_frequency", "typical_quantity", "heavy_episodes"),
    notes=(
        "The three items are required: give the answer or the item's points 0–4 (a number is points, not a count of drinks).",
        "Sex only sets the interpretation: positive at ≥ 4 for men and ≥ 3 for women (Bradley 2007); without it both are stated.",
        "The item wording is not reproduced here: inputs are named for what each item asks about.",
    ),
)
