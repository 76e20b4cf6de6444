"""Revised Geneva score for pulmonary embolism (0-22), with the simplified version as an option (0-9).

Le Gal G, et al., Ann Intern Med 2006 (the revised Geneva score table): age > 65 years 1; previous
DVT or PE 3; surgery (under general anaesthesia) or lower-limb fracture within 1 month 2; active
malignant condition (solid or haematological, active or cured < 1 year) 2; unilateral lower-limb pain 3;
haemoptysis 2; heart rate 75-94 beats/min 3, ≥ 95 beats/min 5; pain on lower-limb deep venous
palpation and unilateral oedema 4. Clinical probability: 0-3 low, 4-10 intermediate, ≥ 11 high.

Klok FA, et al., Arch Intern Med 2008 (the simplified revised Geneva score): every item 1
point, heart rate 75-94 1 and ≥ 95 2. Probability: 0-1 low, 2-4 intermediate, ≥ 5 high; two-level:
≤ 2 PE unlikely, ≥ 3 PE likely.
"""

from clinverify.calculators.criteria import custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Monotone, Output, fmt

VERSION = Choice("version", {"original": ("revised", "full", "le gal"), "simplified": ("simplified revised", "klok")},
                 "score version: original revised Geneva (Le Gal 2006) or simplified (Klok 2008)",
                 required=False, default="original")

INPUTS = (
    age(),
    Flag("previous_dvt_pe", "previous deep vein thrombosis or pulmonary embolism",
         aliases=("previous dvt or pe", "previous dvt", "previous pe", "history of dvt or pe")),
    Flag("surgery_or_fracture", "surgery under general anaesthesia or lower-limb fracture within 1 month",
         aliases=("recent surgery", "lower limb fracture", "surgery or fracture within 1 month")),
    Flag("active_malignancy", "active malignant condition (solid or haematological, active or considered cured < 1 year)",
         aliases=("active cancer", "malignancy", "cancer")),
    Flag("unilateral_leg_pain", "unilateral lower-limb pain", aliases=("unilateral lower limb pain", "unilateral leg pain")),
    Flag("hemoptysis", "haemoptysis", aliases=("haemoptysis",)),
    Number("heart_rate", "1/min", (10.0, 350.0), "heart rate", required=False, aliases=("pulse", "hr")),
    Flag("leg_palpation_pain_and_edema", "pain on lower-limb deep venous palpation and unilateral oedema",
         aliases=("pain on deep venous palpation and unilateral edema", "unilateral edema and pain on palpation")),
    VERSION,
)

# (key, input, label, points in the original, points in the simplified version)
ITEMS = (
    ("previous_dvt_pe_points", "previous_dvt_pe", "Previous DVT or PE", 3),
    ("surgery_or_fracture_points", "surgery_or_fracture", "Surgery or lower-limb fracture within 1 month", 2),
    ("active_malignancy_points", "active_malignancy", "Active malignant condition", 2),
    ("unilateral_leg_pain_points", "unilateral_leg_pain", "Unilateral lower-limb pain", 3),
    ("hemoptysis_points", "hemoptysis", "Haemoptysis", 2),
    ("leg_palpation_pain_and_edema_points", "leg_palpation_pain_and_edema",
     "Pain on deep venous palpation and unilateral oedema", 4),
)


def _simplified(inputs):
    return inputs.get("version") == "simplified"


# The words models use for an item beyond its label and input ("history of DVT: +3", "calf pain: +3").
PHRASES = {
    "previous_dvt_pe": ("dvt", "pe", "deep vein thrombosis", "pulmonary embolism", "venous thromboembolism", "vte"),
    "surgery_or_fracture": ("surgery", "fracture", "operation"),
    "active_malignancy": ("cancer", "malignancy", "tumour", "tumor"),
    "unilateral_leg_pain": ("leg pain", "calf pain", "limb pain"),
    "hemoptysis": ("haemoptysis", "hemoptysis", "coughing blood"),
    "leg_palpation_pain_and_edema": ("palpation", "edema", "oedema", "leg swelling"),
}


def _item(key, name, label, original):
    def points(inputs):
        return (1 if _simplified(inputs) else original) if inputs.get(name) else 0

    def decide(inputs):
        p = points(inputs)
        if p:
            return p, f"{label}: present, +{p}"
        return 0, f"{label}: {'absent' if inputs.get(name) is False else 'not mentioned, assumed absent'}, +0"

    return custom(key, label, decide, 0, original, points, (name,), PHRASES.get(name, ()))


def _age_points(inputs):
    return 1 if inputs["age"] > 65 else 0


