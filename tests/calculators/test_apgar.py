"""Apgar score: Apgar V, Curr Res Anesth Analg 1953;32:260-267 (PMID 13083014), the scoring table
(heart rate, respiratory effort, reflex irritability, muscle tone, colour, each 0-2); bands from
AAP/ACOG, Pediatrics 2015;136:819-822 (PMID 26416932): 7-10 reassuring, 4-6 moderately abnormal, 0-3 low.
The sources give the table, not patient examples. Published scored examples (FHIR example instances, synthetic
newborns: they check the scoring arithmetic, not a clinical case): the HL7 FHIR specification's Observation
2minute-apgar-score (github.com/HL7/fhir source/observation/observation-example-2minute-apgar-score.xml;
https://hl7.org/fhir/observation-example-2minute-apgar-score.html): every sign 1, total 5; the Australian Digital
Health Agency FHIR IG's Observation apgarscore-01 (https://build.fhir.org/ig/AuDigitalHealth/ci-fhir-r4/
Observation-apgarscore-01.html): 1-minute Apgar 3. The other examples are worked by hand from the table."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("apgar")
BEST = {"heart_rate": 140, "respiratory_effort": "good", "muscle_tone": "active_motion", "reflex_irritability": "cry",
        "color": "pink"}


def test_published_example_fhir_2_minute_apgar_5():
    # FHIR Observation/2minute-apgar-score: colour 1 (good colour in body, bluish hands or feet), heart rate 1 (fewer than
    # 100 beats per minute; any rate in 1-99 scores it), reflex 1 (grimace during suctioning), tone 1 (some flexion of
    # arms and legs), respiration 1 (weak cry, slow or irregular breathing); published value 5 -> moderately abnormal.
    r = compute("apgar", {"heart_rate": 80, "respiratory_effort": "weak cry", "muscle_tone": "some flexion",
                          "reflex_irritability": "grimace", "color": "body pink, extremities blue"})
    assert r.value == 5
    assert "moderately abnormal" in r.explanation()[-1]


def test_published_example_adha_1_minute_apgar_3():
    # ADHA Observation apgarscore-01: colour 0 (completely bluish-grey or pale), heart rate 0 (no heart rate), response 1
    # (grimace during suctioning), tone 1 (some flexion), respiration 1 (weak cry); published value 3 -> low (0-3).
    r = compute("apgar", {"heart_rate": 0, "respiratory_effort": "weak cry", "muscle_tone": "some flexion",
                          "reflex_irritability": "grimace", "color": "pale"})
    assert r.value == 3
    assert "low (0–3)" in r.explanation()[-1]


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
