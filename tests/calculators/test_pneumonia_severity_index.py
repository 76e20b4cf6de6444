"""Pneumonia Severity Index: Fine MJ et al. N Engl J Med 1997;336(4):243-250 (doi:10.1056/NEJM199701233360402),
Table 2 (points: age, women −10, nursing home +10; neoplastic +30, liver +20, CHF/cerebrovascular/renal +10;
altered mental status, RR ≥30, SBP <90 +20; temperature <35 or ≥40 °C +15; pulse ≥125 +10; pH <7.35 +30;
BUN ≥30 mg/dL, sodium <130 +20; glucose ≥250 mg/dL, hematocrit <30 %, PaO2 <60 mmHg, pleural effusion +10)
and Figure 1 (classes I-V)."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.scores.pneumonia_severity_index import risk_class

CALC = get("pneumonia_severity_index")
HISTORY = ("nursing_home_resident", "neoplastic_disease", "liver_disease", "congestive_heart_failure",
           "cerebrovascular_disease", "renal_disease", "altered_mental_status", "pleural_effusion")
NORMAL = {"age": 60, "sex": "male", "respiratory_rate": 18, "systolic_bp": 130, "temperature": 37.0, "heart_rate": 80,
          "ph": 7.40, "bun": 15, "sodium": 140, "glucose": 110, "hematocrit": 42, "pao2": 85}


def psi(**kw):
    return compute("pneumonia_severity_index", {**NORMAL, **kw})


def pts(key, **kw):
    return psi(**kw).intermediates[key]


def test_lookup():
    assert get(29) is CALC and get("PSI Score: Pneumonia Severity Index for CAP") is CALC


def test_age_alone_for_a_man_and_minus_10_for_a_woman():
    assert psi().value == 60
    assert psi(sex="female").value == 50
    assert psi(age=60.9).value == 60  # completed years


def test_worked_example_class_v():
    # Man 70 (70), nursing home (+10), CHF (+10), RR 32 (+20), pH 7.30 (+30) = 140 -> class V (>130).
    r = psi(age=70, nursing_home_resident=True, congestive_heart_failure=True, respiratory_rate=32, ph=7.30)
    assert r.value == 140
    assert r.explanation()[-1].startswith("PSI 140 points: risk class V")


def test_every_item_at_once():
    r = psi(age=80, **{h: True for h in HISTORY}, respiratory_rate=35, systolic_bp=80, temperature=34, heart_rate=130,
            ph=7.2, bun=40, sodium=125, glucose=300, hematocrit=25, pao2=55)
    # 80 + 10 + 30 + 20 + 10 + 10 + 10 + 20 + 10 (history, AMS, effusion) + 20 + 20 + 15 + 10 + 30 + 20 + 20 + 10 + 10 + 10
    assert r.value == 80 + 10 + 30 + 20 + 10 + 10 + 10 + 20 + 10 + 20 + 20 + 15 + 10 + 30 + 20 + 20 + 10 + 10 + 10


@pytest.mark.parametrize("t,p", [(34.9, 15), (35.0, 0), (39.9, 0), (40.0, 15), ([104, "°F"], 15), ([95, "°F"], 0),
                                 ([94.9, "degrees fahrenheit"], 15), ([38, "degrees celsisus"], 0)])
def test_temperature_below_35_or_at_least_40(t, p):
    assert pts("temperature_points", temperature=t) == p


@pytest.mark.parametrize(
    "field,below,at,p_below,p_at",
    [("respiratory_rate", 29, 30, 0, 20), ("systolic_bp", 89, 90, 20, 0), ("heart_rate", 124, 125, 0, 10),
     ("ph", 7.34, 7.35, 30, 0), ("bun", 29.9, 30, 0, 20), ("sodium", 129, 130, 20, 0), ("glucose", 249, 250, 0, 10),
     ("hematocrit", 29.9, 30, 10, 0)],
)
def test_thresholds(field, below, at, p_below, p_at):
    key = {"ph": "ph_points"}.get(field, f"{field}_points")
    assert pts(key, **{field: below}) == p_below
    assert pts(key, **{field: at}) == p_at


def test_si_units():
    assert pts("bun_points", bun=[11, "mmol/L"]) == 20  # 30.8 mg/dL
    assert pts("bun_points", bun=[10, "mmol/L"]) == 0
    assert pts("glucose_points", glucose=[14, "mmol/L"]) == 10  # 252 mg/dL
    assert pts("glucose_points", glucose=[13, "mmol/L"]) == 0
    assert pts("hematocrit_points", hematocrit=[0.29, "L/L"]) == 10


def test_pao2_or_oxygen_saturation():
    assert pts("oxygenation_points", pao2=59) == 10
    assert pts("oxygenation_points", pao2=60) == 0
    assert pts("oxygenation_points", pao2=[7.9, "kPa"]) == 10  # 59.3 mmHg
    assert pts("oxygenation_points", pao2=None, oxygen_saturation=89) == 10
    assert pts("oxygenation_points", pao2=70, oxygen_saturation=92) == 0


def test_risk_classes():
    r = compute(29, {"age": 40, "sex": "male"})
    assert risk_class(r.inputs, r.intermediates, r.value) == "I"
    # Class I needs no points but is lost with any comorbidity or examination finding, even at a low total.
    r = compute(29, {"age": 40, "sex": "male", "renal_disease": True})
    assert r.value == 50 and risk_class(r.inputs, r.intermediates, r.value) == "II"
    for value, klass in ((70, "II"), (71, "III"), (90, "III"), (91, "IV"), (130, "IV"), (131, "V")):
        r = compute(29, {"age": value - 10, "sex": "male", "renal_disease": True})
        assert r.value == value and risk_class(r.inputs, r.intermediates, r.value) == klass


def test_unreported_findings_count_as_normal():
    r = compute(29, {"age": 70, "sex": "Female"})
    assert r.value == 60
    assert "not reported" in "\n".join(r.explanation())


def test_medcalc_bench_entities():
    e = {"Heart Rate or Pulse": [110.0, "beats per minute"], "pH": 7.48, "Altered mental status": False,
         "Systolic Blood Pressure": [135.0, "mm Hg"], "Blood Urea Nitrogen (BUN)": [15.0, "mg/dL"],
         "Pleural effusion on x-ray": True, "Cerebrovascular disease history": False, "Sodium": [132.0, "mEq/L"],
         "Liver disease severity": True, "Congestive Heart Faliure": False, "Nursing home resident": True,
         "Partial pressure of oxygen (PaO₂) for Apache II": [92.0, "mm Hg"], "age": [68.0, "years"],
         "respiratory rate": [16.0, "breaths per minute"], "sex": "Female", "Hematocrit": [41.0, "%"],
         "Glucose": [165.0, "mg/dL"], "Temperature": [38.2, "degrees celsius"]}
    assert compute(29, e).value == 98  # 68 − 10 + 10 + 20 + 10 (physician-corrected label of row 834)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        psi(age=16)
    assert ei.value.field == "age" and "plausible range" in str(ei.value)
    with pytest.raises(InputError) as ei:
        compute(29, {"age": 60})
    assert ei.value.field == "sex"
    with pytest.raises(InputError) as ei:
        psi(temperature=101)  # bare Fahrenheit number
    assert ei.value.field == "temperature"
    with pytest.raises(InputError) as ei:
        psi(neoplastic_disease="maybe")
    assert ei.value.field == "neoplastic_disease"


def test_a_woman_scores_10_less_than_a_man():
    abnormal = {**NORMAL, "age": 90, "respiratory_rate": 35, "ph": 7.2, "bun": 40, "pao2": 50}
    for base, findings in itertools.product((NORMAL, abnormal), itertools.product((False, True), repeat=len(HISTORY))):
        e = {**base, **dict(zip(HISTORY, findings, strict=True))}
        assert CALC.compute({**e, "sex": "male"}).value == CALC.compute({**e, "sex": "female"}).value + 10
