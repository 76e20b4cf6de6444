"""Caprini risk assessment model for venous thromboembolism, 2005 version (0-76).

Caprini, Dis Mon 2005 (risk factor assessment form): risk factors worth 1, 2, 3 or 5 points each.
  1: age 41-60, minor surgery planned, major surgery <1 month, varicose veins, inflammatory bowel
     disease, swollen legs, obesity (BMI >25), acute myocardial infarction, heart failure <1 month,
     sepsis <1 month, serious lung disease incl. pneumonia <1 month, COPD, medical patient at bed
     rest; women only: oral contraceptives or HRT, pregnancy or postpartum <1 month, unexplained
     stillbirth / recurrent abortion (>=3) / premature birth with toxaemia or growth restriction
  2: age 61-74, arthroscopic surgery, major surgery >45 min, laparoscopic surgery >45 min,
     malignancy (present or previous), confined to bed >72 h, immobilizing plaster cast <1 month,
     central venous access
  3: age >=75, history of DVT/PE, family history of thrombosis, factor V Leiden, prothrombin
     20210A, elevated homocysteine, lupus anticoagulant, anticardiolipin antibodies, HIT, other
     congenital or acquired thrombophilia
  5: elective major lower extremity arthroplasty, hip/pelvis/leg fracture, stroke, multiple
     trauma, acute spinal cord injury with paralysis (each <1 month)
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, option, score_range, tally
from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt

SURGERY = Choice(
    "surgery_type",
    {
        "none": ("no surgery", "no", "false"),
        "minor": ("minor surgery", "minor surgery planned"),
        "major": ("major surgery", "major (>45 min)", "major >45 min", "major open"),
        "laparoscopic": ("laparoscopic (>45 min)", "laparoscopic surgery"),
        "arthroscopic": ("arthroscopic surgery",),
        "elective major lower extremity arthroplasty": ("arthroplasty", "elective arthroplasty",
                                                        "elective major lower extremity arthroplasty (hip or knee)"),
    },
    "type of planned or current surgery (one category per surgical episode)",
    aliases=("Surgery Type", "type of surgery"),
    required=False,
)
MOBILITY = Choice(
    "mobility",
    {
        "normal": ("ambulatory", "normal, out of bed", "out of bed"),
        "bed rest": ("on bed rest", "medical patient currently at bed rest", "at bed rest"),
        "confined to bed >72 hours": ("confined to bed", "confined to bed >72 h", "bedridden >72 hours", "> 72 hours"),
    },
    "mobility: normal/ambulatory, medical patient at bed rest, or confined to bed >72 hours",
    aliases=("Mobility",),
    required=False,
)

# (input name, points, label, description, MedCalc-Bench aliases)
_FLAGS = (
    ("major_surgery_last_month", 1, "Major surgery <1 month", "history of major surgery in the last month",
     ("Major Surgery in the last month",)),
    ("chf_last_month", 1, "Congestive heart failure <1 month", "congestive heart failure in the last month",
     ("Congestive Heart Failure in the last month",)),
    ("sepsis_last_month", 1, "Sepsis <1 month", "sepsis in the last month", ("Sepsis in the last month",)),
    ("pneumonia_last_month", 1, "Serious lung disease incl. pneumonia <1 month", "serious lung disease incl. pneumonia in the last month",
     ("Pneumonia in the last month",)),
    ("copd", 1, "Abnormal pulmonary function (COPD)", "chronic obstructive pulmonary disease", ("Chronic Obstructive Pulmonary Disease",)),
    ("acute_mi", 1, "Acute myocardial infarction", "acute myocardial infarction", ("Acute Myocardial infarction",)),
    ("inflammatory_bowel_disease", 1, "History of inflammatory bowel disease", "history of inflammatory bowel disease",
     ("History of inflammatory bowel disease",)),
    ("varicose_veins", 1, "Varicose veins", "varicose veins", ("Varicose veins",)),
    ("swollen_legs", 1, "Swollen legs (current)", "current swollen legs", ("Current swollen legs",)),
    ("plaster_cast_last_month", 2, "Immobilizing plaster cast <1 month", "immobilizing plaster cast in the last month",
     ("Immobilizing plaster cast in the last month",)),
    ("central_venous_access", 2, "Central venous access", "current central venous access", ("Current central venous access",)),
    ("malignancy", 2, "Malignancy (present or previous)", "present or previous malignancy", ("Present or previous malignancy", "cancer")),
    ("family_history_thrombosis", 3, "Family history of thrombosis", "family history of thrombosis", ("Family history of thrombosis",)),
    ("factor_v_leiden", 3, "Positive factor V Leiden", "positive factor V Leiden", ("Positive Factor V Leiden",)),
    ("prothrombin_20210a", 3, "Positive prothrombin 20210A", "positive prothrombin 20210A", ("Positive prothrombin 20210A",)),
    ("elevated_homocysteine", 3, "Elevated serum homocysteine", "elevated serum homocysteine", ("Elevated serum homocysteine",)),
    ("lupus_anticoagulant", 3, "Positive lupus anticoagulant", "positive lupus anticoagulant", ("Positive lupus anticoagulant",)),
    ("anticardiolipin_antibody", 3, "Elevated anticardiolipin antibodies", "elevated anticardiolipin antibody",
     ("Elevated anticardiolipin antibody",)),
    ("heparin_induced_thrombocytopenia", 3, "Heparin-induced thrombocytopenia", "heparin-induced thrombocytopenia (HIT)",
     ("Heparin-induced thrombocytopenia", "hit")),
    ("other_thrombophilia", 3, "Other congenital or acquired thrombophilia", "other congenital or acquired thrombophilia",
     ("Other congenital or acquired thrombophilia",)),
    ("hip_pelvis_leg_fracture", 5, "Hip, pelvis or leg fracture <1 month", "hip, pelvis or leg fracture in the last month",
     ("Hip, pelvis, or leg fracture in the last month",)),
    ("stroke_last_month", 5, "Stroke <1 month", "stroke in the last month", ("Stroke in the last month",)),
    ("multiple_trauma", 5, "Multiple trauma <1 month", "multiple trauma in the last month",
     ("Multiple trauma in the last month", "recent trauma", "major trauma")),
    ("spinal_cord_injury", 5, "Acute spinal cord injury (paralysis) <1 month", "acute spinal cord injury causing paralysis in the last month",
     ("Acute spinal cord injury causing paralysis in the last month",)),
)
# Women only (1 point each); true for a man is contradictory input.
_FEMALE_FLAGS = (
    ("oral_contraceptives_or_hrt", 1, "Oral contraceptives or hormone replacement therapy", "oral contraceptives or hormone replacement (women)", ()),
    ("pregnancy_or_postpartum", 1, "Pregnancy or postpartum <1 month", "pregnant or postpartum within a month (women)", ("pregnancy",)),
    ("adverse_obstetric_history", 1, "Unexplained stillbirth, recurrent abortion or premature birth with toxaemia/growth restriction",
     "history of unexplained stillborn infant, recurrent spontaneous abortion (≥3), or premature birth with toxaemia or "
     "growth-restricted infant (women)", ()),
)
_FEMALE = tuple(n for n, *_ in _FEMALE_FLAGS)

INPUTS = (
    age(),
    sex(required=False),
    SURGERY,
    MOBILITY,
    Number("bmi", "kg/m^2", (5.0, 150.0), "body mass index (>25 scores 1)", required=False, aliases=("Body Mass Index (BMI)", "body mass index")),
    Flag("previous_dvt", "previously documented deep vein thrombosis", aliases=("Previously documented Deep Vein Thrombosis", "history of dvt")),
    Flag("previous_pe", "previously documented pulmonary embolism", aliases=("Previously Documented Pulmonary Embolism", "history of pe")),
    *(Flag(n, d, aliases=a) for n, _, _, d, a in _FLAGS + _FEMALE_FLAGS),
)


def _bmi(inputs):
    b = inputs.get("bmi")
    if b is None:
        return 0, "Obesity (BMI > 25): BMI not reported, assumed not obese, +0"
    # Caprini 2005 writes "BMI >25": 25.0 itself does not score.
    return (1, f"BMI {fmt(b)} kg/m² (> 25): +1") if b > 25 else (0, f"BMI {fmt(b)} kg/m² (≤ 25): +0")


def _vte_history(inputs):
    dvt, pe = inputs.get("previous_dvt"), inputs.get("previous_pe")
    if dvt or pe:
        what = " and ".join(w for w, v in (("DVT", dvt), ("PE", pe)) if v)
        return 3, f"History of DVT/PE ({what}): present, +3"
    return 0, "History of DVT/PE: absent or not mentioned, +0"


CRITERIA = (
    # Completed years: 40.5 is still "40 or younger".
    bands("age_points", "age", ((None, 41, 0), (41, 61, 1), (61, 75, 2), (75, None, 3)), "Age", "years"),
    option("surgery_points", "surgery_type",
           {"none": 0, "minor": 1, "major": 2, "laparoscopic": 2, "arthroscopic": 2, "elective major lower extremity arthroplasty": 5},
           "Type of surgery"),
    option("mobility_points", "mobility", {"normal": 0, "bed rest": 1, "confined to bed >72 hours": 2}, "Mobility"),
    custom("bmi_points", "Obesity (BMI > 25)", _bmi),
    # One item on the form ("History of DVT/PE"): DVT and PE together still score 3.
    custom("vte_history_points", "History of DVT/PE", _vte_history, 0, 3),
    *(flag(f"{n}_points", n, p, label) for n, p, label, _, _ in _FLAGS + _FEMALE_FLAGS),
)
LOW, HIGH = score_range(CRITERIA)
_NAMES = tuple(i.name for i in INPUTS)


def compute(**inputs):
    if inputs.get("sex") == "male":
        for n in _FEMALE:
            if inputs.get(n):
                raise InputError(FieldViolation(n, "is a women-only risk factor but sex is male"), "caprini")
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Caprini score")
    # Risk levels of the 2005 form: 0-1 low, 2 moderate, 3-4 high, >=5 highest.
    risk = "low" if value <= 1 else "moderate" if value == 2 else "high" if value <= 4 else "highest"
    lines.append(f"Caprini score {value} ({risk} risk: 0–1 low, 2 moderate, 3–4 high, ≥5 highest).")
    return lines


CALCULATOR = Calculator(
    id="caprini",
    medcalc_id=36,
    medcalc_name="Caprini Score for Venous Thromboembolism (2005)",
    name="Caprini score for venous thromboembolism (2005)",
    category="hematology",
    description="Risk of venous thromboembolism in surgical and hospitalised patients (2005 risk factor form).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Caprini JA. Thrombosis risk assessment as a guide to quality patient care. Dis Mon. 2005;51(2-3):70-78.",
            doi="10.1016/j.disamonth.2005.02.003",
            pmid="15900257",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "bmi", "mobility", *(i.name for i in INPUTS if i.kind == "flag")),
    notes=(
        "History of DVT and of PE are one item (3 points), not 3 each.",
        "Immobilizing plaster cast <1 month scores 2 and central venous access 2, as on the 2005 form.",
        "Obesity is BMI >25 (2005 form; the 2010 revision changed the BMI items).",
        "Sex adds no points; the three women-only items are rejected for a male patient.",
        "Risk factors not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('venous thromboembolism', 'vte prophylaxis', 'dvt', 'surgery'),
    examples=('Caprini 2005 (Dis Mon 51:70) risk-factor form: hand-scored cases (tests/calculators/test_caprini.py)',),
    population='Surgical patients (Caprini 2005 risk-assessment form); validated in later surgical cohorts.',
)
