"""SOFA: Vincent JL, Moreno R, Takala J, et al. Intensive Care Med 1996;22(7):707-710 (doi:10.1007/BF01709751),
Table 1: PaO2/FiO2 <400 +1, <300 +2, <200 and <100 with respiratory support +3/+4; platelets <150/<100/<50/<20;
bilirubin 1.2-1.9/2.0-5.9/6.0-11.9/>12 mg/dL; MAP <70 +1, dopamine ≤5 or dobutamine +2, dopamine >5 or
(nor)epinephrine ≤0.1 +3, dopamine >15 or (nor)epinephrine >0.1 +4; GCS 13-14/10-12/6-9/<6; creatinine
1.2-1.9/2.0-3.4/3.5-4.9 or urine <500 mL/day/>5.0 or urine <200 mL/day."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("sofa")
NORMAL = {"pao2": 95, "fio2": 21, "platelets": 250, "bilirubin": 0.8, "mean_arterial_pressure": 85, "gcs": 15,
          "creatinine": 0.9}
PRESSORS = ("dopamine", "dobutamine", "epinephrine", "norepinephrine")


def sofa(**kw):
    e = {**NORMAL, **kw}
    return compute("sofa", {k: v for k, v in e.items() if v is not None})


def pts(key, **kw):
    return sofa(**kw).intermediates[key]


def test_lookup():
    assert get(43) is CALC and get("Sequential Organ Failure Assessment (SOFA) Score") is CALC


def test_normal_is_0_and_worst_is_24():
    assert sofa().value == 0 and (CALC.output.minimum, CALC.output.maximum) == (0, 24)
    r = sofa(pao2=60, fio2=100, mechanical_ventilation=True, platelets=10, bilirubin=15, norepinephrine=0.3, gcs=3,
             creatinine=6)
    assert r.value == 24


def test_worked_example():
    # Hand-scored from Table 1: PaO2 68 on FiO2 0.6, ventilated -> 113 (+3); platelets 150 (0); bilirubin 3.0 (+2);
    # dopamine 5, dobutamine 3, epinephrine 0.1, norepinephrine 0.05 (+3); GCS 13 (+1); creatinine 1.5 (+1), urine
    # 500 mL/day (0): 10.
    r = compute("sofa", {"pao2": 68, "fio2": 60, "mechanical_ventilation": True, "platelets": 150, "bilirubin": 3.0,
                         "dopamine": 5, "dobutamine": 3, "epinephrine": 0.1, "norepinephrine": 0.05, "gcs": 13,
                         "creatinine": 1.5, "urine_output": 500, "systolic_bp": 120, "diastolic_bp": 80})
    assert r.value == 10
    assert r.intermediates == {"respiration_points": 3, "coagulation_points": 0, "liver_points": 2,
                               "cardiovascular_points": 3, "cns_points": 1, "renal_points": 1}
    text = "\n".join(r.explanation())
    assert "PaO2/FiO2 = 68 / 0.6 = 113.333" in text and text.endswith("SOFA score 10.")


@pytest.mark.parametrize("pao2,support,p", [(84, False, 0), (83.9, False, 1), (63, False, 1), (62.9, False, 2),
                                            (42, True, 2), (41.9, True, 3), (21, True, 3), (20.9, True, 4),
                                            (41.9, False, 2), (15, False, 2)])
def test_respiration_bands_and_respiratory_support(pao2, support, p):
    # FiO2 0.21: ratio = PaO2 / 0.21 (84 -> 400, 63 -> 300, 42 -> 200, 21 -> 100).
    assert pts("respiration_points", pao2=pao2, mechanical_ventilation=support) == p


def test_cpap_is_respiratory_support_and_fio2_fraction():
    assert pts("respiration_points", pao2=80, fio2=50, cpap=True) == 3  # 160
    assert pts("respiration_points", pao2=80, fio2=0.5, cpap=True) == 3
    assert pts("respiration_points", pao2=80, fio2=50) == 2
    assert pts("respiration_points", pao2=None) == 0


@pytest.mark.parametrize("plt,p", [(150, 0), (149, 1), (100, 1), (99, 2), (50, 2), (49, 3), (20, 3), (19, 4)])
def test_platelet_bands(plt, p):
    assert pts("coagulation_points", platelets=plt) == p
    assert pts("coagulation_points", platelets=[plt * 1000, "µL"]) == p
    assert pts("coagulation_points", platelets=[plt * 1000, "cells/mm3"]) == p


@pytest.mark.parametrize("b,p", [(1.19, 0), (1.2, 1), (1.9, 1), (2.0, 2), (5.9, 2), (6.0, 3), (11.9, 3), (12.0, 4)])
def test_bilirubin_bands(b, p):
    assert pts("liver_points", bilirubin=b) == p


def test_bilirubin_in_umol_per_l():
    assert pts("liver_points", bilirubin=[88.41, "µmol/L"]) == 2  # 5.17 mg/dL
    assert pts("liver_points", bilirubin=[250, "µmol/L"]) == 4


@pytest.mark.parametrize(
    "drugs,p",
    [({"dopamine": 5}, 2), ({"dopamine": 5.1}, 3), ({"dopamine": 15}, 3), ({"dopamine": 15.1}, 4), ({"dobutamine": 20}, 2),
     ({"epinephrine": 0.1}, 3), ({"epinephrine": 0.11}, 4), ({"norepinephrine": 0.1}, 3), ({"norepinephrine": 0.11}, 4),
     ({"dopamine": 3, "norepinephrine": 0.05}, 3), ({"dobutamine": 5, "epinephrine": 0.2}, 4)],
)
def test_vasopressor_bands_take_the_highest_reached(drugs, p):
    assert pts("cardiovascular_points", **drugs) == p


def test_map_and_hypotension_without_vasopressors():
    assert pts("cardiovascular_points", mean_arterial_pressure=69.9) == 1
    assert pts("cardiovascular_points", mean_arterial_pressure=70) == 0
    assert pts("cardiovascular_points", mean_arterial_pressure=None, systolic_bp=90, diastolic_bp=55) == 1  # 66.7
    assert pts("cardiovascular_points", mean_arterial_pressure=None, hypotension=True) == 1
    assert pts("cardiovascular_points", mean_arterial_pressure=None, hypotension=False) == 0
    assert pts("cardiovascular_points", mean_arterial_pressure=None) == 0


def test_dose_units():
    r = compute("sofa", {"norEPINEPHrine": [0.27, "mc/kg/min"], "DOPamine": [4000, "ng/kg/min"]})
    assert r.intermediates["cardiovascular_points"] == 4


@pytest.mark.parametrize("g,p", [(15, 0), (14, 1), (13, 1), (12, 2), (10, 2), (9, 3), (6, 3), (5, 4), (3, 4)])
def test_gcs_bands(g, p):
    assert pts("cns_points", gcs=g) == p


@pytest.mark.parametrize("cr,p", [(1.19, 0), (1.2, 1), (1.9, 1), (2.0, 2), (3.4, 2), (3.5, 3), (4.9, 3), (5.0, 4)])
def test_creatinine_bands(cr, p):
    assert pts("renal_points", creatinine=cr) == p


@pytest.mark.parametrize("uo,p", [(500, 0), (499, 3), (200, 3), (199, 4), ([8, "mL/h"], 4), ([20, "mL/h"], 3)])
def test_urine_output_and_the_worse_of_the_two(uo, p):
    assert pts("renal_points", urine_output=uo) == p
    assert pts("renal_points", urine_output=uo, creatinine=3.0) == max(p, 2)


def test_cvvhd_is_recorded_but_not_scored():
    r = sofa(cvvhd=True, creatinine=1.0)
    assert r.intermediates["renal_points"] == 0
    assert "CVVHD recorded but not scored" in "\n".join(r.explanation())


def test_unreported_counts_as_normal():
    r = compute("sofa", {})
    assert r.value == 0
    assert "not reported" in "\n".join(r.explanation())


def test_medcalc_bench_entities():
    e = {"Urine Output": [900, "mL/day"], "DOPamine": [6.0, "mcg/kg/min"], "norEPINEPHrine": [0.09, "mcg/kg/min"],
         "Bilirubin": [2.8, "mg/dL"], "creatinine": [2.1, "mg/dL"], "DOBUTamine": [2.0, "mcg/kg/min"],
         "Platelet count": [150000.0, "µL"], "Hypotension": False, "Continous positive airway pressure": True,
         "Diastolic Blood Pressure": [78.0, "mm Hg"], "Glasgow Coma Score": 10.0,
         "Partial pressure of oxygen (PaO₂) for Apache II": [80.0, "mm Hg"], "FiO₂": [50.0, "%"],
         "EPINEPHrine": [0.08, "mcg/kg/min"], "Systolic Blood Pressure": [110.0, "mm Hg"], "On mechanical ventilation": False}
    assert compute(43, e).value == 12  # 3 + 0 + 2 + 3 + 2 + 2 (physician-corrected label of row 896)


def test_contradictory_and_bad_input():
    with pytest.raises(InputError) as ei:
        sofa(hypotension=True, mean_arterial_pressure=85)
    assert ei.value.field == "hypotension" and "85" in str(ei.value)
    with pytest.raises(InputError) as ei:
        sofa(hypotension=False, mean_arterial_pressure=60)
    assert ei.value.field == "hypotension"
    # On vasopressors a hypotensive patient may have a MAP >= 70: not a contradiction.
    assert sofa(hypotension=True, mean_arterial_pressure=85, norepinephrine=0.05).value == 3
    with pytest.raises(InputError) as ei:
        sofa(mean_arterial_pressure=None, systolic_bp=90, diastolic_bp=100)
    assert ei.value.field == "diastolic_bp"
    with pytest.raises(InputError) as ei:
        sofa(norepinephrine=[0.1, "mcg/min"])
    assert ei.value.field == "norepinephrine" and "dimension" in str(ei.value)
    with pytest.raises(InputError) as ei:
        sofa(fio2=150)
    assert ei.value.field == "fio2"
