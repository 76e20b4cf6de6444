"""Estimated gestational age from the last menstrual period: (current date − LMP) in weeks and days."""

import datetime as dt

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.formulas._pregnancy import LMP, NAEGELE
from clinverify.calculators.inputs import Date
from clinverify.calculators.model import Calculator, Output

TODAY = Date("current_date", "date of the assessment", aliases=("Current Date", "today"))


def compute(last_menstrual_period: dt.date, current_date: dt.date):
    days = (current_date - last_menstrual_period).days
    if days < 0:
        raise InputError(FieldViolation("current_date", "is before the last menstrual period"), "gestational_age")
    if days > 320:
        raise InputError(FieldViolation("current_date", f"is {days} days after the last menstrual period (more than 45 weeks)"), "gestational_age")
    return (days // 7, days % 7), {"days": days}


def explain(inputs, inter, value):
    return [
        "Gestational age = days from the first day of the last menstrual period to today, in weeks and days.",
        f"{inputs['current_date'].strftime('%m/%d/%Y')} − {inputs['last_menstrual_period'].strftime('%m/%d/%Y')} = {inter['days']} days.",
        f"{inter['days']} days = {value[0]} weeks, {value[1]} days.",
    ]


CALCULATOR = Calculator(
    id="gestational_age",
    medcalc_id=69,
    medcalc_name="Estimated Gestational Age",
    name="Gestational age from LMP",
    category="obstetrics",
    description="Gestational age (weeks, days) on a given date from the last menstrual period.",
    inputs=(LMP, TODAY),
    output=Output("weeks+days", "duration", None, minimum=0, maximum=320),
    citations=(NAEGELE,),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('pregnancy', 'dating', 'lmp'),
    examples=('Days from LMP to the current date: worked dates (99 days = 14 weeks 1 day; 280 days = 40 weeks) (tests/calculators/test_gestational_age.py)',),
    population='Pregnancies dated from the last menstrual period with regular cycles.',
)
