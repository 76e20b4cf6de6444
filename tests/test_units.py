"""The unit layer: clinical spellings, analyte conversions, affine temperatures, caching."""

import pytest

from clinverify.calculators.errors import UnitError
from clinverify.calculators.units import affine, convert, normalise_spelling


@pytest.mark.parametrize(
    ("value", "unit", "target", "analyte", "expected"),
    [
        (1.0, "mg/dL", "µmol/L", "creatinine", 88.4),  # KDIGO factor 88.4
        (100.0, "µmol/L", "mg/dL", "creatinine", 1.131),
        (28.0, "mg/dL", "mmol/L", "bun", 10.0),  # BUN 2.8 mg/dL per mmol/L urea
        (180.16, "mg/dL", "mmol/L", "glucose", 10.0),
        (2.5, "mmol/L", "mg/dL", "calcium", 10.02),
        (5.0, "mEq/L", "mmol/L", "calcium", 2.5),  # divalent
        (140.0, "mEq/L", "mmol/L", "sodium", 140.0),
        (38.67, "mg/dL", "mmol/L", "cholesterol", 1.0),
        (88.57, "mg/dL", "mmol/L", "triglycerides", 1.0),
        (17.1, "µmol/L", "mg/dL", "bilirubin", 1.0),
        (60.0, "pmol/L", "µIU/mL", "insulin", 10.0),
        (3.5, "g/dL", "g/L", None, 35.0),
        (98.6, "°F", "°C", None, 37.0),
        (212.0, "degF", "degC", None, 100.0),
        (154.0, "lbs", "kg", None, 69.85),
        (12.0, "oz", "kg", None, 0.340),
        (70.0, "in", "cm", None, 177.8),
        (6.0, "ft", "cm", None, 182.88),
        (120.0, "mm hg", "mmHg", None, 120.0),
        (72.0, "beats per minute", "1/min", None, 72.0),
        (400.0, "msec", "ms", None, 400.0),
        (18.0, "months", "year", None, 1.5),
        (250000.0, "µL", "1/nL", None, 250.0),  # MedCalc-Bench writes platelets per µL as 'µL'
        (250.0, "x10^9/L", "1/nL", None, 250.0),
        (40.0, "IU/L", "U/L", None, 40.0),
    ],
)
def test_conversions(value, unit, target, analyte, expected):
    assert convert(value, unit, target, analyte) == pytest.approx(expected, rel=2e-3)


def test_wrong_dimension_names_both_dimensions():
    with pytest.raises(UnitError) as ei:
        affine("kg", "mg/dL", "creatinine")
    assert "[mass]" in str(ei.value) and "mg/dL" in str(ei.value)


def test_unknown_unit():
    with pytest.raises(UnitError):
        affine("blorps", "kg")


def test_factors_and_failures_are_cached():
    from clinverify.calculators.units import _affine

    _affine.cache_clear()
    affine("lb", "kg")
    affine("lb", "kg")
    for _ in range(2):
        with pytest.raises(UnitError):
            affine("kg", "kg/m^2")
    assert _affine.cache_info().hits == 2


def test_spelling_normalisation():
    assert normalise_spelling(" mm  Hg ") == "mmHg"
    assert normalise_spelling("μmol/L") == "umol/L"


def test_overlong_unit_is_refused_before_pint_and_the_cache():
    from clinverify.calculators.limits import MAX_UNIT_CHARS
    from clinverify.calculators.units import _affine

    _affine.cache_clear()
    with pytest.raises(UnitError, match=f"unit is {MAX_UNIT_CHARS + 1} characters; the limit is {MAX_UNIT_CHARS}"):
        affine("k" * (MAX_UNIT_CHARS + 1), "kg")
    assert _affine.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("unit", "why"),
    [("10**10**10", "chained"), ("9^9^9", "chained"), ("((9^99)^99)^99", "parenthesised"), ("9⁹⁹⁹⁹", "the limit is 3"), ("9**(2*99)", "plain number")],
)
def test_exponents_pint_would_evaluate_into_huge_integers_are_refused(unit, why):
    with pytest.raises(UnitError, match=why):
        affine(unit, "kg")


@pytest.mark.parametrize("unit", ["kg/m^2", "m²", "min^-1", "min⁻¹", "m**-1", "m^0.5"])
def test_plain_exponents_still_parse(unit):
    assert affine(unit, unit) == (1.0, 0.0)


def test_milligrams_and_grams_per_cent_are_per_decilitre():
    # "creatinine 1.9 mg%", "Hb 12 g%": the older notation for mg/dL and g/dL (per 100 mL).
    assert convert(1.9, "mg%", "mg/dL", "creatinine") == pytest.approx(1.9)
    assert convert(1.9, "mg%", "umol/L", "creatinine") == pytest.approx(1.9 * 88.4, rel=1e-3)
    assert convert(12, "g%", "g/L") == pytest.approx(120)
