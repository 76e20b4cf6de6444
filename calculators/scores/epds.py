"""Edinburgh Postnatal Depression Scale (EPDS), total 0-30.

Cox, Holden & Sagovsky (Br J Psychiatry 1987): ten items, each scored 0-3 by the published scoring
key (items 3 and 5-10 are reverse-scored on the form; enter the item's score, not the position of
the answer). Cox et al. proposed 12/13 as the cut-off for probable major depression (≥ 13) and ≥ 10
for possible depression in screening; any score above 0 on item 10 (thoughts of self-harm) needs
immediate assessment whatever the total.
The item wording is copyrighted (Royal College of Psychiatrists; reproduction with the citation is
permitted) and is not reproduced here: the items are named by what they ask about.
"""

from clinverify.calculators.criteria import custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output

TOPICS = (  # what each item asks about (not the item's wording)
    "enjoyment: laughing and seeing the funny side",
    "enjoyment: looking forward to things",
    "self-blame when things go wrong",
    "anxiety or worry without good reason",
    "fear or panic without good reason",
    "feeling overwhelmed, not coping",
    "sleep difficulty from unhappiness",
    "sadness or misery",
    "crying from unhappiness",
    "thoughts of harming oneself",
)
INPUTS = tuple(
    Number(f"item_{i}", "", (0, 3), f"EPDS item {i} score, 0-3 after the scoring key ({topic})", integer=True,
           aliases=(f"item {i}", f"EPDS item {i}", f"question {i}", f"q{i}"))
    for i, topic in enumerate(TOPICS, start=1)
)


def _item(i: int):
    name = f"item_{i}"
    label = f"Item {i} ({TOPICS[i - 1]})"

    def decide(inputs):
        return inputs[name], f"{label}: {inputs[name]}"

    return custom(f"item_{i}_points", label, decide, 0, 3, lambda inputs: inputs[name], (name,),
                  ("self-harm", "self harm", "suicidal thoughts") if i == 10 else ())


CRITERIA = tuple(_item(i) for i in range(1, 11))
LOW, HIGH = score_range(CRITERIA)


def compute(item_1, item_2, item_3, item_4, item_5, item_6, item_7, item_8, item_9, item_10):
    return tally(CRITERIA, {"item_1": item_1, "item_2": item_2, "item_3": item_3, "item_4": item_4, "item_5": item_5,
                            "item_6": item_6, "item_7": item_7, "item_8": item_8, "item_9": item_9, "item_10": item_10})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "EPDS")
    lines[0] = "The EPDS adds the ten item scores (each 0–3 after the scoring key)."
    band = ("≥ 13: probable depression" if value >= 13 else "10–12: possible depression" if value >= 10
            else "< 10: depression unlikely")
    lines.append(f"EPDS total {value} ({band}; Cox 1987 cut-off 12/13).")
    if inputs["item_10"] > 0:
        lines.append("Item 10 (thoughts of self-harm) is above 0: assess immediately, whatever the total.")
    return lines


CALCULATOR = Calculator(
    id="epds",
    name="Edinburgh Postnatal Depression Scale (EPDS)",
    category="psychiatry",
    description="Screening score for perinatal depression from ten item scores (0–30).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Cox JL, Holden JM, Sagovsky R. Detection of postnatal depression. Development of the 10-item Edinburgh "
            "Postnatal Depression Scale. Br J Psychiatry. 1987;150:782-786.",
            doi="10.1192/bjp.150.6.782",
            pmid="3651732",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=tuple(f"item_{i}" for i in range(1, 11)),
    keywords=('postnatal depression', 'perinatal depression', 'depression screening', 'obstetrics'),
    population='Postnatal women in Edinburgh and Livingston health centres (Cox 1987).',
    examples=('Cox 1987 (Br J Psychiatry 150:782) scoring and cut-off 12/13: hand-worked item sets at every cut-off',),
    notes=(
        "Enter each item's score after the published scoring key (items 3, 5–10 are reverse-scored on the form).",
        "Item wording is copyrighted (Royal College of Psychiatrists) and not reproduced; items are named by topic.",
        "All ten items are required; any positive item 10 is flagged for immediate assessment.",
    ),
)
