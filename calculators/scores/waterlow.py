"""Waterlow pressure ulcer risk score (2005 revision of the 1985 card).

Waterlow, Nursing Times 1985 (the risk assessment card), revised by the author in 2005 (the card now
in use, which adds the Malnutrition Screening Tool and reworks the special risks). Scores ringed on
the card are added; more than one score per category can be used where the card lists findings:
  Build / weight for height (BMI): 20-24.9 average 0, 25-29.9 above average 1, ≥ 30 obese 2,
    < 20 below average 3.
  Skin type / visual risk areas: healthy 0; tissue paper 1, dry 1, oedematous 1, clammy or pyrexia 1;
    discoloured (grade 1) 2; broken or spots (grade 2-4) 3.
  Sex: male 1, female 2.  Age: 14-49 1, 50-64 2, 65-74 3, 75-80 4, 81+ 5.
  Malnutrition Screening Tool: recent weight loss 0.5-5 kg 1, 5-10 kg 2, 10-15 kg 3, > 15 kg 4,
    unsure 2 (no weight loss 0); eating poorly or lack of appetite 1.
  Continence: complete or catheterised 0, urinary incontinence 1, faecal incontinence 2, urinary and
    faecal incontinence 3.
  Mobility: fully 0, restless or fidgety 1, apathetic 2, restricted 3, bedbound (e.g. traction) 4,
    chairbound (e.g. wheelchair) 5.
  Special risks. Tissue malnutrition: terminal cachexia 8, multiple organ failure 8, single organ
    failure (respiratory, renal, cardiac) 5, peripheral vascular disease 5, anaemia (Hb < 8 g/dL) 2,
    smoking 1. Neurological deficit (diabetes, MS, CVA, motor or sensory deficit, paraplegia): 4-6
    by severity (max 6). Major surgery or trauma: orthopaedic or spinal 5, on table > 2 h 5, on table
    > 6 h 8. Medication (cytotoxics, long-term or high-dose steroids, anti-inflammatories): max 4.
Risk: 10+ at risk, 15+ high risk, 20+ very high risk.
"""

from clinverify.calculators.criteria import explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output
from clinverify.calculators.scores._items import Answer
from clinverify.calculators.scores._tiers import tiers

CONTINENCE = {"continent": 0, "urinary incontinence": 1, "faecal incontinence": 2, "urinary and faecal incontinence": 3}
MOBILITY = {"fully mobile": 0, "restless or fidgety": 1, "apathetic": 2, "restricted": 3, "bedbound": 4, "chairbound": 5}
WEIGHT_LOSS = {"none": 0, "0.5-5 kg": 1, "unsure": 2, "5-10 kg": 2, "10-15 kg": 3, "more than 15 kg": 4}
NEURO = {"none": 0, "4 points": 4, "5 points": 5, "6 points": 6}
THEATRE = {"none": 0, "more than 2 hours": 5, "more than 6 hours": 8}

