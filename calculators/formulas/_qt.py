"""Shared pieces of the QT-interval rate corrections (Bazett, Fridericia, Framingham, Hodges, Rautaharju).

All five take the measured QT interval (ms) and the heart rate (beats/min); the power-law and linear
forms are written in terms of the RR interval, RR (s) = 60 / heart rate.
"""

import random

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, ComputeFn, ExplainFn, Output, fmt
from clinverify.calculators.statements import Formula

HEART_RATE = Number(
    "heart_rate", "1/min", (10.0, 350.0), "heart rate (ventricular rate) on the ECG", aliases=("Heart Rate or Pulse", "heart rate", "pulse", "hr")
)
QT = Number("qt_interval", "ms", (100.0, 1000.0), "measured (uncorrected) QT interval", aliases=("QT interval", "qt", "qt interval (ms)"))

INPUTS = (HEART_RATE, QT)
CATEGORY = "cardiology"


def rr_seconds(heart_rate: float) -> float:
    """RR interval (s) from the heart rate: 60 s per minute / beats per minute."""
    return 60.0 / heart_rate


def explain_inputs(inputs, rr: float | None = None) -> str:
    s = f"QT interval {fmt(inputs['qt_interval'])} ms; heart rate {fmt(inputs['heart_rate'])} beats/min"
    if rr is not None:
        s += f", so RR = 60 / {fmt(inputs['heart_rate'])} = {fmt(rr)} s"
    return s + "."


NOTE_RR = "RR (s) is taken as 60 / heart rate; the heart rate is not rounded or capped."


# For the verifier's formula statements (clinverify.calculators.statements.Formula): the phrases
# models use for the variables, and consistent values (RR = 60 / heart rate).
QT_PHRASES = {
    "qt": ("qt interval", "qt"),
    "rr": ("rr interval sec", "rr interval in seconds", "rr interval", "rr"),
    "hr": ("heart rate", "hr"),
}


def qt_sample(rng: random.Random) -> dict[str, float]:
    hr = rng.uniform(45, 140)
    return {"qt": rng.uniform(300, 520), "hr": hr, "rr": 60.0 / hr}


def qt_formula(key: str, name: str, text: str, form, *alternatives) -> Formula:
    """A QTc formula as traces state it: the family's phrases and sampler, the accepted form (and
    any other the primary source writes)."""
    return Formula(key=key, names=(name,), text=text, phrases=QT_PHRASES, sample=qt_sample, forms=(form, *alternatives))


def qtc_calculator(
    *,
    id: str,
    medcalc_id: int,
    medcalc_name: str,
    name: str,
    description: str,
    citations: tuple[Citation, ...],
    compute_fn: ComputeFn,
    explain_fn: ExplainFn,
    notes: tuple[str, ...] = (NOTE_RR,),
    increasing: tuple[str, ...] = (),
    keywords: tuple[str, ...] = ("ecg", "ekg", "qt interval", "qtc", "qt prolongation", "arrhythmia", "drug safety"),
    population: str = "",
    examples: tuple[str, ...] = (),
) -> Calculator:
    """The declaration the QT rate corrections share (the heart rate and QT inputs, QTc in ms, the
    cardiology category); each module passes what is its own, ``compute_fn`` and ``explain_fn``
    defined in it (the verifier finds a calculator's STATEMENTS in the module of its compute_fn)."""
    return Calculator(
        id=id,
        medcalc_id=medcalc_id,
        medcalc_name=medcalc_name,
        name=name,
        category=CATEGORY,
        description=description,
        inputs=INPUTS,
        output=Output("ms", "decimal", 0),
        citations=citations,
        compute_fn=compute_fn,
        explain_fn=explain_fn,
        notes=notes,
        increasing=increasing,
        keywords=keywords,
        population=population,
        examples=examples,
    )


# The RR interval as traces state it ("RR interval = 60 / heart rate", "RR (ms) = 60000 / HR"): a
# named step every QT correction shares, declared once (in qtc_bazett's STATEMENTS, the first
# module of the family) and judged wherever a statement names it.
RR_STATEMENT = Formula(
    key="rr_interval",
    names=("rr interval", "r-r interval", "rr"),
    text="RR = 60 / heart rate (s), or 60000 / heart rate (ms)",
    phrases={"hr": ("heart rate", "hr", "pulse", "ventricular rate")},
    sample=lambda r: {"hr": r.uniform(45, 140)},
    forms=(lambda v: 60.0 / v["hr"], lambda v: 60000.0 / v["hr"]),
)

