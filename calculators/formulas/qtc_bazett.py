"""QTc by Bazett's square-root correction: QTc = QT / √RR (QT in ms, RR in s).

Bazett (Heart 1920) fitted systole duration to the square root of the cycle length; the QT/√RR form
is its conventional clinical use. It over-corrects at fast and under-corrects at slow heart rates.
"""

import math

from clinverify.calculators.formulas._qt import RR_STATEMENT, explain_inputs, qt_formula, qtc_calculator, rr_seconds
from clinverify.calculators.model import Citation, fmt


def compute(heart_rate, qt_interval):
    rr = rr_seconds(heart_rate)
    sqrt_rr = math.sqrt(rr)
    return qt_interval / sqrt_rr, {"rr_interval_s": rr, "sqrt_rr": sqrt_rr}


def explain(inputs, inter, value):
    return [
        "Bazett: QTc = QT / √RR, with QT in ms and RR = 60 / heart rate in seconds.",
        explain_inputs(inputs, inter["rr_interval_s"]),
        f"QTc = {fmt(inputs['qt_interval'])} / √{fmt(inter['rr_interval_s'])} = {fmt(inputs['qt_interval'])} / "
        f"{fmt(inter['sqrt_rr'])} = {fmt(value)} ms.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (qt_formula("qtc_bazett", "bazett", "QT / √RR", lambda v: v["qt"] / math.sqrt(v["rr"])), RR_STATEMENT)


CALCULATOR = qtc_calculator(
    id="qtc_bazett",
    medcalc_id=11,
    medcalc_name="QTc Bazett Calculator",
    name="Corrected QT interval (Bazett)",
    description="QT interval corrected for heart rate by Bazett's square-root formula, QT / √RR.",
    citations=(
        Citation(
            "Bazett HC. An analysis of the time-relations of electrocardiograms. Heart. 1920;7:353-370. "
            "Reprinted: Ann Noninvasive Electrocardiol. 1997;2(2):177-194.",
            doi="10.1111/j.1542-474X.1997.tb00325.x",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "qt_interval"),
    examples=('Bazett 1920 (Heart 7:353) QT/√RR: a worked example (tests/calculators/test_qtc_bazett.py)',),
    population='Bazett 1920: a small group of healthy young subjects; overcorrects at fast heart rates.',
)
