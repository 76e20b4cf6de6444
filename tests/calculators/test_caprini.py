"""Caprini VTE risk score, 2005 form: Caprini JA, Dis Mon 2005;51:70-78 (doi:10.1016/j.disamonth.2005.02.003),
thrombosis risk factor assessment form (1-, 2-, 3- and 5-point risk factors; risk levels 0-1 low,
2 moderate, 3-4 high, >=5 highest)."""

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.scores.caprini import _FEMALE

CALC = get("caprini")
FLAGS = tuple(i.name for i in CALC.inputs if i.kind == "flag")


def cap(**kw):
    return compute("caprini", {"age": 30, **kw})


def test_lookup():
    assert get(36) is CALC and get("Caprini Score for Venous Thromboembolism (2005)") is CALC


def test_young_patient_without_risk_factors_scores_zero():
    r = cap(sex="male", mobility="normal", surgery_type="none", bmi=22)
    assert r.value == 0 == CALC.output.minimum
    assert "low risk" in r.explanation()[-1]


@pytest.mark.parametrize("age,points", [(40, 0), (40.5, 0), (41, 1), (60, 1), (61, 2), (74, 2), (75, 3)])
def test_age_bands(age, points):
    assert cap(age=age).intermediates["age_points"] == points


@pytest.mark.parametrize(
    "surgery,points",
    [("none", 0), ("minor", 1), ("major", 2), ("laparoscopic", 2), ("arthroscopic", 2),
     ("elective major lower extremity arthroplasty", 5)],
)
def test_surgery_type(surgery, points):
    assert cap(surgery_type=surgery).value == points


@pytest.mark.parametrize("mobility,points", [("normal", 0), ("on bed rest", 1), ("confined to bed >72 hours", 2)])
def test_mobility(mobility, points):
    assert cap(mobility=mobility).value == points


@pytest.mark.parametrize("bmi,points", [(25.0, 0), (25.1, 1), (40, 1)])
def test_bmi_over_25_scores_one(bmi, points):
    assert cap(bmi=bmi).value == points


@pytest.mark.parametrize(
    "flag,points",
    [("major_surgery_last_month", 1), ("chf_last_month", 1), ("sepsis_last_month", 1), ("pneumonia_last_month", 1),
     ("copd", 1), ("acute_mi", 1), ("inflammatory_bowel_disease", 1), ("varicose_veins", 1), ("swollen_legs", 1),
     ("plaster_cast_last_month", 2), ("central_venous_access", 2), ("malignancy", 2),
     ("family_history_thrombosis", 3), ("factor_v_leiden", 3), ("prothrombin_20210a", 3), ("elevated_homocysteine", 3),
     ("lupus_anticoagulant", 3), ("anticardiolipin_antibody", 3), ("heparin_induced_thrombocytopenia", 3),
     ("other_thrombophilia", 3), ("hip_pelvis_leg_fracture", 5), ("stroke_last_month", 5), ("multiple_trauma", 5),
     ("spinal_cord_injury", 5), ("oral_contraceptives_or_hrt", 1), ("pregnancy_or_postpartum", 1),
     ("adverse_obstetric_history", 1)],
)
def test_each_risk_factor_weight(flag, points):
    assert cap(**{flag: True}).value == points


def test_history_of_dvt_and_pe_is_one_item():
    # The 2005 form lists "History of DVT/PE" once (3 points).
    assert cap(previous_dvt=True).value == 3
    assert cap(previous_pe=True).value == 3
    assert cap(previous_dvt=True, previous_pe=True).value == 3


def test_worked_example():
    # 68-year-old woman after laparoscopic surgery for ovarian cancer, prior DVT and PE, BMI 30, bed-bound >72 h,
    # acute MI, swollen legs, raised homocysteine, IBD, family history of thrombosis:
    # age 2 + laparoscopic 2 + confined 2 + BMI 1 + DVT/PE 3 + MI 1 + swollen legs 1 + malignancy 2
    # + homocysteine 3 + IBD 1 + family history 3 = 21 (highest risk).
    r = cap(age=68, sex="female", surgery_type="laparoscopic", mobility="confined to bed >72 hours", bmi=30,
            previous_dvt=True, previous_pe=True, acute_mi=True, swollen_legs=True, malignancy=True,
            elevated_homocysteine=True, inflammatory_bowel_disease=True, family_history_thrombosis=True)
    assert r.value == 21
    assert "highest risk" in r.explanation()[-1]


@pytest.mark.parametrize("flag", _FEMALE)
def test_women_only_item_for_a_man_is_rejected(flag):
    with pytest.raises(InputError) as ei:
        cap(sex="male", **{flag: True})
    assert ei.value.field == flag and "male" in str(ei.value)
    assert cap(sex="female", **{flag: True}).value == 1


def test_medcalc_bench_entity_keys():
    e = {"age": [62.0, "years"], "sex": "Male", "Surgery Type": "elective major lower extremity arthroplasty",
         "Congestive Heart Failure in the last month": True, "Stroke in the last month": True, "Mobility": "on bed rest",
         "Positive prothrombin 20210A": True, "Elevated serum homocysteine": True, "Current swollen legs": True,
         "Body Mass Index (BMI)": [30.0, "kg/m^2"], "Previously documented Deep Vein Thrombosis": False,
         "Previously Documented Pulmonary Embolism": False, "Major Surgery in the last month": False}
    r = compute(36, e)
    # age 2 + arthroplasty 5 + CHF 1 + stroke 5 + bed rest 1 + prothrombin 3 + homocysteine 3 + swollen legs 1 + BMI 1
    assert r.value == 22


def test_bad_input():
    with pytest.raises(InputError) as ei:
        cap(mobility="running")
    assert ei.value.field == "mobility"
    with pytest.raises(InputError) as ei:
        cap(bmi=[25, "kg"])
    assert ei.value.field == "bmi"
    with pytest.raises(InputError) as ei:
        compute("caprini", {"sex": "female"})
    assert ei.value.field == "age"


def test_maximum_is_reachable():
    r = cap(age=80, sex="female", surgery_type="elective major lower extremity arthroplasty",
            mobility="confined to bed >72 hours", bmi=35, **{f: True for f in FLAGS})
    assert r.value == CALC.output.maximum == 76
