"""4Ts: Lo et al., J Thromb Haemost 2006;4:759-765 (PMID 16634744), the scoring table (Thrombocytopenia, Timing,
Thrombosis, oTher causes, 0-2 each; 0-3 low, 4-5 intermediate, 6-8 high). Examples worked by hand from the table."""

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
