"""SOFA: Sequential (Sepsis-related) Organ Failure Assessment score (0-24), six organs 0-4 each.

Vincent et al., Intensive Care Med 1996, Table 1:
  respiration    PaO2/FiO2 mmHg <400 +1, <300 +2, <200 with respiratory support +3, <100 with support +4
  coagulation    platelets ×10^3/mm3 <150 +1, <100 +2, <50 +3, <20 +4
  liver          bilirubin mg/dL 1.2-1.9 +1, 2.0-5.9 +2, 6.0-11.9 +3, ≥12 +4
  cardiovascular MAP <70 mmHg +1; dopamine ≤5 or dobutamine (any dose) +2; dopamine >5 or
                 epinephrine ≤0.1 or norepinephrine ≤0.1 +3; dopamine >15 or epinephrine >0.1 or
                 norepinephrine >0.1 +4 (adrenergic agents given for at least 1 h, µg/kg/min)
  CNS            GCS 13-14 +1, 10-12 +2, 6-9 +3, <6 +4
  renal          creatinine mg/dL 1.2-1.9 +1, 2.0-3.4 +2, 3.5-4.9 or urine output <500 mL/day +3,
                 ≥5.0 or urine output <200 mL/day +4
"""

from clinverify.calculators.criteria import band_text, bands, custom, explain_criteria, score_range, tally
from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._icu import (
    DIASTOLIC_BP,
    FIO2,
    GCS,
    MEAN_ARTERIAL_PRESSURE,
    PAO2,
    ROOM_AIR_FIO2,
    SYSTOLIC_BP,
    band_of,
    band_points,
    check_blood_pressure,
    fio2_adapter,
    map_line,
    mean_arterial_pressure,
)

PLATELET_BANDS = ((None, 20.0, 4), (20.0, 50.0, 3), (50.0, 100.0, 2), (100.0, 150.0, 1), (150.0, None, 0))
BILIRUBIN_BANDS = ((None, 1.2, 0), (1.2, 2.0, 1), (2.0, 6.0, 2), (6.0, 12.0, 3), (12.0, None, 4))
GCS_BANDS = ((None, 6, 4), (6, 10, 3), (10, 13, 2), (13, 15, 1), (15, None, 0))
CREATININE_BANDS = ((None, 1.2, 0), (1.2, 2.0, 1), (2.0, 3.5, 2), (3.5, 5.0, 3), (5.0, None, 4))
URINE_BANDS = ((None, 200.0, 4), (200.0, 500.0, 3), (500.0, None, 0))
_PRESSORS = ("dopamine", "dobutamine", "epinephrine", "norepinephrine")


def _dose(name, hi, aliases):
    return Number(name, "ug/kg/min", (0.0, hi), f"{name} infusion rate, µg/kg/min, given for at least 1 h (not mentioned = none)",
                  required=False, aliases=aliases)


INPUTS = (
    PAO2,
    FIO2,
    Flag("mechanical_ventilation", "on mechanical ventilation (respiratory support)",
         aliases=("On mechanical ventilation", "mechanically ventilated", "ventilated")),
    Flag("cpap", "on continuous positive airway pressure (non-invasive respiratory support)",
         aliases=("Continous positive airway pressure", "Continuous positive airway pressure", "CPAP")),
    Number("platelets", "1/nL", (0.0, 3000.0), "platelet count, ×10^3/µL (= ×10^9/L)", required=False,
           aliases=("Platelet count", "platelet", "plt")),
    Number("bilirubin", "mg/dL", (0.05, 80.0), "total bilirubin", analyte="bilirubin", required=False,
           aliases=("Bilirubin", "total bilirubin")),
    MEAN_ARTERIAL_PRESSURE,
    SYSTOLIC_BP,
    DIASTOLIC_BP,
    Flag("hypotension", "hypotension, MAP < 70 mmHg (used when no MAP or blood pressure is given)",
         aliases=("Hypotension",), default=None),
    _dose("dopamine", 100.0, ("DOPamine",)),
    _dose("dobutamine", 100.0, ("DOBUTamine",)),
    _dose("epinephrine", 10.0, ("EPINEPHrine", "adrenaline")),
    _dose("norepinephrine", 10.0, ("norEPINEPHrine", "noradrenaline")),
    GCS,
    Number("creatinine", "mg/dL", (0.05, 30.0), "serum creatinine", analyte="creatinine", required=False,
           aliases=("serum creatinine", "Cr")),
    Number("urine_output", "mL/day", (0.0, 20000.0), "urine output per 24 hours", required=False,
           aliases=("Urine Output", "urine output per day")),
    Flag("cvvhd", "continuous veno-venous hemodialysis ≥24 h in the past week (recorded; Vincent 1996 scores creatinine "
         "and urine output only)", aliases=("Continuous veno-venous hemodialysis for ≥24 hours in the past week", "CVVHD")),
)


