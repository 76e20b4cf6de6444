"""NIH Stroke Scale (NIHSS): neurological deficit in acute stroke (0-42).

Brott et al., Stroke 1989 (the scale), in the 15-item form of the NINDS rt-PA trial and its
training (Lyden et al., Stroke 1994): 1a level of consciousness 0-3, 1b LOC questions 0-2, 1c LOC
commands 0-2, 2 best gaze 0-2, 3 visual fields 0-3, 4 facial palsy 0-3, 5a/5b motor arm left/right
0-4 each, 6a/6b motor leg left/right 0-4 each, 7 limb ataxia 0-2, 8 sensory 0-2, 9 best language
0-3, 10 dysarthria 0-2, 11 extinction and inattention 0-2. Total 0-42. An item the scale marks
untestable (UN: amputation or joint fusion, intubation for dysarthria) is not added to the total,
so it is entered as 0. Common severity ranges (not part of the scale): 0 no stroke symptoms, 1-4
minor, 5-15 moderate, 16-20 moderate to severe, 21-42 severe.
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import rated_item

# (name, item, label, top, extra aliases, extra phrases)
_ITEMS = (
    ("loc", "1a", "Level of consciousness", 3, ("level of consciousness",), ("alert", "consciousness")),
    ("loc_questions", "1b", "LOC questions (month, age)", 2, ("LOC questions",), ("questions", "month and age")),
    ("loc_commands", "1c", "LOC commands (open/close eyes, grip)", 2, ("LOC commands",), ("commands",)),
    ("gaze", "2", "Best gaze", 2, ("best gaze", "horizontal gaze"), ("gaze palsy", "gaze deviation")),
    ("visual", "3", "Visual fields", 3, ("visual fields", "visual field"), ("hemianopia",)),
    ("facial_palsy", "4", "Facial palsy", 3, ("facial palsy", "facial weakness"), ("facial",)),
    ("motor_arm_left", "5a", "Motor arm, left", 4, ("left arm", "left arm motor"), ("arm drift",)),
    ("motor_arm_right", "5b", "Motor arm, right", 4, ("right arm", "right arm motor"), ("arm drift",)),
    ("motor_leg_left", "6a", "Motor leg, left", 4, ("left leg", "left leg motor"), ("leg drift",)),
    ("motor_leg_right", "6b", "Motor leg, right", 4, ("right leg", "right leg motor"), ("leg drift",)),
    ("limb_ataxia", "7", "Limb ataxia", 2, ("limb ataxia", "ataxia"), ("finger-nose", "heel-shin")),
    ("sensory", "8", "Sensory", 2, ("sensory loss", "sensation"), ("sensory",)),
    ("language", "9", "Best language", 3, ("best language", "aphasia"), ("aphasia",)),
    ("dysarthria", "10", "Dysarthria", 2, ("dysarthria",), ("slurred speech",)),
    ("extinction_inattention", "11", "Extinction and inattention (neglect)", 2, ("extinction and inattention", "neglect"),
     ("neglect", "inattention", "extinction")),
)
ITEMS = tuple(
    rated_item(name, f"{item} {label}", top, f"NIHSS item {item}: {label.lower()}",
               aliases=(f"NIHSS {item}", f"item {item}", *aliases), phrases=phrases)
    for name, item, label, top, aliases, phrases in _ITEMS
)
INPUTS = tuple(inp for inp, _ in ITEMS)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)


def severity(total: int) -> str:
    if total == 0:
        return "no stroke symptoms (0)"
    if total <= 4:
        return "minor stroke (1–4)"
    if total <= 15:
        return "moderate stroke (5–15)"
    if total <= 20:
        return "moderate to severe stroke (16–20)"
    return "severe stroke (21–42)"


def compute(loc=None, loc_questions=None, loc_commands=None, gaze=None, visual=None, facial_palsy=None, motor_arm_left=None,
            motor_arm_right=None, motor_leg_left=None, motor_leg_right=None, limb_ataxia=None, sensory=None, language=None,
            dysarthria=None, extinction_inattention=None):
    return tally(CRITERIA, {
        "loc": loc, "loc_questions": loc_questions, "loc_commands": loc_commands, "gaze": gaze, "visual": visual,
        "facial_palsy": facial_palsy, "motor_arm_left": motor_arm_left, "motor_arm_right": motor_arm_right,
        "motor_leg_left": motor_leg_left, "motor_leg_right": motor_leg_right, "limb_ataxia": limb_ataxia,
        "sensory": sensory, "language": language, "dysarthria": dysarthria, "extinction_inattention": extinction_inattention,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "NIH Stroke Scale")
    lines[0] = ("The NIH Stroke Scale adds 15 examined items (1a–11, arms and legs scored each side); items not reported "
                "or untestable (UN) count 0.")
    lines.append(f"NIHSS {value}: {severity(value)} (common ranges, not part of the scale).")
    return lines


CALCULATOR = Calculator(
    id="nihss",
    name="NIH Stroke Scale (NIHSS)",
    category="neurology",
    description="National Institutes of Health Stroke Scale: neurological deficit in acute stroke from 15 examined items (0–42).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Brott T, Adams HP Jr, Olinger CP, et al. Measurements of acute cerebral infarction: a clinical examination scale. "
            "Stroke. 1989;20(7):864-870.",
            doi="10.1161/01.str.20.7.864",
            pmid="2749846",
        ),
        Citation(
            "Lyden P, Brott T, Tilley B, et al. Improved reliability of the NIH Stroke Scale using video training. "
            "Stroke. 1994;25(11):2220-2226.",
            doi="10.1161/01.str.25.11.2220",
            pmid="7974549",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('stroke', 'acute stroke', 'thrombolysis', 'emergency medicine', 'neurological examination'),
    population='Adults with acute cerebral infarction (Brott 1989); 15-item form of the NINDS rt-PA stroke trial (Lyden 1994).',
    examples=('Published FHIR example instances (a synthetic patient): Taipei VGH stroke IG stroke-nihss-admission-example '
              '(12) and stroke-nihss-24h-example (6, dysarthria untestable)',
              'Brott 1989 (Stroke 20:864) / NINDS 15-item form item ranges: hand-worked examinations at every severity '
              'range',),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Fifteen items as in the NINDS form: arms (5a, 5b) and legs (6a, 6b) are scored each side; whole numbers within "
        "each item's range.",
        "An item not reported counts 0 (normal); an untestable item (UN) is not added to the total, so enter it as 0.",
        "The scale's own rules for patients in coma (1a = 3) fix several items; they are not enforced here.",
        "Severity ranges in the explanation are common clinical ranges, not part of the scale.",
    ),
)
