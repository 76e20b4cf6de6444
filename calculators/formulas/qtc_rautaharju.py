"""QTc by Rautaharju's rate-adjustment formula: QTc = QT × (120 + HR) / 180 (ms, beats/min).

Rautaharju, Mason and Akiyama (Int J Cardiol 2014) derived 'QTcMod' = QT × (120 + HR) / 180 from an
electrophysiological model and showed, in 57,595 normal ECGs, that it minimises rate dependence of the
98th-percentile (upper normal) limits. It equals QT at 60 beats/min. This is the formula MedCalc-Bench
and MDCalc call 'Rautaharju'. It is not the linear regression correction recommended in the
AHA/ACCF/HRS 2009 statement (Rautaharju, Surawicz, Gettes), nor Rautaharju's wide-QRS formulas.
"""

from clinverify.calculators.formulas._qt import explain_inputs, qt_formula, qtc_calculator
from clinverify.calculators.model import Citation, fmt


def compute(heart_rate, qt_interval):
    factor = (120.0 + heart_rate) / 180.0
    return qt_interval * factor, {"rate_factor": factor}


def explain(inputs, inter, value):
    return [
        "Rautaharju (2014): QTc = QT × (120 + heart rate) / 180, with QT in ms and heart rate in beats/min.",
        explain_inputs(inputs),
        f"QTc = {fmt(inputs['qt_interval'])} × (120 + {fmt(inputs['heart_rate'])}) / 180 = {fmt(inputs['qt_interval'])} × "
        f"{fmt(inter['rate_factor'])} = {fmt(value)} ms.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    qt_formula(
        "qtc_rautaharju",
        "rautaharju",
        "QT × (120 + HR) / 180",
        lambda v: v["qt"] * (120 + v["hr"]) / 180,
    ),
)


CALCULATOR = qtc_calculator(
    id="qtc_rautaharju",
    medcalc_id=59,
    medcalc_name="QTc Rautaharju Calculator",
    name="Corrected QT interval (Rautaharju)",
    description="QT interval corrected for heart rate by Rautaharju's 2014 formula, QT × (120 + HR) / 180.",
    citations=(
        Citation(
            "Rautaharju PM, Mason JW, Akiyama T. New age- and sex-specific criteria for QT prolongation based on rate "
            "correction formulas that minimize bias at the upper normal limits. Int J Cardiol. 2014;174(3):535-540.",
            doi="10.1016/j.ijcard.2014.04.133",
            pmid="24825030",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "qt_interval"),
    notes=(
        "The 2014 'QTcMod' formula QT × (120 + HR) / 180; not the linear-regression correction of the 2009 AHA/ACCF/HRS "
        "ECG statement (Rautaharju PM et al., Circulation 2009;119:e241-e250) nor the wide-QRS formulas.",
        "Its age- and sex-specific upper limits (2014): < 40 y men 430 / women 440 ms; 40-69 y 440 / 450 ms; ≥ 70 y 455 / 460 ms.",
    ),
    examples=('Rautaharju 2014 (Int J Cardiol 174:535) QT × (120 + HR)/180: a worked example (tests/calculators/test_qtc_rautaharju.py)',),
    population='Rautaharju 2014: large cohorts of adult men and women.',
)
