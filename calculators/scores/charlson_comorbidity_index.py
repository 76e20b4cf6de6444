"""Charlson Comorbidity Index, age-adjusted (0-37).

Comorbidity weights are Charlson et al., J Chronic Dis 1987: 1 point each for myocardial
infarction, congestive heart failure, peripheral vascular disease, cerebrovascular disease,
dementia, chronic pulmonary disease, connective tissue disease, ulcer disease, mild liver
disease and diabetes; 2 for hemiplegia, moderate or severe renal disease, diabetes with
end-organ damage, any tumour, leukaemia and lymphoma; 3 for moderate or severe liver disease;
6 for metastatic solid tumour and AIDS. The graded items are exclusive (metastatic tumour 6
replaces any tumour 2; diabetes 1 or 2; liver 1 or 3). Age adds one point per decade from 50
(50-59 -> 1 ... >=80 -> 4) as in the combined age-comorbidity score of Charlson et al.,
J Clin Epidemiol 1994. ``method='original_1987'`` gives the original 1987 index without the age points
(0-33).
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, age
from clinverify.calculators.model import Calculator, Citation, Output

LIVER = Choice(
    "liver_disease",
    {
        "none": ("no", "absent", "false"),
        "mild": ("mild liver disease", "chronic hepatitis", "cirrhosis without portal hypertension", "true"),
        "moderate to severe": ("moderate", "severe", "moderate-severe", "moderate or severe",
                               "cirrhosis with portal hypertension"),
    },
    "liver disease: mild (chronic hepatitis or cirrhosis without portal hypertension) or moderate to severe "
    "(cirrhosis with portal hypertension, with or without variceal bleeding)",
    aliases=("Liver disease severity",),
    required=False,
)
DIABETES = Choice(
    "diabetes",
    {
        "none or diet-controlled": ("none", "no", "diet-controlled", "diet controlled", "absent", "false"),
        "uncomplicated": ("uncomplicated diabetes", "without end-organ damage", "true"),
        "end-organ damage": ("end organ damage", "with end-organ damage", "complicated"),
    },
    "diabetes mellitus: none or diet-controlled, uncomplicated (treated), or with end-organ damage "
    "(retinopathy, neuropathy, nephropathy)",
    aliases=("Diabetes mellitus criteria for CCI rule", "diabetes mellitus"),
    required=False,
)
SOLID_TUMOR = Choice(
    "solid_tumor",
    {
        "none": ("no", "absent", "false"),
        "localized": ("localised", "local", "any tumor", "non-metastatic", "true"),
        "metastatic": ("metastatic solid tumor", "metastases"),
    },
    "solid tumour within the last 5 years: none, localized, or metastatic (true = localized)",
    aliases=("Solid tumor", "solid tumour", "malignancy", "any malignancy", "malignant neoplasm"),
    required=False,
)

INPUTS = (
    age(),
    Flag("myocardial_infarction", "history of definite or probable myocardial infarction", aliases=("Myocardial infarction", "mi")),
    Flag("congestive_heart_failure", "congestive heart failure (exertional or paroxysmal nocturnal dyspnoea responding to treatment)",
         aliases=("Congestive Heart Faliure", "Congestive Heart Failure", "chf")),
    Flag("peripheral_vascular_disease", "peripheral vascular disease (claudication, bypass, gangrene, aneurysm ≥6 cm)",
         aliases=("Peripheral vascular disease", "pvd")),
    Flag("cerebrovascular_accident", "cerebrovascular accident with minor or no residua", aliases=("Cerebrovascular Accident", "cva", "stroke")),
    Flag("transient_ischemic_attack", "transient ischaemic attack", aliases=("Transient Ischemic Attacks History", "tia")),
    Flag("dementia", "chronic cognitive deficit", aliases=("Dementia",)),
    Flag("copd", "chronic pulmonary disease", aliases=("Chronic Obstructive Pulmonary Disease", "chronic pulmonary disease")),
    Flag("connective_tissue_disease", "connective tissue disease (SLE, polymyositis, mixed CTD, polymyalgia rheumatica, RA)",
         aliases=("Connective tissue disease", "rheumatic disease", "rheumatologic disease")),
    Flag("peptic_ulcer_disease", "peptic ulcer disease (treated, or with bleeding)", aliases=("Peptic ulcer disease", "ulcer disease")),
    LIVER,
    DIABETES,
    Flag("hemiplegia", "hemiplegia or paraplegia", aliases=("Hemiplegia",)),
    Flag("moderate_to_severe_ckd", "moderate to severe renal disease (creatinine >3 mg/dL, dialysis, transplant, uraemia)",
         aliases=("Moderate to severe Chronic Kidney Disease", "renal disease")),
    SOLID_TUMOR,
    Flag("leukemia", "leukaemia", aliases=("Leukemia", "leukaemia")),
    Flag("lymphoma", "lymphoma", aliases=("Lymphoma",)),
    Flag("aids", "AIDS (not just HIV positive)", aliases=("AIDS",)),
)

_CHOICES = {c.name: c for c in (LIVER, DIABETES, SOLID_TUMOR)}
_KEY_TO_INPUT = {k.strip().lower(): i.name for i in INPUTS for k in (i.name, i.name.replace("_", " "), *i.aliases)}
# Renal severity words (the dataset writes "Severe" in the yes/no renal field): Charlson counts
# only moderate or severe renal disease.
_CKD_WORDS = {"moderate": True, "severe": True, "moderate to severe": True, "mild": False}


def adapt(entities):
    """Booleans for the graded items (true = the lesser grade) and severity words for renal disease."""
    out = {}
    for key, value in entities.items():
        name = _KEY_TO_INPUT.get(key.strip().lower()) if isinstance(key, str) else None
        if name in _CHOICES and isinstance(value, bool):
            value = "true" if value else "false"
        elif name == "moderate_to_severe_ckd" and isinstance(value, str) and value.strip().lower() in _CKD_WORDS:
            value = _CKD_WORDS[value.strip().lower()]
        out[key] = value
    return out


def _cerebrovascular(inputs):
    cva, tia = inputs.get("cerebrovascular_accident"), inputs.get("transient_ischemic_attack")
    if cva or tia:
        return 1, f"Cerebrovascular disease ({'CVA' if cva else ''}{' and ' if cva and tia else ''}{'TIA' if tia else ''}): present, +1"
    return 0, "Cerebrovascular disease (CVA or TIA): absent or not mentioned, +0"


CRITERIA = (
    # Completed years: 49.9 is still in the <50 decade.
    bands("age_points", "age", ((None, 50, 0), (50, 60, 1), (60, 70, 2), (70, 80, 3), (80, None, 4)), "Age", "years"),
    flag("myocardial_infarction_points", "myocardial_infarction", 1, "Myocardial infarction"),
    flag("congestive_heart_failure_points", "congestive_heart_failure", 1, "Congestive heart failure"),
    flag("peripheral_vascular_disease_points", "peripheral_vascular_disease", 1, "Peripheral vascular disease"),
    custom("cerebrovascular_points", "Cerebrovascular disease (CVA or TIA)", _cerebrovascular),
    flag("dementia_points", "dementia", 1, "Dementia"),
    flag("copd_points", "copd", 1, "Chronic pulmonary disease"),
    flag("connective_tissue_disease_points", "connective_tissue_disease", 1, "Connective tissue disease"),
    flag("peptic_ulcer_disease_points", "peptic_ulcer_disease", 1, "Peptic ulcer disease"),
    option("liver_disease_points", "liver_disease", {"none": 0, "mild": 1, "moderate to severe": 3}, "Liver disease"),
    option("diabetes_points", "diabetes", {"none or diet-controlled": 0, "uncomplicated": 1, "end-organ damage": 2}, "Diabetes mellitus"),
    flag("hemiplegia_points", "hemiplegia", 2, "Hemiplegia"),
    flag("moderate_to_severe_ckd_points", "moderate_to_severe_ckd", 2, "Moderate to severe renal disease"),
    option("solid_tumor_points", "solid_tumor", {"none": 0, "localized": 2, "metastatic": 6}, "Solid tumour"),
    flag("leukemia_points", "leukemia", 2, "Leukaemia"),
    flag("lymphoma_points", "lymphoma", 2, "Lymphoma"),
    flag("aids_points", "aids", 6, "AIDS"),
)
LOW, HIGH = score_range(CRITERIA)
UNADJUSTED = CRITERIA[1:]  # the original 1987 index: every criterion but the age points
METHOD = Choice(
    "method",
    {"age_adjusted": (), "original_1987": ()},
    "age_adjusted (default: Charlson 1994, one point per decade from 50) or original_1987 (no age points)",
    required=False,
    default="age_adjusted",
)


def compute(age, myocardial_infarction=False, congestive_heart_failure=False, peripheral_vascular_disease=False,
            cerebrovascular_accident=False, transient_ischemic_attack=False, dementia=False, copd=False,
            connective_tissue_disease=False, peptic_ulcer_disease=False, liver_disease=None, diabetes=None,
            hemiplegia=False, moderate_to_severe_ckd=False, solid_tumor=None, leukemia=False, lymphoma=False, aids=False,
            method="age_adjusted"):
    # The unadjusted index keeps the age_points intermediate, at 0: the same named intermediates either way.
    value, points = tally(CRITERIA if method == "age_adjusted" else UNADJUSTED, {
        "age": age, "myocardial_infarction": myocardial_infarction, "congestive_heart_failure": congestive_heart_failure,
        "peripheral_vascular_disease": peripheral_vascular_disease, "cerebrovascular_accident": cerebrovascular_accident,
        "transient_ischemic_attack": transient_ischemic_attack, "dementia": dementia, "copd": copd,
        "connective_tissue_disease": connective_tissue_disease, "peptic_ulcer_disease": peptic_ulcer_disease,
        "liver_disease": liver_disease, "diabetes": diabetes, "hemiplegia": hemiplegia,
        "moderate_to_severe_ckd": moderate_to_severe_ckd, "solid_tumor": solid_tumor, "leukemia": leukemia,
        "lymphoma": lymphoma, "aids": aids,
    })
    return value, points if method == "age_adjusted" else {"age_points": 0, **points}


def explain(inputs, inter, value):
    if inputs["method"] == "original_1987":
        lines = explain_criteria(UNADJUSTED, inputs, value, "Charlson Comorbidity Index (original 1987, no age points)")
    else:
        lines = explain_criteria(CRITERIA, inputs, value, "age-adjusted Charlson Comorbidity Index")
    lines.append(f"Charlson Comorbidity Index {value}.")
    return lines


CALCULATOR = Calculator(
    id="charlson_comorbidity_index",
    medcalc_id=32,
    medcalc_name="Charlson Comorbidity Index (CCI)",
    name="Charlson Comorbidity Index (age-adjusted)",
    category="general",
    description="Comorbidity burden predicting long-term mortality, with age points (0–37).",
    inputs=(*INPUTS, METHOD),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Charlson ME, Pompei P, Ales KL, MacKenzie CR. A new method of classifying prognostic comorbidity in "
            "longitudinal studies: development and validation. J Chronic Dis. 1987;40(5):373-383.",
            doi="10.1016/0021-9681(87)90171-8",
            pmid="3558716",
        ),
        Citation(
            "Charlson M, Szatrowski TP, Peterson J, Gold J. Validation of a combined comorbidity index. "
            "J Clin Epidemiol. 1994;47(11):1245-1251.",
            doi="10.1016/0895-4356(94)90129-5",
            pmid="7722560",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "liver_disease", "diabetes", "solid_tumor", *(i.name for i in INPUTS if i.kind == "flag")),
    entity_adapter=adapt,
    notes=(
        "Age points: <50 -> 0, 50-59 -> 1, 60-69 -> 2, 70-79 -> 3, >=80 -> 4 (completed years).",
        "CVA and TIA together score 1 (cerebrovascular disease). Graded items are exclusive: solid tumour "
        "localized 2 or metastatic 6; diabetes uncomplicated 1 or end-organ damage 2; liver mild 1 or moderate-severe 3.",
        "A yes/no answer for a graded item takes the lesser grade (solid tumour true = localized, diabetes true = "
        "uncomplicated, liver disease true = mild).",
        "Conditions not mentioned count as absent (MedCalc-Bench's convention).",
        "method='original_1987' gives the original 1987 index (0-33, no age points); age is still a required input.",
    ),
    keywords=("comorbidity", "mortality", "prognosis", "geriatrics", "oncology", "internal medicine", "cci"),
    population="1987: 559 medical patients admitted to one New York hospital (development), 685 women treated for breast "
    "cancer (validation); 1994: patients with hypertension or diabetes undergoing elective surgery.",
    examples=(
        "Charlson 1987 (J Chronic Dis 40:373) weights and Charlson 1994 (J Clin Epidemiol 47:1245) age points: "
        "hand-scored cases (tests/calculators/test_charlson_comorbidity_index.py)",
    ),
)
