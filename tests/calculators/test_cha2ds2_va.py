"""CHA2DS2-VA: 2024 ESC AF guidelines, Eur Heart J 2024;45:3314-3414 (doi:10.1093/eurheartj/ehae176),
the CHA2DS2-VA table: C 1, H 1, A (>=75) 2, D 1, S (stroke/TIA/arterial thromboembolism) 2, V 1, A (65-74) 1; no sex
category. The guideline gives the table, not patient examples: the examples are worked by hand from it. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): not searched this session beyond the
guideline table already cited.
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("cha2ds2_va")
FLAGS = ("chf", "hypertension", "stroke", "tia", "thromboembolism", "vascular_disease", "diabetes")


def test_woman_76_with_hypertension_scores_3_not_4():
    # A (>=75) 2 + H 1 = 3; CHA2DS2-VASc would add 1 for female sex (4): the sex category is gone.
    r = compute("cha2ds2_va", {"age": 76, "sex": "female", "hypertension": True})
    assert r.value == 3
    assert "sex_points" not in r.intermediates
    assert compute("cha2ds2_vasc", {"age": 76, "sex": "female", "hypertension": True}).value == 4


def test_man_68_with_diabetes_and_prior_mi_scores_3():
    # A (65-74) 1 + D 1 + V (prior MI) 1 = 3: anticoagulation recommended (>= 2).
    r = compute("cha2ds2_va", {"age": 68, "diabetes": True, "vascular_disease": True})
    assert r.value == 3
    assert "recommended" in r.explanation()[-1]


def test_extremes():
    assert compute("cha2ds2_va", {"age": 40}).value == 0 == CALC.output.minimum
    assert compute("cha2ds2_va", {"age": 80, **{f: True for f in FLAGS}}).value == 8 == CALC.output.maximum


@pytest.mark.parametrize("age,points", [(64, 0), (64.9, 0), (65, 1), (74.9, 1), (75, 2), (99, 2)])
def test_age_bands(age, points):
    assert compute("cha2ds2_va", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("entities,score,advice", [
    ({"age": 50}, 0, "no anticoagulation"),
    ({"age": 50, "chf": True}, 1, "should be considered"),
    ({"age": 50, "tia": True}, 2, "recommended"),
])
def test_recommendation_thresholds(entities, score, advice):
    r = compute("cha2ds2_va", entities)
    assert r.value == score and advice in r.explanation()[-1]


def test_stroke_tia_thromboembolism_count_once():
    assert compute("cha2ds2_va", {"age": 40, "stroke": True, "tia": True, "thromboembolism": True}).value == 2


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("cha2ds2_va", {"stroke": True})
    assert ei.value.field == "age"
    with pytest.raises(InputError) as ei:
        compute("cha2ds2_va", {"age": 70, "diabetes": "maybe"})
    assert ei.value.field == "diabetes"
