"""Estimated due date by Naegele's rule, adjusted for cycle length.

Naegele's rule is a calendar rule: from the first day of the LMP count back 3 months, add 7 days
and 1 year (i.e. + 9 calendar months, then + 7 days). The cycle-length adjustment then adds
(cycle length − 28) days: ovulation falls about 14 days before the next menses, so a longer cycle
means later ovulation and a later due date, a shorter one an earlier date. The calendar rule
differs from "LMP + 280 days" by up to 3 days depending on month lengths; that form is reported as
an intermediate. (MedCalc-Bench v1.0 uses LMP + 280 days and adds |cycle − 28| for short cycles
too; see the errata.)

``method='days_280'`` gives the count ACOG Committee Opinion 700 states ("adding 280 days (40 weeks)
to the first day of the LMP"), which pregnancy wheels and many calculators use; the verifier accepts
a trace that follows it as a convention.
"""

import calendar
import datetime as dt

from clinverify.calculators.formulas._pregnancy import CYCLE, LMP, LUTEAL_PHASE, NAEGELE
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Output

_SEVEN_DAYS = dt.timedelta(days=7)

METHOD = Choice(
    "method",
    {"calendar": ("naegele", "calendar rule", "9 months + 7 days"), "days_280": ("280 days", "lmp + 280 days", "40 weeks")},
    "calendar: LMP + 9 months + 7 days (Naegele's calendar rule, default); days_280: LMP + 280 days (ACOG CO 700)",
    required=False,
    default="calendar",
)


# The count of days from the LMP that a trace states for the rule ("LMP + 280 days", "add 280 days
# to the LMP"), before the cycle's adjustment: (days, the rule in words). The calendar form (9
# months + 7 days) is not a count of days.
LMP_OFFSET = (280, "LMP + 280 days (40 weeks), then + (cycle length − 28) days")


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later, clamped to the month's last day (May 31 + 9 -> Feb 28/29)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def compute(last_menstrual_period: dt.date, cycle_length: float = 28.0, method: str = "calendar"):
    offset = int(round(cycle_length)) - 28
    # Months first, then the 7 days, as the rule is stated ("subtract 3 months, add 7 days"):
    # the order matters when the 7 days cross a month end (LMP 02/28 -> 12/05, not 12/07).
    base = add_months(last_menstrual_period, 9) + _SEVEN_DAYS
    days280 = last_menstrual_period + dt.timedelta(days=280 + offset)
    value = days280 if method == "days_280" else base + dt.timedelta(days=offset)
    return value, {
        "naegele_date": base.toordinal(),
        "cycle_adjustment_days": offset,
        "lmp_plus_280_days_adjusted": days280.toordinal(),
    }


def explain(inputs, inter, value):
    lmp = inputs["last_menstrual_period"]
    base = dt.date.fromordinal(inter["naegele_date"])
    adj = inter["cycle_adjustment_days"]
    alt = dt.date.fromordinal(inter["lmp_plus_280_days_adjusted"])
    if inputs["method"] == "days_280":
        return [
            "Due date = LMP + 280 days (40 weeks), then + (cycle length − 28) days.",
            f"Cycle length {int(round(inputs['cycle_length']))} days: adjustment {adj:+d} days.",
            f"Estimated due date = {lmp.strftime('%m/%d/%Y')} + {280 + adj} days = {value.strftime('%m/%d/%Y')} "
            f"(by the calendar rule instead: {(base + dt.timedelta(days=adj)).strftime('%m/%d/%Y')}).",
        ]
    return [
        "Naegele's rule: due date = LMP + 9 months + 7 days (count back 3 months, add 7 days and 1 year), then + (cycle length − 28) days.",
        f"LMP {lmp.strftime('%m/%d/%Y')} + 9 months = {add_months(lmp, 9).strftime('%m/%d/%Y')}; + 7 days = {base.strftime('%m/%d/%Y')}.",
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
    inputs=(LMP, CYCLE, METHOD),
    output=Output("date", "date", None),
    citations=(NAEGELE, LUTEAL_PHASE),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Calendar form of Naegele's rule, months first as in '+1 year, −3 months, +7 days' (texts also state it "
        "'+7 days, −3 months', which can differ by up to 3 days when the 7 days cross a month end; the "
        "physician-corrected MedCalc-Bench labels use months first). A day past the month's end is clamped to its "
        "last day. The 280-day form is reported as an intermediate.",
        "method='days_280' counts LMP + 280 days (ACOG Committee Opinion 700's statement of the rule), which can "
        "differ from the calendar form by up to 3 days; a trace that follows it is a convention, not an error.",
        "A cycle shorter than 28 days moves the due date earlier (v1.0 labels of MedCalc-Bench add the difference instead).",
    ),
    keywords=('pregnancy', 'dating', 'edd', 'naegele'),
    examples=("Naegele's rule (LMP + 1 year − 3 months + 7 days): LMP 8 May 2009 gives 15 February 2010; cycle-length adjustment cases (tests/calculators/test_estimated_due_date.py)",),
    population='Pregnancies dated from the last menstrual period with regular cycles (an ultrasound date supersedes it).',
)
