"""FeverPAIN: Little et al., BMJ 2013;347:f5806 (doi:10.1136/bmj.f5806) and BMJ Open 2013;3:e003943
(doi:10.1136/bmjopen-2013-003943): Fever, Purulence, Attend rapidly (<=3 days), severely Inflamed
tonsils, No cough or coryza, one point each (0-5)."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("feverpain")
FLAGS = ("fever_24h", "purulence", "rapid_attendance", "inflamed_tonsils", "no_cough_coryza")


def test_lookup():
    assert get(33) is CALC and get("FeverPAIN Score for Strep Pharyngitis") is CALC


def test_range():
    assert compute("feverpain", {}).value == 0 == CALC.output.minimum
    assert compute("feverpain", {f: True for f in FLAGS}).value == 5 == CALC.output.maximum


def test_worked_example():
    # Fever, purulence and onset within 3 days: 3 (consider no or a back-up prescription, NICE NG84).
    r = compute("feverpain", {"fever_24h": True, "purulence": True, "rapid_attendance": True})
    assert r.value == 3 and "back-up" in "\n".join(r.explanation())


def test_medcalc_bench_entity_keys_and_stray_pecarn_keys_ignored():
    e = {"Purulent tonsils": True,
         "Occipital, parietal or temporal scalp hematoma; history of level of conciousness (LOC) ≥5 sec; not acting normally per parent or severe mechanism of injury?": True,
         "Altered mental status for PECARN head injury criteria": True, "Symptom onset ≤3 days": True, "Severe tonsil inflammation": False,
         "Fever in past 24 hours": True, "Absence of cough or coryza": True}
    assert compute(33, e).value == 4


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("feverpain", {"purulence": "lots"})
    assert ei.value.field == "purulence"


def test_the_score_is_the_count_of_features():
    for present in itertools.product((False, True), repeat=len(FLAGS)):
        v = CALC.compute(dict(zip(FLAGS, present, strict=True))).value
        assert CALC.output.minimum <= v <= CALC.output.maximum and v == sum(present)
