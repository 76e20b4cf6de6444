"""Braden scale: Bergstrom et al., Nurs Res 1987;36:205-210 (PMID 3299278), the scale's six subscales (1-4, friction
and shear 1-3; total 6-23; <= 16 at risk); risk levels from Ayello & Braden, Adv Skin Wound Care 2002;15:125-131
(PMID 12055446): 19-23 none, 15-18 mild, 13-14 moderate, 10-12 high, <= 9 very high. Worked by hand. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored Braden patient
(only copies of the scale and a quiz-answer site, not authoritative)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("braden")
BEST = {"sensory_perception": "no impairment", "moisture": "rarely moist", "activity": "walks frequently",
        "mobility": "no limitation", "nutrition": "excellent", "friction_shear": "no apparent problem"}
NAMES = tuple(BEST)


def test_chairfast_patient_is_mild_risk():
    # Slightly limited 3 + occasionally moist 3 + chairfast 2 + very limited 2 + adequate 3 + potential problem 2 = 15.
    r = compute("braden", {"sensory_perception": "slightly limited", "moisture": "occasionally moist", "activity": "chairfast",
                           "mobility": "very limited", "nutrition": "adequate", "friction_shear": "potential problem"})
    assert r.value == 15
    assert "mild risk (15–18)" in r.explanation()[-1] and "at risk (≤ 16)" in r.explanation()[-1]


def test_bedfast_immobile_patient_is_very_high_risk():
    # Very limited 2 + constantly moist 1 + bedfast 1 + completely immobile 1 + very poor 1 + problem 1 = 7.
    r = compute("braden", {"sensory_perception": "very limited", "moisture": "constantly moist", "activity": "bedfast",
                           "mobility": "completely immobile", "nutrition": "very poor", "friction_shear": "problem"})
    assert r.value == 7
    assert "very high risk" in r.explanation()[-1]


def test_extremes():
    assert compute("braden", BEST).value == 23 == CALC.output.maximum
    assert compute("braden", {n: 1 for n in NAMES}).value == 6 == CALC.output.minimum


@pytest.mark.parametrize("total,band", [(23, "not at risk"), (19, "not at risk"), (18, "mild"), (15, "mild"), (14, "moderate"),
                                        (13, "moderate"), (12, "high risk (10–12)"), (10, "high risk (10–12)"),
                                        (9, "very high"), (6, "very high")])
def test_band_edges(total, band):
    # Lower the subscales from the top (4,4,4,4,4,3) one point at a time, given as points.
    points = [4, 4, 4, 4, 4, 3]
    drop = 23 - total
    for i in range(6):
        take = min(points[i] - 1, drop)
        points[i] -= take
        drop -= take
    r = compute("braden", dict(zip(NAMES, points, strict=True)))
    assert r.value == total and band in r.explanation()[-1]


@pytest.mark.parametrize("points,at_risk", [((2, 3, 3, 3, 3, 2), True), ((3, 3, 3, 3, 3, 2), False)])
def test_bergstrom_cut_off(points, at_risk):
    # 2+3+3+3+3+2 = 16 (at risk, <= 16); 3+3+3+3+3+2 = 17 (above 16).
    r = compute("braden", dict(zip(NAMES, points, strict=True)))
    assert r.value == sum(points) and ("at risk (≤ 16)" in r.explanation()[-1]) is at_risk


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("braden", {**BEST, "friction_shear": 4})
    assert ei.value.field == "friction_shear"
    e = dict(BEST)
    del e["nutrition"]
    with pytest.raises(InputError) as ei:
        compute("braden", e)
    assert ei.value.field == "nutrition"
