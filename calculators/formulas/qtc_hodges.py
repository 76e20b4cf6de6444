"""QTc by the Hodges linear correction on heart rate: QTc = QT + 1.75 × (HR − 60) (ms, beats/min).

Hodges et al. (J Am Coll Cardiol 1983, abstract) fitted QT linearly on heart rate. Written on RR it is
QT + 105 × (1/RR − 1), the same thing since 1/RR = HR/60; the heart rate is used directly here.
"""

from clinverify.calculators.formulas._qt import explain_inputs, qt_formula, qtc_calculator
from clinverify.calculators.model import Citation, fmt

SLOPE_MS_PER_BPM = 1.75
REFERENCE_RATE = 60.0  # beats/min at which QTc = QT


def compute(heart_rate, qt_interval):
    adjustment = SLOPE_MS_PER_BPM * (heart_rate - REFERENCE_RATE)
    return qt_interval + adjustment, {"adjustment_ms": adjustment}


def explain(inputs, inter, value):
    return [
        "Hodges: QTc = QT + 1.75 × (heart rate − 60), with QT in ms and heart rate in beats/min.",
        explain_inputs(inputs),
        f"QTc = {fmt(inputs['qt_interval'])} + 1.75 × ({fmt(inputs['heart_rate'])} − 60) = {fmt(inputs['qt_interval'])} + "
        f"{fmt(inter['adjustment_ms'])} = {fmt(value)} ms.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    qt_formula(
        "qtc_hodges",
        "hodges",
        "QT + 1.75 × (HR − 60)",
        lambda v: v["qt"] + 1.75 * (v["hr"] - 60),
    ),
)


CALCULATOR = qtc_calculator(
    id="qtc_hodges",
    medcalc_id=58,
    medcalc_name="QTc Hodges Calculator",
    name="Corrected QT interval (Hodges)",
    description="QT interval corrected for heart rate by the Hodges linear formula, QT + 1.75 × (HR − 60).",
    citations=(
        Citation(
            "Hodges M, Salerno D, Erlien D. Bazett's QT correction reviewed: evidence that a linear QT correction for "
            "heart rate is better. J Am Coll Cardiol. 1983;1(2):694 (abstract)."
        ),
        Citation(
            "Rabkin SW, Cheng XB. Nomenclature, categorization and usage of formulae to adjust QT interval for heart rate. "
            "World J Cardiol. 2015;7(6):315-325 (lists the Hodges formula).",
            doi="10.4330/wjc.v7.i6.315",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "qt_interval"),
    notes=(
        "Uses the heart rate directly (1.75 ms per beat/min above 60); MedCalc-Bench goes through an RR interval rounded "
        "to 0.001 s, which can shift its value by a fraction of a millisecond.",
    ),
    examples=('Hodges 1983 (J Am Coll Cardiol 1:694) QT + 1.75 (HR − 60): a worked example (tests/calculators/test_qtc_hodges.py)',),
    population='Hodges 1983: adults, from the QT-heart-rate relation (published as an abstract).',
)
