"""DAS28: Prevoo MLL et al., Arthritis Rheum 1995;38:44-48 (doi:10.1002/art.1780380107): DAS28-ESR = 0.56√TJC28 +
0.28√SJC28 + 0.70 ln(ESR) + 0.014 GH; the CRP and three-variable formulae of the DAS website (das-score.nl, "alternative
validated formulae"); EULAR activity cut-offs 2.6 / 3.2 / 5.1. Neither source prints a scored patient: the cases below
are worked by hand from the published coefficients."""

import math

import pytest

from clinverify.calculators import InputError, compute, get


def das(**kw):
    return compute("das28", kw)


def test_worked_example_esr_four_variables():
    # TJC 4, SJC 2, ESR 30 mm/h, GH 50 mm: 0.56 × 2 = 1.12; 0.28 × √2 = 0.39598; 0.70 × ln 30 = 0.70 × 3.40120 = 2.38084;
    # 0.014 × 50 = 0.7; total 4.59682: moderate (> 3.2 to ≤ 5.1).
    r = das(tender_joints=4, swollen_joints=2, esr=30, patient_global=50)
    assert r.value == pytest.approx(4.59682, abs=1e-5)
    assert r.intermediates["reactant_term"] == pytest.approx(2.38084, abs=1e-5)
    assert "moderate disease activity" in r.explanation()[-1]


def test_worked_example_esr_three_variables():
    # TJC 1, SJC 0, ESR 10, no GH: (0.56 + 0 + 0.70 × ln 10 = 1.61181) = 2.17181 × 1.08 = 2.34555 + 0.16 = 2.50555: remission.
    r = das(tender_joints=1, swollen_joints=0, esr=10)
    assert r.value == pytest.approx(2.50555, abs=1e-5)
    text = "\n".join(r.explanation())
    assert "three variables" in text and "remission (< 2.6)" in text and "global_term" not in r.intermediates


def test_worked_example_crp_four_variables():
    # TJC 9, SJC 4, CRP 20 mg/L, GH 70: 0.56 × 3 = 1.68; 0.28 × 2 = 0.56; 0.36 × ln 21 = 0.36 × 3.04452 = 1.09603;
    # 0.014 × 70 = 0.98; + 0.96 = 5.27603: high (> 5.1).
    r = das(tender_joints=9, swollen_joints=4, crp=20, patient_global=70, method="das28_crp")
    assert r.value == pytest.approx(5.27603, abs=1e-5)
    assert "high disease activity" in r.explanation()[-1]


def test_worked_example_crp_three_variables_in_mg_dl():
    # CRP 1.2 mg/dL = 12 mg/L; TJC 4, SJC 2: 1.51598 + 0.36 × ln 13 (0.92338) = 2.43936 × 1.10 = 2.68330 + 1.15 = 3.83330.
    r = das(tender_joints=4, swollen_joints=2, crp=[1.2, "mg/dL"], method="crp")
    assert r.value == pytest.approx(3.83330, abs=1e-5)


@pytest.mark.parametrize("target,band", [
    (2.594, "remission (< 2.6)"), (2.6, "low disease activity"), (3.2, "low disease activity"),
    (3.21, "moderate disease activity"), (5.1, "moderate disease activity"), (5.11, "high disease activity"),
])
def test_eular_cut_offs(target, band):
    # TJC 1 (0.56), SJC 0, GH 100 (1.4): DAS28-ESR = 0.70 ln(ESR) + 1.96, so ESR = exp((target − 1.96) / 0.70).
    r = das(tender_joints=1, swollen_joints=0, esr=math.exp((target - 1.96) / 0.70), patient_global=100)
    assert r.value == pytest.approx(target)
    assert band in r.explanation()[-1]


def test_versions_declared():
    assert get("das28").versions() == {"method": (("das28_esr", "das28_crp"), "das28_esr")}


def test_bad_input():
    with pytest.raises(InputError) as ei:
        das(tender_joints=3, swollen_joints=1, crp=5)  # default method needs the ESR
    assert ei.value.field == "esr"
    with pytest.raises(InputError) as ei:
        das(tender_joints=3, swollen_joints=1, esr=20, method="das28_crp")
    assert ei.value.field == "crp"
    with pytest.raises(InputError) as ei:
        das(tender_joints=29, swollen_joints=1, esr=20)
    assert ei.value.field == "tender_joints"
    with pytest.raises(InputError) as ei:
        das(tender_joints=2.5, swollen_joints=1, esr=20)
    assert ei.value.field == "tender_joints"
