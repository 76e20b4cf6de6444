"""4-variable MDRD, IDMS-traceable (Levey AS et al., Ann Intern Med 2006;145:247-54):
GFR = 175 x SCr^-1.154 x age^-0.203 x 0.742 [female] x 1.212 [Black]."""

import pytest

from clinverify.calculators import InputError, compute


def test_reference_man():
    # 175 x 1.0^-1.154 x 60^-0.203 = 76.2
    r = compute("mdrd_gfr", {"age": 60, "creatinine": 1.0, "sex": "Male"})
    assert r.value == pytest.approx(175 * 60**-0.203)
    assert r.value == pytest.approx(76.2, abs=0.05)


def test_female_and_black_coefficients():
    base = compute("mdrd_gfr", {"age": 66, "creatinine": 1.6, "sex": "Male"}).value
    r = compute("mdrd_gfr", {"age": 66, "creatinine": [1.6, "mg/dL"], "sex": "Female", "Race": "Black"})
    assert r.value == pytest.approx(base * 0.742 * 1.212)
    assert r.value == pytest.approx(39.09, abs=0.01)
    white = compute("mdrd_gfr", {"age": 66, "creatinine": 1.6, "sex": "Female", "Race": "White"}).value
    assert white == pytest.approx(base * 0.742)
    assert r.intermediates["race_factor"] == 1.212


def test_race_not_stated_is_non_black():
    r = compute("mdrd_gfr", {"age": 66, "creatinine": 1.6, "sex": "Female"})
    assert r.intermediates["race_factor"] == 1.0
    assert "not stated" in "\n".join(r.explanation())


def test_umol_per_litre():
    a = compute("mdrd_gfr", {"age": 43, "creatinine": [106, "µmol/L"], "sex": "Male"}).value
    assert a == pytest.approx(175 * (106 * 0.011312) ** -1.154 * 43**-0.203)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("mdrd_gfr", {"age": 60, "creatinine": 1.0, "sex": "Male", "race": "martian"})
    assert ei.value.field == "race"
    with pytest.raises(InputError) as ei:
        compute("mdrd_gfr", {"age": 0, "creatinine": 1.0, "sex": "Male"})
    assert ei.value.field == "age"