def _age(inputs):
    p = _age_points(inputs)
    return p, f"Age {fmt(inputs['age'])} years ({'>' if p else '≤'} 65): +{p}"


def _hr_points(inputs):
    hr = inputs.get("heart_rate")
    if hr is None or hr < 75:
        return 0
    if hr < 95:
        return 1 if _simplified(inputs) else 3
    return 2 if _simplified(inputs) else 5


def _hr(inputs):
    hr, p = inputs.get("heart_rate"), _hr_points(inputs)
    if hr is None:
        return 0, "Heart rate: not reported, assumed < 75 beats/min, +0"
    band = "< 75" if hr < 75 else "75–94" if hr < 95 else "≥ 95"
    return p, f"Heart rate {fmt(hr)} beats/min ({band}): +{p}"


CRITERIA = (
    custom("age_points", "Age > 65 years", _age, 0, 1, _age_points, ("age",)),
    *(_item(*item) for item in ITEMS),
    custom("heart_rate_points", "Heart rate", _hr, 0, 5, _hr_points, ("heart_rate",), ("heart rate 75-94", "heart rate ≥95")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, previous_dvt_pe=False, surgery_or_fracture=False, active_malignancy=False, unilateral_leg_pain=False,
            hemoptysis=False, heart_rate=None, leg_palpation_pain_and_edema=False, version="original"):
    return tally(CRITERIA, {
        "age": age, "previous_dvt_pe": previous_dvt_pe, "surgery_or_fracture": surgery_or_fracture,
        "active_malignancy": active_malignancy, "unilateral_leg_pain": unilateral_leg_pain, "hemoptysis": hemoptysis,
        "heart_rate": heart_rate, "leg_palpation_pain_and_edema": leg_palpation_pain_and_edema, "version": version,
    })


def probability(value, version):
    if version == "simplified":
        tier = "high (≥ 5)" if value >= 5 else "intermediate (2–4)" if value >= 2 else "low (0–1)"
        return f"{tier} clinical probability; PE {'likely (≥ 3)' if value >= 3 else 'unlikely (≤ 2)'}"
    return ("high (≥ 11)" if value >= 11 else "intermediate (4–10)" if value >= 4 else "low (0–3)") + " clinical probability"


def explain(inputs, inter, value):
    name = "simplified revised Geneva score" if inputs.get("version") == "simplified" else "revised Geneva score"
    lines = explain_criteria(CRITERIA, inputs, value, name)
    lines.append(f"The {name} is {value}: {probability(value, inputs.get('version'))} of PE.")
    return lines


CALCULATOR = Calculator(
    id="revised_geneva",
    name="Revised Geneva score for pulmonary embolism",
    category="pulmonology",
    description="Pretest probability of pulmonary embolism from objective items (0–22; simplified version 0–9).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Le Gal G, Righini M, Roy PM, et al. Prediction of pulmonary embolism in the emergency department: the revised "
            "Geneva score. Ann Intern Med. 2006;144(3):165-171.",
            doi="10.7326/0003-4819-144-3-200602070-00004",
            pmid="16461960",
        ),
        Citation(
            "Klok FA, Mos IC, Nijkeuter M, et al. Simplification of the revised Geneva score for assessing clinical "
            "probability of pulmonary embolism. Arch Intern Med. 2008;168(19):2131-2136.",
            doi="10.1001/archinte.168.19.2131",
            pmid="18955643",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("pulmonary embolism", "pe", "pretest probability", "simplified revised geneva", "emergency medicine"),
    population=(
        "Emergency department patients with suspected PE (Le Gal 2006 derivation and validation cohorts; Klok"
        " 2008 for the simplified version)."
    ),
    examples=(
        "Le Gal 2006 (Ann Intern Med 144:165) and Klok 2008 (Arch Intern Med 168:2131): hand-"
        "scored cases in both versions, every heart-rate and probability band edge "
        "(tests/calculators/test_revised_geneva.py)",
    ),
    increasing=("age", "previous_dvt_pe", "surgery_or_fracture", "active_malignancy", "unilateral_leg_pain", "hemoptysis",
                "heart_rate", "leg_palpation_pain_and_edema",
                # Every item scores at least as much in the original as in the simplified version.
                Monotone("version", order=("simplified", "original"))),
    notes=(
        "Default version: the revised Geneva score (Le Gal 2006); version 'simplified' gives every item 1 point and a "
        "heart rate ≥ 95 2 points (Klok 2008).",
        "Age strictly above 65 scores. Heart rate 75–94 and ≥ 95 beats/min are one criterion; an unreported heart rate scores 0.",
        "Criteria not mentioned count as absent.",
    ),
)
