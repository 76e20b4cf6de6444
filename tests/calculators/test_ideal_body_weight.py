import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.model import fmt


@pytest.mark.parametrize(
    ("sex", "height", "ibw"),
    [
        # Devine 1974 (Drug Intell Clin Pharm 8:650): 50 kg (men) / 45.5 kg (women) + 2.3 kg per inch over 5 ft.
        ("Male", [72, "in"], 77.6),  # 6 ft man: 50 + 2.3 × 12
        ("Male", [60, "in"], 50.0),  # exactly 5 ft: the base weight
        ("Female", [64, "in"], 54.7),  # 5 ft 4 in woman: 45.5 + 2.3 × 4
        ("F", [162.56, "cm"], 54.7),  # same woman in cm (64 × 2.54)
        ("Female", [1.7018, "m"], 45.5 + 2.3 * 7),  # 5 ft 7 in, in metres
    ],
)
def test_devine_worked_examples(sex, height, ibw):
    assert compute("ideal_body_weight", {"sex": sex, "height": height}).value == pytest.approx(ibw)


def test_medcalc_bench_entity_keys_and_explanation():
    r = compute(10, {"sex": "Male", "height": [180.0, "cm"]})
    assert r.value == pytest.approx(50 + 2.3 * (180 / 2.54 - 60))
    assert r.intermediates["height_in"] == pytest.approx(70.866, abs=1e-3)
    assert fmt(r.value) in r.explanation()[-1]


def test_below_five_feet_extrapolates_linearly():
    # 4 ft 10 in woman: 45.5 − 2.3 × 2 = 40.9 kg (the formula is not floored at the base weight).
    assert compute(10, {"sex": "Female", "height": [58, "in"]}).value == pytest.approx(40.9)


def test_men_exceed_women_by_4_5_kg():
    calc = get("ideal_body_weight")
    m = calc({"sex": "Male", "height": 170}).value
    f = calc({"sex": "Female", "height": 170}).value
    assert m - f == pytest.approx(4.5)


def test_bad_height_unit():
    with pytest.raises(InputError) as ei:
        compute("ideal_body_weight", {"sex": "Male", "height": [5, "kg"]})
    assert ei.value.field == "height"


def test_missing_sex_and_implausible_height():
    with pytest.raises(InputError) as ei:
        compute(10, {"height": [170, "cm"]})
    assert ei.value.field == "sex"
    with pytest.raises(InputError) as ei:
        compute(10, {"sex": "Male", "height": [400, "cm"]})
    assert ei.value.field == "height"


@pytest.mark.parametrize(
    ("method", "man_72_in", "woman_64_in"),
    [
        # Pai & Paloucek 2000 (Ann Pharmacother 34:1066), Table: base + per inch over 60 in, men; women.
        ("robinson_1983", 52 + 1.9 * 12, 49 + 1.7 * 4),  # Robinson 1983: 74.8; 55.8
        ("miller_1983", 56.2 + 1.41 * 12, 53.1 + 1.36 * 4),  # Miller 1983: 73.12; 58.54
        ("hamwi_1964", 48 + 2.7 * 12, 45.5 + 2.2 * 4),  # Hamwi 1964: 80.4; 54.3
        ("devine_1974", 77.6, 54.7),
    ],
)
def test_other_equations(method, man_72_in, woman_64_in):
    assert compute("ideal_body_weight", {"sex": "Male", "height": [72, "in"], "method": method}).value == pytest.approx(man_72_in)
    r = compute("ideal_body_weight", {"sex": "Female", "height": [64, "in"], "method": method})
    assert r.value == pytest.approx(woman_64_in)
    assert fmt(r.value) in r.explanation()[-1]


def test_default_is_devine():
    assert get("ideal_body_weight").versions() == {"method": (("devine_1974", "robinson_1983", "miller_1983", "hamwi_1964"), "devine_1974")}
    assert compute("ideal_body_weight", {"sex": "Male", "height": [72, "in"]}).value == pytest.approx(77.6)
