"""Shared inputs and citations for the obstetric date calculators."""

from clinverify.calculators.inputs import Date, Number
from clinverify.calculators.model import Citation

LMP = Date("last_menstrual_period", "first day of the last menstrual period", aliases=("Last menstrual date", "lmp", "last menstrual period"))
CYCLE = Number("cycle_length", "day", (20.0, 45.0), "usual menstrual cycle length in days (28 if unknown)", aliases=("cycle length",), required=False, default=28.0)

NAEGELE = Citation(
    "Naegele FC. Lehrbuch der Geburtshülfe. Heidelberg: Mohr; 1830. Dating from the LMP: "
    "American College of Obstetricians and Gynecologists. Committee Opinion No. 700: Methods for Estimating the Due Date. "
    "Obstet Gynecol. 2017;129(5):e150-e154.",
    doi="10.1097/AOG.0000000000002046",
    pmid="28426621",
)

# Why cycle length shifts ovulation (and so conception and the due date) day for day: the luteal
# phase is nearly constant at about 14 days (mean 14.1 ± 1.4), the follicular phase takes the rest.
LUTEAL_PHASE = Citation(
    "Lenton EA, Landgren BM, Sexton L. Normal variation in the length of the luteal phase of the menstrual cycle: "
    "identification of the short luteal phase. Br J Obstet Gynaecol. 1984;91(7):685-689.",
    doi="10.1111/j.1471-0528.1984.tb04831.x",
)
