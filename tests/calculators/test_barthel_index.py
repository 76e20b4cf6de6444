"""Barthel index (Mahoney FI, Barthel DW. Md State Med J 1965;14:61-65: ten items, maximum 100). Examples worked
by hand from the item maxima. No published worked example found; searched (search tool, stored public pages,
2026-12-05): not searched this session beyond Mahoney & Barthel 1965 already cited."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("barthel_index")
ITEMS = ("feeding", "bathing", "grooming", "dressing", "bowels", "bladder", "toilet_use", "transfers", "mobility", "stairs")
INDEPENDENT = {"feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10, "bladder": 10,
               "toilet_use": 10, "transfers": 15, "mobility": 15, "stairs": 10}


def test_fully_independent_is_100():
    # 10 + 5 + 5 + 10 + 10 + 10 + 10 + 15 + 15 + 10 = 100.
    r = compute("barthel_index", INDEPENDENT)
    assert r.value == 100 == CALC.output.maximum


def test_fully_dependent_is_0():
    assert compute("barthel_index", {k: 0 for k in ITEMS}).value == 0


def test_partly_dependent_example():
    # After a stroke: feeding with help 5, bathing 0, grooming 0, dressing with help 5, bowels continent 10,
    # occasional bladder accident 5, toilet with help 5, transfers major help 5, wheelchair independent 5, stairs 0 = 40.
    r = compute("barthel_index", {"feeding": 5, "bathing": 0, "grooming": 0, "dressing": 5, "bowels": 10, "bladder": 5,
                                  "toilet_use": 5, "transfers": "major help", "mobility": "wheelchair independent",
                                  "stairs": "unable"})
    assert r.value == 40
    assert "Collin 0–20 equivalent 8" in "\n".join(r.explanation())


@pytest.mark.parametrize("item,bad", [("bathing", 10), ("transfers", 20), ("feeding", 7), ("stairs", 15)])
def test_scores_outside_an_items_levels_are_refused(item, bad):
    with pytest.raises(InputError) as ei:
        compute("barthel_index", {**INDEPENDENT, item: bad})
    assert ei.value.field == item


def test_every_item_is_required():
    e = dict(INDEPENDENT)
    del e["stairs"]
    with pytest.raises(InputError) as ei:
        compute("barthel_index", e)
    assert ei.value.field == "stairs"


def test_each_item_lowers_by_its_maximum():
    for item, top in INDEPENDENT.items():
        assert compute("barthel_index", {**INDEPENDENT, item: 0}).value == 100 - top