INPUTS = (
    Number("bmi", "kg/m^2", (10.0, 100.0), "body mass index (build / weight for height)",
           aliases=("BMI", "body mass index", "build", "weight for height")),
    Flag("tissue_paper_skin", "tissue-paper (thin, fragile) skin", aliases=("tissue paper skin", "tissue paper")),
    Flag("dry_skin", "dry skin", aliases=("dry",)),
    Flag("oedematous_skin", "oedematous skin", aliases=("edematous skin", "oedema", "edema")),
    Flag("clammy_skin", "clammy skin or pyrexia", aliases=("clammy", "pyrexia", "fever")),
    Flag("discoloured_skin", "discoloured skin: grade 1 pressure damage", aliases=("discolored skin", "grade 1 pressure ulcer",
                                                                                   "non-blanching erythema")),
    Flag("broken_skin", "broken skin or spots: grade 2-4 pressure damage", aliases=("broken skin", "grade 2-4 pressure ulcer",
                                                                                    "existing pressure ulcer")),
    sex(),
    age(range=(14.0, 125.0), description="age (the card scores from 14 years)"),
    Choice("weight_loss", {"none": ("no", "no weight loss", "0"), "0.5-5 kg": ("0.5 to 5 kg",), "unsure": ("unknown",),
                           "5-10 kg": ("5 to 10 kg",), "10-15 kg": ("10 to 15 kg",),
                           "more than 15 kg": ("> 15 kg", "over 15 kg")},
           "recent weight loss (Malnutrition Screening Tool); not reported = none", required=False, default="none",
           aliases=("recent weight loss", "weight loss")),
    Flag("eating_poorly", "eating poorly or lack of appetite", aliases=("poor appetite", "lack of appetite", "poor intake")),
    Choice("continence", {"continent": ("complete", "catheterised", "catheterized", "fully continent"),
                          "urinary incontinence": ("urine incontinence", "incontinent of urine"),
                          "faecal incontinence": ("fecal incontinence", "incontinent of faeces"),
                          "urinary and faecal incontinence": ("doubly incontinent", "urinary and fecal incontinence")},
           "continence; not reported = continent", required=False, default="continent", aliases=("incontinence",)),
    Choice("mobility", {"fully mobile": ("fully", "full"), "restless or fidgety": ("restless", "fidgety"),
                        "apathetic": (), "restricted": (), "bedbound": ("bed bound", "traction"),
                        "chairbound": ("chair bound", "wheelchair")},
           "mobility; not reported = fully mobile", required=False, default="fully mobile"),
    Flag("terminal_cachexia", "terminal cachexia", aliases=("cachexia",)),
    Flag("multiple_organ_failure", "multiple organ failure", aliases=("multi-organ failure", "multiorgan failure")),
    Flag("single_organ_failure", "single organ failure (respiratory, renal or cardiac)", aliases=("organ failure",
                                                                                                   "cardiac failure")),
    Flag("peripheral_vascular_disease", "peripheral vascular disease", aliases=("PVD", "peripheral arterial disease")),
    Flag("anaemia", "anaemia (haemoglobin < 8 g/dL)", aliases=("anemia",)),
    Flag("smoking", "smoking", aliases=("smoker", "current smoker")),
    Answer("neurological_deficit", {"none": ("0", "no"), "4 points": ("4",), "5 points": ("5",), "6 points": ("6",)},
           "neurological deficit (diabetes, MS, CVA, motor or sensory deficit, paraplegia): 4–6 points by severity",
           required=False, default="none", aliases=("neurological deficit", "neuro deficit")),
    Flag("orthopaedic_surgery", "major orthopaedic or spinal surgery or trauma", aliases=("orthopedic surgery", "spinal surgery",
                                                                                           "orthopaedic/spinal")),
    Choice("theatre_time", {"none": ("no", "0"), "more than 2 hours": ("> 2 h", "over 2 hours"),
                            "more than 6 hours": ("> 6 h", "over 6 hours")},
           "time on the operating table; not reported = none", required=False, default="none",
           aliases=("time on table", "on table", "operating time")),
    Flag("medication", "cytotoxics, long-term or high-dose steroids, or anti-inflammatories",
         aliases=("steroids", "cytotoxics", "high dose anti-inflammatory")),
)

