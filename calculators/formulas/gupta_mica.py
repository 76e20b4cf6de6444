"""Gupta perioperative risk of myocardial infarction or cardiac arrest (MICA), 30 days.

Gupta et al., Circulation 2011 (ACS NSQIP 2007 derivation, 2008 validation): a logistic model of
five preoperative predictors,
  x = −5.25 + 0.02 × age + functional status + ASA class + creatinine + procedure,
  risk = eˣ / (1 + eˣ),
with functional status independent 0, partially dependent 0.65, totally dependent 1.03; ASA class
1 −5.17, 2 −3.29, 3 −1.92, 4 −0.95, 5 0; creatinine ≤ 1.5 mg/dL 0, > 1.5 mg/dL 0.61, unknown −0.10;
and a coefficient for each of
21 surgical sites (hernia the reference, 0): anorectal −0.16, aortic 1.60, bariatric −0.25, brain
1.40, breast −1.61, cardiac 1.01, ENT (except thyroid/parathyroid) 0.71, foregut (oesophagus,
stomach) or hepatopancreatobiliary 1.39, gallbladder, appendix, adrenals or spleen 0.59, hernia
(ventral, inguinal, femoral) 0, intestinal 1.14, neck (thyroid/parathyroid) 0.18, obstetric or
gynaecological 0.76, orthopaedic and non-vascular extremity 0.80, other abdomen 1.13, peripheral
vascular 0.86, skin 0.54, spine 0.21, non-oesophageal thoracic 0.40, vein −1.09, urology −0.26.
MICA: myocardial infarction (troponin > 3 × ULN with ECG changes or symptoms) or cardiac arrest
requiring CPR within 30 days of surgery.
"""

import math

from clinverify.calculators.inputs import Choice, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Parameter

INTERCEPT, AGE_COEFFICIENT, CREATININE_CUT, CREATININE_COEFFICIENT, CREATININE_UNKNOWN = -5.25, 0.02, 1.5, 0.61, -0.10
FUNCTIONAL = {"independent": 0.0, "partially dependent": 0.65, "totally dependent": 1.03}
ASA = {"1": -5.17, "2": -3.29, "3": -1.92, "4": -0.95, "5": 0.0}
# site -> (coefficient, spellings)
PROCEDURES: dict[str, tuple[float, tuple[str, ...]]] = {
    "anorectal": (-0.16, ("anorectal surgery",)),
    "aortic": (1.60, ("aortic surgery", "aorta")),
    "bariatric": (-0.25, ("bariatric surgery",)),
    "brain": (1.40, ("brain surgery", "neurosurgery", "craniotomy")),
    "breast": (-1.61, ("breast surgery", "mastectomy")),
    "cardiac": (1.01, ("cardiac surgery", "heart surgery")),
    "ent": (0.71, ("ent surgery", "ear nose throat")),
    "foregut or hepatopancreatobiliary": (1.39, ("foregut", "hepatopancreatobiliary", "esophageal", "oesophageal", "gastric",
                                                 "hpb", "pancreatic", "hepatic", "whipple")),
    "gallbladder, appendix, adrenals or spleen": (0.59, ("gallbladder", "appendix", "cholecystectomy", "appendectomy",
                                                         "adrenalectomy", "splenectomy")),
    "hernia": (0.0, ("hernia repair", "ventral hernia", "inguinal hernia", "femoral hernia")),
    "intestinal": (1.14, ("bowel", "colectomy", "small bowel", "intestinal surgery")),
    "neck": (0.18, ("thyroid", "parathyroid", "thyroidectomy", "parathyroidectomy")),
    "obstetric or gynaecologic": (0.76, ("obstetric", "gynecologic", "gynaecologic", "obgyn", "hysterectomy")),
    "orthopaedic": (0.80, ("orthopedic", "orthopaedic surgery", "orthopedic surgery", "non-vascular extremity")),
    "other abdomen": (1.13, ("other abdominal", "abdominal")),
    "peripheral vascular": (0.86, ("peripheral vascular surgery", "vascular")),
    "skin": (0.54, ("skin surgery",)),
    "spine": (0.21, ("spine surgery", "spinal surgery")),
    "thoracic": (0.40, ("non-esophageal thoracic", "non-oesophageal thoracic", "thoracic surgery", "lung resection")),
    "vein": (-1.09, ("vein surgery", "varicose vein")),
    "urology": (-0.26, ("urologic", "urological", "urology surgery")),
}

INPUTS = (
    age(range=(16.0, 110.0), description="age (years)"),
    Choice("functional_status", {"independent": ("independent",), "partially dependent": ("partially dependent", "partial"),
                                 "totally dependent": ("totally dependent", "total", "dependent")},
           "preoperative functional status (activities of daily living)", aliases=("functional status",)),
    Choice("asa_class", {"1": ("i", "asa 1", "asa i"), "2": ("ii", "asa 2", "asa ii"), "3": ("iii", "asa 3", "asa iii"),
                         "4": ("iv", "asa 4", "asa iv"), "5": ("v", "asa 5", "asa v")},
           "ASA physical status class (1–5)", aliases=("ASA class", "ASA", "ASA physical status")),
    Number("creatinine", "mg/dL", (0.1, 30.0), "preoperative serum creatinine (> 1.5 mg/dL adds 0.61); not reported = "
           "the model's 'unknown' category (−0.10)", analyte="creatinine", required=False,
           aliases=("Creatinine", "serum creatinine", "SCr")),
    Choice("procedure", {site: spellings for site, (_, spellings) in PROCEDURES.items()}, "type of procedure (surgical site)",
           aliases=("type of procedure", "procedure type", "surgery type", "surgical site")),
)


