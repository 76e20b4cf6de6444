"""Estimated due date by Naegele's rule, adjusted for cycle length.

Naegele's rule is a calendar rule: LMP + 1 year − 3 months + 7 days (i.e. + 9 months + 7 days),
then + (cycle length − 28) days: a longer cycle means later ovulation, so a later due date. It
differs from "LMP + 280 days" by up to 3 days depending on month lengths; both are given.
(MedCalc-Bench v1.0 adds |cycle − 28| for short cycles too; see the errata.)
"""

import calendar
import datetime as dt

from clinverify.calculators.formulas._pregnancy import CYCLE, LMP, NAEGELE
from clinverify.calculators.model import Calculator, Output


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later, clamped to the month's last day (Jan 31 + 1 -> Feb 28/29)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def compute(last_menstrual_period: dt.date, cycle_length: float = 28.0):
    offset = int(round(cycle_length)) - 28
    base = add_months(last_menstrual_period + dt.timedelta(days=7), 9)
    days280 = last_menstrual_period + dt.timedelta(days=280 + offset)
    return base + dt.timedelta(days=offset), {
        "naegele_date": base.toordinal(),
        "cycle_adjustment_days": offset,
        "lmp_plus_280_days_adjusted": days280.toordinal(),
    }


def explain(inputs, inter, value):
    base = dt.date.fromordinal(inter["naegele_date"])
    adj = inter["cycle_adjustment_days"]
    alt = dt.date.fromordinal(inter["lmp_plus_280_days_adjusted"])
    return [
        "Naegele's rule: due date = LMP + 7 days + 9 months, then + (cycle length − 28) days.",
        f"LMP {inputs['last_menstrual_period'].strftime('%m/%d/%Y')} + 7 days + 9 months = {base.strftime('%m/%d/%Y')}.",
        f"Cycle length {int(round(inputs['cycle_length']))} days: adjustment {adj:+d} days.",
        f"Estimated due date = {value.strftime('%m/%d/%Y')} (by LMP + 280 days instead: {alt.strftime('%m/%d/%Y')}).",
    ]


CALCULATOR = Calculator(
    id="estimated_due_date",
    medcalc_id=13,
    medcalc_name="Estimated Due Date",
    name="Estimated due date (Naegele's rule)",
    category="obstetrics",
    description="Due date from the last menstrual period, adjusted for cycle length.",
    inputs=(LMP, CYCLE),
    output=Output("date", "date", None),
    citations=(NAEGELE,),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Calendar form of Naegele's rule (+9 months +7 days); the 280-day form is reported as an intermediate.",
        "A cycle shorter than 28 days moves the due date earlier (v1.0 labels of MedCalc-Bench add the difference instead).",
    ),
)
