"""Apgar score: Apgar V, Curr Res Anesth Analg 1953;32:260-267 (PMID 13083014), the scoring table
(heart rate, respiratory effort, reflex irritability, muscle tone, colour, each 0-2); bands from
AAP/ACOG, Pediatrics 2015;136:819-822 (PMID 26416932): 7-10 reassuring, 4-6 moderately abnormal, 0-3 low.
The sources give the table, not patient examples: the examples below are worked by hand from the table. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored Apgar example (only
copies of the table)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("apgar")
BEST = {"heart_rate": 140, "respiratory_effort": "good", "muscle_tone": "active_motion", "reflex_irritability": "cry",
        "color": "pink"}


def test_vigorous_newborn_with_acrocyanosis_scores_9():
    # Apgar 1953 table: HR 140 (>= 100) 2 + crying 2 + active motion 2 + cry 2 + body pink, extremities blue 1 = 9.
    r = compute("apgar", {**BEST, "color": "body pink, extremities blue"})
    assert r.value == 9
    assert r.intermediates["color_points"] == 1
    assert "reassuring" in r.explanation()[-1]


def test_depressed_newborn_scores_3():
    # HR 80 (< 100) 1 + slow irregular breathing 1 + limp 0 + grimace 1 + blue 0 = 3: low (0-3).
    r = compute("apgar", {"heart_rate": 80, "respiratory_effort": "slow or irregular", "muscle_tone": "limp",
                          "reflex_irritability": "grimace", "color": "blue"})
    assert r.value == 3
    assert "low (0–3)" in r.explanation()[-1]


def test_extremes():
    assert compute("apgar", BEST).value == 10 == CALC.output.maximum
    worst = {"heart_rate": 0, "respiratory_effort": "absent", "muscle_tone": "limp", "reflex_irritability": "none",
             "color": "pale"}
    assert compute("apgar", worst).value == 0 == CALC.output.minimum


@pytest.mark.parametrize("hr,points", [(0, 0), (1, 1), (60, 1), (99, 1), (99.5, 1), (100, 2), (180, 2)])
def test_heart_rate_bands(hr, points):
    assert compute("apgar", {**BEST, "heart_rate": hr}).intermediates["heart_rate_points"] == points


@pytest.mark.parametrize("total,band", [(7, "reassuring"), (6, "moderately abnormal"), (4, "moderately abnormal"), (3, "low")])
def test_band_edges(total, band):
    # Lower signs one point at a time from 10: each option given as its points.
    signs = ["respiratory_effort", "muscle_tone", "reflex_irritability", "color"]
    e = {**BEST}
    drop = 10 - total
    for s in signs:
        take = min(2, drop)
        e[s] = str(2 - take)
        drop -= take
    if drop:
        e["heart_rate"] = 50 if drop == 1 else 0
    r = compute("apgar", e)
    assert r.value == total and band in r.explanation()[-1]


def test_apgar_acronym_keys():
    r = compute("apgar", {"appearance": "pink", "pulse": 120, "grimace": "grimace", "activity": "some flexion",
                          "respiration": "crying"})
    assert r.value == 2 + 2 + 1 + 1 + 2


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("apgar", {**BEST, "muscle_tone": "floppy"})
    assert ei.value.field == "muscle_tone"
    with pytest.raises(InputError) as ei:
        compute("apgar", {**BEST, "heart_rate": -5})
    assert ei.value.field == "heart_rate"
    e = dict(BEST)
    del e["color"]
    with pytest.raises(InputError) as ei:
        compute("apgar", e)
    assert ei.value.field == "color"
