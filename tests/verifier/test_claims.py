import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.verifier import verify
from clinverify.verifier.claims import extract_claims, final_answer


def kinds(text):
    return [(c.kind, c.value) for c in extract_claims(text)]


def test_arithmetic_with_units_inside():
    cs = extract_claims("The bmi is therefore 48.0 kg / (1.63 m * 1.63 m) = 18.066 kg/m^2.")
    a = [c for c in cs if c.kind == "arithmetic"]
    assert len(a) == 1 and a[0].value == 18.066 and a[0].decimals == 3


def test_chained_equalities():
    cs = [c for c in extract_claims("2 * 131 + 18 / 2.8 = 262 + 6.43 = 268.43") if c.kind == "arithmetic"]
    assert len(cs) == 2


def test_unit_conversion():
    cs = extract_claims("The weight is 142.0 lbs * 0.453592 kg/lbs = 64.41 kg.")
    conv = [c for c in cs if c.kind == "conversion"]
    assert conv and conv[0].unit == "lbs" and conv[0].rhs_unit == "kg" and conv[0].rhs_value == 64.41
    cs = extract_claims("131.0 mEq sodium/L converts to 131.0 mmol sodium/L.")
    conv = [c for c in cs if c.kind == "conversion"]
    assert conv and conv[0].unit == "mEq/L" and conv[0].rhs_unit == "mmol/L"


def test_patient_quantities_and_thresholds():
    cs = extract_claims("The concentration of creatinine is 1.4 mg/dL, less than 2.0 mg/dL.")
    q = [c for c in cs if c.kind == "quantity"]
    assert [(c.value, c.unit) for c in q] == [(1.4, "mg/dL")]
    assert "creatinine" in q[0].name
    q = [c for c in extract_claims("The patient is 87 years old.") if c.kind == "quantity"]
    assert q and q[0].name == "age" and q[0].value == 87


def test_points():
    from clinverify.verifier.criteria_read import read

    def points(text):
        return [m.points for m in read(text)]

    assert 2.0 in points("Because the patient has hypertension, two points are added to the score.")
    assert 0.0 in points("The patient does not have diabetes, so no points are added.")
    assert 1.0 in points("Age 72 (65 to < 75): +1")


def test_final_answer_forms():
    assert final_answer('{"step_by_step_thinking": "x", "answer": "25.2"}').value == 25.2
    assert final_answer("so \\boxed{3} points").value == 3
    assert final_answer("Answer: 09/23/2014").value == "09/23/2014"
    assert final_answer("The gestational age is 14 weeks and 1 day.").value == {"weeks": 14, "days": 1}
    assert final_answer("Hence, the GFR value is 127.718 ml/min/1.73 m².").value == 127.718
    assert final_answer("no numbers here") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500))
