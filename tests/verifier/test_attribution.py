"""A wrong final answer is attributed to its cause by recomputing the calculator from the values
the trace itself used (INTERFACES.md: extraction vs formula vs arithmetic vs answer), and with
neither reference nor entities the trace's own values give the expected answer (source "trace")."""

from clinverify.verifier import verify

QTC = {"qt_interval": [400, "msec"], "heart_rate": [75, "bpm"]}


def _steps(v):
    return [(s["verdict"], s["error"]) for s in v["steps"]]


def test_right_values_wrong_formula_is_a_formula_error_at_the_computing_step():
    # Bazett is QT / sqrt(RR); dividing by RR itself is arithmetic done right on a wrong formula.
    # (No symbolic formula written: "QTc = QT / RR" would be flagged by the formula-statement check.)
    trace = "QT interval is 400 msec and heart rate is 75 bpm. RR = 60 / 75 = 0.8 sec. QTc = 400 / 0.8 = 500 msec. Answer: 500"
    v = verify(trace, calculator="qtc_bazett", entities=QTC).to_dict()
    assert v["answer"]["correct"] is False and v["answer"]["cause"] == "formula"
    assert "447.214" in v["answer"]["detail"]
    assert _steps(v)[1] == ("correct", None)  # 60 / 75 = 0.8 holds
    assert _steps(v)[2] == ("incorrect", "formula") and v["first_error"] == 2


def test_own_values_reproduce_the_answer_so_a_patient_value_is_wrong():
    trace = "The patient's weight is 80 kg and height is 175 cm. BMI = 80 / (1.75 * 1.75) = 26.1 kg/m^2."
    v = verify(trace, calculator="bmi", reference={"answer": 22.9}).to_dict()
    assert v["answer"]["cause"] == "extraction"
    assert "weight 80 kg" in v["answer"]["detail"]


def test_computed_the_right_value_then_answered_another():
    trace = "The patient's weight is 70 kg and height is 175 cm. BMI = 70 / (1.75 * 1.75) = 22.86 kg/m^2. Answer: 30"
    v = verify(trace, calculator="bmi", reference={"answer": 22.86}).to_dict()
    assert v["answer"]["cause"] == "answer"
    assert v["first_error"] == len(v["steps"]) - 1


def test_an_arithmetic_slip_is_the_cause_when_a_step_already_shows_it():
    trace = "The patient's weight is 70 kg and height is 175 cm. BMI = 70 / (1.75 * 1.75) = 25.3 kg/m^2."
    v = verify(trace, calculator="bmi", reference={"answer": 22.86}).to_dict()
    assert v["answer"]["cause"] == "arithmetic"


def test_correct_answer_has_no_cause():
    trace = "The patient's weight is 70 kg and height is 175 cm. BMI = 70 / (1.75 * 1.75) = 22.86 kg/m^2."
    v = verify(trace, calculator="bmi", reference={"answer": 22.86}).to_dict()
    assert v["answer"]["correct"] is True and v["answer"]["cause"] is None


def test_without_reference_or_entities_the_trace_values_give_the_expected_answer():
    ok = "The patient's weight is 70 kg and height is 175 cm. BMI = 70 / (1.75 * 1.75) = 22.86 kg/m^2."
    v = verify(ok, calculator="bmi").to_dict()
    assert v["answer"]["source"] == "trace" and v["answer"]["correct"] is True
    bad = "The patient's weight is 70 kg and height is 175 cm. BMI = 70 / 1.75 = 40 kg/m^2."
    v = verify(bad, calculator="bmi").to_dict()
    assert v["answer"]["source"] == "trace" and v["answer"]["correct"] is False and v["answer"]["cause"] == "formula"


def test_scores_do_not_recompute_from_prose_criteria():
    # Criteria are not read from prose, so a score's answer is never judged against the trace's "own" values.
    trace = "The patient is 70 years old: +1. Hypertension: +1. The CHA2DS2-VASc score is 2."
    v = verify(trace, calculator="cha2ds2_vasc").to_dict()
    assert v["answer"]["source"] is None and v["answer"]["correct"] is None


