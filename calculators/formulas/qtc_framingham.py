"""QTc by the Framingham linear correction: QTc = QT + 0.154 × (1 − RR) in seconds, i.e.
QTc (ms) = QT (ms) + 154 × (1 − RR (s)).

Sagie et al. (Am J Cardiol 1992) fitted QT on RR by linear regression in Framingham Heart Study
participants (slope 0.154 s of QT per s of RR).
"""

from dataclasses import replace

from clinverify.calculators.formulas._qt import explain_inputs, qt_formula, qtc_calculator, rr_seconds
from clinverify.calculators.model import Citation, fmt

SLOPE_MS = 154.0  # 0.154 s of QT per s of RR, written in ms


def compute(heart_rate, qt_interval):
    rr = rr_seconds(heart_rate)
    adjustment = SLOPE_MS * (1.0 - rr)
    return qt_interval + adjustment, {"rr_interval_s": rr, "adjustment_ms": adjustment}


def explain(inputs, inter, value):
    return [
        "Framingham (Sagie 1992): QTc = QT + 154 × (1 − RR), with QT in ms and RR = 60 / heart rate in seconds.",
        explain_inputs(inputs, inter["rr_interval_s"]),
        f"QTc = {fmt(inputs['qt_interval'])} + 154 × (1 − {fmt(inter['rr_interval_s'])}) = {fmt(inputs['qt_interval'])} + "
        f"{fmt(inter['adjustment_ms'])} = {fmt(value)} ms.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    replace(
        qt_formula(
            "qtc_framingham",
            "framingham",
            "QT + 154 × (1 − RR)",
            lambda v: v["qt"] + 154 * (1 - v["rr"]),
            # Sagie 1992 writes it in seconds, QT + 0.154 × (1 − RR): the same formula with QT in s,
            # right only in a trace that takes the QT in seconds (0.38 s, not 380 ms).
            lambda v: v["qt"] + 0.154 * (1 - v["rr"]),
        ),
        form_units=(None, "s"),
        form_unit_input="qt_interval",
    ),
)


CALCULATOR = qtc_calculator(
    id="qtc_framingham",
    medcalc_id=57,
    medcalc_name="QTc Framingham Calculator",
    name="Corrected QT interval (Framingham)",
    description="QT interval corrected for heart rate by the Framingham linear formula, QT + 154 × (1 − RR).",
    citations=(
        Citation(
            "Sagie A, Larson MG, Goldberg RJ, Bengtson JR, Levy D. An improved method for adjusting the QT interval for "
            "heart rate (the Framingham Heart Study). Am J Cardiol. 1992;70(7):797-801.",
            doi="10.1016/0002-9149(92)90562-D",
            pmid="1519533",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "qt_interval"),
    population='5018 Framingham Heart Study participants (Sagie 1992).',
    examples=('Sagie 1992 (Am J Cardiol 70:797) QT + 0.154 (1 − RR): a worked example (tests/calculators/test_qtc_framingham.py)',),
)
