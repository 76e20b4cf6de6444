"""APACHE II: acute physiology, age and chronic health evaluation of ICU patients (0-71).

Knaus et al., Crit Care Med 1985, Table 1 (worst value in the first 24 h; bands written [lo, hi)):
  temperature °C     ≥41 +4, 39-40.9 +3, 38.5-38.9 +1, 36-38.4 0, 34-35.9 +1, 32-33.9 +2, 30-31.9 +3, ≤29.9 +4
  MAP mmHg           ≥160 +4, 130-159 +3, 110-129 +2, 70-109 0, 50-69 +2, ≤49 +4
  heart rate /min    ≥180 +4, 140-179 +3, 110-139 +2, 70-109 0, 55-69 +2, 40-54 +3, ≤39 +4
  resp. rate /min    ≥50 +4, 35-49 +3, 25-34 +1, 12-24 0, 10-11 +1, 6-9 +2, ≤5 +4
  oxygenation        FiO2 ≥0.5: A-aDO2 ≥500 +4, 350-499 +3, 200-349 +2, <200 0;
                     FiO2 <0.5: PaO2 >70 0, 61-70 +1, 55-60 +3, <55 +4
  arterial pH        ≥7.7 +4, 7.6-7.69 +3, 7.5-7.59 +1, 7.33-7.49 0, 7.25-7.32 +2, 7.15-7.24 +3, <7.15 +4
                     (serum HCO3, only without blood gases: ≥52 +4, 41-51.9 +3, 32-40.9 +1, 22-31.9 0,
                     18-21.9 +2, 15-17.9 +3, <15 +4)
  sodium mmol/L      ≥180 +4, 160-179 +3, 155-159 +2, 150-154 +1, 130-149 0, 120-129 +2, 111-119 +3, ≤110 +4
  potassium mmol/L   ≥7 +4, 6-6.9 +3, 5.5-5.9 +1, 3.5-5.4 0, 3-3.4 +1, 2.5-2.9 +2, <2.5 +4
  creatinine mg/dL   ≥3.5 +4, 2-3.4 +3, 1.5-1.9 +2, 0.6-1.4 0, <0.6 +2; double points for acute renal failure
  hematocrit %       ≥60 +4, 50-59.9 +2, 46-49.9 +1, 30-45.9 0, 20-29.9 +2, <20 +4
  WBC ×10^3/mm3      ≥40 +4, 20-39.9 +2, 15-19.9 +1, 3-14.9 0, 1-2.9 +2, <1 +4
  GCS                15 − GCS
  age                ≤44 0, 45-54 +2, 55-64 +3, 65-74 +5, ≥75 +6
  chronic health     history of severe organ insufficiency or immunocompromise: nonoperative or emergency
                     postoperative +5, elective postoperative +2
"""

from clinverify.calculators.criteria import band_text, bands, custom, explain_criteria, score_range, tally
from clinverify.calculators.formulas.aa_gradient import ALVEOLAR_GAS, RQ, WATER_VAPOUR
from clinverify.calculators.inputs import Choice, Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._icu import (
    DIASTOLIC_BP,
    FIO2,
    GCS,
    HEART_RATE,
    HEMATOCRIT,
    MEAN_ARTERIAL_PRESSURE,
    PAO2,
    PH,
    RESPIRATORY_RATE,
    ROOM_AIR_FIO2,
    SODIUM,
    SYSTOLIC_BP,
    TEMPERATURE,
    band_of,
    band_points,
    check_blood_pressure,
    fio2_adapter,
    map_line,
    mean_arterial_pressure,
)

TEMP_BANDS = ((None, 30.0, 4), (30.0, 32.0, 3), (32.0, 34.0, 2), (34.0, 36.0, 1), (36.0, 38.5, 0), (38.5, 39.0, 1),
              (39.0, 41.0, 3), (41.0, None, 4))
MAP_BANDS = ((None, 50.0, 4), (50.0, 70.0, 2), (70.0, 110.0, 0), (110.0, 130.0, 2), (130.0, 160.0, 3), (160.0, None, 4))
HR_BANDS = ((None, 40.0, 4), (40.0, 55.0, 3), (55.0, 70.0, 2), (70.0, 110.0, 0), (110.0, 140.0, 2), (140.0, 180.0, 3),
            (180.0, None, 4))