def _derive(inputs):
    v = dict(inputs)
    if v.get("platelets") is not None:
        v["platelets"] = round(v["platelets"], 3)  # 150,000 cells/mm3 converts to 149.99999... ×10^3/µL
    v["map"], v["map_how"] = mean_arterial_pressure(inputs)
    fio2 = inputs.get("fio2")
    v["fio2_used"] = ROOM_AIR_FIO2 if fio2 is None else fio2
    pao2 = inputs.get("pao2")
    v["pf_ratio"] = None if pao2 is None else pao2 / (v["fio2_used"] / 100.0)
    v["support"] = bool(inputs.get("mechanical_ventilation") or inputs.get("cpap"))
    return v


def _respiration_points(v):
    r = v["pf_ratio"]
    if r is None or r >= 400:
        return 0
    if r >= 300:
        return 1
    if r >= 200 or not v["support"]:
        return 2  # below 200 scores 3-4 only with respiratory support
    return 3 if r >= 100 else 4


def _respiration(v):
    r = v["pf_ratio"]
    if r is None:
        return 0, "Respiration: PaO2 not reported, assumed normal, +0"
    fio2 = f"{fmt(v['fio2_used'])} %" + (" (not reported, room air)" if v.get("fio2") is None else "")
    p = _respiration_points(v)
    support = "with respiratory support" if v["support"] else "no mechanical ventilation or CPAP"
    cap = " (without respiratory support a ratio < 200 scores at most 2)" if r < 200 and not v["support"] else ""
    return p, (f"Respiration: PaO2/FiO2 = {fmt(v['pao2'])} / {fmt(v['fio2_used'] / 100.0)} = {fmt(r)} mmHg "
               f"(FiO2 {fio2}), {support}{cap}: +{p}")


def _doses(v):
    return tuple(v.get(k) or 0.0 for k in _PRESSORS)


def _cardiovascular_points(v):
    dop, dob, epi, ne = _doses(v)
    if dop > 15 or epi > 0.1 or ne > 0.1:
        return 4
    if dop > 5 or epi > 0 or ne > 0:
        return 3
    if dop > 0 or dob > 0:
        return 2
    m = v["map"]
    if m is not None:
        return 1 if m < 70 else 0
    return 1 if v.get("hypotension") else 0


_CV_RULE = {
    4: "dopamine > 15 or epinephrine > 0.1 or norepinephrine > 0.1",
    3: "dopamine > 5 or epinephrine ≤ 0.1 or norepinephrine ≤ 0.1",
    2: "dopamine ≤ 5 or dobutamine (any dose)",
}


def _cardiovascular(v):
    p = _cardiovascular_points(v)
    given = [f"{k} {fmt(d)}" for k, d in zip(_PRESSORS, _doses(v), strict=True) if d > 0]
    if given:
        return p, f"Cardiovascular: {', '.join(given)} µg/kg/min ({_CV_RULE[p]}): +{p}"
    m = v["map"]
    if m is not None:
        return p, f"Cardiovascular: no vasopressors, MAP {fmt(m)} mmHg ({'<' if p else '≥'} 70): +{p}"
    h = v.get("hypotension")
    state = "present (MAP < 70)" if h else "absent" if h is False else "not mentioned, assumed absent"
    return p, f"Cardiovascular: no vasopressors, no blood pressure given, hypotension {state}: +{p}"


def _renal_parts(v):
    cr, uo = v.get("creatinine"), v.get("urine_output")
    # Compared at 0.01 mg/dL so a value converted from µmol/L lands on the published cut-off.
    pc = None if cr is None else band_points(round(cr, 2), CREATININE_BANDS)
    pu = None if uo is None else band_points(uo, URINE_BANDS)
    return pc, pu


def _renal_points(v):
    pc, pu = _renal_parts(v)
    return max(pc or 0, pu or 0)


def _renal(v):
    pc, pu = _renal_parts(v)
    if pc is None and pu is None:
        return 0, "Renal: creatinine and urine output not reported, assumed normal, +0"
    parts = []
    if pc is not None:
        _, lo, hi = band_of(round(v["creatinine"], 2), CREATININE_BANDS)
        parts.append(f"creatinine {fmt(v['creatinine'], 2)} mg/dL ({band_text(lo, hi, 'mg/dL')}) {pc}")
    if pu is not None:
        _, lo, hi = band_of(v["urine_output"], URINE_BANDS)
        parts.append(f"urine output {fmt(v['urine_output'])} mL/day ({band_text(lo, hi, 'mL/day')}) {pu}")
    p = max(pc or 0, pu or 0)
    extra = "; CVVHD recorded but not scored (Vincent 1996)" if v.get("cvvhd") else ""
    return p, f"Renal: {'; '.join(parts)}, the worse counts{extra}: +{p}"


