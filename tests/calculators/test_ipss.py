"""IPSS: Barry MJ et al., J Urol 1992;148:1549-1557 (doi:10.1016/s0022-5347(17)36966-5): seven items scored 0-5 for the
last month, summed 0-35; mild 0-7, moderate 8-19, severe 20-35; the quality-of-life item (0-6) is reported separately.
The paper publishes no scored patient example: the answer sets below are worked by hand from its scoring."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("ipss")
ITEMS = ("incomplete_emptying", "frequency", "intermittency", "urgency", "weak_stream", "straining", "nocturia")


def ipss(*points, **kw):
    return compute("ipss", {**dict(zip(ITEMS, points, strict=True)), **kw})


def test_range_0_to_35():
    assert ipss(0, 0, 0, 0, 0, 0, 0).value == 0 == CALC.output.minimum
    assert ipss(5, 5, 5, 5, 5, 5, 5).value == 35 == CALC.output.maximum


def test_worked_example_moderate_with_answers_and_qol():
    # Incomplete emptying "less than 1 time in 5" 1 + frequency "about half the time" 3 + intermittency 0 + urgency
    # "less than half the time" 2 + weak stream "almost always" 5 + straining 0 + nocturia "twice" 2 = 13: moderate.
    r = compute("ipss", {"incomplete_emptying": "less than 1 time in 5", "frequency": "about half the time",
                         "intermittency": "not at all", "urgency": "less than half the time", "weak_stream": "almost always",
                         "straining": 0, "nocturia": "twice", "quality_of_life": 4})
    assert r.value == 13
    text = "\n".join(r.explanation())
    assert "moderate (8–19)" in text and "4 of 6 (reported separately, not added" in text
    assert "quality_of_life" not in r.intermediates


def test_quality_of_life_never_changes_the_score():
    assert {ipss(2, 2, 2, 2, 2, 2, 2, quality_of_life=q).value for q in range(7)} == {14}


@pytest.mark.parametrize("points,band", [
    ((1, 1, 1, 1, 1, 1, 1), "mild (0–7)"),        # 7
    ((2, 1, 1, 1, 1, 1, 1), "moderate (8–19)"),   # 8
    ((3, 3, 3, 3, 3, 3, 1), "moderate (8–19)"),   # 19
    ((3, 3, 3, 3, 3, 3, 2), "severe (20–35)"),    # 20
])
def test_band_edges(points, band):
    r = ipss(*points)
    assert r.value == sum(points) and band in r.explanation()[-1]


def test_every_item_adds_its_points_exactly():
    for item, p in itertools.product(range(7), range(6)):
        points = [0] * 7
        points[item] = p
        assert ipss(*points).intermediates[f"{ITEMS[item]}_points"] == p


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ipss", {i: 0 for i in ITEMS[:-1]})
    assert ei.value.field == "nocturia"
    with pytest.raises(InputError) as ei:
        ipss(0, 0, 0, 0, 0, 0, 6)
    assert ei.value.field == "nocturia"
    with pytest.raises(InputError) as ei:
        ipss(0, 0, 0, 0, 0, 0, 0, quality_of_life=7)
    assert ei.value.field == "quality_of_life"
