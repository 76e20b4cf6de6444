"""Charlson Comorbidity Index: weights from Charlson et al., J Chronic Dis 1987;40:373-383
(doi:10.1016/0021-9681(87)90171-8), Table of weighted conditions; age points per decade from 50 as in
the combined age-comorbidity score, Charlson et al., J Clin Epidemiol 1994;47:1245-1251
(doi:10.1016/0895-4356(94)90129-5)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("charlson_comorbidity_index")
FLAGS = tuple(i.name for i in CALC.inputs if i.kind == "flag")
ONE_POINT = ("myocardial_infarction", "congestive_heart_failure", "peripheral_vascular_disease", "cerebrovascular_accident",
             "transient_ischemic_attack", "dementia", "copd", "connective_tissue_disease", "peptic_ulcer_disease")
TWO_POINT = ("hemiplegia", "moderate_to_severe_ckd", "leukemia", "lymphoma")


def cci(**kw):
    return compute("charlson_comorbidity_index", {"age": 40, **kw})


def test_lookup():
    assert get(32) is CALC and get("Charlson Comorbidity Index (CCI)") is CALC


def test_no_comorbidity_under_50_scores_zero():
    r = cci()
    assert r.value == 0 == CALC.output.minimum


@pytest.mark.parametrize("f", ONE_POINT)
def test_one_point_conditions(f):
    assert cci(**{f: True}).value == 1


@pytest.mark.parametrize("f", TWO_POINT)
def test_two_point_conditions(f):
    assert cci(**{f: True}).value == 2


def test_aids_scores_six():
    assert cci(aids=True).value == 6


@pytest.mark.parametrize(
    "field,option,points",
    [("liver_disease", "none", 0), ("liver_disease", "mild", 1), ("liver_disease", "moderate to severe", 3),
     ("diabetes", "none or diet-controlled", 0), ("diabetes", "uncomplicated", 1), ("diabetes", "end-organ damage", 2),
     ("solid_tumor", "none", 0), ("solid_tumor", "localized", 2), ("solid_tumor", "metastatic", 6)],
)
def test_graded_items_are_exclusive(field, option, points):
    # Charlson 1987: metastatic solid tumour 6 (not 6 + 2); moderate/severe liver 3 (not 3 + 1); diabetes 1 or 2.
    assert cci(**{field: option}).value == points


def test_cva_and_tia_together_score_one():
    assert cci(cerebrovascular_accident=True, transient_ischemic_attack=True).value == 1


@pytest.mark.parametrize("age,points", [(49, 0), (49.9, 0), (50, 1), (59, 1), (60, 2), (69, 2), (70, 3), (79, 3), (80, 4), (101, 4)])
def test_age_points(age, points):
    assert cci(age=age).intermediates["age_points"] == points


def test_worked_example():
    # 75-year-old with MI, CHF, PVD, SLE, dementia, chronic hepatitis (mild liver) and metastatic prostate cancer:
    # age 3 + 1 + 1 + 1 + 1 + 1 + 1 + 6 = 15.
    r = cci(age=75, myocardial_infarction=True, congestive_heart_failure=True, peripheral_vascular_disease=True,
            connective_tissue_disease=True, dementia=True, liver_disease="mild", solid_tumor="metastatic")
    assert r.value == 15
    assert r.intermediates["solid_tumor_points"] == 6


def test_maximum_is_37():
    r = cci(age=85, liver_disease="moderate to severe", diabetes="end-organ damage", solid_tumor="metastatic",
            **{f: True for f in FLAGS})
    assert r.value == 37 == CALC.output.maximum


def test_medcalc_bench_entity_shapes():
    # The dataset writes solid tumour as True/False or 'Metastatic'/'Localized', renal disease as True or 'Severe',
    # and its option strings in title case.
    e = {"age": [72.0, "years"], "Congestive Heart Faliure": True, "Moderate to severe Chronic Kidney Disease": True,
         "Diabetes mellitus criteria for CCI rule": "End-organ damage", "Liver disease severity": "Mild",
         "Transient Ischemic Attacks History": True, "Solid tumor": True, "Cerebrovascular Accident": True,
         "Hemiplegia": True, "AIDS": False}
    r = compute(32, e)
    assert r.intermediates["solid_tumor_points"] == 2
    assert r.value == 3 + 1 + 2 + 2 + 1 + 1 + 2 + 2  # age, CHF, CKD, DM, liver, CVA/TIA, hemiplegia, tumour
    assert compute(32, {**e, "Solid tumor": "Metastatic"}).intermediates["solid_tumor_points"] == 6
    assert compute(32, {**e, "Solid tumor": False}).intermediates["solid_tumor_points"] == 0
    assert compute(32, {**e, "Moderate to severe Chronic Kidney Disease": "Severe"}).intermediates["moderate_to_severe_ckd_points"] == 2
    assert compute(32, {**e, "Liver disease severity": "Moderate to Severe"}).intermediates["liver_disease_points"] == 3
    assert compute(32, {**e, "Diabetes mellitus criteria for CCI rule": "None or Diet-controlled"}).intermediates["diabetes_points"] == 0


def test_adapter_does_not_mutate_its_input():
    e = {"age": 60, "Solid tumor": True}
    compute(32, e)
    assert e == {"age": 60, "Solid tumor": True}


def test_bad_input():
    with pytest.raises(InputError) as ei:
        cci(solid_tumor="everywhere")
    assert ei.value.field == "solid_tumor"
    with pytest.raises(InputError) as ei:
        cci(age=[300, "years"])
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute(32, {"dementia": True})
    assert ei.value.field == "age"


def test_unadjusted_method_drops_the_age_points():
    # Charlson 1987 (J Chronic Dis 40:373): the original index has no age points; Charlson 1994 adds 1 per decade from 50.
    ents = {"age": 72, "myocardial_infarction": True, "aids": True}
    assert compute("charlson_comorbidity_index", ents).value == 3 + 1 + 6
    r = compute("charlson_comorbidity_index", {**ents, "method": "original_1987"})
    assert r.value == 1 + 6 and r.intermediates["age_points"] == 0
    assert "original 1987" in r.explanation()[0] and r.explanation()[-1] == "Charlson Comorbidity Index 7."


def test_default_is_age_adjusted():
    from clinverify.calculators import get

    assert get("charlson_comorbidity_index").versions() == {"method": (("age_adjusted", "original_1987"), "age_adjusted")}
