"""Body mass index = weight (kg) / height (m)^2: Keys A et al., J Chronic Dis 1972;25:329-343
(doi:10.1016/0021-9681(72)90027-6), the index of relative weight W/H^2 (Quetelet's index) named there;
adult categories from the WHO Expert Consultation, Lancet 2004;363:157-163. Published examples: the CDC's "About
Adult BMI" page ("How is BMI calculated?"; URL https://www.cdc.gov/healthyweight/assessing/bmi/adult_bmi/index.html,
which public references give with that title; the stored copy read here is its reproduction at http://www.americanobesity.org/adultMeasurement.htm): 68 kg, 165 cm ->
68 / 1.65^2 = 24.98; 150 lb, 5'5" (65 in) -> 150 / 65^2 x 703 = 24.96. The other examples are worked by hand."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("bmi")


def test_lookup():
    assert get(6) is CALC and get("Body Mass Index (BMI)") is CALC


def test_published_example_cdc_metric():
    # CDC "About Adult BMI": Weight = 68 kg, Height = 165 cm (1.65 m); 68 / (1.65)^2 = 24.98.
    assert round(compute("bmi", {"weight": 68, "height": 165}).value, 2) == 24.98


def test_published_example_cdc_pounds_inches():
    # CDC "About Adult BMI": Weight = 150 lbs, Height = 5'5" (65"); [150 / (65)^2] x 703 = 24.96. The exact lb/in
    # conversion (150 x 0.45359237 / (65 x 0.0254)^2 = 24.961) prints the same two decimals.
    assert round(compute("bmi", {"weight": [150, "lb"], "height": [65, "in"]}).value, 2) == 24.96


def test_worked_example_metric():
    # By hand: 70 kg, 175 cm -> 1.75 m; 1.75^2 = 3.0625 m^2; 70 / 3.0625 = 22.857 kg/m^2 (WHO: normal, 18.5-24.9).
    r = compute("bmi", {"weight": 70, "height": 175})
    assert r.intermediates["height_m"] == pytest.approx(1.75)
    assert r.value == pytest.approx(22.857, abs=5e-4)
    assert "22.857" in "\n".join(r.explanation())


def test_worked_example_us_units():
    # By hand: 154 lb x 0.45359237 = 69.8532 kg; 69 in x 2.54 = 175.26 cm, 1.7526^2 = 3.071607 m^2;
    # 69.8532 / 3.071607 = 22.7416 kg/m^2 (not 703 x 154 / 69^2 = 22.7393, the rounded lb/in factor).
    r = compute("bmi", {"weight": [154, "lb"], "height": [69, "in"]})
    assert r.value == pytest.approx(22.7416, abs=2e-4)


def test_worked_example_obese():
    # By hand: 100 kg, 160 cm -> 1.6^2 = 2.56 m^2; 100 / 2.56 = 39.0625 kg/m^2 (WHO: obese, >= 30).
    assert compute("bmi", {"Body Weight": 100, "Height": 160}).value == pytest.approx(39.0625)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("bmi", {"weight": 70})
    assert ei.value.field == "height"
    with pytest.raises(InputError) as ei:
        compute("bmi", {"weight": 70, "height": 2000})
    assert ei.value.field == "height" and "plausible range" in str(ei.value)
