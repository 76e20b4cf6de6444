"""Shared inputs and citations for the obstetric date calculators."""

from clinverify.calculators.inputs import Date, Number
from clinverify.calculators.model import Citation

LMP = Date("last_menstrual_period", "first day of the last menstrual period", aliases=("Last menstrual date", "lmp", "last menstrual period"))
CYCLE = Number("cycle_length", "day", (20.0, 45.0), "usual menstrual cycle length in days (28 if unknown)", aliases=("cycle length",), required=False, default=28.0)

NAEGELE = Citation(
    "Naegele FC. Lehrbuch der Geburtshülfe. Heidelberg: Mohr; 1830. Cycle-length adjustment as in: "
    "American College of Obstetricians and Gynecologists. Committee Opinion No. 700: Methods for Estimating the Due Date. "
    "Obstet Gynecol. 2017;129(5):e150-e154.",
    doi="10.1097/AOG.0000000000002046",
    pmid="28426621",
)
