"""A formula written with names and then with numbers keeps its constants (verifier.substitution)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.verifier import substitution, verify


def flagged(trace, **kw):
    return [s for s in verify(trace, **kw).to_dict()["steps"] if s["verdict"] == "incorrect" and s["error"] != "answer"]


def test_tokens_drop_units_and_unit_notes_but_keep_names_and_functions():
    assert substitution.tokens(" 50 kg + 2.3 kg * (height (in inches) - 60)") == (
        ("num", "50"), ("op", "+"), ("num", "2.3"), ("op", "*"), ("op", "("), ("name", "height"), ("op", "-"), ("num", "60"), ("op", ")"))
    assert substitution.tokens("QT / √RR") == (("name", "qt"), ("op", "/"), ("fn", "sqrt"), ("name", "rr"))
    assert substitution.tokens("60 / HR") == (("num", "60"), ("op", "/"), ("name", "hr"))  # HR is a heart rate, not hours
    assert substitution.tokens("if weight > 20 then 60 + (weight - 20)") is None  # prose, not a formula


@pytest.mark.parametrize(
    "calc, note, trace, wrong",
    [
        ("qtc_bazett", "HR 136, QT 330 ms.", "RR = 86 / HR = 60 / 136 ≈ 0.4412 seconds.", "86"),
        ("ideal_body_weight", "A man, 168 cm.",
         "IBW for males: 50 kg + 2.3 kg * (height - 60).\nIBW = 67 kg + 2.3 kg * (66.14 - 60).", "67"),
        ("delta_gap", "Na 140, Cl 90, HCO3 15.", "Delta gap = Anion gap - 9. Delta gap = 35 - 12 = 23 mEq/L.", "9"),
    ],
)
def test_a_constant_changed_between_formula_and_substitution_is_flagged_where_it_is_wrong(calc, note, trace, wrong):
    bad = flagged(trace, calculator=calc, patient_note=note)
    # The first flag is on the step that writes the wrong constant (a formula statement check may
    # name it first: "Delta gap = Anion gap - 9" is also not the calculator's formula).
    assert bad and bad[0]["error"] == "formula" and wrong in bad[0]["text"]


@pytest.mark.parametrize(
    "calc, note, trace",
    [
        ("qtc_bazett", "HR 136, QT 330 ms.", "RR = 60 / HR = 60 / 136 ≈ 0.4412 seconds. QTc = QT / √RR = 330 / 0.664 ≈ 497 ms."),
        ("adjusted_body_weight", "A man, 170 cm, 90 kg.",
         "IBW = 50 + 2.3 × (height − 60) = 50 + 2.3 × 6.93 = 65.94 kg. ABW = IBW + 0.4 × (weight − IBW) = 65.94 + 0.4 × (90 − 65.94) = 75.56 kg."),
        ("mean_arterial_pressure", "BP 116/70.", "MAP = (2 × DBP + SBP) / 3 = (2 × 70 + 116) / 3 = 85.33 mmHg."),
    ],
)
def test_consistent_substitutions_and_other_computations_of_the_same_shape_are_not_flagged(calc, note, trace):
    assert not [s for s in flagged(trace, calculator=calc, patient_note=note) if "substitution" in s["detail"]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .+-*/^()=:;√xabcHRkgmin\n", max_size=300))
def test_templates_and_compare_never_raise_on_any_text(text):
    for t in substitution.templates(text, 0):
        substitution.compare(t, "60 / 136", False, False, lambda v, d: False)


def test_a_substitution_that_keeps_the_formulas_constants_is_a_checked_claim():
    trace = "GFR formula: 142 x (Scr/A)**B x 0.9938**age x gender coefficient.\nPlugging in values: GFR = 142 x (1.14/0.9)**-1.2 x 0.9938**37 x 1.0."
    steps = verify(trace, calculator="ckd_epi_2021", patient_note="A 37-year-old man, creatinine 1.14 mg/dL.").to_dict()["steps"]
    assert steps[1]["verdict"] == "correct" and "keeps the constants" in steps[1]["detail"]


@pytest.mark.parametrize(
    "trace, wrong",
    [
        ("Plug in: 134 + 0.024 × (115 − 150).", "150"),  # Hillier's factor is an accepted form: the 150 is what is changed
        ("Corrected Na = 134 + 0.016 × (115 − 150).", "150"),
        ("Plug in: 134 + 0.035 × (115 − 100).", "0.035"),
    ],
)
def test_a_substitution_with_no_formula_written_is_held_against_every_declared_form(trace, wrong):
    (s,) = flagged(trace, calculator="sodium_correction_hyperglycemia")
    assert f"writes {wrong} where" in s["detail"]


@pytest.mark.parametrize("trace", ["Plug in: 134 + 0.024 × (115 − 100).", "Plug in: 134 + 0.016 × (115 − 100)."])
def test_the_declared_forms_own_constants_are_not_flagged(trace):
    assert not flagged(trace, calculator="sodium_correction_hyperglycemia")


def test_values_put_in_the_calculators_own_formula_are_the_ones_stated_before():
    # No formula written: the substitution is read against the declared one, and the values put
    # in its names against what the trace stated for them.
    (s,) = flagged("Sodium 140 mEq/L, glucose 300 mg/dL.\nCorrected Na = 175 + 0.024 × (300 − 100) = 179.8 mEq/L.",
                   calculator="sodium_correction_hyperglycemia")
    assert "puts 175 for na" in s["detail"]
    assert not flagged("Sodium 140 mEq/L, glucose 300 mg/dL.\nCorrected Na = 140 + 0.024 × (300 − 100) = 144.8 mEq/L.",
                       calculator="sodium_correction_hyperglycemia")


def test_one_spelling_for_a_bracketed_operand_and_a_square_written_as_a_product():
    assert substitution.tokens("60 / (1.56)^2") == substitution.tokens("60 / 1.56^2")
    assert substitution.tokens("60 / (1.56 × 1.56)") == substitution.tokens("60 / 1.56^2")
    assert substitution.tokens("weight / (height × height)") == substitution.tokens("weight / height²")
    assert substitution.tokens("x ^ (-1.2)") == substitution.tokens("x ^ -1.2")
    assert substitution.tokens("sqrt(70)") == (("fn", "sqrt"), ("op", "("), ("num", "70"), ("op", ")"))  # a function's own bracket
    assert substitution.tokens("(60 × 1.56)") == (("num", "60"), ("op", "*"), ("num", "1.56"))  # not a square (the bracket changes nothing)
    # A bracket around a product or quotient that changes nothing, as LaTeX's \frac writes it; one after "/" stays.
    assert substitution.tokens("\\frac{(140 - 60) \\times 80}{72 \\times 1.2}") == substitution.tokens("(140 - 60) × 80 / (72 × 1.2)")
    assert substitution.tokens("6400 / (72 × 1.2)") != substitution.tokens("6400 / 72 × 1.2")


@pytest.mark.parametrize("line", [
    "BMI = 60 kg / (1.56 m)^2 = 24.65 kg/m².",
    "BMI = 60 / (1.56 × 1.56) = 24.65.",
    "Plugging in: 60 kg / (1.56 m)^2",
    "BMI = 60 / (1.56)^2.",
])
def test_a_wrong_value_in_a_substitution_with_a_squared_bracket_is_held_against_the_data(line):
    ents = {"weight": [44.0, "kg"], "height": [156.0, "cm"]}
    s = flagged(line + "\nThe BMI is 18.08 kg/m².", calculator="bmi", entities=ents)[0]  # (the closing line may disagree too)
    assert s["error"] == "extraction" and "puts 60 for weight" in s["detail"]
    assert not flagged(line.replace("60", "44").replace("24.65", "18.08") + "\nThe BMI is 18.08 kg/m².", calculator="bmi", entities=ents)


@pytest.mark.parametrize("line", ["BMI = 44 kg / (1.25 m)^2.", "BMI = 44 / 1.25^2 = 28.2.", "Plugging in: 44 kg / (1.25 m)^2"])
def test_a_value_substituted_in_another_unit_is_held_against_the_data_in_that_unit(line):
    # height 156 cm put in as metres: 1.25 m is not the patient's 1.56 m (a number of another
    # scale than the input's unit is compared with the patient's value in the unit of its scale)
    ents = {"weight": [44.0, "kg"], "height": [156.0, "cm"]}
    s = flagged(line + "\nThe BMI is 18.08 kg/m².", calculator="bmi", entities=ents)[0]
    assert s["error"] == "extraction" and "puts 1.25 for height; height is 156 cm (1.56 m)" in s["detail"]
    assert not flagged(line.replace("1.25", "1.56").replace("28.2", "18.08") + "\nThe BMI is 18.08 kg/m².", calculator="bmi", entities=ents)


@pytest.mark.parametrize("line", ["- weight^0.265 = 32^0.425 = 4.36", "- weight^0.265 ≈ 32^0.425 ≈ 4.36", "• weight^0.265 ≈ 32^0.425 ≈ 4.36"])
def test_a_formula_in_a_list_item_or_a_chain_of_approximations_is_compared_with_its_substitution(line):
    ents = {"weight": [32, "kg"], "height": [150, "cm"]}
    s = verify(line + "\nThe BSA is 1.18 m².", calculator="body_surface_area", entities=ents).to_dict()["steps"][0]
    assert s["verdict"] == "incorrect" and "writes 0.265" in s["detail"]
    ok = verify(line.replace("0.265", "0.425") + "\nThe BSA is 1.18 m².", calculator="body_surface_area", entities=ents).to_dict()["steps"][0]
    assert ok["verdict"] == "correct"


def test_a_substituted_value_is_held_against_the_note_when_the_trace_stated_none():
    # without the patient's data or a value the trace stated, the one value the note gives decides
    note = "A 45-year-old man with sodium 139 mEq/L and glucose 129 mg/dL."
    v = verify("Corrected Sodium = Na + 0.024 * (glucose - 100). Corrected Sodium = 103 + 0.024 * (129 - 100) = 103.696\nDone.",
               calculator="sodium_correction_hyperglycemia", patient_note=note)
    assert [c.detail for s in v.steps for c in s.checks if c.kind == "extraction" and c.ok is False] == [
        "the substitution puts 103 for na; the note gives sodium as 139"]
    v = verify("Corrected Sodium = Na + 0.024 * (glucose - 100). Corrected Sodium = 139 + 0.024 * (129 - 100) = 139.696\nDone.",
               calculator="sodium_correction_hyperglycemia", patient_note=note)
    assert not [c for s in v.steps for c in s.checks if c.ok is False]


def test_an_unevaluated_substitution_of_the_calculators_formula_keeps_its_constants():
    # "Corrected Sodium = 140 + 0.031 * (5.11 - 100)." with no value after it and a value that is not
    # the patient's result (the glucose put in mmol/L): its changed constant is still a wrong formula
    trace = ("The serum sodium is 140 mEq/L and the glucose 92 mg/dL, or 5.11 mmol/L.\n"
             "Now we can plug the values into the formula: Corrected Sodium = 140 + {k} * (5.11 - 100).\nDone.")
    note = "A 45-year-old man with sodium 140 mEq/L and glucose 92 mg/dL."

    def failed(k):
        v = verify(trace.format(k=k), calculator="sodium_correction_hyperglycemia", patient_note=note)
        return [c.kind for s in v.steps for c in s.checks if c.ok is False]

    assert "formula" not in failed("0.024")
    assert "formula" in failed("0.031")


def test_a_value_with_its_unit_per_square_metre_is_no_formula():
    # "26.8 kg/m²" is a BMI with its unit, not "26.8 / m²" (normalise writes "²" as "^2" before units are removed)
    assert not substitution.templates("Height 1.75 m, so BMI = 82 / 1.75² = 82 / 3.0625 = 26.8 kg/m².", 0)
