"""TIMI risk score for unstable angina / non-ST-elevation MI."""

from clinverify.calculators.criteria import bands, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, age
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    age(),
    Flag("three_risk_factors", "≥ 3 CAD risk factors (family history, hypertension, hypercholesterolaemia, diabetes, current smoker)"),
    Flag("known_cad", "known coronary stenosis ≥ 50 %"),
    Flag("aspirin_last_7_days", "aspirin use in the past 7 days"),
    Flag("severe_angina", "≥ 2 anginal episodes in the past 24 h"),
    Flag("st_deviation", "ST deviation ≥ 0.5 mm on the admission ECG"),
    Flag("positive_marker", "elevated cardiac marker (troponin or CK-MB)"),
)

CRITERIA = (
    bands("age_points", "age", [(None, 65, 0), (65, None, 1)], "Age", "years"),
    flag("risk_factor_points", "three_risk_factors", 1, "≥ 3 CAD risk factors"),
    flag("known_cad_points", "known_cad", 1, "Known CAD (stenosis ≥ 50 %)"),
    flag("aspirin_points", "aspirin_last_7_days", 1, "Aspirin use in past 7 days"),
    flag("severe_angina_points", "severe_angina", 1, "Severe angina (≥ 2 episodes in 24 h)"),
    flag("st_deviation_points", "st_deviation", 1, "ST deviation ≥ 0.5 mm"),
    flag("marker_points", "positive_marker", 1, "Positive cardiac marker"),
)
LOW, HIGH = score_range(CRITERIA)
RISK_14_DAY = {0: 4.7, 1: 4.7, 2: 8.3, 3: 13.2, 4: 19.9, 5: 26.2, 6: 40.9, 7: 40.9}


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    return explain_criteria(CRITERIA, inputs, value, "TIMI score") + [f"14-day risk of death, MI or urgent revascularisation: {RISK_14_DAY[value]} % (Antman 2000)."]


CALCULATOR = Calculator(
    id="timi_ua_nstemi",
    name="TIMI risk score for UA/NSTEMI",
    category="cardiology",
    description="Seven binary predictors of 14-day adverse events in UA/NSTEMI (0-7).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Antman EM, Cohen M, Bernink PJ, et al. The TIMI risk score for unstable angina/non-ST elevation MI: a method for prognostication and therapeutic decision making. JAMA. 2000;284(7):835-842.", doi="10.1001/jama.284.7.835", pmid="10938172"),),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "three_risk_factors", "known_cad", "aspirin_last_7_days", "severe_angina", "st_deviation",
                "positive_marker"),
    keywords=('acute coronary syndrome', 'unstable angina', 'nstemi', 'chest pain', 'emergency medicine', 'heart attack', 'timi', 'nste-acs'),
    population='Patients with UA/NSTEMI in TIMI 11B (derivation), validated in TIMI 11B and ESSENCE (Antman 2000).',
    examples=('Antman 2000 (JAMA 284:835) seven variables: hand-scored cases (tests/calculators/test_timi_ua_nstemi.py)',),
)