def test_fuzz_extraction_never_raises(text):
    for c in extract_claims(text):
        assert 0 <= c.start <= c.end <= len(text)
    final_answer(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789.=+-*/^() x×e,kgmL/%", max_size=600))
def test_fuzz_number_soup(text):
    t0 = time.perf_counter()
    extract_claims(text)
    final_answer(text)
    assert time.perf_counter() - t0 < 1


def test_huge_numbers_and_power_towers():
    cs = extract_claims("9**9**9**9 = 5 and 10^400 = 1 and 1" + "0" * 500 + " * 2 = 3")
    assert all(c.kind != "arithmetic" or c.value is not None for c in cs)


def test_a_dash_after_a_label_opening_a_line_is_no_minus_sign():
    (c,) = [c for c in extract_claims("2. **Age** – 92 years.") if c.kind == "quantity"]
    assert c.value == 92.0 and c.unit == "years" and "Age" in c.name
    assert not [c for c in extract_claims("ovulation day = cycle length – 14 days") if c.kind == "quantity"]  # a subtraction


def test_a_value_judged_against_its_cut_off_is_read_as_a_patient_value():
    for text, name, value in [("- **Elderly**: age 44 (>65) → +1.", "age", 44.0), ("- INR 1.4 (<1.7) → 1 point.", "INR", 1.4),
                              ("Patient HR 55 → does not meet.", "Patient HR", 55.0)]:
        (c,) = [c for c in extract_claims(text) if c.kind == "quantity"]
        assert (c.name, c.value) == (name, value)
    assert not [c for c in extract_claims("Age >65 → 1 point.") if c.kind == "quantity"]  # the cut-off, not a value


@pytest.mark.parametrize("text,expr,value", [
    ("Adding the points: 0 + 0 + 0 + 1 = **1**.", "0 + 0 + 0 + 1", 1.0),  # a result in bold
    ("0.4 × (–0.08) = –0.032 kg.", "0.4 × (-0.08)", -0.032),  # en dashes as minus signs
    (r"- Denominator: \(101 \times 10.20 \approx 1030.2\).", r"101 \times 10.20", 1030.2),  # LaTeX inline math, \approx
    ("GFR = 142 * (2.26/0.9)**-1.2 = 46.4", "142 * (2.26/0.9)**-1.2", 46.4),  # "**" as a power is kept
    ("- Fentanyl patch: 60 mg × 50 mg / mg = 3,000 mg MME.", "60 × 50", 3000.0),  # a unit over itself cancels
])
def test_markup_around_numbers_is_read_as_plain_arithmetic(text, expr, value):
    (c,) = [c for c in extract_claims(text) if c.kind == "arithmetic"]
    assert (c.expr, c.value) == (expr, value)
    assert c.text in text  # the claim shows the trace's own text


def test_a_unit_after_a_power_of_ten_leaves_no_expression():
    # "platelet count in 10^9/L = 101" names a unit; it is no arithmetic claim.
    assert [c for c in extract_claims("So platelet count in 10^9/L = 101.") if c.kind == "arithmetic" and c.expr == "10^9"] == []


def test_a_sum_whose_terms_carry_their_names_in_brackets_is_read():
    (c,) = [c for c in extract_claims("Adding them up: 0 (history) + 0 (ECG) + 1 (age) + 1 (risk factors) + 0 (troponin) = 3.") if c.kind == "arithmetic"]
    assert c.value == 3 and c.expr.split() == ["0", "+", "0", "+", "1", "+", "1", "+", "0"]
    (c,) = [c for c in extract_claims("Total = 1 (age ≥ 65) + 1 (hypertension) + 2 (stroke) = 4") if c.kind == "arithmetic"]
    assert c.value == 4
    assert not [c for c in extract_claims("QTc = 330 / (0.664 (sec)) ms") if c.kind == "arithmetic" and c.value == 330]


def test_a_chain_in_words_after_a_written_result_is_read():
    # "= 1.143, minus 1 gives 0.143, times 42 gives 6.0": each link takes the result written before it
    claims = [c for c in extract_claims("160/140 = 1.143, minus 1 gives 0.243, times 42 gives 10.2 L.") if c.kind == "arithmetic"]
    assert [(c.expr.replace(" ", ""), c.value) for c in claims] == [("160/140", 1.143), ("(1.143)-(1)", 0.243), ("(0.243)*(42)", 10.2)]
    claims = [c for c in extract_claims("Pulse pressure is 125 − 75 = 50, minus 10 gives 40.") if c.kind == "arithmetic"]
    assert [c.value for c in claims] == [50, 40]


def test_operations_in_words_on_the_result_just_written_are_read():
    text = "Multiply 175 by 80 to get 14000, divide by 3600 to get 3.89, and take the square root to get 2.17."
    claims = [c for c in extract_claims(text) if c.kind == "arithmetic"]
    assert [(c.expr.replace(" ", ""), c.value) for c in claims] == [("(175)*(80)", 14000), ("(14000)/(3600)", 3.89), ("sqrt((3.89))", 2.17)]
    # a number that is no result written just before is not the operand ("weight 70 kg; dividing by 18" divides a glucose)
    assert not [c for c in extract_claims("Glucose 180 mg/dL and weight 70 kg; dividing by 18 gives 10 mmol/L.") if c.kind == "arithmetic"]


def test_an_interval_and_its_frequency_in_brackets_are_no_conversion():
    # "every 6 hours (4 doses/day)" was read as 6 hours = 144 doses/day
    assert not [c for c in extract_claims("Hydromorphone 4 mg every 6 hours (4 doses/day) = 16 mg/day.") if c.kind == "conversion" and c.value == 6]
    assert [c for c in extract_claims("Creatinine 1.2 mg/dL (106 µmol/L).") if c.kind == "conversion"]


def test_a_bracket_holding_an_expression_of_a_variable_is_a_factor_not_a_terms_name():
    # "0.91 (height − 152.4)" multiplies: the left side is no sum "50 + 0.91" (was flagged: 50.91, not 56.9)
    for text in ("IBW = 50 + 0.91 (height − 152.4) = 50 + 0.91 × 7.6 = 56.9 kg.",
                 "ABW = 56.9 + 0.4 (weight - IBW) = 56.9 + 0.4 × 0.1 = 56.94 kg."):
        claims = [c for c in extract_claims(text) if c.kind == "arithmetic"]
        assert [c.expr.replace(" ", "") for c in claims] == [text.split("= ")[2].split(" =")[0].replace(" ", "")], text


def test_a_value_with_its_unit_after_a_criterions_thresholded_label_is_the_patients():
    (c,) = [c for c in extract_claims("3. SaO2 < 95%: 98% → not met") if c.kind == "quantity"]
    assert c.value == 98 and "95" not in c.name
    (c,) = [c for c in extract_claims("2. HR ≥ 100: 98 bpm → not met") if c.kind == "quantity"]
    assert c.value == 98
    assert not [c for c in extract_claims("Alcohol use >8 drinks per week: 1") if c.kind == "quantity"]  # the rule's score


def test_an_expression_starts_after_a_clauses_comma_and_min_is_a_function_not_minutes():
    (c,) = [c for c in extract_claims("weights 70, 80 + 10 = 90") if c.kind == "arithmetic"]
    assert c.expr == "80 + 10"
    (c,) = [c for c in extract_claims("142 × min(0.68, 1)^-0.241 = 154.4") if c.kind == "arithmetic"]
    assert "min(0.68, 1)" in c.expr
    (c,) = [c for c in extract_claims("1,234 + 1 = 1,235") if c.kind == "arithmetic"]
    assert c.value == 1235


@pytest.mark.parametrize("text, expr, value", [
    ("Dividing, 2,544 ÷ 100.8 gives roughly 26.2 mL/min.", "2,544 ÷ 100.8", 26.2),
    ("The denominator is 72 × 1.4, i.e. 100.8.", "72 × 1.4", 100.8),
    ("That is 53 × 48, or 2,544.", "53 × 48", 2544),
])
def test_results_in_words_that_restate_an_operation(text, expr, value):
    (c,) = [c for c in extract_claims(text) if c.kind == "arithmetic"]
    assert c.expr.rstrip(", ") == expr and c.value == value
    assert not [c for c in extract_claims("Use 2 or 3 points.") if c.kind == "arithmetic"]


@pytest.mark.parametrize("text", ["Height: 5 feet 4 inches", "height 5'4\" (162.6 cm)", "He is 5 ft 4 in tall."])
def test_a_height_in_feet_and_inches_is_one_length(text):
    lengths = [c for c in extract_claims(text) if c.kind == "quantity" and c.unit in ("in", "inches")]
    assert [c.value for c in lengths][:1] == [64.0]
    assert not [c for c in extract_claims(text) if c.kind == "quantity" and c.value in (4.0, 5.0)]


def test_a_band_in_brackets_is_no_subtraction():
    from clinverify.verifier.claims import extract_claims
    for text in ("Heart rate: 120/min (110–139) = 3", "Bilirubin 2.5 (2-3) = 2", "HR 120 (110 - 139) = 3 points", "AG (12–20) = 2"):
        assert not [c for c in extract_claims(text, 0) if c.kind == "arithmetic"], text
    # a difference in brackets stays one
    assert [c.value for c in extract_claims("x = (140 - 45) = 95", 0) if c.kind == "arithmetic"] == [95.0]


def test_an_ions_charge_glued_to_its_symbol_before_its_value_is_no_plus_or_minus():
    got = [(c.kind, c.value, c.text) for c in extract_claims("K+ 4.1 mmol/L, Na+ 140 mmol/L, HCO3- 24 mmol/L.")]
    assert got == [("quantity", 4.1, "4.1 mmol/L"), ("quantity", 140.0, "140 mmol/L"), ("quantity", 24.0, "24 mmol/L")]
    # a value followed by an operator keeps its sign; a sum with spaces is a sum
    from clinverify.verifier.claims import _plain_math
    assert _plain_math("Na+ 140 × 2") == "Na+ 140 × 2" and _plain_math("Ca + 0.8") == "Ca + 0.8"
    assert _plain_math("Na+ 140, Cl- 104") == "Na⁺ 140, Cl⁻ 104"


def test_a_substitution_is_held_against_an_ion_value_stated_with_its_charge():
    trace = "The patient has Na+ 140 mmol/L and glucose 92 mg/dL.\nCorrected Sodium = 103 + 0.024 * (92 - 100) = 102.8.\nAnswer: 102.8"
    steps = verify(trace, calculator="sodium_correction_hyperglycemia").to_dict()["steps"]
    assert any(s["verdict"] == "incorrect" and s["error"] == "extraction" and "stated sodium as 140" in s["detail"] for s in steps)


def test_a_sentence_saying_its_subject_is_a_bare_number_states_an_age():
    assert [(c.kind, c.name, c.value, c.unit) for c in extract_claims("Age ≥65 years. He is 48, so 0 points.")] == [("quantity", "age", 48.0, "years")]
    assert [(c.name, c.value) for c in extract_claims("She is 72.")] == [("age", 72.0)]
    # not the subject, or a unit after the number: no age
    assert not [c for c in extract_claims("The number of criteria met by the patient is 3.") if c.name == "age"]
    assert not [c for c in extract_claims("He is 2 points short.") if c.name == "age"]


def test_a_value_said_converted_to_another_value_in_the_same_unit_is_a_wrong_conversion():
    steps = verify("5.0 mg / 10.0 dL = 0.5 mg/dL, which converts to 0.3 mg/dL.\nAnswer: 1", calculator="cockcroft_gault").to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect" and steps[0]["detail"] == "0.5 mg/dL = 0.5 mg/dL, not 0.3"
    assert [c.kind for c in extract_claims("0.53 mg/dL converts to 0.5 mg/dL.")] == ["conversion"]  # rounded: checked, right
    assert extract_claims("0.5 mg/dL = 0.3 mg/dL") == []  # "=" between two values of one unit: not read as a conversion


@pytest.mark.parametrize("line, right", [
    ("250 mg/dL glucose equals {} mmol/L.", "13.9"), ("The glucose (250 mg/dL, or {} mmol/L) is high.", "13.9"),
    ("Weight 70 kg, or {} lb.", "154"),
])
def test_a_conversion_with_its_analyte_after_the_unit_or_given_as_an_alternative(line, right):
    ok = verify(line.format(right) + "\nAnswer: 1", calculator="sodium_correction_hyperglycemia").to_dict()["steps"][0]
    bad = verify(line.format("164" if right == "154" else "15.9") + "\nAnswer: 1", calculator="sodium_correction_hyperglycemia").to_dict()["steps"][0]
    assert (ok["verdict"], bad["verdict"], bad["error"]) == ("correct", "incorrect", "unit_conversion")


def test_a_unit_identity_with_its_analyte_named_is_checked_as_a_conversion():
    # (read as the conversion it states: right when right, and no patient value)
    got = [(c.kind, c.value, c.unit, c.rhs_value, c.rhs_unit) for c in extract_claims("Actually 1 mmol/L of glucose is about 18 mg/dL.")]
    assert got == [("conversion", 1.0, "mmol/L", 18.0, "mg/dL")]
    ok = verify("Actually 1 mmol/L of glucose is about 18 mg/dL.\nAnswer: 1", calculator="sodium_correction_hyperglycemia").to_dict()["steps"][0]
    bad = verify("Actually 1 mmol/L of glucose is about 21 mg/dL.\nAnswer: 1", calculator="sodium_correction_hyperglycemia").to_dict()["steps"][0]
    assert (ok["verdict"], bad["verdict"]) == ("correct", "incorrect")


@pytest.mark.parametrize("line, wrong", [("Creatinine > 2 mg/dL (176.8 µmol/L): no, 0 points.", "196.8"), ("Fever > 38 °C (100.4 °F): yes.", "102.4"),
                                         ("Pre-operative creatinine >2 mg/dL (>176.8 µmol/L) → 0.", "196.8")])
def test_a_thresholds_conversion_in_brackets_is_a_unit_fact_checked(line, wrong):
    calc = "revised_cardiac_risk_index"
    ok = verify(line + "\nAnswer: 1", calculator=calc).to_dict()["steps"][0]
    right = line.split("(")[1].split()[0].lstrip("<>")
    bad = verify(line.replace(right, wrong) + "\nAnswer: 1", calculator=calc).to_dict()["steps"][0]
    assert (ok["verdict"], bad["verdict"], bad["error"]) == ("correct", "incorrect", "unit_conversion")


@pytest.mark.parametrize("text, ok", [
    ("To convert glucose from mmol/L to mg/dL, multiply by 18.", True),
    ("To convert glucose from mmol/L to mg/dL, multiply by 22.", False),
    ("Multiply the glucose by 0.0555 to convert mg/dL to mmol/L.", True),
    ("The conversion factor for glucose is 18 (mg/dL per mmol/L).", True),
    ("To convert creatinine from µmol/L to mg/dL, divide by 88.4.", True),
    ("To convert creatinine from µmol/L to mg/dL, divide by 18.", False),
    ("To convert weight from lb to kg, divide by 2.2.", True),
    # no analyte named: a mass-to-amount factor belongs to one, so none is judged
    ("Divide by 18 to convert mg/dL to mmol/L.", None),
])
def test_a_conversion_factor_said_in_words_is_the_unit_fact_it_states(text, ok):
    v = verify(text + "\nDone.")
    got = [c.ok for s in v.steps for c in s.checks if c.kind == "unit_conversion"]
    assert got == ([] if ok is None else [ok])


_CONVERSION_WORDS = ["to convert ", "converting ", "conversion factor for ", "glucose ", "the ", "from ", "mg/dL", "mmol/L", " to ", "into ",
                     ", ", "multiply ", "divide ", "by ", "18", "0.0555", " per ", " is ", "(", ")", ". ", "\n", "we ", "about "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_CONVERSION_WORDS), max_size=80))
