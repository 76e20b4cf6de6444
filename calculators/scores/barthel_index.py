"""Barthel index of activities of daily living (0-100, in steps of 5).

Mahoney & Barthel (Md State Med J 1965) score ten activities by the help the patient needs:
  feeding 0/5/10, bathing 0/5, grooming 0/5, dressing 0/5/10, bowels 0/5/10, bladder 0/5/10,
  toilet use 0/5/10, transfers (bed to chair and back) 0/5/10/15, mobility on level surfaces
  0/5/10/15, stairs 0/5/10.
Each item is entered as its score (the help level it stands for is given in the input's
description: 0 = dependent/unable, then with help, then independent). The index's item wording
(copyright Maryland State Medical Society, free for non-commercial use) is not reproduced here. The
Collin & Wade 0-20 version scores the same items 0-1/0-2/0-3 (one fifth of these points).
"""

from clinverify.calculators.criteria import explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Citation, Output

# item -> (label, allowed scores, help levels in order)
ITEMS = {
    "feeding": ("Feeding", (0, 5, 10), ("unable", "needs help", "independent")),
    "bathing": ("Bathing", (0, 5), ("dependent", "independent")),
    "grooming": ("Grooming", (0, 5), ("needs help", "independent")),
    "dressing": ("Dressing", (0, 5, 10), ("dependent", "needs help", "independent")),
    "bowels": ("Bowels", (0, 5, 10), ("incontinent", "occasional accident", "continent")),
    "bladder": ("Bladder", (0, 5, 10), ("incontinent", "occasional accident", "continent")),
    "toilet_use": ("Toilet use", (0, 5, 10), ("dependent", "needs some help", "independent")),
    "transfers": ("Transfers (bed to chair and back)", (0, 5, 10, 15),
                  ("unable", "major help", "minor help", "independent")),
    "mobility": ("Mobility on level surfaces", (0, 5, 10, 15),
                 ("immobile", "wheelchair independent", "walks with help", "independent")),
    "stairs": ("Stairs", (0, 5, 10), ("unable", "needs help", "independent")),
}


def _choice(name: str) -> Choice:
    label, scores, levels = ITEMS[name]
    options = {str(s): (level, f"{s} points") for s, level in zip(scores, levels, strict=True)}
    desc = f"{label.lower()}: " + ", ".join(f"{s} = {level}" for s, level in zip(scores, levels, strict=True))
    return Choice(name, options, desc, aliases=(label,) if label.lower() != name.replace("_", " ") else ())


INPUTS = tuple(_choice(name) for name in ITEMS)
CRITERIA = tuple(
    option(f"{name}_points", name, {str(s): s for s in scores}, label) for name, (label, scores, _) in ITEMS.items()
)
LOW, HIGH = score_range(CRITERIA)


def compute(feeding, bathing, grooming, dressing, bowels, bladder, toilet_use, transfers, mobility, stairs):
    return tally(CRITERIA, {
        "feeding": feeding, "bathing": bathing, "grooming": grooming, "dressing": dressing, "bowels": bowels,
        "bladder": bladder, "toilet_use": toilet_use, "transfers": transfers, "mobility": mobility, "stairs": stairs,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Barthel index")
    lines[0] = "The Barthel index adds the scores of ten activities of daily living (0 = dependent; maximum 100)."
    lines.append(f"Barthel index {value} of 100 (Collin 0–20 equivalent {value // 5}); lower scores mean more dependence.")
    return lines


CALCULATOR = Calculator(
    id="barthel_index",
    name="Barthel index of activities of daily living",
    category="geriatrics",
    description="Independence in ten activities of daily living, 0 (fully dependent) to 100 (independent).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Mahoney FI, Barthel DW. Functional evaluation: the Barthel Index. Md State Med J. 1965;14:61-65.",
            pmid="14258950",
        ),
        Citation(
            "Collin C, Wade DT, Davies S, Horne V. The Barthel ADL Index: a reliability study. Int Disabil Stud. "
            "1988;10(2):61-63.",
            doi="10.3109/09638288809164103",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=tuple(ITEMS),
    keywords=('activities of daily living', 'adl', 'disability', 'rehabilitation', 'stroke', 'elderly', 'functional status'),
    population='Chronically ill patients with neuromuscular or musculoskeletal disorders in rehabilitation (Mahoney & Barthel 1965).',
    examples=("Mahoney & Barthel 1965 item scores: hand-worked totals, every item's maximum",),
    notes=(
        "Each item is entered as its published score (e.g. transfers 0, 5, 10 or 15); the instrument's item wording is "
        "copyrighted (Maryland State Medical Society, free for non-commercial use) and is not reproduced, only short "
        "help-level labels.",
        "All ten items are required: an unassessed activity is not assumed independent.",
    ),
)
