"""CIWA-Ar: Sullivan et al., Br J Addict 1989;84:1353-1357 (doi:10.1111/j.1360-0443.1989.tb00737.x): ten items, nine
rated 0-7 and orientation 0-4, maximum 67; on the published form, < 10 usually needs no additional medication; > 15 is
severe withdrawal. No published patient example: the examples are worked by hand from the item ranges. No published
worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored CIWA-Ar case (only
copies of the form and its score bands).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found. Lead
not usable: Can Fam Physician 2017;63(9):691 (PMC5597013) gives a total of 13 without the item scores."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("ciwa_ar")
NAMES = ("nausea_vomiting", "tremor", "paroxysmal_sweats", "anxiety", "agitation", "tactile_disturbances",
         "auditory_disturbances", "visual_disturbances", "headache", "orientation")


def test_range_0_to_67():
    assert compute("ciwa_ar", {}).value == 0 == CALC.output.minimum
    top = {n: 7 for n in NAMES} | {"orientation": 4}
    assert compute("ciwa_ar", top).value == 67 == CALC.output.maximum  # 9 x 7 + 4 = 67


def test_worked_example_moderate():
    # Nausea 2, tremor 4, sweats 3, anxiety 2, agitation 1, tactile 0, auditory 0, visual 1, headache 1, orientation 0:
    # 2+4+3+2+1+0+0+1+1+0 = 14 -> moderate (10-15).
    r = compute("ciwa_ar", dict(zip(NAMES, (2, 4, 3, 2, 1, 0, 0, 1, 1, 0), strict=True)))
    assert r.value == 14 and r.intermediates["tremor_points"] == 4
    assert "moderate withdrawal (10–15)" in "\n".join(r.explanation())


def test_worked_example_severe_with_hallucinations():
    # Nausea 4, tremor 6, sweats 4, anxiety 5, agitation 4, tactile 3, auditory 2, visual 4, headache 2, orientation 2:
    # 4+6+4+5+4+3+2+4+2+2 = 36 -> severe (> 15).
    r = compute("ciwa_ar", dict(zip(NAMES, (4, 6, 4, 5, 4, 3, 2, 4, 2, 2), strict=True)))
    assert r.value == 36 and "severe withdrawal (> 15)" in "\n".join(r.explanation())


@pytest.mark.parametrize("total,band", [(9, "absent to mild withdrawal (< 10)"), (10, "moderate withdrawal (10–15)"),
                                        (15, "moderate withdrawal (10–15)"), (16, "severe withdrawal (> 15)")])
def test_bands_at_every_threshold(total, band):
    points = [min(7, max(0, total - 7 * i)) for i in range(9)]
    r = compute("ciwa_ar", dict(zip(NAMES, points, strict=False)))
    assert r.value == total and band in r.explanation()[-1]


def test_unreported_items_count_zero():
    r = compute("ciwa_ar", {"tremor": 3, "Anxiety": 2})
    assert r.value == 5 and "not reported, counted 0" in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ciwa_ar", {"orientation": 5})  # orientation is rated 0-4
    assert ei.value.field == "orientation"
    with pytest.raises(InputError) as ei:
        compute("ciwa_ar", {"tremor": 8})
    assert ei.value.field == "tremor"
    with pytest.raises(InputError) as ei:
        compute("ciwa_ar", {"anxiety": 2.5})
    assert ei.value.field == "anxiety"
