"""ABCD² score: early stroke risk after a transient ischaemic attack."""

from clinverify.calculators.criteria import custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt

INPUTS = (
    age(),
    Number("systolic_bp", "mmHg", (40.0, 300.0), "systolic BP at first assessment", aliases=("Systolic Blood Pressure", "sbp")),
    Number("diastolic_bp", "mmHg", (20.0, 200.0), "diastolic BP at first assessment", aliases=("Diastolic Blood Pressure", "dbp")),
    Choice("clinical_features", {"unilateral weakness": ("weakness",), "speech disturbance without weakness": ("speech", "speech disturbance"), "other": ("none",)}, "clinical features of the TIA", required=False, default="other"),
    Number("duration_min", "min", (0.0, 1440.0), "duration of symptoms", aliases=("duration",)),
    Flag("diabetes", "diabetes mellitus"),
)


def _bp(i):
    high = i["systolic_bp"] >= 140 or i["diastolic_bp"] >= 90
    return int(high), f"Blood pressure {fmt(i['systolic_bp'])}/{fmt(i['diastolic_bp'])} mmHg ({'≥' if high else '<'} 140/90): +{int(high)}"


def _duration(i):
    d = i["duration_min"]
    p = 2 if d >= 60 else 1 if d >= 10 else 0
    return p, f"Duration {fmt(d)} min ({'≥ 60' if p == 2 else '10-59' if p == 1 else '< 10'}): +{p}"


CRITERIA = (
    custom("age_points", "Age ≥ 60", lambda i: (int(i["age"] >= 60), f"Age {fmt(i['age'])} ({'≥' if i['age'] >= 60 else '<'} 60): +{int(i['age'] >= 60)}"), 0, 1, points=lambda i: int(i["age"] >= 60), inputs=("age",)),
    custom("blood_pressure_points", "Blood pressure ≥ 140/90", _bp, 0, 1, points=lambda i: _bp(i)[0]),
    option("clinical_points", "clinical_features", {"unilateral weakness": 2, "speech disturbance without weakness": 1, "other": 0}, "Clinical features"),
    custom("duration_points", "Duration", _duration, 0, 2, points=lambda i: _duration(i)[0]),
    flag("diabetes_points", "diabetes", 1, "Diabetes"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    return explain_criteria(CRITERIA, inputs, value, "ABCD² score") + ["2-day stroke risk: 0-3 low, 4-5 moderate, 6-7 high (Johnston 2007)."]


CALCULATOR = Calculator(
    id="abcd2",
    name="ABCD² score for TIA",
    category="neurology",
    description="Age, blood pressure, clinical features, duration, diabetes (0-7).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Johnston SC, Rothwell PM, Nguyen-Huynh MN, et al. Validation and refinement of scores to predict very early stroke risk after transient ischaemic attack. Lancet. 2007;369(9558):283-292.", doi="10.1016/S0140-6736(07)60150-0", pmid="17258668"),),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('tia', 'transient ischaemic attack', 'stroke risk', 'emergency medicine', 'ischemic', 'stroke'),
    population='Patients with transient ischaemic attack in Californian and Oxfordshire cohorts (Johnston 2007).',
    examples=('Johnston 2007 (Lancet 369:283) score items: hand-scored cases (tests/calculators/test_abcd2.py)',),
)
