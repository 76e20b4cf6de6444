"""MAGGIC: Pocock SJ et al., Eur Heart J 2013;34:1404-1413 (doi:10.1093/eurheartj/ehs337), Figure 2 (integer points,
age and systolic BP by EF group) and Figure 3 (1- and 3-year mortality by score). The paper prints no scored patient:
the patients below are worked by hand from Figure 2 and read off Figure 3."""

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.scores.maggic import mortality

TREATED = {"beta_blocker": True, "acei_arb": True}
BASE = {"ejection_fraction": 45, "age": 50, "systolic_bp": 160, "bmi": 32, "creatinine": 80, "nyha": "I", "sex": "female",
        **TREATED}  # every item 0


def mg(**kw):
    return compute("maggic", {**BASE, **kw})


def test_worked_example_hfref_man():
    # EF 25 (25-29) 5; age 72 with EF < 30 (70-74) 6; SBP 115 with EF < 30 (110-119) 4; BMI 23 (20-24) 3;
    # creatinine 1.5 mg/dL = 132.6 µmol/L (130-149) 3; NYHA III 6; male 1; diabetes 3; HF >= 18 months 2; on
    # beta-blocker and ACEi 0: 33 -> Figure 3: 31.6 % at 1 year, 62.5 % at 3 years.
    r = compute("maggic", {"ejection_fraction": 25, "age": 72, "systolic_bp": 115, "bmi": 23, "creatinine": [1.5, "mg/dL"],
                           "nyha": 3, "sex": "male", "diabetes": True, "hf_over_18_months": True, **TREATED})
    assert r.value == 33
    assert (r.intermediates["age_points"], r.intermediates["sbp_points"], r.intermediates["creatinine_points"]) == (6, 4, 3)
    assert "31.6 % at 1 year and 62.5 % at 3 years" in r.explanation()[-1]


def test_worked_example_untreated_hfpef_woman():
    # EF 45 0; age 55 with EF >= 40 3; SBP 135 with EF >= 40 0; BMI 31 0; creatinine 80 0; NYHA I 0; female 0;
    # no beta-blocker 3, no ACEi/ARB 1 (not reported): 7 -> 2.9 % at 1 year, 7.7 % at 3 years.
    r = compute("maggic", {"ejection_fraction": 45, "age": 55, "systolic_bp": 135, "bmi": 31, "creatinine": 80, "nyha": "I",
                           "sex": "female"})
    assert r.value == 7 and "2.9 % at 1 year and 7.7 % at 3 years" in r.explanation()[-1]
    assert "not taking one (or not reported), +3" in "\n".join(r.explanation())


@pytest.mark.parametrize("ef,points", [(19, 7), (20, 6), (24, 6), (25, 5), (29, 5), (30, 3), (34, 3), (35, 2), (39, 2),
                                       (40, 0)])
def test_ejection_fraction_bands(ef, points):
    assert mg(ejection_fraction=ef).intermediates["ef_points"] == points


@pytest.mark.parametrize("age,points", [(54, (0, 0, 0)), (55, (1, 2, 3)), (59, (1, 2, 3)), (60, (2, 4, 5)), (65, (4, 6, 7)),
                                        (70, (6, 8, 9)), (75, (8, 10, 12)), (79, (8, 10, 12)), (80, (10, 13, 15))])
def test_age_points_by_ef_group(age, points):
    assert tuple(mg(age=age, ejection_fraction=ef).intermediates["age_points"] for ef in (29, 35, 40)) == points


@pytest.mark.parametrize("sbp,points", [(109, (5, 3, 2)), (110, (4, 2, 1)), (120, (3, 1, 1)), (130, (2, 1, 0)),
                                        (140, (1, 0, 0)), (149, (1, 0, 0)), (150, (0, 0, 0))])
def test_sbp_points_by_ef_group(sbp, points):
    assert tuple(mg(systolic_bp=sbp, ejection_fraction=ef).intermediates["sbp_points"] for ef in (29, 39, 40)) == points


@pytest.mark.parametrize("field,cuts", [
    ("bmi", ((14.9, 6), (15, 5), (19.9, 5), (20, 3), (24.9, 3), (25, 2), (29.9, 2), (30, 0))),
    ("creatinine", ((89, 0), (90, 1), (110, 2), (130, 3), (150, 4), (170, 5), (209, 5), (210, 6), (249, 6), (250, 8))),
])
def test_bmi_and_creatinine_bands(field, cuts):
    key = {"bmi": "bmi_points", "creatinine": "creatinine_points"}[field]
    assert [mg(**{field: v}).intermediates[key] for v, _ in cuts] == [p for _, p in cuts]


def test_flags_and_nyha():
    assert [mg(nyha=n).value for n in ("I", "II", "III", "IV")] == [0, 2, 6, 8]
    assert mg(sex="male", smoker=True, diabetes=True, copd=True, hf_over_18_months=True).value == 1 + 1 + 3 + 2 + 2
    assert mg(beta_blocker=False).value == 3 and mg(acei_arb=False).value == 1


def test_mortality_table_ends():
    assert mortality(0) == (0.015, 0.039) and mortality(50) == (0.842, 0.985) and mortality(57) == mortality(50)
    assert mg().value == 0 and "1.5 % at 1 year and 3.9 % at 3 years" in mg().explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        mg(nyha="V")
    assert ei.value.field == "nyha"
    with pytest.raises(InputError) as ei:
        mg(ejection_fraction=0)
    assert ei.value.field == "ejection_fraction"
    with pytest.raises(InputError) as ei:
        compute("maggic", {k: v for k, v in BASE.items() if k != "creatinine"})
    assert ei.value.field == "creatinine"