def _liver_points(v):
    b = v.get("bilirubin")
    return 0 if b is None else band_points(round(b, 2), BILIRUBIN_BANDS)


def _liver(v):
    b = v.get("bilirubin")
    if b is None:
        return 0, "Liver: bilirubin not reported, assumed normal, +0"
    p, lo, hi = band_of(round(b, 2), BILIRUBIN_BANDS)
    return p, f"Liver: bilirubin {fmt(b, 2)} mg/dL ({band_text(lo, hi, 'mg/dL')}): +{p}"


CRITERIA = (
    custom("respiration_points", "Respiration (PaO2/FiO2)", _respiration, 0, 4, _respiration_points,
           phrases=("pao2/fio2", "p/f ratio", "fio2", "partial pressure of oxygen", "mechanical ventilation", "respiratory")),
    bands("coagulation_points", "platelets", PLATELET_BANDS, "Coagulation: platelets", "×10^3/µL"),
    custom("liver_points", "Liver (bilirubin)", _liver, 0, 4, _liver_points, ("bilirubin",), ("bilirubin", "liver", "hepatic")),
    custom("cardiovascular_points", "Cardiovascular", _cardiovascular, 0, 4, _cardiovascular_points,
           phrases=("mean arterial pressure", "map", "vasopressor", "vasopressors", "dopamine", "dobutamine", "norepinephrine",
                    "epinephrine", "hypotension", "cardiovascular")),
    bands("cns_points", "gcs", GCS_BANDS, "Central nervous system: Glasgow Coma Scale"),
    custom("renal_points", "Renal (creatinine or urine output)", _renal, 0, 4, _renal_points,
           phrases=("creatinine", "urine output", "renal", "kidney")),
)
LOW, HIGH = score_range(CRITERIA)


def _check(inputs, v):
    check_blood_pressure(inputs, "sofa")
    h, m = inputs.get("hypotension"), v["map"]
    if h is not None and m is not None and not any(_doses(v)) and h != (m < 70):
        raise InputError(FieldViolation(
            "hypotension", f"{'true' if h else 'false'} contradicts the mean arterial pressure {fmt(m)} mmHg "
            "(hypotension here means MAP < 70 mmHg)"), "sofa")


def compute(**inputs):
    v = _derive(inputs)
    _check(inputs, v)
    return tally(CRITERIA, v)


def explain(inputs, inter, value):
    v = _derive(inputs)
    lines = explain_criteria(CRITERIA, v, value, "SOFA score")
    lines[0] = ("The SOFA score adds 0-4 points for each of six organ systems; measurements not reported count as "
                "normal (0 points) and a GCS not reported as 15.")
    lines.insert(1, map_line(inputs, v["map"], v["map_how"], fmt))
    lines.append(f"SOFA score {value}.")
    return lines


CALCULATOR = Calculator(
    id="sofa",
    medcalc_id=43,
    medcalc_name="Sequential Organ Failure Assessment (SOFA) Score",
    name="SOFA score",
    category="critical care",
    description="Sequential Organ Failure Assessment: dysfunction of six organ systems in the ICU (0–24).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Vincent JL, Moreno R, Takala J, et al. The SOFA (Sepsis-related Organ Failure Assessment) score to describe "
            "organ dysfunction/failure. Intensive Care Med. 1996;22(7):707-710.",
            doi="10.1007/BF01709751",
            pmid="8844239",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("dopamine", "dobutamine", "epinephrine", "norepinephrine", "mechanical_ventilation", "cpap"),
    entity_adapter=fio2_adapter(FIO2),
    notes=(
        "Respiratory support is mechanical ventilation or CPAP; without it a PaO2/FiO2 below 200 scores 2, as the "
        "3 and 4 point bands require support (Vincent 1996). FiO2 not mentioned is room air (21 %).",
        "Cardiovascular: vasopressor doses in µg/kg/min decide first (the highest band any drug reaches); without "
        "vasopressors MAP < 70 mmHg scores 1, MAP from SBP/DBP when not reported, else the hypotension flag.",
        "Renal: the worse of creatinine and 24-hour urine output; continuous veno-venous hemodialysis is accepted "
        "but adds no points, since Vincent 1996 scores creatinine and urine output only.",
        "Measurements not reported count as normal (0 points; GCS 15), MedCalc-Bench's convention. A hypotension flag "
        "that contradicts the measured MAP of a patient on no vasopressors is rejected.",
    ),
    keywords=('sepsis', 'organ failure', 'icu mortality', 'intensive care'),
    population='ICU patients (ESICM consensus, Vincent 1996), validated in a multicentre ICU cohort (Vincent 1998).',
    examples=('Vincent 1996 (Intensive Care Med 22:707) Table 1: a worked example and hand-scored cases (tests/calculators/test_sofa.py)',),
)
