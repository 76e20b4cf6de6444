"""QTc by Fridericia's cube-root correction: QTc = QT / RR^(1/3) (QT in ms, RR in s).

Fridericia (Acta Med Scand 1920) found the duration of electrical systole proportional to the cube root
of the cycle length in normal subjects.
"""

from clinverify.calculators.formulas._qt import explain_inputs, qt_formula, qtc_calculator, rr_seconds
from clinverify.calculators.model import Citation, fmt


def compute(heart_rate, qt_interval):
    rr = rr_seconds(heart_rate)
    cbrt_rr = rr ** (1.0 / 3.0)
    return qt_interval / cbrt_rr, {"rr_interval_s": rr, "cube_root_rr": cbrt_rr}


def explain(inputs, inter, value):
    return [
        "Fridericia: QTc = QT / RR^(1/3), with QT in ms and RR = 60 / heart rate in seconds.",
        explain_inputs(inputs, inter["rr_interval_s"]),
        f"QTc = {fmt(inputs['qt_interval'])} / {fmt(inter['rr_interval_s'])}^(1/3) = {fmt(inputs['qt_interval'])} / "
        f"{fmt(inter['cube_root_rr'])} = {fmt(value)} ms.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (qt_formula("qtc_fridericia", "fridericia", "QT / RR^(1/3)", lambda v: v["qt"] / v["rr"] ** (1 / 3)),)


CALCULATOR = qtc_calculator(
    id="qtc_fridericia",
    medcalc_id=56,
    medcalc_name="QTc Fridericia Calculator",
    name="Corrected QT interval (Fridericia)",
    description="QT interval corrected for heart rate by Fridericia's cube-root formula, QT / RR^(1/3).",
    citations=(
        Citation(
            "Fridericia LS. Die Systolendauer im Elektrokardiogramm bei normalen Menschen und bei Herzkranken. "
            "Acta Med Scand. 1920;53:469-486.",
            doi="10.1111/j.0954-6820.1920.tb18266.x",
        ),
        Citation(
            "English translation: Fridericia LS. The duration of systole in an electrocardiogram in normal humans and in "
            "patients with heart disease. Ann Noninvasive Electrocardiol. 2003;8(4):343-351.",
            doi="10.1046/j.1542-474X.2003.08413.x",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "qt_interval"),
    examples=('Fridericia 1920 (Acta Med Scand 53:469) QT/RR^(1/3): a worked example (tests/calculators/test_qtc_fridericia.py)',),
    population='Fridericia 1920: a small group of healthy subjects.',
)
