"""FeverPAIN score for streptococcal sore throat (0-5).

Little et al., BMJ 2013 (the FeverPAIN rule): one point each for Fever in the past 24 hours,
Purulence (pharyngeal/tonsillar exudate), Attend rapidly (symptom onset 3 days or less before
presentation), severely Inflamed tonsils, and No cough or coryza. Recommended by NICE NG84 (2018).
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.statements import NotCriterion

INPUTS = (
    Flag("fever_24h", "fever in the past 24 hours", aliases=("Fever in past 24 hours", "fever")),
    Flag("purulence", "purulence: pharyngeal or tonsillar exudate", aliases=("Purulent tonsils", "purulent tonsils", "tonsillar exudate")),
    Flag("rapid_attendance", "attended rapidly: symptom onset 3 days or less before presentation",
         aliases=("Symptom onset ≤3 days", "symptom onset <=3 days", "attend rapidly")),
    Flag("inflamed_tonsils", "severely inflamed tonsils", aliases=("Severe tonsil inflammation", "severely inflamed tonsils")),
    Flag("no_cough_coryza", "no cough or coryza", aliases=("Absence of cough or coryza", "no cough or coryza")),
)

CRITERIA = (
    flag("fever_points", "fever_24h", 1, "Fever in the past 24 hours"),
    flag("purulence_points", "purulence", 1, "Purulence (pharyngeal/tonsillar exudate)"),
    flag("rapid_attendance_points", "rapid_attendance", 1, "Attend rapidly (onset ≤ 3 days)",
         ("symptom onset", "onset", "attendance", "attended", "lasted", "duration of symptoms", "days of symptoms")),
    flag("inflamed_tonsils_points", "inflamed_tonsils", 1, "Severely inflamed tonsils"),
    flag("no_cough_coryza_points", "no_cough_coryza", 1, "No cough or coryza"),
)
LOW, HIGH = score_range(CRITERIA)
# What the name's letters are often taken for (P is Purulence, A Attend rapidly, I Inflamed tonsils,
# N No cough or coryza), and Centor's items scored here.
NOT_CRITERIA = (
    NotCriterion(("pain", "painful swallowing", "pain on swallowing", "odynophagia", "throat pain", "sore throat"),
                 "pain (FeverPAIN's P is Purulence)"),
    NotCriterion(("earache", "ear pain", "referred ear pain"), "earache (not a FeverPAIN item)"),
    NotCriterion(("tender nodes", "tender lymph nodes", "cervical lymphadenopathy", "lymphadenopathy", "swollen lymph nodes",
                  "tender cervical nodes", "tender anterior cervical lymph nodes"), "tender cervical nodes (a Centor item, not FeverPAIN)"),
)


def compute(fever_24h=False, purulence=False, rapid_attendance=False, inflamed_tonsils=False, no_cough_coryza=False):
    return tally(CRITERIA, {
        "fever_24h": fever_24h, "purulence": purulence, "rapid_attendance": rapid_attendance,
        "inflamed_tonsils": inflamed_tonsils, "no_cough_coryza": no_cough_coryza,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "FeverPAIN score")
    lines.append(f"FeverPAIN score {value} (0–1: no antibiotic; 2–3: consider no or a back-up prescription; ≥ 4: "
                 f"consider an immediate or back-up prescription, NICE NG84).")
    return lines


CALCULATOR = Calculator(
    id="feverpain",
    medcalc_id=33,
    medcalc_name="FeverPAIN Score for Strep Pharyngitis",
    name="FeverPAIN score",
    category="infectious disease",
    description="Likelihood of streptococcal infection in acute sore throat (0–5).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Little P, Moore M, Hobbs FD, et al. PRImary care Streptococcal Management (PRISM) study: identifying "
            "clinical variables associated with Lancefield group A β-haemolytic streptococci and Lancefield non-Group A "
            "streptococcal throat infections from two cohorts of patients presenting with an acute sore throat. BMJ "
            "Open. 2013;3(10):e003943.",
            doi="10.1136/bmjopen-2013-003943",
            pmid="24163209",
        ),
        Citation(
            "Little P, Hobbs FD, Moore M, et al. Clinical score and rapid antigen detection test to guide antibiotic use "
            "for sore throats: randomised controlled trial of PRISM (primary care streptococcal management). BMJ. "
            "2013;347:f5806.",
            doi="10.1136/bmj.f5806",
            pmid="24114306",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("fever_24h", "purulence", "rapid_attendance", "inflamed_tonsils", "no_cough_coryza"),
    notes=(
        "Each of the five features scores 1.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention). MedCalc-Bench rows also carry PECARN "
        "head-injury entities, which this score ignores.",
    ),
    keywords=('pharyngitis', 'sore throat', 'streptococcus', 'antibiotics', 'primary care'),
    population='Patients aged 3 and over with acute sore throat in UK primary care (Little 2013).',
    examples=('Little 2013 (BMJ 347:f5806) items: a worked example and hand-scored cases (tests/calculators/test_feverpain.py)',),
)
