"""Braden scale: Bergstrom et al., Nurs Res 1987;36:205-210 (PMID 3299278), the scale's six subscales (1-4, friction
and shear 1-3; total 6-23; <= 16 at risk); risk levels from Ayello & Braden, Adv Skin Wound Care 2002;15:125-131
(PMID 12055446): 19-23 none, 15-18 mild, 13-14 moderate, 10-12 high, <= 9 very high. Published scored examples (FHIR
example instances, a synthetic patient: they check the scoring arithmetic and bands, not a clinical case): PACIO
Sample Data Depot (HL7 FHIR accelerator PACIO; https://build.fhir.org/ig/paciowg/sample-data-fsh/, Observations
wm1-Braden-*-20260227 and wm1-Braden-*-20260415): totals 17 ("mild/low risk") and 11 ("high risk"). The other
examples are worked by hand; pages for a scored Braden patient were searched (only copies of the scale and a
quiz-answer site, not authoritative)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("braden")
BEST = {"sensory_perception": "no impairment", "moisture": "rarely moist", "activity": "walks frequently",
        "mobility": "no limitation", "nutrition": "excellent", "friction_shear": "no apparent problem"}
NAMES = tuple(BEST)


def test_published_examples_pacio_braden_17_and_11():
    # PACIO wm1-Braden-*-20260227: sensory 3, moisture 3, activity 2, mobility 3, nutrition 3, friction/shear 3 ->
    # published total 17, "mild/low risk"; -20260415: 2, 2, 1, 2, 2, 2 -> published total 11, "high risk".
    february = compute("braden", dict(zip(NAMES, (3, 3, 2, 3, 3, 3), strict=True)))
    assert february.value == 17 and "mild risk (15–18)" in february.explanation()[-1]
    april = compute("braden", dict(zip(NAMES, (2, 2, 1, 2, 2, 2), strict=True)))
    assert april.value == 11 and "high risk (10–12)" in april.explanation()[-1]


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
