"""Waterlow score: Waterlow J, Nurs Times 1985;81(48):49-55, as revised by the author in 2005 (the card at
judy-waterlow.co.uk): build (BMI), skin, sex, age, Malnutrition Screening Tool, continence, mobility and special risks;
10+ at risk, 15+ high, 20+ very high. Neither the paper nor the card prints a scored patient: the cases are worked by
hand from the card's points."""

import pytest

from clinverify.calculators import InputError, compute, get

BASE = {"bmi": 22, "sex": "male", "age": 40}  # 0 + 1 + 1 = 2


def wl(**kw):
    return compute("waterlow", {**BASE, **kw})


def test_minimum_patient_scores_two():
    # BMI 22 (20-24.9) 0, male 1, age 40 (14-49) 1: 2, not at risk.
    r = wl()
    assert r.value == 2 and "not at risk (< 10)" in r.explanation()[-1]


def test_worked_example_elderly_chairbound_woman():
    # BMI 19 (< 20) 3 + dry skin 1 + female 2 + age 82 (81+) 5 + urinary incontinence 1 + chairbound 5 = 17: high risk.
    r = compute("waterlow", {"bmi": 19, "sex": "female", "age": 82, "mobility": "chairbound",
                             "continence": "urinary incontinence", "dry_skin": True})
    assert r.value == 17 and "high risk (15–19)" in r.explanation()[-1]


def test_worked_example_surgical_patient_with_special_risks():
    # BMI 31 (≥ 30) 2 + oedematous 1 + clammy 1 + male 1 + age 70 (65-74) 3 + weight loss 5-10 kg 2 + eating poorly 1
    # + restricted 3 + single organ failure 5 + smoking 1 + neurological deficit 5 + orthopaedic 5 + on table > 6 h 8
    # + steroids 4 = 42: very high risk.
    r = compute("waterlow", {"bmi": 31, "sex": "M", "age": 70, "oedematous_skin": True, "clammy_skin": True,
                             "weight_loss": "5-10 kg", "eating_poorly": True, "mobility": "restricted",
                             "single_organ_failure": True, "smoking": True, "neurological_deficit": 5,
                             "orthopaedic_surgery": True, "theatre_time": "more than 6 hours", "medication": True})
    assert r.value == 42 and "very high risk (20+)" in r.explanation()[-1]
    assert r.intermediates["theatre_points"] == 8 and r.intermediates["neurological_points"] == 5


@pytest.mark.parametrize("bmi,points", [(19.9, 3), (20, 0), (24.9, 0), (25, 1), (29.9, 1), (30, 2)])
def test_build_bands(bmi, points):
    assert wl(bmi=bmi).intermediates["build_points"] == points


@pytest.mark.parametrize("age,points", [(14, 1), (49, 1), (50, 2), (64, 2), (65, 3), (74, 3), (75, 4), (80, 4),
                                        (80.5, 4), (81, 5)])
def test_age_bands(age, points):
    assert wl(age=age).intermediates["age_points"] == points


@pytest.mark.parametrize("kw,total,band", [
    ({"mobility": "bedbound", "continence": "faecal incontinence", "discoloured_skin": True}, 10, "at risk (10–14)"),
    ({"mobility": "bedbound", "continence": "urinary incontinence", "discoloured_skin": True}, 9, "not at risk"),
    ({"mobility": "bedbound", "continence": "urinary and faecal incontinence", "broken_skin": True, "anaemia": True}, 14,
     "at risk (10–14)"),
    ({"mobility": "chairbound", "continence": "urinary and faecal incontinence", "broken_skin": True, "anaemia": True}, 15,
     "high risk (15–19)"),
    ({"mobility": "chairbound", "peripheral_vascular_disease": True, "medication": True, "smoking": True,
      "dry_skin": True, "tissue_paper_skin": True}, 19, "high risk (15–19)"),
    ({"mobility": "chairbound", "peripheral_vascular_disease": True, "medication": True, "smoking": True,
      "dry_skin": True, "tissue_paper_skin": True, "eating_poorly": True}, 20, "very high risk (20+)"),
])
def test_risk_band_edges(kw, total, band):
    r = wl(**kw)
    assert r.value == total and band in r.explanation()[-1]


def test_options_score_as_the_card():
    assert [wl(mobility=m).intermediates["mobility_points"] for m in
            ("fully", "restless", "apathetic", "restricted", "bedbound", "wheelchair")] == [0, 1, 2, 3, 4, 5]
    assert [wl(weight_loss=w).intermediates["weight_loss_points"] for w in
            ("none", "0.5-5 kg", "unsure", "5-10 kg", "10-15 kg", "more than 15 kg")] == [0, 1, 2, 2, 3, 4]
    assert wl(sex="female").intermediates["sex_points"] == 2
    assert wl(terminal_cachexia=True, multiple_organ_failure=True).value == 2 + 16  # special risks add


def test_declaration():
    c = get("waterlow")
    assert c.category == "nursing" and any("2005" in n for n in c.notes)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("waterlow", {"sex": "male", "age": 40})
    assert ei.value.field == "bmi"
    with pytest.raises(InputError) as ei:
        wl(age=10)
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        wl(neurological_deficit=3)
    assert ei.value.field == "neurological_deficit"
