"""BASDAI: Garrett S et al., J Rheumatol 1994;21:2286-2291: BASDAI = 0.2 × (Q1 + Q2 + Q3 + Q4 + (Q5 + Q6)/2), six 0-10
questions. The paper prints the formula but no scored patient: the examples are worked by hand from it; 4 is the usual
active-disease threshold (ASAS/NICE)."""

import pytest

from clinverify.calculators import InputError, compute

NAMES = ("fatigue", "spinal_pain", "peripheral_joint_pain", "enthesitis", "morning_stiffness_severity",
         "morning_stiffness_duration")


def basdai(*q):
    return compute("basdai", dict(zip(NAMES, q, strict=True)))


def test_worked_example_active():
    # Q1 6, Q2 7, Q3 3, Q4 4, Q5 6, Q6 5 (1 hour): (6 + 5)/2 = 5.5; 6 + 7 + 3 + 4 + 5.5 = 25.5; × 0.2 = 5.1 (≥ 4 active).
    r = basdai(6, 7, 3, 4, 6, 5)
    assert r.value == pytest.approx(5.1)
    assert r.intermediates == pytest.approx({"morning_stiffness_mean": 5.5, "sum_of_five": 25.5})
    assert "active disease (≥ 4)" in r.explanation()[-1]


def test_worked_example_low_with_decimals():
    # Q1 2.5, Q2 3.1, Q3 0, Q4 1.2, Q5 2, Q6 2.5 (30 min): (2 + 2.5)/2 = 2.25; sum 9.05; × 0.2 = 1.81.
    r = basdai(2.5, 3.1, 0, 1.2, 2, 2.5)
    assert r.value == pytest.approx(1.81)
    assert "below the active-disease threshold" in r.explanation()[-1]


def test_range_and_stiffness_weighs_as_one_question():
    assert basdai(0, 0, 0, 0, 0, 0).value == 0 and basdai(10, 10, 10, 10, 10, 10).value == pytest.approx(10)
    # Q5 and Q6 each move the index half as much as Q1.
    assert basdai(0, 0, 0, 0, 10, 0).value == pytest.approx(1.0) == basdai(0, 0, 0, 0, 0, 10).value
    assert basdai(10, 0, 0, 0, 0, 0).value == pytest.approx(2.0)


@pytest.mark.parametrize("q,active", [((5, 5, 5, 5, 0, 0), True),      # 0.2 × 20 = 4.0 exactly: active (≥ 4)
                                      ((5, 5, 5, 4.9, 0, 0), False)])  # 0.2 × 19.9 = 3.98
def test_threshold_4(q, active):
    r = basdai(*q)
    assert ("active disease (≥ 4)" in r.explanation()[-1]) is active


def test_bad_input():
    with pytest.raises(InputError) as ei:
        basdai(0, 0, 0, 0, 0, 11)
    assert ei.value.field == "morning_stiffness_duration"
    with pytest.raises(InputError) as ei:
        compute("basdai", {"fatigue": 3})
    assert ei.value.field in NAMES[1:]
