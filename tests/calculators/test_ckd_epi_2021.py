"""CKD-EPI 2021 race-free creatinine equation (Inker LA et al., N Engl J Med 2021;385:1737-49, the published
equation: 142 x min(SCr/k,1)^a x max(SCr/k,1)^-1.200 x 0.9938^age x 1.012 [female])."""

import pytest

from clinverify.calculators import InputError, compute


def ref(scr, age, female):
    k, a = (0.7, -0.241) if female else (0.9, -0.302)
    return 142 * min(scr / k, 1) ** a * max(scr / k, 1) ** -1.2 * 0.9938**age * (1.012 if female else 1.0)


def test_man_50_scr_1():
    # 142 x (1.0/0.9)^-1.2 x 0.9938^50 = 142 x 0.8812 x 0.7328 = 91.69 (~92 mL/min/1.73 m²).
    r = compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0})
    assert r.value == pytest.approx(91.69, abs=0.01)
    assert r.intermediates["exponent"] == -1.2


def test_woman_below_kappa_uses_alpha():
    r = compute("ckd_epi_2021", {"sex": "Female", "age": 32, "creatinine": 0.5})
    assert r.intermediates["exponent"] == -0.241
    assert r.value == pytest.approx(ref(0.5, 32, True))


def test_man_below_kappa_uses_kappa_0_9():
    # MedCalc-Bench v1.0 used kappa 0.7 for men here; the published kappa for men is 0.9.
    r = compute("ckd_epi_2021", {"sex": "Male", "age": 80, "creatinine": 0.87})
    assert r.value == pytest.approx(87.23, abs=0.01)


def test_at_kappa_both_terms_are_one():
    r = compute("ckd_epi_2021", {"sex": "Female", "age": 40, "creatinine": 0.7})
    assert r.value == pytest.approx(142 * 0.9938**40 * 1.012)


def test_umol_per_litre():
    a = compute("ckd_epi_2021", {"sex": "Female", "age": 32, "creatinine": [42, "µmol/L"]}).value
    assert a == pytest.approx(ref(42 * 0.011312, 32, True))
    assert a == pytest.approx(129.3, abs=0.1)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ckd_epi_2021", {"sex": "Male", "age": 50})
    assert ei.value.field == "creatinine"


# --- method: the 2009 equation and EKFC (the default stays the 2021 equation) ------------------------


def test_default_method_is_2021():
    from clinverify.calculators import get

    calc = get("ckd_epi_2021")
    assert calc.versions() == {"method": (("ckd_epi_2021", "ckd_epi_2009", "ekfc_2021"), "ckd_epi_2021")}
    a = compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0})
    b = compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0, "method": "CKD_EPI_2021"})
    assert a.value == b.value


def test_ckd_epi_2009_levey_table_2():
    # Levey 2009 (Ann Intern Med 150:604), Table 2: 141 × min(SCr/κ,1)^α × max(SCr/κ,1)^−1.209 × 0.993^age
    # × 1.018 (female) × 1.159 (Black); κ 0.7/0.9, α −0.329/−0.411.
    # Black woman, 60, SCr 0.6 (< κ): 141 × (0.6/0.7)^−0.329 × 0.993^60 × 1.018 × 1.159 = 114.82.
    r = compute("ckd_epi_2021", {"sex": "Female", "age": 60, "creatinine": 0.6, "race": "Black", "method": "ckd_epi_2009"})
    assert r.value == pytest.approx(114.82, abs=0.01)
    assert r.intermediates["exponent"] == -0.329 and r.intermediates["race_factor"] == 1.159
    # Man, 45, SCr 2.0 (> κ): 141 × (2.0/0.9)^−1.209 × 0.993^45 = 39.14; race not stated = non-Black.
    r = compute("ckd_epi_2021", {"sex": "Male", "age": 45, "creatinine": 2.0, "method": "ckd_epi_2009"})
    assert r.value == pytest.approx(39.14, abs=0.01)
    assert r.intermediates["exponent"] == -1.209 and r.intermediates["race_factor"] == 1.0
    assert "CKD-EPI 2009" in r.explanation()[0] and "39.144" in r.explanation()[-1]


def test_race_is_ignored_by_the_2021_equation():
    a = compute("ckd_epi_2021", {"sex": "Female", "age": 60, "creatinine": 0.6, "race": "Black"})
    assert a.value == pytest.approx(ref(0.6, 60, True))


def test_ekfc_pottel_2021():
    # Pottel 2021 (Ann Intern Med 174:183): 107.3 × (SCr/Q)^α × 0.990^(age−40) if age > 40;
    # α −0.322 below Q, −1.132 from Q; adult Q 0.70 (F) / 0.90 (M) mg/dL.
    r = compute("ckd_epi_2021", {"sex": "Female", "age": 30, "creatinine": 1.4, "method": "ekfc_2021"})
    assert r.value == pytest.approx(107.3 * 2.0**-1.132)  # 48.96, no age factor at 30
    assert r.value == pytest.approx(48.96, abs=0.01) and r.intermediates["age_factor"] == 1.0
    r = compute("ckd_epi_2021", {"sex": "Male", "age": 70, "creatinine": 0.8, "method": "ekfc_2021"})
    assert r.value == pytest.approx(82.44, abs=0.01)  # 107.3 × (0.8/0.9)^−0.322 × 0.990^30
    assert r.intermediates["exponent"] == -0.322


