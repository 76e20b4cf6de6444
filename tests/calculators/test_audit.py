"""AUDIT: WHO manual, Babor et al. 2001 (2nd ed., WHO/MSD/MSB/01.6a): the questionnaire's answer points (items
1-8 score 0-4, items 9-10 score 0/2/4) and the risk zones (I 0-7, II 8-15, III 16-19, IV 20-40); Saunders et al.,
Addiction 1993;88:791-804 (doi:10.1111/j.1360-0443.1993.tb02093.x). The manual publishes no scored patient example:
the examples below are worked by hand from the answer points. No published worked example found; searched (search
tool, stored public pages, 2026-12-05): the WHO AUDIT manual (Babor et al. 2001, WHO/MSD/MSB/01.6a; the stored copies
read here open at its abstract, the full manual was not read) and pages for a scored AUDIT case.
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found. Leads
not usable: the NIAAA Clinician's Guide 2005 case 1 gives drinking answers, not the ten AUDIT items or a total."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("audit")
NAMES = ("drinking_frequency", "typical_quantity", "heavy_episodes", "impaired_control", "failed_expectations",
         "morning_drinking", "guilt", "blackouts", "injury", "others_concerned")


def audit(*points):
    return compute("audit", dict(zip(NAMES, points, strict=True)))


def test_range_0_to_40():
    assert audit(*[0] * 10).value == 0 == CALC.output.minimum
    assert audit(*[4] * 10).value == 40 == CALC.output.maximum


def test_worked_example_zone_ii():
    # 2-4 times a month (2), 5 or 6 drinks (2), monthly (2), less than monthly (1), never (0), never (0),
    # less than monthly (1), less than monthly (1), no (0), yes but not in the last year (2):
    # 2+2+2+1+0+0+1+1+0+2 = 11 -> Zone II (8-15).
    answers = ["2-4 times a month", "5 or 6", "monthly", "less than monthly", "never", "never", "less than monthly",
               "less than monthly", "no", "yes, but not in the last year"]
    r = compute("audit", {f"AUDIT item {i}": a for i, a in enumerate(answers, 1)})
    assert r.value == 11
    assert r.intermediates["others_concerned_points"] == 2 and r.intermediates["injury_points"] == 0
    assert "Zone II (8–15)" in "\n".join(r.explanation())


def test_worked_example_zone_iv():
    # 4 or more times a week (4), 10 or more (4), daily or almost daily (4), weekly (3), monthly (2),
    # weekly (3), weekly (3), monthly (2), yes during the last year (4), yes during the last year (4):
    # 4+4+4+3+2+3+3+2+4+4 = 33 -> Zone IV (20-40).
    r = compute("audit", dict(zip(NAMES, ["4 or more times a week", "10 or more", "daily or almost daily", "weekly",
                                          "monthly", "weekly", "weekly", "monthly", "yes, during the last year",
                                          "yes, during the last year"], strict=True)))
    assert r.value == 33 and "Zone IV (20–40)" in "\n".join(r.explanation())


@pytest.mark.parametrize("total,zone", [(0, "Zone I"), (7, "Zone I"), (8, "Zone II"), (15, "Zone II"), (16, "Zone III"),
                                        (19, "Zone III"), (20, "Zone IV"), (40, "Zone IV")])
def test_zones_at_every_cut_point(total, zone):
    # Items 1-8 take up to 4 each (max 32); the rest goes to items 9 and 10 in steps of 2.
    first = [min(4, max(0, total - 4 * i)) for i in range(8)]
    rest = total - sum(first)
    last = [min(4, rest), max(0, rest - 4)]
    points = first + last
    assert sum(points) == total
    r = audit(*points)
    assert r.value == total and f"AUDIT score {total}: {zone} " in "\n".join(r.explanation())


def test_items_9_and_10_score_0_2_4_only():
    assert audit(0, 0, 0, 0, 0, 0, 0, 0, 2, 4).value == 6
    with pytest.raises(InputError) as ei:
        audit(0, 0, 0, 0, 0, 0, 0, 0, 1, 0)
    assert ei.value.field == "injury"
    with pytest.raises(InputError) as ei:
        audit(0, 0, 0, 0, 0, 0, 0, 0, 0, 3)
    assert ei.value.field == "others_concerned"


def test_bad_input():
    with pytest.raises(InputError) as ei:
        audit(5, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert ei.value.field == "drinking_frequency"
    with pytest.raises(InputError) as ei:
        compute("audit", dict(zip(NAMES[:9], [0] * 9, strict=True)))
    assert ei.value.field == "others_concerned"


def test_next_level_of_intervention_rule():
    # WHO 2001 (scoring notes): 2 or more on question 4, 5 or 6, or 4 on question 9 or 10 -> next higher intervention.
    rule = "next higher level of intervention"
    assert rule not in "\n".join(audit(2, 1, 1, 1, 1, 1, 0, 0, 2, 2).explanation())  # 11, items 4-6 at 1, 9-10 at 2
    assert rule in "\n".join(audit(2, 1, 1, 2, 0, 0, 0, 0, 0, 0).explanation())  # question 4 scores 2
    assert rule in "\n".join(audit(1, 0, 0, 0, 0, 0, 0, 0, 4, 0).explanation())  # question 9 scores 4
    assert rule in "\n".join(audit(1, 0, 0, 0, 0, 0, 0, 0, 0, 4).explanation())  # question 10 scores 4
