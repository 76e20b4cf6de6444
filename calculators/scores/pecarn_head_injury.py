"""PECARN paediatric head injury rule: risk group for clinically important traumatic brain injury.

Kuppermann et al. (Lancet 2009, Figure 3), children with minor blunt head trauma (GCS 14-15):
  younger than 2 years
    high (ciTBI 4.4 %, CT recommended): GCS 14 (< 15), other signs of altered mental status
      (agitation, somnolence, repetitive questioning, slow response), or palpable skull fracture
    intermediate (0.9 %, observation or CT): occipital, parietal or temporal scalp haematoma, loss of
      consciousness ≥ 5 s, severe mechanism of injury, or not acting normally per the parent
    very low (< 0.02 %, CT not recommended): none of these
  2 years and older
    high (4.3 %): GCS 14 (< 15), other signs of altered mental status, or signs of basilar skull fracture
    intermediate (0.9 %): history of loss of consciousness, history of vomiting, severe mechanism of
      injury, or severe headache
    very low (< 0.05 %): none of these
Severe mechanism: motor vehicle crash with ejection, death of another passenger or rollover; pedestrian
or unhelmeted cyclist struck by a motorised vehicle; fall > 0.9 m (3 ft) under 2 years, > 1.5 m (5 ft)
from 2 years; head struck by a high-impact object.
The value is the risk group: 0 very low, 1 intermediate, 2 high.
"""

from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt

GCS = Number("gcs", "", (3, 15), "Glasgow Coma Scale score (15 unless stated)", integer=True, required=False, default=15,
             aliases=("Glasgow Coma Scale", "GCS score", "glasgow coma score"))
AMS = Flag("altered_mental_status", "other signs of altered mental status: agitation, somnolence, repetitive questioning "
           "or slow response to verbal communication", aliases=("altered mental status", "AMS"))
PALPABLE = Flag("palpable_skull_fracture", "palpable (or unclear) skull fracture", aliases=("palpable skull fracture",))
BASILAR = Flag("basilar_skull_fracture", "signs of basilar skull fracture (retroauricular bruising, periorbital bruising, "
               "haemotympanum, CSF otorrhoea or rhinorrhoea)", aliases=("signs of basilar skull fracture", "basilar skull fracture"))
HEMATOMA = Flag("scalp_hematoma", "occipital, parietal or temporal scalp haematoma (not frontal)",
                aliases=("non-frontal scalp hematoma", "scalp haematoma", "occipital scalp hematoma"))
LOC = Choice(
    "loss_of_consciousness",
    {
        "none": ("no", "false", "no loss of consciousness"),
        "under 5 s": ("< 5 s", "brief", "less than 5 seconds", "suspected", "yes, under 5 seconds"),
        "5 s or more": (">= 5 s", "≥ 5 s", "5 seconds or more", "yes, 5 seconds or more"),
    },
    "loss of consciousness: none, under 5 seconds (or suspected), or 5 seconds or more; not mentioned = none",
    aliases=("LOC", "loss of consciousness"),
    required=False,
)
VOMITING = Flag("vomiting", "history of vomiting", aliases=("history of vomiting",))
MECHANISM = Flag("severe_mechanism", "severe mechanism of injury", aliases=("severe mechanism of injury", "high-risk mechanism"))
HEADACHE = Flag("severe_headache", "severe headache", aliases=())
NOT_NORMAL = Flag("not_acting_normally", "not acting normally per the parent", aliases=("not acting normally per parent",))

INPUTS = (age(range=(0.0, 18.0)), GCS, AMS, PALPABLE, BASILAR, HEMATOMA, LOC, VOMITING, MECHANISM, HEADACHE, NOT_NORMAL)

RISK = {  # (under 2 years?) -> group -> (ciTBI risk, advice)
    True: {2: ("4.4 %", "CT recommended"), 1: ("0.9 %", "observation or CT (clinician's choice)"),
           0: ("< 0.02 %", "CT not recommended")},
    False: {2: ("4.3 %", "CT recommended"), 1: ("0.9 %", "observation or CT (clinician's choice)"),
            0: ("< 0.05 %", "CT not recommended")},
}
GROUP = {0: "very low risk", 1: "intermediate risk", 2: "high risk"}