def test_ekfc_under_25_uses_the_age_dependent_q():
    # Pottel 2021 (EKFC), ages 2 to 25: ln Q (µmol/L) = 3.200 + 0.259·age − 0.543·ln(age) − 0.00763·age² + 0.0000790·age³
    # (male), 3.080 + 0.177·age − 0.223·ln(age) − 0.00596·age² + 0.0000686·age³ (female); coefficients as in the
    # CRAN package kidney.epi 1.4.0, R/egfr_ekfc.R. No published worked example was found: hand-calculated.
    # Boy, 10, SCr 0.5: ln Q = 3.2 + 2.59 − 1.2503 − 0.763 + 0.079 = 3.8557, Q = 47.26 µmol/L = 0.5346 mg/dL;
    # SCr/Q = 0.9352 (< 1) -> 107.3 × 0.9352^−0.322 = 109.64 (no age factor under 40).
    r = compute("ckd_epi_2021", {"sex": "Male", "age": 10, "creatinine": 0.5, "method": "ekfc_2021"})
    assert r.intermediates["q"] * 88.4 == pytest.approx(47.2615, abs=1e-4)
    assert r.value == pytest.approx(109.64, abs=0.01) and r.intermediates["age_factor"] == 1.0
    assert "47.262 µmol/L" in r.explanation()[1] and "0.000079·age³" in r.explanation()[1]
    # Girl, 15, SCr 0.9: ln Q = 3.08 + 2.655 − 0.6039 − 1.341 + 0.2315 = 4.0216, Q = 55.79 µmol/L = 0.6311 mg/dL;
    # SCr/Q = 1.4260 (≥ 1) -> 107.3 × 1.4260^−1.132 = 71.80.
    r = compute("ckd_epi_2021", {"sex": "Female", "age": 15, "creatinine": 0.9, "method": "ekfc_2021"})
    assert r.intermediates["q"] * 88.4 == pytest.approx(55.792, abs=1e-3)
    assert r.value == pytest.approx(71.80, abs=0.01) and r.intermediates["exponent"] == -1.132
    # The youngest age, 2: boy SCr 0.3 -> Q 27.43 µmol/L, 108.48; girl SCr 0.2 -> Q 25.95 µmol/L, 121.41.
    assert compute("ckd_epi_2021", {"sex": "Male", "age": 2, "creatinine": 0.3, "method": "ekfc_2021"}).value == pytest.approx(108.48, abs=0.01)
    assert compute("ckd_epi_2021", {"sex": "Female", "age": 2, "creatinine": 0.2, "method": "ekfc_2021"}).value == pytest.approx(121.41, abs=0.01)
    # Age in months is converted: 18 years = 216 months gives the same Q.
    a = compute("ckd_epi_2021", {"sex": "Female", "age": [216, "months"], "creatinine": 0.8, "method": "ekfc_2021"})
    b = compute("ckd_epi_2021", {"sex": "Female", "age": 18, "creatinine": 0.8, "method": "ekfc_2021"})
    assert a.value == pytest.approx(b.value)


def test_ekfc_q_is_nearly_continuous_at_25():
    # At 25 the adult Q (0.70 F / 0.90 M mg/dL) takes over; the child polynomial just below 25 gives 62.43 µmol/L
    # = 0.7062 mg/dL (F, +0.9 %) and 80.86 µmol/L = 0.9148 mg/dL (M, +1.6 %).
    from clinverify.calculators.formulas.ckd_epi_2021 import ekfc_q

    assert ekfc_q("female", 25 - 1e-9) == pytest.approx(0.7062, abs=1e-4) and ekfc_q("female", 25) == 0.70
    assert ekfc_q("male", 25 - 1e-9) == pytest.approx(0.9148, abs=1e-4) and ekfc_q("male", 25) == 0.90
    # eGFR steps by at most 1.9 % (man, SCr above Q: Q^1.132).
    young = compute("ckd_epi_2021", {"sex": "Male", "age": 24.999999, "creatinine": 1.5, "method": "ekfc_2021"}).value
    adult = compute("ckd_epi_2021", {"sex": "Male", "age": 25, "creatinine": 1.5, "method": "ekfc_2021"}).value
    assert young / adult == pytest.approx(1.0186, abs=1e-3)
    # Q rises with age through childhood.
    qs = [ekfc_q("male", a) for a in range(2, 25)]
    assert qs == sorted(qs) and 0.3 < qs[0] < qs[-1] < 0.92


def test_ekfc_under_2_is_an_error():
    compute("ckd_epi_2021", {"sex": "Male", "age": 2, "creatinine": 0.3, "method": "ekfc_2021"})
    with pytest.raises(InputError) as ei:
        compute("ckd_epi_2021", {"sex": "Male", "age": 1.5, "creatinine": 0.3, "method": "ekfc_2021"})
    assert ei.value.field == "age" and "2" in str(ei.value) and "EKFC" in str(ei.value)


def test_unknown_method_names_the_field():
    with pytest.raises(InputError) as ei:
        compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0, "method": "cockcroft"})
    assert ei.value.field == "method"


def test_method_takes_option_names_only():
    # Names only (case-insensitive): prose such as "2009" or "EKFC" is not a method, so the verifier's
    # reading of a trace never takes a named equation for a patient value.
    assert compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0, "method": "EKFC_2021"}).value == pytest.approx(86.13, abs=0.01)
    for prose in ("2009", "ekfc", "CKD-EPI 2009"):
        with pytest.raises(InputError):
            compute("ckd_epi_2021", {"sex": "Male", "age": 50, "creatinine": 1.0, "method": prose})
