"""Braden scale for predicting pressure injury risk (6-23; lower is higher risk).

Bergstrom N, Braden BJ, Laguzza A, Holman V, Nurs Res 1987 (the Braden scale): six subscales scored
from 1 (worst) to 4 (friction and shear 1-3): sensory perception (completely limited 1, very limited 2,
slightly limited 3, no impairment 4); moisture (constantly moist 1, very moist 2, occasionally moist 3,
rarely moist 4); activity (bedfast 1, chairfast 2, walks occasionally 3, walks frequently 4); mobility
(completely immobile 1, very limited 2, slightly limited 3, no limitation 4); nutrition (very poor 1,
probably inadequate 2, adequate 3, excellent 4); friction and shear (problem 1, potential problem 2,
no apparent problem 3). Bergstrom 1987 used 16 or less as "at risk"; risk levels as Ayello & Braden
2002 give them: 19-23 not at risk, 15-18 mild risk, 13-14 moderate, 10-12 high, ≤ 9 very high.

Licence: the Braden scale is copyrighted (Barbara Braden and Nancy Bergstrom); its descriptors are
not reproduced here, only the subscale level names and their points.
"""

from dataclasses import replace

from clinverify.calculators.criteria import explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Citation, Output

# subscale -> ((option, points, spellings), ...) from least to most severe (highest to lowest points)
SUBSCALES = {
    "sensory_perception": (("no_impairment", 4, ("no impairment",)), ("slightly_limited", 3, ("slightly limited",)),
                           ("very_limited", 2, ("very limited",)), ("completely_limited", 1, ("completely limited",))),
    "moisture": (("rarely_moist", 4, ("rarely moist",)), ("occasionally_moist", 3, ("occasionally moist",)),
                 ("very_moist", 2, ("very moist", "often moist")), ("constantly_moist", 1, ("constantly moist",))),
    "activity": (("walks_frequently", 4, ("walks frequently",)), ("walks_occasionally", 3, ("walks occasionally",)),
                 ("chairfast", 2, ("chair fast",)), ("bedfast", 1, ("bed fast", "bedbound"))),
    "mobility": (("no_limitation", 4, ("no limitation", "no limitations")), ("slightly_limited", 3, ("slightly limited",)),
                 ("very_limited", 2, ("very limited",)), ("completely_immobile", 1, ("completely immobile",))),
    "nutrition": (("excellent", 4, ()), ("adequate", 3, ()), ("probably_inadequate", 2, ("probably inadequate",)),
                  ("very_poor", 1, ("very poor",))),
    "friction_shear": (("no_apparent_problem", 3, ("no apparent problem",)), ("potential_problem", 2, ("potential problem",)),
                       ("problem", 1, ())),
}
LABELS = {"sensory_perception": "Sensory perception", "moisture": "Moisture", "activity": "Activity", "mobility": "Mobility",
          "nutrition": "Nutrition", "friction_shear": "Friction and shear"}

INPUTS = tuple(
    Choice(name, {opt: (str(p), *spell) for opt, p, spell in levels}, f"Braden {LABELS[name].lower()} subscale ({levels[-1][1]}–"
           f"{levels[0][1]})", aliases=(LABELS[name].lower(), "friction" if name == "friction_shear" else f"braden {name}"))
    for name, levels in SUBSCALES.items()
)

# The words models use for each subscale beyond its label ("incontinent, often moist: 2 points").
PHRASES = {
    "sensory_perception": ("sensory", "sensation", "perception", "responds to pressure discomfort"),
    "moisture": ("moist", "moisture", "incontinence", "incontinent", "sweating", "wet"),
    "activity": ("activity", "bedfast", "chairfast", "bedbound", "walks", "ambulation"),
    "mobility": ("mobility", "immobile", "position changes", "repositioning"),
    "nutrition": ("nutrition", "intake", "diet", "eating", "tube feeding"),
    "friction_shear": ("friction", "shear", "sliding", "slides down"),
}
CRITERIA = tuple(replace(option(f"{name}_points", name, {opt: p for opt, p, _ in levels}, LABELS[name]), phrases=PHRASES[name])
                 for name, levels in SUBSCALES.items())
# Every subscale is required, so the lowest total is the sum of the lowest levels (6), not score_range's 0.
LOW = sum(min(p for _, p, _ in levels) for levels in SUBSCALES.values())
HIGH = score_range(CRITERIA)[1]


def compute(sensory_perception, moisture, activity, mobility, nutrition, friction_shear):
    return tally(CRITERIA, {"sensory_perception": sensory_perception, "moisture": moisture, "activity": activity,
                            "mobility": mobility, "nutrition": nutrition, "friction_shear": friction_shear})


def risk(value):
    if value <= 9:
        return "very high risk (≤ 9)"
    if value <= 12:
        return "high risk (10–12)"
    if value <= 14:
        return "moderate risk (13–14)"
    if value <= 18:
        return "mild risk (15–18)"
    return "not at risk (19–23)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Braden scale")
    lines[0] = "The Braden scale adds six subscale scores (1 worst to 4, friction and shear to 3); lower totals mean higher risk."
    lines.append(f"Braden score {value}: {risk(value)}; Bergstrom 1987 cut-off: {'at risk (≤ 16)' if value <= 16 else 'above 16'}.")
    return lines


CALCULATOR = Calculator(
    id="braden",
    name="Braden scale for pressure injury risk",
    category="nursing",
    description="Pressure injury (ulcer) risk from six subscales (6–23; ≤ 18 at risk, ≤ 9 very high risk).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation("Bergstrom N, Braden BJ, Laguzza A, Holman V. The Braden Scale for predicting pressure sore risk. Nurs Res. "
                 "1987;36(4):205-210.", doi="10.1097/00006199-198707000-00002", pmid="3299278"),
        Citation("Ayello EA, Braden B. How and why to do pressure ulcer risk assessment. Adv Skin Wound Care. "
                 "2002;15(3):125-131.", doi="10.1097/00129334-200205000-00008", pmid="12055446"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("pressure ulcer", "pressure injury", "bedsore", "skin", "dermatology", "risk assessment", "pressure sore", "decubitus", "bed sore"),
    population=(
        "Adult hospital and nursing-home patients (Bergstrom 1987: adult intermediate-care and intensive care"
        " patients)."
    ),
    examples=(
        "Published FHIR example instances (a synthetic patient): PACIO sample data wm1-Braden 2026-02-27 (17, mild) and "
        "2026-04-15 (11, high)",
        "Braden scale subscales (Bergstrom 1987, Nurs Res 36:205) and Ayello & Braden 2002 risk levels: hand-"
        "scored chairfast (15) and bedfast (7) patients, every band edge (tests/calculators/test_braden.py)",
    ),
    decreasing=tuple(SUBSCALES),
    notes=(
        "Each subscale is its level name or its points (1–4; friction and shear 1–3); all six are required.",
        "The Braden scale is copyrighted (B. Braden, N. Bergstrom): the subscale descriptors are not reproduced; use the "
        "licensed form to rate the patient.",
        "Risk levels from Ayello & Braden 2002; Bergstrom 1987's original cut-off (≤ 16 at risk) is stated as well.",
    ),
)
