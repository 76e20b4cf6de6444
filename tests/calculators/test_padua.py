"""Padua prediction score: Barbar et al., J Thromb Haemost 2010;8:2450-2457 (PMID 20738765), the model table as
reproduced in the ACCP 2012 guideline (Chest 2012;141(2 Suppl):e195S, Table 2): cancer 3, previous VTE 3,
reduced mobility 3, thrombophilia 3, trauma/surgery <= 1 month 2, age >= 70 1, heart/respiratory failure 1,
acute MI/ischaemic stroke 1, acute infection/rheumatological disorder 1, BMI >= 30 1, hormonal treatment 1;
>= 4 high risk. Examples worked by hand from the table. No published worked example found; searched (search tool,
stored public pages, 2026-12-05): pages for a scored Padua patient (only calculator pages; their examples are not
authoritative).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("padua")
FLAGS = ("active_cancer", "previous_vte", "reduced_mobility", "thrombophilia", "recent_trauma_or_surgery",
         "heart_or_respiratory_failure", "acute_mi_or_stroke", "acute_infection_or_rheumatologic", "obesity",
         "hormonal_treatment")


def test_elderly_pneumonia_on_bed_rest_is_high_risk():
    # Age 78 (>= 70: 1) + acute infection 1 + reduced mobility 3 + respiratory failure 1 = 6: high risk (>= 4).
    r = compute("padua", {"age": 78, "acute infection": True, "reduced_mobility": True, "respiratory failure": True})
    assert r.value == 6
    assert "high risk" in r.explanation()[-1]


def test_young_obese_woman_on_hormones_is_low_risk():
    # Age 35 (0) + BMI 32 (>= 30: 1) + ongoing hormonal treatment 1 = 2: low risk.
    r = compute("padua", {"age": 35, "bmi": 32, "hormonal_treatment": True})
    assert r.value == 2
    assert r.intermediates["obesity_points"] == 1
    assert "low risk" in r.explanation()[-1]


def test_extremes():
    assert compute("padua", {"age": 40}).value == 0 == CALC.output.minimum
    assert compute("padua", {"age": 80, "bmi": 35, **{f: True for f in FLAGS}}).value == 20 == CALC.output.maximum


@pytest.mark.parametrize("age,points", [(69, 0), (69.9, 0), (70, 1), (90, 1)])
def test_age_edge(age, points):
    assert compute("padua", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("bmi,points", [(29.9, 0), (30, 1)])
def test_bmi_edge(bmi, points):
    assert compute("padua", {"age": 40, "bmi": bmi}).intermediates["obesity_points"] == points


def test_obesity_counts_once():
    assert compute("padua", {"age": 40, "bmi": 40, "obesity": True}).value == 1


@pytest.mark.parametrize("extra,score,high", [({"active_cancer": True}, 3, False),
                                              ({"active_cancer": True, "hormonal_treatment": True}, 4, True)])
def test_high_risk_threshold(extra, score, high):
    r = compute("padua", {"age": 50, **extra})
    assert r.value == score and ("high risk" in r.explanation()[-1]) is high


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("padua", {"active_cancer": True})
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute("padua", {"age": 60, "bmi": 3})
    assert ei.value.field == "bmi"
