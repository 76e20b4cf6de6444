import json

from clinverify.verifier.grounding import extract_inputs, grounded_answer

from .conftest import BAD_ARITH, GOOD


def test_extracts_numbers_with_units_and_unambiguous_choices():
    from clinverify.calculators import get

    ent = extract_inputs(json.loads(GOOD)["step_by_step_thinking"], get("cockcroft_gault"))
    assert ent == {"age": [72.0, "years"], "weight": [59.0, "kg"], "creatinine": [1.3, "mg/dL"], "sex": "female"}


def test_complete_trace_recomputed_and_agreeing():
    g = grounded_answer(GOOD, "cockcroft_gault")
    assert g["complete"] is True
    assert g["calculator"] == "cockcroft_gault"
    assert abs(g["value"] - 36.434) < 0.001 and g["unit"] == "mL/min"
    assert g["explanation"] and any("CrCl" in line for line in g["explanation"])
    assert g["claimed"] == 36.43 and g["agrees"] is True
    assert "agrees with" in g["detail"]


def test_wrong_arithmetic_disagrees_with_the_recomputation():
    g = grounded_answer(BAD_ARITH, 2)  # MedCalc-Bench id works too
    assert g["complete"] is True and g["agrees"] is False
    assert "41.9" in g["detail"] and "36.434 mL/min" in g["detail"]


def test_missing_inputs_are_named_and_nothing_recomputed():
    g = grounded_answer("The patient is a 72 years old man. Answer: 50", "cockcroft_gault")
    assert g["complete"] is False and g["value"] is None and g["agrees"] is None
    assert {m["field"] for m in g["missing"]} == {"weight", "creatinine"}
    assert "weight" in g["detail"]


def test_ambiguous_sex_is_not_guessed():
    from clinverify.calculators import get

    ent = extract_inputs("The man's wife, a woman of 70, ...", get("cockcroft_gault"))
    assert "sex" not in ent


def test_no_or_unknown_calculator_never_raises():
    assert grounded_answer("x = 1", None)["detail"].startswith("no calculator")
    g = grounded_answer("x = 1", "no_such_calculator")
    assert g["complete"] is False and "unknown calculator" in g["detail"]
