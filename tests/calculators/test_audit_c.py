"""AUDIT-C: Bush et al., Arch Intern Med 1998;158:1789-1795 (doi:10.1001/archinte.158.16.1789): AUDIT items 1-3, each
0-4 (answer points of the WHO AUDIT, Babor 2001), total 0-12; positive screen >= 4 in men and >= 3 in women
(Bradley et al., Alcohol Clin Exp Res 2007;31:1208-1217, doi:10.1111/j.1530-0277.2007.00403.x). No published patient
example: the examples below are worked by hand from the answer points. No published worked example found; searched
(search tool, stored public pages, 2026-12-05): the WHO AUDIT manual search (AUDIT-C items are AUDIT items 1-3); no
AUDIT-C-specific source was searched separately.
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found. Leads
not usable: the VA AUDIT-C FAQ (question 10, one drink a day) was seen only as a question, without the item scores."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("audit_c")


def test_range_0_to_12():
    e = {"drinking_frequency": 0, "typical_quantity": 0, "heavy_episodes": 0}
    assert compute("audit_c", e).value == 0 == CALC.output.minimum
    assert compute("audit_c", {k: 4 for k in e}).value == 12 == CALC.output.maximum


def test_worked_example_woman_positive():
    # 2-3 times a week (3), 1 or 2 drinks (0), never six or more (0): 3+0+0 = 3 -> positive for a woman (>= 3).
    r = compute("audit_c", {"AUDIT-C item 1": "2-3 times a week", "AUDIT-C item 2": "1 or 2", "AUDIT-C item 3": "never",
                            "sex": "female"})
    assert r.value == 3 and r.intermediates == {"drinking_frequency_points": 3, "typical_quantity_points": 0,
                                                "heavy_episodes_points": 0}
    assert "positive screen for alcohol misuse (cut-off ≥ 3 in women)" in "\n".join(r.explanation())


def test_worked_example_same_answers_man_negative():
    # The same 3 points are below the men's cut-off (>= 4).
    r = compute("audit_c", {"drinking_frequency": 3, "typical_quantity": 0, "heavy_episodes": 0, "sex": "M"})
    assert r.value == 3 and "negative screen for alcohol misuse (cut-off ≥ 4 in men)" in "\n".join(r.explanation())


def test_worked_example_man_positive():
    # 2-4 times a month (2), 3 or 4 drinks (1), monthly (2): 2+1+2 = 5 -> positive for a man (>= 4).
    r = compute("audit_c", {"q1": "2-4 times a month", "q2": "3 or 4", "q3": "monthly", "sex": "male"})
    assert r.value == 5 and "positive screen" in "\n".join(r.explanation())


@pytest.mark.parametrize("total,sex,result", [(2, "female", "negative"), (3, "female", "positive"), (3, "male", "negative"),
                                              (4, "male", "positive")])
def test_cut_offs(total, sex, result):
    points = [min(4, total), max(0, total - 4), 0]
    r = compute("audit_c", {"drinking_frequency": points[0], "typical_quantity": points[1], "heavy_episodes": 0, "sex": sex})
    assert r.value == total and f"{result} screen" in "\n".join(r.explanation())


def test_without_sex_both_cut_offs_are_stated():
    r = compute("audit_c", {"drinking_frequency": 3, "typical_quantity": 0, "heavy_episodes": 0})
    assert "negative for a man (≥ 4) and positive for a woman (≥ 3)" in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("audit_c", {"drinking_frequency": 1, "typical_quantity": 7, "heavy_episodes": 0})
    assert ei.value.field == "typical_quantity"
    with pytest.raises(InputError) as ei:
        compute("audit_c", {"drinking_frequency": 1, "typical_quantity": 0})
    assert ei.value.field == "heavy_episodes"