CRITERIA = (
    tiers("build_points", "bmi", ((">=", 30, 2), (">=", 25, 1), ("<", 20, 3)), "Build / weight for height (BMI)", "kg/m²",
          otherwise_text="20–24.9 kg/m², average", phrases=("build", "weight for height", "bmi")),
    flag("tissue_paper_points", "tissue_paper_skin", 1, "Skin: tissue paper", ("tissue paper",)),
    flag("dry_skin_points", "dry_skin", 1, "Skin: dry", ("dry skin",)),
    flag("oedematous_points", "oedematous_skin", 1, "Skin: oedematous", ("oedematous", "edematous")),
    flag("clammy_points", "clammy_skin", 1, "Skin: clammy, pyrexia", ("clammy", "pyrexia")),
    flag("discoloured_points", "discoloured_skin", 2, "Skin: discoloured (grade 1)", ("discoloured", "discolored")),
    flag("broken_skin_points", "broken_skin", 3, "Skin: broken or spots (grade 2–4)", ("broken", "spots")),
    option("sex_points", "sex", {"male": 1, "female": 2}, "Sex"),
    tiers("age_points", "age", ((">=", 81, 5), (">=", 75, 4), (">=", 65, 3), (">=", 50, 2)), "Age", "years",
          otherwise=1, otherwise_text="14–49 years", phrases=("age",)),
    option("weight_loss_points", "weight_loss", WEIGHT_LOSS, "Malnutrition screening: recent weight loss"),
    flag("eating_poorly_points", "eating_poorly", 1, "Malnutrition screening: eating poorly or lack of appetite",
         ("appetite", "eating poorly")),
    option("continence_points", "continence", CONTINENCE, "Continence"),
    option("mobility_points", "mobility", MOBILITY, "Mobility"),
    flag("cachexia_points", "terminal_cachexia", 8, "Tissue malnutrition: terminal cachexia", ("cachexia",)),
    flag("multiple_organ_failure_points", "multiple_organ_failure", 8, "Tissue malnutrition: multiple organ failure"),
    flag("single_organ_failure_points", "single_organ_failure", 5, "Tissue malnutrition: single organ failure"),
    flag("pvd_points", "peripheral_vascular_disease", 5, "Tissue malnutrition: peripheral vascular disease", ("pvd",)),
    flag("anaemia_points", "anaemia", 2, "Tissue malnutrition: anaemia (Hb < 8)", ("anemia", "hb")),
    flag("smoking_points", "smoking", 1, "Tissue malnutrition: smoking", ("smoker",)),
    option("neurological_points", "neurological_deficit", NEURO, "Neurological deficit (4–6)"),
    flag("orthopaedic_points", "orthopaedic_surgery", 5, "Major surgery or trauma: orthopaedic or spinal",
         ("orthopaedic", "orthopedic", "spinal")),
    option("theatre_points", "theatre_time", THEATRE, "Major surgery: time on table"),
    flag("medication_points", "medication", 4, "Medication: cytotoxics, steroids, anti-inflammatories",
         ("steroids", "cytotoxics", "anti-inflammatory")),
)
LOW, HIGH = score_range(CRITERIA)
RISK = ((20, "very high risk (20+)"), (15, "high risk (15–19)"), (10, "at risk (10–14)"), (0, "not at risk (< 10)"))
def compute(bmi, sex, age, tissue_paper_skin=False, dry_skin=False, oedematous_skin=False, clammy_skin=False,
            discoloured_skin=False, broken_skin=False, weight_loss="none", eating_poorly=False, continence="continent",
            mobility="fully mobile", terminal_cachexia=False, multiple_organ_failure=False, single_organ_failure=False,
            peripheral_vascular_disease=False, anaemia=False, smoking=False, neurological_deficit="none",
            orthopaedic_surgery=False, theatre_time="none", medication=False):
    return tally(CRITERIA, {
        "bmi": bmi, "sex": sex, "age": age, "tissue_paper_skin": tissue_paper_skin, "dry_skin": dry_skin,
        "oedematous_skin": oedematous_skin, "clammy_skin": clammy_skin, "discoloured_skin": discoloured_skin,
        "broken_skin": broken_skin, "weight_loss": weight_loss or "none", "eating_poorly": eating_poorly,
        "continence": continence or "continent", "mobility": mobility or "fully mobile",
        "terminal_cachexia": terminal_cachexia, "multiple_organ_failure": multiple_organ_failure,
        "single_organ_failure": single_organ_failure, "peripheral_vascular_disease": peripheral_vascular_disease,
        "anaemia": anaemia, "smoking": smoking, "neurological_deficit": neurological_deficit or "none",
        "orthopaedic_surgery": orthopaedic_surgery, "theatre_time": theatre_time or "none", "medication": medication,
    })