RR_BANDS = ((None, 6.0, 4), (6.0, 10.0, 2), (10.0, 12.0, 1), (12.0, 25.0, 0), (25.0, 35.0, 1), (35.0, 50.0, 3), (50.0, None, 4))
AA_BANDS = ((None, 200.0, 0), (200.0, 350.0, 2), (350.0, 500.0, 3), (500.0, None, 4))
PH_BANDS = ((None, 7.15, 4), (7.15, 7.25, 3), (7.25, 7.33, 2), (7.33, 7.5, 0), (7.5, 7.6, 1), (7.6, 7.7, 3), (7.7, None, 4))
HCO3_BANDS = ((None, 15.0, 4), (15.0, 18.0, 3), (18.0, 22.0, 2), (22.0, 32.0, 0), (32.0, 41.0, 1), (41.0, 52.0, 3), (52.0, None, 4))
NA_BANDS = ((None, 111.0, 4), (111.0, 120.0, 3), (120.0, 130.0, 2), (130.0, 150.0, 0), (150.0, 155.0, 1), (155.0, 160.0, 2),
            (160.0, 180.0, 3), (180.0, None, 4))
K_BANDS = ((None, 2.5, 4), (2.5, 3.0, 2), (3.0, 3.5, 1), (3.5, 5.5, 0), (5.5, 6.0, 1), (6.0, 7.0, 3), (7.0, None, 4))
CREATININE_BANDS = ((None, 0.6, 2), (0.6, 1.5, 0), (1.5, 2.0, 2), (2.0, 3.5, 3), (3.5, None, 4))
HCT_BANDS = ((None, 20.0, 4), (20.0, 30.0, 2), (30.0, 46.0, 0), (46.0, 50.0, 1), (50.0, 60.0, 2), (60.0, None, 4))
WBC_BANDS = ((None, 1.0, 4), (1.0, 3.0, 2), (3.0, 15.0, 0), (15.0, 20.0, 1), (20.0, 40.0, 2), (40.0, None, 4))
AGE_BANDS = ((None, 45.0, 0), (45.0, 55.0, 2), (55.0, 65.0, 3), (65.0, 75.0, 5), (75.0, None, 6))

# Alveolar gas equation at sea level (barometric 760, water vapour 47 mmHg, respiratory quotient 0.8).
P_INSPIRED = 760.0 - WATER_VAPOUR  # the inspired oxygen pressure at sea level, per unit FiO2 (the alveolar gas equation's)
NORMAL_PACO2 = 40.0  # mmHg, assumed when PaCO2 is not reported
_PRECISION = (("temperature", 2), ("wbc", 3), ("hematocrit", 2))

ADMISSION = Choice(
    "admission_type",
    {
        "nonoperative": ("non-operative", "medical", "no surgery", "not postoperative", "none"),
        "emergency postoperative": ("emergency", "emergency surgery", "emergency postop", "nonelective", "non-elective",
                                    "urgent postoperative", "emergency operative"),
        "elective postoperative": ("elective", "elective surgery", "elective postop", "elective operative"),
    },
    "nonoperative, emergency postoperative or elective postoperative admission; not mentioned = nonoperative",
    aliases=("Surgery Type", "surgery type", "admission type"),
    required=False,
)

INPUTS = (
    age(),
    TEMPERATURE,
    MEAN_ARTERIAL_PRESSURE,
    SYSTOLIC_BP,
    DIASTOLIC_BP,
    HEART_RATE,
    RESPIRATORY_RATE,
    FIO2,
    Number("a_a_gradient", "mmHg", (-50.0, 800.0), "alveolar-arterial oxygen gradient (A-aDO2), used when FiO2 ≥ 50 %",
           required=False, aliases=("A-a gradient", "A-a-gradient", "AaDO2", "alveolar-arterial gradient", "A-a O2 gradient")),
    PAO2,
    Number("paco2", "mmHg", (5.0, 200.0), "arterial PaCO2 (only to compute the A-a gradient when it is not given)",
           required=False, aliases=("PaCO₂", "partial pressure of carbon dioxide")),
    PH,
    Number("bicarbonate", "mmol/L", (1.0, 80.0), "serum bicarbonate, scored only when arterial pH is not reported",
           analyte="bicarbonate", required=False, aliases=("serum bicarbonate", "HCO3", "HCO₃⁻", "serum HCO3")),
    SODIUM,
    Number("potassium", "mmol/L", (1.0, 12.0), "serum potassium (mmol/L = mEq/L)", analyte="potassium", required=False,
           aliases=("Potassium", "serum potassium", "K")),
    Number("creatinine", "mg/dL", (0.05, 30.0), "serum creatinine", analyte="creatinine", required=False,
           aliases=("serum creatinine", "Cr")),
    Flag("acute_renal_failure", "acute renal failure (doubles the creatinine points)",
         aliases=("Acute renal failure", "ARF", "acute kidney injury", "AKI")),
    Flag("chronic_renal_failure", "chronic renal failure (no extra points: only acute renal failure doubles them)",
         aliases=("Chronic Renal Failure", "CKD", "chronic kidney disease")),
    HEMATOCRIT,
    Number("wbc", "1/nL", (0.0, 500.0), "white blood cell count, ×10^9/L (= ×10^3/µL)", required=False,
           aliases=("White blood cell count", "white blood cells", "WBC count", "leukocyte count")),
    GCS,
    Flag(
        "severe_organ_insufficiency",
        "history of severe organ insufficiency (biopsy-proven cirrhosis or portal hypertension, NYHA class IV heart "
        "failure, severe chronic lung disease, chronic dialysis) or immunocompromise, evident before this admission",
        aliases=("History of severe organ failure or immunocompromise", "severe organ insufficiency or immunocompromise",
                 "chronic health"),
    ),
    ADMISSION,
)


