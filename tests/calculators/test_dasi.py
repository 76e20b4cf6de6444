"""DASI: Hlatky et al., Am J Cardiol 1989;64:651-654 (PMID 2782256), the item weights (2.75, 1.75, 2.75, 5.50, 8.00,
2.70, 3.50, 8.00, 4.50, 5.25, 6.00, 7.50; maximum 58.2) and VO2peak = 0.43 × DASI + 9.6 mL/kg/min; METs = VO2peak / 3.5.
Examples worked by hand from the table and the equation. No published worked example found; searched (search tool,
stored public pages, 2026-12-05): pages for a scored DASI patient (only copies of Hlatky 1989's item weights and
equation).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("dasi")
ITEMS = ("self_care", "walk_indoors", "walk_blocks", "climb_stairs", "run_short_distance", "light_housework",
         "moderate_housework", "heavy_housework", "yard_work", "sexual_relations", "moderate_recreation", "strenuous_sports")


def test_everything_scores_58_2():
    # 2.75 + 1.75 + 2.75 + 5.50 + 8.00 + 2.70 + 3.50 + 8.00 + 4.50 + 5.25 + 6.00 + 7.50 = 58.2;
    # VO2peak = 0.43 × 58.2 + 9.6 = 25.026 + 9.6 = 34.626 mL/kg/min; METs = 34.626 / 3.5 = 9.893.
    r = compute("dasi", {i: True for i in ITEMS})
    assert r.value == pytest.approx(58.2) and CALC.output.maximum == pytest.approx(58.2)
    text = " ".join(r.explanation())
    assert "34.626 mL/kg/min" in text and "9.893" in text


def test_limited_patient():
    # Self care 2.75 + walk indoors 1.75 + light housework 2.70 = 7.2; VO2peak = 0.43 × 7.2 + 9.6 = 3.096 + 9.6 = 12.696;
    # METs = 12.696 / 3.5 = 3.627: below 34.
    r = compute("dasi", {"take care of self": True, "walk_indoors": True, "light_housework": "yes"})
    assert r.value == pytest.approx(7.2)
    text = " ".join(r.explanation())
    assert "12.696 mL/kg/min" in text and "3.627" in text and "< 34" in text


def test_nothing_scores_zero_and_9_6():
    r = compute("dasi", {})
    assert r.value == 0 == CALC.output.minimum
    assert "= 9.6 mL/kg/min" in r.explanation()[-2]


@pytest.mark.parametrize("items,value,at_least_34", [
    # 8.00 + 8.00 + 7.50 + 6.00 + 4.50 = 34.0: on the threshold.
    (("run_short_distance", "heavy_housework", "strenuous_sports", "moderate_recreation", "yard_work"), 34.0, True),
    # 8.00 + 8.00 + 7.50 + 6.00 + 3.50 = 33.0: below.
    (("run_short_distance", "heavy_housework", "strenuous_sports", "moderate_recreation", "moderate_housework"), 33.0, False),
])
def test_threshold_34(items, value, at_least_34):
    r = compute("dasi", {i: True for i in items})
    assert r.value == pytest.approx(value)
    assert ("≥ 34" in r.explanation()[-1]) is at_least_34


@pytest.mark.parametrize("item,weight", list(zip(ITEMS, (2.75, 1.75, 2.75, 5.50, 8.00, 2.70, 3.50, 8.00, 4.50, 5.25, 6.00, 7.50),
                                                 strict=True)))
def test_each_weight(item, weight):
    assert compute("dasi", {item: True}).value == pytest.approx(weight)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("dasi", {"climb_stairs": "sometimes"})
    assert ei.value.field == "climb_stairs"
