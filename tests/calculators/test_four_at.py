"""4AT: Bellelli et al., Age Ageing 2014;43:496-502 (PMID 24590568), the 4AT form (www.the4at.com): alertness
0/4, AMT4 0/1/2, attention 0/1/2, acute change 0/4; >= 4 possible delirium, 1-3 possible cognitive impairment,
0 unlikely. Published example: case 1 of the instrument authors' "4AT case examples" page
(https://www.the4at.com/4atcases): Mrs SA, 84, drowsy with pneumonia, untestable on AMT4 and months backwards, acute
change reported by her daughter; items 4 + 2 + 2 + 4, "4AT total score: 12/12". The page's other five cases were not
in the stored copy read here; the other examples are worked by hand from the form's scoring."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("four_at")


def test_published_case_1_the4at_website():
    # the4at.com/4atcases, case 1: alertness clearly abnormal (4), AMT4 untestable (2), months backwards untestable (2),
    # acute change from the informant (4): "4AT total score: 12/12".
    r = compute("four_at", {"alertness": "clearly abnormal", "amt4": "untestable", "attention": "untestable",
                            "acute_change": "yes"})
    assert r.value == 12
    assert r.intermediates == {"alertness_points": 4, "amt4_points": 2, "attention_points": 2, "acute_change_points": 4}


def test_drowsy_patient_with_fluctuating_course():
    # Clearly abnormal alertness 4 + AMT4 untestable 2 + attention untestable 2 + acute change 4 = 12 (the maximum).
    r = compute("four_at", {"alertness": "clearly abnormal", "amt4": "untestable", "attention": "untestable",
                            "acute_change": True})
    assert r.value == 12 == CALC.output.maximum
    assert "possible delirium" in r.explanation()[-1]


def test_one_amt4_mistake_and_short_months_backwards():
    # Alert 0 + 1 mistake 1 + 5 months backwards (< 7) 1 + no acute change 0 = 2: possible cognitive impairment.
    r = compute("four_at", {"alertness": "normal", "amt4": "1 mistake", "attention": "< 7 months"})
    assert r.value == 2
    assert "possible cognitive impairment" in r.explanation()[-1]


@pytest.mark.parametrize("entities,value,reading", [
    ({"alertness": 0, "amt4": 0, "attention": 0}, 0, "unlikely"),
    ({"alertness": 0, "amt4": 1, "attention": 0}, 1, "cognitive impairment (1–3)"),
    ({"alertness": 0, "amt4": 2, "attention": 1}, 3, "cognitive impairment (1–3)"),
    ({"alertness": 0, "amt4": 0, "attention": 0, "acute_change": True}, 4, "possible delirium"),
    ({"alertness": 4, "amt4": 0, "attention": 0}, 4, "possible delirium"),
])
def test_threshold_edges(entities, value, reading):
    r = compute("four_at", entities)
    assert r.value == value and reading in r.explanation()[-1]


def test_three_or_four_mistakes_score_two():
    assert compute("four_at", {"alertness": 0, "amt4": 4, "attention": 0}).intermediates["amt4_points"] == 2


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("four_at", {"alertness": "normal", "amt4": 5, "attention": 0})
    assert ei.value.field == "amt4"
    with pytest.raises(InputError) as ei:
        compute("four_at", {"alertness": "normal", "amt4": 0})
    assert ei.value.field == "attention"
