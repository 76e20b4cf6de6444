"""Barthel index (Mahoney FI, Barthel DW. Md State Med J 1965;14:61-65: ten items, maximum 100). Examples worked
by hand from the item maxima, and two FHIR examples (synthetic patients that print each item and the total; see
docs/worked-examples.md for what such an example checks):

- Nictiz zib2020 R4 example Observation nl-core-BarthelADLIndex-01 (GitHub Nictiz/Nictiz-R4-zib2020, commit
  63373ef, examples/nl-core-BarthelADLIndex-01.xml; item ordinals from the zib's Barthel CodeSystems): the Collin &
  Wade 0-20 version, total 14, i.e. 70 on the 0-100 scale (every Collin ordinal is a fifth of the Mahoney points).
- HL7 US Behavioral Health Profiles IG, QuestionnaireResponse barthel-index-functional-status-example-1 (GitHub
  HL7/us-behavioral-health-profiles, commit 7ad613c): every item independent, total 100.

A third FHIR example (a Taiwanese rehabilitation IG's BarthelIndexExample) prints 100 for items that its own
Questionnaire scores at 45: inconsistent, not used."""

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


def test_fhir_example_nictiz_zib_collin_14_is_70():
    # Nictiz nl-core-BarthelADLIndex-01: bowels continent (FECAL2), bladder occasional accident (URIN1), grooming
    # independent (GROOM1), toilet independent (TOIL2), feeding independent (FEED2), transfers major help (TRANS1),
    # mobility independent with wheelchair (MOBIL1), dressing needs help (DRESS1), stairs independent (CLIMB2),
    # bathing independent (BATH1): Collin total 14 = 70 / 5.
    r = compute("barthel_index", {"bowels": 10, "bladder": 5, "grooming": 5, "toilet_use": 10, "feeding": 10,
                                  "transfers": 5, "mobility": 5, "dressing": 5, "stairs": 10, "bathing": 5})
    assert r.value == 70 == 14 * 5


def test_fhir_example_hl7_behavioral_health_all_independent_is_100():
    # HL7 US BH IG barthel-index-functional-status-example-1: every item at its independent answer, total 100.
    assert compute("barthel_index", INDEPENDENT).value == 100
