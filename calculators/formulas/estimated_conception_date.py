"""Estimated date of conception: LMP + (cycle length − 14) days.

Conception follows ovulation within a day, and ovulation comes about 14 days before the next menses
(the luteal phase is nearly constant), so it falls on day (cycle − 14) of the cycle: day 14 of a
28-day cycle. Equivalently, the cycle-adjusted due date (LMP + 280 days) − 266 days.
"""

import datetime as dt

from clinverify.calculators.formulas._pregnancy import CYCLE, LMP, LUTEAL_PHASE, NAEGELE
from clinverify.calculators.model import Calculator, Citation, Output

# The count of days from the LMP a trace states for the rule ("ovulation 14 days after the LMP"),
# before the cycle's adjustment: (days, the rule in words).
LMP_OFFSET = (14, "LMP + 14 days for a 28-day cycle, i.e. LMP + (cycle length − 14) days")


def compute(last_menstrual_period: dt.date, cycle_length: float = 28.0):
    days = int(round(cycle_length)) - 14
    return last_menstrual_period + dt.timedelta(days=days), {"days_after_lmp": days}


def explain(inputs, inter, value):
    return [
        "Conception (ovulation) is about 14 days before the next period: LMP + (cycle length − 14) days; 2 weeks for a 28-day cycle.",
        f"LMP {inputs['last_menstrual_period'].strftime('%m/%d/%Y')} + {inter['days_after_lmp']} days = {value.strftime('%m/%d/%Y')}.",
    ]


CALCULATOR = Calculator(
    id="estimated_conception_date",
    medcalc_id=68,
    medcalc_name="Estimated of Conception",
    name="Estimated date of conception",
    category="obstetrics",
    description="Date of conception estimated from the last menstrual period and cycle length.",
    inputs=(LMP, CYCLE),
    output=Output("date", "date", None),
    citations=(NAEGELE, LUTEAL_PHASE, Citation(
        "Wilcox AJ, Weinberg CR, Baird DD. Timing of sexual intercourse in relation to ovulation. N Engl J Med. 1995;333(23):1517-1521.",
        doi="10.1056/NEJM199512073332301", pmid="7477165")),
    compute_fn=compute,
    explain_fn=explain,
    notes=("MedCalc-Bench v1.0 always adds 2 weeks, ignoring cycle length; the physician-corrected labels adjust for it.",),
    keywords=('pregnancy', 'dating', 'gynaecology', 'gynecology', 'conception'),
    examples=('LMP + 14 days adjusted for cycle length: worked dates, consistent with the due date minus 266 days (tests/calculators/test_estimated_conception_date.py)',),
    population='Pregnancies dated from the last menstrual period with regular cycles.',
)
