"""ASA physical status classification (I-VI, "E" for emergency): a declared class, not a computed score.

American Society of Anesthesiologists, ASA Physical Status Classification System (approved by the
House of Delegates 1963, last amended 2020): I a normal healthy patient; II a patient with mild
systemic disease; III a patient with severe systemic disease; IV a patient with severe systemic
disease that is a constant threat to life; V a moribund patient who is not expected to survive
without the operation; VI a declared brain-dead patient whose organs are being removed for donor
purposes. The suffix E marks an emergency operation (delay would lead to a significant increase in
the threat to life or body part). Saklad 1941 proposed the first grading; Dripps 1961 gave the
five-class form.

The class is the anaesthetist's judgement of the whole patient: this module records and explains a
declared class (with or without E); it does not assign one from diagnoses. The definitions are
paraphrased; the ASA's examples per class are not reproduced.
"""

import re

from clinverify.calculators.inputs import Choice, Flag
from clinverify.calculators.model import Calculator, Citation, Output

CLASSES = ("I", "II", "III", "IV", "V", "VI")
DEFINITIONS = (
    "a normal healthy patient",
    "a patient with mild systemic disease",
    "a patient with severe systemic disease",
    "a patient with severe systemic disease that is a constant threat to life",
    "a moribund patient who is not expected to survive without the operation",
    "a declared brain-dead patient whose organs are being removed for donor purposes",
)

INPUTS = (
    Choice("asa_class", {c: (str(i), f"asa {c.lower()}", f"asa {i}", f"asa{i}", f"class {c.lower()}")
                         for i, c in enumerate(CLASSES, 1)},
           "ASA physical status class declared by the anaesthetist (I–VI; 'IIE' or 'ASA 3E' also read the E)",
           aliases=("asa", "asa class", "asa physical status", "asa ps", "physical status")),
    Flag("emergency", "emergency operation (the ASA 'E' suffix)", aliases=("emergency surgery", "e suffix")),
)

_WITH_E = re.compile(r"^\s*(?:asa\s*(?:class\s*)?)?(vi|iv|v|i{1,3}|[1-6])\s*-?\s*e\s*$", re.I)
_ROMAN = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "v": "V", "vi": "VI"}


def _split_e(entities):
    """'ASA IIE' / '3E': the class and the emergency suffix in one value become asa_class and emergency."""
    for key, raw in entities.items():
        if not (isinstance(key, str) and isinstance(raw, str) and CALCULATOR.input_name(key) == "asa_class"):
            continue
        m = _WITH_E.match(raw)
        if m:
            out = dict(entities)
            c = m.group(1).lower()
            out[key] = _ROMAN.get(c) or CLASSES[int(c) - 1]
            out["emergency"] = True
            return out
    return entities


def compute(asa_class, emergency=False):
    n = CLASSES.index(asa_class) + 1
    return n, {"asa_class": n, "emergency": 1 if emergency else 0}


def explain(inputs, inter, value):
    label = f"ASA {inputs['asa_class']}{'E' if inputs.get('emergency') else ''}"
    lines = [
        "ASA physical status is the anaesthetist's declared class (I–VI, with E for an emergency operation); "
        "it is recorded here, not derived from diagnoses.",
        f"{label}: class {value}, {DEFINITIONS[value - 1]}.",
    ]
    if inputs.get("emergency"):
        lines.append("E: emergency operation (delay would significantly increase the threat to life or body part).")
    return lines


CALCULATOR = Calculator(
    id="asa_physical_status",
    name="ASA physical status classification",
    category="anesthesiology",
    description="Records and explains a declared ASA physical status class (I–VI, E for emergency); not a computed score.",
    inputs=INPUTS,
    output=Output("class", "integer", 0, minimum=1, maximum=6),
    citations=(
        Citation("American Society of Anesthesiologists. Statement on ASA Physical Status Classification System "
                 "(approved 1963, last amended December 13, 2020).",
                 url="https://www.asahq.org/standards-and-practice-parameters/statement-on-asa-physical-status-classification-system"),
        Citation("Saklad M. Grading of patients for surgical procedures. Anesthesiology. 1941;2(5):281-284.",
                 doi="10.1097/00000542-194105000-00004"),
        Citation("Mayhew D, Mendonca V, Murthy BVS. A review of ASA physical status – historical perspectives and modern "
                 "developments. Anaesthesia. 2019;74(3):373-379.", doi="10.1111/anae.14569", pmid="30648259"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=_split_e,
    keywords=("preoperative assessment", "anesthesia", "physical status", "surgery", "perioperative risk", "anaesthesia", "asa class", "asa score"),
    population="Patients before anaesthesia and surgery (ASA classification, all ages; the ASA gives adult, paediatric and "
               "obstetric examples).",
    examples=(
        "ASA statement (2020) class definitions: declared classes I–VI echoed with their definitions, 'IIE' and 'ASA 3E' "
        "read as class and E (tests/calculators/test_asa_physical_status.py); no computation to check against a source",
    ),
    increasing=("asa_class",),
    notes=(
        "The class is a clinical judgement: this calculator does not assign it from conditions (the ASA's examples are "
        "guidance, not rules); it validates, records and explains a declared class.",
        "The value is the class number (1–6); the emergency suffix E is the intermediate 'emergency' (1 with E).",
        "The definitions are paraphrased from the ASA statement; its table of examples is not reproduced.",
    ),
)
