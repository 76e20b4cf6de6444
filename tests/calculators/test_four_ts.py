"""4Ts: Lo et al., J Thromb Haemost 2006;4:759-765 (PMID 16634744), the scoring table (Thrombocytopenia, Timing,
Thrombosis, oTher causes, 0-2 each; 0-3 low, 4-5 intermediate, 6-8 high). Published examples: the scoring author's
textbook chapter (Warkentin TE, "The Four Ts" section of the clinical-picture chapter in Warkentin TE, Greinacher A (eds),
Heparin-Induced Thrombocytopenia, Marcel Dekker; text as reproduced at
https://www.guwsmedical.info/induced-thrombocytopenia/bthe-four-ts.html) states two scored patients: a substantial platelet
fall beginning 5-10 days after starting heparin, with thrombosis and no other plausible cause, scores 8; the same
picture without clinical evidence of thrombosis scores 6 of 8 (high pretest probability). The other examples are
worked by hand from the table."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("four_ts")


def test_classic_hit_scores_8():
    # Fall 60 % to nadir 45 (> 50 % and >= 20: 2) on day 7 (2), new DVT (2), no other cause (2) = 8: high.
    r = compute("four_ts", {"thrombocytopenia": "fall > 50% and nadir ≥ 20", "timing": "days 5-10",
                            "thrombosis": "new thrombosis", "other_causes": "none apparent"})
    assert r.value == 8 == CALC.output.maximum
    assert "high (6–8)" in r.explanation()[-1]


def test_post_operative_sepsis_scores_low():
    # Fall 40 % (30-50 %: 1) on day 2 without prior heparin (0), no thrombosis (0), sepsis a definite cause (0) = 1: low.
    r = compute("four_ts", {"thrombocytopenia": "fall 30-50%", "timing": "< 4 days", "thrombosis": "none",
                            "other_causes": "definite"})
    assert r.value == 1
    assert r.intermediates == {"thrombocytopenia_points": 1, "timing_points": 0, "thrombosis_points": 0,
                               "other_causes_points": 0}
    assert "low (0–3)" in r.explanation()[-1]


def test_published_example_warkentin_no_thrombosis_scores_6_high():
    # Warkentin's Four Ts chapter (source in the module docstring): "Even a patient with no clinical evidence of
    # thrombosis can be assigned a high pretest probability (score 6 of 8) if the clinical features are otherwise
    # consistent with HIT": thrombocytopenia 2 + timing 2 + thrombosis 0 + other causes 2 = 6, high.
    r = compute("four_ts", {"thrombocytopenia": "fall > 50% and nadir ≥ 20", "timing": "days 5-10",
                            "thrombosis": "none", "other_causes": "none apparent"})
    assert r.value == 6
    assert "high (6–8)" in r.explanation()[-1]


def test_published_example_warkentin_full_picture_scores_8():
    # Same chapter: "a patient will score 8 if there is a substantial fall in the platelet count that begins 5-10 days
    # after commencing heparin, together with thrombosis, and where no other plausible cause is apparent".
    r = compute("four_ts", {"thrombocytopenia": 2, "timing": 2, "thrombosis": 2, "other_causes": 2})
    assert r.value == 8


@pytest.mark.parametrize("points,band", [((0, 0, 0, 0), "low"), ((1, 1, 1, 0), "low"), ((1, 1, 1, 1), "intermediate"),
                                         ((2, 1, 1, 1), "intermediate"), ((2, 2, 1, 1), "high"), ((2, 2, 2, 2), "high")])
def test_band_edges(points, band):
    # Each category given as its points: totals 0, 3 | 4, 5 | 6, 8.
    names = ("thrombocytopenia", "timing", "thrombosis", "other_causes")
    r = compute("four_ts", {n: p for n, p in zip(names, points, strict=True)})
    assert r.value == sum(points) and band in r.explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("four_ts", {"thrombocytopenia": 3, "timing": 0, "thrombosis": 0, "other_causes": 0})
    assert ei.value.field == "thrombocytopenia"
    with pytest.raises(InputError) as ei:
        compute("four_ts", {"thrombocytopenia": 2, "timing": 2, "thrombosis": 2})
    assert ei.value.field == "other_causes"