def test_wrong_date_and_duration_answers_do_not_break_attribution():
    due = "The last menstrual period was 01/10/2021 and the cycle length is 28 days. 280 = 40 * 7. The due date is 10/17/2021."
    v = verify(due, calculator="estimated_due_date", reference={"answer": "10/17/2021"}).to_dict()
    assert v["answer"]["correct"] is True
    v = verify(due.replace("10/17/2021", "11/30/2021"), calculator="estimated_due_date", reference={"answer": "10/17/2021"}).to_dict()
    assert v["answer"]["correct"] is False
    ga = "The LMP was 01/10/2021 and today is 04/20/2021: 100 = 14 * 7 + 2 days. The gestational age is 14 weeks and 2 days."
    v = verify(ga, calculator="estimated_gestational_age", reference={"answer": "('14 weeks', '3 days')"}).to_dict()
    assert v["answer"]["correct"] is False


def test_points_found_when_lowercasing_changes_the_length():
    # "İ".lower() is two characters: offsets into the lowercased text would be off.
    from clinverify.verifier.criteria_read import read

    text = "İİİİ Hypertension: two points are added."
    (m,) = read(text)
    assert m.points == 2.0 and text[m.start : m.end].endswith("two points")


def test_a_value_copied_from_the_note_is_not_an_extraction_error():
    # The note's creatinine differs from the structured data (a second measurement): copying it
    # faithfully is not a misreading; naming head circumference "height" is.
    note = "Labs on admission: creatinine 2.1 mg/dL. Laboratory studies the next day show creatinine of 158.21 µmol/L. Head circumference 42.5 cm, length 83.8 cm."
    ent = {"creatinine": [2.1, "mg/dL"], "age": [60, "years"], "weight": [70, "kg"], "sex": "Male"}
    v = verify("Laboratory studies show creatinine of 158.21 µmol/L. Answer: 37.04", calculator="cockcroft_gault", patient_note=note, entities=ent).to_dict()
    assert v["steps"][0]["verdict"] == "correct" and "the note states" in v["steps"][0]["detail"]
    v = verify("Her creatinine is 3.4 mg/dL. Answer: 37.04", calculator="cockcroft_gault", patient_note=note, entities=ent).to_dict()
    assert v["steps"][0]["error"] == "extraction"
    v = verify("The height is 42.5 cm and the weight is 10.2 kg. Answer: 14.5", calculator="bmi", patient_note=note, entities={"height": [83.8, "cm"], "weight": [10.2, "kg"]}).to_dict()
    assert v["steps"][0]["error"] == "extraction"


def test_the_sex_a_rule_names_is_not_the_patients():
    # "1 if male, and 0.85 if female" names both options as the rule; "The patient's gender is female"
    # says the patient's: the trace's own values are complete and its coefficient is checked.
    from clinverify.calculators import get
    from clinverify.verifier.grounding import extract_inputs

    trace = ("CrCl = ((140 - age) * weight * (gender_coefficient)) / (serum creatinine * 72), where the gender_coefficient "
             "is 1 if male, and 0.85 if female.\nThe patient's gender is female, which means that the gender coefficient is {}.\n"
             "The patient is 25 years old. The concentration of creatinine is 0.53 mg/dL. The patient's weight is 48.5 kg.\n")
    assert extract_inputs(trace.format("0.85"), get("cockcroft_gault"))["sex"] == "female"
    assert "sex" not in extract_inputs(trace.split("\n")[0], get("cockcroft_gault"))
    v = verify(trace.format("1.0"), calculator="cockcroft_gault").to_dict()
    (s,) = [s for s in v["steps"] if s["error"] == "formula"]
    assert s["verdict"] == "incorrect" and "0.85" in s["detail"] and "gender is female" in s["text"]