def compute(age, functional_status, asa_class, procedure, creatinine=None):
    if creatinine is None:
        creatinine_term = CREATININE_UNKNOWN
    else:
        creatinine_term = CREATININE_COEFFICIENT if round(creatinine, 2) > CREATININE_CUT else 0.0
    terms = {"age_term": AGE_COEFFICIENT * age, "functional_status_term": FUNCTIONAL[functional_status],
             "asa_term": ASA[asa_class], "creatinine_term": creatinine_term, "procedure_term": PROCEDURES[procedure][0]}
    x = INTERCEPT + sum(terms.values())
    risk = 1.0 / (1.0 + math.exp(-x))
    return risk * 100.0, {**terms, "logit": x}


def explain(inputs, inter, value):
    cr = inputs.get("creatinine")
    cr_text = "not reported (unknown: −0.10)" if cr is None else f"{fmt(cr)} mg/dL ({'>' if inter['creatinine_term'] else '≤'} 1.5: " \
                                                     f"{fmt(inter['creatinine_term'])})"
    return [
        "Gupta MICA: x = −5.25 + 0.02 × age + functional status + ASA class + creatinine (> 1.5 mg/dL: 0.61) + procedure; "
        "risk = eˣ / (1 + eˣ).",
        f"Age {fmt(inputs['age'])} × 0.02 = {fmt(inter['age_term'])}; functional status {inputs['functional_status']} "
        f"{fmt(inter['functional_status_term'])}; ASA {inputs['asa_class']} {fmt(inter['asa_term'])}; creatinine {cr_text}; "
        f"procedure {inputs['procedure']} {fmt(inter['procedure_term'])}.",
        f"x = −5.25 + {fmt(inter['age_term'])} + {fmt(inter['functional_status_term'])} + ({fmt(inter['asa_term'])}) + "
        f"{fmt(inter['creatinine_term'])} + ({fmt(inter['procedure_term'])}) = {fmt(inter['logit'])}.",
        f"Risk = e^{fmt(inter['logit'])} / (1 + e^{fmt(inter['logit'])}) = {fmt(value)} % "
        f"({'≥ 1 %: elevated' if value >= 1 else '< 1 %: low'} risk of myocardial infarction or cardiac arrest in 30 days).",
    ]


PARAMETERS = (
    Parameter(("logit",), ("logit", "log odds", "linear predictor", "sum of the coefficients")),
    Parameter(("procedure_term",), ("procedure coefficient", "surgical site coefficient", "type of procedure coefficient")),
    Parameter(("asa_term",), ("asa coefficient", "asa class coefficient")),
    Parameter(("functional_status_term",), ("functional status coefficient",)),
)


CALCULATOR = Calculator(
    id="gupta_mica",
    name="Gupta perioperative risk of myocardial infarction or cardiac arrest (MICA)",
    category="anesthesiology",
    description="30-day risk of myocardial infarction or cardiac arrest after surgery from age, functional status, ASA class, "
                "creatinine and surgical site (NSQIP logistic model).",
    inputs=INPUTS,
    output=Output("%", "decimal", 2, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "Gupta PK, Gupta H, Sundaram A, et al. Development and validation of a risk calculator for prediction of cardiac "
            "risk after surgery. Circulation. 2011;124(4):381-387.",
            doi="10.1161/CIRCULATIONAHA.110.015701",
            pmid="21730309",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("perioperative", "preoperative", "cardiac risk", "nsqip", "myocardial infarction", "cardiac arrest", "surgery",
              "cardiology"),
    population="211 410 patients in the 2007 ACS NSQIP database (derivation) and 257 385 in 2008 (validation), US "
               "hospitals, cardiac and noncardiac surgery (Gupta 2011).",
    examples=("Published worked example of a public Gupta calculator (onlycalculators.com: 65-year-old independent ASA 2 "
              "orthopaedic patient, x = −6.44, 0.16 %)",
              "Gupta 2011 (Circulation 124:381) equation and coefficients: hand-worked cases, one per functional status, "
              "ASA class and site",),
    increasing=("age", "functional_status", "asa_class", "creatinine"),
    notes=(
        "Creatinine > 1.5 mg/dL (read at two decimals: 133 µmol/L = 1.50 mg/dL is not above) adds 0.61; a creatinine not "
        "reported takes the model's 'unknown' coefficient (−0.10), and the explanation says so.",
        "Risk ≥ 1 % is the usual threshold of elevated perioperative risk (ACC/AHA 2014), not part of Gupta 2011.",
        "Coefficients (session of 2026-12-05): all 21 surgical-site coefficients, the intercept, age, functional status, "
        "ASA and creatinine (with 'unknown' −0.10) agree with MDCalc's formula table for this score (as copied in a "
        "public GitHub repository's markdown of the MDCalc page) and with four independent public implementations "
        "(JavaScript/TypeScript calculators found by exact search for the 21-site table); none differs. The paper itself "
        "was not read: the check is against reproductions of its coefficients, which agree with one another.",
        "The DOI was confirmed by two sources; the PMID 21730309 matches two public listings of Gupta 2011 (one with "
        "the PubMed URL).",
    ),
)
