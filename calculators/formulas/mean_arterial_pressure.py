"""Mean arterial pressure estimated from cuff pressures: MAP = DBP + (SBP − DBP) / 3 = (SBP + 2 × DBP) / 3.

The one-third-of-pulse-pressure rule (form factor 0.33) is the long-standing empirical estimate of
the time-averaged arterial pressure from systolic and diastolic pressures (reviewed by Meaney et al.,
Heart 2000, who proposed a heart-rate-adjusted form factor; the classic rule is used here).
"""

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

SBP = Number("systolic_bp", "mmHg", (30.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp", "sys bp", "systolic"))
DBP = Number("diastolic_bp", "mmHg", (10.0, 250.0), "diastolic blood pressure", aliases=("Diastolic Blood Pressure", "dbp", "dia bp", "diastolic"))


def compute(systolic_bp, diastolic_bp):
    if diastolic_bp > systolic_bp:
        # Swapped or mistyped pressures: a MAP from them would be meaningless.
        raise InputError(FieldViolation("diastolic_bp", f"{fmt(diastolic_bp)} mmHg is above the systolic {fmt(systolic_bp)} mmHg"), "mean_arterial_pressure")
    pulse_pressure = systolic_bp - diastolic_bp
    return diastolic_bp + pulse_pressure / 3.0, {"pulse_pressure": pulse_pressure}


def explain(inputs, inter, value):
    return [
        "MAP = diastolic + (systolic − diastolic) / 3 = (systolic + 2 × diastolic) / 3, in mmHg.",
        f"Systolic {fmt(inputs['systolic_bp'])} mmHg; diastolic {fmt(inputs['diastolic_bp'])} mmHg; "
        f"pulse pressure {fmt(inter['pulse_pressure'])} mmHg.",
        f"MAP = {fmt(inputs['diastolic_bp'])} + {fmt(inter['pulse_pressure'])} / 3 = {fmt(value)} mmHg.",
    ]


def _sample(r) -> dict[str, float]:
    """Consistent values for a stated formula: the pulse pressure is systolic − diastolic."""
    sbp, dbp = r.uniform(90, 200), r.uniform(40, 110)
    return {"sbp": sbp, "dbp": dbp, "pp": sbp - dbp}


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="mean_arterial_pressure",
        names=("mean arterial pressure", "mean average pressure", "map"),
        text="(2 × diastolic + systolic) / 3",
        phrases={
            "sbp": ("systolic blood pressure", "systolic bp", "systolic pressure", "systolic", "sbp"),
            "dbp": ("diastolic blood pressure", "diastolic bp", "diastolic pressure", "diastolic", "dbp"),
            "pp": ("pulse pressure", "pp"),  # systolic − diastolic: "MAP = DBP + 1/3 pulse pressure"
        },
        sample=_sample,
        forms=(lambda v: (2 * v["dbp"] + v["sbp"]) / 3,),
    ),
)


CALCULATOR = Calculator(
    id="mean_arterial_pressure",
    medcalc_id=5,
    medcalc_name="Mean Arterial Pressure (MAP)",
    name="Mean arterial pressure",
    category="cardiology",
    description="Estimated mean arterial pressure from systolic and diastolic pressures, DBP + (SBP − DBP) / 3.",
    inputs=(SBP, DBP),
    output=Output("mmHg", "decimal", 0),
    citations=(
        Citation(
            "Meaney E, Alva F, Moguel R, Meaney A, Alva J, Webel R. Formula and nomogram for the sphygmomanometric "
            "calculation of the mean arterial pressure. Heart. 2000;84(1):64.",
            doi="10.1136/heart.84.1.64",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=("The classic one-third rule (form factor 0.33); a diastolic pressure above the systolic is rejected.",),
    keywords=('blood pressure', 'haemodynamics', 'critical care', 'map', 'hemodynamics', 'perfusion pressure'),
    examples=('DBP + (SBP − DBP)/3 (Meaney 2000, Heart 84:64): a textbook worked example (tests/calculators/test_mean_arterial_pressure.py)',),
    population='A physiological formula, not derived from a patient cohort; the one-third form factor holds at resting heart rates.',
)