def risk(value: int) -> str:
    return next(text for lo, text in RISK if value >= lo)


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Waterlow score (2005 card)")
    lines.append(f"Waterlow score {value}: {risk(value)} of pressure ulcer (10+ at risk, 15+ high, 20+ very high).")
    return lines


CALCULATOR = Calculator(
    id="waterlow",
    name="Waterlow pressure ulcer risk score (2005 card)",
    category="nursing",
    description="Pressure ulcer risk from build, skin, sex, age, nutrition, continence, mobility and special risks "
                "(10+ at risk, 15+ high, 20+ very high).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation("Waterlow J. Pressure sores: a risk assessment card. Nurs Times. 1985;81(48):49-55.", pmid="3853163"),
        Citation("Waterlow J. The Waterlow score card, revised 2005 (with the Malnutrition Screening Tool).",
                 url="http://www.judy-waterlow.co.uk/"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("pressure ulcer", "pressure injury", "pressure sore", "bedsore", "tissue viability", "skin", "geriatrics"),
    population="Adult hospital inpatients (1985 card developed from a survey of patients in a UK district general hospital); "
               "scored from 14 years.",
    examples=("Waterlow 1985 (Nurs Times 81(48):49) card as revised in 2005: hand-worked cases at every risk band "
              "(10, 15, 20); no scored patient example is published",),
    increasing=("tissue_paper_skin", "dry_skin", "oedematous_skin", "clammy_skin", "discoloured_skin", "broken_skin", "age",
                "eating_poorly", "continence", "mobility", "terminal_cachexia", "multiple_organ_failure",
                "single_organ_failure", "peripheral_vascular_disease", "anaemia", "smoking", "neurological_deficit",
                "orthopaedic_surgery", "theatre_time", "medication", "weight_loss", Monotone("bmi", low=20),
                Monotone("sex", order=("male", "female"))),
    decreasing=(Monotone("bmi", high=20),),
    notes=(
        "Version: the 2005 revision of the card (Malnutrition Screening Tool; special risks tissue malnutrition, "
        "neurological deficit, major surgery or trauma, medication), not the 1985 original (appetite item, other special "
        "risks).",
        "As the card says, more than one score per category can be used: each skin finding and each special risk adds. "
        "Continence, mobility, weight loss and time on table take one option each (on table > 6 h scores 8, not 5 + 8).",
        "Neurological deficit scores 4, 5 or 6 by the assessor's judgement of severity; give the points.",
        "The card scores surgery for the first 48 hours; discount it afterwards when the patient recovers normally.",
        "Findings not reported count as absent; BMI is required (< 20 scores 3, 20–24.9 0, 25–29.9 1, ≥ 30 2).",
        "The card is © J Waterlow (free for clinical use from the author's site); its layout and wording are not "
        "reproduced, only the scored categories. The card itself was not consulted (no stored copy found, 2026-12-05): "
        "every item score here (build, skin, sex, age, weight loss incl. 'unsure' 2, eating poorly 1, continence, "
        "mobility, the special risks) and the risk bands agree with a public open-source implementation that states it "
        "was written from the published 2005 card (Rust, AGPL, Baw Medical); mobility 'apathetic' 2 also agrees with the "
        "order fully 0 … chairbound 5 in a second public listing. One secondary listing prints apathetic 3: not followed. "
        "That implementation also scores 'acutely ill or no nutritional intake > 5 days' 2, which this module does not "
        "take (not confirmed on the card).",
        "The PMID 3853163 of Waterlow 1985 matches one public listing of the paper (the journal has no DOI).",
    ),
)
