"""CIWA-Ar: Clinical Institute Withdrawal Assessment for Alcohol, revised (0-67).

Sullivan, Sykora, Schneiderman, Naranjo & Sellers, Br J Addict 1989: ten items rated by the
examiner: nausea and vomiting, tremor, paroxysmal sweats, anxiety, agitation, tactile, auditory and
visual disturbances, and headache (fullness in the head), each 0-7; orientation and clouding of
sensorium 0-4. Maximum 67. On the published form, patients scoring less than 10 do not usually
need additional medication for withdrawal; scores above 15 indicate severe withdrawal (a higher
risk of seizures and delirium). Thresholds for moderate and severe withdrawal vary between
protocols (ASAM 2020: 10-18 moderate, >= 19 severe).
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import rated_item

# (name, label, top, what the examiner rates, extra phrases): short descriptions, not the form's wording.
_ITEMS = (
    ("nausea_vomiting", "Nausea and vomiting", 7, "nausea and vomiting", ("nausea", "vomiting")),
    ("tremor", "Tremor", 7, "tremor of the outstretched arms", ("shaking",)),
    ("paroxysmal_sweats", "Paroxysmal sweats", 7, "paroxysmal sweats", ("sweats", "sweating", "diaphoresis")),
    ("anxiety", "Anxiety", 7, "anxiety", ("anxious", "nervous")),
    ("agitation", "Agitation", 7, "agitation (restlessness, pacing)", ("restless", "pacing")),
    ("tactile_disturbances", "Tactile disturbances", 7, "tactile disturbances (itching, pins and needles, formication)",
     ("tactile", "itching", "formication")),
    ("auditory_disturbances", "Auditory disturbances", 7, "auditory disturbances (sensitivity to sound, hallucinations)",
     ("auditory", "sound")),
    ("visual_disturbances", "Visual disturbances", 7, "visual disturbances (sensitivity to light, hallucinations)",
     ("visual", "light")),
    ("headache", "Headache, fullness in head", 7, "headache or fullness in the head", ("fullness in head",)),
    ("orientation", "Orientation and clouding of sensorium", 4, "disorientation and clouding of sensorium",
     ("disorientation", "clouding of sensorium", "sensorium")),
)
ITEMS = tuple(
    rated_item(name, label, top, f"CIWA-Ar: {what}", aliases=(label, what) if label.lower() != what else (label,), phrases=phrases)
    for name, label, top, what, phrases in _ITEMS
)
INPUTS = tuple(inp for inp, _ in ITEMS)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)


def severity(total: int) -> str:
    if total < 10:
        return "absent to mild withdrawal (< 10): additional medication usually not needed"
    if total <= 15:
        return "moderate withdrawal (10–15)"
    return "severe withdrawal (> 15): higher risk of seizures and delirium"


def compute(nausea_vomiting=None, tremor=None, paroxysmal_sweats=None, anxiety=None, agitation=None, tactile_disturbances=None,
            auditory_disturbances=None, visual_disturbances=None, headache=None, orientation=None):
    return tally(CRITERIA, {
        "nausea_vomiting": nausea_vomiting, "tremor": tremor, "paroxysmal_sweats": paroxysmal_sweats, "anxiety": anxiety,
        "agitation": agitation, "tactile_disturbances": tactile_disturbances, "auditory_disturbances": auditory_disturbances,
        "visual_disturbances": visual_disturbances, "headache": headache, "orientation": orientation,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "CIWA-Ar")
    lines[0] = ("The CIWA-Ar adds ten examiner-rated items: nine rated 0–7 and orientation 0–4 (maximum 67); "
                "items not reported count 0.")
    lines.append(f"CIWA-Ar score {value}: {severity(value)}.")
    return lines


CALCULATOR = Calculator(
    id="ciwa_ar",
    name="CIWA-Ar (alcohol withdrawal)",
    category="psychiatry",
    description="Clinical Institute Withdrawal Assessment for Alcohol, revised: severity of alcohol withdrawal (0–67).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM. Assessment of alcohol withdrawal: the revised "
            "clinical institute withdrawal assessment for alcohol scale (CIWA-Ar). Br J Addict. 1989;84(11):1353-1357.",
            doi="10.1111/j.1360-0443.1989.tb00737.x",
            pmid="2597811",
        ),
        Citation(
            "The ASAM Clinical Practice Guideline on Alcohol Withdrawal Management. J Addict Med. 2020;14(3S Suppl 1):1-72.",
            doi="10.1097/ADM.0000000000000668",
            pmid="32511109",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('alcohol withdrawal', 'toxicology', 'addiction', 'delirium tremens', 'benzodiazepine'),
    population='Adults in alcohol withdrawal admitted for detoxification (Sullivan 1989, Toronto).',
    examples=('Sullivan 1989 (Br J Addict 84:1353) item ranges and form interpretation: hand-worked ratings at every band edge',),
    increasing=tuple(inp.name for inp in INPUTS),
    notes=(
        "Nine items are rated 0–7 and orientation 0–4, whole numbers; an item not reported counts 0.",
        "Interpretation: < 10 usually needs no additional medication (Sullivan 1989 form), 10–15 moderate, > 15 severe; "
        "protocols differ (ASAM 2020: 10–18 moderate, ≥ 19 severe).",
        "The form's anchor wording is not reproduced here: inputs are named for the sign each item rates.",
    ),
)
