"""ASA physical status: the ASA Statement on ASA Physical Status Classification System (amended 2020), classes I-VI
and the E suffix. The calculator records a declared class; the tests check the reading and the definitions given."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("asa_physical_status")


@pytest.mark.parametrize("raw,value,definition", [
    ("I", 1, "normal healthy"), ("ASA II", 2, "mild systemic disease"), (3, 3, "severe systemic disease"),
    ("iv", 4, "constant threat to life"), ("ASA 5", 5, "moribund"), ("VI", 6, "brain-dead"),
])
def test_each_class_and_its_definition(raw, value, definition):
    r = compute("asa_physical_status", {"asa_class": raw})
    assert r.value == value and r.intermediates == {"asa_class": value, "emergency": 0}
    assert definition in r.explanation()[1]


def test_emergency_suffix_in_the_class():
    # 'IIE' (ASA statement notation): class II with the emergency suffix.
    r = compute("asa_physical_status", {"asa": "IIE"})
    assert r.value == 2 and r.intermediates["emergency"] == 1
    assert r.explanation()[1].startswith("ASA IIE")
    r = compute("asa_physical_status", {"asa class": "ASA 3E"})
    assert r.value == 3 and r.intermediates["emergency"] == 1


def test_emergency_flag():
    r = compute("asa_physical_status", {"asa_class": "IV", "emergency": True})
    assert r.value == 4 and "E: emergency" in r.explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("asa_physical_status", {"asa_class": "VII"})
    assert ei.value.field == "asa_class"
    with pytest.raises(InputError) as ei:
        compute("asa_physical_status", {"asa_class": "7E"})
    assert ei.value.field == "asa_class"
    with pytest.raises(InputError) as ei:
        compute("asa_physical_status", {})
    assert ei.value.field == "asa_class"