def _findings(inputs) -> tuple[list[str], list[str]]:
    """(high-risk findings, intermediate-risk findings) present, by the patient's age branch."""
    young = inputs["age"] < 2
    loc = inputs.get("loss_of_consciousness") or "none"
    high = [text for present, text in (
        (inputs["gcs"] < 15, f"GCS {inputs['gcs']} (< 15)"),
        (inputs.get("altered_mental_status"), "other signs of altered mental status"),
        (young and inputs.get("palpable_skull_fracture"), "palpable skull fracture"),
        (not young and inputs.get("basilar_skull_fracture"), "signs of basilar skull fracture"),
    ) if present]
    if young:
        middle = [text for present, text in (
            (inputs.get("scalp_hematoma"), "occipital, parietal or temporal scalp haematoma"),
            (loc == "5 s or more", "loss of consciousness ≥ 5 s"),
            (inputs.get("severe_mechanism"), "severe mechanism of injury"),
            (inputs.get("not_acting_normally"), "not acting normally per the parent"),
        ) if present]
    else:
        middle = [text for present, text in (
            (loc != "none", "history of loss of consciousness"),
            (inputs.get("vomiting"), "history of vomiting"),
            (inputs.get("severe_mechanism"), "severe mechanism of injury"),
            (inputs.get("severe_headache"), "severe headache"),
        ) if present]
    return high, middle


def compute(age, gcs=15, altered_mental_status=False, palpable_skull_fracture=False, basilar_skull_fracture=False,
            scalp_hematoma=False, loss_of_consciousness=None, vomiting=False, severe_mechanism=False,
            severe_headache=False, not_acting_normally=False):
    high, middle = _findings({
        "age": age, "gcs": gcs, "altered_mental_status": altered_mental_status,
        "palpable_skull_fracture": palpable_skull_fracture, "basilar_skull_fracture": basilar_skull_fracture,
        "scalp_hematoma": scalp_hematoma, "loss_of_consciousness": loss_of_consciousness, "vomiting": vomiting,
        "severe_mechanism": severe_mechanism, "severe_headache": severe_headache, "not_acting_normally": not_acting_normally,
    })
    group = 2 if high else 1 if middle else 0
    return group, {"high_risk_findings": len(high), "intermediate_risk_findings": len(middle)}


def explain(inputs, inter, value):
    young = inputs["age"] < 2
    high, middle = _findings(inputs)
    risk, advice = RISK[young][value]
    branch = "younger than 2 years" if young else "2 years and older"
    return [
        f"PECARN rule, age {fmt(inputs['age'])} years ({branch}): any high-risk finding puts the child in the high-risk "
        "group; otherwise any intermediate-risk finding, the intermediate group; otherwise very low risk.",
        "High-risk findings: " + (", ".join(high) if high else "none") + ".",
        "Intermediate-risk findings: " + (", ".join(middle) if middle else "none") + ".",
        f"Risk group {value} ({GROUP[value]}): clinically important TBI {risk}; {advice}.",
    ]


CALCULATOR = Calculator(
    id="pecarn_head_injury",
    name="PECARN pediatric head injury rule",
    category="pediatrics",
    description="Risk group (0 very low, 1 intermediate, 2 high) for clinically important brain injury after minor head "
                "trauma in children, by age < 2 or ≥ 2 years.",
    inputs=INPUTS,
    output=Output("risk group", "integer", 0, minimum=0, maximum=2),
    citations=(
        Citation(
            "Kuppermann N, Holmes JF, Dayan PS, et al. Identification of children at very low risk of clinically-important "
            "brain injuries after head trauma: a prospective cohort study. Lancet. 2009;374(9696):1160-1170.",
            doi="10.1016/S0140-6736(09)61558-0",
            pmid="19758692",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("altered_mental_status", "palpable_skull_fracture", "basilar_skull_fracture", "scalp_hematoma",
                "loss_of_consciousness", "vomiting", "severe_mechanism", "severe_headache", "not_acting_normally"),
    decreasing=("gcs",),
    keywords=('head injury', 'traumatic brain injury', 'ct', 'emergency medicine', 'head ct', 'tbi', 'children', 'paediatrics', 'minor head trauma'),
    population='42,412 children under 18 with GCS 14-15 after blunt head trauma in 25 North American emergency departments (Kuppermann 2009).',
    examples=('Kuppermann 2009 (Lancet 374:1160) Figure 3 rules: hand-worked cases, every finding in each age branch',),
    notes=(
        "For children with GCS 14–15 after blunt head trauma within 24 hours; not for penetrating trauma, known brain "
        "tumours, bleeding disorders, ventricular shunts or neuroimaging before arrival.",
        "The age branch is by age < 2 years; each branch reads only its own findings (palpable skull fracture, scalp "
        "haematoma and parent's report under 2; basilar skull fracture, vomiting and headache from 2).",
        "Findings not mentioned count as absent; GCS not reported is taken as 15.",
    ),
)
