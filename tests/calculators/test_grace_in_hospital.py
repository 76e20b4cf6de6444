"""GRACE in-hospital death score: Granger et al., Arch Intern Med 2003;163:2345-2353 (doi:10.1001/archinte.163.19.2345),
the nomogram's points (age, heart rate, systolic BP, creatinine, Killip class, cardiac arrest 39, ST deviation 28,
elevated enzymes 14; maximum 372); risk groups from the GRACE coordinating centre's risk table (NSTE-ACS <= 108 /
109-140 / > 140; STE-ACS <= 125 / 126-154 / >= 155). The first worked example is the patient of the coordinating
centre's "Methods and formulas used to calculate the GRACE Risk Scores" (age 57, pulse 70, SBP 110, creatinine 1.2,
Killip III, cardiac arrest, ST deviation, enzymes negative), scored here by hand with the nomogram. The figure that
document prints for this patient is the continuous logistic model's (XB = -1.28364, P(in-hospital death) = 0.21693;
stored copies read here: http://medicine.toor.biz/grace.php and docplayer.net/282949), which this calculator (the integer
nomogram score) does not output, so the published figure cannot be tested here; the nomogram total is hand-scored."""

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.scores.grace_in_hospital import risk_group

CALC = get("grace_in_hospital")
BASE = {"age": 25, "heart_rate": 40, "systolic_bp": 210, "creatinine": 0.3}  # 0 + 0 + 0 + 1 = 1, the minimum


def grace(**kw):
    return compute("grace_in_hospital", {**BASE, **kw})


def test_worked_example_grace_methods_patient():
    # Age 57 (50-59) 41 + pulse 70 (70-89) 9 + SBP 110 (100-119) 43 + creatinine 1.2 (1.20-1.59) 10 + Killip III 39 +
    # cardiac arrest 39 + ST deviation 28 + enzymes negative 0 = 209 -> high risk (> 140 NSTE-ACS; >= 155 STEMI).
    r = compute("grace_in_hospital", {"age": 57, "pulse": 70, "sbp": 110, "creatinine": 1.2, "Killip class": "III",
                                      "Cardiac arrest at admission": True, "ST deviation": True})
    assert r.value == 209
    assert r.intermediates == {"age_points": 41, "heart_rate_points": 9, "systolic_bp_points": 43, "creatinine_points": 10,
                               "killip_points": 39, "cardiac_arrest_points": 39, "st_deviation_points": 28,
                               "elevated_enzymes_points": 0}
    assert "high (> 140: > 3 %) for non-ST-elevation ACS; high (≥ 155: > 5 %) for STEMI" in r.explanation()[-1]


def test_worked_example_nstemi_intermediate():
    # Age 66 (60-69) 58 + HR 84 (70-89) 9 + SBP 148 (140-159) 24 + creatinine 88 µmol/L = 0.995 mg/dL (0.80-1.19) 7 +
    # Killip I 0 + elevated troponin 14 = 112 -> intermediate (109-140) for NSTE-ACS.
    r = compute("grace_in_hospital", {"age": 66, "heart_rate": 84, "systolic_bp": 148, "creatinine": "88 µmol/L",
                                      "elevated troponin": True, "acs_type": "NSTEMI"})
    assert r.value == 112 and r.intermediates["creatinine_points"] == 7
    assert "intermediate (109–140: 1–3 %) (non-ST-elevation ACS)" in r.explanation()[-1]


def test_range_1_to_372():
    assert grace().value == 1
    r = grace(age=95, heart_rate=210, systolic_bp=70, creatinine=4.5, killip_class="IV", cardiac_arrest=True,
              st_deviation=True, elevated_enzymes=True)
    assert r.value == 372 == CALC.output.maximum  # 100 + 46 + 58 + 28 + 59 + 39 + 28 + 14


@pytest.mark.parametrize("field,table", [
    ("age", [(29, 0), (30, 8), (39, 8), (40, 25), (49, 25), (50, 41), (59, 41), (60, 58), (69, 58), (70, 75), (79, 75),
             (80, 91), (89, 91), (90, 100)]),
    ("heart_rate", [(49, 0), (50, 3), (69, 3), (70, 9), (89, 9), (90, 15), (109, 15), (110, 24), (149, 24), (150, 38),
                    (199, 38), (200, 46)]),
    ("systolic_bp", [(79, 58), (80, 53), (99, 53), (100, 43), (119, 43), (120, 34), (139, 34), (140, 24), (159, 24),
                     (160, 10), (199, 10), (200, 0)]),
    ("creatinine", [(0.39, 1), (0.4, 4), (0.79, 4), (0.8, 7), (1.19, 7), (1.2, 10), (1.59, 10), (1.6, 13), (1.99, 13),
                    (2.0, 21), (3.99, 21), (4.0, 28)]),
])
def test_nomogram_bands_at_every_edge(field, table):
    key = f"{field}_points"
    assert [(v, grace(**{field: v}).intermediates[key]) for v, _ in table] == table


def test_killip_and_findings():
    assert [grace(killip_class=k).intermediates["killip_points"] for k in ("I", "2", "class iii", "cardiogenic shock")] == [0, 20, 39, 59]
    assert grace().intermediates["killip_points"] == 0  # not mentioned: class I
    assert grace(cardiac_arrest=True).value == 1 + 39
    assert grace(st_deviation=True).value == 1 + 28
    assert grace(elevated_enzymes=True).value == 1 + 14


@pytest.mark.parametrize("total,kind,group", [(108, "nste-acs", "low"), (109, "nste-acs", "intermediate"),
                                              (140, "nste-acs", "intermediate"), (141, "nste-acs", "high"),
                                              (125, "stemi", "low"), (126, "stemi", "intermediate"),
                                              (154, "stemi", "intermediate"), (155, "stemi", "high")])
def test_risk_groups_at_every_threshold(total, kind, group):
    assert risk_group(total, kind).startswith(group)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("grace_in_hospital", {"age": 60, "heart_rate": 80, "systolic_bp": 120})
    assert ei.value.field == "creatinine"
    with pytest.raises(InputError) as ei:
        grace(killip_class="V")
    assert ei.value.field == "killip_class"
    with pytest.raises(InputError) as ei:
        grace(heart_rate=-5)
    assert ei.value.field == "heart_rate"