def _derive(inputs):
    """The quantities the bands read: MAP, FiO2 and the oxygenation measure actually scored."""
    v = dict(inputs)
    # Converted values are compared at reporting precision, so 102.2 °F (38.99999... °C by the unit layer's
    # affine map) or 15,000 cells/mm3 lands on the published cut-off it equals.
    for name, digits in _PRECISION:
        if v.get(name) is not None:
            v[name] = round(v[name], digits)
    v["map"], v["map_how"] = mean_arterial_pressure(inputs)
    if v.get("mean_arterial_pressure") is None:
        v["mean_arterial_pressure"] = v["map"]  # (the input a trace states, as the blood pressures give it)
    fio2 = inputs.get("fio2")
    v["fio2_used"] = ROOM_AIR_FIO2 if fio2 is None else fio2
    aa, how = inputs.get("a_a_gradient"), "reported"
    if v["fio2_used"] >= 50.0 and aa is None and inputs.get("pao2") is not None:
        paco2 = inputs.get("paco2")
        how = "computed" if paco2 is not None else "computed, PaCO2 not reported so taken as 40 mmHg"
        paco2 = NORMAL_PACO2 if paco2 is None else paco2
        aa = v["fio2_used"] / 100.0 * P_INSPIRED - paco2 / RQ - inputs["pao2"]
    v["aa_used"], v["aa_how"] = aa, how
    return v


def _pao2_points(p: float) -> int:
    # Knaus writes >70, 61-70, 55-60, <55 (whole mmHg): 70.5 is ">70", 60.5 belongs to "61-70".
    return 0 if p > 70 else 1 if p > 60 else 3 if p >= 55 else 4


def _oxygenation(v):
    if v["fio2_used"] >= 50.0:
        aa = v["aa_used"]
        if aa is None:
            return 0, f"Oxygenation (FiO2 {fmt(v['fio2_used'])} % ≥ 50 %: A-a gradient): not reported, assumed normal, +0"
        p, lo, hi = band_of(aa, AA_BANDS)
        how = "" if v["aa_how"] == "reported" else f" ({v['aa_how']})"
        return p, f"Oxygenation (FiO2 {fmt(v['fio2_used'])} % ≥ 50 %): A-a gradient {fmt(aa)} mmHg{how} ({band_text(lo, hi, 'mmHg')}): +{p}"
    fio2 = "not reported, taken as room air 21 %" if v.get("fio2") is None else f"{fmt(v['fio2_used'])} %"
    pao2 = v.get("pao2")
    if pao2 is None:
        return 0, f"Oxygenation (FiO2 {fio2} < 50 %: PaO2): not reported, assumed normal, +0"
    p = _pao2_points(pao2)
    rng = {0: "> 70", 1: "61–70", 3: "55–60", 4: "< 55"}[p]
    return p, f"Oxygenation (FiO2 {fio2} < 50 %): PaO2 {fmt(pao2)} mmHg ({rng} mmHg): +{p}"


def _oxygenation_points(v):
    if v["fio2_used"] >= 50.0:
        aa = v["aa_used"]
        return 0 if aa is None else band_points(aa, AA_BANDS)
    pao2 = v.get("pao2")
    return 0 if pao2 is None else _pao2_points(pao2)


