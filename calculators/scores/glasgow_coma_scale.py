"""Glasgow Coma Scale (3-15): best eye, verbal and motor responses.

Teasdale & Jennett, Lancet 1974 (the scale); the summed 15-point form with six motor levels,
as in Teasdale et al., Lancet Neurol 2014 (Table: the scale at 40 years):
  Eye     4 spontaneous, 3 to sound/command, 2 to pain/pressure, 1 none
  Verbal  5 oriented, 4 confused, 3 inappropriate words, 2 incomprehensible sounds, 1 none
  Motor   6 obeys commands, 5 localises, 4 normal flexion (withdrawal), 3 abnormal flexion,
          2 extension, 1 none
A component that cannot be tested (intubation, eyes swollen shut) is recorded "NT". Teasdale 2014
advises reporting the components rather than a sum then; when a sum is wanted, the common
convention scores the untestable component 1 and marks it ("T" for an intubated patient's verbal
response, "C" for eyes closed by swelling: "GCS 7T"), done here and stated in the explanation.
"""

from clinverify.calculators.criteria import custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Choice, Invalid
from clinverify.calculators.limits import quote
from clinverify.calculators.model import Calculator, Citation, Output

NOT_TESTABLE = "not testable"
NT_POINTS = 1  # the "T"/"C" convention: an untestable component counts as its lowest level


class Response(Choice):
    """A GCS component: its descriptor or its number (1-4/5/6), or 'not testable'."""

    __slots__ = ()

    def coerce(self, raw: object) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            return Choice.coerce(self, raw)
        except Invalid:
            top = max(int(s) for spellings in self.options.values() for s in spellings if s.isdigit())
            raise Invalid(f"expected 1–{top} or one of {', '.join(self.options)}, got {quote(raw)}") from None


EYE = Response(
    "eye_response",
    {
        "eyes open spontaneously": ("spontaneous", "spontaneously", "open spontaneously", "e4", "4"),
        "eye opening to verbal command": ("to verbal command", "to speech", "to sound", "to voice", "to command", "e3", "3"),
        "eye opening to pain": ("to pain", "to pressure", "to painful stimulus", "e2", "2"),
        "no eye opening": ("none", "no response", "no eye response", "e1", "1"),
        NOT_TESTABLE: ("nt", "untestable", "non-testable", "eyes closed by swelling"),
    },
    "best eye response (1–4 or its description; 'not testable' scores 1)",
    aliases=("Best eye response", "eye opening", "eye", "E"),
)
VERBAL = Response(
    "verbal_response",
    {
        "oriented": ("orientated", "oriented, converses normally", "v5", "5"),
        "confused": ("confused conversation", "disoriented", "v4", "4"),
        "inappropriate words": ("inappropriate", "words", "v3", "3"),
        "incomprehensible sounds": ("incomprehensible", "sounds", "moaning", "v2", "2"),
        "no verbal response": ("none", "no response", "v1", "1"),
        NOT_TESTABLE: ("nt", "untestable", "non-testable", "intubated", "t", "vt"),
    },
    "best verbal response (1–5 or its description; 'not testable', e.g. intubated, scores 1)",
    aliases=("Best verbal response", "verbal", "V"),
)
MOTOR = Response(
    "motor_response",
    {
        "obeys commands": ("obeys", "obeys command", "m6", "6"),
        "localizes pain": ("localises pain", "localizes", "localises", "localizing", "localising", "m5", "5"),
        "withdrawal from pain": ("withdraws", "withdraws from pain", "normal flexion", "withdrawal", "m4", "4"),
        "flexion to pain": ("abnormal flexion", "decorticate", "decorticate posturing", "abnormal flexion to pain", "m3", "3"),
        # ("flexion to pain" alone is not a spelling: some write it for M4's withdrawal, others for M3)
        "extension to pain": ("extension", "extension to pain", "abnormal extension", "decerebrate", "decerebrate posturing", "m2", "2"),
        "no motor response": ("none", "no response", "flaccid", "m1", "1"),
        NOT_TESTABLE: ("nt", "untestable", "non-testable", "paralysed", "paralyzed"),
    },
    "best motor response (1–6 or its description; 'not testable' scores 1)",
    aliases=("Best motor response", "motor", "M"),
)


def _table(choice: Choice) -> dict[str, int]:
    out = {}
    for opt, spellings in choice.options.items():
        digits = [int(s) for s in spellings if s.isdigit()]
        out[opt] = digits[0] if digits else NT_POINTS
    return out