def test_fuzz_conversion_factors_in_words_read_in_bounded_time(parts):
    text = "".join(parts)
    t0 = time.perf_counter()
    found = extract_claims(text)
    assert time.perf_counter() - t0 < 2.0  # typical well under 10 ms
    assert all(0 <= c.start <= c.end <= len(text) for c in found)


def test_a_value_in_milligrams_per_cent_is_read_in_mg_per_dl():
    (q,) = [c for c in extract_claims("Serum creatinine was 1.9 mg%.") if c.kind == "quantity"]
    assert q.value == 1.9 and q.unit == "mg/dL"
    # a note that writes the value in mg% holds a wrong value written in mg/dL against it
    note = "Patient's serum creatinine was found to be raised (1.9 mg%, normal 0.6-1.2)."
    v = verify("The patient's creatinine is 3.38 mg/dL.\nDone.", calculator="mdrd_gfr", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]
    v = verify("The patient's creatinine is 1.9 mg/dL.\nDone.", calculator="mdrd_gfr", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [True]


def test_a_name_of_several_words_none_naming_the_input_alone_finds_its_value_in_the_note():
    # "total cholesterol" beside "HDL cholesterol": "cholesterol" names neither alone, "total" is no
    # name; the two words together name the total, so a wrong total is held against the note's.
    note = "Labs: triglycerides, 1.09 mmol/L; total cholesterol, 4.75 mmol/L; high-density lipoprotein, 1.2 mmol/L."
    v = verify("The patient's total cholesterol is 227.5 mg/dL.\nDone.", calculator="ldl_friedewald", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]
    v = verify("The patient's total cholesterol is 183.7 mg/dL.\nDone.", calculator="ldl_friedewald", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [True]


def test_a_result_written_with_a_plus_sign_is_read():
    # a signed difference: "+2" is the value 2; "26 − 28" is −2, so the step is wrong
    assert kinds("difference = 26 – 28 = +2 days.") == [("arithmetic", 2.0)]
    v = verify("Cycle length = 30 days → difference = 26 – 28 = +2 days.\nDone.", calculator="estimated_due_date")
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [False]
    v = verify("Cycle length = 30 days → difference = 30 – 28 = +2 days.\nDone.", calculator="estimated_due_date")
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [True]


def test_a_height_in_feet_and_inches_in_the_note_is_one_length():
    # "5 ft 9 in tall" is 69 inches; its "9 in" is no height of its own
    note = "A 62-year-old man, 5 ft 9 in tall, weighing 110 kg, was admitted."
    for trace in ("Step 1: height 69 in. Step 2: IBW = 50 + 2.3 × 9 = 70.7 kg.",
                  "Height 175.3 cm. IBW = 50 + 0.91 × (175.3 − 152.4) = 70.84 kg."):
        v = verify(trace + "\nDone.", calculator="adjusted_body_weight", patient_note=note)
        assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [True], trace
    v = verify("Step 1: height 66 in.\nDone.", calculator="adjusted_body_weight", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]


def test_inches_over_a_base_are_an_excess_not_a_conversion_or_the_height():
    assert kinds("Height 69 in → 9 inches above 60.") == [("quantity", 69.0)]
    v = verify("Height 69 in → 9 inches above 60. IBW = 50 + 2.3 × 9 = 70.7 kg.\nDone.", calculator="adjusted_body_weight",
               patient_note="A 62-year-old man, 69 inches tall, weighing 110 kg.")
    assert not [c for s in v.steps for c in s.checks if c.ok is False]


def test_a_terse_list_after_a_sentence_or_with_a_name_ending_in_a_digit_is_read():
    # "RR 25, PaCO2 36.3 → does not meet" after the criterion's rule: both values read
    note = "Temperature 38.5 °C, heart rate 68, respiratory rate 20/min, PaCO2 36.3 mmHg, WBC 9,000/mm3."
    v = verify("3) Respiratory rate >20/min or PaCO2 <32 mmHg. RR 25, PaCO2 36.3 → does not meet.\nDone.", calculator="sirs_criteria", patient_note=note)
    assert sorted((c.ok, c.detail.split()[0]) for s in v.steps for c in s.checks if c.kind == "extraction") == [(False, "the"), (True, "paco2")]
    # a hypothetical, a comparison or a thousands separator is no patient's value
    for line in ("For cycle length 30, due date = LMP + 282 days.", "For each day shorter than 28, add one day.", "Platelet 101,000. ALT 104."):
        assert not [c for c in extract_claims(line) if c.kind == "quantity" and c.value in (30, 28, 101)], line


def test_a_value_after_its_criterions_rule_and_a_dash_is_the_patients():
    # "Age >65 – 49 years (1)": the rule is the label, 49 years the patient's age
    note = "A 67-year-old man with uncontrolled hypertension."
    for age, ok in (("49", False), ("67", True)):
        v = verify(f"4) Age >65 – {age} years (1).\nDone.", calculator="has_bled", patient_note=note)
        assert [(c.ok, c.detail) for s in v.steps for c in s.checks if c.kind == "extraction"] == [
            (ok, "age 67 agrees with the note" if ok else "the note gives age as 67, not 49")]


def test_a_blood_pressure_pair_after_hypertension_or_with_its_unit_is_read():
    note = "A 59-year-old man with uncontrolled hypertension (BP 182/111 mmHg) on warfarin."
    for line in ("- Hypertension: uncontrolled (243/111) → +1.", "- Hypertension: uncontrolled, 243/111 mmHg → +1."):
        v = verify(line + "\nDone.", calculator="has_bled", patient_note=note)
        assert [(c.ok, c.detail) for s in v.steps for c in s.checks if c.kind == "extraction"][0] == (
            False, "the note gives systolic blood pressure as 182, not 243"), line
    # a pair the note writes with its unit alone is one of its pressures ("… and 69/40 mm Hg standing")
    v = verify("Standing: 69/40 mm Hg.\nDone.", calculator="mean_arterial_pressure",
               entities={"Systolic Blood Pressure": [89.0, "mm hg"], "Diastolic Blood Pressure": [52.0, "mm hg"]},
               patient_note="Blood pressure was 89/52 mm Hg supine and 69/40 mm Hg standing.")
    assert all(c.ok for s in v.steps for c in s.checks if c.kind == "extraction")


@pytest.mark.parametrize("calc, note, line", [
    # names and values listed "respectively": each name takes the value of its place
    ("cockcroft_gault", "Labs were remarkable for elevated serum urea nitrogen and creatinine, 18.9 mmol/L and 366 μmol/L, respectively, and anaemia.",
     "The patient's creatinine is 4.14 mg/dL."),
    # a power of ten whose superscript was lost ("× 104/µL" for × 10⁴/µL)
    ("fib4", "Laboratory data: white blood cell count (3000/µL), platelet count (16.5 × 104/µL), AST 40 IU/L.", "The patient's platelets is 165 ×10^9/L."),
    # a count per µL written without its unit
    ("sirs_criteria", "Preliminary tests showed WBC: 4200, Hb: 7.7 and INR: 4.7.", "The patient's WBC is 4.2 ×10^9/L."),
])
def test_note_values_written_in_lists_lost_powers_and_bare_counts_agree(calc, note, line):
    v = verify(line + "\nDone.", calculator=calc, patient_note=note)
    checks = [c for s in v.steps for c in s.checks if c.kind == "extraction"]
    assert checks and all(c.ok for c in checks), [(c.ok, c.detail) for c in checks]
    # a wrong value is still wrong
    wrong = line.replace("4.14", "2.9").replace("165", "120").replace("4.2", "7.5")
    v = verify(wrong + "\nDone.", calculator=calc, patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]


@pytest.mark.parametrize("calc, note, right, wrong", [
    # a percentage written before its name, the name with a subscript digit
    ("apache_ii", "ABG shows pH of 7.29 a 57 % FiO₂. On physical exam he is confused.", "The patient's FIO2 is 57 %.", "The patient's FIO2 is 71.25 %."),
    # a vital-signs list's "T:" for the temperature
    ("sirs_criteria", "Her vital signs were as follows: BP: 85/50, PR: 130, T: 37.2, and RR: 18.", "The patient's temperature is 37.2 °C.",
     "The patient's temperature is 39.5 °C."),
    # the words notes write vital signs after: "respirations", "length" (an infant's height), "saturating"
    ("curb_65", "Pulse is 120/min, respirations are 15/min, and oxygen saturation is 93% on room air.",
     "The patient's respiratory rate is 15 /min.", "The patient's respiratory rate is 22 /min."),
    ("bmi", "Borderline microcephaly (length 83.8 cm, 75–90th centile; weight 10.2 kg).", "The patient's height is 83.8 cm.", "The patient's height is 104.75 cm."),
    ("perc_rule", "He was tachypneic and hypoxic, saturating at 88% (SpO2) on room air.", "The patient's oxygen saturation is 88 %.",
     "The patient's oxygen saturation is 97 %."),
])
def test_note_values_in_the_forms_notes_write_vital_signs(calc, note, right, wrong):
    for line, ok in ((right, True), (wrong, False)):
        v = verify(line + "\nDone.", calculator=calc, patient_note=note)
        assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [ok], line


def test_a_blood_pressure_or_value_in_the_notes_own_unit_is_compared_as_written():
    # 70 is not the note's 69: only a converted value agrees loosely (a rounded conversion)
    note = "Blood pressure was 89/52 mm Hg supine and 69/40 mm Hg standing."
    v = verify("systolic (SBP) = 70 mm Hg\nDone.", calculator="mean_arterial_pressure", patient_note=note)
    assert [(c.ok, c.detail) for s in v.steps for c in s.checks if c.kind == "extraction"] == [
        (False, "the note gives systolic blood pressure as 89, 69, not 70")]
    v = verify("systolic (SBP) = 69 mm Hg\nDone.", calculator="mean_arterial_pressure", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [True]
    note = "Laboratory results reveal a sodium level of 133.28 mmol/L and potassium 5.43 mmol/L."
    v = verify("The patient's sodium is 132.38 mmol/L.\nDone.", calculator="apache_ii", patient_note=note)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]


def test_a_conversion_by_dividing_and_a_unit_fact_in_a_remarks_bracket_are_read():
    note = "A 45-year-old man with sodium 140 mEq/L and glucose 250 mg/dL."
    line = "We need to convert the serum glucose from mg/dl to mmol/L by dividing by {f} (1 mg/dl = {u} mmol/L).\nDone."

    def failed(f, u):
        v = verify(line.format(f=f, u=u), calculator="sodium_correction_hyperglycemia", patient_note=note)
        return [c.ok for s in v.steps for c in s.checks if c.kind == "unit_conversion"]

    assert failed("18", "0.0555") == [True, True]
    assert failed("18", "0.0655") == [True, False]
    assert failed("16", "0.0555") == [False, True]
    # a function's bracket left open is the expression's own
    assert [c.expr for c in extract_claims("BSA = sqrt((170 × 70)/3600 = 1.82") if c.kind == "arithmetic"] == ["sqrt((170 × 70)/3600"]


def test_a_period_and_a_space_end_an_expression():
    # "ln(1.0) = 0. ln(3.2) ≈ 1.1632.": three claims in one step whose sentences open in lower case;
    # ". " is never inside a number, so the second claim does not reach back into the first
    claims = [c for c in extract_claims("ln(1.0) = 0. ln(3.2) ≈ 1.1632. ln(1.8) ≈ 0.5878.") if c.kind == "arithmetic"]
    assert [c.expr for c in claims] == ["ln(1.0)", "ln(3.2)", "ln(1.8)"]