def _acid_base(v):
    if v.get("ph") is not None:
        p, lo, hi = band_of(v["ph"], PH_BANDS)
        return p, f"Arterial pH {fmt(v['ph'])} ({band_text(lo, hi)}): +{p}"
    if v.get("bicarbonate") is not None:
        p, lo, hi = band_of(v["bicarbonate"], HCO3_BANDS)
        return p, f"Arterial pH not reported; serum HCO3 {fmt(v['bicarbonate'])} mmol/L ({band_text(lo, hi, 'mmol/L')}): +{p}"
    return 0, "Arterial pH (or serum HCO3): not reported, assumed normal, +0"


def _acid_base_points(v):
    if v.get("ph") is not None:
        return band_points(v["ph"], PH_BANDS)
    if v.get("bicarbonate") is not None:
        return band_points(v["bicarbonate"], HCO3_BANDS)
    return 0


def _creatinine_points(v):
    cr = v.get("creatinine")
    if cr is None:
        return 0
    # Compared at 0.01 mg/dL so a value converted from µmol/L lands on the published cut-off.
    p = band_points(round(cr, 2), CREATININE_BANDS)
    return 2 * p if v.get("acute_renal_failure") else p


def _creatinine(v):
    cr = v.get("creatinine")
    if cr is None:
        return 0, "Creatinine: not reported, assumed normal, +0"
    p, lo, hi = band_of(round(cr, 2), CREATININE_BANDS)
    text = f"Creatinine {fmt(cr, 2)} mg/dL ({band_text(lo, hi, 'mg/dL')}): {p} points"
    if v.get("acute_renal_failure"):
        return 2 * p, text + f", doubled for acute renal failure: +{2 * p}"
    chronic = "; chronic renal failure alone is not doubled" if v.get("chronic_renal_failure") else ""
    return p, text + f", no acute renal failure{chronic}: +{p}"


def _gcs(v):
    g = v.get("gcs")
    if g is None:
        return 0, "Glasgow Coma Scale: not reported, taken as 15, +0"
    return 15 - g, f"Glasgow Coma Scale {g}: 15 − {g} = +{15 - g}"


def _gcs_points(v):
    g = v.get("gcs")
    return 0 if g is None else 15 - g


def _admission(v):
    return v.get("admission_type") or "nonoperative"


def _chronic(v):
    if not v.get("severe_organ_insufficiency"):
        absent = "absent" if v.get("severe_organ_insufficiency") is False else "not mentioned, assumed absent"
        return 0, f"Chronic health (severe organ insufficiency or immunocompromise): {absent}, +0"
    adm = _admission(v)
    p = 2 if adm == "elective postoperative" else 5
    note = "" if v.get("admission_type") else " (no surgery mentioned: nonoperative)"
    return p, f"Chronic health: severe organ insufficiency or immunocompromise, {adm} patient{note}: +{p}"


def _chronic_points(v):
    if not v.get("severe_organ_insufficiency"):
        return 0
    return 2 if v.get("admission_type") == "elective postoperative" else 5


CRITERIA = (
    bands("temperature_points", "temperature", TEMP_BANDS, "Temperature", "°C"),
    # (its one blood-pressure item: "BP 0" in a tally scores the MAP)
    bands("map_points", "map", MAP_BANDS, "Mean arterial pressure", "mmHg", phrases=("blood pressure", "BP")),
    bands("heart_rate_points", "heart_rate", HR_BANDS, "Heart rate", "/min"),
    bands("respiratory_rate_points", "respiratory_rate", RR_BANDS, "Respiratory rate", "/min"),
    # Two tables (A-a gradient at FiO2 ≥ 50 %, PaO2 below): no one input places a stated band, so none is declared
    # for reading (a right row of either table recited is judged as this patient's points); the phrases name it.
    custom("oxygenation_points", "Oxygenation", _oxygenation, 0, 4, _oxygenation_points, (),
           ("oxygenation", "PaO2", "A-a gradient", "A-a DO2", "PaO2/FiO2", "P/F ratio", "hypoxemia", "hypoxaemia")),
    custom("ph_points", "Arterial pH", _acid_base, 0, 4, _acid_base_points, ("ph", "bicarbonate")),
    bands("sodium_points", "sodium", NA_BANDS, "Sodium", "mmol/L"),
    bands("potassium_points", "potassium", K_BANDS, "Potassium", "mmol/L"),
    custom("creatinine_points", "Creatinine", _creatinine, 0, 8, _creatinine_points, ("creatinine", "acute_renal_failure")),
    bands("hematocrit_points", "hematocrit", HCT_BANDS, "Hematocrit", "%"),
    bands("wbc_points", "wbc", WBC_BANDS, "White blood cell count", "×10^9/L"),
    custom("gcs_points", "Glasgow Coma Scale", _gcs, 0, 12, _gcs_points, ("gcs",), ("Glasgow", "GCS")),
    bands("age_points", "age", AGE_BANDS, "Age", "years"),
    custom("chronic_health_points", "Chronic health", _chronic, 0, 5, _chronic_points, ("severe_organ_insufficiency", "admission_type")),
)
LOW, HIGH = score_range(CRITERIA)
_APS = tuple(c.key for c in CRITERIA[:12])