EYE_POINTS, VERBAL_POINTS, MOTOR_POINTS = _table(EYE), _table(VERBAL), _table(MOTOR)


def _component(key: str, name: str, table: dict[str, int], label: str, phrases: tuple[str, ...] = ()):
    top = max(table.values())

    def decide(inputs):
        v = inputs[name]
        p = table[v]
        if v == NOT_TESTABLE:
            return p, f"{label}: not testable (NT), scored {p} by the usual convention (verbal 'T', eyes 'C', e.g. 'GCS 7T'), +{p}"
        return p, f"{label}: {v} ({p} of {top}), +{p}"

    def points(inputs):
        return table[inputs[name]]

    return custom(key, label, decide, min(table.values()), top, points, (name,), phrases)


CRITERIA = (
    # (the phrases models use for each response: "opens their eyes to voice", "eyes open to pain")
    _component("eye_points", "eye_response", EYE_POINTS, "Best eye response", ("eyes", "opens eyes", "opens his eyes", "opens her eyes", "opens their eyes")),
    _component("verbal_points", "verbal_response", VERBAL_POINTS, "Best verbal response", ("verbal", "speech", "voice response")),
    _component("motor_points", "motor_response", MOTOR_POINTS, "Best motor response", ("motor", "movement")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(eye_response, verbal_response, motor_response):
    return tally(CRITERIA, {"eye_response": eye_response, "verbal_response": verbal_response, "motor_response": motor_response})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Glasgow Coma Scale")
    lines[0] = "The Glasgow Coma Scale adds the best eye (1–4), verbal (1–5) and motor (1–6) responses, each counted once."
    nt = [n.split("_")[0] for n in ("eye_response", "verbal_response", "motor_response") if inputs[n] == NOT_TESTABLE]
    severity = "severe (≤ 8)" if value <= 8 else "moderate (9–12)" if value <= 12 else "mild (13–15)"
    suffix = "T" if nt else ""
    lines.append(f"GCS {value}{suffix}: {severity} impairment of consciousness.")
    if nt:
        lines.append(f"The {' and '.join(nt)} response could not be tested; Teasdale 2014 advises reporting the components "
                     f"(E{inter['eye_points']} V{inter['verbal_points']} M{inter['motor_points']}, NT scored 1) rather than relying on the sum.")
    return lines


CALCULATOR = Calculator(
    id="glasgow_coma_scale",
    medcalc_id=21,
    medcalc_name="Glasgow Coma Score (GCS)",
    name="Glasgow Coma Scale",
    category="neurology",
    description="Level of consciousness from the best eye, verbal and motor responses (3–15).",
    inputs=(EYE, VERBAL, MOTOR),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Teasdale G, Jennett B. Assessment of coma and impaired consciousness. A practical scale. Lancet. "
            "1974;2(7872):81-84.",
            doi="10.1016/s0140-6736(74)91639-0",
            pmid="4136544",
        ),
        Citation(
            "Teasdale G, Maas A, Lecky F, Manley G, Stocchetti N, Murray G. The Glasgow Coma Scale at 40 years: "
            "standing the test of time. Lancet Neurol. 2014;13(8):844-854.",
            doi="10.1016/S1474-4422(14)70120-6",
            pmid="25030516",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    decreasing=("eye_response", "verbal_response", "motor_response"),  # options best first; not testable scores 1
    notes=(
        "Each response counts once: eye 1–4 + verbal 1–5 + motor 1–6 = 3–15.",
        "A response that is not testable (intubated, eyes swollen shut) scores 1, the usual 'T'/'C' convention (e.g. "
        "'GCS 7T'); the explanation says so and lists the components, as Teasdale 2014 advises.",
        "All three responses are required; a number (e.g. eye 3) or the descriptor is accepted.",
        "MedCalc-Bench v1.0 adds the verbal response twice and scores 'not testable' as 4, so its labels run above 15; "
        "see the errata.",
    ),
    keywords=('consciousness', 'head injury', 'trauma', 'emergency medicine', 'critical care', 'gcs', 'tbi', 'traumatic brain injury'),
    population='Patients with head injury and impaired consciousness (Teasdale & Jennett 1974); now used for coma of any cause.',
    examples=('Published FHIR example instance (a synthetic patient): HL7 FHIR Observation/glasgow, E4 V4 M5 = 13',
              'Teasdale & Jennett 1974 (Lancet 2:81) and Teasdale 2014 (Lancet Neurol 13:844) component tables: '
              'hand-scored cases (tests/calculators/test_glasgow_coma_scale.py)',),
)
