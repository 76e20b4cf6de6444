"""STOP-Bang questionnaire: risk of obstructive sleep apnoea (0-8).

Chung et al., Anesthesiology 2008 (the STOP questionnaire and STOP-Bang): one point each for
Snoring (loud), Tiredness (daytime tiredness or sleepiness), Observed apnoea (stopping breathing
during sleep), high blood Pressure (or treated for it), BMI more than 35 kg/m², Age over 50 years,
Neck circumference greater than 40 cm, Gender male. Risk of OSA (Chung et al., Br J Anaesth 2012;
Chung, Abdullah & Liao, Chest 2016): 0-2 low, 3-4 intermediate, 5-8 high; with 3-4 the risk is
also high when two or more of the four STOP items are positive together with male sex, BMI > 35
kg/m² or a large neck (here the 2008 neck criterion, > 40 cm).
"""

from clinverify.calculators.criteria import explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output
from clinverify.calculators.scores._rules import compare

BMI_CUT, AGE_CUT, NECK_CUT = 35.0, 50.0, 40.0  # all strictly above (Chung 2008)

INPUTS = (
    Flag("snoring", "loud snoring (louder than talking or heard through closed doors)", aliases=("Snoring", "loud snoring", "snores")),
    Flag("tired", "daytime tiredness, fatigue or sleepiness", aliases=("Tiredness", "tiredness", "daytime sleepiness", "fatigue")),
    Flag("observed_apnea", "someone observed stopping breathing, choking or gasping during sleep",
         aliases=("Observed apnea", "observed apnoea", "witnessed apnea", "witnessed apnoea")),
    Flag("hypertension", "high blood pressure, or treated for it", aliases=("high blood pressure", "Hypertension", "pressure")),
    Number("bmi", "kg/m^2", (10.0, 100.0), "body mass index; not reported = not above 35", required=False,
           aliases=("Body Mass Index (BMI)", "body mass index")),
    age(),
    Number("neck_circumference", "cm", (20.0, 80.0), "neck circumference; not reported = not above 40 cm", required=False,
           aliases=("neck circumference", "neck size", "neck")),
    sex(),
)

STOP = ("snoring", "tired", "observed_apnea", "hypertension")
CRITERIA = (
    flag("snoring_points", "snoring", 1, "S: loud snoring", ("snore",)),
    flag("tired_points", "tired", 1, "T: daytime tiredness", ("tired", "sleepiness")),
    flag("observed_apnea_points", "observed_apnea", 1, "O: observed apnoea", ("apnea", "apnoea", "stop breathing")),
    flag("hypertension_points", "hypertension", 1, "P: high blood pressure", ("blood pressure", "htn")),
    compare("bmi_points", "bmi", ">", BMI_CUT, 1, "B: BMI", "kg/m²", digits=1, phrases=("bmi", "body mass index")),
    compare("age_points", "age", ">", AGE_CUT, 1, "A: age", "years", phrases=("age",)),
    compare("neck_points", "neck_circumference", ">", NECK_CUT, 1, "N: neck circumference", "cm", digits=1,
            phrases=("neck", "neck circumference")),
    option("sex_points", "sex", {"female": 0, "male": 1}, "G: gender male"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(age, sex, snoring=False, tired=False, observed_apnea=False, hypertension=False, bmi=None, neck_circumference=None):
    return tally(CRITERIA, {"snoring": snoring, "tired": tired, "observed_apnea": observed_apnea, "hypertension": hypertension,
                            "bmi": bmi, "age": age, "neck_circumference": neck_circumference, "sex": sex})


def risk(value: int, inter) -> str:
    if value >= 5:
        return "high risk of OSA (5–8)"
    if value >= 3:
        stop = sum(inter[f"{n}_points"] for n in STOP)
        if stop >= 2 and (inter["sex_points"] or inter["bmi_points"] or inter["neck_points"]):
            return "high risk of OSA (3–4 with ≥ 2 STOP items plus male sex, BMI > 35 or neck > 40 cm)"
        return "intermediate risk of OSA (3–4)"
    return "low risk of OSA (0–2)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "STOP-Bang score")
    lines.append(f"STOP-Bang score {value}: {risk(value, inter)}.")
    return lines


CALCULATOR = Calculator(
    id="stop_bang",
    name="STOP-Bang questionnaire for obstructive sleep apnoea",
    category="pulmonology",
    description="Screening for obstructive sleep apnoea from snoring, tiredness, observed apnoea, blood pressure, BMI, age, neck and sex (0–8).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Chung F, Yegneswaran B, Liao P, et al. STOP questionnaire: a tool to screen patients for obstructive sleep "
            "apnea. Anesthesiology. 2008;108(5):812-821.",
            doi="10.1097/ALN.0b013e31816d83e4",
            pmid="18431116",
        ),
        Citation(
            "Chung F, Subramanyam R, Liao P, Sasaki E, Shapiro C, Sun Y. High STOP-Bang score indicates a high probability "
            "of obstructive sleep apnoea. Br J Anaesth. 2012;108(5):768-775.",
            doi="10.1093/bja/aes022",
            pmid="22401881",
        ),
        Citation(
            "Chung F, Abdullah HR, Liao P. STOP-Bang questionnaire: a practical approach to screen for obstructive sleep "
            "apnea. Chest. 2016;149(3):631-638.",
            doi="10.1378/chest.15-0903",
            pmid="26378880",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=('obstructive sleep apnea', 'osa', 'sleep', 'anesthesiology', 'preoperative', 'screening', 'stopbang', 'stop-bang', 'snoring', 'sleep apnoea'),
    population='Adult surgical patients in preoperative clinics (Chung 2008, validated against polysomnography).',
    examples=('Chung 2008 (Anesthesiology 108:812) items and Chung 2012/2016 risk groups: hand-worked cases at each cut-off and risk group',),
    increasing=("snoring", "tired", "observed_apnea", "hypertension", "bmi", "age", "neck_circumference",
                Monotone("sex", order=("female", "male"))),
    notes=(
        "BMI > 35 kg/m², age > 50 years and neck circumference > 40 cm (Chung 2008), each strictly above; BMI and neck "
        "are compared at one decimal. Chung 2016's sex-specific neck criterion (shirt collar ≥ 43 cm men, ≥ 41 cm women) "
        "is not used.",
        "Risk: 0–2 low, 3–4 intermediate, 5–8 high; 3–4 is high with ≥ 2 STOP items plus male sex, BMI > 35 or neck > 40 cm.",
        "Items not mentioned count as absent; an unreported BMI or neck circumference scores 0.",
        "The questionnaire's item wording is not reproduced here.",
    ),
)
