"""BODE index (Celli BR et al., N Engl J Med 2004;350:1005-1012, doi:10.1056/NEJMoa021322, Table 1 "Variables
and point values used for the computation of the BODE index"). Examples worked by hand from Table 1. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored BODE patient (only
copies of Celli 2004 Table 1).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute


def test_mild_example():
    # FEV1 70 % (0), 6MWD 400 m (0), mMRC 1 (0), BMI 24 (0) = 0, quartile 1.
    r = compute("bode_index", {"fev1_percent": 70, "six_minute_walk": 400, "mmrc_grade": 1, "bmi": 24})
    assert r.value == 0
    assert "quartile 1" in "\n".join(r.explanation())


def test_severe_example():
    # FEV1 30 % (3), 6MWD 200 m (2), mMRC 3 (2), BMI 20 (1) = 8, quartile 4.
    r = compute("bode_index", {"FEV1 % predicted": 30, "6MWD": [656, "ft"], "mMRC": 3, "bmi": 20})
    # 656 ft x 0.3048 = 199.9 m: 150-249 band, 2 points.
    assert r.intermediates == {"fev1_points": 3, "walk_points": 2, "dyspnoea_points": 2, "bmi_points": 1}
    assert r.value == 8
    assert "quartile 4" in "\n".join(r.explanation())


@pytest.mark.parametrize("fev1,points", [(65, 0), (64, 1), (50, 1), (49, 2), (36, 2), (35.5, 2), (35, 3)])
def test_fev1_bands(fev1, points):
    r = compute("bode_index", {"fev1_percent": fev1, "six_minute_walk": 400, "mmrc_grade": 0, "bmi": 25})
    assert r.intermediates["fev1_points"] == points


@pytest.mark.parametrize("walk,points", [(350, 0), (349, 1), (250, 1), (249, 2), (150, 2), (149, 3)])
def test_walk_bands(walk, points):
    r = compute("bode_index", {"fev1_percent": 80, "six_minute_walk": walk, "mmrc_grade": 0, "bmi": 25})
    assert r.intermediates["walk_points"] == points


@pytest.mark.parametrize("mmrc,points", [(0, 0), (1, 0), (2, 1), (3, 2), (4, 3)])
def test_dyspnoea_points(mmrc, points):
    r = compute("bode_index", {"fev1_percent": 80, "six_minute_walk": 400, "mmrc_grade": mmrc, "bmi": 25})
    assert r.intermediates["dyspnoea_points"] == points


@pytest.mark.parametrize("bmi,points", [(21.01, 0), (21, 1), (18, 1)])
def test_bmi_cutoff(bmi, points):
    r = compute("bode_index", {"fev1_percent": 80, "six_minute_walk": 400, "mmrc_grade": 0, "bmi": bmi})
    assert r.intermediates["bmi_points"] == points


@pytest.mark.parametrize("total,quartile", [(2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4)])
def test_quartile_edges(total, quartile):
    # Totals from FEV1 points + mMRC points + BMI point (6MWD 400 m: 0): FEV1 49 % = 2, 35 % = 3; mMRC 2 = 1,
    # 3 = 2, 4 = 3; BMI 20 = 1, 25 = 0. 2 = 2+0+0; 3 = 3+0+0; 4 = 3+1+0; 5 = 3+1+1; 6 = 3+2+1; 7 = 3+3+1.
    combos = {2: (49, 0, 25), 3: (35, 0, 25), 4: (35, 2, 25), 5: (35, 2, 20), 6: (35, 3, 20), 7: (35, 4, 20)}
    fev1, mmrc, bmi = combos[total]
    r = compute("bode_index", {"fev1_percent": fev1, "six_minute_walk": 400, "mmrc_grade": mmrc, "bmi": bmi})
    assert r.value == total
    assert f"quartile {quartile}" in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("bode_index", {"fev1_percent": 80, "six_minute_walk": 400, "mmrc_grade": 5, "bmi": 25})
    assert ei.value.field == "mmrc_grade"
    with pytest.raises(InputError) as ei:
        compute("bode_index", {"fev1_percent": 80, "six_minute_walk": 400, "mmrc_grade": 2.5, "bmi": 25})
    assert ei.value.field == "mmrc_grade"
