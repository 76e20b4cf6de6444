"""Modified Centor (McIsaac) score for group A streptococcal pharyngitis (-1 to 5).

McIsaac et al., CMAJ 1998 (the score card): temperature >38 °C +1; absence of cough +1; swollen,
tender anterior cervical nodes +1; tonsillar swelling or exudate +1; age 3-14 years +1, 15-44 years 0,
45 years or older -1. Built on Centor et al., Med Decis Making 1981 (the four clinical criteria).
"""

from clinverify.calculators.criteria import bands, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, age
from clinverify.calculators.model import Calculator, Citation, Monotone, Output
from clinverify.calculators.scores._icu import TEMPERATURE
from clinverify.calculators.scores._rules import compare

FEVER_CUTOFF = 38.0  # °C, strictly above (McIsaac 1998)

INPUTS = (
    age(),
    TEMPERATURE,
    Flag("cough_absent", "absence of cough", aliases=("Cough Absent", "no cough", "absence of cough")),
    Flag("tender_nodes", "swollen, tender anterior cervical lymph nodes",
         aliases=("Tender/swollen anterior cervical lymph nodes", "tender anterior cervical adenopathy", "swollen anterior cervical nodes")),
    Flag("tonsillar_exudate", "tonsillar swelling or exudate",
         aliases=("Exudate or swelling on tonsils", "tonsillar exudate", "tonsillar swelling")),
)

CRITERIA = (
    compare("temperature_points", "temperature", ">", FEVER_CUTOFF, 1, "Temperature", "°C", phrases=("fever", "febrile")),
    flag("cough_absent_points", "cough_absent", 1, "Absence of cough"),
    flag("tender_nodes_points", "tender_nodes", 1, "Swollen, tender anterior cervical nodes"),
    flag("tonsillar_exudate_points", "tonsillar_exudate", 1, "Tonsillar swelling or exudate"),
    # Completed years: 3-14 -> +1, 15-44 -> 0, >=45 -> -1; under 3 is outside the rule's population (0).
    bands("age_points", "age", ((None, 3, 0), (3, 15, 1), (15, 45, 0), (45, None, -1)), "Age", "years"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, temperature=None, cough_absent=False, tender_nodes=False, tonsillar_exudate=False):
    return tally(CRITERIA, {
        "age": age, "temperature": temperature, "cough_absent": cough_absent, "tender_nodes": tender_nodes,
        "tonsillar_exudate": tonsillar_exudate,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "modified Centor (McIsaac) score")
    if inputs["age"] < 3:
        lines.append("Note: the McIsaac score was derived in patients aged 3 years and over.")
    lines.append(f"McIsaac score {value} (≤ 1: no culture or antibiotic; 2–3: culture, treat if positive; ≥ 4: culture and "
                 f"consider empirical penicillin; McIsaac 1998).")
    return lines


CALCULATOR = Calculator(
    id="centor_mcisaac",
    medcalc_id=20,
    medcalc_name="Centor Score (Modified/McIsaac) for Strep Pharyngitis",
    name="Modified Centor (McIsaac) score",
    category="infectious disease",
    description="Likelihood of group A streptococcal pharyngitis from four signs and age (−1 to 5).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "McIsaac WJ, White D, Tannenbaum D, Low DE. A clinical score to reduce unnecessary antibiotic use in patients "
            "with sore throat. CMAJ. 1998;158(1):75-83.",
            pmid="9475915",
            url="https://www.cmaj.ca/content/158/1/75",
        ),
        Citation(
            "Centor RM, Witherspoon JM, Dalton HP, Brody CE, Link K. The diagnosis of strep throat in adults in the "
            "emergency room. Med Decis Making. 1981;1(3):239-246.",
            doi="10.1177/0272989X8100100304",
            pmid="6763125",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("temperature", "cough_absent", "tender_nodes", "tonsillar_exudate"),
    decreasing=(Monotone("age", low=3),),  # +1 from 3 to 14, 0 to 44, -1 from 45
    notes=(
        "Fever scores strictly above 38 °C (38.0 °C and 100.4 °F do not); °F is converted.",
        "Age in completed years: 3–14 +1, 15–44 0, ≥45 −1; under 3 scores 0 (outside the derivation population).",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention); an unreported temperature scores 0.",
    ),
    keywords=('pharyngitis', 'sore throat', 'streptococcus', 'antibiotics', 'primary care'),
    population='Adults with sore throat in an emergency department (Centor 1981); McIsaac 1998 extended it to children from 3 in family practice.',
    examples=('McIsaac 1998 (CMAJ 158:75) score card: an adult worked example and the age bands (tests/calculators/test_centor_mcisaac.py)',),
)
