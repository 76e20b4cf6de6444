"""GRACE 6-month post-discharge death score: Eagle et al., JAMA 2004;291:2727-2733 (doi:10.1001/jama.291.22.2727), the
nomogram's points (age, heart rate, systolic BP, creatinine, history of CHF 24, history of MI 12, ST depression 11,
elevated enzymes 15, no in-hospital PCI 14; maximum 263); risk groups from the GRACE coordinating centre's risk table
(NSTE-ACS <= 88 / 89-118 / >= 119; STE-ACS <= 99 / 100-127 / >= 128). The paper gives no scored patient: the examples
are worked by hand with the nomogram. No published worked example found; searched (search tool, stored public pages,
2026-12-05): the GRACE coordinating centre's "Methods and formulas used to calculate the GRACE Risk Scores" (its
worked example is for the in-hospital model) and pages."""

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.scores.grace_6_month import risk_group

CALC = get("grace_6_month")
BASE = {"age": 35, "heart_rate": 45, "systolic_bp": 210, "creatinine": 0.3, "in_hospital_pci": True}  # 0+0+0+1+0 = 1


def grace(**kw):
    return compute("grace_6_month", {**BASE, **kw})


def test_worked_example_high_risk():
    # Age 72 (70-79) 73 + HR 88 (70-89.9) 9 + SBP 132 (120-139.9) 14 + creatinine 1.4 (1.2-1.59) 7 + prior MI 12 +
    # ST depression 11 + elevated troponin 15 + no PCI 14 = 155 -> high (>= 119 NSTE-ACS; >= 128 STEMI).
    r = compute("grace_6_month", {"age": 72, "heart_rate": 88, "systolic_bp": 132, "creatinine": 1.4, "history of MI": True,
                                  "ST depression": True, "elevated troponin": True})
    assert r.value == 155 and r.intermediates["no_pci_points"] == 14
    assert "high (≥ 119: > 8 %) for non-ST-elevation ACS; high (≥ 128: > 11 %) for STEMI" in r.explanation()[-1]


def test_worked_example_low_risk_after_pci():
    # Age 45 (40-49) 18 + HR 72 9 + SBP 145 (140-159.9) 10 + creatinine 0.9 (0.8-1.19) 5 + elevated enzymes 15 + PCI 0 = 57
    # -> low (<= 88) for NSTE-ACS.
    r = compute("grace_6_month", {"age": 45, "heart_rate": 72, "systolic_bp": 145, "creatinine": 0.9,
                                  "elevated_enzymes": True, "in-hospital PCI": True, "acs_type": "NSTEMI"})
    assert r.value == 57 and "low (≤ 88: < 3 %) (non-ST-elevation ACS)" in r.explanation()[-1]


def test_range_1_to_263():
    assert grace().value == 1
    r = grace(age=92, heart_rate=220, systolic_bp=70, creatinine=5, chf_history=True, mi_history=True, st_depression=True,
              elevated_enzymes=True, in_hospital_pci=False)
    assert r.value == 263 == CALC.output.maximum  # 100 + 43 + 24 + 20 + 24 + 12 + 11 + 15 + 14


@pytest.mark.parametrize("field,table", [
    ("age", [(39, 0), (40, 18), (49, 18), (50, 36), (59, 36), (60, 55), (69, 55), (70, 73), (79, 73), (80, 91), (89, 91),
             (90, 100)]),
    ("heart_rate", [(49.9, 0), (50, 3), (69.9, 3), (70, 9), (89.9, 9), (90, 14), (109.9, 14), (110, 23), (149.9, 23),
                    (150, 35), (199.9, 35), (200, 43)]),
    ("systolic_bp", [(79.9, 24), (80, 22), (99.9, 22), (100, 18), (119.9, 18), (120, 14), (139.9, 14), (140, 10),
                     (159.9, 10), (160, 4), (199.9, 4), (200, 0)]),
    ("creatinine", [(0.39, 1), (0.4, 3), (0.79, 3), (0.8, 5), (1.19, 5), (1.2, 7), (1.59, 7), (1.6, 9), (1.99, 9),
                    (2.0, 15), (3.99, 15), (4.0, 20)]),
])
def test_nomogram_bands_at_every_edge(field, table):
    key = f"{field}_points"
    assert [(v, grace(**{field: v}).intermediates[key]) for v, _ in table] == table


def test_history_findings_and_pci():
    assert grace(chf_history=True).value == 1 + 24
    assert grace(mi_history=True).value == 1 + 12
    assert grace(st_depression=True).value == 1 + 11
    assert grace(elevated_enzymes=True).value == 1 + 15
    assert grace(in_hospital_pci=False).value == 1 + 14
    no_mention = compute("grace_6_month", {k: v for k, v in BASE.items() if k != "in_hospital_pci"})
    assert no_mention.value == 15 and "not performed (or not mentioned)" in "\n".join(no_mention.explanation())


@pytest.mark.parametrize("total,kind,group", [(88, "nste-acs", "low"), (89, "nste-acs", "intermediate"),
                                              (118, "nste-acs", "intermediate"), (119, "nste-acs", "high"),
                                              (99, "stemi", "low"), (100, "stemi", "intermediate"),
                                              (127, "stemi", "intermediate"), (128, "stemi", "high")])
def test_risk_groups_at_every_threshold(total, kind, group):
    assert risk_group(total, kind).startswith(group)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("grace_6_month", {"age": 60, "heart_rate": 80, "creatinine": 1.0})
    assert ei.value.field == "systolic_bp"
    with pytest.raises(InputError) as ei:
        grace(acs_type="angina pectoris")
    assert ei.value.field == "acs_type"
    with pytest.raises(InputError) as ei:
        grace(creatinine=0)
    assert ei.value.field == "creatinine"
