"""Cockcroft-Gault creatinine clearance.

Formula: Cockcroft DW, Gault MH. Nephron 1976;16:31-41 (CrCl = (140 - age) x weight / (72 x SCr), x 0.85
for women). Weight rule: MedCalc-Bench's convention (declared in the calculator's notes); IBW by Devine 1974.
"""

import pytest

from clinverify.calculators import InputError, compute

CM_PER_IN = 2.54


def ibw(sex, height_cm):
    return (50.0 if sex == "male" else 45.5) + 2.3 * (height_cm / CM_PER_IN - 60)


def test_paper_formula_normal_bmi_actual_weight_below_ibw():
    # Man 60 y, 72 kg, 180 cm (BMI 22.2; IBW 75.0 kg > 72 kg), SCr 1.0 mg/dL:
    # CrCl = (140 - 60) x 72 / (72 x 1.0) = 80 mL/min.
    r = compute("cockcroft_gault", {"sex": "Male", "age": [60, "years"], "weight": [72, "kg"], "height": [180, "cm"], "creatinine": [1.0, "mg/dL"]})
    assert r.value == pytest.approx(80.0)
    assert r.intermediates["weight_used"] == 72
    assert r.intermediates["bmi"] == pytest.approx(72 / 1.8**2)
    assert r.intermediates["ibw"] == pytest.approx(ibw("male", 180))


def test_normal_bmi_uses_ibw_when_lower():
    # Woman 45 y, 60 kg, 165 cm (BMI 22.0), IBW 45.5 + 2.3 x (64.96 - 60) = 56.9 kg, SCr 0.8.
    r = compute("cockcroft_gault", {"sex": "female", "age": 45, "weight": 60, "height": 165, "creatinine": 0.8})
    w = ibw("female", 165)
    assert r.intermediates["weight_used"] == pytest.approx(w)
    assert r.value == pytest.approx((140 - 45) * w * 0.85 / (72 * 0.8))


def test_obese_uses_adjusted_weight():
    # Man 60 y, 120 kg, 175 cm (BMI 39.2): adjusted = IBW + 0.4 x (120 - IBW).
    r = compute("cockcroft_gault", {"sex": "Male", "age": 60, "weight": 120, "height": 175, "creatinine": 1.2})
    w = ibw("male", 175)
    adj = w + 0.4 * (120 - w)
    assert r.intermediates["adjusted_weight"] == pytest.approx(adj)
    assert r.value == pytest.approx(80 * adj / (72 * 1.2))
    assert r.value == pytest.approx(83.59, abs=0.01)


def test_underweight_uses_actual_weight():
    r = compute("cockcroft_gault", {"sex": "Female", "age": 30, "weight": 40, "height": 165, "creatinine": 0.6})
    assert r.intermediates["weight_rule"].startswith("underweight")
    assert r.value == pytest.approx(110 * 40 * 0.85 / (72 * 0.6))


def test_bmi_25_is_overweight_and_24_99_is_normal():
    h = 170.0
    r25 = compute("cockcroft_gault", {"sex": "Male", "age": 50, "weight": 25 * 1.7**2, "height": h, "creatinine": 1.0})
    assert "adjusted_weight" in r25.intermediates
    r_normal = compute("cockcroft_gault", {"sex": "Male", "age": 50, "weight": 24.99 * 1.7**2, "height": h, "creatinine": 1.0})
    assert "adjusted_weight" not in r_normal.intermediates


def test_without_height_uses_actual_weight():
    r = compute("cockcroft_gault", {"sex": "Male", "age": 40, "weight": 100, "creatinine": 1.0})
    assert r.value == pytest.approx(100 * 100 / 72)
    assert "bmi" not in r.intermediates


def test_units_converted():
    a = compute("cockcroft_gault", {"sex": "Male", "age": [60, "years"], "weight": [176.37, "lbs"], "height": [70, "in"], "creatinine": [88.4, "µmol/L"]})
    b = compute("cockcroft_gault", {"sex": "Male", "age": 60, "weight": 80.0, "height": 177.8, "creatinine": 88.4 * 113.12 / 10000})
    assert a.value == pytest.approx(b.value, rel=1e-4)


def test_explanation_states_rule_and_value():
    r = compute("cockcroft_gault", {"sex": "Male", "age": 60, "weight": 120, "height": 175, "creatinine": 1.2})
    text = "\n".join(r.explanation())
    assert "Adjusted body weight" in text and "83.59" in text


def test_bad_input_named():
    with pytest.raises(InputError) as ei:
        compute("cockcroft_gault", {"sex": "Male", "age": 60, "weight": 70, "height": 175, "creatinine": [0, "mg/dL"]})
    assert ei.value.field == "creatinine"
    with pytest.raises(InputError) as ei:
        compute("cockcroft_gault", {"sex": "unknown", "age": 60, "weight": 70, "creatinine": 1})
    assert ei.value.field == "sex"