# For the verifier: the quantities its criteria read (MAP from the blood pressures, the FiO2 and the
# oxygenation measure scored), so a criterion's reason is the calculator's own.
DERIVE = _derive


def compute(**inputs):
    check_blood_pressure(inputs, "apache_ii")
    return tally(CRITERIA, _derive(inputs))


def explain(inputs, inter, value):
    v = _derive(inputs)
    lines = explain_criteria(CRITERIA, v, value, "APACHE II score")
    lines[0] += (" Unreported measurements count as normal (0 points); the worst value of the first 24 hours "
                 "in the ICU is the one to enter.")
    lines.insert(1, map_line(inputs, v["map"], v["map_how"], fmt))
    if v["aa_how"] != "reported" and v["aa_used"] is not None:
        paco2 = fmt(inputs["paco2"]) if inputs.get("paco2") is not None else fmt(NORMAL_PACO2)
        lines.insert(2, f"A-a gradient = FiO2 × (760 − 47) − PaCO2 / 0.8 − PaO2 = {fmt(v['fio2_used'] / 100.0)} × 713 − "
                        f"{paco2} / 0.8 − {fmt(inputs['pao2'])} = {fmt(v['aa_used'])} mmHg.")
    aps = sum(inter[k] for k in _APS)
    lines.append(f"Acute physiology score {aps} + age points {inter['age_points']} + chronic health points "
                 f"{inter['chronic_health_points']} = APACHE II score {value}.")
    return lines


# The alveolar gas equation as traces state it, for the verifier (clinverify.calculators.statements):
# PAO2 = FiO2 × (760 − 47) − PaCO2 / 0.8, the A-a gradient's first term at FiO2 ≥ 50 % (declared
# once, in the A–a gradient's module).
STATEMENTS = (ALVEOLAR_GAS,)

CALCULATOR = Calculator(
    id="apache_ii",
    medcalc_id=28,
    medcalc_name="APACHE II Score",
    name="APACHE II score",
    category="critical care",
    description="Acute Physiology and Chronic Health Evaluation II: severity of illness in the ICU (0–71).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Knaus WA, Draper EA, Wagner DP, Zimmerman JE. APACHE II: a severity of disease classification system. "
            "Crit Care Med. 1985;13(10):818-829.",
            doi="10.1097/00003246-198510000-00009",
            pmid="3928249",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("acute_renal_failure",),
    decreasing=("gcs",),
    entity_adapter=fio2_adapter(FIO2),
    notes=(
        "Oxygenation: FiO2 ≥ 50 % scores the A-a gradient, FiO2 < 50 % scores PaO2; FiO2 not mentioned is room air. "
        "At FiO2 ≥ 50 % without a reported A-a gradient it is computed from PaO2 and PaCO2 (alveolar gas equation at "
        "sea level, PaCO2 40 mmHg when not reported).",
        "Creatinine points double for acute renal failure only (Knaus 1985); chronic renal failure is accepted but "
        "adds nothing.",
        "GCS scores 15 − GCS; serum HCO3 is scored only when arterial pH is not reported (Knaus 1985).",
        "Chronic health points need a history of severe organ insufficiency or immunocompromise: +5 nonoperative or "
        "emergency postoperative, +2 elective postoperative; with no surgery mentioned the patient is nonoperative.",
        "Measurements not reported count as normal (0 points), MedCalc-Bench's convention; MAP is computed as "
        "(SBP + 2·DBP) / 3 when not reported.",
    ),
    keywords=('icu mortality', 'severity of illness', 'intensive care'),
    population='5815 ICU admissions in 13 US hospitals (Knaus 1985).',
    examples=('Knaus 1985 (Crit Care Med 13:818) Table 1 bands, age and chronic-health points: a worked example and hand-scored cases (tests/calculators/test_apache_ii.py)',),
)
