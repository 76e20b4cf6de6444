"""PECARN head injury rule (Kuppermann N et al., Lancet 2009;374:1160-1170, doi:10.1016/S0140-6736(09)61558-0,
Figure 3: the prediction rules for children < 2 and >= 2 years). Cases worked by hand through the figure. No
published worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a published PECARN
case with its rule outcome (only copies of the rule and a teaching blog)."""

import pytest

from clinverify.calculators import InputError, compute


def test_infant_very_low_risk():
    # 14 months, GCS 15, frontal bruise only (no non-frontal haematoma), no LOC, acting normally: very low (< 0.02 %).
    r = compute("pecarn_head_injury", {"age": [14, "months"], "gcs": 15})
    assert r.value == 0
    assert "< 0.02 %" in "\n".join(r.explanation())


def test_infant_intermediate_then_high():
    # 10 months, parietal haematoma: intermediate (0.9 %); add a palpable skull fracture: high (4.4 %, CT).
    r = compute("pecarn_head_injury", {"age": [10, "months"], "scalp_hematoma": True})
    assert r.value == 1 and "0.9 %" in "\n".join(r.explanation())
    r = compute("pecarn_head_injury", {"age": [10, "months"], "scalp_hematoma": True, "palpable_skull_fracture": True})
    assert r.value == 2 and "4.4 %" in "\n".join(r.explanation())
    assert r.intermediates == {"high_risk_findings": 1, "intermediate_risk_findings": 1}


def test_child_branches():
    # 7 years: vomiting -> intermediate; GCS 14 -> high (4.3 %); nothing -> very low (< 0.05 %).
    assert compute("pecarn_head_injury", {"age": 7, "vomiting": True}).value == 1
    r = compute("pecarn_head_injury", {"age": 7, "gcs": 14})
    assert r.value == 2 and "4.3 %" in "\n".join(r.explanation())
    r = compute("pecarn_head_injury", {"age": 7})
    assert r.value == 0 and "< 0.05 %" in "\n".join(r.explanation())


@pytest.mark.parametrize("finding,under2,over2", [
    ({"palpable_skull_fracture": True}, 2, 0),      # a < 2 y high-risk finding only
    ({"basilar_skull_fracture": True}, 0, 2),       # a >= 2 y high-risk finding only
    ({"altered_mental_status": True}, 2, 2),
    ({"scalp_hematoma": True}, 1, 0),
    ({"not_acting_normally": True}, 1, 0),
    ({"vomiting": True}, 0, 1),
    ({"severe_headache": True}, 0, 1),
    ({"severe_mechanism": True}, 1, 1),
    ({"loss_of_consciousness": "under 5 s"}, 0, 1),  # < 2 y needs >= 5 s; >= 2 y any history of LOC
    ({"loss_of_consciousness": "5 s or more"}, 1, 1),
])
def test_each_finding_in_each_branch(finding, under2, over2):
    assert compute("pecarn_head_injury", {"age": 1.5, **finding}).value == under2
    assert compute("pecarn_head_injury", {"age": 2, **finding}).value == over2


def test_age_boundary_is_two_years():
    # 23 months is under 2 (palpable fracture counts); 24 months is 2 (it does not).
    assert compute("pecarn_head_injury", {"age": [23, "months"], "palpable_skull_fracture": True}).value == 2
    assert compute("pecarn_head_injury", {"age": [24, "months"], "palpable_skull_fracture": True}).value == 0


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("pecarn_head_injury", {"age": 5, "gcs": 16})
    assert ei.value.field == "gcs"
    with pytest.raises(InputError) as ei:
        compute("pecarn_head_injury", {"age": 25})
    assert ei.value.field == "age"
