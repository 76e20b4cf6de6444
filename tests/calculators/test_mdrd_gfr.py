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


def test_method_default_is_175_and_original_186():
    from clinverify.calculators import get

    assert get("mdrd_gfr").versions() == {"method": (("idms_175", "original_186"), "idms_175")}
    ents = {"creatinine": 1.5, "age": 60, "sex": "Female", "race": "Black"}
    # Levey 2006 (Ann Intern Med 145:247): 175 × 1.5^−1.154 × 60^−0.203 × 0.742 × 1.212 = 42.93.
    assert compute("mdrd_gfr", ents).value == pytest.approx(42.93, abs=0.01)
    # K/DOQI 2002 / Levey 2000: 186 × 1.5^−1.154 × 60^−0.203 × 0.742 × 1.210 = 45.55.
    r = compute("mdrd_gfr", {**ents, "method": "original_186"})
    assert r.value == pytest.approx(45.55, abs=0.01)
    assert r.intermediates["coefficient"] == 186.0 and r.intermediates["race_factor"] == 1.210
    assert r.explanation()[-1].startswith("GFR = 186 × 1.5^")
    # Same patient: the ratio of the two is 186/175 × 1.210/1.212.
    assert r.value / compute("mdrd_gfr", ents).value == pytest.approx(186 / 175 * 1.210 / 1.212)
