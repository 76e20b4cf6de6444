"""Edinburgh Postnatal Depression Scale (EPDS), total 0-30.

Cox, Holden & Sagovsky (Br J Psychiatry 1987): ten items, each scored 0-3 by the published scoring
key (items 3 and 5-10 are reverse-scored on the form; enter the item's score, not the position of
the answer). Cox et al. proposed 12/13 as the cut-off for probable major depression (≥ 13) and ≥ 10
for possible depression in screening; any score above 0 on item 10 (thoughts of self-harm) needs
immediate assessment whatever the total.
The item wording is copyrighted (Royal College of Psychiatrists; reproduction with the citation is
permitted) and is not reproduced here: the items are named by what they ask about (inputs laughter ...
self_harm, in the form's order; entity keys q1 ... q10 also accepted).
"""

from clinverify.calculators.criteria import custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output

# (input name, what the item asks about, phrases models use for it): topics, never the item wording.
_ITEMS = (
    ("laughter", "laughter and humour", ("laugh", "funny side", "humour")),
    ("anticipation", "looking forward to things", ("looking forward", "anticipation", "enjoyment")),
    ("self_blame", "blaming oneself", ("self-blame", "blame", "blamed")),
    ("anxiety", "anxiety or worry", ("anxious", "worry", "worried")),
    ("panic", "fear or panic", ("scared", "panicky", "fear")),
    ("coping", "feeling overwhelmed", ("overwhelmed", "not coping", "getting on top")),
    ("sleep_difficulty", "difficulty sleeping from unhappiness", ("sleep", "sleeping", "insomnia")),
    ("sadness", "sadness or misery", ("sad", "miserable", "misery")),
    ("crying", "crying from unhappiness", ("crying", "tearful")),
    ("self_harm", "thoughts of harming oneself", ("self-harm", "self harm", "harming", "suicidal thoughts", "suicidal ideation")),
)
NAMES = tuple(name for name, _, _ in _ITEMS)
INPUTS = tuple(
    Number(name, "", (0, 3), f"EPDS item {i} score, 0-3 after the scoring key ({topic})", integer=True,
           aliases=(f"q{i}", f"epds q{i}", f"epds_q{i}"))
    for i, (name, topic, _) in enumerate(_ITEMS, start=1)
)


def _item(i: int, name: str, topic: str, phrases: tuple[str, ...]):
    label = f"Item {i} ({topic})"

    def decide(inputs):
        return inputs[name], f"{label}: {inputs[name]}"

    return custom(f"{name}_points", label, decide, 0, 3, lambda inputs: inputs[name], (name,), phrases)


CRITERIA = tuple(_item(i, name, topic, phrases) for i, (name, topic, phrases) in enumerate(_ITEMS, start=1))
LOW, HIGH = score_range(CRITERIA)


def compute(laughter, anticipation, self_blame, anxiety, panic, coping, sleep_difficulty, sadness, crying, self_harm):
    return tally(CRITERIA, {
        "laughter": laughter, "anticipation": anticipation, "self_blame": self_blame, "anxiety": anxiety, "panic": panic,
        "coping": coping, "sleep_difficulty": sleep_difficulty, "sadness": sadness, "crying": crying, "self_harm": self_harm,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "EPDS")
    lines[0] = "The EPDS adds the ten item scores (each 0–3 after the scoring key)."
    band = ("≥ 13: probable depression" if value >= 13 else "10–12: possible depression" if value >= 10
            else "< 10: depression unlikely")
    lines.append(f"EPDS total {value} ({band}; Cox 1987 cut-off 12/13).")
    if inputs["self_harm"] > 0:
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
    increasing=NAMES,
    keywords=('postnatal depression', 'perinatal depression', 'depression screening', 'obstetrics', 'postpartum depression', 'edinburgh', 'perinatal mental health'),
    population='Postnatal women in Edinburgh and Livingston health centres (Cox 1987).',
    examples=('Cox 1987 (Br J Psychiatry 150:782) scoring and cut-off 12/13: hand-worked item sets at every cut-off',),
    notes=(
        "Enter each item's score after the published scoring key (items 3, 5–10 are reverse-scored on the form).",
        "Item wording is copyrighted (Royal College of Psychiatrists) and not reproduced; items are named by topic.",
        "All ten items are required; any positive item 10 is flagged for immediate assessment.",
    ),
)
