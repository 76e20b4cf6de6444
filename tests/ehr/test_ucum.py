"""UCUM codes into the unit layer (clinverify.ehr.ucum): expected values by hand."""

from __future__ import annotations

import pytest

pytest.importorskip("ucumvert")

from clinverify.ehr.ucum import UcumError, convert, to_unit_layer  # noqa: E402


@pytest.mark.parametrize("value, code, target, analyte, expected", [
    (0.9, "mg/dL", "mg/dL", "creatinine", 0.9),
    (80, "umol/L", "mg/dL", "creatinine", 80 * 113.12 / 1e4),  # µmol/L x g/mol = µg/L; / 1e4 -> mg/dL
    (5.5, "mmol/L", "mg/dL", "glucose", 5.5 * 180.16 / 10),
    (98.6, "[degF]", "degC", None, 37.0),
    (37.2, "Cel", "degC", None, 37.2),
    (150, "[lb_av]", "kg", None, 150 * 0.45359237),
    (70, "[in_i]", "cm", None, 70 * 2.54),
    (72, "{beats}/min", "1/min", None, 72),
    (16, "/min", "1/min", None, 16),
    (250, "10*3/uL", "1/nL", None, 250),  # 10^3/µL = 10^9/L
    (250, "10*9/L", "1/nL", None, 250),
    (120, "mm[Hg]", "mmHg", None, 120),
    (45, "%", "percent", None, 45),
    (4.2, "meq/L", "mmol/L", "potassium", 4.2),
    (5.0, "meq/L", "mmol/L", "calcium", 2.5),  # valence 2: UCUM's eq = mol would give 5.0
    (12, "u[IU]/mL", "uIU/mL", "insulin", 12),
    (1.1, "{INR}", "", None, 1.1),
    (1.1, "1", "", None, 1.1),
    (30, "kg/m2", "kg/m^2", None, 30),
])
def test_ucum_codes_convert(value, code, target, analyte, expected):
    assert convert(value, code, target, analyte) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("code, message", [
    ("mg/dLL", "unparseable UCUM unit 'mg/dLL'"),
    ("[foo]", "unparseable UCUM unit '[foo]'"),
    ("", "empty UCUM unit"),
    ("m" * 300, "the limit is"),
])
def test_unparseable_codes_are_clear_errors(code, message):
    with pytest.raises(UcumError, match=message.replace("[", r"\[")):
        to_unit_layer(code)


@pytest.mark.parametrize("code, target", [("kg", "mg/dL"), ("mm[Hg]", "1/min"), ("mg/dL", ""), ("Cel", "kg")])
def test_wrong_dimension_is_a_clear_error(code, target):
    with pytest.raises(UcumError, match=f"UCUM unit '{code.replace('[', chr(92) + '[')}'"):
        convert(1.0, code, target, "creatinine")
