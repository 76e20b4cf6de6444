"""How real models write: each case is a form seen in real traces (paraphrased, with made-up
numbers), checked for the verdict a careful reader gives it: misreads that must not be flagged,
and errors that must be."""

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.calculators import get
from clinverify.verifier import claims, criteria_read, grounding, parameters, verify
from clinverify.verifier.claims import extract_claims


def steps(trace, **kw):
    return [(s["verdict"], s["error"]) for s in verify(trace, **kw).to_dict()["steps"]]


def checks(trace, **kw):
    """(kind, ok) of each check but the final answer's (a lone line's last number is read as its answer)."""
    return [(c.kind, c.ok) for s in verify(trace, **kw).steps for c in s.checks if c.kind != "answer"]


def flagged(trace, **kw):
    """Incorrect steps other than the final-answer check (the cases below give no answer)."""
    return [s for s in verify(trace, **kw).to_dict()["steps"] if s["verdict"] == "incorrect" and s["error"] != "answer"]


# --- misreads that must not be flagged ---------------------------------------------------

@pytest.mark.parametrize(
    "trace",
    [
        "MAP = (89 + 2×52) ÷ 3 = (89 + 104) ÷ 3 = 193 ÷ 3.",  # a chain ending in an unevaluated expression
        "3. Apply Fridericia: QTc = QT / (RR)^(1/3) = 330 / 0.706 ≈ 467.4 ms.",  # a symbolic left side
        "- 175 × 0.0907 × 0.418 ≈ 6.63",  # a list dash, not a minus sign
        "AG = Na – (Cl + HCO3) = 139 – (102 + 30) = 7 mEq/L.",  # an en dash as minus
        "The next period would be 10/11/2020 + 29 days = 11/09/2020.",  # date arithmetic, right
        "3 doses = 4000 mg × 3 = 12 000 mg.",  # digits grouped by a space
        "Hydromorphone 70 mg twice (140 mg total).",  # a derived total is not the patient's dose
        "Add 1.6 mEq/L to the measured sodium for every 100 mg/dL increase in glucose above 100 mg/dL.",  # a rate
        "1 mmol/L glucose = 18 mg/dL.",  # a unit identity
        "29 mg/dL ÷ 100 mg/dL × 1.6 mEq/L = 0.464 mEq/L.",  # a formula with several united operands
        "2.0 mL/kg/hr × 7.9 kg = 15.8 mL/hr.",  # a compound unit inside an expression
    ],
)
def test_real_forms_that_are_right_are_not_flagged(trace):
    assert not flagged(trace, calculator="mean_arterial_pressure", patient_note="BP 125/75; Na 139, Cl 102, HCO3 30.")


def test_a_unit_factor_in_a_sub_calculation_is_not_a_coefficient():
    note = "A 60-year-old man, 160 cm, 90 kg, creatinine 1.2 mg/dL."
    assert not flagged("The height in inches is 160 cm / 2.54 = 62.99 in.", calculator="cockcroft_gault", patient_note=note)


def test_a_product_of_rounded_operands_is_right_within_their_precision():
    # 1.2667 was rounded; (1.14/0.9)^-1.2 = 0.7530 and 1.2667^-1.2 = 0.7530: both within precision.
    assert not flagged("(1.2667)**-1.2 = 0.753.", calculator="ckd_epi_2021", patient_note="creatinine 1.14 mg/dL")
    # 3.01 (computed earlier, so it may stand for 3.0149) × 1.212 = 3.6481 ± 0.006: "3.66" is just
    # past that, a last-digit slip: minor (score 0.5), never a wrong formula.
    (s,) = flagged("175 × 0.0172 = 3.01. 3.01 × 1.212 = 3.66.", calculator="mdrd_gfr", patient_note="x")
    assert s["error"] == "rounding" and s["severity"] == "minor" and s["score"] == 0.5
    assert not flagged("175 × 0.0172 = 3.01. 3.01 × 1.212 = 3.655.", calculator="mdrd_gfr", patient_note="x")
    # A patient value or a constant is exact as written: the same slip on them is flagged.
    assert flagged("(0.7 * (4.0 - 3.1)) + 8.6 = 9.32", calculator="bmi", patient_note="x")
    # 3.0 × 1.212 = 3.636, written 3.65: off in the last digit, a minor slip (score 0.5).
    (s,) = flagged("3.000 × 1.212 = 3.65.", calculator="mdrd_gfr", patient_note="x")
    assert s["severity"] == "minor" and s["score"] == 0.5


# --- errors that must be flagged ---------------------------------------------------------

def test_unevaluated_chain_end_is_compared_as_an_expression():
    (s,) = flagged("MAP = (89 + 2×52) ÷ 3 = (89 + 104) ÷ 3 = 183 ÷ 3.", calculator="mean_arterial_pressure")
    assert s["error"] == "arithmetic"


def test_arithmetic_in_words_and_this():
    (s,) = flagged("Next, multiply 60 mg/day by 2.4, giving us 24.0 MME/day.", calculator="morphine_milligram_equivalents")
    assert s["error"] == "arithmetic" and "144" in s["detail"]
    out = steps("(1.14/0.9) = 1.2667. Raising this to the power of -0.411 gives approximately 0.707.", calculator="bmi")
    assert out == [("correct", None), ("incorrect", "arithmetic")]


def test_wrong_date_arithmetic():
    (s,) = flagged("Adding 280 days to 08/02/2010 gives us 05/16/2011.", calculator="estimated_due_date")
    assert s["error"] == "arithmetic" and "05/09/2011" in s["detail"]


def test_units_inside_expressions_are_read():
    (s,) = flagged("2/3 × 80.0 mm Hg + 1/3 × 140.0 mm Hg = 62.0 mm Hg", calculator="mean_arterial_pressure")
    assert s["error"] == "arithmetic" and "100" in s["detail"]


def test_superseded_version_when_the_question_names_the_current_one():
    q = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    trace = "GFR = 141 × min(Scr/κ,1)^α × max(Scr/κ,1)^-1.209 × 0.993^Age × 1.018."
    (s,) = flagged(trace, calculator="ckd_epi_2021", question=q)
    assert s["error"] == "formula" and "CKD-EPI 2009" in s["detail"]
    # No version named: the 2009 equation is a convention, reported and not an error.
    v = verify(trace, calculator="ckd_epi_2021").to_dict()
    assert v["steps"][0]["verdict"] == "correct" and v["steps"][0]["convention"] == "CKD-EPI 2009"


def test_mdrd_186_is_superseded_for_an_mdrd_question():
    # "The MDRD equation" is the IDMS-traceable 175 today; 186 was for uncalibrated creatinine.
    q = "Using the MDRD GFR equation, what is the patient's Glomerular Filtration Rate (GFR)?"
    (s,) = flagged("GFR = 186 × (Scr)^-1.154 × (Age)^-0.203 × 0.742.", calculator="mdrd_gfr", question=q)
    assert s["error"] == "formula" and "175" in s["detail"]
    assert flagged("GFR = 175 × (Scr)^-1.154 × (Age)^-0.203 × 0.742.", calculator="mdrd_gfr", question=q) == []


def test_calcium_by_its_symbol():
    ents = {"calcium": [7.2, "mg/dL"], "albumin": [3.2, "g/dL"]}
    (s,) = flagged("Measured Ca = 10.9 mg/dL, Albumin = 3.2 g/dL.", calculator="calcium_correction", entities=ents)
    assert s["error"] == "extraction" and "7.2" in s["detail"]
    assert flagged("Measured Ca = 7.2 mg/dL, Albumin = 3.2 g/dL.", calculator="calcium_correction", entities=ents) == []


def test_the_weight_a_cockcroft_gault_trace_says_it_uses_is_checked_against_the_rule():
    obese = {"age": [60, "years"], "sex": "Male", "weight": [110, "kg"], "height": [175, "cm"], "creatinine": [1.2, "mg/dL"]}
    (s,) = flagged("Since the BMI is 35.9, we use the actual body weight of 110 kg.", calculator="cockcroft_gault", entities=obese)
    assert s["error"] == "formula" and "adjusted body weight" in s["detail"]
    assert not flagged("Since the BMI is 35.9, we use the adjusted body weight.", calculator="cockcroft_gault", entities=obese)
    for text in ("We do not use the actual body weight.", "Should we use the actual body weight?", "We could use the actual weight."):
        assert not flagged(text, calculator="cockcroft_gault", entities=obese)
    lean = dict(obese, weight=[60, "kg"])  # BMI 19.6: the lesser of IBW (70.5 kg) and the actual weight
    assert not flagged("We use the actual body weight of 60 kg.", calculator="cockcroft_gault", entities=lean)
    (s,) = flagged("We use the ideal body weight.", calculator="cockcroft_gault", entities=lean)
    assert s["error"] == "formula" and "lesser" in s["detail"]


def test_a_normal_value_the_formula_counts_from_is_checked():
    ents = {"sodium": [139, "mmol/L"], "chloride": [102, "mmol/L"], "bicarbonate": [30, "mmol/L"], "albumin": [1.5, "g/dL"]}
    for text in ("Normal albumin ≈ 2.8 g/dL.", "Albumin is low at 1.5 g/dL (normal ≈ 5.8 g/dL).", "The normal anion gap is 20 mEq/L."):
        (s,) = flagged(text, calculator="albumin_corrected_delta_gap", entities=ents)
        assert s["error"] == "formula" and "counts from" in s["detail"]
    # The formula's own, a published convention (Figge's 4.4 g/dL, 44 g/L), a normal level, a range.
    for text in ("The normal albumin is 4 g/dL.", "Using a normal albumin of 4.4 g/dL.", "Normal albumin 44 g/L.", "A normal albumin is about 4.2 g/dL.",
                 "normal albumin 3.5-5.0 g/dL", "normal HCO3 is 24."):
        assert not flagged(text, calculator="albumin_corrected_delta_gap", entities=ents), text
    # In the thinking a normal value mused over is not read.
    assert not flagged("<think>Normal albumin maybe 2.8?</think>\nDone.", calculator="albumin_corrected_delta_gap", entities=ents)


def test_a_patient_value_put_into_the_formula_in_another_unit_is_a_unit_error():
    cg = {"age": [60, "years"], "sex": "Male", "weight": [70, "kg"], "creatinine": [1.1, "mg/dL"]}
    (s,) = flagged("CrCl = (140 - 60) × 70 / (72 × 97) = 0.8 mL/min.", calculator="cockcroft_gault", entities=cg)
    assert s["error"] == "unit_conversion" and "µmol/L (97)" in s["detail"]
    assert not flagged("Creatinine 97 µmol/L / 88.4 = 1.1 mg/dL.", calculator="cockcroft_gault", entities=cg)
    # Carried through a chain: reported where the unconverted value goes in.
    fib4 = {"age": [3, "years"], "AST": [87, "U/L"], "ALT": [104, "U/L"], "platelets": [101, "10^9/L"]}
    trace = ("Numerator: age × AST = 3 × 87 = 261.\nDenominator: 101 000 × √104 = 1 029 998.\n"
             "FIB-4 = 261 ÷ 1 029 998 ≈ 0.000253.")
    (s, *_) = flagged(trace, calculator="fib4", entities=fib4)
    assert s["error"] == "unit_conversion" and s["text"].startswith("Denominator") and "10^9/L (101)" in s["detail"]


def test_a_formula_in_a_list_of_labelled_items_and_drug_names_inside_brackets_are_read():
    trace = ("Serum sodium = 140 mEq/L, Serum glucose = 92 mg/dL, Correction formula: Na_corrected = Na_measured + 0.030 * "
             "(Glucose - 100), Apply formula: 140 + 0.024 * (92 - 100) = 139.808.")
    (s,) = flagged(trace, calculator="sodium_correction_hyperglycemia")
    assert s["error"] == "formula" and "0.016" in s["detail"]
    assert not flagged(trace.replace("0.030", "0.024"), calculator="sodium_correction_hyperglycemia")
    (s,) = flagged("152.535 mg hydrocortisone × (1 mg prednisolone / 3 mg hydrocortisone) = 38.13 mg prednisolone.",
                   calculator="steroid_conversion")
    assert s["error"] == "arithmetic" and "50.845" in s["detail"]


def test_days_within_one_month_and_a_cycle_length_written_as_an_adjective_are_read():
    (s,) = flagged("LMP 07/18/2023.\nJuly 18–31: 11 days", calculator="gestational_age")
    assert s["error"] == "arithmetic" and "13 days" in s["detail"]
    assert not flagged("LMP 07/18/2023.\nJuly 18–31: 13 days\nFebruary 1–9: 9 days", calculator="gestational_age")
    ents = {"Last menstrual date": "08/22/2014", "cycle length": [25, "days"]}
    (s,) = flagged("For a 30-day cycle, ovulation occurs 16 days after the LMP.", calculator="estimated_conception_date", entities=ents)
    assert s["error"] == "extraction" and "25" in s["detail"]
    # the 28-day cycle the rules count from is no patient value
    assert not flagged("Naegele's rule assumes a 28-day cycle.", calculator="estimated_conception_date", entities=ents)


def test_a_blood_pressure_in_a_score_without_one_is_checked_against_the_note():
    note = "Her history includes a previous stroke and uncontrolled hypertension (182/111). She is 59 years old."
    (s,) = flagged("Systolic BP 235 mmHg.", calculator="has_bled", patient_note=note)
    assert s["error"] == "extraction" and "182" in s["detail"]
    assert not flagged("The patient's systolic blood pressure is 182 mmHg.", calculator="has_bled", patient_note=note)
    assert not flagged("Target systolic BP 140 mmHg.", calculator="has_bled", patient_note=note)


def test_the_note_names_a_value_by_its_disorder():
    note = "A 15-month-old boy weighing 2.4 kg with hyponatremia of 130 mEq/L."
    (s,) = flagged("Sodium concentration is 95 mEq/L.", calculator="free_water_deficit", patient_note=note)
    assert s["error"] == "extraction" and "130" in s["detail"]
    assert not flagged("Sodium concentration is 130 mEq/L.", calculator="free_water_deficit", patient_note=note)


def test_stated_parameters_against_the_patient():
    ents = {"age": 38, "sex": "female", "creatinine": 8.9}
    (s,) = flagged("For this woman, κ = 0.9 and α = -0.241.", calculator="ckd_epi_2021", entities=ents)
    assert s["error"] == "formula" and "0.7" in s["detail"]
    assert not flagged("For this woman, κ = 0.7 and α = -0.241.", calculator="ckd_epi_2021", entities=ents)
    # Without patient data: from the trace's own values (a 15-month-old boy: TBW fraction 0.6).
    trace = ("The patient is 15 months old and male. The total body water percentage for a male infant is 0.75. "
             "The patient's weight is 2.4 kg. The sodium is 130 mEq/L.")
    bad = flagged(trace, calculator="free_water_deficit")
    assert [b["error"] for b in bad] == ["formula"] and "0.6" in bad[0]["detail"]


def test_per_item_factors_and_their_guidelines():
    bad = flagged("Hydromorphone: 1 mg = 2.5 mg morphine.", calculator="morphine_milligram_equivalents")
    assert bad and "5" in bad[0]["detail"]
    v = verify("Hydromorphone: 1 mg = 4 mg morphine.", calculator="morphine_milligram_equivalents").to_dict()
    assert v["steps"][0]["verdict"] == "correct" and v["steps"][0]["convention"] == "CDC 2016"


@pytest.mark.parametrize(
    ("calc", "text", "ok"),
    [
        ("heart_score", "Age > 65; +1 point.", False),  # HEART: ≥ 65 scores 2
        ("heart_score", "Age 45-64: +1", True),
        ("feverpain", "Patient's age is 31; +1 point.", False),  # age is not a FeverPAIN criterion
        ("wells_pe", "History of heart failure; add 1.", False),  # nor heart failure in Wells' PE
        ("child_pugh", "Bilirubin 1.9 mg/dL (1.2–2.0) → 2 points", False),  # < 2 mg/dL scores 1
        ("child_pugh", "Albumin 3.1 g/dL → 2 points", True),
        ("cha2ds2_vasc", "The patient's gender is female, which does not add any points to the score.", False),
        ("feverpain", "No purulent tonsils; +1 point.", False),
        ("feverpain", "Symptom onset is >3 days; +1 point.", False),
        ("feverpain", "Symptom onset ≤3 days; +1 point.", True),
        ("has_bled", "Alcohol: 3 drinks/week (>2) → +1", False),
        ("charlson_comorbidity_index", "Diabetes uncomplicated = 1 point", True),
    ],
)
def test_criteria_read_from_prose_without_patient_data(calc, text, ok):
    c = get(calc)
    verdicts = [criteria_read.check(m, c, None, None) for m in criteria_read.read(text)]
    verdicts = [v for v in verdicts if v is not None]
    assert verdicts and all(v.ok is ok for v in verdicts), verdicts


def test_criteria_against_the_patient_data():
    ents = {"age": 70, "sex": "male", "hypertension": False, "chf": True}
    out = flagged("Hypertension: +1. Congestive heart failure: +1.", calculator="cha2ds2_vasc", entities=ents)
    assert len(out) == 1 and "Hypertension" in out[0]["detail"]
    # The score's items listed with their points are the rule, not this patient.
    assert not flagged("The criteria: - Stroke/TIA (2 points) - Vascular disease (1 point)", calculator="cha2ds2_vasc", entities=ents)


def test_totals_and_rules_are_not_criteria():
    c = get("wells_dvt")
    text = "At least one of the issues must be true for this criteria to be met for the score to increase by 1. The total score is 3 points."
    assert all(criteria_read.check(m, c, None, None) is None for m in criteria_read.read(text))


# --- bounded work on untrusted text ------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("0123456789 .,:;+-=→()/%×^abcdeghilmnoprstuvxyκα°µ|*\n")), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["heart_score", "ckd_epi_2021", "morphine_milligram_equivalents", "feverpain", "free_water_deficit"]))
def test_new_readers_never_raise(text, calc):
    c = get(calc)
    for m in criteria_read.read(text):
        criteria_read.check(m, c, None, None)
    for before in (text, "| Item | Patient | Points |\n|---|---|---|\n" + text):
        for line in text.split("\n"):
            m = criteria_read.headed(line, len(before), before + line, c)
            if m is not None:
                criteria_read.check(m, c, None, None)
    parameters.read_parameters(text, 0, c)
    parameters.read_factors(text, 0, c)
    parameters.version_in(text, c, frozenset())
    extract_claims(text)
    lines = [(k, line) for k, line in enumerate(text.split("\n"))]
    criteria_read.scores_patient(lines, text, c)
    for _, line in lines:
        criteria_read.bare_tally(line, 0, c)
    for pos in range(0, len(text), 7):
        claims.table_header_cell(text, pos)
    verify(text, calculator=calc, patient_note=text)  # the note readers (lists of findings, amounts before a name) on the same text


@pytest.mark.parametrize(
    "trace",
    [
        "Age 72: +1; " * 8000,
        "multiply 2 by 3 giving 6. " * 7000,
        "κ = 0.7 and α = -0.241. " * 8000,
        "Hydromorphone: 1 mg = 4 mg morphine. " * 5000,
        "08/02/2010 + 280 days = 05/09/2011. " * 5000,
        "+1 " * 60000,
        "| Criterion | Patient | Points |\n|---|---|---|\n" + "| Hypertension | Yes | 1 |\n" * 8000,
        "<think>" + "- Hypertension: yes. So 1. Age 0 (<55). " * 5000,
        "Calculating the score for this patient.\n" + "- Diabetes: 0 points\n2. Hypertension — 1\n| INR | 1.2 |\n" * 4000,
    ],
    ids=["points", "words", "parameters", "factors", "dates", "plus", "table", "bare points", "tally"],
)
def test_new_readers_are_bounded_on_long_input(trace):
    t0 = time.perf_counter()
    for calc in ("cha2ds2_vasc", "ckd_epi_2021", "morphine_milligram_equivalents"):
        verify(trace[:200_000], calculator=calc)
    assert time.perf_counter() - t0 < 60  # typical: a few seconds; ten times that on a loaded machine


def test_a_restated_value_must_agree_with_where_it_was_computed():
    (s,) = flagged("MAP = (2 × 70 + 116) / 3 = 85.3 mmHg. Therefore the MAP is 87.3 mmHg.", calculator="mean_arterial_pressure")
    assert s["error"] == "arithmetic" and "85.33" in s["detail"]
    assert not flagged("MAP = (2 × 70 + 116) / 3 = 85.3 mmHg. Therefore the MAP is 85.3 mmHg.", calculator="mean_arterial_pressure")


def test_a_rule_stated_with_other_rates_is_a_formula_error():
    (s,) = flagged("The usual adult rule is 25 mL per kilogram of body weight per day.", calculator="maintenance_fluids")
    assert s["error"] == "formula" and "4-2-1" in s["detail"]
    assert not flagged("4 mL/kg/hr for the first 10 kg, 2 mL/kg/hr for the next 10 kg, 1 mL/kg/hr above 20 kg.", calculator="maintenance_fluids")


def test_dose_equivalences_are_checked_by_their_ratio():
    assert not flagged("0.75 mg dexamethasone is equivalent to 5 mg prednisone.", calculator="steroid_conversion")
    (s,) = flagged("20 mg hydrocortisone = 4 mg dexamethasone.", calculator="steroid_conversion")
    assert s["error"] == "formula" and "0.75" in s["detail"]


def test_ibw_variants_are_conventions():
    ents = {"age": 37, "sex": "female", "weight": 90, "height": 160, "creatinine": 1.0}
    v = verify("The ideal body weight is 57.2 kg (Miller).", calculator="cockcroft_gault", entities=ents, answer=82).to_dict()
    assert v["steps"][0]["verdict"] == "correct" and v["steps"][0]["convention"] == "Miller IBW"
    (s,) = flagged("The ideal body weight is 61.0 kg.", calculator="cockcroft_gault", entities=ents)
    assert s["error"] == "formula" and "52.38" in s["detail"]


def test_another_definition_the_calculator_offers_is_a_convention():
    # MedCalc-Bench's delta gap (AG − 12) beside the default Wrenn definition: no formula flag.
    trace = ("The sodium is 140 mEq/L, the chloride is 90 mEq/L and the bicarbonate is 15 mEq/L. "
             "The anion gap = 140 - (90 + 15) = 35 mEq/L. The delta gap is 35 - 12 = 23 mEq/L. Answer: 23")
    v = verify(trace, calculator="delta_gap", reference={"answer": 14}).to_dict()
    assert not [s for s in v["steps"] if s["verdict"] == "incorrect" and s["error"] == "formula"]
    assert "convention" in v["answer"]["detail"] and "anion_gap_excess" in v["answer"]["detail"]


def test_a_patient_finding_taken_otherwise_is_no_convention():
    # Child-Pugh with the patient data: the trace scores ascites "slight" (2) where the data give none
    # (absent, 1): its 9 is a wrong answer, not "Child-Pugh with ascites slight (a convention)".
    ents = {"Bilirubin": [1.9, "mg/dL"], "international normalized ratio": 1.6, "Albumin": [3.3, "g/dL"], "Encephalopathy": "Grade 3-4"}
    trace = ("Bilirubin 1.9 mg/dL: 1 point. Albumin 3.3 g/dL: 2 points. INR 1.6: 1 point. Ascites slight: 2 points. "
             "Encephalopathy grade 3-4: 3 points. Total = 1 + 2 + 1 + 2 + 3 = 9. The Child-Pugh score is 9.")
    v = verify(trace, calculator="child_pugh", entities=ents)
    assert v.answer.correct is False and "convention" not in (v.answer.detail or "")


def test_a_conversion_in_a_list_item_with_its_label_in_bold():
    # "- **Creatinine:** 150 µmol/L → 1.96 mg/dL": the analyte is the bold label's (150 / 88.4 = 1.70).
    for line in ("- **Creatinine:** 150 µmol/L → 1.96 mg/dL", "* **Serum creatinine:** 150 µmol/L ≈ 1.96 mg/dL", "- **BUN:** 10 mmol/L = 32 mg/dL"):
        v = verify(line, calculator="fena")
        assert [c for s in v.steps for c in s.checks if c.kind == "unit_conversion" and c.ok is False], line
    right = verify("- **Creatinine:** 150 µmol/L → 1.70 mg/dL", calculator="fena")
    assert not [c for s in right.steps for c in s.checks if c.ok is False]


# --- criteria named in other words, totals that leave a criterion out ----------------------

def test_abbreviations_and_history_name_the_criterion():
    calc = get("wells_pe")
    crit, _ = criteria_read.criterion_named(calc, "The patient has a history of recurrent deep vein thromboses")
    assert crit.key == "previous_pe_dvt_points"
    crit, _ = criteria_read.criterion_named(calc, "Hx of DVT")
    assert crit.key == "previous_pe_dvt_points"
    crit, _ = criteria_read.criterion_named(get("cha2ds2_vasc"), "CHF")
    assert crit is not None and "heart failure" in crit.label.lower()


def test_points_a_criterion_of_several_findings_cannot_give():
    # Previous PE or DVT gives 0 or 1.5 (never 1); the finding is named in the clause before "which".
    (s,) = flagged("The patient has a history of deep vein thrombosis (DVT), which adds 1 point, bringing the score to 1.",
                   calculator="wells_pe")
    assert s["error"] == "criterion" and "1.5" in s["detail"]


def test_charlson_weights_are_points():
    (m,) = criteria_read.read("- Congestive heart failure – weight 1")
    assert m.points == 1 and "heart failure" in m.phrase.lower()


def test_a_wrong_total_is_flagged_where_it_is_written():
    # CHA2DS2-VASc for a 70-year-old woman with hypertension: age 1 + sex 1 + hypertension 1 = 3.
    trace = "1. Hypertension is present.\n2. Female sex.\n3. Sum: 1 + 1 = 2.\n4. The CHA2DS2-VASc score is 2."
    ents = {"age": [70, "years"], "sex": "Female", "hypertension": True}
    v = verify(trace, calculator="cha2ds2_vasc", entities=ents, answer=2).to_dict()
    bad = [s for s in v["steps"] if s["verdict"] == "incorrect"]
    assert [(s["index"], s["error"]) for s in bad] == [(2, "criterion"), (3, "answer")] and "not this patient's" in bad[0]["detail"]
    assert v["first_error"] == 2
    assert v["answer"]["cause"] == "criterion"
    # The same total, right for the patient: nothing flagged.
    v = verify(trace.replace("1 + 1 = 2", "1 + 1 + 1 = 3").replace("is 2", "is 3"), calculator="cha2ds2_vasc", entities=ents, answer=3)
    assert v.first_error is None


def test_an_answer_given_apart_is_checked_where_the_trace_writes_it():
    trace = "MAP = 2/3 × 80 + 1/3 × 120 = 93.3 mm Hg.\nThe mean arterial pressure is 110 mm Hg."
    v = verify(trace, calculator="mean_arterial_pressure", entities={"Diastolic Blood Pressure": [80, "mm Hg"], "Systolic Blood Pressure": [120, "mm Hg"]}, answer=110).to_dict()
    assert [(s["index"], s["error"]) for s in v["steps"] if s["verdict"] == "incorrect"] == [(1, "answer")]


def test_an_answer_under_another_version_the_calculator_offers_is_a_convention():
    # Hydromorphone 70 mg twice a day: 560 MME/day by the CDC 2016 factor 4, 700 by CDC 2022's 5.
    ents = {"HYDROmorphone Dose": [70, "mg"], "HYDROmorphone Dose Per Day": [2, "per day"]}
    v = verify("70 mg × 2 × 4 = 560 MME/day.\nAnswer: 560", calculator="morphine_milligram_equivalents", entities=ents).to_dict()
    assert v["answer"]["correct"] is True and "cdc2016" in v["answer"]["detail"]
    assert v["first_error"] is None


def test_thinking_estimates_iso_dates_and_running_sums():
    # "≈" in thinking is an estimate (within half a percent); an explanation is held to its digits.
    v = verify("<think>So (0.35294)^(1/3) ≈ 0.704.</think>\nQTc = 1.", calculator="qtc_fridericia").to_dict()
    assert v["steps"][0]["verdict"] == "correct"
    (s,) = flagged("The cube root: (0.35294)^(1/3) ≈ 0.704.", calculator="qtc_fridericia")
    assert s["severity"] == "minor"
    # ISO dates are not subtraction; a running sum continues after the sentence's end.
    (s,) = verify("So 2017-03-24 + 280 days = 2017-12-29.", calculator="estimated_due_date").to_dict()["steps"]
    assert s["verdict"] == "correct" and s["detail"] == "03/24/2017 + 280 days = 12/29/2017"
    assert flagged("Wait we subtracted 85 days from 2018-03-24 to get 2017-12-29.", calculator="estimated_due_date") == []
    assert flagged("Let's sum: 26+31=57. +30=87. +31=118.") == []


def test_large_points_and_numbered_items():
    # A score whose items give more than 15 points (HScore's temperature: 49) is checked too.
    v = verify("Temperature 39.6 °C: +33 points.", calculator="hscore").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect" and "49" in v["steps"][0]["detail"]
    # "item 3" names item 3 of a questionnaire, not whichever item comes first.
    crit, _ = criteria_read.criterion_named(get("phq_9"), "item 3")
    assert crit.key == "sleep_points"


def test_patient_values_notes_write_in_fixed_forms():
    note = "A 67-year-old man. BP 116/70 mmHg, HR 88."
    (s,) = flagged("The diastolic blood pressure is 44 mm Hg.", calculator="mean_arterial_pressure", patient_note=note)
    assert s["error"] == "extraction" and "70" in s["detail"]
    (s,) = flagged("The patient is 41 years old.", calculator="cockcroft_gault", patient_note=note)
    assert s["error"] == "extraction" and "67" in s["detail"]
    assert flagged("The systolic blood pressure is 116 mmHg and the patient is 67 years old.", calculator="mean_arterial_pressure", patient_note=note) == []


def test_a_rewrite_under_the_same_name_keeps_its_value():
    out = steps("BSA = sqrt((125 * 173) / 3600).\nBSA = sqrt(21625 / 2282).\nBSA = 2.45 m².", calculator="body_surface_area")
    assert out == [("neutral", None), ("incorrect", "arithmetic"), ("correct", None)]
    # Instructions ("Multiply:") name no quantity: successive ones are different computations.
    assert flagged("4. Multiply: 0.9 × 0.0503.\n5. Multiply: 175 × 0.0453 × 0.513.", calculator="mdrd_gfr") == []


def test_points_taken_away_are_negative():
    (m,) = criteria_read.read("Because the patient is female, we subtract 10 points from the current total.")
    assert m.points == -10


def test_last_digit_slips_in_thinking_are_estimates():
    v = verify("<think>Let's approximate: 0.71^3 = 0.357; 0.72^3 = 0.45.</think>\nQTc = 1.", calculator="qtc_fridericia").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect" and "0.3732" in v["steps"][0]["detail"]  # 0.72^3 = 0.373: a real error
    v = verify("<think>Let's approximate: 0.71^3 = 0.357.</think>\nQTc = 1.", calculator="qtc_fridericia").to_dict()
    assert v["steps"][0]["verdict"] == "correct"


def test_a_criterion_left_out_beside_a_misjudged_one_is_flagged_at_the_total():
    # Charlson for a 75-year-old with heart failure and dementia: age 3 + 1 + 1 = 5. The trace
    # scores COPD she does not have (one step wrong) and never gives the age points: the sum is
    # flagged too, naming what the wrong step does not explain.
    ents = {"age": [75, "years"], "congestive_heart_failure": True, "dementia": True, "copd": False}
    trace = ("- Congestive heart failure – weight 1\n- Dementia – weight 1\n- COPD – weight 1\n"
             "Sum: 1 + 1 + 1 = 3.\nThe Charlson Comorbidity Index is 3.")
    v = verify(trace, calculator="charlson_comorbidity_index", entities=ents, answer=3).to_dict()
    bad = [(s["index"], s["error"]) for s in v["steps"] if s["verdict"] == "incorrect"]
    assert bad == [(2, "criterion"), (3, "criterion"), (4, "answer")]
    assert "left out: Age (3)" in v["steps"][3]["detail"] and v["first_error"] == 2
    # The age named with its points (however wrongly): not "left out".
    v = verify(trace.replace("- COPD", "- Age 75 – weight 2\n- COPD").replace("1 + 1 + 1 = 3", "2 + 1 + 1 + 1 = 5"),
               calculator="charlson_comorbidity_index", entities=ents, answer=5).to_dict()
    assert not any("left out" in (s["detail"] or "") for s in v["steps"])


def test_a_criterion_of_clinical_judgement_is_the_traces_call():
    # HEART "History" is the clinician's grading of suspicion: any of 0, 1, 2 is the trace's call,
    # read from the label that opens the clause; points it cannot give are still wrong.
    ents = {"history": "slightly suspicious"}
    assert flagged("History: pleuritic pain, not typical of angina → 2 points.", calculator="heart_score", entities=ents) == []
    (s,) = flagged("History: pleuritic pain, not typical of angina → 3 points.", calculator="heart_score", entities=ents)
    assert s["error"] == "criterion" and "never 3" in s["detail"]
    crit, _ = criteria_read.criterion_named(get("heart_score"), "History: pleuritic pain, not typical of angina")
    assert crit.key == "history_points"


def test_a_conversion_factor_written_dose_first_is_checked():
    # "1 mg <drug> = N mg morphine / MME" states the drug's MME factor as much as "drug: 1 mg = N".
    calc = "morphine_milligram_equivalents"
    (s,) = flagged("1 mg hydromorphone = 2.5 mg morphine.", calculator=calc)
    assert s["error"] == "formula" and "5 or 4, not 2.5" in s["detail"]
    assert flagged("1 mg of oral oxycodone ≈ 1.5 MME.", calculator=calc) == []
    (s,) = flagged("1 mg buccal fentanyl = 2.4 MME.", calculator=calc)  # 0.13 MME per µg: 130 per mg
    assert "130" in s["detail"]
    # A patch alone: "1 mg" is loose for one unit of its µg/hr strength.
    assert flagged("1 mg of fentanyl patch equals 2.4 MME.", calculator=calc) == []
    # The same wrong factor stated again is reported once, where first stated.
    assert len(flagged("1 mg hydromorphone = 2.5 mg morphine.\nSo 1 mg hydromorphone = 2.5 mg morphine.", calculator=calc)) == 1


def test_a_wrong_formula_or_criterion_restated_is_reported_once_per_part():
    # Thinking that states the same wrong formula four times makes one error, not four; the
    # explanation that repeats it after the thinking is reported again (a separate part).
    wrong = "Framingham formula: QTc = QT / sqrt(RR/1000)."
    kw = dict(calculator="qtc_framingham", entities={"QT interval": [400, "msec"], "Heart Rate or Pulse": [75, "beats per minute"]})
    v = verify(f"<think>{wrong} Wait: {wrong} So {wrong}</think>\n{wrong}", **kw).to_dict()
    bad = [s for s in v["steps"] if s["verdict"] == "incorrect" and s["error"] == "formula"]
    assert len(bad) == 2 and bad[0].get("thinking") and not bad[1].get("thinking")


def test_points_under_a_criterions_input_name_and_units_in_brackets_are_not_misread():
    # "So Age = 1" in a score: the age criterion's points, not an age of 1.
    assert flagged("So Age = 1.", calculator="heart_score", entities={"age": [47, "years"]}) == []
    (s,) = flagged("Age = 52.", calculator="heart_score", entities={"age": [47, "years"]})
    assert s["error"] == "extraction"
    # A unit in brackets after the quantity's name is not part of the formula.
    assert flagged("MDRD equation: eGFR (mL/min/1.73 m²) = 175 × (Scr)^-1.154 × (Age)^-0.203 × (0.742 if female).",
                   calculator="mdrd_gfr") == []


def test_a_criterion_given_points_under_a_limit_other_than_its_own_is_flagged():
    # FeverPAIN's "attend rapidly" is onset within 3 days: "< 7 days" is another rule.
    (s,) = flagged("Symptom onset < 7 days; +1 point.", calculator="feverpain")
    assert s["error"] == "criterion" and "≤ 3 days" in s["detail"]
    assert flagged("Symptom onset < 4 days; +1 point.", calculator="feverpain") == []  # whole days: the same limit


def test_another_versions_answer_is_wrong_when_the_question_names_the_calculators_own():
    # 60-year-old woman, creatinine 1.2 mg/dL: CKD-EPI 2021 gives 51.8, the 2009 equation 49.1.
    ents = {"age": [60, "years"], "sex": "Female", "creatinine": [1.2, "mg/dL"]}
    kw = dict(calculator="ckd_epi_2021", entities=ents, answer=49.1)
    assert verify("GFR ≈ 49.1 mL/min/1.73 m².", question="What is the patient's GFR?", **kw).answer.correct is True
    asked = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    assert verify("GFR ≈ 49.1 mL/min/1.73 m².", question=asked, **kw).answer.correct is False


def test_patient_values_read_by_their_other_names_and_note_forms():
    note = "A 62-year-old man. BP 116/70 mmHg, pulse is 120/min, Na 140, Cl 90, HCO3- 15."
    # An abbreviation names the input ("Na"), and the note's own name for it ("pulse") is searched.
    (s,) = flagged("Given that Na = 222, Cl = 90 and HCO3- = 15.", calculator="anion_gap", patient_note=note)
    assert s["error"] == "extraction" and "140" in s["detail"]
    (s,) = flagged("The patient's heart rate is 97 beats per minute.", calculator="perc_rule", patient_note=note)
    assert "120" in s["detail"]
    # A blood-pressure pair in the trace is the systolic and diastolic values; an age is checked
    # against the note even where the calculator takes no age.
    (s,) = flagged("The patient's blood pressure is given as 98/70 mmHg.", calculator="mean_arterial_pressure", patient_note=note)
    assert s["error"] == "extraction"
    assert flagged("The patient's blood pressure is given as 116/70 mmHg.", calculator="mean_arterial_pressure", patient_note=note) == []
    (s,) = flagged("The patient is a 42-year-old male.", calculator="wells_pe", patient_note=note)
    assert s["error"] == "extraction" and "62" in s["detail"]
    assert flagged("The patient is a 62-year-old male. Target BP < 140/90 mmHg.", calculator="wells_pe", patient_note=note) == []


def test_a_conversion_in_brackets_is_checked():
    (s,) = flagged("Her temperature is 121.3°F (39°C).", calculator="feverpain")
    assert s["error"] == "unit_conversion"
    assert flagged("Creatinine 1.2 mg/dL (106 µmol/L); weight 154 lb (70 kg).", calculator="cockcroft_gault") == []
    assert flagged("Fever > 38 °C (100.4 °F): +1 point.", calculator="feverpain") == []  # a threshold with its conversion


def test_a_formula_written_with_its_conditional_factors_is_checked():
    # "(0.742 if female) × (1.212 if African American)": the factors as for a patient they apply to.
    mdrd = "MDRD equation: GFR = 175 × (Scr)^-1.154 × (Age)^-0.203 × (0.742 if female) × (1.212 if African American)."
    assert flagged(mdrd, calculator="mdrd_gfr") == []
    (s,) = flagged(mdrd.replace("1.212 if", "1.015 if"), calculator="mdrd_gfr")
    assert s["error"] == "formula"
    # Written for one patient (no sex or race factor): right for some choice of them; a wrong
    # exponent is wrong for every choice.
    assert flagged("eGFR = 175 × Scr^-1.154 × Age^-0.203.", calculator="mdrd_gfr") == []
    (s,) = flagged("eGFR = 175 × Scr^-0.975 × Age^-0.203.", calculator="mdrd_gfr")
    assert "for any" in s["detail"]


def test_unit_facts_written_in_a_step_are_checked_with_the_unit_layer():
    (s,) = flagged("0.005 g Serum Creatinine * 1516.1 mg/g = 5.0 mg Serum Creatinine.", calculator="anion_gap")
    assert s["error"] == "unit_conversion" and "1000" in s["detail"]
    (s,) = flagged("The compound, sodium, has a valence of 2.", calculator="anion_gap")
    assert "valence of sodium is 1" in s["detail"]
    assert flagged("The compound, sodium, has a valence of 1; 104.0 mmol * 1 mEq/mmol = 104.0 mEq.", calculator="anion_gap") == []
    # A concentration is a patient value, not a unit's factor: still read and checked as one.
    assert [(c.kind, c.unit) for c in extract_claims("Albumin 35 g/L.")] == [("quantity", "g/L")]


def test_an_option_names_its_criterion_and_a_value_is_read_before_its_band():
    # "Female; +3": the one-word option of the sex criterion names it; it gives 0 or 1.
    (s,) = flagged("Female; +3 points.", calculator="cha2ds2_vasc")
    assert "never 3" in s["detail"]
    # "2.0 mg/dL falls in the 1.2–2.0 mg/dL range": the patient's value, then a (wrong) band.
    (s,) = flagged("4. Bilirubin: 2.0 mg/dL falls in 1.2–2.0 mg/dL range → 3 points.", calculator="child_pugh")
    assert "scores 2" in s["detail"]
    assert flagged("4. Bilirubin: 2.0 mg/dL falls in 1.2–2.0 mg/dL range → 2 points.", calculator="child_pugh") == []


def test_a_point_in_words_and_distinct_findings_with_the_same_misjudgement():
    # "adding another point" gives 1 point; "we do not add a point" gives none.
    (s,) = flagged("The patient has atrial fibrillation, adding another point.", calculator="wells_pe")
    assert s["error"] == "criterion"
    assert criteria_read.read("Hence, we do not add a point, keeping the score at 1.") == []
    # Two findings in the explanation with the same wrong points are two errors, not one restated.
    trace = ("The patient has a history of DVT, which adds 1 point.\n"
             "The patient has a history of pulmonary embolism, which adds 1 point.")
    assert len(flagged(trace, calculator="wells_pe")) == 2


def test_a_finding_assumed_absent_meets_a_criterion_that_is_an_absence():
    (s,) = flagged("Cough is not mentioned, assume absent, score remains 1.", calculator="centor_mcisaac")
    assert "is met" in s["detail"]
    assert flagged("Cough is not mentioned, so we cannot tell; score remains 1.", calculator="centor_mcisaac") == []


def test_the_cycle_shift_of_a_date_from_the_last_period_is_checked():
    (s,) = flagged("Cycle length 22 days, add 6 days.", calculator="estimated_due_date")
    assert s["error"] == "formula" and "subtract 6 days" in s["detail"]
    assert flagged("Her cycle is 30 days, so we add 2 days.", calculator="estimated_conception_date") == []
    assert flagged("The cycle length is 28 days, so add 280 days.", calculator="estimated_due_date") == []


def test_a_maintenance_fluid_rule_statement_is_checked_band_by_band():
    ok = "The formula for the maintenance fluid is 60 mL/hr + 1 mL/kg/hr * (weight (in kilograms) - 20 kilograms)."
    assert flagged(ok, calculator="maintenance_fluids") == []
    (s,) = flagged(ok.replace("- 20 kilograms", "- 10 kilograms"), calculator="maintenance_fluids")
    assert s["error"] == "formula"
    assert flagged("Maintenance fluid = 1500 mL + 20 mL/kg × (weight − 20).", calculator="maintenance_fluids") == []
    # Rules about when a point is given are not points given.
    assert [m.points for m in criteria_read.read("By the rule, a point should not be given, and so the score remains unchanged.")] == [0]
    assert criteria_read.read("A stroke must be present in the patient for a point to be added to the current total.") == []


def test_a_json_answer_drafted_inside_the_thinking_does_not_end_the_trace():
    # The model drafts its JSON in the thinking, then writes the explanation: every part is read.
    trace = ('<think>We need to produce JSON dict: {"step_by_step_thinking": "...", "answer": "4"}. '
             "Let's check again.</think>\nSum: 1 + 2 + 2 = 6.\nThe score is 6.")
    v = verify(trace).to_dict()
    assert any(s["verdict"] == "incorrect" and "1 + 2 + 2 = 5" in s["detail"] for s in v["steps"])
    # A JSON answer at the end is still read as the answer.
    v = verify('{"step_by_step_thinking": "2 + 2 = 4", "answer": "4"}').to_dict()
    assert v["steps"][-1]["text"] == "4"


def test_a_version_the_trace_names_is_not_read_as_a_patient_value():
    from clinverify.calculators import get
    from clinverify.verifier.grounding import extract_inputs

    found = extract_inputs("Using the cdc2016 factors: hydromorphone dose 10 mg.", get("morphine_milligram_equivalents"))
    assert "guideline" not in found and found["hydromorphone_dose"] == [10.0, "mg"]


def test_the_ckd_epi_2021_equation_is_checked_as_stated_with_min_max_or_the_exponent_chosen():
    ok = "CKD-EPI 2021: eGFR = 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age × 1.012."
    assert flagged(ok, calculator="ckd_epi_2021") == []
    (s,) = flagged(ok.replace("−1.200", "−1.109"), calculator="ckd_epi_2021")
    assert s["error"] == "formula"
    template = "The formula for computing GFR is 142 x (Scr/A)**B x 0.9938**age x (gender_coeffcient), where Scr is in mg/dL."
    assert flagged(template, calculator="ckd_epi_2021") == []
    (s,) = flagged(template.replace("0.9938**age", "0.7202**age"), calculator="ckd_epi_2021")
    assert s["error"] == "formula"


def test_a_list_of_the_scores_components_naming_another_scores_criterion_is_a_wrong_formula():
    (s,) = flagged("The FeverPAIN score includes: (1) Fever ≥38 °C, (2) Purulent pharyngitis, (3) Exudates, and (4) Age >12 years.",
                   calculator="feverpain")
    assert s["error"] == "formula" and s["detail"].startswith("Age is not a criterion")
    assert flagged("The CHA2DS2-VASc criteria are: congestive heart failure, hypertension, age, diabetes, stroke, vascular disease, sex.",
                   calculator="cha2ds2_vasc") == []
    # A list that does not name the score (the patient's findings) is not its definition.
    assert flagged("The patient's features include: fever, age 70, atrial fibrillation.", calculator="feverpain") == []


def test_each_formula_of_a_step_in_semicolon_clauses_is_checked():
    trace = "Anion gap = Na - (Cl + HCO3-); Anion gap = 140 - (90 + 15) = 35 mEq/L; Delta gap = Lactic acid - Normal anion gap (12)."
    (s,) = flagged(trace, calculator="delta_gap")
    assert s["error"] == "formula" and "lactic acid" in s["detail"]


def test_a_running_total_stated_across_steps_must_add_the_points_given_since():
    trace = ("The Wells score starts at 0.\nThe patient has active cancer, which adds 1 point, bringing the score to 1.\n"
             "The heart rate is 120 beats per minute, which adds 1.5 points.\n"
             "There is no mention of previous PE or DVT, so we assume these are absent, keeping the score at 2.")
    (s,) = flagged(trace, calculator="wells_pe")
    assert s["error"] == "arithmetic" and "1 + 1.5 = 2.5, not 2" in s["detail"]
    assert flagged(trace.replace("at 2.", "at 2.5."), calculator="wells_pe") == []
    # A rule ("must be true for this criterion to be met") adds nothing to the patient's total.
    rule = ("The score is 0.\nAt least one of the issues must be true for this criterion to be met, +1.\n"
            "This is not the case, so the score remains at 0.")
    assert flagged(rule, calculator="wells_dvt") == []


def test_points_in_a_recital_of_the_rules_are_the_rule_not_this_patient():
    ents = {"hypertension": False, "age": [72, "years"]}
    ents = {**ents, "antiplatelet": False}
    said = "use of antiplatelet or NSAID drugs by this patient gives 1 point."
    assert flagged(said.capitalize(), calculator="has_bled", entities=ents)  # said of this patient: wrong
    assert flagged("The scoring: " + said, calculator="has_bled", entities=ents) == []  # the rule recited
    (s,) = flagged("The components are: Hypertension → 3 points.", calculator="has_bled", entities=ents)
    assert "never 3" in s["detail"]


# --- stop 24: exact addends, restatement chains, operand brackets, rates ------------------

NA_NOTE = "Sodium 140 mEq/L, glucose 92 mg/dL."


def test_an_exact_addend_does_not_hide_a_wrong_correction_term():
    # 140 + 0.028 × (92 − 100) = 139.776: the 140 is exact, so 139.808 is off by 14 % of the term.
    (s,) = flagged("Corrected Na = 140 + 0.028 * (92 - 100) = 140 + 0.024 * (-8) = 139.808 mEq/L.",
                   calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)
    assert s["error"] in ("arithmetic", "formula")  # (0.028 is no factor of the formula's either)
    assert not flagged("Corrected Na = 140 + 0.024 * (92 - 100) = 140 + 0.024 * (-8) = 139.808 mEq/L.",
                       calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)
    # "140.0" written with its zero decimal is as exact as "140".
    (s,) = flagged("Corrected Na = 140.0 + 0.034 * (92.0 - 100) = 140.0 + 0.024 * (-8.0) = 139.808 mEq/L.",
                   calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)
    assert s["error"] in ("arithmetic", "formula")
    assert not flagged("Corrected Na = 140.0 + 0.024 * (92.0 - 100) = 140.0 + 0.024 * (-8.0) = 139.808 mEq/L.",
                       calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)


@pytest.mark.parametrize(
    "trace",
    [
        "MAP = 70 + 1/3 * (116 - 70) = 70 + 1/3 * 46 = 70 + 15.33 = 85.33 mmHg.",  # a rounded operand on the stated side
        "(2/3 * 88) + (1/3 * 138) = 58.6667 + 46.0 = 104.6667 mmHg.",
        "MAP = (125 + 2*75)/3 = 275/3 = 91.666... mmHg.",  # exact arithmetic, digits cut after a repeat
    ],
)
def test_exact_arithmetic_allows_rounded_and_cut_digits(trace):
    assert not flagged(trace, calculator="mean_arterial_pressure", patient_note="BP 116/70.")


def test_formula_stated_after_a_colon_and_a_foreign_bracket_operand():
    (s,) = flagged("Calculate corrected sodium for high glucose: Measured Na + 0.038 * (Glucose - 100).",
                   calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)
    assert s["error"] == "formula"
    (s,) = flagged("Corrected Sodium (mEq/L) = Measured Sodium + 0.024 * (Serum Glucose - 100) + 0.016 * (Serum BUN).",
                   calculator="sodium_correction_hyperglycemia", patient_note=NA_NOTE)
    assert s["error"] == "formula" and "bun" in s["detail"]
    assert not flagged("Use the correction formula: Corrected Ca = Measured Ca + 0.8 × (4.0 – Albumin).",
                       calculator="calcium_correction", patient_note="Calcium 7.6 mg/dL, albumin 2.8 g/dL.")
    (s,) = flagged("Use the correction formula: Corrected Ca = Measured Ca + 1.1 × (4.0 – Albumin).",
                   calculator="calcium_correction", patient_note="Calcium 7.6 mg/dL, albumin 2.8 g/dL.")
    assert s["error"] == "formula"


def test_the_non_breaking_hyphen_reads_as_minus_and_the_step_keeps_its_text():
    trace = "eGFR = 175 × (Scr)^\u20111.154 × (Age)^\u20110.203 × (0.742 if female) × (1.410 if African American)"
    out = verify(trace, calculator="mdrd_gfr", patient_note="A 60-year-old woman, creatinine 1.2 mg/dL.").to_dict()["steps"]
    assert out[0]["verdict"] == "incorrect" and out[0]["error"] == "formula"
    assert out[0]["text"] == trace  # what the model wrote, not the reading copy


def test_a_rewrite_under_the_name_after_an_instruction_must_keep_its_value():
    note = "Weight 125 kg, height 173 cm."
    bad = flagged("Calculate: BSA = sqrt((125 * 173) / 3108).\nBSA = sqrt(21625 / 3600).\nBSA = sqrt(6.006944).",
                  calculator="body_surface_area", patient_note=note)
    assert bad and bad[0]["error"] == "arithmetic" and "just before" in bad[0]["detail"]
    assert not flagged("Calculate: BSA = sqrt((125 * 173) / 3600).\nBSA = sqrt(21625 / 3600).\nBSA = sqrt(6.006944).",
                       calculator="body_surface_area", patient_note=note)


def test_a_rate_in_a_three_part_unit_is_arithmetic_not_a_conversion():
    trace = "Apply 2.5 mEq/L per g/dL of albumin deficit: 2.5 g/dL × 2.5 mEq/L/g/dL = 6.25 mEq/L."
    assert not flagged(trace, calculator="albumin_corrected_anion_gap", patient_note="Albumin 1.5 g/dL.")


def test_urea_in_mg_dl_may_be_the_urea_nitrogen():
    s = verify("Urea: 21 mg/dL ≈ 7.5 mmol/L.", calculator="glasgow_blatchford", patient_note="BUN 21 mg/dL.").to_dict()["steps"][0]
    assert s["error"] != "unit_conversion"
    (s,) = flagged("Urea: 21 mg/dL ≈ 9.4 mmol/L.", calculator="glasgow_blatchford", patient_note="BUN 21 mg/dL.")
    assert s["error"] == "unit_conversion"


def test_a_bracket_value_carried_on_is_not_a_wrong_coefficient():
    assert not flagged("Compute the correction factor: (150/100) × 1.6 = 1.5 × 1.6 = 2.4 mEq/L.",
                       calculator="sodium_correction_hyperglycemia", patient_note="Sodium 130 mEq/L, glucose 250 mg/dL.")


def test_every_value_of_a_list_of_name_equals_value_is_read():
    note = "Labs: sodium 140 mEq/L, chloride 90 mEq/L, bicarbonate 15 mEq/L."
    (s,) = flagged("Given values: Na = 140 mEq/L, Cl = 131 mEq/L, HCO3- = 15 mEq/L.", calculator="anion_gap", patient_note=note)
    assert s["error"] == "extraction" and "131" in s["detail"]
    assert not flagged("Given values: Na = 140 mEq/L, Cl = 90 mEq/L, HCO3- = 15 mEq/L.", calculator="anion_gap", patient_note=note)


def test_thresholds_and_differences_are_not_patient_values():
    assert not flagged("2 points are added for age since the patient is older than 65 years, making the total 1 + 2 = 3.",
                       calculator="heart_score", patient_note="A 71-year-old man with chest pain.")
    assert not flagged("Now adjust for cycle length 25 days (3 days shorter).", calculator="estimated_due_date",
                       patient_note="LMP 08/02/2010, cycle length 25 days.")


def test_a_date_after_a_verb_of_result_is_the_result_not_the_base():
    trace = ("The last menstrual period was on 08/02/2010. The date after adding 40 weeks to this date is 05/16/2011. "
             "Therefore, the estimated due date is 05/16/2011.")
    bad = flagged(trace, calculator="estimated_due_date", patient_note="LMP 08/02/2010, cycle length 28 days.")
    assert bad and bad[0]["error"] == "arithmetic" and "05/09/2011" in bad[0]["detail"]
    assert not flagged(trace.replace("05/16/2011", "05/09/2011"), calculator="estimated_due_date",
                       patient_note="LMP 08/02/2010, cycle length 28 days.")


def test_a_parameter_stated_for_a_group_is_checked_without_the_patient_data():
    note = "A 15-month-old boy weighing 2.4 kg; sodium 130 mEq/L."
    (s,) = flagged("For infants, TBW is approximately 0.75 of body weight.", calculator="free_water_deficit", patient_note=note)
    assert s["error"] == "formula" and "0.6 for children" in s["detail"]
    assert not flagged("For infants, the total body water fraction is 0.6.", calculator="free_water_deficit", patient_note=note)
    woman = "A 50-year-old woman, creatinine 1.1 mg/dL."
    assert not flagged("For females, κ = 0.7 and α = -0.241; for males, κ = 0.9 and α = -0.302.", calculator="ckd_epi_2021", patient_note=woman)
    (s,) = flagged("For males, κ = 0.7 and α = -0.302.", calculator="ckd_epi_2021", patient_note=woman)
    assert "0.9 for men" in s["detail"]


def test_a_parameter_for_a_sex_and_an_age_group_and_a_value_named_as_a_value():
    # "For a male infant": the sex and the age group together fix the fraction (0.6 for children,
    # whatever the sex); "the … percentage value is" names the parameter as "is" does.
    (s,) = flagged("For a male infant, the total body water percentage value is 0.65.", calculator="free_water_deficit")
    assert s["error"] == "formula" and "0.6 for male children" in s["detail"]
    (s,) = flagged("For adult women, the total body water fraction used is 0.6.", calculator="free_water_deficit")
    assert "0.5 for" in s["detail"]
    assert not flagged("For adult women, the total body water fraction used is 0.5.", calculator="free_water_deficit")


def test_what_the_known_inputs_fix_does_not_depend_on_the_unknown_ones():
    from clinverify.calculators import get
    from clinverify.verifier.parameters import determined

    fixed = determined(get("ckd_epi_2021"), {}, "male")
    assert fixed["kappa"] == 0.9 and "egfr" not in fixed  # κ is fixed by the sex; the eGFR is not
    assert determined(get("free_water_deficit"), {"weight": 2.4}, "child")["tbw_fraction"] == 0.6


def test_another_definition_is_a_convention_on_the_traces_own_values_too():
    # No patient data: the expected value comes from the trace's own values. MedCalc-Bench's delta
    # gap (AG − 12) beside the calculator's default (Wrenn) is a convention, not a wrong answer.
    trace = ("Sodium 140 mEq/L, chloride 90 mEq/L, bicarbonate 15 mEq/L. Anion gap = 140 - (90 + 15) = 35 mEq/L. "
             "Delta gap = 35 - 12 = 23 mEq/L. Therefore, the patient's delta gap is 23 mEq/L.")
    v = verify(trace, calculator="delta_gap", patient_note="Na 140, Cl 90, HCO3 15.")
    assert v.answer.correct is True and not flagged(trace, calculator="delta_gap", patient_note="Na 140, Cl 90, HCO3 15.")
    bad = verify(trace.replace("is 23 mEq/L", "is 30 mEq/L"), calculator="delta_gap", patient_note="Na 140, Cl 90, HCO3 15.")
    assert bad.answer.correct is False


def test_wrenns_delta_gap_in_words_is_the_formula():
    assert not flagged("Delta gap = (measured anion gap - normal anion gap) - (serum bicarbonate deficit).",
                       calculator="delta_gap", patient_note="Na 140, Cl 90, HCO3 15.")
    (s,) = flagged("Delta gap = anion gap - normal anion gap + bicarbonate deficit.", calculator="delta_gap",
                   patient_note="Na 140, Cl 90, HCO3 15.")
    assert s["error"] == "formula"


def test_a_dose_ratio_applied_to_a_dose_is_neither_a_patient_value_nor_an_equivalence():
    trace = "Convert: 152.535 mg hydrocortisone * (1 mg prednisolone / 4 mg hydrocortisone) = 38.13375 mg prednisolone."
    assert not flagged(trace, calculator="steroid_conversion", patient_note="Hydrocortisone 152.535 mg daily.")
    (s,) = flagged("20 mg hydrocortisone is equivalent to 8 mg prednisolone.", calculator="steroid_conversion", patient_note="x")
    assert s["error"] == "formula"


def test_without_patient_data_a_finding_scored_by_its_rule_is_checked_against_the_rule():
    note = "A 70-year-old man with diabetes, heart failure and hypertension."
    out = verify("Diabetes mellitus; +1 point. Hypertension; +2 points.", calculator="cha2ds2_vasc", patient_note=note).to_dict()["steps"]
    assert out[0]["verdict"] == "correct"  # the note states diabetes (note_findings)
    assert out[1]["verdict"] == "incorrect"  # hypertension gives 0 or 1 points, never 2
    out = verify("Diabetes mellitus; +1 point.", calculator="cha2ds2_vasc", patient_note="A 70-year-old man.").to_dict()["steps"]
    assert out[0]["verdict"] == "correct" and "not checked without the patient data" in out[0]["detail"]
    # With the patient data the finding itself is judged.
    ents = {"age": 70, "sex": "male", "diabetes": False, "hypertension": True, "chf": True}
    out = verify("Diabetes mellitus; +1 point.", calculator="cha2ds2_vasc", patient_note=note, entities=ents).to_dict()["steps"]
    assert out[0]["verdict"] == "incorrect"


def test_a_recital_of_the_rules_is_checked_band_by_band():
    note = "A 72-year-old man with hypertension."
    ents = {"age": 72, "hypertension": True}
    out = verify("Child-Pugh scoring: - Encephalopathy: Grade 1-2 = 1 point, Grade 3-4 = 2 points.", calculator="child_pugh",
                 patient_note="Cirrhosis.").to_dict()["steps"]
    assert any(s["verdict"] == "incorrect" and s["error"] == "criterion" for s in out)  # grade 1-2 gives 2
    assert not flagged("The components are: - Hypertension = 1 - Age > 65 = 1 - Drugs = 1.", calculator="has_bled",
                       patient_note=note, entities=ents)  # "> 65" in completed years is 66: 1 point
    steps = verify("- Congestive heart failure (1 point)\n- Stroke/TIA history (2 points)", calculator="cha2ds2_vasc",
                   patient_note=note, entities={"age": 72, "sex": "male"}).to_dict()["steps"]
    assert steps[0]["verdict"] == "correct" and "the rule" in steps[0]["detail"]
    assert steps[1]["error"] != "criterion"  # (its last number reads as the fragment's final answer)


@pytest.mark.parametrize(
    "text, name, value, unit",
    [
        ("The patient's temperature is 36.5 degrees Celsius.", "temperature", 36.5, "°C"),
        ("The saturated oxygen percentage is 98.0 percent.", "oxygen", 98.0, "%"),
        ("Sodium (Na) = 140 mEq/L.", "Sodium", 140.0, "mEq/L"),  # a bracketed abbreviation is not an expression's end
        ("systolic (SBP) = 89 mm Hg.", "systolic", 89.0, "mmHg"),
    ],
)
def test_patient_values_with_spelled_units_and_bracketed_abbreviations_are_read(text, name, value, unit):
    (c,) = [c for c in extract_claims(text, 0) if c.kind == "quantity"]
    assert name.lower() in c.name.lower() and c.value == value and c.unit == unit


def test_total_calcium_is_a_laboratory_value_but_a_corrected_total_is_derived():
    assert [c.value for c in extract_claims("- Measured total calcium = 7.6 mg/dL.", 0) if c.kind == "quantity"] == [7.6]
    assert not [c for c in extract_claims("Corrected total calcium = 8.6 mg/dL", 0) if c.kind == "quantity"]
    assert not [c for c in extract_claims("Total score = 5 points", 0) if c.kind == "quantity"]


def test_a_formula_variant_within_the_tolerance_is_a_minor_formula_error():
    # Potassium added to the osmolality moves the result by a few per cent: wrong, but minor.
    (s,) = flagged("Serum osmolality (mOsm/kg) ≈ 2 × (Na⁺ + K⁺) + (glucose ÷ 18) + (BUN ÷ 2.8).", calculator="serum_osmolality", patient_note="x")
    assert s["error"] == "formula" and s["severity"] == "minor"
    (s,) = flagged("Osmolality = 2 × Na⁺ + glucose / 5 + BUN / 2.8", calculator="serum_osmolality", patient_note="x")
    assert s["error"] == "formula" and s["severity"] == "major"
    assert not flagged("Osmolality = 2 × Na⁺ + glucose/18 + BUN/2.8", calculator="serum_osmolality", patient_note="x")


def test_a_total_below_what_the_traces_own_values_score_is_flagged_without_patient_data():
    trace = ("Age 66; Heart rate 120; Oxygen saturation 98%; No unilateral leg swelling; No hemoptysis; "
             "No recent surgery/trauma; No hormonal use; No past PE/DVT; Final Score = 0")
    (s,) = flagged(trace, calculator="perc_rule", patient_note="A 66-year-old man, HR 120, SpO2 98%.")
    assert s["error"] == "criterion" and "already score" in s["detail"]
    assert not flagged(trace.replace("Final Score = 0", "Final Score = 2"), calculator="perc_rule",
                       patient_note="A 66-year-old man, HR 120, SpO2 98%.")


def test_a_terse_list_of_names_and_values_is_read():
    claims = extract_claims("Age 66; Heart rate 120; Step 3; Oxygen saturation 98%", 0)
    assert [(c.name, c.value) for c in claims if c.kind == "quantity"][:2] == [("Age", 66.0), ("Heart rate", 120.0)]


@pytest.mark.parametrize(
    "calc, note, ents, trace",
    [
        ("sirs_criteria", "WBC 8,000/µL.", {"wbc": 8.0}, "The patient had a WBC count of 8,000, threshold >12,000 or <4,000."),
        ("ideal_body_weight", "A man, 160 cm.", {"height": 160.0, "sex": "male"}, "Height over 5 feet: 2.9921."),
        ("anion_gap", "Na 135, Cl 103, HCO3 20.", {"sodium": 135.0, "chloride": 103.0, "bicarbonate": 20.0}, "Na - Cl = 32."),
        ("estimated_due_date", "LMP 01/01/2020, cycle 30 days.", None, "If cycle length is longer than 28 days, add the difference."),
    ],
)
def test_counts_per_microlitre_thresholds_and_combined_names_are_not_misread(calc, note, ents, trace):
    assert not [s for s in flagged(trace, calculator=calc, patient_note=note, entities=ents) if s["error"] == "extraction"]


def test_a_recital_of_categories_is_a_rule_not_the_patients_points():
    trace = "Encephalopathy: categories: none = 1 point; grade 1-2 = 2 points; grade 3-4 = 3 points."
    assert not [s for s in flagged(trace, calculator="child_pugh", patient_note="Cirrhosis with confusion and asterixis.")
                if s["error"] == "criterion"]


def test_names_ending_in_a_digit_or_a_list_number_do_not_look_like_expression_results():
    values = lambda t: [(c.name, c.value) for c in extract_claims(t, 0) if c.kind == "quantity"]  # noqa: E731
    assert ("HCO3-", 19.0) in values("Na = 140 mEq/L, Cl = 90 mEq/L, HCO3- = 19 mEq/L.")
    assert ("Albumin", 4.6) in values("2. Albumin = 4.6 g/dL, so (4 – 3.2) = 0.8.")
    assert ("systolic blood pressure", 76.0) in values("Given BP = 76/70 mm Hg, DBP = 70 mm Hg.")


def test_an_age_is_judged_by_the_notes_age_not_by_the_number_appearing_elsewhere():
    (s,) = flagged("The patient is 98 years old.", calculator="perc_rule", patient_note="A 66-year-old man, O2 sat 98%.")
    assert s["error"] == "extraction"
    assert not flagged("The patient is 66 years old.", calculator="perc_rule", patient_note="A 66-year-old man, O2 sat 98%.")


def test_an_en_dash_chain_and_the_word_correction_are_read_right():
    assert not flagged("AG = 139 – (102 + 30) = 139 – 132 = 7 mEq/L.", calculator="anion_gap", patient_note="Na 139, Cl 102, HCO3 30.")
    # "correction factor" is not a revision: the wrong product stays incorrect, not corrected.
    out = verify("The correction factor is 1.6. Therefore, 92 mg/dL * 0.0555 = 3.26 mmol/L.", calculator="sodium_correction_hyperglycemia",
                 patient_note="Sodium 140, glucose 92 mg/dL.").to_dict()["steps"]
    assert [s["verdict"] for s in out][-1] == "incorrect"


def test_points_written_before_their_criterion_in_brackets_belong_to_that_criterion():
    got = [(m.phrase, m.points) for m in criteria_read.read("Sum the scores: 2 (eye) + 1 (verbal) + 2 (motor) = 5.", 0)][:3]
    assert got == [("eye", 2.0), ("verbal", 1.0), ("motor", 2.0)]
    ents = {"eye_response": "pain", "verbal_response": "none", "motor_response": "extension"}
    assert not [s for s in flagged("Sum the scores: 2 (eye) + 1 (verbal) + 2 (motor) = 5.", calculator="glasgow_coma_scale",
                                   patient_note="Eyes open to pain, no verbal response, extension to pain.", entities=ents)
                if s["error"] == "criterion"]


def test_a_recital_band_is_the_one_the_rule_names_last():
    trace = "Albumin 3.3 g/dL: categories: >3.5 = 1 point; 2.8-3.5 = 2 points; <2.8 = 3 points."
    assert not [s for s in flagged(trace, calculator="child_pugh", patient_note="Albumin 3.3 g/dL.") if s["error"] == "criterion"]


def test_a_tiers_rate_without_a_time_unit_is_the_rules_rate_for_that_tier():
    note = "A 30 kg child."
    (s,) = flagged("Using the 30-20-10 rule: 30 mL/kg for the first 10 kg, 20 mL/kg for the next 10 kg, 10 mL/kg for the remainder.",
                   calculator="maintenance_fluids", patient_note=note)
    assert s["error"] == "formula"
    assert not flagged("Use 100 mL/kg for the first 10 kg, 50 mL/kg for the next 10 kg, 20 mL/kg for the remainder.",
                       calculator="maintenance_fluids", patient_note=note)
    assert not flagged("Use 4 mL/kg for the first 10 kg, 2 mL/kg for the next 10 kg.", calculator="maintenance_fluids", patient_note=note)
    (s,) = flagged("Use 100 mL/kg for the first 10 kg, 20 mL/kg for the next 10 kg.", calculator="maintenance_fluids", patient_note=note)
    assert "20 mL/kg" in s["detail"]  # the daily rate of the third tier written for the second


# --- stop 25 ----------------------------------------------------------------------------------

def test_a_yes_no_finding_in_a_wide_score_gives_only_its_own_points():
    # PSI's heart failure gives 0 or 10: "1 point" is the CHA2DS2-VASc weight, not a PSI one.
    (s,) = flagged("- Congestive heart failure: 1 point.", calculator="pneumonia_severity_index")
    assert s["error"] == "criterion" and "0 or 10" in s["detail"]
    assert not flagged("- Congestive heart failure: +10", calculator="pneumonia_severity_index")
    assert not flagged("- Age: 75 years → 75 points.", calculator="pneumonia_severity_index")


def test_a_criterion_in_other_words_with_a_word_of_another_score_is_not_foreign():
    # "motor" is a GCS word, but "trauma" is Caprini's own: the clause names Caprini's trauma item.
    calc = get("caprini")
    assert criteria_read.foreign_finding(calc, "Recent trauma (motor vehicle collision)") is None
    assert criteria_read.foreign_finding(get("feverpain"), "the patient is 77 years old") == "Age"


def test_framingham_points_from_the_atp_iii_tables():
    # A 50-year-old man: ATP III gives age 50-54 6 points, total cholesterol 160-199 at 50-59 2 points.
    note = "A 50-year-old man, total cholesterol 170 mg/dL, HDL 43 mg/dL, blood pressure 131/83, non-smoker, no antihypertensives."
    ents = {"age": [50, "years"], "sex": "Male", "Total cholesterol": [170, "mg/dL"], "hdl": [43, "mg/dL"], "sbp": [131, "mm hg"], "Smoker": False,
            "Blood pressure being treated with medicines": False}
    trace = ("Assign points using the tables for men:\n- Age 50-54: 8 points.\n- Total cholesterol 160-199 mg/dL (age 50-59): 1 point.\n"
             "- HDL 40-49 mg/dL: 1 point.\n- SBP 130-139 mmHg (untreated): 1 point.\n"
             "Total points = 8 + 1 + 1 + 1 = 11 points. 11 points corresponds to an 8% 10-year risk.\n")
    out = verify(trace, calculator="framingham_hard_chd", patient_note=note, entities=ents).to_dict()["steps"]
    by_text = {s["text"].strip(): s for s in out}
    assert by_text["- Age 50-54: 8 points."]["verdict"] == "incorrect" and "scores 6" in by_text["- Age 50-54: 8 points."]["detail"]
    assert by_text["- Total cholesterol 160-199 mg/dL (age 50-59): 1 point."]["verdict"] == "incorrect"
    assert by_text["- HDL 40-49 mg/dL: 1 point."]["verdict"] == "correct"
    assert by_text["- SBP 130-139 mmHg (untreated): 1 point."]["verdict"] == "correct"
    # The table's risk for 11 points in a man is 8 %: right; 6 % is not.
    assert not [s for s in out if "point table" in (s["detail"] or "") and s["verdict"] == "incorrect"]
    wrong = verify(trace.replace("an 8%", "a 6%"), calculator="framingham_hard_chd", patient_note=note, entities=ents).to_dict()["steps"]
    assert [s for s in wrong if "point table gives 11 points 8 %" in (s["detail"] or "") and s["verdict"] == "incorrect"]


def test_a_components_own_score_is_its_points():
    ents = {"eye_response": "none", "verbal_response": "none", "motor_response": "extension"}
    note = "He has extension to pain, no eye opening, no verbal response."
    (s,) = flagged("The patient has extension to pain, which corresponds to decorticate posturing → GCS motor score 3.",
                   calculator="glasgow_coma_scale", patient_note=note, entities=ents)
    assert s["error"] == "criterion" and "scores 2" in s["detail"]
    assert not flagged("Extension to pain → GCS motor score 2.", calculator="glasgow_coma_scale", patient_note=note, entities=ents)
    # The score's own name before "score" is the total, not a criterion nor a finding of another score.
    assert not flagged("So the HEART score 3 is low risk.", calculator="heart_score")


def test_an_ascii_arrow_gives_points():
    assert [(m.phrase, m.points) for m in criteria_read.read("So severe hypoxemia => 4 points.")] == [("So severe hypoxemia", 4.0)]
    assert [(m.phrase, m.points) for m in criteria_read.read("Diabetes => +1")] == [("Diabetes", 1.0)]


def test_seconds_and_milliseconds_and_unit_links_of_a_chain_are_conversions():
    note = "Heart rate 72 bpm, QT interval 330 msec."
    ents = {"heart_rate": [72, "beats per minute"], "qt_interval": [330, "msec"]}
    for wrong in ("The RR interval is 0.833 s = 83.3 ms.", "QT of 330 ms = 3.3 s.", "RR interval = 60 / 72 = 0.833 seconds = 83.3 ms."):
        (s,) = flagged(wrong, calculator="qtc_bazett", patient_note=note, entities=ents)
        assert s["error"] == "unit_conversion", wrong
    assert not flagged("RR interval = 60 / 72 = 0.833 seconds = 833 ms.", calculator="qtc_bazett", patient_note=note, entities=ents)
    (s,) = flagged("Weight = 70 × 2.2 = 154 lb = 77 kg.", calculator="bmi")
    assert s["error"] == "unit_conversion" and "69.85" in s["detail"]


def test_a_conversion_after_a_comma_is_read():
    (s,) = flagged("QTc is 0.3616 s, which is 3616 ms.", calculator="qtc_bazett")
    assert s["error"] == "unit_conversion"
    assert not flagged("Weight 80 kg, which is 176.4 lb.", calculator="bmi")


def test_a_list_number_before_an_expression_is_not_an_operand():
    (s,) = flagged("1. 3.08^(-1.154) = 0.3194 (approximately)", calculator="mdrd_gfr")
    assert s["error"] == "arithmetic" and "0.273" in s["detail"]
    (s,) = flagged("2) 67^(-0.203) = 0.7072")
    assert s["error"] == "arithmetic"
    assert not flagged("1. 5 + 3 = 8")


def test_a_count_out_of_a_maximum_is_the_answer():
    from clinverify.verifier.claims import final_answer

    assert final_answer("Thus, 5 of the 8 PERC criteria are satisfied.").value == 5
    assert final_answer("So 3 out of 8 criteria are met.").value == 3
    assert final_answer("The ratio is 2 to 8").value == 8


def test_a_wrong_count_of_criteria_met_is_a_criterion_error_where_first_written():
    # PERC for a 57-year-old with heart rate 114 and saturation 90 %: 3 criteria met. The trace
    # counts the rule-out items that hold instead (5).
    ents = {"age": [57, "years"], "heart_rate": [114, "beats per minute"], "oxygen_saturation": [90, "%"], "hemoptysis": False,
            "hormone_use": False, "previous_pe": False, "previous_dvt": False, "unilateral_leg_swelling": False,
            "recent_surgery_or_trauma": False}
    trace = "Hemoptysis: none, met. Estrogen use: none, met. Prior VTE: none, met.\nThus, 5 of the 8 PERC criteria are satisfied."
    v = verify(trace, calculator="perc_rule", entities=ents, answer=5).to_dict()
    last = v["steps"][-1]
    assert last["verdict"] == "incorrect" and last["error"] == "criterion" and "is not this patient's PERC" in last["detail"]
    assert v["answer"]["cause"] == "criterion"
    # A total the trace computed, then an answer that disagrees with it: an answer error, not a count.
    v = verify("Score: 1 + 1 = 2.\nThe score is 5.", calculator="perc_rule", entities=ents, answer=5).to_dict()
    assert v["steps"][-1]["error"] != "criterion"


def test_a_total_short_by_more_than_the_wrong_steps_names_the_criteria_never_scored():
    # Charlson, 76 years (3), heart failure 1, dementia 1, hemiplegia 2, diabetes 1: 8. The trace
    # scores a connective tissue disease she does not have and nothing else: no set of at most three
    # unscored criteria accounts for the 7 points left, and the sum is still flagged.
    ents = {"age": [76, "years"], "congestive_heart_failure": True, "dementia": True, "hemiplegia": True, "diabetes": "uncomplicated",
            "connective_tissue_disease": False}
    trace = "- Congestive heart failure – weight 1\n- Connective tissue disease – weight 1\nSum: 1 + 1 = 2.\nThe Charlson Comorbidity Index is 2."
    v = verify(trace, calculator="charlson_comorbidity_index", entities=ents, answer=2).to_dict()
    total = v["steps"][2]
    assert total["verdict"] == "incorrect" and "left out" in total["detail"] and "Age (3)" in total["detail"]


def test_a_definition_in_other_words_that_writes_a_foreign_quantity_is_a_wrong_formula():
    (s,) = flagged("The albumin-corrected ratio is calculated as (serum albumin ÷ 4.0) × (serum creatinine ÷ 1.0).",
                   calculator="albumin_corrected_delta_ratio")
    assert s["error"] == "formula" and "creatinine" in s["detail"]
    # No definition lead, or no quantity of the calculator's own beside it: not read as its formula.
    assert not flagged("Then (serum albumin ÷ 4.0) × (serum creatinine ÷ 1.0) is computed.", calculator="albumin_corrected_delta_ratio")
    assert not flagged("The clearance is calculated as (urine creatinine × volume) / plasma creatinine.", calculator="albumin_corrected_delta_ratio")


def test_a_bare_tally_gives_points_and_its_band_is_checked():
    # Thinking writes points as "Name = N": "Age 61-74 = 1" is wrong for Caprini (61-74 scores 2).
    (s,) = flagged("Points: Age 61-74 = 1. Prior DVT = 3.", calculator="caprini")
    assert s["error"] == "criterion" and "scores 2" in s["detail"]
    assert [(m.phrase, m.points, m.tally) for m in criteria_read.read("So Hypertension = 1. So ECG = 0.")] == [
        ("So Hypertension", 1.0, True), ("So ECG", 0.0, True)]
    # A band's rule for a band that is not the patient's is the rule, not this patient's points.
    ents = {"age": [59, "years"], "hypertension": True}
    assert not flagged("Labile INR? Not on warfarin. Age >65 = 1.", calculator="has_bled", entities=ents)
    # A sum's result, a value, a computation and a total are not tallies.
    assert not criteria_read.read("Eye 2, Verbal 1, Motor 2 = 5.")
    assert not criteria_read.read("Height 145 cm = 1.45 m.")
    assert not flagged("The HAS-BLED score = 4.", calculator="has_bled")


def test_a_band_scored_with_an_arrow_and_the_word_score():
    assert [(m.phrase, m.points) for m in criteria_read.read("- Renal: creatinine = 1.9 mg/dL (1.5–1.9) → score 2")] == [
        ("Renal: creatinine = 1.9 mg/dL (1.5–1.9)", 2.0)]


def test_thousands_grouped_by_spaces_are_one_number():
    note = "AST 87 U/L, ALT 104 U/L, platelets 101 x 10^9/L; she is 3 years old."
    ents = {"age": [3, "years"], "ast": [87, "U/L"], "alt": [104, "U/L"], "platelets": [101, "10^9/L"]}
    assert not flagged("Platelet count: 101 000 /µL (i.e., 101 × 10^9/L).", calculator="fib4", patient_note=note, entities=ents)
    (s,) = flagged("Total volume 12 500 mL / 2500 = 8 units.")
    assert s["error"] == "arithmetic"
    assert not flagged("Total per day = 1 700 mL; 1 700 mL ÷ 24 h ≈ 70.8 mL/hr.")
    # A table row of bands is not a grouped number.
    assert not flagged("Systolic BP 0-119: 0 120-129: 0 130-139: 1 140-159: 1", calculator="framingham_hard_chd")
    # Nor a result and the next operand written tight in a running count of days.
    assert not flagged("Days: 13+31=44 44+30=74 74+31=105 105+30=135 135+31=166.")


def test_points_after_a_yes_or_no_and_counted_as_and_no_finding_point():
    (s,) = flagged("Age >45: yes, 1. Fever: no, 0.", calculator="feverpain")
    assert s["error"] == "criterion" and "Age" in s["detail"]
    ents = {"age": [70, "years"], "alcohol_drinks_per_week": [3, "drinks"], "hypertension": True}
    (s,) = flagged("He has 3 beverages per week, which is >2, so alcohol qualifies as 1.", calculator="has_bled", entities=ents)
    assert s["error"] == "criterion" and "Alcohol" in s["detail"]
    ents = {"age": [19, "years"], "temperature": [38.2, "°C"], "cough_absent": True}
    (s,) = flagged("He has fever 38.2°C. He is slightly below the threshold. So no fever point.", calculator="centor_mcisaac", entities=ents)
    assert s["error"] == "criterion" and "Temperature scores 1" in s["detail"]
    assert not flagged("Temperature 37.1 °C. So no fever point.", calculator="centor_mcisaac",
                       entities={**ents, "temperature": [37.1, "°C"]})


def test_a_wrong_rule_in_the_thinking_restated_in_the_explanation_is_reported_in_both():
    rule = "30 mL/kg for the first 10 kg, 20 mL/kg for the next 10 kg, 10 mL/kg for the remainder."
    trace = f"<think>Usually: {rule} So 600 mL/day.</think>\nMaintenance fluid: {rule}\nTotal 600 mL/day ÷ 24 = 25 mL/hr."
    found = flagged(trace, calculator="maintenance_fluids", patient_note="A 30 kg child.")
    assert [s["error"] for s in found] == ["formula", "formula"]
    assert found[0]["span"][1] < trace.index("</think>") < found[1]["span"][0]


def test_a_finding_scored_with_an_arrow_is_this_patients_points_not_the_rule():
    ents = {"sex": "Male", "age": [50, "years"], "Systolic Blood Pressure": [131.0, "mm hg"], "Smoker": True,
            "Total cholesterol": [107.0, "mg/dL"], "high-density lipoprotein cholesterol": [43.0, "mg/dL"],
            "Blood pressure being treated with medicines": False}
    (s,) = flagged("- Smoker → 2 points", calculator="framingham_hard_chd", entities=ents)
    assert s["error"] == "criterion" and "scores 3" in s["detail"]
    assert not flagged("- Smoker → 3 points", calculator="framingham_hard_chd", entities=ents)


def test_a_decided_colon_tally_gives_points_but_a_list_of_items_or_a_count_does_not():
    assert [(m.phrase, m.points) for m in criteria_read.read("So Fever: 0. So Pain: 1.")] == [("So Fever", 0.0), ("So Pain", 1.0)]
    assert not criteria_read.read("History of stroke: 1. Labile INR: 1.")  # the score's items, listed
    assert not criteria_read.read("So risk factor count: 2.")
    assert [m.points for m in criteria_read.read("Now sum: 1 (bilirubin) + 2 (albumin) = 3 points.")] == [1.0, 2.0, 3.0]
    (s,) = flagged("Fever 38.4 °C in the past day. So Fever: 0.", calculator="feverpain",
                   entities={"fever_24h": True, "age": [30, "years"]})
    assert s["error"] == "criterion"


def test_a_date_written_as_an_operations_result_is_its_result_even_if_guessed_before():
    trace = ("<think>Use known due date: LMP 5/20/2020 -> due date 2/27/2021? Let's check typical due date: "
             "LMP 5/20/2020 + 280 days = 2/27/2021. Let's verify. 5/20/2020 + 280 days = 2/24/2021.</think>\nThe due date is 02/24/2021.")
    steps_ = verify(trace, calculator="due_date", answer="02/24/2021").to_dict()["steps"]
    wrong = [s for s in steps_ if s["verdict"] in ("incorrect", "corrected")]
    assert [s["verdict"] for s in wrong] == ["corrected"] and "2/27/2021" in wrong[0]["text"]
    # A date written before the operations and restated after them is not their result.
    assert not flagged("LMP: 05/20/2020. Add 280 days. The LMP, 05/20/2020, gives a due date of 02/24/2021.")


def test_a_count_of_days_from_a_named_date_is_date_arithmetic():
    from clinverify.verifier import dates

    t = "LMP April 9, 2021 -> due date January 13, 2022. That suggests 280 days from April 9 is January 13."
    assert [(c.expr, c.value_text) for c in dates.read(t, 100, -1)] == [("2021-04-09 +280d", "2022-01-13")]
    # "from May 20 to June 20" is still a count's range, not an operation (the count itself is read as one).
    found = dates.read("LMP May 20, 2020. From May 20 to June 20 is 31 days.", 100, -1)
    assert [(c.kind, c.expr, c.value) for c in found] == [("date_count", "2020-05-20 2020-06-20", 31.0)]


def test_a_list_of_the_scores_items_is_read_after_components_colon_and_across_a_sentence():
    found = criteria_read.listed_foreign(
        "FeverPAIN is a clinical decision rule for sore throat to predict group A strep. It includes: Fever (≥38°C), "
        "Purulent pharyngitis, Age > 12? Wait.", get("feverpain"))
    assert [f for _, _, f in found] == ["Age"]
    found = criteria_read.listed_foreign("Need FeverPAIN score: factors: Fever >38.5, Purulent exudate, Age >12, No cough.", get("feverpain"))
    assert [f for _, _, f in found] == ["Age"]  # a decimal point does not end the list
    assert not criteria_read.listed_foreign("Need FeverPAIN score: factors: Fever >38.5, Purulent exudate, No cough.", get("feverpain"))


def test_a_formula_stated_with_is_instead_of_equals_is_checked():
    from clinverify.verifier.formula_statements import check_statement

    st = check_statement("So the delta ratio is (ALP / ULN) / (GGT / ULN).", "delta_ratio")
    assert st is not None and not st.ok and "alp" in st.detail
    st = check_statement("The anion gap is Na - (Cl + HCO3).", "anion_gap")
    assert st is not None and st.ok
    assert check_statement("The delta gap is used to evaluate mixed acid-base disorders.", "delta_gap") is None
    assert check_statement("The patient is male / female.", "delta_gap") is None


def test_a_definition_in_words_that_writes_a_foreign_quantity_is_a_wrong_formula():
    (s,) = flagged("1. The albumin-corrected delta ratio is defined as the change in serum creatinine (ΔCr) divided by the serum "
                   "albumin concentration.", calculator="albumin_corrected_delta_ratio")
    assert s["error"] == "formula" and "creatinine" in s["detail"]
    # The formula's own quantities in words are not flagged.
    assert not flagged("The albumin-corrected delta ratio is defined as the albumin-corrected anion gap minus 12 divided by "
                       "24 minus the bicarbonate.", calculator="albumin_corrected_delta_ratio")


def test_an_option_of_several_words_names_its_criterion():
    ents = {"Best motor response": "extension to pain", "Best eye response": "eye opening to pain", "Best verbal response": "no verbal response"}
    (s,) = flagged('Extension to pain is "Abnormal extension" = 3.', calculator="glasgow_coma_scale", entities=ents)
    assert s["error"] == "criterion" and "motor" in s["detail"].lower()
    assert not flagged('Extension to pain is "Abnormal extension" = 2.', calculator="glasgow_coma_scale", entities=ents)


def test_thinking_that_repeats_a_wrong_claim_is_flagged_where_first_made():
    trace = ("<think>LMP 03/24/2017. March 24 2017 + 280 days = December 31 2017? Let's check with known: "
             "March 24 2017 + 280 days = December 31 2017.</think>\nThe due date is 12/29/2017.")
    found = [s for s in verify(trace).to_dict()["steps"] if s["verdict"] in ("incorrect", "corrected")]
    assert len(found) == 1 and found[0]["span"][0] < trace.index("Let's check")
    # In the explanation each wrong claim is its own step's error.
    assert len(flagged("12 × 3 = 38. Again, 12 × 3 = 38.")) == 2


def test_a_square_root_of_an_expression_then_of_a_number_checks_the_number():
    (s,) = flagged("Calculate: sqrt((125 * 173) / 3600).\nResult: sqrt(5.02083333) = 2.241 m².")
    assert s["error"] == "arithmetic" and "6.007" in s["detail"]
    assert not flagged("Calculate: sqrt((125 * 173) / 3600).\nResult: sqrt(6.0069) = 2.451 m².")
    assert not flagged("log10(1.27143*10) = 1 + log10(1.27143) = 1.104")  # a log taken apart


def test_the_charge_of_bicarbonate_is_not_a_minus_sign():
    from clinverify.verifier.formula_statements import check_statement

    st = check_statement("The formula for anion gap is (Na + K) - (Cl + HCO3-).", "delta_gap")
    assert st is not None and not st.ok
    st = check_statement("AG = Na - (Cl + HCO3-)", "delta_gap")
    assert st is not None and st.ok


def test_arrow_tallies_a_choice_tally_and_a_recited_band_that_is_not_the_patients():
    assert [(m.phrase, m.points) for m in criteria_read.read("CHF => 5.")] == [("CHF", 5.0)]
    ents = {"Ascites": "absent", "Hepatic encephalopathy": "no encephalopathy", "Total Bilirubin": [1.5, "mg/dL"],
            "Albumin": [3.6, "g/dL"], "international normalized ratio": 1.5}
    (s,) = flagged("Ascites: none. No ascites = 0.", calculator="child_pugh", entities=ents)
    assert s["error"] == "criterion"
    # A band recited for a value that is not the patient's is judged as the rule it states.
    ents = {"age": [73, "years"], "respiratory rate": [35, "breaths per minute"]}
    found = flagged("Let's recall: RR 10-19 => 0, 20-29 => 1.", calculator="apache_ii", entities=ents)
    assert found and all("for this patient" not in s["detail"] for s in found)
    # "WBC = 8,000/mm³" is a value, not a tally; "<4,000" is one number.
    assert not criteria_read.read("WBC = 8,000/mm³ (normal).")


def test_a_bare_value_scored_names_the_criterion_whose_patient_value_it_is():
    ents = {"Ascites": "absent", "Hepatic encephalopathy": "no encephalopathy", "Total Bilirubin": [2.4, "mg/dL"],
            "Albumin": [3.6, "g/dL"], "international normalized ratio": 1.5}
    (s,) = flagged("Bilirubin is 2.4 mg/dL. So 2.4 => 3 points.", calculator="child_pugh", entities=ents, answer=None)
    assert s["error"] == "criterion" and "bilirubin" in s["detail"].lower()
    # Without the patient's data a bare value names nothing.
    assert not flagged("So 2.4 => 3 points. Albumin 3.6 => 1 point.", calculator="child_pugh")


def test_apache_criteria_that_read_several_inputs_declare_them():
    ents = {"age": [73, "years"], "creatinine": [4.58, "mg/dL"], "Acute renal failure": True}
    found = flagged("Creatinine 4.58 mg/dL. So 4.58 => 3 points.", calculator="apache_ii", entities=ents)
    assert any(s["error"] == "criterion" and "scores 8" in s["detail"] for s in found)


def test_a_rule_stated_with_is_and_a_band_after_the_scores_name_are_rules():
    ents = {"age": [83, "years"], "sex": "Female", "hypertension": True}
    assert not flagged("Actually CHA2DS2-VASc: Age 65-74 = 1, Age ≥75 = 2.", calculator="cha2ds2_vasc", entities=ents)
    ents = {"age": [70, "years"], "hypertension": True, "renal_disease": False}
    assert not flagged("Abnormal renal function (e.g., CKD stage 4 or 5, or dialysis) is 1 point.", calculator="has_bled", entities=ents)
    (s,) = flagged("The patient has no kidney disease, so abnormal renal function gives 1 point.", calculator="has_bled", entities=ents)
    assert s["error"] == "criterion"


def test_do_not_increment_gives_no_points_and_the_duration_written_decides():
    (s,) = flagged("The patient's heart rate is 120 beats per minute, which is greater than or equal to 100 beats per minute, "
                   "and so we do not increment the criteria count.", calculator="perc_rule")
    assert s["error"] == "criterion"
    assert not flagged("3. Symptom onset ≤3 days: The patient has had symptoms for one week (7 days), so we do not increment the score.",
                       calculator="feverpain")
    (s,) = flagged("3. Symptom onset ≤3 days: The patient has had symptoms for 2 days, so we do not increment the score.",
                   calculator="feverpain")
    assert s["error"] == "criterion"


def test_thinking_that_lists_the_same_foreign_item_again_is_flagged_once():
    trace = ("<think>The FeverPAIN score includes: Fever, Purulent tonsils, Attendance, Age. Let's recall: the FeverPAIN "
             "score includes: Fever, Purulent exudate, Attendance, Age.</think>\nFeverPAIN score: 1.")
    found = [s for s in verify(trace, calculator="feverpain").to_dict()["steps"] if s["verdict"] == "incorrect" and s["error"] == "formula"]
    assert len(found) == 1


def test_points_for_a_finding_after_a_recital_head_and_plural_findings_name_their_criterion():
    (s,) = flagged("The Centor criteria for streptococcal pharyngitis: 4 points for tonsillar exudates, 3 for tender anterior "
                   "cervical lymphadenopathy.", calculator="centor_mcisaac")
    assert s["error"] == "criterion" and "never 4" in s["detail"]
    assert criteria_read.criterion_named(get("centor_mcisaac"), "tonsillar exudates")[0] is not None
    assert not flagged("The Centor criteria: 1 point for tonsillar exudates, 1 for absence of cough.", calculator="centor_mcisaac")


def test_a_comparison_places_the_patient_and_a_counted_date_is_not_a_guess_restated():
    ents = {"age": [72, "years"], "Hypertension history": True, "Number of Alcoholic Drinks Per Week": 9}
    found = flagged("- Drugs/alcohol: no anticoagulants/antiplatelets and alcohol <2 drinks/day → 0.", calculator="has_bled", entities=ents)
    assert [s["error"] for s in found] == ["criterion"]
    # Counting days out loud: "adding 11 days gives Jan 12" counts from a date other than the last one written.
    trace = "<think>Jan 1 2022 is day 0. Jan 12 2022 is the goal. So adding 11 days gives Jan 12.</think>\nDue date: 01/12/2022."
    assert not [s for s in verify(trace).to_dict()["steps"] if s["verdict"] == "incorrect" and s["error"] == "arithmetic"]


def test_a_score_in_brackets_after_a_value_is_its_points():
    assert [(m.phrase, m.points) for m in criteria_read.read("Bilirubin 2.0 mg/dL (score 1).")] == [("Bilirubin 2.0 mg/dL", 1.0)]
    (s,) = flagged("Bilirubin 2.0 mg/dL (score 1).", calculator="child_pugh")
    assert s["error"] == "criterion" and "scores 2" in s["detail"]


def test_no_point_for_a_finding_the_patient_has_is_judged():
    ents = {"age": [72, "years"], "Hypertension history": True, "Number of Alcoholic Drinks Per Week": 9}
    (s,) = flagged("He drinks 9 drinks per week. That's less than 2 drinks/day. So no point for alcohol.", calculator="has_bled", entities=ents)
    assert s["error"] == "criterion" and "Alcohol" in s["detail"]
    ents = {**ents, "Number of Alcoholic Drinks Per Week": 3}
    assert not flagged("He drinks 3 drinks per week. So no point for alcohol.", calculator="has_bled", entities=ents)


def test_points_after_each_name_in_a_points_list_or_a_named_sum():
    assert [(m.phrase, m.points) for m in criteria_read.read("So points: encephalopathy 1, ascites 0, bilirubin 1 = total 2.")] == [
        ("encephalopathy", 1.0), ("ascites", 0.0), ("bilirubin", 1.0)]
    assert [(m.phrase, m.points) for m in criteria_read.read("Sum: History 1 + ECG 0 + Age 1 = 2.")] == [
        ("History", 1.0), ("ECG", 0.0), ("Age", 1.0)]
    assert not criteria_read.read("INR 1.9, albumin 3.2, bilirubin 2.0.")  # values, not points
    (s,) = flagged("So points: encephalopathy 1, ascites 0, bilirubin 1.", calculator="child_pugh")
    assert s["error"] == "criterion"  # ascites absent scores 1, never 0


def test_a_long_run_of_named_terms_without_an_end_is_read_in_linear_time():
    t0 = time.perf_counter()
    criteria_read._named_lists("Age 1 + " * 5000 + "x")
    criteria_read._named_lists("points: " + "a 1, " * 5000)
    assert time.perf_counter() - t0 < 3.0  # typically 0.05 s; unbounded repetition took 6 s


# --- stop 28 ------------------------------------------------------------------------------

def test_a_list_of_items_after_a_sentence_naming_the_score_is_its_list():
    t = ("The FeverPAIN score is a 5-point system used to assess the likelihood of streptococcal pharyngitis. "
         "It assigns 1 point for each of the following: (1) Fever, (2) Purulent pharyngitis, (3) Exudates, and (4) Age >12 years.")
    (s,) = flagged(t, calculator="feverpain")
    assert s["error"] == "formula" and "Age" in s["detail"]
    # the same list after a sentence about the patient is the patient's findings, not the score's items
    assert not flagged("The patient is a 77-year-old woman with sore throat and fever. "
                       "She has the following: fever, exudates, and age >12 years.", calculator="feverpain")


def test_a_percentage_input_written_as_a_fraction_is_the_same_value():
    ents = {"fio2": [54, "%"], "pao2": [77, "mm Hg"]}
    assert not flagged("We have data: PaO2 77 mmHg, FiO2 54% (0.54).", calculator="sofa", entities=ents)
    assert not flagged("- Respiratory: PaO₂ = 77 mm Hg, FiO₂ = 0.54 → PaO₂/FiO₂ = 77/0.54 ≈ 143.", calculator="sofa", entities=ents)
    (s,) = flagged("- Respiratory: PaO₂ = 77 mm Hg, FiO₂ = 0.64 → PaO₂/FiO₂ = 77/0.64 ≈ 120.", calculator="sofa", entities=ents)
    assert s["error"] == "extraction" and "fio2" in s["detail"]


def test_the_equivalent_dose_is_the_result_not_the_patients_dose():
    ents = {"input steroid": ["PredniSONE PO", 45.8, "mg"], "target steroid": "Hydrocortisone IV"}
    assert not flagged("Rounded to one decimal place, the equivalent dose is 183.2 mg.", calculator="steroid_conversion", entities=ents)
    (s,) = flagged("The dose is 48.5 mg of prednisone.", calculator="steroid_conversion", entities=ents)
    assert s["error"] == "extraction"  # the patient's dose itself is still checked


def test_a_value_after_other_than_is_a_threshold():
    ents = {"Last menstrual date": "04/09/2021", "cycle length": [25, "days"]}
    t = "For a cycle length other than 28 days, adjust the due date by the difference."
    assert not [s for s in flagged(t, calculator="estimated_due_date", entities=ents) if s["error"] == "extraction"]
    (s,) = [s for s in flagged("The cycle length is 28 days.", calculator="estimated_due_date", entities=ents) if s["error"] == "extraction"]
    assert "cycle_length" in s["detail"]


def test_a_date_then_a_comma_then_an_operation_is_its_base():
    from clinverify.verifier import dates

    t = "LMP April 9, 2021. So 280 days later is January 12, 2022. Let's check: Starting at Jan 1, adding 1 day gives Jan 2."
    assert [(c.expr, c.value_text) for c in dates.read(t, 100, -1)] == [("2021-04-09 +280d", "2022-01-12"), ("2022-01-01 +1d", "2022-01-02")]


def test_the_other_blood_pressure_the_note_gives_is_not_a_misreading():
    note = "Supine, her blood pressure was 89/52 mm Hg; on standing, her blood pressure fell to 69/40 mm Hg."
    ents = {"Systolic Blood Pressure": [89, "mm Hg"], "Diastolic Blood Pressure": [52, "mm Hg"]}
    assert not flagged("Standing: SBP = 69, DBP = 40.", calculator="mean_arterial_pressure", patient_note=note, entities=ents)
    (s,) = flagged("Standing: SBP = 79, DBP = 40.", calculator="mean_arterial_pressure", patient_note=note, entities=ents)
    assert s["error"] == "extraction" and "systolic" in s["detail"]


def test_framingham_written_in_seconds_as_sagie_wrote_it_is_the_formula():
    from clinverify.verifier.formula_statements import check_statement

    st = check_statement("The Framingham formula: QTc = QT + 0.154 * (1 - RR), where RR is the RR interval in seconds.", "qtc_framingham")
    assert st is not None and st.ok
    st = check_statement("The Framingham formula: QTc = QT + 0.154 * (RR - 1)", "qtc_framingham")
    assert st is not None and not st.ok


def test_who_has_a_total_is_not_a_criterions_points():
    c = get("framingham_hard_chd")
    assert not criteria_read.for_calculator(criteria_read.read("10-year risk for men with 8 points is about 5%?"), c)
    assert not criteria_read.for_calculator(criteria_read.read("Patients with a score of 3 are at high risk."), c)
    assert [m.points for m in criteria_read.for_calculator(criteria_read.read("For men aged 50-54, 8 points."), c)] == [8.0]


def test_a_comparison_negated_is_the_other_side_of_the_cut_off():
    assert not flagged("Because the heart rate is not greater than 90 beats per minute, this does not meet SIRS criteria, "
                       "and so the current total remains at 0.", calculator="sirs_criteria")
    (s,) = flagged("Because the heart rate is greater than 90 beats per minute, this does not meet SIRS criteria, "
                   "and so the current total remains at 0.", calculator="sirs_criteria")
    assert s["error"] == "criterion"


def test_the_patients_value_after_a_rule_with_its_cut_off_decides():
    t = "3. Heart rate > 100 bpm: The patient's heart rate is 68, which is not greater than 100, so this criterion scores 0."
    assert not flagged(t, calculator="wells_pe")
    (s,) = flagged("3. Heart rate > 100 bpm: The patient's heart rate is 118, so this criterion scores 0.", calculator="wells_pe")
    assert s["error"] == "criterion"


def test_a_criterion_named_by_its_cut_off_and_said_not_met_needs_the_patients_data():
    # Without the patient's data, "SaO2 < 95%; no points" names the rule and says it is not met.
    assert not flagged("Oxygen saturation < 95%; no points.", calculator="perc_rule")
    # A misstated rule is still wrong whichever way it is read ("Age > 65; +1" in HEART: ≥ 65 scores 2).
    (s,) = flagged("Age > 65; +1 point.", calculator="heart_score")
    assert s["error"] == "criterion"
    ents = {"age": [40, "years"], "Heart Rate or Pulse": [120, "beats per minute"], "O₂ saturation percentage": [91, "%"]}
    (s,) = flagged("Oxygen saturation < 95%; no points.", calculator="perc_rule", entities=ents)
    assert s["error"] == "criterion"  # with the patient's data, it is decided


def test_alcohol_counted_in_beverages_is_the_has_bled_alcohol_criterion():
    ents = {"age": [72, "years"], "Hypertension history": True, "Number of Alcoholic Drinks Per Week": 3}
    (s,) = flagged("He has 3 beverages per week, which is >2, so qualifies as 1.", calculator="has_bled", entities=ents)
    assert s["error"] == "criterion" and "Alcohol" in s["detail"]


def test_a_clause_that_decides_its_findings_points_after_so():
    assert [(m.phrase, m.points) for m in criteria_read.read("- Fever >38.3°C: 38.2°C is below threshold, so 0.")] == [
        ("Fever >38.3°C: 38.2°C is below threshold", 0.0)]
    assert not criteria_read.read("We add them up, so far 2.")  # a running total, not a decision
    assert not criteria_read.read("Hematocrit 0. So 24.")  # a sentence of its own: the total


def test_a_value_the_note_writes_under_another_name_is_not_the_notes_value_for_this_one():
    from clinverify.verifier.claims import Claim
    from clinverify.verifier.graders import _note_states

    note = "Labs: ALP-388 IU/L; AST-67 IU/L; ALT-24 IU/L; GGTP-878 IU/L."
    ast24 = Claim("quantity", 0, 11, "AST 24 IU/L", value=24.0, value_text="24", unit="IU/L", name="AST")
    alt24 = Claim("quantity", 0, 11, "ALT 24 IU/L", value=24.0, value_text="24", unit="IU/L", name="ALT")
    assert not _note_states(note, ast24)  # 24 is the ALT: the nearest name before it
    assert _note_states(note, alt24)
    assert _note_states("creatinine of 1.4 mg/dL, BUN 20", Claim("quantity", 0, 1, "", value=1.4, value_text="1.4", unit="mg/dL", name="creatinine"))


def test_a_patient_value_or_an_assumed_rate_is_exact_as_written_not_a_rounded_intermediate():
    t = ("A typical weight gain for infants is about 0.5 kg per month for the first year. "
         "Therefore, the estimated weight at 15 months is 2.4 kg + (0.5 kg/month * 12 months) + (0.25 kg/month * 3 months) = 8.55 kg.")
    (s,) = flagged(t, calculator="free_water_deficit")
    assert s["error"] == "arithmetic" and "9.15" in s["detail"]
    # a result the trace computed and wrote rounded still carries its rounding into later steps
    assert not flagged("BSA = sqrt(170 × 70 / 3600) = 1.8. So dose = 1.8 × 75 = 136 mg.", calculator="body_surface_area")


def test_a_coefficient_stated_for_each_sex_is_checked_for_each():
    from clinverify.verifier import parameters as P

    t = "CrCl = ((140 - age) * weight * (gender_coefficient)) / (serum creatinine * 72), where the gender_coefficient is 2 if male, and 0.57 if female."
    assert [(s.value, s.group) for s in P.read_parameters(t, 0, get("cockcroft_gault"))] == [(2.0, "male"), (0.57, "female")]
    t = "where the gender_coefficient is 1.012 if the patient is female, else the coeffient is 2. The coefficients A and B depend on sex."
    assert [(s.value, s.group) for s in P.read_parameters(t, 0, get("ckd_epi_2021"))] == [(1.012, "female"), (2.0, "male")]
    ents = {"age": [60, "years"], "sex": "Male", "weight": [70, "kg"], "creatinine": [1.2, "mg/dL"]}
    right = "CrCl = (140 - age) * weight * gender_coefficient / (72 * creatinine), where the gender_coefficient is 1 if male, and 0.85 if female."
    assert not [s for s in flagged(right, calculator="cockcroft_gault", entities=ents) if s["error"] == "formula"]
    (s,) = [s for s in flagged(right.replace("0.85 if female", "0.57 if female"), calculator="cockcroft_gault", entities=ents)
            if s["error"] == "formula"]
    assert "0.85 for women" in s["detail"]


def test_points_written_as_words_up_to_ten():
    assert [(m.points) for m in criteria_read.read("The BUN concentration is greater than 70 mg/dL, and so we add eight points.")] == [8.0]
    assert [(m.points) for m in criteria_read.read("Nursing home residence adds ten points.")] == [10.0]


def test_the_cycle_shift_written_with_names_is_checked():
    from clinverify.verifier import parameters as P

    c = get("estimated_due_date")
    assert [ok for *_, ok, _ in P.read_cycle_shift("add (28 - cycle length) days", 0, c)] == [False]
    assert [ok for *_, ok, _ in P.read_cycle_shift("due date = LMP + 280 days - (cycle length - 28)", 0, c)] == [False]
    assert [ok for *_, ok, _ in P.read_cycle_shift("due date = LMP + 280 days + (cycle length - 28)", 0, c)] == [True]
    assert [ok for *_, ok, _ in P.read_cycle_shift("subtract (28 - cycle length) days", 0, c)] == [True]
    assert not P.read_cycle_shift("add (30 - cycle length) days", 0, c)  # not the default cycle: another quantity


def test_no_calculation_needed_for_a_calculated_value_is_the_formula_left_out():
    ents = {"Total cholesterol": [252.0, "mg/dL"], "Triglycerides": [84.0, "mg/dL"], "high-density lipoprotein cholesterol": [66.0, "mg/dL"]}
    t = "The laboratory results list the LDL cholesterol concentration directly as 72 mg/dL. No calculation is needed."
    r = verify(t, calculator="ldl_friedewald", entities=ents).to_dict()
    (s,) = [s for s in r["steps"] if s["error"] == "formula"]
    assert s["text"] == "No calculation is needed."
    # a right answer read off the note is not questioned
    t = "The LDL cholesterol is 169.2 mg/dL. No calculation is needed."
    assert not [s for s in verify(t, calculator="ldl_friedewald", entities=ents).to_dict()["steps"] if s["error"] == "formula"]


def test_the_notes_value_first_stated_as_the_result_is_the_formula_left_out():
    ents = {"Total cholesterol": [252.0, "mg/dL"], "Triglycerides": [84.0, "mg/dL"], "high-density lipoprotein cholesterol": [66.0, "mg/dL"]}
    note = "Labs: 252 mg/dl total cholesterol, 84 mg/dl triglycerides, 66 mg/dl HDL and 72 mg/dl LDL."
    t = "<think>The note includes the lipid panel. So LDL is 72 mg/dL. So answer: 72.</think>\nThe LDL cholesterol is 72 mg/dL."
    r = verify(t, calculator="ldl_friedewald", entities=ents, patient_note=note).to_dict()
    (s,) = [s for s in r["steps"] if s["error"] == "formula"]
    assert s["text"] == "So LDL is 72 mg/dL." and "the note's 72 is stated as the result" in s["detail"]
    # a wrong value the note does not report, or an earlier step found wrong, is not this
    r = verify(t.replace("72", "75"), calculator="ldl_friedewald", entities=ents, patient_note=note).to_dict()
    assert not [s for s in r["steps"] if s["error"] == "formula"]
    r = verify(t.replace("The note includes the lipid panel.", "LDL = 252 - 66 - 84/5 = 150."), calculator="ldl_friedewald",
               entities=ents, patient_note=note).to_dict()
    assert [s["error"] for s in r["steps"] if s["verdict"] == "incorrect"][0] == "arithmetic"


def test_the_note_reader_takes_a_capitalised_symbol_and_leaves_percentages_of_other_quantities():
    from clinverify.verifier.graders import note_inputs

    assert note_inputs(get("pneumonia_severity_index"), "Arterial blood gas showed a pH of 7.17.").get("ph") == 7.17
    labs = "Sodium 142 mEq/L. Fractional excretion of sodium and urea were 2.11% and 43.67%."
    assert note_inputs(get("meld_na"), labs).get("sodium") == 142.0
    # "hr" in lower case is an hour, not a heart rate
    assert "heart_rate" not in note_inputs(get("perc_rule"), "Symptoms for 1 hr 30 minutes.")


def test_without_the_patients_data_a_value_the_note_gives_once_decides_a_criterion():
    from clinverify.verifier.graders import note_inputs

    note = "A 66-year-old man presents with dyspnea. His heart rate is 120 beats per minute and his oxygen saturation is 98% on room air."
    assert note_inputs(get("perc_rule"), note) == {"age": 66.0, "heart_rate": 120.0, "oxygen_saturation": 98.0}
    (s,) = flagged("Heart rate > 100; no points.", calculator="perc_rule", patient_note=note)
    assert s["error"] == "criterion" and "from the note" in s["detail"]
    assert not flagged("Oxygen saturation < 95%; no points.", calculator="perc_rule", patient_note=note)
    # two heart rates in the note: which one the trace should use is not decided from the note
    note2 = note + " A week earlier at his clinic visit his heart rate was 88 beats per minute."
    assert "heart_rate" not in note_inputs(get("perc_rule"), note2)
    assert not flagged("Heart rate > 100; no points.", calculator="perc_rule", patient_note=note2)
    # a threshold in the note is not the patient's value
    assert "heart_rate" not in note_inputs(get("perc_rule"), "Tachycardia is a heart rate over 100 bpm.")


def test_a_criterion_given_by_any_one_of_its_inputs_is_declared_not_guessed():
    from clinverify.verifier import knowledge
    from clinverify.verifier.criteria_read import _is_any_of

    (alcohol,) = [c for c in knowledge.criteria(get("has_bled")) if c.key == "alcohol_points"]
    assert alcohol.any_of and _is_any_of(alcohol)
    # more phrases for it than inputs change nothing (the old test counted phrases)
    from dataclasses import replace
    assert _is_any_of(replace(alcohol, phrases=("alcohol", "drinks", "beverages", "drinking")))
    (age,) = [c for c in knowledge.criteria(get("has_bled")) if c.key == "age_points"]
    assert not _is_any_of(age)


def test_a_value_substituted_for_an_input_name_is_the_patients_value():
    ents = {"creatinine": [1.14, "mg/dL"], "age": [37, "years"], "sex": "Male"}
    formula = "GFR = 142 x (Scr/A)^B x 0.9938^age x gender_coefficient. Substituting: GFR = 142 x ({}/0.9)^-1.2 x 0.9938^37 x 1.0."
    (s,) = flagged(formula.format("1.41"), calculator="ckd_epi_2021", entities=ents)
    assert s["error"] == "extraction" and "1.41 for scr" in s["detail"]
    assert not flagged(formula.format("1.14"), calculator="ckd_epi_2021", entities=ents)
    # the input in another unit, or a number the note writes, is not judged
    assert not flagged(formula.format("100.8"), calculator="ckd_epi_2021", entities=ents)
    assert not flagged(formula.format("1.41"), calculator="ckd_epi_2021", entities=ents, patient_note="Creatinine 1.41 mg/dL on day 2.")


HAS_BLED_9_DRINKS = {"age": [72, "years"], "hypertension": True, "renal_disease": True, "liver_disease": True, "stroke": False,
                     "prior_bleeding": False, "labile_inr": False, "bleeding_medication": False, "alcohol_drinks_per_week": 9}


def test_a_sentence_of_bare_points_scores_the_item_its_heading_names():
    # thinking scores a list item by item: "- Alcohol: <reasons>. So 0."
    trace = ("<think>- Labile INR: INR is normal. So 0. - Alcohol: He averages 9 drinks per week. That is about 1.3 per day. "
             "So does not meet threshold. So 0. Thus total 4.</think>")
    (s,) = flagged(trace, calculator="has_bled", entities=HAS_BLED_9_DRINKS)
    assert s["text"] == "So 0." and s["error"] == "criterion" and "Alcohol" in s["detail"]
    assert not flagged(trace.replace("So 0. Thus", "So 1. Thus"), calculator="has_bled", entities=HAS_BLED_9_DRINKS)
    # a total after findings listed as yes/no is not the last item's points
    assert not flagged("<think>Hypertension: yes. Liver: yes. Alcohol: yes. So 5.</think>", calculator="has_bled", entities=HAS_BLED_9_DRINKS)
    # a heading that names two criteria (HAS-BLED scores drugs and alcohol apart) decides nothing
    assert not flagged("<think>- Drugs/alcohol: alcohol 9 drinks per week. Score 0.</think>", calculator="has_bled", entities=HAS_BLED_9_DRINKS)
    # an item already scored: the next bare points close something else
    assert not flagged("<think>- Alcohol: 9 drinks per week. So 1. So 0.</think>", calculator="has_bled", entities=HAS_BLED_9_DRINKS)


def test_points_in_brackets_after_a_decision_and_list_items_with_their_reason():
    ents = {"age": [47, "years"], "history": "Slightly suspicious", "ecg": "Normal", "troponin": "less than or equal to normal limit",
            "diabetes": True, "hypertension": True}
    trace = "<think>So assign points: History 0 (atypical). ECG 0 (no ST changes). Age 0 (<55). Risk factors 1 (diabetes).</think>"
    (s,) = flagged(trace, calculator="heart_score", entities=ents)
    assert s["text"] == "Age 0 (<55)." and "Age scores 1" in s["detail"]
    assert not flagged(trace.replace("Age 0", "Age 1"), calculator="heart_score", entities=ents)
    # alone, without a points head or another item before it, a name and a number are not read
    assert not flagged("<think>Age 0 (<55).</think>", calculator="heart_score", entities=ents)
    # "present (1)" decides the finding; "none (0), mild (1)" lists a criterion's options
    assert [(m.phrase, m.points) for m in criteria_read.read("comorbidities: congestive heart failure present (1).")] == [
        ("comorbidities: congestive heart failure", 1.0)]
    assert not criteria_read.read("- Ascites: none (0), mild (1), moderate (2).")


CHA2DS2_VASC_MAN_70 = {"age": [70, "years"], "sex": "Male", "hypertension": False, "congestive_heart_failure": False, "diabetes": False,
                       "stroke": False, "vascular_disease": False}


def test_a_markdown_table_of_findings_and_points_is_read_row_by_row():
    trace = ("| Criterion | Patient | Points |\n|---|---|---|\n| Congestive heart failure | No | 0 |\n| Hypertension | Yes | 1 |\n"
             "| Age 65-74 | 70 years | **1** |\n| **Total** | | **2** |\n\nThe CHA2DS2-VASc score is 2.")
    v = verify(trace, calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70).to_dict()
    rows = {s["text"]: (s["verdict"], s["error"]) for s in v["steps"] if s["text"].startswith("|")}
    assert rows["| Hypertension | Yes | 1 |"] == ("incorrect", "criterion")
    assert rows["| Congestive heart failure | No | 0 |"][0] == rows["| Age 65-74 | 70 years | **1** |"][0] == "correct"
    assert rows["| **Total** | | **2** |"][0] == "neutral"
    # a table of the score's rules (no column of what the patient has) states the rule, not this patient's points
    rules = "| Criterion | Points |\n|---|---|\n| Hypertension | 1 |\n| Age ≥ 75 | 2 |"
    assert not flagged(rules, calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)
    assert flagged(rules.replace("| Age ≥ 75 | 2 |", "| Age ≥ 75 | 3 |"), calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)
    # a long table: the header is found far above its last row
    long = ("| Criterion | Patient | Points |\n|---|---|---|\n" + "| Congestive heart failure | No, not documented anywhere | 0 |\n" * 12
            + "| Hypertension | Yes | 1 |\n")
    assert [s["text"] for s in flagged(long, calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)] == ["| Hypertension | Yes | 1 |"]
    # a row without its table's header, or a table with no points column, gives no points
    assert not flagged("| Hypertension | Yes | 1 |", calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)
    assert not flagged("| Finding | Patient | Note |\n|---|---|---|\n| Hypertension | Yes | 1 |", calculator="cha2ds2_vasc",
                       entities=CHA2DS2_VASC_MAN_70)


def test_a_decision_before_the_points_makes_them_this_patients():
    (s,) = flagged("Hypertension: present, 1 point.", calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)
    assert "Hypertension scores 0 for this patient" in s["detail"]
    assert not flagged("Hypertension: 1 point.", calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)  # the rule, listed
    assert [m.phrase.rstrip(".") for m in criteria_read.read("We give 1 point for hypertension.")] == ["for hypertension"]


@pytest.mark.parametrize("text", [r"\[ 0.9938^{60} = 0.5 \]", r"\(0.9938^{60} = 0.5\)", "$0.9938^{60} = 0.5$"])
def test_latex_math_delimiters_are_not_part_of_the_expression(text):
    (s,) = flagged(text)
    assert s["error"] == "arithmetic" and "= 0.6886, not 0.5" in s["detail"]


@pytest.mark.parametrize("text, value", [
    ("72 multiplied by 1.2 equals 88.", 86.4), ("72 times 1.2 is 88.", 86.4), ("The product of 72 and 1.2 is 88.", 86.4),
    ("140 divided by 3 is 50.", 46.6667), ("12 plus 15 equals 30.", 27), ("The sum of 12 and 15 is 30.", 27), ("40 minus 12 is 30.", 28),
    ("2.25 squared is 5.5.", 5.0625), ("1.5 to the power of 2 is 2.5.", 2.25), ("Half of 80 is 30.", 40), ("Twice 40 is 70.", 80),
    ("One third of 90 is 40.", 30), ("10% of 200 is 30.", 20),
    ("72 × 1.2 gives 88.", 86.4), ("72 * 1.2 yields 88.", 86.4), ("72 × 1.2 results in 88.", 86.4), ("72 × 1.2 → 88.", 86.4),
    ("Next, 0.85 × 64.8 mL/min gives 50 mL/min.", 55.08), ("Dose 5 mg/kg × 70 kg gives 300 mg.", 350),
])
def test_an_operation_in_words_or_with_a_verb_for_its_result_is_checked(text, value):
    (s,) = flagged(text)
    assert s["error"] == "arithmetic" and f"= {value}" in s["detail"]
    # the same, right, is not flagged
    assert not flagged(re.sub(r"(is|equals|gives|yields|results in|→) (\d+(?:\.\d+)?)(?=\D*$)", lambda m: f"{m.group(1)} {value:g}", text))


@pytest.mark.parametrize("text", [
    "Age 65-74 → 1 point.", "- 03/24 → 04/24: 31 days", "BP 128/80 => 0.", "So 2018-03-24 minus 85 days = 2017-12-29.",
    "BP 120 over 80, which is 1 point.", "72 × 1.2 → 88 points",
])
def test_ranges_dates_pressures_and_points_are_not_operations_with_a_verb(text):
    assert not flagged(text)


@pytest.mark.parametrize("text", ["154 pounds equals 77 kilograms.", "154 lb, i.e. 77 kg", "Converting 154 lb to kg gives 77 kg.",
                                  "154 lb, that is 77 kg."])
def test_unit_conversions_in_words(text):
    (s,) = flagged(text)
    assert s["error"] == "unit_conversion" and "= 69.85" in s["detail"]
    assert not flagged(text.replace("77", "69.9"))


def test_a_conversion_that_names_no_analyte_converts_the_calculators_only_one():
    (s,) = flagged("115 µmol/L = 1.15 mg/dL.", calculator="ckd_epi_2021")
    assert "= 1.3009 mg/dL, not 1.15" in s["detail"]
    assert not flagged("115 µmol/L = 1.30 mg/dL.", calculator="ckd_epi_2021")
    assert not flagged("115 µmol/L = 1.15 mg/dL.")  # which analyte: not known
    assert not flagged("1 mg/dL = 88.4 mmol/L.", calculator="ckd_epi_2021")  # a unit fact must name its analyte


@pytest.mark.parametrize("text", [
    "Hypertension? Yes, +1.", "Hypertension: 1 (present)", "Hypertension: Yes. Points: 1.", "**Hypertension**: Yes → **+1**",
    "Because he has hypertension, the score goes up by 1.", "Hypertension — yes — 1 pt",
])
def test_more_ways_of_giving_a_finding_its_points(text):
    (s,) = flagged(text, calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)
    assert s["error"] == "criterion" and "Hypertension scores 0 for this patient" in s["detail"]


def test_a_bare_points_sentence_after_recited_bands_names_nothing():
    # the heading's item lists its bands with their points: "So 1 point." is not read as the heading's points
    trace = ("<think>Encephalopathy: - Grade 1: 1 point - Grade 2: 2 points - Grade 3-4: 3 points So mild asterixis likely "
             "corresponds to grade 1. So 1 point.</think>")
    ents = {"encephalopathy": "Grade 3-4", "ascites": "Absent", "bilirubin": [1.0, "mg/dL"], "albumin": [3.6, "g/dL"], "inr": 1.1}
    assert not [s for s in flagged(trace, calculator="child_pugh", entities=ents) if s["text"] == "So 1 point."]


def test_the_templates_dose_wording_is_read():
    # MedCalc-Bench's MME explanation, as models imitate it: doses per day, the drug inside the
    # expression, the factor named before its value
    t = ("The patient's dose of OxyCODONE is 70 mg. The patient takes 3 doses/day of OxyCODONE. This means that the patient "
         "takes 70 mg/dose OxyCODONE * 3 doses/day = 200 mg/day. To convert to mme/day of OxyCODONE, multiply the 210 mg/day "
         "by the MME conversion factor, 1.5 mme/mg, giving us 300 mme/day.")
    ents = {"oxycodone_dose": [70, "mg"], "oxycodone_doses_per_day": 2}
    out = {s["text"][:40]: (s["error"], s["detail"]) for s in flagged(t, calculator="morphine_milligram_equivalents", entities=ents)}
    assert out["The patient takes 3 doses/day of OxyCODO"] == ("extraction", "oxycodone_doses_per_day is 2 1/day in the patient data, not 3 doses/day")
    assert out["This means that the patient takes 70 mg/"][1] == "70 * 3 = 210, not 200"
    assert out["To convert to mme/day of OxyCODONE, mult"][1] == "(210) * (1.5) = 315, not 300"


def test_a_concentration_written_as_an_amount_is_read_as_the_concentration():
    ents = {"sodium": [140, "mmol/L"], "chloride": [100, "mmol/L"], "bicarbonate": [24, "mmol/L"]}
    (s,) = flagged("The mass of sodium is 137.0 mmol.", calculator="anion_gap", entities=ents)
    assert s["detail"] == "sodium is 140 mmol/L in the patient data, not 137 mmol"
    assert not flagged("The mass of sodium is 140.0 mmol.", calculator="anion_gap", entities=ents)


def test_a_formula_substituted_and_left_unevaluated_is_right_when_it_gives_the_patients_result():
    ents = {"sex": "Male", "age": [37, "years"], "creatinine": [1.14, "mg/dL"]}
    t = "GFR = 142 x (1.14/0.9)^-1.2 x 0.9938^{} x 1.0.\nThe eGFR is 84.9 mL/min/1.73 m²."
    right = verify(t.format(37), calculator="ckd_epi_2021", entities=ents).to_dict()["steps"][0]
    assert right["verdict"] == "correct" and "the substituted formula gives 84.949" in right["detail"]
    # another result, or without the patient's data: no verdict from this reading
    assert verify(t.format(47), calculator="ckd_epi_2021", entities=ents).to_dict()["steps"][0]["verdict"] == "neutral"
    assert verify(t.format(37), calculator="ckd_epi_2021").to_dict()["steps"][0]["verdict"] == "neutral"


def test_a_list_of_the_scores_items_with_points_in_brackets_is_the_rule():
    t = "<think>Actually HAS-BLED: Hypertension (1), Stroke (1), Drugs (anticoagulants) (1), Alcohol ({}). Wait, check.</think>"
    (s,) = flagged(t.format(2), calculator="has_bled", entities=HAS_BLED_9_DRINKS)
    assert "never 2" in s["detail"]
    assert not flagged(t.format(1), calculator="has_bled", entities=HAS_BLED_9_DRINKS)  # the rule, not this patient's points
    # values in brackets are not the score's rules
    assert not criteria_read.read("Labs: INR (1.2), bilirubin (2), albumin (3).")


# --- rows of a score's table recited ------------------------------------------------------

def test_a_recited_table_row_is_checked_as_the_bands_rule():
    ents = {"age": [73, "years"], "respiratory rate": [35, "breaths per minute"], "heart rate": [107, "beats per minute"],
            "White blood cell count": [15.1, "10³/µL"]}
    # "10,000-15,000 => 1" is a row of the WBC table, not this patient's band (15,100): APACHE II
    # scores 3-14.9 ×10⁹/L 0, so the row is wrong, although 1 is this patient's points.
    found = flagged("Let's list: WBC 10,000-15,000 => 1 point.", calculator="apache_ii", entities=ents)
    assert [s["error"] for s in found] == ["criterion"] and "scores 0" in found[0]["detail"]
    # A row of the list that names no criterion continues the one before it; it is the patient's
    # band here (a rate of 35), so its points are the patient's.
    found = flagged("Actually RR 30-34 => 1 point, >34 => 2 points.", calculator="apache_ii", entities=ents)
    assert len(found) == 1 and "Respiratory rate scores 3 for this patient, not 2" in found[0]["detail"]
    # Right rows, and a band the patient is not in scored 0, are not flagged.
    assert not flagged("Heart rate 110-139 => 2 points; 140-179 => 3 points.", calculator="apache_ii", entities=ents)
    assert not flagged("HR >180 => 4 points.", calculator="apache_ii", entities=ents)
    ents = {"age": [83, "years"], "sex": "Female", "hypertension": True}
    assert not flagged("- Age 65–74: 0\n- Age ≥75: 2", calculator="cha2ds2_vasc", entities=ents)


def test_a_recited_row_with_points_its_band_never_gets_is_flagged():
    ents = {"age": [73, "years"], "heart rate": [80, "beats per minute"]}
    (s,) = flagged("- Heart rate 140-179: 2", calculator="apache_ii", entities=ents)
    assert s["error"] == "criterion" and "scores 3" in s["detail"]


# --- a criterion folded into another --------------------------------------------------------

_PSI_WOMAN = {"age": [75, "years"], "sex": "Female", "Nursing home resident": True, "Congestive Heart Faliure": True,
              "Pleural effusion on x-ray": True, "Heart Rate or Pulse": [82, "beats per minute"], "respiratory rate": [22, "breaths per minute"],
              "Systolic Blood Pressure": [128, "mm Hg"], "Temperature": [36.5, "degrees celsius"], "pH": 7.4,
              "Blood Urea Nitrogen (BUN)": [27, "mg/dL"], "Sodium": [139, "mEq/L"], "Glucose": [180, "mg/dL"], "Hematocrit": [39, "%"]}


def test_the_womens_minus_ten_left_out_of_the_psi_is_flagged_at_the_age_points():
    trace = "Age: 75 years → 75 points. Nursing home resident: +10. Heart failure: +10. Pleural effusion: +10. Total = 75 + 10 + 10 + 10 = 105."
    found = flagged(trace, calculator="pneumonia_severity_index", entities=_PSI_WOMAN)
    assert found[0]["index"] == 0 and "leaves out Sex" in found[0]["detail"] and "65 for this patient" in found[0]["detail"]
    # Scored as its own item, or folded into the age points, it is not left out.
    scored = trace.replace("Total = 75 + 10 + 10 + 10 = 105.", "Female sex: -10 points. Total = 75 - 10 + 10 + 10 + 10 = 95.")
    assert not flagged(scored, calculator="pneumonia_severity_index", entities=_PSI_WOMAN)
    folded = "Age: 75 − 10 (female) = 65 points. Nursing home resident: +10. Heart failure: +10. Pleural effusion: +10. Total = 65 + 10 + 10 + 10 = 95."
    assert not flagged(folded, calculator="pneumonia_severity_index", entities=_PSI_WOMAN)
    man = dict(_PSI_WOMAN, sex="Male")
    assert not [s for s in flagged(trace, calculator="pneumonia_severity_index", entities=man) if "leaves out" in s["detail"]]


def test_a_criterion_left_out_beside_a_folded_one_is_flagged_at_the_total():
    # The women's −10 left out of the age points and the nursing home's +10 never scored cancel in the
    # gap; the fold is reported at the age, the nursing home at the sum.
    trace = "Age: 75 years → 75 points.\nHeart failure: +1.\nPleural effusion: +10.\nTotal = 75 + 1 + 10 = 86.\nThe score is 86."
    found = flagged(trace, calculator="pneumonia_severity_index", entities=_PSI_WOMAN, answer=86)
    assert any("leaves out Sex" in s["detail"] for s in found)
    (total,) = [s for s in found if s["text"].startswith("Total")]
    assert "left out: Nursing home resident (10)" in total["detail"]


def test_points_for_a_finding_declared_not_a_criterion_are_flagged():
    # FeverPAIN's letters are taken for Pain and Centor's nodes are scored in it: neither is a
    # criterion (the calculator declares them in NOT_CRITERIA).
    ents = {"Fever in past 24 hours": True}
    for sentence in ("The patient had painful swallowing, so 1 point.", "Tender cervical lymphadenopathy: 1 point."):
        (s,) = flagged(sentence + " Total 2.", calculator="feverpain", entities=ents)
        assert s["error"] == "criterion" and "is not a criterion of the FeverPAIN score" in s["detail"]
    # A criterion described with such a word is not flagged ("pain and swelling of the tonsils").
    assert not flagged("Severely inflamed tonsils (pain and swelling of the tonsils): 1 point. Total 2.", calculator="feverpain",
                       entities=dict(ents, **{"Severe tonsil inflammation": True}))
    (s,) = flagged("The FeverPAIN score includes: fever, pain on swallowing, attend rapidly, inflamed tonsils, no cough.", calculator="feverpain")
    assert s["error"] == "formula"


def test_a_finding_whose_points_depend_on_age_and_sex_is_judged_for_this_patient():
    # ATP III smoking points depend on age and sex (a man of 50: 3). "Current smoker" names the
    # finding, not a current total.
    ents = {"sex": "Male", "age": [50, "years"], "Systolic Blood Pressure": [131.0, "mm hg"], "Smoker": True,
            "Total cholesterol": [180.0, "mg/dL"], "high-density lipoprotein cholesterol": [43.0, "mg/dL"],
            "Blood pressure being treated with medicines": False}
    (s,) = flagged("- Current smoker: 2 points\nDone.", calculator="framingham_hard_chd", entities=ents)
    assert "Smoking scores 3 when present for this patient's age and sex, not 2" in s["detail"]
    assert not flagged("- Current smoker: 3 points\nDone.", calculator="framingham_hard_chd", entities=ents)
    # The rule stated for another group is not this patient's.
    assert not flagged("Smoker: 8 points for men 20-39.\nDone.", calculator="framingham_hard_chd", entities=ents)


def test_a_criterion_said_not_to_be_one_is_flagged_when_the_patient_scores_it():
    (s,) = flagged("Pleural effusion? Not part of PSI. Total 95.", calculator="pneumonia_severity_index", entities=_PSI_WOMAN)
    assert "Pleural effusion is a criterion of the" in s["detail"] and "10 points for this patient" in s["detail"]
    (s,) = flagged("<think>Elevated homocysteine?\nNot in Caprini.</think>\nTotal 95.", calculator="pneumonia_severity_index",
                   entities=_PSI_WOMAN) or [{"detail": "none"}]
    assert "criterion of" not in s["detail"]  # not a criterion of this score: nothing denied
    assert not flagged("Diabetes is not part of PSI. Total 95.", calculator="pneumonia_severity_index", entities=_PSI_WOMAN)
    # Denied for a patient who does not have it: the slip changes nothing.
    man = dict(_PSI_WOMAN, **{"Pleural effusion on x-ray": False})
    assert not flagged("Pleural effusion? Not part of PSI. Total 95.", calculator="pneumonia_severity_index", entities=man)


def test_a_patient_value_stated_last_is_not_the_result_the_trace_reaches():
    trace = "Height = 173 cm. Weight = 125 kg. Use the formula: sqrt((weight in kgs * height in cm)/3600)."
    v = verify(trace, calculator="body_surface_area", patient_note="Height 173 cm, weight 125 kg.", answer="2.06").to_dict()
    wrong = [s for s in v["steps"] if s["verdict"] == "incorrect"]
    assert [s["index"] for s in wrong] == [2] and "reaches no result" in wrong[0]["detail"]


def test_two_criteria_scored_as_one_item_are_judged_together():
    ents = {"age": [22, "years"], "Hypertension history": True, "Renal disease criteria for the HAS-BLED rule": True,
            "Liver disease criteria for the HAS-BLED rule": True, "Number of Alcoholic Drinks Per Week": 0}
    (s,) = flagged("3. Abnormal renal/liver: Yes (kidney transplant, hepatic cirrhosis) → +1.\nTotal 3.", calculator="has_bled", entities=ents)
    assert "score 2 together for this patient, not 1" in s["detail"]
    assert not flagged("3. Abnormal renal/liver: Yes (kidney transplant, hepatic cirrhosis) → +2.\nTotal 3.", calculator="has_bled", entities=ents)
    one = dict(ents, **{"Renal disease criteria for the HAS-BLED rule": False})
    assert not flagged("3. Abnormal renal/liver: liver only (cirrhosis) → +1.\nTotal 2.", calculator="has_bled", entities=one)


def test_a_finding_the_patient_scores_in_a_list_given_no_points_is_flagged():
    ents = {"age": [63, "years"], "sex": "Female", "Body Mass Index (BMI)": [27.1, "kg/m^2"]}
    trace = "Other factors (BMI <30, no recent infection, no other thrombophilia) add 0 points.\nTotal 2."
    (s,) = flagged(trace, calculator="caprini", entities=ents)
    assert "scores 1 for this patient, not 0" in s["detail"] and "BMI" in s["detail"]
    assert not flagged(trace, calculator="caprini", entities=dict(ents, **{"Body Mass Index (BMI)": [23.0, "kg/m^2"]}))


def test_the_score_restated_right_after_the_running_total_must_repeat_it():
    trace = ("The issue, 'Dementia,' is present for the patient and so we add 1 point to the score, making the current total 4 + 1 = 5.\n"
             "The patient's CCI score is {} points.\nThe issue, 'AIDS,' is reported to be absent for the patient, keeping the current total at 5.")
    (s,) = flagged(trace.format(6), calculator="charlson_comorbidity_index")
    assert s["error"] == "arithmetic" and "the score so far is 5, restated as 6" in s["detail"]
    assert not flagged(trace.format(5), calculator="charlson_comorbidity_index")


def test_two_findings_named_in_a_template_sentence_joined_by_and_are_not_one_item():
    ents = {"age": [70, "years"], "Hypertension history": True, "Medication usage predisposing to bleeding": True,
            "Prior major bleeding or predisposition to bleeding": True}
    sentence = ("The issue, medications for bleeding, is reported to be present for the patient note and so we increase the score by 1, "
                "making the current score 2 + 1 = 3.")
    assert not [s for s in flagged(sentence, calculator="has_bled", entities=ents) if "together" in s["detail"]]


def test_an_analyte_after_a_unit_inside_a_product_and_e_notation():
    # "0.786 g BUN × 1000.0 mg/g": the analyte after the unit does not end the expression.
    (s,) = flagged("giving us 0.786 g BUN * 1000.0 mg/g = 643.6 mg BUN.")
    assert s["error"] == "unit_conversion" and "786" in s["detail"]
    assert not flagged("giving us 0.786 g BUN * 1000.0 mg/g = 786.0 mg BUN.")
    (s,) = flagged("which will give 0.028 mol BUN * 28.08 g/mol = 0.672 g BUN.")
    assert s["error"] == "arithmetic" and "0.7862" in s["detail"]
    # A number in e-notation is not cut into an expression ("4.2e-05" is not "-05").
    assert not flagged("which will give 4.2e-05 mol Serum Creatinine * 113.12 g/mol = 0.005 g Serum Creatinine.")


def test_a_unit_fact_stated_right_later_does_not_correct_a_wrong_product():
    trace = ("The compound, sodium, has a valence of 1, and so we get 139.0 mmol * 2 mEq/mmol = 139.0 mEq sodium. "
             "The compound, chloride, has a valence of 1, and so we get 104.0 mmol * 1 mEq/mmol = 104.0 mEq chloride.")
    v = verify(trace, calculator="anion_gap").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect"
    # One of two wrong claims recomputed right does not correct the step: the other stays wrong.
    v = verify("<think>So 12 × 3 = 38 and 5 + 5 = 11.\nWe have 12 × 3 = 36.</think>\nAnswer: 36").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect"


def test_a_glucose_the_note_calls_blood_sugar_is_found_there():
    note = "Her C-reactive protein was 22 mg/dl. Her random blood sugar was 92 mg/dl. Sodium 140 mmol/L."
    (s,) = flagged("Measured sodium = 140 mmol/L. Serum glucose = 59 mg/dL.", calculator="sodium_correction_hyperglycemia", patient_note=note)
    assert s["error"] == "extraction" and "92" in s["detail"]
    assert not flagged("Measured sodium = 140 mmol/L. Serum glucose = 92 mg/dL.", calculator="sodium_correction_hyperglycemia", patient_note=note)


def test_weights_heights_and_sodium_as_notes_write_them():
    note = "On examination she was tall, 168 cm, and weighed 63 kg. Serum: Na+: 137 mEq/L Cl-: 100 mEq/L."
    found = flagged("Height = 128 cm. Weight = 87 kg.", calculator="body_surface_area", patient_note=note, answer=None)
    details = " | ".join(s["detail"] for s in found)
    assert "height as 168 cm" in details and "weight as 63 kg" in details
    (s,) = flagged("The sodium is 171 mEq/L.", calculator="anion_gap", patient_note=note)
    assert s["detail"] == "the note gives sodium as 137 mEq/L, not 171 mEq/L"


def test_a_product_written_without_its_sign():
    (s,) = flagged("Calculate MAP: 89 + 1/3(116 - 70) = 70 + 1/3(46) = 70 + 15.333 = 85.333 mm Hg.")
    assert s["error"] == "arithmetic" and "104.3333" in s["detail"]
    assert not flagged("MAP = 70 + 1/3(116 - 70) = 70 + 15.333 = 85.333 mm Hg.")


def test_a_rate_is_checked_for_the_weight_tier_it_is_written_for():
    (s,) = flagged("The formula is 60 mL/hr + 2 mL/kg/hr * (weight (in kilograms) - 20 kilograms).", calculator="maintenance_fluids")
    assert "gives 1 mL/kg/hr for each kg above 20 kg, not 2" in s["detail"]
    (s,) = flagged("4 mL/kg/hr for the first 10 kg, 1 mL/kg/hr for the next 10 kg.", calculator="maintenance_fluids")
    assert "gives 2 mL/kg/hr for the next 10 kg, not 1" in s["detail"]
    assert not flagged("The formula is 60 mL/hr + 1 mL/kg/hr * (weight - 20 kg).", calculator="maintenance_fluids")


def test_a_judgement_criterion_scored_with_points_it_gives_is_checked_as_the_rule():
    v = verify("- PE is the most likely diagnosis (3 points)\nDone.", calculator="wells_pe").to_dict()
    assert v["steps"][0]["verdict"] == "correct" and "judgement" in v["steps"][0]["detail"]
    (s,) = flagged("- PE is the most likely diagnosis (2 points)\nDone.", calculator="wells_pe")
    assert "never 2" in s["detail"]


def test_a_running_total_stated_as_increasing_to_and_an_initial_score():
    trace = ("The initial CHA2DS2-VASc score is 0.\\nThe patient is 65 years old. Ages between 65 and 74 add {} point, so the score "
             "increases to 1.\\nThe patient is female, so 1 point is added, raising the score to 2.")
    found = flagged(trace.format(2), calculator="cha2ds2_vasc")
    # The step is wrong twice over: the band's rule gives 1, and the running total 0 + 2 is not 1.
    assert any("Ages between" in s["text"] and ("the running total is 0 + 2 = 2, not 1" in s["detail"] or "scores 1 for Age" in s["detail"])
               for s in found)
    assert not flagged(trace.format(1), calculator="cha2ds2_vasc")


def test_a_wrong_part_of_the_formula_named_is_flagged():
    # Rautaharju's formula has no square-root denominator: that part is Bazett's.
    from clinverify.verifier.formula_statements import check_statement

    st = check_statement("2. Compute the denominator of the Rautaharju formula: sqrt(RR/1000) = sqrt(759.5 / 1000) = 0.8716.", "qtc_rautaharju")
    assert st is not None and not st.ok


CHA2DS2_HTN = {"age": [70, "years"], "sex": "male", "hypertension": True, "chf": False, "stroke": False, "tia": False,
               "thromboembolism": False, "vascular_disease": False, "diabetes": False}


@pytest.mark.parametrize("line", ["- Hypertension: 0", "- Hypertension: no", "- Hypertension? none.", "- Hypertension: not mentioned."])
def test_a_finding_decided_absent_without_points_is_checked_as_zero(line):
    (s,) = flagged(f"{line}\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_HTN)
    assert s["error"] == "criterion" and "not 0" in s["detail"]
    assert not flagged(f"{line}\nDone.", calculator="cha2ds2_vasc", entities=dict(CHA2DS2_HTN, hypertension=False))


CHA2DS2_83_HTN_DM = {"age": [83, "years"], "sex": "male", "hypertension": True, "diabetes": True, "chf": False, "stroke": False,
                     "tia": False, "thromboembolism": False, "vascular_disease": False}


def test_a_list_of_points_each_for_its_finding_gives_each_its_own_points():
    # "2 for age (≥75), 1 for HTN and 1 for DM": each number belongs to the finding after it (the 2 was
    # read for DM, and "1 point for hypertension" for age, the name before it).
    for text in ("The patient scores 2 for age (≥75), 1 for HTN and 1 for DM.", "He gets 2 for age, 1 for hypertension and 1 for diabetes.",
                 "He gets 2 points for age, 1 point for hypertension and 1 point for diabetes."):
        assert not flagged(text + "\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_83_HTN_DM), text
    (s,) = flagged("He gets 2 for age, 1 for hypertension and 1 for diabetes: total 4.\nDone.", calculator="cha2ds2_vasc",
                   entities=dict(CHA2DS2_83_HTN_DM, diabetes=False))  # the last item before ": total" is read
    assert s["detail"].startswith("Diabetes mellitus scores 0")
    (s,) = flagged("He gets 2 for age, 2 for hypertension and 1 for diabetes.\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_83_HTN_DM)
    assert "Hypertension scores 1" in s["detail"] and "not 2" in s["detail"]
    # the rules listed the same way are no patient's points
    assert not flagged("The score gives points: 2 for age ≥75, 2 for stroke, 1 for CHF and 1 for vascular disease.\nDone.",
                       calculator="cha2ds2_vasc", entities=CHA2DS2_83_HTN_DM)


@pytest.mark.parametrize("line", ["A (age 65–74): not applicable → 0", "A (age 65–74): no → 0", "Age 65–74: not met (he is 83) → 0",
                                  "Age 65–74: does not apply → 0", "- Age 65–74: 0 points (he is over 75)"])
def test_a_band_the_patient_is_not_in_said_not_to_apply_is_no_error(line):
    # CHA2DS2-VASc's A and A2 scored as two items for a man of 83: the 65–74 band gives him 0.
    assert not flagged(line + "\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_83_HTN_DM)
    # his own band scored 0 is an error
    (s,) = flagged(line.replace("65–74", "≥75") + "\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_83_HTN_DM)
    assert "not 0" in s["detail"]


def test_a_formula_in_words_before_its_result_does_not_name_its_first_operand():
    # "Anion gap = sodium minus chloride minus bicarbonate = 12": 12 is the anion gap, not a sodium of 12
    ents = {"sodium": [134, "mmol/L"], "chloride": [105, "mmol/L"], "bicarbonate": [17, "mmol/L"], "albumin": [2.0, "g/dL"]}
    assert not flagged("Anion gap = sodium minus chloride minus bicarbonate = 12.\nDone.", calculator="albumin_corrected_anion_gap", entities=ents)
    (s,) = flagged("Sodium = 120 mEq/L.\nDone.", calculator="albumin_corrected_anion_gap", entities=ents)  # a value still is one
    assert s["error"] == "extraction"


@pytest.mark.parametrize(("calc", "ents", "line"), [
    ("wells_pe", {"heart_rate": [112, "bpm"], "pe_most_likely": True}, "Tachycardia: 1 point."),
    ("perc_rule", {"age": [40, "years"], "heart_rate": [112, "bpm"], "oxygen_saturation": [97, "%"]}, "Tachycardia: 0 points."),
    ("sirs_criteria", {"heart_rate": [112, "bpm"], "temperature": [37, "degC"], "respiratory_rate": [14, "/min"]}, "Tachycardia: 0 points."),
])
def test_tachycardia_names_the_heart_rate_criterion(calc, ents, line):
    (s,) = flagged(line + "\nDone.", calculator=calc, entities=ents)
    assert s["detail"].startswith("Heart rate ")


def test_ldl_substituted_with_the_mmol_divisor_on_mg_dl_values_is_a_wrong_formula():
    # "LDL = 200 − 50 − 150/2.2" in mg/dL: the mmol/L form's divisor (no formula written before it)
    ents = {"total_cholesterol": [200, "mg/dL"], "hdl": [50, "mg/dL"], "triglycerides": [150, "mg/dL"]}
    (s,) = flagged("LDL = 200 − 50 − 150/2.2 = 81.8 mg/dL.\nDone.", calculator="ldl_friedewald", entities=ents)
    assert s["error"] == "formula" and "mmol/L form" in s["detail"]
    assert not flagged("LDL = 200 − 50 − 150/5 = 120 mg/dL.\nDone.", calculator="ldl_friedewald", entities=ents)
    mmol = {"total_cholesterol": [5.2, "mmol/L"], "hdl": [1.3, "mmol/L"], "triglycerides": [1.7, "mmol/L"]}
    assert not flagged("LDL = 5.2 − 1.3 − 1.7/2.2 = 3.13 mmol/L.\nDone.", calculator="ldl_friedewald", entities=mmol)


def test_a_ratio_of_doses_is_read_as_its_factor():
    # "(ratio 20:3)" is the factor 3/20 from prednisone to dexamethasone (was read as a factor of 20)
    ents = {"input_steroid": "Hydrocortisone IV", "input_dose": [100, "mg"], "target_steroid": "PredniSONE PO"}
    assert not flagged("Prednisone 20 mg equals dexamethasone 3 mg (ratio 20:3).\nDone.", calculator="steroid_conversion", entities=ents)
    (s,) = flagged("Prednisone to dexamethasone ratio 20:5.\nDone.", calculator="steroid_conversion", entities=ents)
    assert "factor of 0.15, not 20:5" in s["detail"]


def test_an_unsigned_bracketed_points_among_signed_ones_is_read():
    # "tonsillar exudate (+1), fever (+1), no cough (+1), and is 10 years old (0)": the (0) is the age's points
    ents = {"age": [10, "years"], "tonsillar_exudate": True, "temperature": [38.5, "degC"], "cough_absent": True}
    text = "The patient has tonsillar exudate (+1), fever (+1), no cough (+1), and is 10 years old ({}): total {}.\nDone."
    (s,) = flagged(text.format(0, 3), calculator="centor_mcisaac", entities=ents)
    assert s["detail"].startswith("Age scores 1")
    assert not flagged(text.format("+1", 4), calculator="centor_mcisaac", entities=ents)


CURB65_72 = {"age": [72, "years"], "confusion": False, "bun": [25.2, "mg/dL"], "respiratory_rate": [32, "breaths/min"],
             "systolic_bp": [85, "mmHg"], "diastolic_bp": [50, "mmHg"]}


@pytest.mark.parametrize(("line", "right"), [
    ("He is 72, which is under 65, 0 points.", "He is 72, which is over 65, 1 point."),
    ("Respiratory rate 32/min does not meet the ≥30 criterion (0).", "Respiratory rate 32/min meets the ≥30 criterion (+1)."),
])
def test_a_value_placed_against_a_cutoff_in_a_clause_then_its_points_is_checked(line, right):
    # "which is under 65" after the patient's value (no criterion named), "the ≥30 criterion (0)": the points are the finding's
    (s,) = flagged(line + "\nDone.", calculator="curb_65", entities=CURB65_72)
    assert s["error"] == "criterion" and "not 0" in s["detail"]
    assert not flagged(right + "\nDone.", calculator="curb_65", entities=CURB65_72)


def test_an_absent_option_of_a_graded_criterion_and_a_listed_band_are_not_read_as_zero():
    # Child-Pugh's ascites "none" is its 1-point option; "Age <65: 0" is a row of the rule's bands.
    ents = {"bilirubin": [1.0, "mg/dL"], "albumin": [4.0, "g/dL"], "inr": 1.0, "ascites": "absent", "encephalopathy": "none"}
    assert not flagged("- Ascites: none.\nDone.", calculator="child_pugh", entities=ents)
    assert not flagged("- Ascites: none → 1 point.\nDone.", calculator="child_pugh", entities=ents)
    assert not [m for m in criteria_read.read("Age <65: 0") if m.absent]
    assert [m.absent for m in criteria_read.read("Hypertension: no, 0")] == [False]  # the points written are read


@pytest.mark.parametrize(("text", "ok"), [
    ("The RR interval is computed as 60/(heart rate), and so the RR interval is 60/131 = 0.458.", True),
    ("The RR interval is computed as 90/(heart rate), and so the RR interval is 60/131 = 0.458.", False),
    ("QTc = QT / √(RR interval), where the QT interval is in msec, and RR interval is given as 95/(heart rate).", False),
    ("RR (ms) = 60000 / HR = 60000 / 80 = 750 ms.", True),
])
def test_the_rr_interval_formula_is_checked_in_a_clause_joined_on_by_a_comma(text, ok):
    rr = [c for s in verify(text, calculator="qtc_bazett").steps for c in s.checks if c.kind == "formula" and "RR = 60 / heart rate" in c.detail]
    assert [c.ok for c in rr] == [ok]


def test_a_name_one_letter_off_is_read_as_the_input_but_another_input_word_is_not():
    from clinverify.verifier import knowledge

    assert knowledge.input_for(get("calcium_correction"), "The concentration of Albmumin") == "albumin"
    assert knowledge.input_for(get("mean_arterial_pressure"), "The patient's systiolic blood pressure") == "systolic_bp"
    assert knowledge.input_for(get("ckd_epi_2021"), "height") is None  # a word of other inputs, not a typo of "weight"
    (s,) = flagged("The concentration of Albmumin is 2.1 g/dL.\nDone.", calculator="calcium_correction",
                   entities={"albumin": [3.3, "g/dL"], "calcium": [8.1, "mg/dL"]})
    assert s["error"] == "extraction"


def test_a_count_per_microlitre_written_count_per_ul_is_a_patient_value():
    (s,) = flagged("The patient's concentration of platelets is 228179.3 count/µL.\nDone.", calculator="fib4",
                   entities={"platelets": [149000, "µL"], "age": [50, "years"], "ast": [40, "U/L"], "alt": [30, "U/L"]})
    assert s["error"] == "extraction" and "149" in s["detail"]


def test_an_absence_said_of_a_criterion_that_is_itself_an_absence_is_not_read_as_zero():
    ents = {"age": [30, "years"], "temperature": [38.5, "°C"], "cough_absent": True, "tender_nodes": False, "tonsillar_exudate": False}
    assert not flagged("- Cough absent: none\nDone.", calculator="centor_mcisaac", entities=ents)


def test_an_unevaluated_substitution_matches_the_calculator_on_the_trace_s_own_values():
    trace = ("The patient is a 50 year old man. His weight is 70 kg and his serum creatinine is 1.0 mg/dL.\n"
             "CrCl = (140 - 50) * 70 / (72 * 1.0).\nCrCl = 87.5 mL/min.")
    (step,) = [s for s in verify(trace, calculator="cockcroft_gault").steps if s.text.startswith("CrCl = (140")]
    assert step.verdict == "correct" and "trace's own values" in step.checks[0].detail


def test_a_patient_value_after_the_criterion_s_threshold_and_a_dash_is_read():
    ents = {"temperature": [37.0, "°C"], "heart_rate": [68, "beats per minute"], "respiratory_rate": [16, "breaths per minute"]}
    (s,) = flagged("2) Heart rate >90/min – the patient's HR is 86/min, so not met.\nDone.", calculator="sirs_criteria", entities=ents)
    assert s["error"] == "extraction" and "68" in s["detail"]


def test_a_temperature_under_no_name_and_a_count_with_thousands_judged_by_an_arrow_are_read():
    ents = {"temperature": [38.5, "°C"], "heart_rate": [68, "beats per minute"], "wbc": [8.0, "10^9/L"]}
    (s,) = flagged("1) Temperature >38°C or <36°C. Patient has 39.6°C → meets.\nDone.", calculator="sirs_criteria", entities=ents)
    assert s["error"] == "extraction" and "38.5" in s["detail"]
    assert not flagged("1) Temperature >38°C or <36°C. Patient has 38.5°C → meets.\nDone.", calculator="sirs_criteria", entities=ents)
    (s,) = flagged("4) WBC >12,000/mm3 or <4,000/mm3. WBC 11,626 → does not meet.\nDone.", calculator="sirs_criteria", entities=ents)
    assert s["error"] == "extraction" and "8" in s["detail"]
    assert not flagged("4) WBC >12,000/mm3 or <4,000/mm3. WBC 8,000 → does not meet.\nDone.", calculator="sirs_criteria", entities=ents)


GCS_EXTENSION = {"Best eye response": "eye opening to pain", "Best verbal response": "inappropriate words",
                 "Best motor response": "extension to pain"}


@pytest.mark.parametrize("text", ["Motor: 4", "Best motor response = 4?", "Motor 4 (withdrawal)", "Motor: withdrawal (4)",
                                  "E2 V3 M4", "E2V3M4", "GCS = E2 + V3 + M4 = 9", "Eye opening: 2, Verbal: 3, Motor: 4."])
def test_a_graded_response_written_as_its_number_is_read(text):
    (s,) = flagged(text + "\nDone.", calculator="glasgow_coma_scale", entities=GCS_EXTENSION)
    assert s["error"] == "criterion" and "scores 2" in s["detail"] and "not 4" in s["detail"]
    assert not flagged(text.replace("4", "2") + "\nDone.", calculator="glasgow_coma_scale", entities=GCS_EXTENSION)


def test_a_response_paired_with_the_wrong_number_on_the_scale_is_flagged():
    for text in ('Motor response: "Extension to pain" is 3.', "GCS motor: 3 is extension to pain (decerebrate).",
                 '"Abnormal flexion" is 4.'):
        (s,) = flagged(text + "\nDone.", calculator="glasgow_coma_scale", entities=GCS_EXTENSION)
        assert s["error"] == "criterion" and "on the scale" in s["detail"]
    # Right numbers, and a description that names no one response ("flexion to pain": M3 or M4).
    for text in ('"Extension to pain" is 2.', "Abnormal flexion is 3, extension is 2.", '"Flexion to pain" is 4.'):
        assert not flagged(text + "\nDone.", calculator="glasgow_coma_scale", entities=GCS_EXTENSION)


def test_the_scale_recited_with_numbers_is_not_the_patient_s_response():
    for text in ("GCS motor: 6 = obeys commands; 5 = localizes pain; 4 = withdraws from pain.",
                 "Eye opening spontaneously is 4; to voice is 3; to pain is 2."):
        assert not flagged(text + "\nDone.", calculator="glasgow_coma_scale", entities=GCS_EXTENSION)


def test_a_count_per_week_names_what_it_counts():
    ents = {"Alcohol drinks per week": [3, "drinks/week"], "age": [70, "years"]}
    for text in ("The patient has 16 drinks a week.", "Alcohol: 16 drinks weekly."):
        (s,) = flagged(text + "\nDone.", calculator="has_bled", entities=ents)
        assert s["error"] == "extraction" and "3" in s["detail"]
    assert not flagged("She has 3 drinks a week.\nDone.", calculator="has_bled", entities=ents)


def test_a_tally_line_that_says_it_gives_points_needs_no_tally_around_it():
    ents = {"INR": [1.5, ""], "Total Bilirubin": [2.5, "mg/dL"], "Albumin": [3.2, "g/dL"]}
    for text in ("Score for total bilirubin: 1", "Total bilirubin: 1 (out of 3)"):
        (s,) = flagged(text + "\nDone.", calculator="child_pugh", entities=ents)
        assert s["error"] == "criterion" and "not 1" in s["detail"]
    assert not flagged("Score for total bilirubin: 2\nDone.", calculator="child_pugh", entities=ents)
    # Without the words, one line alone is a value as much as points: not read.
    assert not flagged("Total bilirubin: 1\nDone.", calculator="child_pugh", entities=ents)


def test_a_finding_decided_present_without_points_is_checked_with_the_criterion_s_points():
    (s,) = flagged("- Hypertension: yes\nDone.", calculator="cha2ds2_vasc", entities=dict(CHA2DS2_HTN, hypertension=False))
    assert s["error"] == "criterion" and "not 1" in s["detail"]
    assert not flagged("- Hypertension: yes\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2_HTN)
    # Points written later in the clause are read with their points, not as a bare decision.
    assert not [m for m in criteria_read.read("4. Stroke history: Yes (TIA last year) → +1.") if m.present or m.absent]


DELTA_GAP_ENTS = {"sodium": [148, "mmol/L"], "chloride": [110, "mmol/L"], "bicarbonate": [6, "mmol/L"]}


@pytest.mark.parametrize(("text", "flag"), [
    ("Identify the anion gap (AG) given: 22 mEq/L.", True),  # the note's own gap, not the patient's electrolytes' 32
    ("AG = 22 mEq/L.", True),
    ("AG = 32 mEq/L.", False),
    ("The normal AG is 12 mEq/L.", False),  # a reference value
    ("AG = 148 - (110 + 6) = 32 mEq/L.", False),
])
def test_a_stated_anion_gap_is_checked_against_the_patient_s_electrolytes(text, flag):
    found = flagged(text + "\nDone.", calculator="delta_gap", entities=DELTA_GAP_ENTS)
    assert bool(found) is flag
    if flag:
        assert found[0]["error"] == "extraction" and "32" in found[0]["detail"]


def test_a_computed_gap_restated_is_judged_where_it_was_computed():
    trace = "AG = 148 + 4 - (110 + 6) = 36 mEq/L.\nSo AG = 36.\nDone."  # potassium added: a formula error, once
    found = flagged(trace, calculator="delta_gap", entities=DELTA_GAP_ENTS)
    assert not any("AG is 32" in s["detail"] for s in found)


def test_the_corrected_gap_named_as_a_result_is_not_read_as_the_uncorrected_gap():
    ents = dict(DELTA_GAP_ENTS, albumin=[2.0, "g/dL"])
    assert not [s for s in flagged("The patient's albumin corrected anion gap is 37.0 mEq/L.\nDone.", calculator="albumin_corrected_anion_gap",
                                   entities=ents) if s["error"] == "extraction"]


def test_a_blood_pressure_written_as_one_number_is_the_one_pressure_the_calculator_reads():
    from clinverify.verifier import knowledge

    assert knowledge.input_for(get("glasgow_blatchford"), "The patient's blood pressure is") == "systolic_bp"
    assert knowledge.input_for(get("curb_65"), "The patient's blood pressure is") is None  # systolic and diastolic: either
    assert knowledge.input_for(get("glasgow_blatchford"), "mean arterial pressure") is None


@pytest.mark.parametrize("text", ["2. Age: 73 → age points = 4.", "Age points: 4.", "So heart rate points = 0; age points = 4."])
def test_a_tally_named_as_points_is_judged_and_is_not_the_finding_s_value(text):
    ents = {"age": [73, "years"], "heart rate": [80, "beats per minute"]}
    (s,) = flagged(text + "\nNext, the physiology.", calculator="apache_ii", entities=ents)
    assert s["error"] == "criterion" and "scores 5" in s["detail"]
    assert "patient data" not in s["detail"]
    assert not flagged(text.replace("4", "5") + "\nNext, the physiology.", calculator="apache_ii", entities=ents)


@pytest.mark.parametrize("text", ["Age 19 → -1", "Age: -1", "Age: 19 → −1 point."])
def test_negative_points_after_an_arrow_or_a_colon_are_read(text):
    ents = {"age": [19, "years"]}
    (s,) = flagged(text + "\nNext, the exudate.", calculator="centor_mcisaac", entities=ents)
    assert s["error"] == "criterion" and "scores 0" in s["detail"]
    assert not flagged(text.replace("19", "50") + "\nNext, the exudate.", calculator="centor_mcisaac", entities={"age": [50, "years"]})


def test_caprini_trauma_and_cancer_as_models_name_them():
    ents = {"age": [30, "years"], "Multiple trauma in the last month": True}
    (s,) = flagged("- Recent trauma (motor vehicle collision) → 2 points.\nNext, the history.", calculator="caprini", entities=ents)
    assert "Multiple trauma" in s["detail"] and "scores 5" in s["detail"]
    assert not flagged("- Current cancer: 2 points.\nNext, the history.", calculator="caprini", entities=ents)  # Caprini's malignancy


@pytest.mark.parametrize("text", ["PaO₂/FiO₂ = 78/0.21 ≈371 mmHg → 0 points.", "PaO2 78 mmHg → 0 points.", "Oxygenation: 0 points."])
def test_apache_oxygenation_named_by_what_models_write_is_judged(text):
    ents = {"age": [73, "years"], "FiO₂": [63.0, "%"], "A-a gradient": 331.0}
    (s,) = flagged(text + "\nNext, the pH.", calculator="apache_ii", entities=ents)
    assert "Oxygenation scores 2" in s["detail"]
    assert not flagged("A-a gradient 331 → 2 points.\nNext, the pH.", calculator="apache_ii", entities=ents)


@pytest.mark.parametrize("text", ["So Pain: 1.", "So pain point = 1."])
def test_a_tally_for_a_finding_the_score_declares_is_not_its_criterion_is_flagged(text):
    (s,) = flagged(text + "\nNext, the fever.", calculator="feverpain")
    assert "is not a criterion of the FeverPAIN score" in s["detail"]
    assert not flagged("Pain: 0.\nNext, the fever.", calculator="feverpain")  # no points given to it
    assert not flagged("So Purulence: 1.\nNext, the fever.", calculator="feverpain")


@pytest.mark.parametrize("text, ok", [
    ("The threshold for alcohol in HAS-BLED is >14 drinks per week.", False),
    ("HAS-BLED counts alcohol use > 2 drinks per week as risk.", False),
    ("HAS-BLED counts alcohol use ≥ 8 drinks per week.", True),
])
def test_a_criterion_s_cut_off_stated_as_the_rule_is_checked_where_its_points_change(text, ok):
    found, _ = criteria_read.stated_cutoffs(text, 0, get("has_bled"))
    assert [f[2] for f in found] == [ok]
    if not ok:
        assert "cut-off of Alcohol" in found[0][3] and "is 8" in found[0][3]


@pytest.mark.parametrize("text", [
    "The threshold for alcohol is ≥ 2 drinks/day.",  # another unit: not converted, not judged
    "The patient drinks more than 2 drinks per week, which counts.",  # the patient's value, not the rule
    'The note says "required oxygen to maintain oxygen saturation above 90%."',
])
def test_cut_offs_that_are_not_the_rule_in_the_criterion_s_unit_are_not_judged(text):
    assert criteria_read.stated_cutoffs(text, 0, get("has_bled"))[0] == []
    assert criteria_read.stated_cutoffs(text, 0, get("perc_rule"))[0] == []


def test_a_wrong_cut_off_restated_in_the_thinking_is_not_an_alternative_dropped():
    trace = ("<think>The threshold for alcohol in HAS-BLED is >14 drinks per week? Actually the threshold is >14 drinks per week. "
             "She has 12 per week, so no point.</think>\nAlcohol: 0 points.")
    v = verify(trace, calculator="has_bled").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect" and "cut-off" in v["steps"][0]["detail"]


_CUTOFF_WORDS = ["threshold ", "cut-off ", "counts ", "alcohol ", "age ", "heart rate ", ">", "≥", "<", " 14", " 8", " 2.5",
                 " drinks per week", " drinks/day", " years", ". ", "; ", "\n", " or ", "?", '"', "patient "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_CUTOFF_WORDS), max_size=60))
def test_fuzz_stated_cut_offs_read_any_text_in_bounded_time(parts):
    text = "".join(parts)
    for calc in ("has_bled", "cha2ds2_vasc", "perc_rule"):
        t0 = time.perf_counter()
        found, _ = criteria_read.stated_cutoffs(text, 0, get(calc))
        assert time.perf_counter() - t0 < 2.0  # typical well under 10 ms
        assert all(0 <= a < b <= len(text) for a, b, *_ in found)


_RULE_WORDS = ["for every ", "for each ", "per ", " 100", " 1.6", "-9", " 50-54", ": ", " - ", " mg/dL", " mEq/L", " g/dL", " increase in glucose",
               " sodium falls by ", " rises by ", "about ", "Age points", "Total cholesterol", "HDL", " (if untreated)", ", ", ". ", "\n", "→ ", "=> "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_RULE_WORDS), max_size=80))
def test_fuzz_slopes_and_recited_table_rows_read_any_text_in_bounded_time(parts):
    text = "".join(parts)
    for calc in ("sodium_correction_hyperglycemia", "albumin_corrected_anion_gap", "framingham_hard_chd"):
        c = get(calc)
        t0 = time.perf_counter()
        slopes = parameters.read_slopes(text, 0, c)
        rows = criteria_read.table_rows(text, 0, c, {"age": 52, "sex": "male", "total_cholesterol": 170}, {"atp_age_points": 6})
        assert time.perf_counter() - t0 < 2.0  # typical well under 10 ms
        assert all(0 <= a < b <= len(text) for a, b, *_ in (*slopes, *rows))


@pytest.mark.parametrize("text", ["Total cholesterol 160-199 for age 50-59: 1 point.", "Total cholesterol 160-199 at age 50-59: 1 point."])
def test_an_age_band_qualifying_a_band_is_read_as_brackets_are(text):
    ents = {"sex": "Male", "age": [50, "years"], "Systolic Blood Pressure": [131.0, "mm hg"], "Smoker": True, "Total cholesterol": [107.0, "mg/dL"],
            "high-density lipoprotein cholesterol": [43.0, "mg/dL"], "Blood pressure being treated with medicines": False}
    (s,) = flagged(text + "\nNext, HDL.", calculator=46, entities=ents)
    assert "scores 2 for Total cholesterol" in s["detail"]
    assert not flagged(text.replace("1 point", "2 points") + "\nNext, HDL.", calculator=46, entities=ents)


def test_a_value_only_inside_a_larger_number_or_with_a_time_unit_does_not_appear_in_the_note():
    note = "A 19-month-old boy, birth weight 2.4 kg, seen for 9 months of poor feeding."
    kw = dict(calculator="maintenance_fluids", patient_note=note)
    (s,) = flagged("We estimate his weight at about 9 kg.\nNext, the rate.", **kw)
    assert "the note gives weight as 2.4 kg" in s["detail"]
    assert not flagged("His weight is 2.4 kg.\nNext, the rate.", **kw)


ATP_MAN = {"sex": "Male", "age": [50, "years"], "Systolic Blood Pressure": [131.0, "mm hg"], "Smoker": True, "Total cholesterol": [107.0, "mg/dL"],
           "high-density lipoprotein cholesterol": [43.0, "mg/dL"], "Blood pressure being treated with medicines": False}


def test_an_arrow_to_a_risk_is_no_comparison_and_rows_of_the_point_table_are_checked():
    (s,) = flagged("So 12 points => 6-9% 10-year risk.\nDone.", calculator=46, entities=ATP_MAN)
    assert "12 points 10 %" in s["detail"] and "not 6-9%" in s["detail"]
    assert not flagged("So 12 points => 10% 10-year risk.\nDone.", calculator=46, entities=ATP_MAN)
    # A recited row is judged where a total of this trace falls in it (here 12), not elsewhere.
    found = flagged("Points to risk: 9-10 => 4-6% 11-12 => 6-9% 13-14 => 9-12%. So 12 points.\nDone.", calculator=46, entities=ATP_MAN)
    assert [s["detail"].count("not 6-9%") for s in found] == [1]
    assert "not 9-12%" not in found[0]["detail"]
    assert not flagged("Age 50-54: 6%.\nDone.", calculator=46, entities=ATP_MAN)


def test_a_substitution_without_the_patient_s_data_must_put_the_values_the_trace_stated():
    head = "Patient's weight = 125 kg.\nPatient's height = 173 cm.\nBSA = sqrt((weight * height) / 3600).\n"
    (s,) = flagged(head + "Calculate BSA: sqrt((92 * 173) / 3600).\nNext, the root.", calculator="body_surface_area")
    assert s["error"] == "extraction" and "the trace stated weight as 125" in s["detail"]
    assert not flagged(head + "Calculate BSA: sqrt((125 * 173) / 3600).\nNext, the root.", calculator="body_surface_area")
    assert not flagged(head + "Calculate BSA: sqrt((125 * 1.73) / 3600).\nNext, the root.", calculator="body_surface_area")  # another scale: not judged here


def test_a_finding_s_component_and_a_tally_named_with_its_value_are_this_patient_s_points():
    (s,) = flagged("That likely means <38°C. So fever component: 0.\nNext, purulence.", calculator="feverpain", entities={"fever_24h": True})
    assert "scores 1 for this patient, not 0" in s["detail"]
    ents = {"age": [45, "years"], "Body Mass Index (BMI)": [27.1, "kg/m^2"]}
    (s,) = flagged("BMI 27.1 <30 = 0.\nNext, the surgery.", calculator="caprini", entities=ents)
    assert "Obesity" in s["detail"] and "not 0" in s["detail"]
    # A sum written with its terms named is not one term's points.
    assert not flagged("Check: Eye 2, Verbal 1, Motor 2 = 5.\nDone.", calculator="glasgow_coma_scale",
                       entities={"Best eye response": "eye opening to pain", "Best verbal response": "no verbal response",
                                 "Best motor response": "extension to pain"})


def test_a_bare_count_with_thousands_separators_names_the_criterion_whose_value_it_is():
    ents = {"age": [73, "years"], "White blood cell count": [15105.0, "µL"]}
    (s,) = flagged("15,105 > 15,000, so 2 points.\nNext, the GCS.", calculator="apache_ii", entities=ents)
    assert "White blood cell count scores 1" in s["detail"]
    assert not flagged("White blood cell count: 15,105 cells/µL => 10,001-15,000 => 1 point.\nNext, the GCS.", calculator="apache_ii",
                       entities=ents)  # the 10 of "10,001" is no points


def test_a_patient_value_judged_against_its_cut_off_is_checked():
    (s,) = flagged("- **Elderly**: age 44 (>65) → +1.\nNext, drugs.", calculator="has_bled", entities={"age": [72, "years"]})
    assert s["error"] == "extraction" and "72" in s["detail"]
    assert not flagged("- **Elderly**: age 72 (>65) → +1.\nNext, drugs.", calculator="has_bled", entities={"age": [72, "years"]})


def test_points_after_a_value_in_brackets_and_after_a_one_sided_band_are_judged():
    (s,) = flagged("- Age >65: yes (72) → +3.\nNext, drugs.", calculator="has_bled", entities={"age": [72, "years"]})
    assert "Age scores 1 for this patient, not 3" in s["detail"]
    ents = {"Total Bilirubin": [1.9, "mg/dL"], "Albumin": [3.3, "g/dL"], "international normalized ratio": 1.6,
            "Ascites": "absent", "Hepatic encephalopathy": "no encephalopathy"}
    (s,) = flagged("Bilirubin 1.9 mg/dL falls in the <2 mg/dL range → 3 point.\nNext, albumin.", calculator="child_pugh", entities=ents)
    assert "bilirubin scores 1" in s["detail"].lower()
    assert not flagged("Bilirubin 1.9 mg/dL falls in the <2 mg/dL range → 1 point.\nNext, albumin.", calculator="child_pugh", entities=ents)
    (s,) = flagged("No hormonal use; +1 point.\nNext, surgery.", calculator="perc_rule")
    assert "Hormone use scores 0" in s["detail"]


# A 50-year-old man's ATP III data (the Framingham hard-CHD calculator).
ATP_MAN_50 = {"sex": "Male", "age": [50, "years"], "Systolic Blood Pressure": [131.0, "mm hg"], "Smoker": True,
              "Total cholesterol": [170.0, "mg/dL"], "high-density lipoprotein cholesterol": [43.0, "mg/dL"],
              "Blood pressure being treated with medicines": False}


def test_points_after_a_table_recited_on_one_line_are_the_findings():
    # "Systolic BP points (if untreated): - <120: 0 - … SBP 131 => 2 points": the rows are the table;
    # the points after them are this patient's (untreated SBP 131 scores 1 in ATP III), and the
    # table's "(if untreated)" does not make them a rule.
    ents = ATP_MAN_50
    trace = "Systolic BP points (if untreated): - <120: 0 - 120-129: 0 - 130-139: 1 - 140-159: 1 - >=160: 2 SBP 131 => {} points."
    (s,) = flagged(trace.format(2), calculator="framingham_hard_chd", entities=ents)
    assert s["error"] == "criterion" and "scores 1 for this patient, not 2" in s["detail"]
    assert not flagged(trace.format(1), calculator="framingham_hard_chd", entities=ents)
    # The table's head names the finding when the tail does not ("Our ratio 142.6 => 3").
    ents = {"Partial pressure of oxygen (PaO₂) for Apache II": [77.0, "mm Hg"], "FiO₂": [54.0, "%"], "Continous positive airway pressure": True,
            "On mechanical ventilation": False}
    v = verify("PaO2/FiO2: - >400: 0 - 301-400: 1 - 201-300: 2 - 101-200: 3 - <=100: 4 Our ratio 142.6 => 3.",
               calculator="sofa", entities=ents)
    assert [c.detail for s in v.steps for c in s.checks if c.kind == "criterion"] == ["Respiration (PaO2/FiO2): 3 points"]


def test_a_table_recited_as_a_dashed_list_is_judged_where_it_meets_the_patient():
    # "For men: Age points: - 20-34: 0 - … - 50-54: 8 - 55-59: 10": the rows of a table the patient's
    # sex selects (ATP III), recited as a dashed list under its name; the row holding the patient's
    # age (50) gives 6 points, not 8. The other rows are the table (not this patient's) and are not judged.
    ents = ATP_MAN_50
    trace = "For men: Age points: - 20-34: -9 - 35-39: -4 - 40-44: 0 - 45-49: 3 - 50-54: {} - 55-59: 10 - 60-64: 12 Then cholesterol."
    (s,) = flagged(trace.format(8), calculator="framingham_hard_chd", entities=ents)
    assert s["error"] == "criterion" and "Age scores 6 for this patient, not 8 (Age 50-54)" in s["detail"]
    assert not flagged(trace.format(6), calculator="framingham_hard_chd", entities=ents)
    # A wrong row of a band the patient is not in ("55-59: 10") is not judged in a dashed list.
    assert not flagged("Age points: - 50-54: 6 - 55-59: 10 Then cholesterol.", calculator="framingham_hard_chd", entities=ents)
    # Points that another finding changes (APACHE II's creatinine, doubled for acute renal failure) are
    # not a table row's: the recited row is not held against the patient's doubled points.
    ents = {"age": [60, "years"], "creatinine": [4.58, "mg/dL"], "Acute renal failure": True}
    v = verify("Creatinine: - 2.0-3.4: 3 - 3.5-4.9: 4 - >=5: 4 Then the sodium.", calculator="apache_ii", entities=ents)
    assert not [c for s in v.steps for c in s.checks if c.ok is False and "Creatinine" in c.detail]


def test_a_strict_band_does_not_hold_its_bound():
    # Child-Pugh bilirubin: "<2 mg/dL: 1 point" is not the band of a bilirubin of exactly 2.0 mg/dL (2 points).
    ents = {"Bilirubin": [2.0, "mg/dL"], "Ascites": "absent", "international normalized ratio": 1.9,
            "Albumin": [3.2, "g/dL"], "Encephalopathy": "Grade 1-2"}
    assert not flagged("Bilirubin <2 mg/dL: 1 point, 2-3 mg/dL: 2 points, >3 mg/dL: 3 points.", calculator="child_pugh", entities=ents)
    (s,) = flagged("Bilirubin <2 mg/dL: 1 point, 2-3 mg/dL: 1 point, >3 mg/dL: 3 points.", calculator="child_pugh", entities=ents)
    assert "scores 2 for this patient, not 1" in s["detail"]


def test_a_rules_list_joined_by_dashes_on_one_line_is_the_rules():
    # Items with their points in brackets, joined by list dashes on one line, are the score's rules;
    # the points after the list ("We have: Age 83 => age ≥75 => 2 points") are the patient's.
    ents = {"age": [83, "years"], "sex": "Male", "hypertension": True}
    trace = ("CHA2DS2-VASc components: - Congestive heart failure (1) - Hypertension (1) - Age ≥75 (2) - Diabetes mellitus (1) "
             "- Stroke/TIA/thromboembolism (2) - Vascular disease (prior MI, PAD, aortic plaque) (1) - Age 65-74 (1) - Sex category (female) (1) "
             "We have: Age 83 => age ≥75 => {} points. Hypertension => 1 point. Total 3.")
    assert not flagged(trace.format(2), calculator="cha2ds2_vasc", entities=ents)
    (s,) = flagged(trace.replace(" => age ≥75", "").format(1), calculator="cha2ds2_vasc", entities=ents)
    assert "Age" in s["detail"] and "scores 2" in s["detail"] and "not 1" in s["detail"]
    (s,) = flagged(trace.replace("Diabetes mellitus (1)", "Diabetes mellitus (3)").format(2), calculator="cha2ds2_vasc", entities=ents)
    assert "Diabetes" in s["detail"] and "never 3" in s["detail"]


def test_items_scored_before_on_one_line_do_not_name_the_next():
    # "S - Stroke history (…) = 0 B - Bleeding history (…) = 0 E - Elderly (age >65) = 1 point": the last
    # points are the elderly item's, not bleeding history's (this patient has no bleeding history).
    ents = {"age": [70, "years"], "Hypertension": True, "Prior major bleeding or predisposition to bleeding": False}
    trace = ("S - Stroke history (prior stroke/TIA) = 0 B - Bleeding history or predisposition (history of bleeding) = 0 "
             "L - Labile INR (INR >3 or >3.5) = 0 E - Elderly (age >65) = {} point. Total 2.")
    assert not [s for s in flagged(trace.format(1), calculator="has_bled", entities=ents) if s["error"] == "criterion"]
    (s,) = [s for s in flagged(trace.format(2), calculator="has_bled", entities=ents) if s["error"] == "criterion"]
    assert "Elderly" in s["detail"] or "Age" in s["detail"]


def test_points_written_as_a_sum_of_items_are_not_one_items():
    # "fever … and purulent exudates, giving 1+1=2 points": the sum of two items, not 2 points for fever.
    found = criteria_read.read("In this case the child has a fever of 39.6 °C and purulent exudates, giving 1+1=2 points.")
    assert found == []
    assert [m.points for m in criteria_read.read("Fever of 39.6 °C gives 1 point.")] == [1.0]


def test_a_right_formula_applied_to_other_values_is_not_a_wrong_formula():
    # The trace states the supine and standing pressures, the calculator's MAP formula, then substitutes the
    # standing ones: the formula holds; the answer differs from the patient's by the values, not the formula.
    ents = {"Systolic Blood Pressure": [89.0, "mm hg"], "Diastolic Blood Pressure": [52.0, "mm hg"]}
    trace = ("1. Identify the blood pressure values given: supine 89/52 mm Hg and standing 69/40 mm Hg.\n"
             "2. Mean arterial pressure (MAP) is calculated as MAP = (SBP + 2×DBP)/3.\n"
             "3. Plug in the standing values: MAP = (69 + 2×40)/3 = (69 + 80)/3 = 149/3 ≈ 49.7 mm Hg.\n"
             "4. Round: about 50 mm Hg.")
    note = "Blood pressure was 89/52 mm Hg supine and 69/40 mm Hg standing."
    v = verify(trace, calculator="mean_arterial_pressure", entities=ents, patient_note=note)
    assert not [s for s in v.to_dict()["steps"] if s["error"] == "formula"]
    assert v.answer.correct is False and v.answer.cause == "extraction"
    # A formula the trace gets wrong is still blamed where it states it.
    wrong = verify(trace.replace("(SBP + 2×DBP)/3", "(SBP + DBP)/2").replace("(69 + 2×40)/3 = (69 + 80)/3 = 149/3 ≈ 49.7", "(89 + 52)/2 = 70.5")
                   .replace("about 50", "about 70.5"), calculator="mean_arterial_pressure", entities=ents, patient_note=note)
    assert [s["error"] for s in wrong.to_dict()["steps"] if s["verdict"] == "incorrect"][:1] == ["formula"]


def test_a_wrong_result_restated_as_written_is_reported_once():
    # 175 × 3.08^−1.154 × 67^−0.203 is 20.35: "= 20.109" is the error; "the GFR is 20.109" carries it on.
    trace = ("Plugging in the values: GFR = 175 * (3.08)^(-1.154) * (67)^(-0.203) * 1 * 1 = 20.109.\n"
             "Therefore, the patient's GFR is 20.109 mL/min/1.73 m².")
    found = [s for s in flagged(trace, calculator="mdrd_gfr") if s["error"] == "arithmetic"]
    assert len(found) == 1 and "20.3497" in found[0]["detail"] and found[0]["text"].startswith("Plugging")
    # A restatement that differs from both what was written and the value is still wrong.
    found = [s for s in flagged(trace.replace("is 20.109", "is 24.5"), calculator="mdrd_gfr") if s["error"] == "arithmetic"]
    assert len(found) == 2 and "restated as 24.5" in found[1]["detail"]


def test_a_value_restated_in_a_list_item_is_checked_against_its_computation():
    # "- Free Water Deficit = 1.8 L * (0.9286 - 1)" then "- Free Water Deficit = -0.12857 L.": the list item
    # restates the value computed under the same name.
    trace = ("- Free Water Deficit = 1.8 L * (0.9286 - 1)\n- Free Water Deficit = {} L.\n"
             "The free water deficit is about -0.13 L.")
    assert not flagged(trace.format("-0.12857"), calculator="free_water_deficit")
    (s,) = [s for s in flagged(trace.format("-0.2857"), calculator="free_water_deficit") if s["error"] == "arithmetic"]
    assert "restated as -0.2857" in s["detail"]


def test_a_mnemonic_letter_in_bold_is_part_of_its_word():
    # "- **E**lderly (>65 yrs) – 67 yrs → +1": HAS-BLED's E, its letter in bold, names the elderly criterion.
    ents = {"age": [67, "years"], "Hypertension": True}
    assert criteria_read.read("- **E**lderly (>65 yrs) – 67 yrs → +1")[0].phrase.startswith("Elderly")
    assert not flagged("- **E**lderly (>65 yrs) – 67 yrs → +1", calculator="has_bled", entities=ents)
    (s,) = flagged("- **E**lderly (>65 yrs) – 67 yrs → +0", calculator="has_bled", entities=ents)
    assert s["error"] == "criterion" and "scores 1" in s["detail"]


def test_a_clause_opening_with_a_criterions_label_is_that_criterions():
    # "Encephalopathy: mild asterixis and slight mental slowness = grade I → 2 points": the label names the
    # criterion; "slight" (an ascites option) in the description does not.
    ents = {"Bilirubin": [2.0, "mg/dL"], "Ascites": "absent", "international normalized ratio": 1.9,
            "Albumin": [3.2, "g/dL"], "Encephalopathy": "Grade 1-2"}
    text = "3. Encephalopathy: mild asterixis and slight mental slowness = grade I → {} points."
    v = verify(text.format(2), calculator="child_pugh", entities=ents)
    assert [c.detail for s in v.steps for c in s.checks if c.kind == "criterion"] == ["Encephalopathy: 2 points"]
    (s,) = flagged(text.format(1), calculator="child_pugh", entities=ents)
    assert "Encephalopathy scores 2" in s["detail"]


def test_an_age_band_in_words_names_the_age_criterion():
    # "Ages between 65 and 74 add 1 point": plural "ages" and a band written "between … and …".
    note = "A 65-year-old woman with hypertension."
    assert not flagged("The patient is 65 years old. Ages between 65 and 74 add 1 point, so the score increases to 1.",
                       calculator="cha2ds2_vasc", patient_note=note)
    (s,) = flagged("Ages between 65 and 74 add 2 points.", calculator="cha2ds2_vasc", patient_note=note)
    assert "scores 1" in s["detail"] and "Age" in s["detail"]
    # A band the patient is not in, stated with the wrong points, is a wrong rule (75-90 scores 2).
    (s,) = flagged("Ages between 75 and 90 add 1 point.", calculator="cha2ds2_vasc", patient_note=note)
    assert "75-90" in s["detail"] and "scores 2" in s["detail"]


def test_total_body_weight_is_the_patients_weight():
    ents = {"sex": "Male", "height": [63, "in"], "weight": [56.8, "kg"]}
    assert [s["verdict"] for s in verify("4. Total body weight (TBW) given = 56.8 kg.\nDone.", calculator="adjusted_body_weight",
                                         entities=ents).to_dict()["steps"]][:1] == ["correct"]
    (s,) = flagged("4. Total body weight (TBW) given = 60 kg.\nDone.", calculator="adjusted_body_weight", entities=ents)
    assert s["error"] == "extraction"
    # Total body water is another quantity.
    assert not flagged("Total body water = 34 L.\nDone.", calculator="adjusted_body_weight", entities=ents)


def test_points_each_for_a_list_state_the_rule_of_every_finding_listed():
    found = criteria_read.read("The Centor criteria assign 1 point each for: (1) tonsillar exudates, (2) tender anterior nodes, (3) fever.")
    assert [(m.points, m.phrase, m.recital) for m in found] == [
        (1.0, "tonsillar exudates", True), (1.0, "tender anterior nodes", True), (1.0, "fever", True)]
    ents = {"age": [19.0, "years"], "Temperature": [100.8, "degrees fahreinheit"], "Tender/swollen anterior cervical lymph nodes": True,
            "Cough Absent": False, "Exudate or swelling on tonsils": False}
    (s,) = flagged("Centor: 2 points each for tonsillar exudates and absence of cough.", calculator="centor_mcisaac", entities=ents)
    assert "never 2" in s["detail"]
    # A wrong rule in the thinking, stated right just after, is corrected.
    trace = ("<think>The Centor criteria: 4 points for tonsillar exudates, 3 for tender anterior cervical lymphadenopathy, 1 for absence of "
             "cough.\nBut the original Centor: 1 point each for tonsillar exudates, tender anterior cervical lymphadenopathy, absence of "
             "cough.\nDone.</think>\nThe score is 1.")
    v = verify(trace, calculator="centor_mcisaac", entities=ents).to_dict()
    assert [s["verdict"] for s in v["steps"]][:2] == ["corrected", "correct"]


def test_a_word_other_inputs_share_does_not_name_a_value_in_the_note():
    # The note has no mean arterial pressure: "arterial blood gas … pH of 7.29" and "blood pressure is 138/92"
    # name other quantities; a MAP the trace states is not "given as 7.29, 138" by the note.
    note = ("His blood pressure is 138/92 mmHg, heart rate is 107 beats per minute. His arterial blood gas analysis reveals "
            "a pH of 7.29, a PaO2 of 78 mm Hg.")
    v = verify("Mean arterial pressure: 107 mmHg, which falls in the 70-109 range (0 points).\nDone.", calculator="apache_ii",
               patient_note=note)
    assert not [c for s in v.steps for c in s.checks if c.kind == "extraction" and c.ok is False]
    # A drug's name still names its dose (its doses per day are measured otherwise).
    found = flagged("The patient's dose of OxyCODONE is 54 mg.\nDone.", calculator="morphine_milligram_equivalents",
                    patient_note="OxyCODONE 70 mg three times a day.")
    assert [s["error"] for s in found] == ["extraction"]


def test_a_count_written_per_microlitre_or_with_its_scale_names_its_band():
    # APACHE II WBC 15.105 × 10^9/L (15-19.9: 1 point), written "15.1 × 10^3/µL" or "15,105" per µL.
    ents = {"age": [73, "years"], "White blood cell count": [15105.0, "µL"]}
    for said in ("White blood cell count 15.1 × 10^3/µL", "WBC 15,105", "WBC 15.1 x10^9/L"):
        v = verify(f"{said}: 1 point.\nDone.", calculator="apache_ii", entities=ents)
        assert "White blood cell count: 1 points" in [c.detail for s in v.steps for c in s.checks if c.kind == "criterion"], said
        (s,) = flagged(f"{said}: 2 points.\nDone.", calculator="apache_ii", entities=ents)
        assert "scores 1" in s["detail"], said


def test_points_doubled_are_the_findings():
    # APACHE II creatinine ≥ 3.5 mg/dL: 4 points, doubled in acute renal failure: 8.
    ents = {"age": [73, "years"], "creatinine": [4.58, "mg/dL"], "Acute renal failure": True}
    for text in ("Cr 4.58 => 4, double for ARF => 8.", "Creatinine 4.58 mg/dL → 4 points, doubled for acute renal failure → 8 points."):
        v = verify(text + "\nDone.", calculator="apache_ii", entities=ents)
        assert [c.detail for s in v.steps for c in s.checks if c.kind == "criterion"] == ["Creatinine: 8 points"], text
    assert flagged("Creatinine 4.58 mg/dL → 4 points, doubled for acute renal failure → 10 points.\nDone.", calculator="apache_ii", entities=ents)


def test_a_value_computed_under_another_name_is_not_restated():
    # "corrected AG = 22 - 0.5 = 21.5" does not make a later "measured AG = 22" the trace's own result restated:
    # the note's electrolytes give an anion gap of 148 - (110 + 6) = 32.
    ents = {"Chloride": [110.0, "mmol/L"], "Albumin": [4.2, "g/dL"], "Bicarbonate": [6.0, "mmol/L"], "Sodium": [148.0, "mmol/L"]}
    trace = ("<think>So corrected AG = 22 - 0.5 = 21.5.</think>\n"
             "1. Identify the measured anion gap (AG) from the lab data: AG = 22 mEq/L.\n2. The delta gap is 9.5 mEq/L.")
    found = [s for s in flagged(trace, calculator="albumin_corrected_delta_gap", entities=ents) if s["error"] == "extraction"]
    assert any("AG is 32 for this patient, not 22" in s["detail"] for s in found)


def test_points_named_before_a_reason_in_brackets_are_the_named_criterions():
    # "Chronic health points: 5 (nonoperative patient with cirrhosis)": the bracket gives the reason, not a name
    # (as in "2 (eye) + 3 (verbal)"); "Sum the points: 2 (age) + …" stays a sum of named terms.
    assert [(m.points, m.phrase, m.tally) for m in criteria_read.read("Chronic health points: 5 (nonoperative patient with cirrhosis).")] == [
        (5.0, "Chronic health points", True)]
    assert [m.phrase for m in criteria_read.read("2. Sum the points: 2 (age) + 1 (hypertension) + 1 (diabetes) = 4.")] == [
        "age", "hypertension", "diabetes"]


# --- criterion points however phrased (bench/phrasing_styles.py) ---------------------------------

CHA2DS2 = {"age": [58, "years"], "sex": "Male", "Hypertension history": False, "Diabetes history": True,
           "Congestive Heart Faliure": False, "Stroke": False, "Transient Ischemic Attacks History": False,
           "Vascular disease history": False}


def test_a_tally_that_gives_some_criterion_no_points_is_the_patients():
    # "- Hypertension: 1 point" alone reads as the rule; in a list that also gives "Diabetes: 1 point" and
    # "Age: 0 points" it is this patient's tally, and this patient has no hypertension.
    tally = "Calculating the CHA2DS2-VASc score for this patient.\n- Congestive heart failure: 0 points\n- Hypertension: {h} point{s}\n- Age: 0 points\n- Diabetes mellitus: 1 point\nSo the total is 1."
    (s,) = flagged(tally.format(h=1, s=""), calculator="cha2ds2_vasc", entities=CHA2DS2)
    assert s["text"] == "- Hypertension: 1 point" and "scores 0" in s["detail"]
    assert not flagged(tally.format(h=0, s="s"), calculator="cha2ds2_vasc", entities=CHA2DS2)
    # The same items recited as the score's rules are not this patient's.
    assert not flagged("The criteria are:\n- Hypertension: 1 point\n- Diabetes mellitus: 1 point\n- Stroke/TIA: 2 points",
                       calculator="cha2ds2_vasc", entities=CHA2DS2)
    # A markdown table with a points column likewise.
    table = "| Criterion | Points |\n|---|---|\n| Congestive heart failure | 0 |\n| Hypertension | {h} |\n| Diabetes mellitus | 1 |\nTotal: 1."
    assert [s["text"] for s in flagged(table.format(h=1), calculator="cha2ds2_vasc", entities=CHA2DS2)] == ["| Hypertension | 1 |"]
    assert not flagged(table.format(h=0), calculator="cha2ds2_vasc", entities=CHA2DS2)


def test_a_graded_criterion_named_alone_is_the_patients_points():
    # Child-Pugh bilirubin 1.5 mg/dL (< 2: 1 point): "Bilirubin: 2 points" names no band, so it is not a rule.
    ents = {"Bilirubin": [1.5, "mg/dL"], "Albumin": [3.8, "g/dL"], "international normalized ratio": 1.2,
            "Ascites": "Absent", "Encephalopathy": "No Encephalopathy"}
    (s,) = flagged("Scoring:\nBilirubin: 2 points\nDone.", calculator="child_pugh", entities=ents)
    assert "scores 1" in s["detail"]
    assert not flagged("Bilirubin: 1 point\nDone.", calculator="child_pugh", entities=ents)


def test_the_patients_band_is_not_a_recital_or_the_scores_range():
    ents = {"age": [57, "years"], "Partial pressure of oxygen (PaO₂) for Apache II": [57.0, "mm Hg"], "FiO₂": [32.0, "%"],
            "Heart Rate or Pulse": [73.0, "beats per minute"]}
    (s,) = flagged("PaO2 57 mmHg is in the 55-60 range: 1 point.\nDone.", calculator="apache_ii", entities=ents)
    assert "Oxygenation scores 3" in s["detail"]
    (s,) = flagged("A heart rate of 73 bpm is within the normal range, giving 2 points.\nDone.", calculator="apache_ii", entities=ents)
    assert "Heart rate scores 0" in s["detail"]
    assert not flagged("A heart rate of 73 bpm is within the normal range, giving 0 points.\nDone.", calculator="apache_ii", entities=ents)
    assert criteria_read.recites_rules("The ranges are: 0-4 low, 5-9 moderate.")


def test_points_a_band_gives_are_possible_however_narrow():
    # SOFA liver: bilirubin 1.2-1.9 mg/dL gives 1; APACHE II potassium 2.5-2.9 mmol/L gives 2.
    assert not flagged("Liver (bilirubin 1.5 mg/dL): 1 point.\nDone.", calculator="sofa", entities={"bilirubin": [1.5, "mg/dL"]})
    ents = {"age": [57, "years"], "Potassium": [2.7, "mmol/L"]}
    assert not flagged("Potassium 2.7 mmol/L: 2 points.\nDone.", calculator="apache_ii", entities=ents)


def test_a_sign_written_on_the_points_is_kept():
    assert [m.points for m in criteria_read.read("Alternative diagnosis at least as likely as DVT gives -2 points.")] == [-2.0]
    assert [m.points for m in criteria_read.read("−2 points for an alternative diagnosis.")] == [-2.0]
    # A list dash on the line after a colon, and a range, are not signs.
    assert [m.points for m in criteria_read.read("Points:\n- 2 points for cancer")] == [2.0]
    assert [m.points for m in criteria_read.read("Age 1-2 points")] == [2.0]


def test_patient_values_in_a_markdown_table():
    ents = {"Bilirubin": [1.5, "mg/dL"], "Albumin": [3.8, "g/dL"], "international normalized ratio": 1.2,
            "Ascites": "Absent", "Encephalopathy": "No Encephalopathy"}
    head = "| Parameter | Value |\n|---|---|\n"
    (s,) = flagged(head + "| INR | 1.9 |\nDone.", calculator="child_pugh", entities=ents)
    assert "inr is 1.2" in s["detail"]
    assert not flagged(head + "| INR | 1.2 |\nDone.", calculator="child_pugh", entities=ents)
    # The unit in a cell of its own; the points column of a scoring table is not a value.
    head3 = "| Parameter | Value | Unit |\n|---|---|---|\n"
    assert not flagged(head3 + "| Bilirubin | 25.7 | µmol/L |\nDone.", calculator="child_pugh", entities=ents)
    assert flagged(head3 + "| Bilirubin | 51.3 | µmol/L |\nDone.", calculator="child_pugh", entities=ents)
    cha = {"age": [58, "years"], "sex": "Male", "Hypertension history": False}
    assert not flagged("| Criterion | Points |\n|---|---|\n| Age | 0 |\nDone.", calculator="cha2ds2_vasc", entities=cha)


def test_counts_per_day_or_week_and_vasopressor_rates_are_patient_values():
    ents = {"age": [60, "years"], "Number of Alcoholic Drinks Per Week": 9}
    (s,) = flagged("Alcohol: 15 drinks per week.\nDone.", calculator="has_bled", entities=ents)
    assert "alcohol_drinks_per_week is 9" in s["detail"]
    assert not flagged("He drinks 9 drinks per week.\nDone.", calculator="has_bled", entities=ents)
    sofa = {"DOPamine": [6.32, "mcg/kg/min"]}
    (s,) = flagged("The patient's dopamine is 7.9 µg/kg/min.\nDone.", calculator="sofa", entities=sofa)
    assert "dopamine is 6.32" in s["detail"]
    assert not flagged("Dopamine 6.32 mcg/kg/min.\nDone.", calculator="sofa", entities=sofa)


def test_note_values_in_other_spellings_of_their_units():
    # "100.1 deg F (37.8 deg C)", "140,400 per microliter": the trace's 37.83 °C and 140.4 × 10^9/L agree.
    note = "Her temperature is 100.1 deg F (37.8 deg C). His platelet count stands at 140,400 per microliter."
    assert not flagged("Temperature (37.83 °C): 0 points.\nDone.", calculator="centor_mcisaac", patient_note=note)
    assert not flagged("Platelets 140.4 ×10^9/L: 1 point.\nDone.", calculator="sofa", patient_note=note)
    (s,) = flagged("Platelets 104.4 ×10^9/L: 1 point.\nDone.", calculator="sofa", patient_note=note)
    assert "140400" in s["detail"] or "140.4" in s["detail"]


def test_a_criterions_own_name_says_nothing_of_the_finding():
    # Without the patient's data: "Previously documented DVT: 0 points" names the criterion, it does
    # not affirm it ("documented" is the label's word); "Alcohol ≥8 drinks/week: 0" states no value.
    assert not flagged("- Previously documented DVT: 0 points\nDone.", calculator="wells_dvt", patient_note="Leg swelling for two days.")
    assert not flagged("- Alcohol ≥8 drinks/week: 0 points\nDone.", calculator="has_bled", patient_note="He drinks 10 beers a week.")
    # Said of the patient, it still is.
    assert flagged("- He has a documented previous DVT: 0 points\nDone.", calculator="wells_dvt", patient_note="Leg swelling for two days.")


def test_a_rule_list_that_gives_a_choice_none_is_still_the_rule():
    # "Sex category: 0" in a list of the score's points is the rule for men, not a tally.
    rules = ("CHA2DS2-VASc assigns points as follows:\n- Congestive heart failure: 1 point\n- Hypertension: 1 point\n"
             "- Stroke/TIA/thromboembolism: 2 points\n- Vascular disease: 1 point\n- Sex category: 0\nDone.")
    assert not flagged(rules, calculator="cha2ds2_vasc", entities=CHA2DS2)


def test_a_bare_name_and_number_in_the_patients_tally_are_points():
    tally = ("Calculating the CHA2DS2-VASc score for this patient.\n1. Congestive heart failure — 0\n2. Hypertension — {h}\n"
             "3. Diabetes mellitus — 1\nSo the total is 1.")
    (s,) = flagged(tally.format(h=1), calculator="cha2ds2_vasc", entities=CHA2DS2)
    assert s["text"] == "2. Hypertension — 1" and "scores 0" in s["detail"]
    assert not flagged(tally.format(h=0), calculator="cha2ds2_vasc", entities=CHA2DS2)
    # Outside a tally, "Hypertension: 1" says nothing checkable.
    assert not flagged("Hypertension: 1\nDone.", calculator="cha2ds2_vasc", entities=CHA2DS2)


def test_a_note_value_with_its_unit_glued_on_is_read_whole():
    # "creatinine 4.90mg/dL": 4.90, not 4 (without the patient's data the note is what a value is checked against).
    note = "Chemistry showed blood urea nitrogen 208mg/dL (8.0-20 mg/dL), creatinine 4.90mg/dL(0.6-1.2mg/dL)."
    assert not flagged("Creatinine = 4.9 mg/dL.\nDone.", calculator="mdrd_gfr", patient_note=note)
    assert flagged("Creatinine = 3.9 mg/dL.\nDone.", calculator="mdrd_gfr", patient_note=note)


def test_a_name_with_a_digit_in_brackets_is_not_an_expression():
    # "Bicarbonate (HCO3) = 10 mEq/L" names the bicarbonate; "(140 - 90) = 50" is an expression's result.
    note = "Labs: Na 140, K 3.3, Cl 90 and HCO3- 15."
    (s,) = flagged("Bicarbonate (HCO3) = 10 mEq/L.\nDone.", calculator="anion_gap", patient_note=note)
    assert "15" in s["detail"]
    assert not flagged("Bicarbonate (HCO3) = 15 mEq/L.\nDone.", calculator="anion_gap", patient_note=note)


def test_a_dose_the_note_writes_before_the_drugs_name():
    note = "The patient takes 70 mg of OxyCODONE 3 times a day and 30 mg of HYDROcodone once a day."
    (s,) = flagged("The patient's dose of OxyCODONE is 54 mg.\nDone.", calculator="morphine_milligram_equivalents", patient_note=note)
    assert "70 mg" in s["detail"]
    assert not flagged("The patient's dose of OxyCODONE is 70 mg.\nDone.", calculator="morphine_milligram_equivalents", patient_note=note)


def test_a_substituted_value_under_a_name_that_holds_the_input():
    # "Measured sodium" in the formula is the sodium: 102 put in its place is not the patient's 140;
    # "Corrected sodium" would be another quantity.
    ents = {"Sodium": [140.0, "mmol/L"], "Glucose": [92.0, "mg/dL"]}
    formula = "Corrected sodium = Measured sodium + 0.024 * (Serum glucose - 100); Calculate: {na} + 0.024 * (92 - 100) = {r}.\nDone."
    found = [s for s in flagged(formula.format(na=102, r=101.808), calculator="sodium_correction_hyperglycemia", entities=ents) if s["error"] == "extraction"]
    assert found and "puts 102 for measured sodium" in found[0]["detail"]
    assert not flagged(formula.format(na=140, r=139.808), calculator="sodium_correction_hyperglycemia", entities=ents)


def test_without_the_patients_data_a_tally_line_is_not_read_as_a_value_or_an_assertion():
    note = "A 38-year-old woman with a sore throat and a cough for two days. Temperature 38.4 °C."
    # "Age: 0 (out of 2)" gives points, it does not say the age is 0.
    assert not flagged("Age: 0 (out of 2)\nDone.", calculator="cha2ds2_vasc", patient_note=note)
    # "Absence of cough: 0" names the criterion and gives it none; "Absence of cough; no change in score" says it.
    assert not flagged("- Absence of cough: 0 points\nDone.", calculator="centor_mcisaac", patient_note=note)
    assert flagged("Absence of cough; No change in score.\nDone.", calculator="centor_mcisaac", patient_note=note)


def test_a_value_no_criterion_can_give_as_points_is_a_value():
    # The PSI's pH criterion gives 0 or 30 points: "pH is 9.5" is a (wrong) pH, not points.
    ents = {"age": [70, "years"], "sex": "Male", "pH": 7.6}
    (s,) = [x for x in flagged("The patient's pH is 9.5.\nDone.", calculator="pneumonia_severity_index", entities=ents) if x["error"] == "extraction"]
    assert "ph is 7.6" in s["detail"]
    # "pH: 30" can be the criterion's points.
    assert not [x for x in flagged("pH: 30\nDone.", calculator="pneumonia_severity_index", entities=ents) if x["error"] == "extraction"]


def test_points_given_to_a_criterion_are_not_its_inputs_value():
    # The PSI's temperature criterion reads the temperature: "Temperature: 15" in a tally is its points.
    ents = {"age": [70, "years"], "sex": "Male", "Temperature": [34.0, "degrees celsius"]}
    assert not [x for x in flagged("Temperature: 15 (out of 15)\nDone.", calculator="pneumonia_severity_index", entities=ents)
                if x["error"] == "extraction"]


def test_units_written_out_in_words():
    assert [(c.value_text, c.unit) for c in extract_claims("Total cholesterol is 182 milligrams per deciliter.")] == [("182", "mg/dL")]
    assert claims.spelled("millimoles per liter") == "mmol/L" and claims.spelled("micromoles per litre") == "µmol/L"
    note = "Lipid profile showed total cholesterol of 182 milligrams per deciliter."
    assert not flagged("Total cholesterol = 182 mg/dL.\nDone.", calculator="ldl_friedewald", patient_note=note)


def test_the_patients_value_written_beside_a_criterions_rule():
    # "Age >65: patient is 38": the 65 is the rule, the 38 the patient's age (59 in the data).
    ents = {"age": [59, "years"], "Hypertension": False}
    (s,) = flagged("- Age >65: patient is 38 → +0.\nDone.", calculator="has_bled", entities=ents)
    assert s["error"] == "extraction" and "age is 59" in s["detail"]
    (s,) = flagged("- Age >65: yes (115) → +1.\nDone.", calculator="has_bled", entities=ents)
    assert "not 115" in s["detail"]
    for right in ("- Age >65: patient is 59 → +0.", "- Age 65 or older: no → +0.", "- Age >65 (59 years) → +0.", "(3) Age: 0 pts", "[3] Age: 0 points",
                  "The patient's age is greater than or equal to 65 years, so 0 points."):
        assert not flagged(right + "\nDone.", calculator="has_bled", entities=ents), right
    # Without the patient's data, against the note's fixed form.
    note = "A 59-year-old man with atrial fibrillation."
    assert flagged("5. Age ≥65 – patient is 48, so 0 points.\nDone.", calculator="has_bled", patient_note=note)
    assert not flagged("5. Age ≥65 – patient is 59, so 0 points.\nDone.", calculator="has_bled", patient_note=note)


def test_a_conversion_in_brackets_with_words_and_the_value_before_it():
    # "136 mmol/L (equivalent to 216 mEq/L)": a conversion; the 136 is still the patient's sodium.
    ents = {"Sodium": [136.0, "mmol/L"], "Glucose": [250.0, "mg/dL"]}
    (s,) = flagged("The measured serum sodium: 136 mmol/L (equivalent to 216 mEq/L).\nDone.", calculator="sodium_correction_hyperglycemia", entities=ents)
    assert s["error"] == "unit_conversion"
    (s,) = flagged("The measured serum sodium: 150 mmol/L (equivalent to 150 mEq/L).\nDone.", calculator="sodium_correction_hyperglycemia", entities=ents)
    assert s["error"] == "extraction" and "136" in s["detail"]
    assert not flagged("The glucose is 250 mg/dL (which is 13.9 mmol/L).\nDone.", calculator="sodium_correction_hyperglycemia", entities=ents)


def test_a_drugs_dose_written_with_how_often_it_is_taken():
    ents = {"OxyCODONE Dose": [60, "mg"], "OxyCODONE Dose Per Day": 1, "HYDROmorphone Dose": [70, "mg"],
            "HYDROmorphone Dose Per Day": 2}
    (s,) = flagged(" - Oxycodone: 45 mg once daily\nDone.", calculator="morphine_milligram_equivalents", entities=ents)
    assert "oxycodone_dose is 60" in s["detail"]
    assert not flagged(" - Oxycodone: 60 mg once daily\n - Hydromorphone: 70 mg twice daily\nDone.", calculator="morphine_milligram_equivalents", entities=ents)
    # A conversion factor written under the drug's name is not its dose.
    assert not [x for x in flagged(" - Hydromorphone: 1 mg = 4 mg morphine\nDone.", calculator="morphine_milligram_equivalents", entities=ents)
                if x["error"] == "extraction"]


def test_a_result_written_to_many_digits_is_held_to_them():
    # 101000 × 10.198 = 1,029,998: "1,030,798" claims seven digits and misses by 800 (0.08 %, inside
    # the relative tolerance of a rounded result): a slip, minor.
    (s,) = flagged("Denominator = 101000 × 10.198 = 1,030,798.\nDone.", calculator="fib4")
    assert s["error"] == "arithmetic" and s["severity"] == "minor"
    assert not flagged("Denominator = 101000 × 10.198 = 1,029,998.\nDone.", calculator="fib4")
    assert not flagged("Denominator = 101000 × 10.198 ≈ 1,030,000.\nDone.", calculator="fib4")


def test_a_sex_named_as_a_label_with_its_factor():
    # "• Female → factor 1.096" in MDRD: the sex factor for women is 0.742.
    ents = {"age": [73, "years"], "sex": "Female", "creatinine": [8.0, "mg/dL"], "Race": "Black"}
    (s,) = flagged("• Female → factor 1.096\nDone.", calculator="mdrd_gfr", entities=ents)
    assert "sex factor is 0.742" in s["detail"]
    assert not flagged("• Female → factor 0.742\n• Male → factor 1\nDone.", calculator="mdrd_gfr", entities=ents)
    (s,) = flagged("Male: coefficient 0.85\nDone.", calculator="cockcroft_gault",
                   entities={"age": [60, "years"], "sex": "Female", "weight": [70, "kg"], "creatinine": [1.0, "mg/dL"]})
    assert "for men" in s["detail"]


def test_a_whole_number_of_a_pair_in_the_note_is_not_the_value():
    # "pain 10/10" does not make "HCO3- = 10" agree with a note whose bicarbonate is 15; a pair with
    # decimals ("BUN/creatinine 85.2/3.08 mg/dl") holds the values.
    note = "Chest pain of intensity 10/10. Labs: Na 140, Cl 90 and HCO3- 15."
    (s,) = flagged("Given values: Na = 140 mEq/L, Cl = 90 mEq/L, HCO3- = 10 mEq/L.\nDone.", calculator="anion_gap", patient_note=note)
    assert "15" in s["detail"]
    note2 = "A blood urea nitrogen/creatinine ratio of 85.2/3.08 mg/dl."
    assert not flagged("The creatinine level is 3.08 mg/dL.\nDone.", calculator="mdrd_gfr", patient_note=note2)


@pytest.mark.parametrize("calc, line, ok", [
    ("albumin_corrected_anion_gap", "The correction factor is 2.5 mEq/L per 1 g/dL decrease in albumin.", True),
    ("albumin_corrected_anion_gap", "The correction is 0.25 mEq/L per g/L of albumin.", True),
    ("albumin_corrected_anion_gap", "The correction factor is 2.5 mEq/L per 2 g/dL decrease in albumin.", False),
    ("albumin_corrected_anion_gap", "Apply correction factor: add 3.4 mEq/L for each 1 g/dL decrease.", False),
    ("sodium_correction_hyperglycemia", "Add 1.6 mEq/L for every 100 mg/dL increase in glucose above 100 mg/dL.", True),
    ("sodium_correction_hyperglycemia", "Add 2.4 mEq/L per 100 mg/dL of glucose (Hillier).", True),
    ("sodium_correction_hyperglycemia", "Add 1.6 mEq/L for every 126 mg/dL increase in glucose above 100 mg/dL.", False),
    # the quantity corrected between the amount and the step; the step written first
    ("sodium_correction_hyperglycemia", "Add 1.6 mEq/L to the measured sodium for every 100 mg/dL increase in glucose above 100 mg/dL.", True),
    ("sodium_correction_hyperglycemia", "Add 1.6 mEq/L to the measured sodium for every 86 mg/dL increase in glucose above 100 mg/dL.", False),
    ("sodium_correction_hyperglycemia", "For every 100 mg/dL increase in glucose above 100 mg/dL, sodium falls by about 1.6 mEq/L.", True),
    ("sodium_correction_hyperglycemia", "For every 130 mg/dL increase in glucose above 100 mg/dL, sodium falls by about 1.6 mEq/L.", False),
    ("albumin_corrected_anion_gap", "For each 1 g/dL decrease in albumin, the anion gap rises by 2.5 mEq/L.", True),
    ("calcium_correction", "Add 0.8 mg/dL for every 1 g/dL decrease in albumin below 4.", True),
    ("calcium_correction", "Add 1.2 mg/dL for every 1 g/dL decrease in albumin below 4.", False),
    # a division with units is not a slope
    ("albumin_corrected_delta_ratio", "We get -2.35 mEq/L / 11.9 mEq/L = -0.197.", None),
])
def test_a_correction_slope_stated_in_words(calc, line, ok):
    v = verify(line + "\nDone.", calculator=calc)
    slopes = [c for s in v.steps for c in s.checks if c.kind == "formula" and ("slope" in c.detail or "correction for" in c.detail)]
    assert [c.ok for c in slopes] == ([] if ok is None else [ok])


def test_rewrites_under_bare_instructions_keep_their_value():
    # "Formula: …; Calculation: …; Calculation: …": each rewrite keeps the value of the one before it.
    ok = "Formula: 0.6 * 2.4 * (130/140 - 1); Calculation: 0.6 * 2.4 * (0.9286 - 1); Calculation: 0.6 * 2.4 * -0.0714\nDone."
    assert not flagged(ok, calculator="free_water_deficit")
    (s,) = flagged(ok.replace("Calculation: 0.6 * 2.4 * (0.9286", "Calculation: 0.9 * 2.4 * (0.9286"), calculator="free_water_deficit")
    assert "rewrite before it" in s["detail"]
    # A new rounded literal may be off by its last digit; a changed coefficient may not.
    na = "Calculate: 140 + 0.024 * (92 - 100); Calculate: 140 + 0.024 * (-8); Calculate: 140 - 0.192\nDone."
    assert not flagged(na, calculator="sodium_correction_hyperglycemia")
    (s,) = flagged(na.replace("140 + 0.024 * (-8)", "140 + 0.015 * (-8)"), calculator="sodium_correction_hyperglycemia")
    assert "139.88" in s["detail"]
    # Rewrites apart (other text between them) are not compared.
    assert not flagged("Formula: 0.6 * 2.4 * (130/140 - 1). The weight is 3 kg.\nCalculation: 0.6 * 3 * (130/140 - 1)\nDone.",
                       calculator="free_water_deficit")


def test_the_note_reader_reads_pairs_amounts_before_names_and_thousands_with_a_point():
    from clinverify.verifier.graders import note_inputs

    # "blood urea nitrogen/creatinine was 32/0.87": the creatinine is the second of the pair.
    assert note_inputs(get("ckd_epi_2021"), "Baseline blood urea nitrogen/creatinine was 32/0.87.").get("creatinine") == 0.87
    # "252 mg/dl total cholesterol, 84 mg/dl triglycerides": each amount is written before its name.
    lipids = note_inputs(get("ldl_friedewald"), "Labs showed 252 mg/dl total cholesterol, 84 mg/dl triglycerides, 66 mg/dl high-density lipoprotein.")
    assert lipids.get("total_cholesterol") == 252.0 and lipids.get("triglycerides") == 84.0
    # "22.000/μL": 22,000 cells per microlitre, 22 ×10^9/L.
    assert note_inputs(get("sirs_criteria"), "White blood cell count 22.000/μL with 26% lymphocytes.").get("wbc") == 22.0
    assert note_inputs(get("sirs_criteria"), "White blood cell count 14,700/mm3.").get("wbc") == 14.7


def test_without_the_patients_data_a_criterions_own_label_states_no_value():
    # "For alcohol ≥8 drinks/week, the patient scores 0": the ≥8 is the label's, not the patient's drinks.
    note = "A 70-year-old man with atrial fibrillation on warfarin."
    assert not flagged("HAS-BLED for this patient.\nFor alcohol ≥8 drinks/week, the patient scores 0.\nDone.", calculator="has_bled", patient_note=note)
    assert flagged("HAS-BLED for this patient.\nAlcohol 12 drinks/week, the patient scores 0.\nDone.", calculator="has_bled", patient_note=note)
    # A tally line that is a criterion's own name and its numeral ("5. No cough or coryza — 0") says nothing of the finding.
    tally = ("Calculating the FeverPAIN score for this patient.\n1. Fever in past 24 hours — 1\n2. Purulence — 0\n"
             "3. Attend rapidly (onset ≤ 3 days) — 1\n4. Severely inflamed tonsils — 0\n5. No cough or coryza — 0\nSo the total FeverPAIN score is 2.")
    assert not [s for s in flagged(tally, calculator="feverpain", patient_note="A 30-year-old with sore throat for 2 days and fever.")
                if "cough" in s["text"]]


def test_an_addend_shared_by_both_sides_does_not_hide_the_other_terms():
    # "56.9 + 0.4 × (–0.2) = 56.9 – 0.04": the 56.9 is the same number on both sides; −0.08 is not −0.04.
    (s,) = flagged("Adjusted BW = 56.9 + 0.4 × (56.8 – 56.9) = 56.9 + 0.4 × (–0.2) = 56.9 – 0.04 = 56.86 kg.\nDone.",
                   calculator="adjusted_body_weight")
    assert s["error"] == "arithmetic"
    assert not flagged("Adjusted BW = 56.9 + 0.4 × (56.8 – 56.9) = 56.9 + 0.4 × (–0.1) = 56.9 – 0.04 = 56.86 kg.\nDone.",
                       calculator="adjusted_body_weight")
    # A rounded new term keeps its own last-digit slack: 140 + 0.024 × (−8.3) = 140 − 0.2 (0.1992).
    assert not flagged("Na = 140 + 0.024 * (-8.3) = 140 - 0.2 = 139.8\nDone.", calculator="sodium_correction_hyperglycemia")


@pytest.mark.parametrize("line, ok", [
    ("The formula is 60 mL/hr (for the first 20 kg) + 1 mL/kg/hr for each kg over 20 kg.", True),
    ("The formula is 46 mL/hr (for the first 20 kg) + 1 mL/kg/hr for each kg over 20 kg.", False),
    ("1500 mL/day for the first 20 kg.", True),
    ("50 mL/hr for the first 10 kg.", False),
])
def test_the_amount_for_the_first_kilograms_is_the_rules(line, ok):
    v = verify(line + "\nDone.", calculator="maintenance_fluids")
    firsts = [c.ok for s in v.steps for c in s.checks if "for the first" in c.detail]
    assert firsts == [ok]


def test_the_factor_in_a_product_that_gives_morphine_equivalents_is_the_drugs():
    (s,) = flagged("- Codeine: 10 mg × 2 doses = 20 mg total; 20 mg × 0.17 = 3 MME.\nDone.", calculator="morphine_milligram_equivalents")
    assert "codeine is 0.15" in s["detail"].lower()
    assert not flagged("- Codeine: 10 mg × 2 doses = 20 mg total; 20 mg × 0.15 = 3 MME.\nOxycodone: 60 × 1.5 = 90 MME\nDone.",
                       calculator="morphine_milligram_equivalents")
    # a product that gives no morphine equivalents is not a factor
    assert not flagged("Oxycodone: 30 mg × 2 doses = 60 mg per day.\nDone.", calculator="morphine_milligram_equivalents")


def test_factors_listed_under_their_drugs_names():
    (s,) = flagged("1. Identify conversion factors: Oxycodone = 0.9, Hydromorphone = 4, Codeine = 0.15.\nDone.", calculator="morphine_milligram_equivalents")
    assert "oxycodone is 1.5" in s["detail"].lower()
    assert not flagged("Conversion factors: Oxycodone = 1.5, Hydromorphone = 4, Codeine = 0.15.\nDone.", calculator="morphine_milligram_equivalents")
    # a dose under the drug's name is not its factor, even beside the word
    assert not [x for x in flagged("Doses and factors: Oxycodone: 60 mg once daily.\nDone.", calculator="morphine_milligram_equivalents")
                if x["error"] == "formula"]


def test_an_instruction_that_names_its_quantity_and_formula_vocabulary_for_adjusted_weight():
    # "Calculate BSA: sqrt(…)" is a rewrite of BSA: "BSA = sqrt(21625 / 3600)" after it must keep its value.
    (s,) = flagged("Calculate BSA: sqrt((125 * 173) / 4424).\nBSA = sqrt(21625 / 3600).\nDone.", calculator="body_surface_area")
    assert "bsa was" in s["detail"]
    assert not flagged("Calculate BSA: sqrt((125 * 173) / 3600).\nBSA = sqrt(21625 / 3600).\nDone.", calculator="body_surface_area")
    # "AdjBW = IBW + 0.5 × (TBW – IBW)": TBW is the total body weight in the adjusted-weight formula.
    (s,) = flagged("AdjBW = IBW + 0.5 × (TBW – IBW)\nDone.", calculator="adjusted_body_weight")
    assert s["error"] == "formula"
    assert not flagged("AdjBW = IBW + 0.4 × (TBW – IBW)\nDone.", calculator="adjusted_body_weight")


def test_an_amount_written_for_a_concentration_is_checked_against_the_note():
    # "The mass of sodium is 171.0 mmol" (MedCalc-Bench's wording) against a note with sodium 137 mEq/L.
    note = "Labs: sodium 137 mEq/L, chloride 100 mEq/L, bicarbonate 23 mEq/L."
    (s,) = flagged("The mass of sodium is 171.0 mmol.\nDone.", calculator="anion_gap", patient_note=note)
    assert s["error"] == "extraction" and "137" in s["detail"]
    assert not flagged("The mass of sodium is 137.0 mmol.\nDone.", calculator="anion_gap", patient_note=note)


def test_an_age_in_months_against_the_notes_age_in_months():
    note = "This is a case of a 15-month-old boy referred for poor feeding; weight 2.4 kg."
    (s,) = flagged("Patient is 11-month-old male.\nDone.", calculator="maintenance_fluids", patient_note=note)
    assert "15" in s["detail"]
    assert not flagged("Patient is 15-month-old male.\nThe patient is 15 months old.\nDone.", calculator="maintenance_fluids", patient_note=note)


def test_a_table_row_whose_name_bolds_the_mnemonic_letter_is_read_as_that_criterion():
    ents = {"age": 22, "sex": "female", "hypertension": True, "stroke": True, "alcohol_drinks_per_week": 12}
    table = "| Criterion | Patient finding | Points |\n|---|---|---|\n"
    assert not flagged(table + "| **S**troke | TIA last year | 1 |", calculator="has_bled", entities=ents)  # not "year" = age
    (s,) = flagged(table + "| **S**troke | TIA only, not a stroke | 0 |", calculator="has_bled", entities=ents)
    assert "Stroke" in s["detail"]
    (s,) = flagged(table + "| **B**leeding history | None | 1 |", calculator="has_bled", entities=ents)
    assert "bleeding" in s["detail"].lower()


def test_a_letter_of_the_mnemonic_defined_with_its_points_is_the_rule():
    ents = {"age": 38, "sex": "female", "diabetes": True}
    for rule in ("A2 is age 75 or older, which gives 2 points.", "Then A is age 65-74 for 1 point — also no.",
                 "S2 stands for prior stroke, TIA, or thromboembolism — 2 points.", "Age 75 or older: 2 points."):
        assert not flagged(rule, calculator="cha2ds2_vasc", entities=ents), rule
    (s,) = flagged("A2 is age 75 or older, which gives 3 points.", calculator="cha2ds2_vasc", entities=ents)  # a wrong rule
    # Defined, then decided for this patient: the decision is checked.
    assert "Diabetes" in flagged("D is diabetes: she has type 2 diabetes, 0 points.", calculator="cha2ds2_vasc", entities=ents)[0]["detail"]
    assert "2" in s["detail"]
    assert flagged("She is 38, which gives 2 points for age.", calculator="cha2ds2_vasc", entities=ents)  # the patient's own


def test_a_decision_that_reads_a_derived_input_gives_no_contradicting_reason():
    ents = {"age": 57, "bun": [22.0, "mg/dL"], "respiratory_rate": 15, "systolic_bp": 130, "diastolic_bp": 87}
    (s,) = flagged("- **U**rea > 7 mmol/L: BUN is 22 mg/dL, which is below the cutoff → 0", calculator="curb_65", entities=ents)
    assert "scores 1" in s["detail"] and "not reported" not in s["detail"]


def test_an_age_base_of_the_superseded_equation_is_not_taken_for_the_current_one_cut_short():
    ents = {"sex": "female", "age": 32, "creatinine": [42.0, "µmol/L"]}
    q = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    (s,) = flagged("0.993^{32} ≈ 0.7987.", calculator="ckd_epi_2021", question=q, entities=ents)
    assert "2009" in s["detail"]
    assert not flagged("0.9938^{32} ≈ 0.8195.", calculator="ckd_epi_2021", question=q, entities=ents)
    assert not flagged("0.994^{32} ≈ 0.825.", calculator="ckd_epi_2021", question=q, entities=ents)  # rounded, not 2009's


FENA = {"sodium": [136, "mmol/L"], "creatinine": [212, "µmol/L"], "urine_sodium": [18, "mmol/L"], "urine_creatinine": [120, "mg/dL"]}
MELD_NA = {"creatinine": [2.0, "mg/dL"], "international normalized ratio": 1.59, "Sodium": [142.0, "mEq/L"], "Bilirubin": [0.7, "mg/dL"]}


def test_a_substitution_with_no_formula_written_is_compared_with_the_calculators_own():
    right = "MELD(i) = 0.957 × ln(2.0) + 0.378 × ln(1.0) + 1.120 × ln(1.59) + 0.643 = 1.826"
    assert not flagged(right, calculator="meld_na", entities=MELD_NA)
    (s,) = flagged(right.replace("1.120 × ln", "1.210 × ln").replace("1.826", "1.867"), calculator="meld_na", entities=MELD_NA)
    assert "1.210" in s["detail"] and "1.120" in s["detail"]


def test_the_raw_value_where_the_formula_bounds_it_is_a_formula_error_and_the_bound_is_no_misread():
    (s,) = flagged("MELD(i) = 0.957 × ln(2.0) + 0.378 × ln(0.7) + 1.120 × ln(1.59) + 0.643 = 1.691", calculator="meld_na", entities=MELD_NA)
    assert "bilirubin 1" in s["detail"]
    (s,) = flagged("MELD-Na = 18 + 1.32 × (137 − 142) − 0.033 × 18 × (137 − 142) = 14.37", calculator="meld_na", entities=MELD_NA)
    assert "sodium 137" in s["detail"]
    assert not flagged("Sodium is capped at 137 mEq/L, so we use 137.", calculator="meld_na", entities=MELD_NA)
    # A value a rule selects (Cockcroft-Gault's ideal weight) is no bound: the weight stated as it is a misread.
    ents = {"sex": "female", "age": 60, "weight": [58.0, "kg"], "height": [156.0, "cm"], "creatinine": [1.0, "mg/dL"]}
    assert flagged("The patient's weight is 48.2 kg.", calculator="cockcroft_gault", entities=ents)


@pytest.mark.parametrize("br", ["\n", "\\n"])
def test_an_equation_chain_continued_on_lines_that_open_with_equals_is_read(br):
    chain = br.join(["MELD(i) = 0.957 × ln(2.0) + 0.378 × ln(1.0) + 1.120 × ln(1.59) + 0.643",
                     "= 0.957 × 0.693 + 0.378 × 0 + 1.120 × 0.4637 + 0.643", "= 0.663 + 0 + 0.519 + 0.643", "= 1.925"])
    (s,) = flagged(chain, calculator="meld_na", entities=MELD_NA)
    assert "1.825" in s["detail"] and "1.925" in s["detail"]
    assert not flagged(chain.replace("1.925", "1.825"), calculator="meld_na", entities=MELD_NA)
    assert len(verify(chain, calculator="meld_na").steps) == 1  # one step: the chain


def test_a_computation_that_departs_from_the_formula_it_stated_right_is_blamed_not_the_formula():
    trace = ("To correct the calcium for the low albumin, I'll use the standard formula:\n\n"
             "Corrected Ca = measured Ca + 0.8 × (normal albumin − measured albumin)\n\n"
             "From the note: calcium is 8.6 mg/dL and albumin is 3.1 g/dL.\n\n- Albumin deficit: 4 − 3.1 = 0.9 g/dL\n- Correction: 0.8 × 0.9 = 0.72 mg/dL\n"
             "- Corrected calcium: 8.6 − 0.72 = 7.88 mg/dL\n\nThe corrected calcium is 7.88 mg/dL.")
    ents = {"Calcium": [8.6, "mg/dL"], "Albumin": [3.1, "g/dL"]}
    (s,) = flagged(trace, calculator="calcium_correction", entities=ents)
    assert s["text"].startswith("- Corrected calcium") and s["error"] == "formula"


def test_a_bare_value_that_gives_points_is_scored_by_the_criterion_it_is_the_value_of():
    ents = {"age": 52, "Suspicion History": "Slightly suspicious"}
    for said in ("So 52 gives him two points.", "He's 52, which gives two points.", "So at 52, he gets two points."):
        (s,) = flagged(said, calculator="heart_score", entities=ents)
        assert "Age scores 1" in s["detail"], said
        assert not flagged(said.replace("two points", "one point"), calculator="heart_score", entities=ents)


def test_a_formula_stated_with_another_patients_constant_is_wrong_for_this_one():
    ents = {"age": 23, "weight": [142.0, "lbs"], "sex": "Male", "Sodium": [137.0, "mmol/L"]}
    (s,) = flagged("For an adult male, FWD = 0.5 × weight × (Na/140 − 1)", calculator="free_water_deficit", entities=ents)
    assert "0.6" in s["detail"] and "0.5" in s["detail"]
    assert not flagged("For an adult male, FWD = 0.6 × weight × (Na/140 − 1)", calculator="free_water_deficit", entities=ents)
    assert not flagged("For women, FWD = 0.5 × weight × (Na/140 − 1)", calculator="free_water_deficit", entities=ents)  # another group's rule


def test_a_substitution_that_changes_an_operator_of_its_formula_is_a_formula_error():
    ents = {"Total cholesterol": [182.0, "mg/dL"], "high-density lipoprotein cholesterol": [39.0, "mg/dL"], "Triglycerides": [196.0, "mg/dL"]}
    stated = "LDL = Total cholesterol − HDL − (Triglycerides / 5)\n\nPlugging in: LDL = "
    (s,) = flagged(stated + "182 + 39 − (196 / 5) = 182 + 39 − 39.2 = 181.8 mg/dL", calculator="ldl_friedewald", entities=ents)
    assert "writes + where" in s["detail"]
    assert not flagged(stated + "182 − 39 − (196 / 5) = 182 − 39 − 39.2 = 103.8 mg/dL", calculator="ldl_friedewald", entities=ents)
    # No formula written: the calculator's own is the one changed.
    (s,) = flagged("MELD-Na = 18 + 1.32 × (137 − 137) + 0.033 × 18 × (137 − 137) = 18", calculator="meld_na", entities=MELD_NA)
    assert "calculator's formula" in s["detail"]


def test_a_formula_in_its_form_for_other_units_is_wrong_in_a_trace_that_works_in_these():
    ents = {"Total cholesterol": [182.0, "mg/dL"], "high-density lipoprotein cholesterol": [39.0, "mg/dL"], "Triglycerides": [196.0, "mg/dL"]}
    stated = "Using the Friedewald equation (all values in mg/dL):\n\nLDL = Total cholesterol − HDL − (Triglycerides / 2.2)"
    (s,) = flagged(stated, calculator="ldl_friedewald", entities=ents)
    assert "mmol/L form" in s["detail"]
    assert not flagged(stated.replace("mg/dL", "mmol/L"), calculator="ldl_friedewald", entities=ents)
    assert not flagged(stated.replace("2.2", "5"), calculator="ldl_friedewald", entities=ents)


@pytest.mark.parametrize("calc, ents, text, swapped", [
    ("mean_arterial_pressure", {"Systolic Blood Pressure": [140.0, "mm hg"], "Diastolic Blood Pressure": [80.0, "mm hg"]},
     "MAP = (2 × 140 + 80) / 3 = 120 mmHg", "systolic_bp"),
    ("fib4", {"age": 47, "Alanine aminotransferase": [309.0, "U/L"], "Aspartate aminotransferase": [213.0, "U/L"], "Platelet count": [149000.0, "µL"]},
     "FIB-4 = (47 × 213) / (149 × √213) = 4.60", "ast"),
    ("fena", {"Urine creatinine": [60.3, "mg/dL"], "creatinine": [0.6, "mg/dL"], "Urine sodium": [32.0, "mEq/L"], "Sodium": [129.0, "mEq/L"]},
     "FENa = (Urine Na × Plasma Cr) / (Plasma Na × Urine Cr) × 100 = (32 × 60.3) / (129 × 0.6) × 100 = 2493%", "urine_creatinine"),
])
def test_the_patients_values_put_in_each_others_places_in_a_substitution(calc, ents, text, swapped):
    (s,) = flagged(text, calculator=calc, entities=ents)
    assert f"the patient's {swapped}" in s["detail"]


def test_values_in_their_own_places_are_not_swaps():
    ents = {"Systolic Blood Pressure": [140.0, "mm hg"], "Diastolic Blood Pressure": [80.0, "mm hg"]}
    assert not flagged("MAP = (2 × 80 + 140) / 3 = 100 mmHg", calculator="mean_arterial_pressure", entities=ents)


def test_a_computation_that_multiplies_by_another_groups_constant():
    man = {"age": [51, "years"], "creatinine": [1.87, "mg/dL"], "sex": "Male"}
    (s,) = flagged("GFR = 175 × 0.4856 × 0.4502 × 0.742 = 28.4", calculator="mdrd_gfr", entities=man)
    assert "0.742" in s["detail"] and "this patient's is 1" in s["detail"]
    assert not flagged("GFR = 175 × 0.4856 × 0.4502 × 0.742 = 28.4", calculator="mdrd_gfr", entities={**man, "sex": "Female"})
    assert not flagged("If she were a woman: 175 × 0.4856 × 0.4502 × 0.742 = 28.4", calculator="mdrd_gfr", entities=man)
    fwd = {"age": [23, "years"], "weight": [142.0, "lbs"], "sex": "Male", "Sodium": [137.0, "mmol/L"]}
    (s,) = flagged("TBW = 0.5 × 64.41 = 32.21 L", calculator="free_water_deficit", entities=fwd)
    assert "0.6" in s["detail"]
    # Already found wrong where the factor is stated: its use is not reported again.
    cg = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}
    out = flagged("Since he is male, the sex factor is 0.85.\n\n25.24 × 0.85 = 21.45.", calculator="cockcroft_gault", entities=cg)
    assert len(out) == 1 and "sex factor" in out[0]["text"]


def test_a_substitution_of_a_formula_that_is_not_the_calculators_is_held_against_the_calculators_of_that_name():
    ents = {"weight": [77.1, "kg"], "height": [176.1, "cm"]}
    (s,) = flagged("BSA = √(height × weight / 360) = √(176.1 × 77.1 / 360) = √37.71 = 6.14 m²", calculator="body_surface_area", entities=ents)
    assert "3600" in s["detail"]
    # A formula under another name with the same shape ("IBW = 51 + 2.3 × (…)" beside ABW's IBW + 0.4 × (…)) is not compared with it.
    abw = {"weight": [90.0, "kg"], "height": [170.0, "cm"], "sex": "Male"}
    out = flagged("IBW = 51 + 2.3 × (height − 60) = 51 + 2.3 × (66.9 − 60) = 66.9 kg", calculator="adjusted_body_weight", entities=abw)
    assert not any("0.4" in s["detail"] for s in out)


def test_homa_ir_with_the_mmol_per_litre_divisor_on_glucose_in_mg_per_dl():
    ents = {"Glucose": [210.0, "mg/dL"], "Insulin": [26.0, "µIU/mL"]}
    note = "Fasting glucose 210 mg/dL, insulin 26 µIU/mL."
    (s,) = flagged("HOMA-IR = (glucose × insulin) / 22.5 = (210 × 26) / 22.5 = 242.7", calculator="homa_ir", entities=ents, patient_note=note)
    assert "mmol/L form" in s["detail"]
    assert not flagged("HOMA-IR = (glucose (mmol/L) × insulin) / 22.5 = (11.66 × 26) / 22.5 = 13.47", calculator="homa_ir", entities=ents, patient_note=note)
    assert not flagged("HOMA-IR = (glucose × insulin) / 405 = (210 × 26) / 405 = 13.48", calculator="homa_ir", entities=ents, patient_note=note)


MME = {"Tapentadol Dose": [50, "mg"], "Tapentadol Dose Per Day": [1, "per day"], "TraMADol Dose": [50, "mg"], "TraMADol Dose Per Day": [1, "per day"],
       "FentaNYL buccal Dose": [20, "µg"], "FentaNYL buccal Dose Per Day": [2, "per day"]}


def test_an_opioids_factor_and_its_doses_a_day_in_the_product_on_its_line():
    calc = "morphine_milligram_equivalents"
    (s,) = flagged("- Tapentadol: 50 mg × 1 dose/day × 0.5 = 25 MME", calculator=calc, entities=MME)
    assert "0.4" in s["detail"]
    (s,) = flagged("- Fentanyl buccal: 20 µg × 1 dose/day × 0.13 = 2.6 MME", calculator=calc, entities=MME)
    assert "5.2" in s["detail"]
    assert not flagged("- Fentanyl buccal: 20 µg × 2 doses/day × 0.13 = 5.2 MME", calculator=calc, entities=MME)
    assert not flagged("Adding the mme/day of FentaNYL buccal to the total gives us 30.0 + 5.2 = 35.2 mme/day.", calculator=calc, entities=MME)


@pytest.mark.parametrize("text, ok", [
    ("Equivalent doses: dexamethasone 0.75 mg = prednisolone 4 mg.", False),
    ("Dexamethasone 0.75 mg ≈ prednisolone 5 mg", True),
    ("So 7.96 mg dexamethasone × 4 = 31.84 mg prednisolone.", False),
    ("7.96 mg dexamethasone × 6.67 = 53.1 mg prednisolone", True),
])
def test_steroid_equivalences_with_the_name_first_or_a_ratio_applied(text, ok):
    ents = {"input steroid": ["Dexamethasone PO", 7.96, "mg"], "target steroid": "PrednisoLONE PO"}
    out = flagged(text, calculator="steroid_conversion", entities=ents)
    assert bool(out) is (not ok) and (ok or "equivalent to" in out[0]["detail"])


def test_a_rate_on_a_line_labelled_with_its_weight_tier_is_that_tiers():
    head = "Using the 4-2-1 rule for a 17 kg child:\nFirst 10 kg: 4 mL/kg/hr × 10 kg = 40 mL/hr\n"
    (s,) = flagged(head + "Next 7 kg: 1 mL/kg/hr × 7 kg = 7 mL/hr", calculator="maintenance_fluids", entities={"weight": [17.0, "kg"]})
    assert "gives 2 mL/kg/hr for the next 10 kg" in s["detail"]
    assert not flagged(head + "Next 7 kg: 2 mL/kg/hr × 7 kg = 14 mL/hr", calculator="maintenance_fluids", entities={"weight": [17.0, "kg"]})


def test_a_substitution_that_leaves_out_a_power_of_its_formula():
    ents = {"weight": [10.2, "kg"], "height": [83.8, "cm"]}
    (s,) = flagged("BMI = weight / height² = 10.2 / 0.838 = 12.17 kg/m²", calculator="bmi", entities=ents)
    assert "power of height" in s["detail"]
    assert not flagged("BMI = weight / height² = 10.2 / 0.7022 = 14.53 kg/m²", calculator="bmi", entities=ents)  # squared beforehand


def test_a_decisions_points_in_brackets_with_their_sign_and_a_no_with_its_zero():
    ents = {"Active cancer": True, "Alternative diagnosis to Deep Vein Thrombosis as likely or more likely": True}
    (s,) = flagged("- Alternative diagnosis at least as likely: yes (−1)", calculator="wells_dvt", entities=ents)
    assert "never -1" in s["detail"]
    assert not flagged("- Alternative diagnosis at least as likely: yes (−2)", calculator="wells_dvt", entities=ents)
    (s,) = flagged("- Active cancer: no (0)", calculator="wells_dvt", entities=ents)
    assert "Active cancer" in s["detail"] or "cancer" in s["detail"].lower()
    assert [m.points for m in criteria_read.read("Ascites: no (1), mild (2)")] == []  # a criterion's options, not a decision


CG_MAN = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}


def test_latex_display_lines_that_continue_a_chain_and_latex_formulas_with_text_names():
    chain = "$$CrCl = \\frac{(140 - 87) \\times 48}{72 \\times 1.4}$$\n$$= \\frac{53 \\times 48}{100.8}$$\n$$= \\frac{2454}{100.8} = 24.35$$"
    (s,) = flagged(chain, calculator="cockcroft_gault", entities=CG_MAN)
    assert "2454" in s["detail"]
    stated = "\\[ \\text{CrCl} = \\frac{(140 - \\text{age}) \\times \\text{weight} \\times 0.85}{72 \\times \\text{SCr}} \\]"
    (s,) = flagged(stated, calculator="cockcroft_gault", entities=CG_MAN)
    assert "0.85" in s["detail"]
    assert not flagged(stated.replace(" \\times 0.85", ""), calculator="cockcroft_gault", entities=CG_MAN)
    (s,) = flagged("\\[ \\frac{53 \\times 48 \\times 0.85}{100.8} = 21.45 \\]", calculator="cockcroft_gault", entities=CG_MAN)
    assert "0.85" in s["detail"]


def test_a_result_that_equals_a_whole_constant_of_the_superseded_version_is_no_version():
    ents = {"sex": "female", "age": 32, "creatinine": [42.0, "µmol/L"]}
    q = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    assert not any("2009" in s["detail"] for s in flagged("The eGFR is about 141 mL/min/1.73 m².", calculator="ckd_epi_2021", question=q, entities=ents))
    steps = verify("eGFR = 141 × 1.136 × 0.7987 × 1.018 = 130.1", calculator="ckd_epi_2021", question=q, entities=ents).steps
    assert any("2009" in c.detail and c.ok is False for s in steps for c in s.checks)  # an operand: the 2009 constant


def test_a_bare_conclusion_under_a_band_heading_places_the_patient_in_that_band():
    # "Age 65-74? He is 63. That qualifies. So 1.": the conclusion scores the band the heading names.
    ents = {"sex": "Male", "age": [63.0, "years"], "Hypertension history": True}
    (s,) = flagged("Age 65-74? He is 63. That qualifies. So 1.", calculator="cha2ds2_vasc", entities=ents)
    assert "not the patient's band" in s["detail"]
    # Not in the band: 0, whatever the patient's own band gives.
    assert not flagged("Age 65-74? He is 63, no. So 0.", calculator="cha2ds2_vasc", entities=ents)
    assert not flagged("A: age 65-74? She is 86. So 0.", calculator="cha2ds2_vasc", entities={"sex": "Female", "age": [86.0, "years"]})
    assert criteria_read._BARE_POINTS.match("So 0 for that.") and criteria_read._BARE_POINTS.match("That's 1 point here.")


APACHE = {"Heart or pulse rate": [107.0, "beats per minute"], "Temperature": [37.2, "degrees celsius"], "Potassium": [3.68, "mmol/L"],
          "Hematocrit": [41.0, "%"], "age": [73.0, "years"]}


def test_terse_tallies_with_the_patients_value_before_the_colon_and_so_conclusions():
    calc = get("apache_ii")
    # "Temperature 37.2: 0", "Potassium 3.68: normal, 0", "…: falls in 110-139, so 2"
    for text, points in (("Temperature 37.2: 0.", 0), ("HR 107 bpm: 2.", 2), ("Potassium 3.68: normal, 0.", 0),
                         ("Heart rate 107: falls in 110-139, so 2.", 2)):
        assert [m.points for m in criteria_read.for_calculator(criteria_read.read(text), calc)] == [points], text
    (s,) = flagged("Heart rate 107: falls in 110-139, so 2.", calculator="apache_ii", entities=APACHE)
    assert "Heart rate" in s["detail"]
    (s,) = flagged("Heart rate 107: 2.", calculator="apache_ii", entities=APACHE)
    assert "Heart rate" in s["detail"]
    assert not flagged("Temperature 37.2: 0. Heart rate 107: 70-109, so 0. Potassium 3.68: normal, 0.", calculator="apache_ii", entities=APACHE)


def test_the_actual_weight_in_a_cockcroft_gault_formula_the_trace_writes_for_an_obese_patient():
    ents = {"sex": "Female", "age": [42, "years"], "weight": [105.0, "kg"], "height": [160.0, "cm"], "creatinine": [0.8, "mg/dL"]}
    trace = ("CrCl = [(140 − age) × weight × 0.85] / (72 × serum creatinine) for women.\n"
             "CrCl = [(140 − 42) × 105 × 0.85] / (72 × 0.8) = 151.85 mL/min")
    (s,) = flagged(trace, calculator="cockcroft_gault", entities=ents)
    assert "weight 73.429" in s["detail"] and "adjusted" in s["detail"]
    right = trace.replace("105", "73.43").replace("151.85", "106.19")
    assert not flagged(right, calculator="cockcroft_gault", entities=ents)
    # An adjusted weight's own formula takes the actual weight.
    assert not flagged("AdjBW = IBW + 0.4 × (weight − IBW) = 52.38 + 0.4 × (105 − 52.38) = 73.43 kg", calculator="cockcroft_gault", entities=ents)


def test_a_band_misplaced_in_prose_and_a_points_line_with_the_patients_own_value():
    # "which places her in the 65–74 age group, so she receives 1 point for age" for a woman of 78
    ents = {"sex": "Female", "age": [78.0, "years"], "Hypertension history": True}
    (s,) = flagged("She is a 78-year-old woman, which places her in the 65–74 age group, so she receives 1 point for age.",
                   calculator="cha2ds2_vasc", entities=ents)
    assert "Age scores 2" in s["detail"]
    # "A-a gradient 375: 2 points": the patient's own value, so the points are this patient's (not the rule's).
    apache = {**APACHE, "FiO₂": [60.0, "%"], "A-a gradient": 375.0}
    (s,) = flagged("5. Oxygenation (FiO2 ≥ 0.5, A-a gradient 375): 2 points", calculator="apache_ii", entities=apache)
    assert "Oxygenation scores 3" in s["detail"]
    assert not flagged("5. Oxygenation (FiO2 ≥ 0.5, A-a gradient 375): 3 points", calculator="apache_ii", entities=apache)
    # A list of the score's rules: a list number and the rule's duration are no patient values.
    for rule in ("7. Malignancy (treated within 6 months)", "Surgery in the previous 4 weeks"):
        assert criteria_read._LONE_VALUE.search(criteria_read._LIST_NUMBER.sub(" ", rule)) is None, rule
    assert criteria_read._LONE_VALUE.search("A-a gradient 375") and not criteria_read._LONE_VALUE.search("PaO2/FiO2")


def test_apache_points_in_other_forms_and_a_sentence_that_scores_the_one_before_it():
    apache = {**APACHE, "Systolic Blood Pressure": [138.0, "mm Hg"], "Diastolic Blood Pressure": [92.0, "mm Hg"]}
    for text, want in (("- Temperature 37.2°C = 1", "Temperature scores 0"), ("Potassium (3.68): 1", "Potassium scores 0"),
                       ("Heart rate: 107 bpm. This falls in the 70–109 range, which scores 2 points.", "Heart rate scores 0")):
        (s,) = flagged(text, calculator="apache_ii", entities=apache)
        assert want in s["detail"], text
    assert not flagged("Heart rate: 107 bpm. This falls in the 70–109 range, which scores 0 points.", calculator="apache_ii", entities=apache)
    # The reason given is the calculator's own, from the quantities it derives (MAP from the blood pressures).
    (s,) = flagged("MAP = (138 + 2×92)/3 = 107.3 mmHg → 2 points", calculator="apache_ii", entities=apache)
    assert "107.333" in s["detail"] and "not reported" not in s["detail"]


def test_points_named_after_their_clause_and_points_of_a_named_score():
    for text, want in (("Serum potassium = 3.68 mmol/L; points = 1", "Potassium scores 0"),
                       ("The heart rate is 107 beats/min, corresponding to 2 APACHE points.", "Heart rate scores 0")):
        (s,) = flagged(text, calculator="apache_ii", entities=APACHE)
        assert want in s["detail"], text
    assert not flagged("Serum potassium = 3.68 mmol/L; points = 0", calculator="apache_ii", entities=APACHE)


def test_inputs_the_trace_does_not_state_are_completed_from_the_note():
    from clinverify.verifier.grounding import named_date
    from clinverify.verifier.note_findings import note_sex

    lmp = get("estimated_due_date").input("last_menstrual_period")
    assert named_date("The patient's last menstrual period was on 08/02/2010. Her cycle length is 22 days.", lmp) == "08/02/2010"
    assert named_date("LMP 5/20/2020 + 280 days = 2/27/2021", lmp) == "05/20/2020"
    assert named_date("LMP 5/20/2020 or maybe LMP 6/01/2020", lmp) is None  # two dates: none
    assert note_sex("This is a case of a 15-month-old male who was born to a 23-year-old mother.") == "male"
    assert note_sex("A 45-year-old woman presented with her husband.") == "female"
    assert note_sex("The patient reports pain. His wife and her sister came.") is None
    # A due date from a date the trace never names: the note's last menstrual period decides it.
    note = "The patient's last menstrual period was on 08/02/2010. Her cycle length is 28 days."
    v = verify("The cycle length is 28 days. Add 280 days to 08/02/2010, giving 05/10/2011.", calculator="estimated_due_date", patient_note=note).to_dict()
    assert v["answer"]["source"] == "trace" and v["answer"]["correct"] is False and v["answer"]["expected"] == "05/09/2011"
    # A free water deficit whose sex the trace never states: the note's "man" decides the fraction.
    note = "A 23-year-old man; his weight is 70 kg and his serum sodium 150 mmol/L."
    right = verify("Weight 70 kg, sodium 150 mmol/L. FWD = 0.6 × 70 × (150/140 − 1) = 3.0 L", calculator="free_water_deficit", patient_note=note).to_dict()
    assert right["answer"]["correct"] is True
    wrong = verify("Weight 70 kg, sodium 150 mmol/L. FWD = 0.5 × 70 × (150/140 − 1) = 2.5 L", calculator="free_water_deficit", patient_note=note).to_dict()
    assert wrong["answer"]["correct"] is False and "sex male from the note" in wrong["answer"]["detail"]
    # A trace that states no value of its own is not recomputed from the note alone.
    assert verify("FWD = 0.5 × 70 × (150/140 − 1) = 2.5 L", calculator="free_water_deficit", patient_note=note).to_dict()["answer"]["expected"] is None


def test_apache_items_by_the_words_thinking_uses_for_them():
    apache = {**APACHE, "FiO₂": [63.0, "%"], "A-a gradient": 331.0, "Glasgow Coma Score": 15.0}
    (s,) = flagged("So severe hypoxemia => 4 points.", calculator="apache_ii", entities=apache)
    assert "Oxygenation scores 2" in s["detail"]
    (s,) = flagged("Glasgow 15 => 2.", calculator="apache_ii", entities=apache)
    assert "Glasgow Coma Scale scores 0" in s["detail"]
    assert not flagged("Glasgow 15 => 0.", calculator="apache_ii", entities=apache)


FRAMINGHAM_MAN = {"sex": "Male", "age": [54, "years"], "Systolic Blood Pressure": [139.0, "mm hg"], "Smoker": True,
                  "Total cholesterol": [235.0, "mg/dL"], "high-density lipoprotein cholesterol": [26.0, "mg/dL"],
                  "Blood pressure being treated with medicines": False}


def test_a_band_row_after_the_sentence_that_names_its_criterion():
    (s,) = flagged("Total cholesterol 235 mg/dL.\nAge 50-59 group.\nFor 200-239: 4 points.", calculator="framingham_hard_chd", entities=FRAMINGHAM_MAN)
    assert "Total cholesterol scores 3" in s["detail"]
    steps = verify("SBP 139 mmHg.\nNot on medication.\n130-139: 1 point.", calculator="framingham_hard_chd", entities=FRAMINGHAM_MAN).steps
    assert [c.ok for c in steps[-1].checks if c.kind == "criterion"] == [True]
    # The rows of a table recited after points already given are the (recited) rule, not this patient.
    assert criteria_read.headed("100-200 => 1 point.", 60, "Oxygenation: PaO2/FiO2 > 200 => 0 points. 100-200 => 1 point.",
                                get("apache_ii")) is None


def test_child_pugh_items_by_their_short_names():
    ents = {"international normalized ratio": 2.1, "Ascites": "slight", "Albumin": [3.1, "g/dL"], "Encephalopathy": "Grade 3-4", "Bilirubin": [2.45, "mg/dL"]}
    for text, want in (("Bili 2.45 -> 3 pts", "Total bilirubin scores 2"), ("Alb 3.1 -> 3 pts", "Albumin scores 2")):
        (s,) = flagged(text, calculator="child_pugh", entities=ents)
        assert want in s["detail"], text
    assert not flagged("Bili 2.45 -> 2 pts", calculator="child_pugh", entities=ents)


def test_framingham_tallies_with_a_bracketed_band_or_group_and_points_for_an_item():
    for text, want in (("Points for age 50-54: 7.", "Age scores 6"), ("Cholesterol points (age 50-59, TC 200-239): 4.", "Total cholesterol scores 3"),
                       ("SBP 139 untreated (130-139): 2.", "Systolic blood pressure scores 1"),
                       ("Systolic 139, not treated => 2 points.", "Systolic blood pressure scores 1")):
        (s,) = flagged(f"<think>{text}</think>\nDone.", calculator="framingham_hard_chd", entities=FRAMINGHAM_MAN)
        assert want in s["detail"], text
    for text in ("Points for age 50-54: 6.", "Cholesterol points (age 50-59, TC 200-239): 3.", "SBP 139 untreated (130-139): 1."):
        assert not flagged(f"<think>{text}</think>\nDone.", calculator="framingham_hard_chd", entities=FRAMINGHAM_MAN), text


def test_note_values_under_the_input_s_own_words_and_a_height_written_before_tall():
    # Without entities, a value the trace states is judged by what the note writes for the input:
    # "alanine aminotransferase (30 IU/L)" for the trace's "ALT", "was 173 cm tall" for its height.
    note = "A 36-year-old man. Labs: aspartate aminotransferase (28 IU/L), alanine aminotransferase (30 IU/L), platelets 165,000/µL."
    (s,) = flagged("ALT = 45 U/L.", calculator="fib4", patient_note=note)
    assert s["error"] == "extraction"
    assert not flagged("ALT = 30 U/L.", calculator="fib4", patient_note=note)
    note = "Of note, the patient weighed 67.2 kg, and was 173 cm tall."
    (s,) = flagged("Height: 190 cm.", calculator="bmi", patient_note=note)
    assert s["error"] == "extraction"
    assert not flagged("Height: 173 cm.", calculator="bmi", patient_note=note)


def test_an_ion_written_with_subscripts_and_its_charge_names_its_input():
    note = "Labs: sodium 139 mmol/L, chloride 104 mmol/L, bicarbonate 20 mmol/L."
    ents = {"Sodium": [139.0, "mmol/L"], "Chloride": [104.0, "mmol/L"], "Bicarbonate": [20.0, "mmol/L"]}
    (s,) = flagged("Na⁺ = 139 mmol/L, Cl⁻ = 104 mmol/L, HCO₃⁻ = 25 mmol/L.", calculator="anion_gap", patient_note=note, entities=ents)
    assert "bicarbonate is 20" in s["detail"]


APACHE_ENTITIES = {"age": [43.0, "years"], "Temperature": [34.9, "degrees celsisus"], "Systolic Blood Pressure": [122.0, "mm Hg"],
                   "Diastolic Blood Pressure": [81.0, "mm Hg"], "Heart Rate or Pulse": [120.0, "beats per minute"],
                   "respiratory rate": [17.0, "breaths per minute"], "FiO₂": [57.0, "%"], "A-a gradient": 375.0, "pH": 7.53,
                   "Sodium": [137.49, "mmol/L"], "Potassium": [5.43, "mmol/L"], "creatinine": [1.258, "mg/dL"], "Acute renal failure": True,
                   "Hematocrit": [35.0, "%"], "White blood cell count": [9103.0, "µL"], "Glasgow Coma Score": 12.0,
                   "History of severe organ failure or immunocompromise": False, "Chronic Renal Failure": False}


def test_a_quantity_the_calculator_derives_is_checked_against_its_derivation():
    # The data give the blood pressures, not the MAP: a stated MAP is held against (SBP + 2 DBP) / 3.
    table = "| Variable | Value | Points |\n|---|---|---|\n| MAP | {} mmHg | 0 |\n"
    assert not flagged(table.format("94.7"), calculator="apache_ii", entities=APACHE_ENTITIES)
    (s,) = flagged(table.format("104.7"), calculator="apache_ii", entities=APACHE_ENTITIES)
    assert "94.667" in s["detail"]
    assert not flagged("Mean arterial pressure: 0 (out of 4)", calculator="apache_ii", entities=APACHE_ENTITIES)  # the points, not the MAP


def test_a_number_followed_by_a_minus_sign_is_not_the_points():
    assert not flagged("**GCS**: 12 → 15 − 12 = 3 points", calculator="apache_ii", entities=APACHE_ENTITIES)


def test_a_table_row_recited_beside_the_patients_value_and_the_word_table_are_no_points():
    # "375: 200-349 => 2" recites the row below the patient's; "The table:" names no finding.
    trace = "<think>A-a gradient 375: 200-349 => 2, 350-499 => 3. The table: 34–35.9 gives 1.</think>\nSo oxygenation scores 3."
    assert not flagged(trace, calculator="apache_ii", entities=APACHE_ENTITIES)
    (s,) = flagged("<think>A-a gradient 375 => 350-499 => 2.</think>\nDone.", calculator="apache_ii", entities=APACHE_ENTITIES)
    assert "Oxygenation scores 3" in s["detail"]


@pytest.mark.parametrize("line, points", [("Add age 5 => 13.", 5.0), ("Add 5 for age => 13.", 5.0), ("Plus GCS 3 -> 16.", 3.0)])
def test_an_item_added_to_a_running_total_gives_the_item_its_points_not_the_total(line, points):
    found = criteria_read.for_calculator(criteria_read.read(line, 0), get("apache_ii"))
    assert [m.points for m in found] == [points]


def test_a_bracket_that_qualifies_a_criterion_is_no_finding_of_its_own():
    # "(160–199, age 40–49)" qualifies the total cholesterol: its points are the cholesterol's, not Age's.
    ents = {"high-density lipoprotein cholesterol": [25.0, "mg/dL"], "sex": "Male", "Systolic Blood Pressure": [131.0, "mm hg"],
            "Total cholesterol": [191.0, "mg/dL"], "Smoker": False, "age": [49, "years"], "Blood pressure being treated with medicines": True}
    (s,) = flagged("Total cholesterol 191 mg/dL (160–199, age 40–49): 5 points.", calculator="framingham_hard_chd", entities=ents)
    assert s["detail"].startswith("Total cholesterol scores 3 for this patient, not 5")


def test_points_after_a_band_in_brackets_and_an_equals_sign():
    assert not flagged("Heart rate: 120/min (110–139) = 2", calculator="apache_ii", entities=APACHE_ENTITIES)
    (s,) = flagged("Heart rate: 120/min (110–139) = 3", calculator="apache_ii", entities=APACHE_ENTITIES)
    assert s["error"] == "criterion"


@pytest.mark.parametrize("line", ["HR 120 (range 110–139) = {} points", "Heart rate: 120 (110-139): {}", "Heart rate: 120/min (110-139): {}"])
def test_a_band_in_brackets_beside_the_value_then_the_points(line):
    assert not [s for s in flagged(line.format(2), calculator="apache_ii", entities=APACHE_ENTITIES) if s["error"] == "criterion"]
    (s,) = [s for s in flagged(line.format(3), calculator="apache_ii", entities=APACHE_ENTITIES) if s["error"] == "criterion"]
    assert "Heart rate scores 2" in s["detail"]


def test_a_rewrite_that_writes_a_part_of_the_one_before_worked_out_keeps_its_value():
    trace = "Calculate: 140 + 0.024 * (92 - 100)\nCalculate: 140 + 0.024 * (-8)\nCalculate: {} - 0.192\nFinal corrected sodium = 139.808 mEq/L."
    got = [(s["verdict"], s["error"]) for s in verify(trace.format(115), calculator="sodium_correction_hyperglycemia").to_dict()["steps"]]
    assert got[2] == ("incorrect", "arithmetic")
    got = [s["verdict"] for s in verify(trace.format(140), calculator="sodium_correction_hyperglycemia").to_dict()["steps"]]
    assert "incorrect" not in got
    # a next operation on the result before is no rewrite of it
    assert not [s for s in verify("Multiply: 0.9 × 0.0503. Multiply: 175 × 0.0453.").to_dict()["steps"] if s["verdict"] == "incorrect"]


@pytest.mark.parametrize("line, ok", [("√RR = 0.664.", True), ("√RR = 0.75.", False), ("∛RR = 0.761.", True), ("∛RR = 0.78.", False),
                                      ("The RR is 0.441 s.", True)])
def test_a_root_of_a_computed_value_is_no_restatement_of_it(line, ok):
    steps = verify("RR = 60 / 136 = 0.441 s.\n" + line, calculator="qtc_bazett", patient_note="HR 136, QT 330 ms").to_dict()["steps"]
    assert steps[1]["verdict"] == ("correct" if ok else "incorrect"), steps[1]


def test_a_named_rewrite_is_held_to_the_precision_of_its_numbers_not_to_one_percent():
    trace = "Corrected sodium = 140 + 0.024 * (92 - 100) = 139.808 mEq/L.\nCorrected sodium = 140 - {}.\nAnswer: 139.808"
    bad = verify(trace.format("0.137"), calculator="sodium_correction_hyperglycemia").to_dict()["steps"][1]
    ok = verify(trace.format("0.192"), calculator="sodium_correction_hyperglycemia").to_dict()["steps"][1]
    assert (bad["verdict"], ok["verdict"]) == ("incorrect", "correct")


def test_a_numbered_tally_line_under_the_criterions_own_label_is_read_as_its_points():
    # "1. Clinical signs and symptoms of DVT — 3": the criterion's own label (whose words it shares with
    # "Previous PE or DVT") and its digits ("Immobilisation ≥3 days …") name it; the number is its points.
    ents = {"Heart Rate or Pulse": [110.0, "beats per minute"], "Previously Documented Pulmonary Embolism": False,
            "Previously documented Deep Vein Thrombosis": False, "Hemoptysis": False, "Malignancy with treatment within 6 months or palliative": False,
            "Clinical signs and symptoms of Deep Vein Thrombosis": False, "Pulmonary Embolism is #1 diagnosis OR equally likely": False,
            "Immobilization for at least 3 days": False, "Surgery in the previous 4 weeks": False}
    lines = ["1. Clinical signs and symptoms of DVT — {a}", "2. PE the most likely diagnosis (alternative less likely) — 0", "3. Heart rate — 1.5",
             "4. Immobilisation ≥3 days or surgery in the previous 4 weeks — {b}", "5. Previous PE or DVT — 0", "6. Haemoptysis — 0",
             "7. Malignancy (treatment within 6 months or palliative) — 0"]
    def trace(a, b):
        return "Calculating the Wells' criteria for pulmonary embolism for this patient.\n" + "\n".join(lines).format(a=a, b=b) + "\n\nSo the total Wells' criteria for pulmonary embolism is 1.5."
    assert not flagged(trace(0, 0), calculator="wells_pe", entities=ents)
    (s,) = flagged(trace(3, 0), calculator="wells_pe", entities=ents)
    assert s["text"].startswith("1. Clinical signs") and s["error"] == "criterion"
    (s,) = flagged(trace(0, 1.5), calculator="wells_pe", entities=ents)
    assert s["text"].startswith("4. Immobilisation") and s["error"] == "criterion"


def test_a_tally_line_that_says_score_for_is_points_even_where_the_number_could_be_the_value():
    # "Score for albumin: 3" with an albumin of 3.1 g/dL: the line says its number is a score, not the
    # albumin (which "Albumin: 3" alone could be); Child-Pugh gives this albumin 2 points.
    ents = {"Bilirubin": [1.5, "mg/dL"], "Albumin": [3.1, "g/dL"], "international normalized ratio": 1.5,
            "Ascites": "absent", "Encephalopathy": "No Encephalopathy"}
    lines = ["Score for bilirubin: 1", "Score for albumin: {a}", "Score for INR: 1", "Score for ascites: 1", "Score for encephalopathy: 1"]
    trace = "Calculating the Child-Pugh score for this patient.\n" + "\n".join(lines) + "\n\nSo the total Child-Pugh score is 6."
    assert not flagged(trace.format(a=2), calculator="child_pugh", entities=ents)
    (s,) = flagged(trace.format(a=3), calculator="child_pugh", entities=ents)
    assert s["text"] == "Score for albumin: 3" and "Albumin scores 2 for this patient, not 3" in s["detail"]


def test_a_bare_tally_number_a_finding_cannot_give_is_wrong_points_not_a_value():
    # "16. Central venous access — 1": Caprini gives central venous access 0 or 2; a finding has no
    # value of its own, so the 1 is points it never gives. ("Creatinine — 4.2" is still a value.)
    from clinverify.verifier import criteria_read
    c = get("caprini")
    m = criteria_read.bare_tally("16. Central venous access — 1", 0, c)
    assert m is not None and m.points == 1
    assert criteria_read.bare_tally("Creatinine — 4.2", 0, get("apache_ii")) is None


def test_a_numbered_list_of_a_graded_scores_items_each_with_one_number_is_the_patients_tally():
    # HEART's items are graded, not findings: no "finding: 0" line marks the list as the patient's.
    # Three or more items each with one number, not every one its most, is the patient's tally.
    ents = {"age": [50, "years"], "Suspicion History": "Slightly suspicious", "Electrocardiogram Test": "Normal",
            "Initial troponin": "less than or equal to normal limit", "Hypertension history": True}
    trace = ("Calculating the HEART score for this patient.\n1. History — 0\n2. ECG — 0\n3. Age — {a}\n4. Risk factors — 1\n"
             "5. Initial troponin — 0\n\nSo the total HEART score is 2.")
    assert not flagged(trace.format(a=1), calculator="heart_score", entities=ents)
    (s,) = flagged(trace.format(a=2), calculator="heart_score", entities=ents)
    assert s["text"] == "3. Age — 2" and "Age scores 1 for this patient, not 2" in s["detail"]
    # the items' maxima recited ("History — 2, ECG — 2, …") are the rule, not a tally
    rule = "The HEART score items:\n1. History — 2\n2. ECG — 2\n3. Age — 2\n4. Risk factors — 2\n5. Initial troponin — 2\n\nSo the total HEART score is 2."
    assert not flagged(rule, calculator="heart_score", entities=ents)
    # nor is a list of each item's most with a choice given none (CHA2DS2-VASc's sex category)
    ents = {"age": [58, "years"], "sex": "Male", "Hypertension history": False, "Diabetes history": True, "Congestive Heart Failure": False,
            "Prior Stroke, TIA or thromboembolism": False, "Vascular disease history": False}
    rule = ("CHA2DS2-VASc points:\n1. Congestive heart failure — 1\n2. Hypertension — 1\n3. Stroke/TIA/thromboembolism — 2\n"
            "4. Vascular disease — 1\n5. Sex category — 0\n\nSo the CHA2DS2-VASc score is 1.")
    assert not flagged(rule, calculator="cha2ds2_vasc", entities=ents)


@pytest.mark.parametrize("line", ["For absence of cough, the patient scores 0.", "0 points for absence of cough.", "Score for absence of cough: 0"])
def test_a_tally_line_framing_a_negative_criterions_own_label_says_nothing_of_the_finding(line):
    # Centor's "Absence of cough" named in a tally's frame ("For …, the patient scores 0") is the label,
    # not a statement that the cough is absent: a patient with a cough scores 0 there, rightly.
    note = "A 25-year-old woman with a sore throat for two days, temperature 38.5 °C, tonsillar exudate and a dry cough."
    v = verify("Calculating the Centor score (modified/McIsaac) for strep pharyngitis for this patient.\n" + line + "\nDone.",
               calculator="centor_mcisaac", patient_note=note)
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind == "criterion"]


def test_a_long_run_of_spaces_after_a_capitalised_word_is_read_in_linear_time():
    # The mnemonic-definition reader ("C is congestive heart failure") took two overlapping runs of
    # spaces: 20,000 spaces after "For" took about 9 s. One run now.
    t0 = time.perf_counter()
    verify("For " + " " * 20000 + ", the patient scores 0.", calculator="centor_mcisaac")
    assert time.perf_counter() - t0 < 5.0  # typical well under 0.1 s


def test_without_the_patients_data_the_sex_criterion_is_judged_by_the_sex_the_note_gives():
    note = "A 72-year-old woman with hypertension and atrial fibrillation."
    v = verify("- Sex category: 0 points\nDone.", calculator="cha2ds2_vasc", patient_note=note)
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks] == [("criterion", False)]
    # the rule's category in the label is no statement of the patient's sex: a man scores 0
    v = verify("- Sex category (female): 0 points\nDone.", calculator="cha2ds2_vasc", patient_note="A 67-year-old man with diabetes.")
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer"]


_FIB4 = {"age": [47, "years"], "Alanine aminotransferase": [309.0, "U/L"], "Aspartate aminotransferase": [213.0, "U/L"],
         "Platelet count": [149000.0, "µL"]}


@pytest.mark.parametrize("unit", ["× 10^9/L", "×10⁹/L", "x 10⁹/L", "× 10³/µL", "x10³/µL", "K/µL"])
def test_a_count_written_with_its_scale_spaced_or_in_superscript_is_read_as_the_patients_value(unit):
    assert checks(f"Platelets: 149 {unit}", calculator="fib4", entities=_FIB4) == [("extraction", True)]
    assert checks(f"Platelets: 194 {unit}", calculator="fib4", entities=_FIB4) == [("extraction", False)]
    # and as the right side of a conversion
    assert checks(f"The platelet count is 149,000/µL, which is 14.9 {unit}.", calculator="fib4", entities=_FIB4) in (
        [("unit_conversion", False)], [("unit_conversion", False), ("extraction", True)])  # (the count converted is the patient's, read too)


@pytest.mark.parametrize("line,ok", [
    ("The square root of ALT (309) is approximately 17.58.", True),
    ("The square root of ALT (309) is approximately 16.58.", False),
    ("The square root of the ALT (309 U/L) is 18.58.", False),
    ("Multiply age (47) by AST (213) to get 11011.", False),
    ("Divide the numerator (10011) by the denominator (2619.4) to get 3.82.", True),
    ("Divide the numerator (10011) by the denominator (2619.4) to get 4.82.", False),
])
def test_an_operation_in_words_on_operands_named_with_their_values_in_brackets_is_checked(line, ok):
    assert checks(line, calculator="fib4") == [("arithmetic", ok)]


@pytest.mark.parametrize("line,ok", [("min(0.679, 1) = 0.679", True), ("max(0.679, 1) = 0.679", False), ("max(12.714,1) = 12.714", True)])
def test_min_and_max_of_numbers_are_arithmetic(line, ok):
    assert checks(line, calculator="ckd_epi_2021") == [("arithmetic", ok)]


def test_a_count_per_mcl_in_the_note_is_read_in_its_unit():
    note = "Her hemoglobin was 11.5 g/dL with platelet count 101000 /mcL, AST 87 IU/L and ALT 104 IU/L."
    v = verify("Platelets = 101 × 10^9/L.\nDone.", calculator="fib4", patient_note=note)
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks] == [("extraction", True)]
    v = verify("Platelets = 110 × 10^9/L.\nDone.", calculator="fib4", patient_note=note)
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks] == [("extraction", False)]


def test_a_value_the_trace_converts_is_one_of_its_own_values_for_the_answer():
    # Without a reference or entities, the answer is recomputed from the trace's own values; a value
    # given only as a conversion ("69 in = 175.3 cm") is one of them, in the unit the trace goes on with.
    trace = "The patient is a man.\nHis height of 69 in is 175.3 cm.\nIBW = 50 + 2.3 × 9 = 70.7 kg.\nThe ideal body weight is 70.7 kg."
    v = verify(trace, calculator="ideal_body_weight")
    assert (v.answer.source, v.answer.correct) == ("trace", True)
    assert verify(trace.replace("is 70.7 kg.", "is 90.7 kg."), calculator="ideal_body_weight").answer.correct is False
    fluids = get("maintenance_fluids")
    assert grounding.extract_inputs("weight: 44 lb = 20 kg.", fluids) == {"weight": [20.0, "kg"]}
    assert grounding.extract_inputs("Weight 20 kg = 60 mL/hr.", fluids) == {"weight": [20.0, "kg"]}  # the weight written, not the result in another dimension


def test_a_count_left_per_microlitre_in_thinking_is_taken_back_by_a_conversion_only_when_not_used_after():
    ents = {"age": [2, "years"], "Alanine aminotransferase": [104.0, "U/L"], "Aspartate aminotransferase": [87.0, "U/L"],
            "Platelet count": [101000.0, "µL"]}
    thinking = "<think>Age 2. AST 87. Platelet count = 101,000. ALT 104. So compute.</think>\n"
    right = thinking + ("Platelet count: 101 000 /µL = 101 × 10^9/L.\nFIB-4 = (2 × 87) / (101 × 10.198) = 0.169.\n"
                        "The FIB-4 index is 0.169.")
    v = verify(right, calculator="fib4", entities=ents)
    bad = [s for s in v.steps if s.checks and any(c.ok is False for c in s.checks)]
    assert bad and all(s.verdict == "corrected" for s in bad)
    used = thinking + ("Platelet count: 101 000 /µL = 101 × 10^9/L.\nFIB-4 = (2 × 87) / (101 000 × 10.198) = 0.000169.\n"
                       "The FIB-4 index is 0.000169.")
    v = verify(used, calculator="fib4", entities=ents)
    assert [s.verdict for s in v.steps if "Platelet count = 101,000" in s.text] == ["incorrect"]


def test_a_small_final_answer_is_shown_as_written_not_as_zero():
    ents = {"age": [2, "years"], "Alanine aminotransferase": [104.0, "U/L"], "Aspartate aminotransferase": [87.0, "U/L"],
            "Platelet count": [101000.0, "µL"]}
    v = verify("FIB-4 = 174 / 1,030,798 = 0.0002.\nThe FIB-4 index is 0.0002.", calculator="fib4", entities=ents)
    assert "final answer 0.0002 disagrees" in v.answer.detail or any(
        "final answer 0.0002 disagrees" in c.detail for s in v.steps for c in s.checks)


@pytest.mark.parametrize("line,ok", [
    ("Entire leg swollen? No → 0", True), ("Entire leg swollen? Yes → 1", False), ("Active cancer? Yes (+1)", False),
    ("Is the entire leg swollen? No. 0 points.", True), ("Active cancer? No (0)", True),
])
def test_a_criterion_asked_and_answered_with_its_points_is_one_decision(line, ok):
    ents = {"Active cancer": False, "Entire Leg Swollen": False}
    assert checks(line, calculator="wells_dvt", entities=ents) == [("criterion", ok)]


def test_a_question_answered_with_a_value_is_still_two_sentences():
    from clinverify.verifier.steps import segment
    assert [s.text for s in segment("Albumin 4.2 g/L = 42? No, 0.42 g/dL.")] == ["Albumin 4.2 g/L = 42?", "No, 0.42 g/dL."]


def test_a_wrong_sum_of_whole_points_is_an_arithmetic_error_not_rounding():
    assert checks("RCRI = 0 + 1 + 0 + 1 + 0 + 1 = 2", calculator="revised_cardiac_risk_index") == [("arithmetic", False)]
    assert checks("0.1689 rounded: 174 / 1030.2 = 0.168", calculator="fib4") == [("rounding", False)]  # a truncated result stays a rounding slip


_OSM = {"Sodium": [131.0, "mEq/L"], "Glucose": [70.0, "mg/dL"], "Blood Urea Nitrogen (BUN)": [18.0, "mg/dL"]}


@pytest.mark.parametrize("line,ok", [("Calculated osmolality = 2 × 131 + 70/18 + 18/2.8 ≈ 272 mOsm/kg.", True),
                                     ("Calculated osmolality = 2 × 131 + 70/18 + 18/2.8 ≈ 262 mOsm/kg.", False)])
def test_quotients_that_cannot_be_dates_are_arithmetic_and_terms_in_another_order_are_no_swap(line, ok):
    # "70/18 + 1…" was taken for a date plus days; the glucose and BUN terms written in the other
    # order than the formula's are in their places (the expression comes to the patient's result).
    assert checks(line, calculator="serum_osmolality", entities=_OSM) == [("arithmetic", ok)]
    assert [c.kind for c in extract_claims("The next period would be 10/11/2020 + 29 days = 11/09/2020.")] == ["restatement"]


@pytest.mark.parametrize("value,ok", [("131", True), ("133", False), ("129", False)])
def test_a_value_held_as_written_is_compared_closely_in_its_own_unit(value, ok):
    v = verify(f"Sodium {value} mEq/L, glucose 70 mg/dL, BUN 18 mg/dL.", calculator="serum_osmolality", entities=_OSM)
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction" and c.detail.startswith("sodium")] == [ok]


@pytest.mark.parametrize("line,ok", [
    ("HOMA-IR = (glucose [mg/dL] × insulin [µIU/mL]) / 405", True),
    ("HOMA-IR = (glucose [mg/dL] × insulin [µIU/mL]) / 22.5", False),  # the mmol/L divisor with glucose said to be in mg/dL
    ("HOMA-IR = (glucose [mmol/L] × insulin [µIU/mL]) / 22.5", True),
])
def test_a_formula_with_its_units_in_square_brackets_is_read_and_held_to_those_units(line, ok):
    assert checks(line, calculator="homa_ir") == [("formula", ok)]


@pytest.mark.parametrize("line,kind,ok", [
    ("∛0.458 = 0.771", "arithmetic", True), ("∛0.458 = 0.677", "arithmetic", False),
    ("QTc = 330 / ∛0.458 = 438 ms", "arithmetic", False), ("QTc = QT / ∛RR", "formula", True),
])
def test_the_cube_root_sign_is_read(line, kind, ok):
    assert checks(line, calculator="qtc_fridericia") == [(kind, ok)]


def test_an_exact_result_is_no_rounded_operand_and_a_chain_rewrite_is():
    def arith(line):
        return [c.ok for s in verify(line, calculator="albumin_corrected_anion_gap").steps for c in s.checks if c.kind == "arithmetic"]
    # 4 − 3.7 is exactly 0.3: a product of it is held to its digits (0.65 is no rounding of 0.75)
    assert arith("The albumin deficit is 4 − 3.7 = 0.3 g/dL, and 2.5 × 0.3 = 0.65.") == [True, False]
    assert arith("The albumin deficit is 4 − 3.7 = 0.3 g/dL, and 2.5 × 0.3 = 0.75.") == [True, True]
    # a value rewritten rounded inside a chain (−0.0714 for 130/140 − 1) carries its rounding on
    assert all(arith("Deficit = 1.8 * (130 / 140 - 1) = 1.8 * (0.9286 - 1) = 1.8 * (-0.0714) = -0.12857 L."))


@pytest.mark.parametrize("line,ok", [
    ("EDD = 12/11/2013 + 280 − 6 days = 09/11/2014", True),
    ("EDD = 12/11/2013 + 280 − 6 days = 09/17/2014", False),  # the cycle's adjustment left out of the result
    ("So 2017-03-24 + 365 days = 2018-03-24.", True),  # an ISO date's own dashes are no operation
])
def test_an_amount_of_days_with_its_adjustment_in_one_unit_is_read(line, ok):
    v = verify(line, calculator="estimated_due_date")
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [("arithmetic", ok)]


@pytest.mark.parametrize("line,expected", [
    ("The difference between 03/29/2020 and 03/23/2020 is 6 days.", [("arithmetic", True)]),
    ("The difference between 03/29/2020 and 03/23/2020 is 7 days.", [("arithmetic", False)]),
    ("From 03/23/2020 to 03/29/2020 is 6 days, i.e. 1 week and 6 days.", [("arithmetic", True), ("unit_conversion", False)]),
])
def test_days_between_two_dates_in_either_order_and_weeks_and_days_in_the_singular(line, expected):
    assert checks(line, calculator="gestational_age") == expected


@pytest.mark.parametrize("line,ok", [
    ("Fever (1) + Purulence (1) + Attend rapidly (0) + Inflamed tonsils (1) + No cough/coryza (0) = 3", True),
    ("Fever (1) + Purulence (1) + Attend rapidly (0) + Inflamed tonsils (1) + No cough/coryza (0) = 4", False),
    ("Hypertension (1) + Age ≥75 (2) + Diabetes (1) = 5", False),
])
def test_a_sum_of_named_terms_with_their_points_in_brackets_is_arithmetic(line, ok):
    assert [c.ok for s in verify(line, calculator="feverpain").steps for c in s.checks if c.kind == "arithmetic"] == [ok]


def test_a_function_of_a_number_in_a_sum_is_no_named_term():
    assert [c.expr for c in extract_claims("0.957 x ln(2.0) + 0.378 x ln(1.0) + 0.643 = 1.3064")] == ["0.957 x ln(2.0) + 0.378 x ln(1.0) + 0.643"]


@pytest.mark.parametrize("line,expected", [
    ("For the remaining 7 kg, 2 mL/kg/hr gives 14 mL/hr.", [("arithmetic", True)]),
    ("For the remaining 7 kg, 2 mL/kg/hr gives 21 mL/hr.", [("arithmetic", False)]),
    ("1000 + 350 = 1350 mL/day = 66.25 mL/hr", [("arithmetic", True), ("unit_conversion", False)]),
])
def test_a_weight_at_a_rate_per_kilogram_and_a_daily_volume_per_hour_are_checked(line, expected):
    v = verify(line, calculator="maintenance_fluids")
    assert sorted((c.kind, c.ok) for s in v.steps for c in s.checks if c.kind in ("arithmetic", "unit_conversion")) == sorted(expected)


_PSI = {"age": [70, "years"], "sex": "Male", "Pleural effusion on x-ray": True, "Nursing home resident": False}


@pytest.mark.parametrize("line", ["No pleural effusion.", "There is no pleural effusion.", "The patient has no pleural effusion.",
                                  "Pleural effusion is not present.", "- No pleural effusion is reported."])
def test_a_finding_said_absent_in_a_sentence_of_prose_is_judged(line):
    assert checks(line, calculator="pneumonia_severity_index", entities=_PSI) == [("criterion", False)]


@pytest.mark.parametrize("line", ["No mention.", "No mention of pleural effusion.", "No other data.", "No points."])
def test_a_sentence_that_says_nothing_was_found_decides_no_finding(line):
    v = verify(line, calculator="pneumonia_severity_index", entities=_PSI)
    assert not [c for s in v.steps for c in s.checks if c.kind == "criterion"]


def test_absent_findings_in_prose_after_the_rules_do_not_make_the_rules_a_tally():
    trace = ("1. Identify the components of the Wells score for pulmonary embolism:\\n - Clinical signs of DVT (3 points)\\n"
             " - Heart rate >100 bpm (1.5 points)\\n - Hemoptysis (1 point)\\n - Malignancy (1 point)\\n"
             "2. Review the patient note for each criterion:\\n - No clinical signs of DVT are described.\\n"
             " - No hemoptysis is reported.\\n - No malignancy is mentioned.\\n3. All criteria are absent, so the score is 0.")
    ents = {"Clinical signs and symptoms of Deep Vein Thrombosis": False, "Hemoptysis": False, "Malignancy with treatment within 6 months or palliative": False,
            "Heart Rate or Pulse": [60, "beats per minute"]}
    v = verify(trace, calculator="wells_pe", entities=ents)
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind == "criterion"]


def test_a_part_of_the_formula_worked_out_in_words_before_is_a_substitution_in_progress():
    trace = "So difference: 4.0 - 1.5 = 2.5 g/dL. Multiply by 2.5 = 6.25 mEq/L. So corrected AG = AG + 6.25."
    v = verify(trace, calculator="albumin_corrected_anion_gap")
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer"]
    # a value only named before ("normal albumin = 4.0") makes no wrong formula a substitution
    v = verify("Normal albumin = 4.0 g/dL. So corrected AG = AG + 4.0.", calculator="albumin_corrected_anion_gap")
    assert [c.kind for s in v.steps for c in s.checks if c.ok is False] == ["formula"]


@pytest.mark.parametrize("line,flagged", [
    ("Sex: male", True), ("Gender = Male", True), ("The patient is a 32-year-old man with creatinine 0.475 mg/dL.", True),
    ("Sex: female", False), ("The patient is female.", False),
    ("The gender coefficient is 1.012 if the patient is female, else 1.", False),  # a rule, not the patient
    ("For a male patient κ = 0.9.", False),
])
def test_the_patients_sex_said_otherwise_than_the_data_is_a_misread_value(line, flagged):
    v = verify(line, calculator="ckd_epi_2021", entities={"sex": "Female", "creatinine": [42.0, "µmol/L"], "age": [32, "years"]})
    assert any(c.ok is False and c.kind == "extraction" and "female" in c.detail for s in v.steps for c in s.checks) is flagged


def test_without_the_data_the_sex_the_note_gives_decides():
    note = "A 67-year-old man with diabetes and a creatinine of 1.4 mg/dL."
    v = verify("Sex: female\nDone.", calculator="ckd_epi_2021", patient_note=note)
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks] == [("extraction", False)]


@pytest.mark.parametrize("line", ["HOMA-IR = 5460 / 405 = 13.48", "FIB-4 = 10011 / 2619.4 = 3.82"])
def test_a_scores_hyphenated_name_before_its_value_is_no_formula_with_a_minus(line):
    v = verify(line, calculator="homa_ir" if "HOMA" in line else "fib4")
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer"]


@pytest.mark.parametrize("calc,line,ok", [
    ("homa_ir", "Multiply 210 by 26, then divide by 405 to get 13.48.", True),  # was read as 210 × 26 = 13.48
    ("homa_ir", "Multiply the glucose of 210 by the insulin of 26 and divide by 405 to get about 13.5.", True),  # one operation
    ("homa_ir", "Multiply the glucose of 210 by the insulin of 26 and divide by 405 to get about 15.3.", False),
    ("mdrd_gfr", "Multiply 37.82 by the female factor 0.742 to get 28.06 mL/min/1.73 m².", True),  # an operand named before its value
    ("mdrd_gfr", "Multiply 37.82 by the female factor 0.742 to get 26.06 mL/min/1.73 m².", False),
    ("mdrd_gfr", "Multiply 24 by 2.6244 to get a target weight of about 66.0 kg.", False),  # a result named before it
])
def test_operations_in_words_on_named_operands_and_with_named_results_are_one_operation_each(calc, line, ok):
    assert checks(line, calculator=calc) == [("arithmetic", ok)]


@pytest.mark.parametrize("line,flagged", [
    ("Systolic BP 108 mmHg is ≤ 100 → 1 point", True), ("HR 86 bpm (≥ 90) → 1", True), ("Age 56 (< 50)", True),
    ("Systolic BP 108 mmHg is > 100 → 0 points", False),
    ("Temperature <35 or >38.9: 36.5 → 0.", False),  # thresholds, not a value compared
    ("Glucose 180 mg/dL >200? No. So 0.", False), ("HR 68 >90 → no.", False),  # asked and denied
    ("Creatinine 88 µmol/L is < 1.5 mg/dL", False),  # another unit on each side
    ("This does not meet SIRS criteria (less than 4000 or greater than 12000).", False),
])
def test_a_value_said_to_be_on_the_wrong_side_of_a_threshold_is_flagged(line, flagged):
    v = verify(line, calculator="qsofa", entities={"Respiratory Rate": [24, "breaths per minute"], "Systolic Blood Pressure": [108, "mmHg"]})
    assert any(c.ok is False and " is not " in c.detail and c.detail[0].isdigit() for s in v.steps for c in s.checks) is flagged


def test_comparisons_in_the_thinking_are_tried_out_loud_not_judged():
    v = verify("<think>Is SBP 108 ≤ 100 → 1? Let me see.\nSBP 108 ≤ 100 → yes</think>\nSBP 108 mmHg: 0 points.", calculator="qsofa",
               entities={"Systolic Blood Pressure": [108, "mmHg"]})
    assert not [c for s in v.steps for c in s.checks if c.ok is False and " is not " in c.detail and c.detail[0].isdigit()]


@pytest.mark.parametrize("calc,ents,line,ok", [
    ("ideal_body_weight", {"sex": "male", "height": [70, "in"]}, "The patient is a man who is 74 inches tall.", False),
    ("ideal_body_weight", {"sex": "male", "height": [70, "in"]}, "He is 70 inches tall.", True),
    ("has_bled", {"Number of Alcoholic Drinks Per Week": 3, "age": [71, "years"]}, "The patient drinks about 9 alcoholic drinks per week.", False),
    ("qsofa", {"Glasgow Coma Score": [13, ""]}, "Her Glasgow Coma Scale is 15.", False),
])
def test_values_in_other_words_tall_alcoholic_drinks_and_the_scale_named_in_full(calc, ents, line, ok):
    assert checks(line, calculator=calc, entities=ents) == [("extraction", ok)]


@pytest.mark.parametrize("line,sex,ok", [
    ("IBW (male) = 45.5 + 2.3 × (height in inches − 60)", "male", False),  # the women's base for a man
    ("IBW = 45.5 + 2.3 × (height in inches − 60)", "male", False),
    ("IBW = 50 + 2.3 × (height in inches − 60)", "male", True),
    ("IBW for women = 45.5 + 2.3 × (height in inches − 60)", "male", True),  # the rule for the other sex, said so
    ("IBW = 45.5 + 2.3 × (height in inches − 60)", "female", True),
])
def test_a_formula_for_the_other_sex_stated_for_this_patient_is_wrong(line, sex, ok):
    assert checks(line, calculator="ideal_body_weight", entities={"sex": sex, "height": [70, "in"]}) == [("formula", ok)]


FENA = {"sodium": [136, "mmol/L"], "creatinine": [212, "µmol/L"], "urine_sodium": [18, "mmol/L"], "urine_creatinine": [120, "mg/dL"]}
MELD_NA_UMOL = {"creatinine": [0.8, "mg/dL"], "bilirubin": [70, "µmol/L"], "inr": [1.6, ""], "sodium": [131, "mmol/L"]}


@pytest.mark.parametrize("calc,ents,line,ok", [
    ("meld_na", MELD_NA_UMOL, "Bilirubin (mg/dL) = 70 / 88.4 = 0.79 mg/dL", False),  # creatinine's factor for bilirubin
    ("meld_na", MELD_NA_UMOL, "Bilirubin (mg/dL) = 70 / 17.1 = 4.09 mg/dL", True),
    ("meld_na", MELD_NA_UMOL, "Creatinine 0.8 × 88.4 = 70.72 µmol/L", True),
    ("fena", FENA, "Serum creatinine in mg/dL: \\( 212 \\div 17.1 = 12.40 \\) mg/dL", False),
    ("fena", FENA, "Serum creatinine in mg/dL: \\( 212 \\div 88.4 = 2.40 \\) mg/dL", True),
    # a number that only happens to be a patient's value in another unit, its input not named: no conversion
    ("pneumonia_severity_index", {"Blood Urea Nitrogen (BUN)": [28.0, "mg/dL"]}, "This will result to 1081.0 mg glucose/10.0 dL = 108.1 mg glucose/dL.", True),
])
def test_a_patient_value_converted_with_another_analytes_factor_is_a_unit_error(calc, ents, line, ok):
    assert ("unit_conversion", False) not in checks(line, calculator=calc, entities=ents) if ok else ("unit_conversion", False) in checks(
        line, calculator=calc, entities=ents)


def test_latex_division_is_read():
    assert checks("\\( 212 \\div 17.1 = 12.50 \\)") == [("arithmetic", False)]


@pytest.mark.parametrize("line,want", [
    ("1.72 × 1.7 = 2.724, 1.72 × 0.02 = 0.0344.", [("arithmetic", False), ("arithmetic", True)]),  # two links after a comma, both read
    ("Squaring 1.72 gives 2.7584.", [("arithmetic", False)]),
    ("The square of 1.72 is 2.9584.", [("arithmetic", True)]),
    ("Adding 21 to the measured QT interval of 410 ms gives 441 ms.", [("arithmetic", False)]),  # an operand named before its value
    ("Adding chloride 98 and bicarbonate 13 gives 111, and subtracting that from sodium 137 gives 36.", [("arithmetic", True), ("arithmetic", False)]),
    ("Adding this to the measured sodium of 136 mEq/L gives 136 + 2.4 = 138.4 mEq/L.", [("arithmetic", True)]),  # "gives" an expression, not a value
])
def test_operations_in_words_with_named_operands_and_squares(line, want):
    assert checks(line) == want


@pytest.mark.parametrize("tail,answer", [
    ("HEART score = 1 + 1 + 1 + 2 + 0 = **5** (moderate risk, 4–6).", 5),
    ("**Answer:** 150 mg of IV hydrocortisone is equivalent to approximately **30 mg of IV methylprednisolone**.", 30),
    ("The delta gap is **–0.3 mEq/L** (approximately –0.4 mEq/L when rounded).", -0.3),
    ("HEART score = 5 (moderate risk, 4–6).", 5),  # a band in a remark after the value
    ("The QTc is 452 ms (normal < 450 ms).", 452),
    ("**Step 4:** total = 7", 7),  # a heading in bold is no answer
])
def test_the_final_answer_is_the_number_set_in_bold_not_a_band_after_it(tail, answer):
    from clinverify.verifier.claims import final_answer

    assert final_answer(tail).value == answer


def test_a_date_given_by_adding_days_to_this_date_is_checked():
    v = verify("The patient's last menstrual period was 08/02/2010. Adding 280 days to this date gives us 05/08/2011.")
    assert [c.detail for s in v.steps for c in s.checks if c.ok is False] == ["08/02/2010 + 280 days = 05/09/2011, not 05/08/2011"]


@pytest.mark.parametrize("tail,answer", [
    ("**Answer:** 14 weeks and **2 days**", {"weeks": 14, "days": 2}),  # a duration is read whole, not its bold part
    ("The score is **5**; in the table (**9** rows) it is 5.", 5),  # bold in a remark is no answer
])
def test_bold_numbers_that_are_not_the_answer(tail, answer):
    from clinverify.verifier.claims import final_answer

    assert final_answer(tail).value == answer


def test_a_latex_formula_statement_with_left_and_right_brackets():
    ents = {"sex": "Male", "age": [50, "years"], "weight": [70, "kg"], "sodium": [150, "mmol/L"]}
    line = "\\( \\text{FWD} = \\text{TBW} \\times \\left( \\frac{\\text{Na}}{140} - 1 \\right) \\)"
    assert checks(line, calculator="free_water_deficit", entities=ents) == [("formula", True)]
    assert checks(line.replace("Na", "Glucose"), calculator="free_water_deficit", entities=ents) == [("formula", False)]


def test_a_band_said_not_met_is_no_claim_of_the_bands_points():
    ents = {"age": [80, "year"], "Confusion": True, "serum urea": [6.5, "mmol/L"], "respiratory rate": [30, "1/min"],
            "Systolic Blood Pressure": [118, "mmHg"], "Diastolic Blood Pressure": [72, "mmHg"]}
    assert ("criterion", False) not in checks("BP is 118/72 mmHg; SBP is not <90 and DBP is not ≤60, so no point (0).", calculator="curb_65", entities=ents)


def test_a_change_of_a_value_and_a_table_row_that_calculates():
    table = "| Parameter | Calculation | Value |\n|---|---|---|\n| ΔHCO3 | 24 − 9 | 15 mEq/L |\n| ΔAG | 24 − 12 | 13 mEq/L |"
    v = verify(table, calculator="delta_gap", entities={"sodium": [140, "mmol/L"], "chloride": [107, "mmol/L"], "bicarbonate": [9, "mmol/L"]})
    got = [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind != "answer"]
    assert got == [("arithmetic", True), ("arithmetic", False)]  # ΔHCO3 is no bicarbonate; 24 − 12 is not 13


@pytest.mark.parametrize("line", ["AG_corr = AG + 2.5 × (4.0 − albumin)", "AGcorr = AG + 2.5 × (4 − albumin)", "AG_corrected = AG + 2.5 × (4 − albumin)"])
def test_the_corrected_gap_named_with_an_underscore_is_the_corrected_gaps_formula(line):
    ents = {"sodium": [140, "mmol/L"], "chloride": [100, "mmol/L"], "bicarbonate": [20, "mmol/L"], "albumin": [2.0, "g/dL"]}
    assert checks(line, calculator="albumin_corrected_anion_gap", entities=ents) == [("formula", True)]


CHA2DS2_72F = {"age": [72, "years"], "sex": "Female", "hypertension": True, "diabetes": True, "chf": False}


@pytest.mark.parametrize("line,ok", [
    ("3. **A₂ – Age ≥ 75:** The patient is 72, so this does not apply → 0 points.", True),  # the heading's band, said not to apply
    ("3. **A₂ – Age ≥ 75:** The patient is 72, so this applies → 2 points.", False),
])
def test_a_band_in_the_heading_said_not_to_apply(line, ok):
    assert ("criterion", False) not in checks(line, calculator="cha2ds2_vasc", entities=CHA2DS2_72F) if ok else (
        ("criterion", False) in checks(line, calculator="cha2ds2_vasc", entities=CHA2DS2_72F))


def test_a_list_announced_as_the_scores_rules_gives_the_rules_points():
    ents = {"age": [35, "year"], "Temperature": [100.6, "degF"], "Cough Absent": True, "Tender/swollen anterior cervical lymph nodes": True,
            "Exudate or swelling on tonsils": False}
    trace = ("The modified Centor (McIsaac) score assigns:\n- Temperature >38 °C: +1\n- Absence of cough: +1\n- Tonsillar exudate or swelling: +1\n\n"
             "Our patient: tonsillar exudate absent: 0.")
    assert not [c for s in verify(trace, calculator="centor_mcisaac", entities=ents).steps for c in s.checks if c.ok is False and c.kind != "answer"]
    tally = "For this patient:\n- Tonsillar exudate or swelling: +1"
    assert ("criterion", False) in checks(tally, calculator="centor_mcisaac", entities=ents)


CG_WOMAN = {"sex": "Female", "age": [60, "years"], "weight": [70, "kg"], "creatinine": [1.0, "mg/dL"]}


@pytest.mark.parametrize("line,ok", [
    ("The gender coefficient is 1.", False),  # a whole number is not 0.85 rounded
    ("Sex factor = 1 (female).", False),
    ("The sex coefficient is 0.85.", True),
    ("GFR = 142 × 1^α × 0.9938^38, and 1^α = 1.", None),  # an exponent by its name: no statement of α
])
def test_a_stated_factor_written_as_a_whole_number_is_not_a_rounding(line, ok):
    got = [c for c in checks(line, calculator="cockcroft_gault" if ok is not None else "ckd_epi_2021",
                             entities=CG_WOMAN if ok is not None else {"sex": "Female", "age": [38, "years"], "creatinine": [8.9, "mg/dL"]})
           if c[0] == "formula" and c[1] is not None]
    if ok is None:
        assert ("formula", False) not in got
    else:
        assert got == [("formula", ok)]


@pytest.mark.parametrize("line,ok", [
    ("5 mg of prednisone is equivalent to 1 mg of dexamethasone.", False),  # a third off: another equivalence, not a rounding
    ("25 mg prednisone is equivalent to 4 mg dexamethasone.", True),  # 3.75 rounded
    ("Prednisone to dexamethasone: multiply by 0.2.", False),
    ("This gives a conversion factor of 0.75 / 5 = 0.15 mg of dexamethasone per mg of prednisone.", True),  # the quotient, not its first number
])
def test_steroid_equivalences_and_factors_are_held_to_the_table(line, ok):
    got = checks(line, calculator="steroid_conversion", entities={"from_drug": "PredniSONE PO", "dose": [40, "mg"], "to_drug": "Dexamethasone IV"})
    assert (("formula", False) in got) is (not ok) and got


def test_a_hyphenated_name_before_a_sum_is_no_difference_of_names():
    ents = {"sodium": [136, "mmol/L"], "chloride": [101, "mmol/L"], "bicarbonate": [20, "mmol/L"], "albumin": [26, "g/L"]}
    assert checks("- Albumin-corrected anion gap = 15 + 3.5 = **18.5 mEq/L**", calculator="albumin_corrected_anion_gap", entities=ents) == [
        ("arithmetic", True)]


@pytest.mark.parametrize("calc,ents,line,want", [
    ("gestational_age", {"Last menstrual date": "11/20/2023", "Current Date": "02/14/2024"},
     "83 / 7 = 11 weeks remainder 6 (since 11 × 7 = 77, and 83 − 77 = 6).", ("arithmetic", True)),  # a whole quotient and its remainder
    ("gestational_age", {"Last menstrual date": "11/20/2023", "Current Date": "02/14/2024"}, "83 / 7 = 11 weeks and 5 days", ("arithmetic", False)),
    ("gestational_age", {"Last menstrual date": "11/20/2023", "Current Date": "02/14/2024"},
     "The patient's last menstrual period began on 11/23/2023.", ("extraction", False)),
    ("morphine_milligram_equivalents", {"hydromorphone_dose": [2, "mg"], "hydromorphone_doses_per_day": [4, "per day"]},
     "The patient takes hydromorphone 2 mg taken 6 times daily.", ("extraction", False)),  # how often, after the dose
    ("glasgow_coma_scale", {"eye_response": "eye opening to pain", "verbal_response": "incomprehensible sounds", "motor_response": "flexion to pain"},
     "The patient opens their eyes in response to voice, which scores 3 points for eye response.", ("criterion", False)),
])
def test_remainders_dates_begun_doses_taken_and_eyes_opened(calc, ents, line, want):
    assert want in checks(line, calculator=calc, entities=ents)


def test_a_criterion_with_the_patients_findings_listed_is_the_patients_points():
    ents = {"age": [58, "years"], "history": "moderately suspicious", "ecg": "non-specific repolarization disturbance", "troponin": "normal",
            "hypertension": True, "hypercholesterolemia": True, "smoking": True}
    line = "4. **Risk factors** – hypertension, hypercholesterolemia, smoking: **1 point**"  # three of them: 2 points
    assert ("criterion", False) in checks(line, calculator="heart_score", entities=ents)


@pytest.mark.parametrize("line,flagged", [
    ("In the age-adjusted CCI, ages 40–49 score 1 point.", True),  # a row of the rule, wrong though this patient scores 1
    ("In the age-adjusted CCI, ages 50–59 score 1 point.", False),
    ("Because the patient's age is between 50 and 59, we add one point.", False),
])
def test_a_lone_band_row_is_held_to_the_rule(line, flagged):
    ents = {"age": [58, "year"], "Solid tumor": "metastatic", "Liver disease severity": "moderate to severe", "Peripheral vascular disease": True}
    assert (("criterion", False) in checks(line, calculator="charlson_comorbidity_index", entities=ents)) is flagged


@pytest.mark.parametrize("line,want", [
    ("PAO2 = FiO2 × (760 − 47) − PaCO2/0.8 = 0.70 × 713 − 36/0.8 = 499.1 − 45 = 454.1 mmHg", [("arithmetic", True), ("arithmetic", True), ("formula", True)]),
    ("HCO3 24 − 12 = 12", [("arithmetic", True)]),  # the 3 is the name's
])
def test_digits_that_end_a_name_are_no_operand(line, want):
    assert checks(line) == want


def test_the_score_named_by_its_own_name_is_a_total_not_a_criterion():
    assert ("criterion", False) not in checks("**Wells' DVT score = 3** → DVT likely (score ≥ 2).", calculator="wells_dvt", entities={"age": [60, "years"]})


@pytest.mark.parametrize("line,ok", [
    ("It assigns 1 point each for fever, absence of cough, plus an age adjustment: +1 for age 3–14, 0 for 15–44, and −1 for age ≥ 45.", True),
    ("It assigns 1 point each for fever, plus an age adjustment: +1 for age 15–44.", False),
])
def test_points_written_before_the_band_they_are_for(line, ok):
    assert (("criterion", False) in checks(line, calculator="centor_mcisaac", entities={"age": [48, "years"]})) is (not ok)


def test_a_unit_identity_a_twentieth_off_and_a_latex_fraction_converting_a_value():
    assert checks("1 kg = 2 lb") == [("unit_conversion", False)]
    assert checks("1 kg = 2.2 lb") == [("unit_conversion", True)]
    ents = {"total bilirubin": [56, "µmol/L"], "serum albumin": [2.6, "g/dL"], "international normalized ratio": [1.5, ""], "ascites": "moderate",
            "hepatic encephalopathy": "grade 1-2"}
    line = "\\( \\text{Bilirubin} = \\frac{56}{34.2} = 1.64 \\text{ mg/dL} \\)"  # 34.2: twice bilirubin's factor
    assert ("unit_conversion", False) in checks(line, calculator="child_pugh", entities=ents)


FENA_MIXED = {"serum sodium": [131, "mmol/L"], "serum creatinine": [159, "µmol/L"], "urinary sodium": [48, "mmol/L"], "urinary creatinine": [7.96, "mmol/L"]}


@pytest.mark.parametrize("line,ok", [
    ("FENa = (U_Na × S_Cr) / (S_Na × U_Cr) × 100", True), ("FENa = (UNa × PCr) / (PNa × UCr) × 100", True),
    ("FENa = (S_Na × S_Cr) / (U_Na × U_Cr) × 100", False),  # serum and urine sodium swapped
])
def test_fena_written_with_the_samples_letters(line, ok):
    assert checks(line, calculator="fena", entities=FENA_MIXED) == [("formula", ok)]


def test_a_substitution_for_the_urine_creatinine_by_its_letter_and_a_finding_of_a_counted_criterion():
    line = "FENa = (U_Na × S_Cr) / (S_Na × U_Cr) × 100 = (48 × 1.799) / (131 × 90.05) × 100 = 0.73%"
    assert [c for c in checks(line, calculator="fena", entities=FENA_MIXED) if c[1] is False] == []
    ents = {"age": [52, "years"], "history": "moderately suspicious", "ecg": "normal", "troponin": "normal", "hypertension": True,
            "hypercholesterolemia": True, "smoking": True}
    assert ("criterion", False) not in checks("No known atherosclerotic disease mentioned.", calculator="heart_score", entities=ents)


def test_a_running_total_in_links_after_commas():
    assert checks("1 + 1 = 2, + 1 = 3, + 2 = 5, + 1 = 6.") == [("arithmetic", True)] * 4
    assert checks("1 + 1 = 2, + 1 = 3, + 2 = 4, + 1 = 5.") == [("arithmetic", True)] * 2 + [("arithmetic", False), ("arithmetic", True)]


def test_an_options_band_is_no_measured_band_row():
    ents = {"age": [58, "years"], "history": "moderately suspicious", "ecg": "normal", "troponin": "1-3x normal",
            "hypertension": True}
    line = "Troponin: the initial troponin is between 1 and 3 times the normal limit, which scores 1 point."
    assert ("criterion", False) not in checks(line, calculator="heart_score", entities=ents)


@pytest.mark.parametrize("line,ok", [
    ("T = (100.2 - 30) × 5/9 = 39.0 °C", False),  # 30 for 32
    ("63.5 × 0.55 = 34.9 °C", False),  # 0.55 for 5/9
    ("(100.2 - 32) × 5/9 = 37.9 °C", True), ("(95.5 − 32) / 1.8 = 35.3 °C", True), ("63.5 × 0.5556 = 35.3 °C", True),
])
def test_a_fahrenheit_to_celsius_conversion_with_another_constant(line, ok):
    assert (("unit_conversion", False) in checks(line)) is (not ok)


SOFA_85 = {"PaO₂": [80, "mmHg"], "FiO₂": [40, "%"], "On mechanical ventilation": True, "Platelet count": [85, "1/nL"],
           "Bilirubin": [2.4, "mg/dL"], "Mean Arterial Pressure": [65, "mmHg"], "Glasgow Coma Score": [13, "dimensionless"],
           "serum creatinine": [2.1, "mg/dL"]}
CHARLSON_74 = {"age": [74, "year"], "Congestive Heart Failure": True, "Chronic Obstructive Pulmonary Disease": True,
               "diabetes mellitus": "end-organ damage", "Solid tumor": "localized"}


@pytest.mark.parametrize("line,calc,ents,wrong", [
    # one criterion's bands or options listed with their points: its table, not this patient's points
    ("Liver: bilirubin 1.2–1.9 → 1, 2.0–5.9 → 2, 6.0–11.9 → 3, ≥12 → 4.", "sofa", SOFA_85, False),
    ("Coagulation: platelets <150 → 1, <100 → 2, <50 → 3, <20 → 4.", "sofa", SOFA_85, False),
    ("Diabetes: uncomplicated → 1, with end-organ damage → 2.", "charlson_comorbidity_index", CHARLSON_74, False),
    ("Solid tumor: localized → 2, metastatic → 6.", "charlson_comorbidity_index", CHARLSON_74, False),
    ("Age points: <50 → 0, 50–59 → 1, 60–69 → 2, 70–79 → 3, ≥80 → 4.", "charlson_comorbidity_index", CHARLSON_74, False),
    # a row of the table stated wrong is still wrong
    ("Liver: bilirubin 1.2–1.9 → 1, 2.0–5.9 → 3, 6.0–11.9 → 3, ≥12 → 4.", "sofa", SOFA_85, True),
    ("Coagulation: platelets <150 → 1, <100 → 3, <50 → 3, <20 → 4.", "sofa", SOFA_85, True),
    ("Diabetes: uncomplicated → 1, with end-organ damage → 1.", "charlson_comorbidity_index", CHARLSON_74, True),
    # the patient's own points, or one taken back in the step, are this patient's
    ("Diabetes scores 1 here.", "charlson_comorbidity_index", CHARLSON_74, True),
    ("Age 74 → 2 points... wait, no: 70–79 → 3.", "charlson_comorbidity_index", CHARLSON_74, True),
])
def test_a_criterion_s_table_listed_in_one_line(line, calc, ents, wrong):
    assert (("criterion", False) in checks(line, calculator=calc, entities=ents)) is wrong


def test_the_patient_placed_in_a_band_the_rule_does_not_have():
    ents = {"age": [77, "year"], "gender": "Female", "Hypertension history": True, "Diabetes history": True}
    assert ("criterion", False) in checks("Age 77: in the 65–79 range → 1", calculator="cha2ds2_vasc", entities=ents)
    assert ("criterion", False) not in checks("Age 77: in the 75+ range → 2", calculator="cha2ds2_vasc", entities=ents)


@pytest.mark.parametrize("line,calc,ents", [
    ("One mmol/L of glucose is about 18 mg/dL, so 14.5 multiplied by 18 gives 261 mg/dL.", "serum_osmolality",
     {"Na": [141, "mmol/L"], "serum glucose": [14.5, "mmol/L"], "blood urea nitrogen": [28, "mg/dL"]}),
    ("The albumin is below the reference value of 4.0 g/dL used in the formula, so we apply the adjustment.", "calcium_correction",
     {"serum calcium": [8.3, "mg/dL"], "serum albumin": [3.7, "g/dL"]}),
    ("Subtracting 112 from the sodium of 140 leaves 28 mEq/L.", "delta_gap", {"Na": [140, "mmol/L"], "Cl": [100, "mmol/L"], "HCO3": [12, "mmol/L"]}),
])
def test_a_factor_a_reference_a_limit_or_a_result_in_words_is_no_patient_value(line, calc, ents):
    assert ("extraction", False) not in checks(line, calculator=calc, entities=ents)
    wrong = line.replace("of 4.0", "of 4.0 g/dL; albumin 3.1 g/dL;").replace("so 14.5", "glucose 15.5 mmol/L, so 14.5")
    if wrong != line:
        assert ("extraction", False) in checks(wrong, calculator=calc, entities=ents)


APACHE_ARF = {"age": [67, "years"], "temperature": [38.7, "°C"], "systolic_bp": [92, "mmHg"], "diastolic_bp": [54, "mmHg"],
              "heart_rate": [118, "beats/min"], "respiratory_rate": [28, "breaths/min"], "fio2": [40, "%"], "pao2": [68, "mmHg"],
              "ph": [7.31, ""], "sodium": [134, "mmol/L"], "potassium": [5.2, "mmol/L"], "creatinine": [1.8, "mg/dL"],
              "acute_renal_failure": True, "hematocrit": [33, "%"], "wbc": [16.5, "10^9/L"], "gcs": [13, ""], "admission_type": "nonoperative"}


@pytest.mark.parametrize("line,wrong", [
    ("Creatinine 1.8: 1.5–1.9 → 2, and acute renal failure doubles creatinine points → 4.", False),
    ("- Creatinine 1.8 mg/dL (1.5–1.9 → 2), doubled for acute renal failure → 4", False),
    ("- Creatinine 1.8 mg/dL (1.5–1.9 → 2), doubled for acute renal failure → 6", True),
    ("Creatinine 1.8: 1.5–1.9 → 3, and acute renal failure doubles creatinine points → 6.", True),
])
def test_points_doubled_later_in_the_clause_are_the_criterion_s(line, wrong):
    assert (("criterion", False) in checks(line, calculator="apache_ii", entities=APACHE_ARF)) is wrong


def test_a_hyphenated_word_after_a_result_is_no_formula():
    line = "So QTc ≈ 455 ms (borderline prolonged for a man, normal-ish upper range for a woman — not asked anyway)."
    assert checks(line, calculator="qtc_bazett", entities={"heart_rate": [96, "1/min"], "qt_interval": [360, "ms"]}) == []


@pytest.mark.parametrize("line,want", [
    ("Adding these together, 282 plus 14.5 plus 10 gives 306.5 mOsm/kg.", [("arithmetic", True)]),
    ("282 plus 14.5 plus 10 gives 310.5.", [("arithmetic", False)]),
    ("Adding 282 and 14.5 and 10 gives 306.5.", [("arithmetic", True)]),
    ("Adding 282, 14.5 and 10 gives 296.5.", [("arithmetic", False)]),
    ("108 / 7 = 15 weeks with remainder 108 − 105 = 3 days.", [("arithmetic", True)] * 2),
    ("108 / 7 = 15 weeks with remainder 108 − 105 = 4 days.", [("arithmetic", False)] * 2),
    ("165 days = 23 weeks (161 days) + 4 days.", [("unit_conversion", True)]),
    ("°C = (°F − 32) × 5/9 = (100.6 − 32) × 5/9 = 68.6 × 5/9 = 38.11 °C", [("arithmetic", True)] * 2),
])
def test_sums_remainders_and_symbols_in_words_and_formulas(line, want):
    assert checks(line) == want


@pytest.mark.parametrize("line,calc,ents,want", [
    # a constant stated for the group a label names ("Male:") or a bracket after the factor ("0.742 (female)")
    ("Male: κ = 0.9, α = −0.302.", "ckd_epi_2021", {"sex": "Female", "age": [58, "year"], "creatinine": [0.6, "mg/dL"]}, True),
    ("κ = 0.9, α = −0.302.", "ckd_epi_2021", {"sex": "Female", "age": [58, "year"], "creatinine": [0.6, "mg/dL"]}, False),
    ("GFR = 175 × Scr^−1.154 × age^−0.203 × 0.742 (female) × 1.212 (Black).", "mdrd_gfr",
     {"sex": "Male", "age": [59, "year"], "creatinine": [2.1, "mg/dL"], "race": "non-black"}, True),
    # the code tallied after a label names the criterion ("…: M = 5")
    ("- Motor response localizes to a painful stimulus: M = 5.", "glasgow_coma_scale",
     {"eye_response": "eye opening to verbal command", "verbal_response": "confused", "motor_response": "localizes pain"}, True),
    ("- Motor response localizes to a painful stimulus: M = 4.", "glasgow_coma_scale",
     {"eye_response": "eye opening to verbal command", "verbal_response": "confused", "motor_response": "localizes pain"}, False),
    # a pair of values in a table's cells is no calculation and its result
    ("| Sodium / Potassium | 134 / 3.3 | 0 / 1 |", "anion_gap", {}, True),
    ("| AG | 24 − 9 | 16 mEq/L |", "anion_gap", {}, False),
    # running totals in words are no finding's points
    ("Adding the age and surgery points gives 3, adding bed rest gives 4, adding the DVT history gives 7, and adding the family history gives 10.",
     "caprini", {"age": [45, "years"], "sex": "Male", "surgery_type": "arthroscopic", "mobility": "bed rest", "previous_dvt": True,
                 "family_history_thrombosis": True}, True),
])
def test_groups_codes_pairs_and_running_totals(line, calc, ents, want):
    assert all(ok for _, ok in checks(line, calculator=calc, entities=ents)) is want


def test_two_words_for_one_criterion_are_no_joined_pair_and_a_row_already_counted_is_none():
    ents = {"Clinical signs and symptoms of Deep Vein Thrombosis": True, "Previously documented Deep Vein Thrombosis": True,
            "Heart Rate or Pulse": [90, "1/min"]}
    table = "| Criterion | Present | Points |\n|---|---|---|\n| Clinical signs/symptoms of DVT | Yes | 3 |\n| Previous PE/DVT | Yes | 1.5 |"
    assert not flagged(table, calculator="wells_pe", entities=ents)
    ents = {"age": [65, "years"], "renal_disease": True, "liver_disease": True, "stroke": True, "labile_inr": True}
    assert not flagged("| Item | Points |\n|---|---|\n| A (renal + liver) | 2 |", calculator="has_bled", entities=ents)
    assert flagged("| Item | Points |\n|---|---|\n| A (renal + liver) | 1 |", calculator="has_bled", entities=ents)
    ents = {"age": [77, "year"], "gender": "Female", "Hypertension history": True, "Diabetes history": True}
    table = "| Criterion | Detail | Points |\n|---|---|---|\n| A2 | Age 77 (≥ 75) | 2 |\n| A | Age 65–74 | — (already counted) | 0 |"
    assert not flagged(table, calculator="cha2ds2_vasc", entities=ents)


@pytest.mark.parametrize("line,calc,ents,want", [
    ("Subtracting 112 from the sodium of 140 leaves an anion gap of 28 mEq/L.", "delta_gap",
     {"Na": [140, "mmol/L"], "Cl": [100, "mmol/L"], "HCO3": [12, "mmol/L"]}, True),
    ("Quick sanity check: creatinine 2.1 in a ~60-year-old man → eGFR in the low 30s.", "mdrd_gfr",
     {"sex": "Male", "age": [59, "year"], "creatinine": [2.1, "mg/dL"], "race": "non-black"}, True),
    ("A 60-year-old man.", "mdrd_gfr", {"sex": "Male", "age": [59, "year"], "creatinine": [2.1, "mg/dL"], "race": "non-black"}, False),
    # two versions compared by name is no version followed
    ("Is it 0.9938 in 2021? Yes — 2009 used 0.993, the 2021 refit uses 0.9938 with 142.", "ckd_epi_2021",
     {"sex": "Male", "age": [71, "year"], "creatinine": [1.8, "mg/dL"]}, True),
])
def test_results_rounded_ages_and_versions_compared(line, calc, ents, want):
    assert all(ok for _, ok in checks(line, calculator=calc, entities=ents)) is want


def test_the_other_version_s_constant_alone_is_followed():
    ents = {"sex": "Male", "age": [71, "year"], "creatinine": [1.8, "mg/dL"]}
    found = checks("The age factor is 0.993^71 = 0.608 (CKD-EPI 2009).", calculator="ckd_epi_2021", entities=ents,
                   question="What is the patient's eGFR by the 2021 CKD-EPI creatinine equation?")
    assert ("formula", False) in found


def test_the_halving_shortcut_for_fahrenheit_and_bold_points_in_brackets():
    assert ("unit_conversion", False) in checks("T = (96.4 − 30)/2 = 66.4/2 = 33.2 °C", calculator="apache_ii", entities={"temperature": [96.4, "°F"]})
    assert ("unit_conversion", False) not in checks("T = (96.4 − 32)/1.8 = 35.8 °C", calculator="apache_ii", entities={"temperature": [96.4, "°F"]})
    ents = {"age": [38, "years"], "Heart Rate or Pulse": [88, "beats/min"], "O₂ saturation percentage": [95, "%"], "Unilateral Leg Swelling": True}
    line = "3. Oxygen saturation < 95%? SpO₂ is 95%, which is at the ≤95% cutoff → Yes (**1**)"
    assert ("criterion", False) in checks(line, calculator="perc_rule", entities=ents)
    assert ("criterion", False) not in checks("3. Oxygen saturation < 95%? SpO₂ is 95% → No (**0**)", calculator="perc_rule", entities=ents)


@pytest.mark.parametrize("line,ok", [
    ("Remaining 25 kg × 2 mL/kg/hr = 50 mL/hr", False),  # the next tier holds 10 kg: 25 kg are above 20
    ("| Remaining 25 kg | 2 mL/kg/hr | 50 mL/hr |", False),
    ("Remaining 15 kg × 1 mL/kg/hr = 15 mL/hr", True),
    ("Remaining 5 kg × 2 mL/kg/hr = 10 mL/hr", True),  # the next tier's, for a weight of 15 kg
])
def test_a_tier_labelled_with_its_kilograms_before_the_rate(line, ok):
    found = [c for c in checks(line, calculator="maintenance_fluids", entities={"weight": [35, "kg"]}) if c[0] == "formula"]
    assert found == [("formula", ok)]


def test_the_worst_taken_a_rate_per_each_a_column_s_unit_and_points_doubled_after_a_colon():
    sofa = {"PaO₂": [80, "mmHg"], "FiO₂": [40, "%"], "On mechanical ventilation": True, "Platelet count": [85, "1/nL"],
            "Bilirubin": [2.4, "mg/dL"], "Mean Arterial Pressure": [65, "mmHg"], "Glasgow Coma Score": [13, "dimensionless"],
            "serum creatinine": [1.6, "mg/dL"], "Urine Output": [600, "mL/day"]}
    line = "**Renal:** creatinine 1.6 (1.2–1.9) → 1; urine output 600 mL/day is ≥ 500 → 0; take the worse → **1 point**"
    assert ("criterion", True) in checks(line, calculator="sofa", entities=sofa)
    assert ("criterion", False) not in checks(line, calculator="sofa", entities=sofa)
    assert ("criterion", False) in checks(line.replace("**1 point**", "**0 points**"), calculator="sofa", entities=sofa)
    line = "Katz correction: Na rises 1.6 mEq/L for each 100 mg/dL of glucose above 100."
    assert ("extraction", False) not in checks(line, calculator="sodium_correction_hyperglycemia", entities={"sodium": [128, "mmol/L"], "glucose": [500, "mg/dL"]})
    table = "| Analyte | mmol/L | mg/dL |\n|---|---|---|\n| HDL | 1.1 | 42.54 |"
    ldl = {"total_cholesterol": [5.8, "mmol/L"], "hdl": [1.1, "mmol/L"], "triglycerides": [1.9, "mmol/L"]}
    assert not flagged(table, calculator="ldl_friedewald", entities=ldl)
    assert flagged(table.replace("| 1.1 |", "| 1.3 |"), calculator="ldl_friedewald", entities=ldl)
    ents = {"creatinine": [2.1, "mg/dL"], "acute_renal_failure": True, "age": [60, "years"]}
    assert checks("Creatinine 2.1 (2.0–3.4) = 3, doubled for acute renal failure: 6", calculator="apache_ii", entities=ents) == [("criterion", True)]


def test_a_cutoff_s_sign_at_the_patient_s_value_and_a_value_just_above_a_bound_in_words():
    perc = {"age": [38, "years"], "Heart Rate or Pulse": [88, "beats/min"], "O₂ saturation percentage": [95, "%"], "Unilateral Leg Swelling": True}
    assert ("criterion", False) in checks("The SpO2 threshold is ≤95%.", calculator="perc_rule", entities=perc)
    assert ("criterion", False) not in checks("The SpO2 threshold is <95%.", calculator="perc_rule", entities=perc)
    assert ("criterion", False) not in checks("The heart rate threshold is >100.", calculator="perc_rule", entities=perc)  # 88: the bound's side is moot
    sofa = {"PaO₂": [80, "mmHg"], "FiO₂": [40, "%"], "On mechanical ventilation": True, "Platelet count": [85, "1/nL"],
            "Bilirubin": [2.4, "mg/dL"], "Mean Arterial Pressure": [65, "mmHg"], "Glasgow Coma Score": [13, "dimensionless"],
            "serum creatinine": [2.1, "mg/dL"]}
    assert checks("2.4 is just above 1.9, still counts as mild → 1.", calculator="sofa", entities=sofa) == [("criterion", False)]
    assert checks("2.4 is just above 1.9, so counts as moderate → 2.", calculator="sofa", entities=sofa) == [("criterion", True)]


@pytest.mark.parametrize("line,want", [
    ("e^(−0.3607) ≈ 0.6791.", [("arithmetic", False)]),  # 0.6972
    ("e^(-0.3607) = 0.6971", [("arithmetic", True)]),
    ("e^0.03717 = 1.0378", [("arithmetic", True)]),
    ("ln(0.9938) ≈ −0.006219, × 58 = −0.3607... e^(−0.3607) ≈ 0.6791.", [("arithmetic", True), ("arithmetic", False)]),
    ("ln(0.993) = -0.007", [("arithmetic", True)]),  # a logarithm worked out by hand, within half a per cent
    ("e^1.5 = 4.50", [("arithmetic", True)]),  # 4.4817: 0.4 % off, an approximation
    ("e^1.5 = 4.60", [("arithmetic", False)]),
])
def test_euler_s_number_raised_and_hand_worked_logarithms(line, want):
    assert checks(line) == want


@pytest.mark.parametrize("line,ents,want", [
    ("Convert height: 170 cm ÷ 30.48 = 5.58 ft, i.e. 5 ft 5.8 in = 65.8 in.", {"height": [170, "cm"], "sex": "Male"}, False),
    ("Convert height: 170 cm ÷ 30.48 = 5.58 ft, i.e. 5 ft 7 in = 67 in.", {"height": [170, "cm"], "sex": "Male"}, True),
    ("5 ft 4 in = 5.4 ft × 30.48 = 164.59 cm", {"target_bmi": [24, "kg/m^2"], "height": [64, "in"]}, False),
    ("5 ft 4 in = 5.333 ft × 30.48 = 162.56 cm", {"target_bmi": [24, "kg/m^2"], "height": [64, "in"]}, True),
])
def test_a_result_restated_in_another_unit_and_a_value_converted_then_scaled(line, ents, want):
    found = [ok for kind, ok in checks(line, calculator="ideal_body_weight" if "sex" in ents else "target_weight", entities=ents) if kind == "unit_conversion"]
    assert found and all(found) is want


@pytest.mark.parametrize("line,ok", [
    ("- INR: 2.4. An INR between 1.7 and 2.4 scores 2 points.", False),  # 1.7–2.3 scores 2; above it 3
    ("- INR: 2.4. An INR between 1.7 and 2.3 scores 2 points.", True),
    ("An INR of 1.7–2.4 scores 2 points.", False),
    ("INR 1.7–2.3: 2 points.", True),
])
def test_a_band_stated_as_a_rule_that_the_rule_splits(line, ok):
    ents = {"total bilirubin": [2.4, "mg/dL"], "serum albumin": [3.1, "g/dL"], "international normalized ratio": [2.4, ""],
            "ascites": "slight", "hepatic encephalopathy": "none"}
    assert [c for c in checks(line, calculator="child_pugh", entities=ents) if c[0] == "criterion"] == [("criterion", ok)]


PERC_47 = {"age": [47, "years"], "heart_rate": [100, "beats/min"], "oxygen_saturation": [93, "%"], "hormone_use": True}


def test_a_table_with_a_column_deciding_each_criterion_is_read_row_by_row():
    table = ("| PERC criterion | Patient | Positive? |\n|---|---|---|\n| Age ≥ 50 | 47 | No |\n| Heart rate ≥ 100 bpm | 100 | No |\n"
             "| SpO₂ < 95% | 93% | Yes |\n| Hemoptysis | Absent | No |\n| Hormone use | Present | Yes |\n\nThree criteria are positive: 3.")
    v = verify(table, calculator="perc_rule", entities=PERC_47).to_dict()
    rows = {s["text"]: s["verdict"] for s in v["steps"] if s["text"].startswith("| ") and "---" not in s["text"]}
    assert rows["| Heart rate ≥ 100 bpm | 100 | No |"] == "incorrect"  # met: heart rate 100 ≥ 100
    assert all(verdict == "correct" for text, verdict in rows.items() if "Heart" not in text and "Positive?" not in text)
    # a criterion with more than two outcomes is not decided by a yes or a no
    assert not flagged("| Criterion | Met? |\n|---|---|\n| Age 65-74 | No |", calculator="cha2ds2_vasc", entities=CHA2DS2_VASC_MAN_70)


@pytest.mark.parametrize("line,ok", [
    ("1. Age ≥ 50: 58 → positive (1)", True),
    ("2. Heart rate ≥ 100: 100 → negative (0)", False),
    ("3. O₂ saturation < 95%: 93% → positive (1)", True),
    ("3. O₂ saturation < 95%: 95% → negative (0)", False),
])
def test_points_in_brackets_after_positive_or_negative(line, ok):
    ents = dict(PERC_47, age=[58, "years"])
    assert [c for c in checks(line, calculator="perc_rule", entities=ents) if c[0] == "criterion"] == [("criterion", ok)]


MME_OXY_HYDRO = {"oxycodone_dose": [10, "mg"], "oxycodone_doses_per_day": [4, "1/day"], "hydromorphone_dose": [2, "mg"], "hydromorphone_doses_per_day": [3, "1/day"]}


def test_a_factor_stated_alone_after_its_item_and_the_guideline_the_trace_names():
    lead = "Multiply each opioid's daily dose by its conversion factor (CDC 2022) and sum.\n\n"
    body = ("Oxycodone: daily dose = 10 mg × 4 = 40 mg/day. Conversion factor 1.5, so 40 × 1.5 = 60 MME/day.\n\n"
            "Hydromorphone: daily dose = 2 mg × 3 = 6 mg/day. Conversion factor {f}, so 6 × {f} = {p} MME/day.\n\n"
            "Total MME/day = 60 + {p} = {t} MME/day.")
    right = checks(lead + body.format(f=5, p=30, t=90), calculator="morphine_milligram_equivalents", entities=MME_OXY_HYDRO)
    assert ("formula", True) in right and all(ok for _, ok in right)  # "Total MME/day": a quantity per day, not a quotient
    wrong = verify(lead + body.format(f=4, p=24, t=84), calculator="morphine_milligram_equivalents", entities=MME_OXY_HYDRO)
    (bad,) = [c.detail for s in wrong.steps for c in s.checks if c.ok is False and c.kind == "formula"]
    assert bad == "4 is the CDC 2016 factor for Hydromorphone; the trace follows CDC 2022, whose factor is 5"
    # a trace that names no guideline, or names both, may follow the 2016 table
    assert not flagged(body.format(f=4, p=24, t=84), calculator="morphine_milligram_equivalents", entities=MME_OXY_HYDRO)
    both = "CDC 2016 gave hydromorphone 4; CDC 2022 gives 5. We use the 2016 table.\n\n"
    assert not [s for s in flagged(both + body.format(f=4, p=24, t=84), calculator="morphine_milligram_equivalents", entities=MME_OXY_HYDRO)
                if any(c["kind"] == "formula" for c in s["checks"])]


@pytest.mark.parametrize("line", ["Height 172 cm = 1.72 m.", "The patient height is 172 cm, which is 1.72 m, and the target BMI is 22 kg/m².",
                                  "Height: 172 cm (1.72 m)."])
def test_a_patient_value_converted_where_it_is_written_is_still_the_patients_value(line):
    found = checks(line, calculator="target_weight", entities={"target bmi": [22, "kg/m^2"], "body height": [182, "cm"]})
    assert ("unit_conversion", True) in found and ("extraction", False) in found


@pytest.mark.parametrize("calculator,ents", [
    ("ideal_body_weight", {"gender": "Male", "body height": [178, "cm"]}),
    ("adjusted_body_weight", {"gender": "Male", "body weight": [118, "kg"], "body height": [178, "cm"]}),
])
def test_a_computation_from_the_other_sexs_base(calculator, ents):
    wrong = "IBW (Devine, male) = 45.5 + 2.3 × (70.08 − 60) = 45.5 + 2.3 × 10.08 = 68.68 kg"
    assert ("formula", False) in checks(wrong, calculator=calculator, entities=ents)
    assert ("formula", False) not in checks(wrong.replace("45.5", "50").replace("68.68", "73.18"), calculator=calculator, entities=ents)
    assert ("formula", False) not in checks(wrong, calculator=calculator, entities=dict(ents, gender="Female"))
    # another sum that starts at 45.5, in a step that does not name the formula
    assert ("formula", False) not in checks("Total = 45.5 + 2.3 = 47.8", calculator=calculator, entities=ents)


@pytest.mark.parametrize("line,ok", [
    ("Because Scr/κ < 1, we raise 0.9111 to −1.200: 0.9111^−1.200 = 1.1182", False),  # the max term's exponent on the min term
    ("(0.9111)^(−0.302) = 1.0286", True),
    ("max term: 1^(−1.2) = 1.", True),  # 1 whatever the exponent
    ("2^1.2 = 2 × 2^0.2 = 2 × 1.1487 = 2.2974.", True),  # (no Scr/κ of 2 here; and a reciprocal taken apart keeps the exponent's size)
])
def test_a_power_of_scr_over_kappa_takes_the_exponent_of_its_branch(line, ok):
    found = checks(line, calculator="ckd_epi_2021", entities={"sex": "Male", "age": [45, "year"], "creatinine": [0.82, "mg/dL"]})
    assert ("formula", False) in found if not ok else all(good for _, good in found)
    # above 1 the exponent is −1.200
    assert ("formula", False) in checks("2.0222^−0.302 = 0.809", calculator="ckd_epi_2021",
                                        entities={"sex": "Male", "age": [45, "year"], "creatinine": [1.82, "mg/dL"]})


def test_one_constant_changed_wherever_it_stands_in_a_substitution():
    ents = {"creatinine": [1.8, "mg/dL"], "bilirubin": [3.2, "mg/dL"], "inr": 1.9, "sodium": [131, "mmol/L"]}
    wrong = "MELD-Na = 24 + 1.32 × (140 − 131) − 0.033 × 24 × (140 − 131) = 28.752"
    assert ("formula", False) in checks(wrong, calculator="meld_na", entities=ents)  # 140 for 137, twice
    assert ("formula", False) not in checks(wrong.replace("140", "137").replace("28.752", "27.168"), calculator="meld_na", entities=ents)


def test_a_displayed_formula_followed_by_its_substitution_is_judged_as_a_formula():
    text = ("\\[ \\text{MELD-Na} = \\text{MELD} + 1.32 \\times (140 - \\text{Na}) - 0.033 \\times \\text{MELD} \\times (140 - \\text{Na}) \\]\n"
            "= 24 + 1.32 × 9 − 0.033 × 24 × 9 = 28.752")
    v = verify(text, calculator="meld_na", entities={"creatinine": [1.8, "mg/dL"], "bilirubin": [3.2, "mg/dL"], "inr": 1.9, "sodium": [131, "mmol/L"]})
    assert any(c.detail.startswith("this is not the calculator's formula") for s in v.steps for c in s.checks)


def test_ckd_epi_stated_with_a_groups_constants_and_scr_over_kappa_named():
    man = {"sex": "Male", "age": [71, "year"], "creatinine": [1.8, "mg/dL"]}
    stated = "eGFR = 142 × min(Scr/0.9, 1)^−0.302 × max(Scr/0.9, 1)^−1.200 × 0.9938^age"
    assert checks(stated, calculator="ckd_epi_2021", entities=man) == [("formula", True)]
    assert checks(stated, calculator="ckd_epi_2021", entities=dict(man, sex="Female")) == [("formula", False)]  # κ 0.7, α −0.241 for her
    # "Scr/κ = 2.0" names the ratio, neither the creatinine nor κ
    assert checks("With Scr = 1.8 mg/dL, Scr/κ = 2.0, so the min term is 1.", calculator="ckd_epi_2021", entities=man) == [("extraction", True)]


@pytest.mark.parametrize("line,ok", [
    ("- Formula: eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age (× 1.012 if female)", True),
    ("- Formula: eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age (× 0.742 if female)", False),
    (r"\( eGFR = 142 \times \min(S_{cr}/\kappa, 1)^{\alpha} \times \max(S_{cr}/\kappa, 1)^{-1.200} \times 0.9938^{Age} \times 1.012 \;[\text{if female}] \)", True),
    (r"\( eGFR = 142 \times \min(S_{cr}/\kappa, 1)^{\alpha} \times \max(S_{cr}/\kappa, 1)^{-1.200} \times 0.9938^{Age} \times 0.742 \;[\text{if female}] \)", False),
])
def test_a_group_factor_in_brackets_and_names_written_in_latex(line, ok):
    assert checks(line, calculator="ckd_epi_2021", entities={"sex": "Female", "age": [62, "year"], "creatinine": [1.3, "mg/dL"]}) == [("formula", ok)]


def test_the_normal_bmi_weight_rule_named_as_a_rule_is_held_to_the_patients_bmi():
    line = "Since the BMI of 28.1 is below 30 (not obese), we use the smaller of IBW and actual weight."
    ents = {"sex": "Female", "age": [54, "year"], "weight": [72, "kg"], "height": [160, "cm"], "creatinine": [1.1, "mg/dL"]}
    assert ("formula", False) in checks(line, calculator="cockcroft_gault", entities=ents)  # BMI 28.1 ≥ 25: the adjusted weight
    normal = "Since the BMI is normal, we use the lesser of ideal body weight and actual body weight."
    assert checks(normal, calculator="cockcroft_gault", entities=dict(ents, weight=[60, "kg"])) == [("formula", True)]


# --- stop 48: lines read as points, dates or patient values that are none of them ---------------

def test_points_doubled_to_a_number_are_the_findings():
    ents = {"age": [58, "years"], "creatinine": [2.4, "mg/dL"], "acute_renal_failure": True}
    right = "- Creatinine 2.4 mg/dL → 2.0–3.4 → 3 points, doubled to 6 because of acute renal failure"
    assert not flagged(right, calculator="apache_ii", entities=ents)
    assert flagged(right.replace("3 points, doubled to 6", "2 points, doubled to 4"), calculator="apache_ii", entities=ents)


def test_a_total_then_what_it_means_names_no_criterion():
    # "PE likely" after a total is its interpretation, not Wells' "PE the most likely diagnosis" criterion.
    assert not flagged("Total = 9.0 points → high probability, PE likely.", calculator="wells_pe")


def test_a_yes_no_input_written_zero_or_one_is_its_value_not_points():
    ents = {"age": [55, "year"], "sex": "male", "total_cholesterol": [220, "mg/dL"], "hdl_cholesterol": [42, "mg/dL"],
            "systolic_bp": [138, "mmHg"], "smoker": True, "bp_treated": False}
    assert not flagged("BP treated: 0", calculator="framingham_hard_chd", entities=ents)
    # A flag that decides a criterion gives its points: Wells' "Immobilization/surgery in past 4 weeks: 0" is read.
    v = verify("Immobilization/surgery in past 4 weeks: 0.", calculator="wells_pe")
    assert [c for s in v.steps for c in s.checks if c.kind == "criterion"]


def test_days_counted_to_the_month_end_are_part_of_the_count():
    trace = ("Conception ≈ LMP + (cycle length − 14 days) = 11/23/2023 + (33 − 14) = 11/23/2023 + 19 days\n"
             "Counting: 7 days to November 30, then 12 more days into December.\n"
             "Therefore, the estimated date of conception is 12/12/2023.")
    ents = {"last_menstrual_period": "11/23/2023", "cycle_length": [33, "day"]}
    assert not flagged(trace, calculator="estimated_conception_date", entities=ents)
    wrong = trace.replace("12/12/2023", "12/13/2023")
    assert flagged(wrong, calculator="estimated_conception_date", entities=ents)


def test_the_weight_the_rule_selects_said_to_be_used_is_no_misread_weight():
    ents = {"age": [70, "year"], "sex": "Female", "weight": [66, "kg"], "height": [165, "cm"], "creatinine": [1.2, "mg/dL"]}
    line = "- IBW = 45.5 + 2.3 × (64.96 − 60) = 56.91 kg → weight used 56.91 kg"
    assert not flagged(line, calculator="cockcroft_gault", entities=ents)
    assert flagged("The patient's weight is 56.91 kg.", calculator="cockcroft_gault", entities=ents)


def test_a_formula_of_names_alone_substituted_with_a_value_not_the_patients():
    # "Na − (Cl + HCO3)" has no constant to compare; the chloride put in is still held against the data.
    ents = {"sodium": [138, "mmol/L"], "chloride": [100, "mmol/L"], "bicarbonate": [16, "mmol/L"]}
    for calc in ("anion_gap", "delta_gap"):
        assert flagged("anion gap = Na - (Cl + HCO3) = 138 - (104 + 16) = 18", calculator=calc, entities=ents)
        assert not flagged("anion gap = Na - (Cl + HCO3) = 138 - (100 + 16) = 22", calculator=calc, entities=ents)
    assert flagged("AG = 138 - (104 + 16) = 18", calculator="anion_gap", entities=ents)  # the calculator's own formula, by its name


def test_a_formula_recalled_with_a_wrong_constant_and_then_used_is_an_error_where_recalled():
    trace = ("<think>\nRecall the formula: QTc = QT + 1.25 × (HR − 60), QT in ms and HR in bpm.\n"
             "Given: QT = 380 ms, heart rate = 88 bpm.\nQTc = 380 + 1.25 × (88 − 60) = 380 + 35 = 415.\n</think>\n"
             "QTc = 380 + 1.25 × 28 = 415 ms.\nThe answer is 415 ms.")
    v = verify(trace, calculator="qtc_hodges", entities={"heart_rate": [88, "1/min"], "qt_interval": [380, "ms"]})
    recalled = next(s for s in v.steps if "Recall the formula" in s.text)
    assert recalled.verdict == "incorrect"


def test_a_decision_after_an_arrow_then_the_points():
    ents = {"fever_24h": True, "purulence": False, "rapid_attendance": True, "no_cough_coryza": True, "inflamed_tonsils": True}
    assert flagged("Fever in past 24 h → no, 0.", calculator="feverpain", entities=ents)
    assert not flagged("Purulence → no exudate, 0.", calculator="feverpain", entities=ents)
    assert not flagged("Severely inflamed tonsils → yes, 1.", calculator="feverpain", entities=ents)


@pytest.mark.parametrize("line", [
    "- **Weight:** 176 lb ÷ 2.2 → 82.8 kg",  # a label in bold is no power sign
    "- **Glucose:** 180 mg/dL ÷ 18 → 12 mmol/L",
    "\\[ \\text{Weight} = 176\\ \\text{lb} \\times 0.4536 = 82.8\\ \\text{kg} \\]",  # units in \text{} between the operands
    "\\[ \\text{Height} = 70 \\text{ in} \\times 2.54 = 170 \\text{ cm} \\]",
    "\\[ 150 \\,\\mu\\text{mol/L} \\div 88.4 = 1.96 \\text{ mg/dL} \\]",
])
def test_conversions_written_with_markup_around_the_units(line):
    ents = {"weight": [176, "lb"], "age": [60, "year"], "sex": "Male", "creatinine": [150, "µmol/L"], "height": [70, "in"]}
    assert flagged(line, calculator="cockcroft_gault", entities=ents)
    right = line.replace("82.8", "79.8").replace("12 mmol/L", "10 mmol/L").replace("170", "177.8").replace("1.96", "1.70")
    assert not flagged(right, calculator="cockcroft_gault", entities=ents)


def test_a_run_of_names_and_numbers_said_to_be_points():
    ents = {"age": [73, "years"], "Heart Rate or Pulse": [107.0, "beats per minute"], "respiratory rate": [35.0, "breaths per minute"],
            "FiO₂": [63.0, "%"], "A-a gradient": 331.0, "Glasgow Coma Score": 15.0}
    wrong = "Points: Age: 4, HR: 1, RR: 3, A-a gradient: 10, GCS: 0."
    assert len(flagged(wrong, calculator="apache_ii", entities=ents)) == 1
    v = verify(wrong, calculator="apache_ii", entities=ents)
    bad = {c.detail.split(" scores")[0] for s in v.steps for c in s.checks if c.ok is False and c.kind == "criterion"}
    assert bad == {"Age", "Heart rate", "Oxygenation"}  # criterion by criterion; "Age: 4" is no age of 4 years
    assert not flagged("Points: Age: 5, HR: 0, RR: 3, A-a gradient: 2, GCS: 0.", calculator="apache_ii", entities=ents)


def test_a_bare_value_of_an_input_no_criterion_declares_names_the_criterion_its_name_names():
    # APACHE II's oxygenation reads two tables (no one input declared); "331" is the patient's A-a gradient.
    ents = {"age": [73, "years"], "FiO₂": [63.0, "%"], "A-a gradient": 331.0}
    trace = "Let's recall: A-a gradient points: <10 => 0, 10-19 => 1, >100 => 10.\nSo 331 => 10 points."
    v = verify(trace, calculator="apache_ii", entities=ents)
    assert any(c.kind == "criterion" and c.ok is False and c.detail.startswith("Oxygenation") for c in v.steps[-1].checks)
    right = verify(trace.replace("=> 10 points.", "=> 2 points."), calculator="apache_ii", entities=ents)
    assert not any(c.kind == "criterion" and c.ok is False for c in right.steps[-1].checks)


def test_the_rules_count_from_the_lmp_never_adjusted_for_a_known_cycle():
    ents = {"last_menstrual_period": "02/08/2024", "cycle_length": [25, "day"]}
    wrong = "With a 25-day cycle, ovulation typically occurs about 14 days after the LMP."
    assert flagged(wrong, calculator="estimated_conception_date", entities=ents)
    adjusted = "Ovulation occurs about 14 days after the LMP in a 28-day cycle; this cycle is 25 days, so subtract 3 days."
    assert not flagged(adjusted, calculator="estimated_conception_date", entities=ents)
    assert not flagged("Ovulation typically occurs about 14 days after the LMP.", calculator="estimated_conception_date",
                       entities={"last_menstrual_period": "02/08/2024", "cycle_length": [28, "day"]})


def test_a_power_evaluated_in_a_chain_is_no_coefficient():
    ents = {"age": [55, "year"], "sex": "male", "total_cholesterol": [220, "mg/dL"], "hdl_cholesterol": [42, "mg/dL"],
            "systolic_bp": [138, "mmHg"], "smoker": True, "bp_treated": False}
    line = "Risk \\( = 1 - 0.9402^{e^{L}} = 1 - 0.9402^{3.9622} = 1 - 0.7832 = 0.2168 \\)."
    assert not flagged(line, calculator="framingham_hard_chd", entities=ents)


def test_a_correction_that_applies_at_any_level_said_to_be_none():
    high = {"serum calcium": [9.6, "mg/dL"], "serum albumin": [4.6, "g/dL"]}
    line = "Albumin 4.6 g/dL is already above 4.0, no hypoalbuminemia, so the correction term is 0 mg/dL."
    assert flagged(line, calculator="calcium_correction", entities=high)
    assert flagged("The albumin is normal, so no adjustment is needed.", calculator="calcium_correction", entities=high)
    at_reference = {"serum calcium": [9.6, "mg/dL"], "serum albumin": [4.0, "g/dL"]}
    assert not flagged("The albumin is normal, so no adjustment is needed.", calculator="calcium_correction", entities=at_reference)
    ents = {"sodium": [140, "mmol/L"], "chloride": [100, "mmol/L"], "bicarbonate": [16, "mmol/L"], "albumin": [4.4, "g/dL"]}
    assert flagged("Albumin 4.4 g/dL is not low, so no albumin correction: corrected AG = 24 mEq/L.", calculator="albumin_corrected_anion_gap", entities=ents)


def test_no_cycle_adjustment_for_a_cycle_other_than_the_rules():
    line = "The cycle is 32 days, which is within the normal 21–35 day range, so no adjustment is made."
    assert flagged(line, calculator="estimated_due_date", entities={"Last menstrual date": "01/25/2024", "cycle length": 32})
    assert not flagged("The cycle is 28 days, so no adjustment is made.", calculator="estimated_due_date",
                       entities={"Last menstrual date": "01/25/2024", "cycle length": 28})


def test_a_correction_said_to_apply_only_above_a_threshold():
    ents = {"Na": [131, "mmol/L"], "serum glucose": [185, "mg/dL"]}
    assert flagged("The correction is only applied when glucose is above 200 mg/dL.", calculator="sodium_correction_hyperglycemia", entities=ents)
    assert flagged("Since 185 mg/dL is below that threshold, the correction is 0 mEq/L.", calculator="sodium_correction_hyperglycemia", entities=ents)
    assert not flagged("The correction is 1.6 × (185 − 100) / 100 = 1.36 mEq/L.", calculator="sodium_correction_hyperglycemia", entities=ents)


@pytest.mark.parametrize("line", ["- **Age:** 66 years, which is in the 65–74 range", "**Age:** 66 years", "3. **Age:** 66 years → 1 point"])
def test_a_patient_value_after_a_label_in_bold(line):
    assert flagged(line, calculator="cha2ds2_vasc", entities={"age": [68, "years"], "sex": "Female"})
    assert not flagged(line.replace("66", "68"), calculator="cha2ds2_vasc", entities={"age": [68, "years"], "sex": "Female"})


def test_arithmetic_in_words_that_leaves_a_result_and_goes_on_from_it():
    trace = "Subtracting 60 from 140 leaves 80. Multiplying this by 80 gives 6400. Dividing that by 86.4 gives 84.1."
    v = verify(trace, calculator="cockcroft_gault")
    checks = [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind == "arithmetic"]
    assert checks == [("arithmetic", True), ("arithmetic", True), ("arithmetic", False)]
    v = verify("Multiplying 80 by 80, we get 6400, and dividing by 86.4 gives 84.1.", calculator="cockcroft_gault")
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [("arithmetic", True), ("arithmetic", False)]


@pytest.mark.parametrize("line", [
    "CrCl = (140 − 60) × 80 / (70 × 1.2) = 76.19 mL/min",  # a man's substitution leaves out the sex factor of 1
    "\\[ \\text{CrCl} = \\frac{(140 - 60) \\times 80}{70 \\times 1.2} = 76.19 \\]",
    "CrCl = (140 − 60) × 82 / (72 × 1.2) = 75.93 mL/min",
])
def test_a_substitution_of_the_calculators_formula_without_a_factor_of_one(line):
    ents = {"weight": [80, "kg"], "age": [60, "year"], "sex": "Male", "creatinine": [1.2, "mg/dL"]}
    assert flagged(line, calculator="cockcroft_gault", entities=ents)
    assert not flagged("CrCl = (140 − 60) × 80 / (72 × 1.2) = 74.07 mL/min", calculator="cockcroft_gault", entities=ents)


@pytest.mark.parametrize("calc, line", [
    ("ckd_epi_2021", "eGFR = 142 × (1.2/0.9)^-1.200 × 0.9938^65 = 67.2"),  # 65 for an age of 60
    ("mdrd_gfr", "GFR = 175 × 1.4^-1.154 × 60^-0.203 = 51.69"),  # 1.4 for a creatinine of 1.2
])
def test_a_power_that_takes_a_patients_value_with_another_number(calc, line):
    ents = {"age": [60, "year"], "sex": "Male", "creatinine": [1.2, "mg/dL"]}
    assert flagged(line, calculator=calc, entities=ents)
    assert not flagged("0.993^8 ≈ 0.945.", calculator="ckd_epi_2021", entities=ents)  # a part of a power taken apart


@pytest.mark.parametrize("line, wrong", [
    ("WBC 11,800/µL = **1.18 × 10⁹/L**", True), ("WBC 11,800/µL = **11.8 × 10⁹/L**", False),
    ("Weight 176 lb = **82.8 kg**", True), ("Weight 176 lb = **79.8 kg**", False),
])
def test_a_conversion_whose_result_is_in_bold(line, wrong):
    assert bool(flagged(line, calculator="sirs_criteria")) is wrong


def test_a_negative_value_in_bold_with_an_en_dash():
    trace = "Delta gap = 4.7 – 5 = **–0.3 mEq/L**.\nThe patient’s delta gap is **–0.3 mEq/L**."
    v = verify(trace, calculator="delta_gap")
    assert not [c for s in v.steps for c in s.checks if c.ok is False and "restated" in c.detail]


# --- stop 48: a wrong line flagged, its right version not --------------------------------------

_CHILD_PUGH = {"bilirubin": [2.4, "mg/dL"], "albumin": [2.9, "g/dL"], "inr": [1.9, "dimensionless"], "ascites": "slight", "encephalopathy": "none"}
_FRAMINGHAM = {"age": [55, "year"], "sex": "male", "total_cholesterol": [220, "mg/dL"], "hdl_cholesterol": [42, "mg/dL"], "systolic_bp": [138, "mmHg"], "smoker": True, "bp_treated": False}


@pytest.mark.parametrize("calc, ents, wrong, right", [
    # a normal value the formula is said to assume is judged inside the normal range
    ("calcium_correction", {"calcium": [7.6, "mg/dL"], "albumin": [2.2, "g/dL"]},
     "The standard correction assumes a normal albumin of 3.5 g/dL and adds 0.8 mg/dL per g/dL.",
     "The standard correction assumes a normal albumin of 4 g/dL and adds 0.8 mg/dL per g/dL."),
    # a normal value named after its quantity
    ("albumin_corrected_anion_gap", None, "The correction is 2.5 mEq/L per g/dL decrease in albumin from a normal value of 3.2 g/dL.",
     "The correction is 2.5 mEq/L per g/dL decrease in albumin from a normal value of 4.0 g/dL."),
    # "wt" names the weight in a stated formula
    ("adjusted_body_weight", None, "ABW = IBW + 0.3 x (actual wt - IBW)", "ABW = IBW + 0.4 x (actual wt - IBW)"),
    # a value without a unit after a label in bold, and in a comma list after one with its unit
    ("child_pugh", {"bilirubin": [2.0, "mg/dL"], "albumin": [3.0, "g/dL"], "inr": [1.9, "dimensionless"]}, "- **INR:** 1.6", "- **INR:** 1.9"),
    ("child_pugh", _CHILD_PUGH, "Patient values: total bilirubin 2.4 mg/dL, albumin 2.9 g/dL, INR 1.6, slight ascites, no hepatic encephalopathy.",
     "Patient values: total bilirubin 2.4 mg/dL, albumin 2.9 g/dL, INR 1.9, slight ascites, no hepatic encephalopathy."),
    # the dot operator multiplies
    ("cockcroft_gault", None, "176 ⋅ 0.4536 = 82.8", "176 ⋅ 0.4536 = 79.83"),
    # the baseline survival stated for the patient's sex
    ("framingham_hard_chd", _FRAMINGHAM, "Risk = 1 − S₀^exp(L), baseline survival S₀ = 0.98767 for men.",
     "Risk = 1 − S₀^exp(L), baseline survival S₀ = 0.9402 for men."),
    # insulin converted the wrong way is a unit error
    ("homa_ir", {"fasting glucose": [104, "mg/dL"], "fasting insulin": [72, "pmol/L"]}, "insulin = 72 x 6 = 432 uIU/mL", "insulin = 72 / 6 = 12 uIU/mL"),
    # a sentence that opens with an operation on the result the sentence before ended with
    ("ideal_body_weight", {"sex": "Male", "height": [70, "in"]}, "Multiplying 2.3 by 10 gives 23 kg. Adding 50 kg gives 75 kg.",
     "Multiplying 2.3 by 10 gives 23 kg. Adding 50 kg gives 73 kg."),
    ("delta_gap", None, "The anion gap is 140 - (100 + 24) = 16 mEq/L. Subtracting 12 leaves 5 mEq/L.",
     "The anion gap is 140 - (100 + 24) = 16 mEq/L. Subtracting 12 leaves 4 mEq/L."),
    ("maintenance_fluids", None, "The total is 2100 mL/day. Dividing by 24 gives 97.5 mL/hr.", "The total is 2100 mL/day. Dividing by 24 gives 87.5 mL/hr."),
    # a finding decided alone whose name holds its rule's numbers and signs
    ("wells_pe", {"Surgery in the previous 4 weeks": True, "Heart Rate or Pulse": [80, "beats/min"]},
     "Other findings, one per line:\nImmobilization ≥3 days or surgery in previous 4 weeks: no.\nHemoptysis: no.",
     "Other findings, one per line:\nImmobilization ≥3 days or surgery in previous 4 weeks: yes.\nHemoptysis: no."),
    # per-item factors: named after "factor for", or listed with a space after a sentence about factors
    ("morphine_milligram_equivalents", None, "The conversion factor for oxycodone is 1.0.", "The conversion factor for oxycodone is 1.5."),
    ("morphine_milligram_equivalents", None, "MME conversion factors: oxycodone 1.0, hydromorphone 4.", "MME conversion factors: oxycodone 1.5, hydromorphone 4."),
    # "Times 10 gives …" opening a sentence on the result before it
    ("meld_na", None, "Sum: 0 + 0.4397 + 0.6583 + 0.643 = 1.741. Times 10 gives 18.41, round to 18.",
     "Sum: 0 + 0.4397 + 0.6583 + 0.643 = 1.741. Times 10 gives 17.41, round to 17."),
    # divided by a square in words (and no second claim "1.6² = 24.2" inside it)
    ("cockcroft_gault", None, "First, we compute her BMI: 62 kg divided by (1.6 m)^2 equals 26.2 kg/m^2.",
     "First, we compute her BMI: 62 kg divided by (1.6 m)^2 equals 24.2 kg/m^2."),
    ("cockcroft_gault", None, "The BMI is 62 divided by 1.6² = 26.2.", "The BMI is 62 divided by 1.6² = 24.2."),
    # the lower of two values in words
    ("cockcroft_gault", None, "The minimum of 52.38 kg and 62 kg is 62 kg.", "The minimum of 52.38 kg and 62 kg is 52.38 kg."),
    # a reference value "taken as" the formula's
    ("delta_gap", None, "Normal AG is taken as 10, normal HCO3 as 24.", "Normal AG is taken as 12, normal HCO3 as 24."),
    # a parameter's value after the patient's group it is for
    ("free_water_deficit", {"sex": "Male", "age": [72, "year"], "weight": [70, "kg"], "sodium": [158, "mmol/L"]},
     "- TBW fraction: adult male -> 0.6", "- TBW fraction: elderly male -> 0.5"),
    # a factor stated further on in its item's clause; an equivalence with "is" before the first dose
    ("morphine_milligram_equivalents", None, "For oxycodone, the daily dose is 10 mg * 3 = 30 mg, and the conversion factor is 1, so 30 mg * 1 = 30 MME.",
     "For oxycodone, the daily dose is 10 mg * 3 = 30 mg, and the conversion factor is 1.5, so 30 mg * 1.5 = 45 MME."),
    ("steroid_conversion", None, "The equivalent dose of prednisone is 5 mg, which corresponds to 1 mg of dexamethasone.",
     "The equivalent dose of prednisone is 5 mg, which corresponds to 0.75 mg of dexamethasone."),
    # a list of equivalent doses: each against the others
    ("steroid_conversion", None, "Equivalent doses: hydrocortisone 20, prednisone 4, methylprednisolone 4, dexamethasone 0.75 mg.",
     "Equivalent doses: hydrocortisone 20, prednisone 5, methylprednisolone 4, dexamethasone 0.75 mg."),
])
def test_a_wrong_line_is_flagged_and_its_right_version_is_not(calc, ents, wrong, right):
    assert flagged(wrong, calculator=calc, entities=ents)
    assert not flagged(right, calculator=calc, entities=ents)


def test_an_operation_opening_a_sentence_takes_only_a_result_the_sentence_before_ended_with():
    # no result before: whose value "adding 50 kg" takes is unclear, so no claim
    v = verify("The patient is 70 inches tall. Adding 50 kg gives 75 kg.", calculator="ideal_body_weight")
    assert all(c.kind != "arithmetic" for s in v.steps for c in s.checks)
    # a step heading with an operation is not a chained operation ("Add 280 days: 280 days = …")
    assert not [c for c in extract_claims("Add 280 days: 280 days = 9 months 20 days?") if c.kind == "arithmetic"]
    # a result written before an operator and its operand is the first operand of an expression, not the result
    assert not [c for c in extract_claims("Total per day = 1700 mL. Dividing by 24 h gives 1700 mL ÷ 24 h ≈ 70.8 mL/hr.")
                if c.kind == "arithmetic" and c.value == 1700]


_WELLS_PE = {"Clinical signs and symptoms of Deep Vein Thrombosis": True, "Heart Rate or Pulse": [112, "beats/min"],
             "Surgery in the previous 4 weeks": True, "Immobilization for at least 3 days": True}


def test_one_criterion_scored_in_two_rows_of_a_table_is_counted_twice():
    rows = ("| Criterion | Patient | Points |\n|---|---|---|\n| Clinical signs of DVT | Yes | 3 |\n| Heart rate >100 | 112 | 1.5 |\n"
            "| Immobilization ≥3 days | Yes | 1.5 |\n")
    twice = verify(rows + "| Surgery in previous 4 weeks | Yes | 1.5 |\nScore = 3 + 1.5 + 1.5 + 1.5 = 7.5", calculator="wells_pe", entities=_WELLS_PE)
    step = next(s for s in twice.steps if "Surgery in previous" in s.text)
    assert step.verdict == "incorrect" and "counted twice" in step.checks[-1].detail
    once = verify(rows.replace("Immobilization ≥3 days", "Immobilization ≥3 days or surgery in previous 4 weeks") + "| Hemoptysis | No | 0 |\nScore = 3 + 1.5 + 1.5 = 6",
                  calculator="wells_pe", entities=_WELLS_PE)
    assert not [s for s in once.steps if s.verdict == "incorrect"]
    # the same points restated outside the table (a recap) are not a second count
    recap = verify(rows + "Surgery in the previous 4 weeks also qualifies for the same 1.5 points.\nScore = 3 + 1.5 + 1.5 = 6",
                   calculator="wells_pe", entities=_WELLS_PE)
    assert not [c for s in recap.steps for c in s.checks if "counted twice" in c.detail]


_PERC = {"age": [52, "years"], "heart_rate": [96, "beats/min"], "o2_sat": [93, "%"], "hemoptysis": True}


@pytest.mark.parametrize("calc, ents, wrong, right", [
    # "met"/"positive"/"negative" after an arrow judges the criterion named before the colon
    ("sirs_criteria", {"temperature": [38.5, "degC"], "heart_rate": [110, "1/min"]}, "2. Heart rate > 90: 110 → negative", "2. Heart rate > 90: 110 → met"),
    ("perc_rule", _PERC, "1. Age ≥ 65: age is 52 → negative", "1. Age ≥ 50: age is 52 → positive"),
    ("perc_rule", _PERC, "2. Heart rate ≥ 100: HR 96 → met", "2. Heart rate ≥ 100: HR 96 → not met"),
])
def test_a_criterion_judged_met_or_not_after_an_arrow(calc, ents, wrong, right):
    def judged(text):
        return [c.ok for c in verify(text, calculator=calc, entities=ents).steps[0].checks if c.kind == "criterion"]
    assert judged(wrong) == [False]
    assert judged(right) in ([True], [])


def test_perc_criteria_worded_as_rule_out_conditions_are_not_judged_by_the_counts_wording():
    # "Age: 57 > 50 → not met" is right in the rule-out wording ("age < 50"): PERC declares RULE_OUT_WORDING
    v = verify("1) Age: 52 > 50 → not met.\n2) Hemoptysis: none reported → met.\n3) Age < 50: 52 → not met.", calculator="perc_rule", entities=_PERC)
    assert not [c for s in v.steps for c in s.checks if c.kind == "criterion"]



def test_a_dose_and_its_frequency_after_an_items_name_are_no_factor():
    assert not flagged("We convert each to MME using standard conversion factors. They take 60 mg of Fentanyl patch 1 time a day "
                       "and Hydromorphone 2 times a day.", calculator="morphine_milligram_equivalents")


@pytest.mark.parametrize("calc, text, wrong", [
    ("wells_pe", "Need HR > 120 for points, so +0", True),
    ("wells_pe", "Need HR > 100 for points.", False),
    ("has_bled", "HAS-BLED assigns 1 point for each of: Hypertension, Stroke, Bleeding, Labile INR, Elderly (>65), Drugs and Alcohol (≥14 drinks/week).", True),
    ("has_bled", "HAS-BLED assigns 1 point for each of: Hypertension, Stroke, Bleeding, Labile INR, Elderly (>65), Drugs and Alcohol (≥8 drinks/week).", False),
])
def test_a_criterions_rule_stated_by_need_or_in_a_bracket_after_its_name(calc, text, wrong):
    checks = [c for s in verify(text, calculator=calc).steps for c in s.checks if c.kind == "criterion"]
    assert any(c.ok is False and "cut-off" in c.detail for c in checks) is wrong


def test_a_patients_value_compared_in_a_bracket_is_not_a_stated_rule():
    # "3 drinks/week (<14/week) → +0": the patient's value compared (right for this patient either way), not the rule recited
    v = verify("- Alcohol: 3 drinks/week (<14/week) → +0.", calculator="has_bled", entities={"Number of Alcoholic Drinks Per Week": [3, "1/week"]})
    assert not [c for s in v.steps for c in s.checks if "cut-off" in c.detail]


def test_a_parameters_name_before_an_operation_in_words_is_not_the_parameter_stated():
    # "BMI: 62 kg divided by (1.6 m)^2": 62 is the weight divided, not the BMI
    v = verify("First, we compute her BMI: 62 kg divided by (1.6 m)^2 equals 24.2 kg/m^2.", calculator="cockcroft_gault",
               entities={"age": [67, "years"], "sex": "Female", "weight": [62, "kg"], "height": [160, "cm"], "creatinine": [1.3, "mg/dL"]})
    assert not [c for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer"]


_CURB = {"age": [71, "year"], "confusion": False, "bun": [25, "mg/dL"], "respiratory_rate": [24, "1/min"], "systolic_bp": [105, "mmHg"], "diastolic_bp": [58, "mmHg"]}


@pytest.mark.parametrize("heading, wrong, right", [
    # a sentence that concludes the points of the item its heading opened, naming no criterion itself
    ("Urea: BUN is 25 mg/dL.", "Hmm, the cutoff is 19 mg/dL, and 25 > 19, so that's 0 points.", "Hmm, the cutoff is 19 mg/dL, and 25 > 19, so that's 1 point."),
    # "That's …, so 1." after the sentence that names the criterion
    ("Respiratory rate: 24 breaths/min.", "That's below 30, so 1.", "That's below 30, so 0."),
    # the points alone with their word, closing the item its heading opened
    ("Blood pressure: 105/58. Systolic is not below 90, but diastolic 58 is ≤ 60, so that counts.", "0 points.", "1 point."),
])
def test_points_concluded_under_an_items_heading(heading, wrong, right):
    def judged(text):
        return [c.ok for s in verify(heading + " " + text, calculator="curb_65", entities=_CURB).steps[1:] for c in s.checks if c.kind == "criterion"]
    assert judged(wrong) == [False]
    assert judged(right) == [True]


def test_a_cut_off_stated_for_one_input_of_a_criterion_on_two():
    # CURB-65's blood pressure is SBP < 90 or DBP ≤ 60: the bound is judged for the input it follows
    def cutoffs(text):
        return [c for s in verify(text, calculator="curb_65").steps for c in s.checks if "cut-off" in c.detail or "the rule" in c.detail]
    assert [c.ok for c in cutoffs("The BP criterion requires SBP < 90 or diastolic ≤ 70.")] == [True, False]
    assert [c.ok for c in cutoffs("The BP criterion requires SBP < 90 or diastolic ≤ 60.")] == [True, True]


def test_sirs_respiration_and_white_cells_declare_their_inputs_for_stated_cut_offs():
    def cutoffs(text):
        return [c.ok for s in verify(text, calculator="sirs_criteria").steps for c in s.checks if "cut-off" in c.detail or "the rule" in c.detail]
    assert cutoffs("The criterion requires respiratory rate > 24 or PaCO2 < 32.") == [False, True]
    assert cutoffs("The criterion requires respiratory rate > 20 or PaCO2 < 32.") == [True, True]
    # a bound in another unit (per µL for a count kept in 10^9/L) is not converted here, so not judged
    assert False not in cutoffs("Because the leukocyte count is not greater than 12000/µL or less than 4000/µL, this does not meet SIRS criteria.")


@pytest.mark.parametrize(
    "trace, wrong",
    [
        ("185,000 per microliter is 18.5 x 10^9/L.", True),  # a count per microlitre in words, converted ten times too small
        ("Since 10,000 per microliter equals 1 x 10^9/L, the count is 18.5.", True),  # the identity itself wrong (1,000 /µL)
        ("185,000 per microliter is 185 x 10^9/L.", False),
        ("Temperature 101 degrees F is 36.3 °C.", True),
        ("Temperature 101 degrees F is 38.3 °C.", False),
    ],
)
def test_a_conversion_from_a_unit_in_words_is_checked(trace, wrong):
    v = verify(trace, calculator="fib4", entities={"age": [46, "years"], "AST": [38, "U/L"], "ALT": [55, "U/L"], "platelet": [185000, "µL"]})
    conv = [c for s in v.steps for c in s.checks if c.kind == "unit_conversion"]
    assert conv and all(c.ok is (not wrong) for c in conv), conv


@pytest.mark.parametrize(
    "trace, calc",
    [
        ("Mosteller BSA = sqrt(ht x wt / 3600).\nht x wt = 168 x 63 = 10584", "body_surface_area"),  # 168 for a height of 158 cm
        ("BMI = wt / ht^2 = 63 / 1.68^2 = 22.3", "bmi"),
    ],
)
def test_shorthand_names_in_a_substitution_are_the_inputs_they_abbreviate(trace, calc):
    ents = {"weight": [63, "kg"], "height": [158, "cm"]}
    bad = flagged(trace, calculator=calc, entities=ents)
    assert [s["error"] for s in bad] == ["extraction"] and "158" in bad[0]["detail"]
    right = trace.replace("168", "158").replace("1.68", "1.58").replace("10584", "9954").replace("22.3", "25.2")
    assert not flagged(right, calculator=calc, entities=ents)


# --- code a model writes beside its prose (a code interpreter's style) --------------------

_OSM_CODE = {"sodium": [135, "mmol/L"], "glucose": [450, "mg/dL"], "bun": [35, "mg/dL"]}


@pytest.mark.parametrize("line, values", [
    ("na, glucose, bun = 135, 450, 35", [("na", 135.0, None), ("glucose", 450.0, None), ("bun", 35.0, None)]),
    ("height_cm, weight_kg = 160, 95  # patient", [("height", 160.0, "cm"), ("weight", 95.0, "kg")]),
    ("ca_mmol = 2.02", [("ca", 2.02, "mmol/L")]),
    ('factors = {"oxymorphone": 3.0, "morphine": 1.0}', [("oxymorphone factors", 3.0, None), ("morphine factors", 1.0, None)]),
    ("Output: {'oxymorphone': 60.0, 'morphine': 90.0}", []),  # a printed mapping: what it holds is not written
    ("x, y = 1, 2, 3", []),  # not one number per name
])
def test_code_assignments_name_each_value(line, values):
    got = [(c.name, c.value, c.unit) for c in extract_claims(line) if c.kind == "quantity"]
    assert got == values


def test_code_assignments_are_checked_against_the_patient_in_their_places():
    assert not flagged("na, glucose, bun = 135, 450, 35", calculator="serum_osmolality", entities=_OSM_CODE)
    bad = flagged("na, glucose, bun = 135, 450, 53", calculator="serum_osmolality", entities=_OSM_CODE)
    assert [s["error"] for s in bad] == ["extraction"] and "35" in bad[0]["detail"]
    # a variable named with its unit: 2.02 mmol/L is the patient's 8.1 mg/dL calcium
    assert not flagged("ca_mmol = 2.02", calculator="calcium_correction", entities={"calcium": [2.02, "mmol/L"], "albumin": [24, "g/L"]})


def test_a_code_variable_in_inches_defined_from_centimetres_is_not_the_formula():
    assert not flagged("height_cm = 160\nheight_in = height_cm / 2.54", calculator="ideal_body_weight", entities={"sex": "female", "height": [160, "cm"]})


def test_a_code_variable_converted_wrongly_is_a_unit_error():
    ents = {"sodium": [128, "mmol/L"], "glucose": [32, "mmol/L"], "bun": [42, "mg/dL"]}
    assert [s["error"] for s in flagged("glucose_mgdl = 32 / 18 = 1.78 mg/dL", calculator="serum_osmolality", entities=ents)] == ["unit_conversion"]
    assert not flagged("glucose_mgdl = 32 * 18 = 576 mg/dL", calculator="serum_osmolality", entities=ents)


@pytest.mark.parametrize("trace, calc, ents", [
    # a reference value said to be one after it
    ("with calcium in mg/dL and albumin in g/dL; 4.0 g/dL is the normal albumin.", "calcium_correction", {"calcium": [7.2, "mg/dL"], "albumin": [1.6, "g/dL"]}),
    # a unit identity with its analyte between
    ("Glucose is given in mmol/L, so it goes to mg/dL first (1 mmol/L glucose ≈ 18 mg/dL).", "serum_osmolality",
     {"sodium": [128, "mmol/L"], "glucose": [32, "mmol/L"], "bun": [42, "mg/dL"]}),
    # an em dash after the result: prose goes on, no formula
    ("**Result:** calculated serum osmolality ≈ **271 mOsm/kg** — low, in keeping with the hyponatremia.", "serum_osmolality",
     {"sodium": [128, "mmol/L"], "glucose": [32, "mmol/L"], "bun": [42, "mg/dL"]}),
])
def test_reference_values_identities_and_prose_after_a_dash_are_not_flagged(trace, calc, ents):
    assert not [s for s in flagged(trace, calculator=calc, entities=ents) if s["error"] != "answer"]


def test_a_patients_value_judged_normal_is_still_the_patients():
    v = verify("Albumin 4.2 g/dL is normal.", calculator="calcium_correction", entities={"calcium": [8.0, "mg/dL"], "albumin": [4.0, "g/dL"]})
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "extraction"] == [False]


def test_the_plain_text_between_two_bold_spans_is_not_the_bold_answer():
    trace = "Factor 0.75 / 5 = 0.15; 40 × 0.15 = 6.\n\n**Summary:** prednisone 40 mg/day ≈ **dexamethasone 6 mg/day PO**."
    v = verify(trace, calculator="steroid_conversion", entities={"from_drug": "PredniSONE PO", "dose": [40, "mg"], "to_drug": "Dexamethasone PO"})
    assert v.answer.value == 6 and v.answer.correct


@pytest.mark.parametrize("trace, wrong", [
    ("BSA = √(175 × 86 / 3600) = 2.04", "86 for weight"),  # the height in place, the weight wrong (not a swap)
    ("BSA = √(165 × 68 / 3600) = 1.77", "165 for height"),
    ("BSA = √(175 × 68 / 3600) = 1.82", None),
    ("BSA = √(68 × 175 / 3600) = 1.82", None),
    ("import math\nbsa = math.sqrt(175 * 86 / 3600)", "86 for weight"),  # a code library's sqrt
])
def test_two_values_of_a_product_in_either_order_each_held_to_its_input(trace, wrong):
    bad = flagged(trace, calculator="body_surface_area", entities={"weight": [68, "kg"], "height": [175, "cm"]})
    assert [wrong in s["detail"] for s in bad] == ([True] if wrong else [])


@pytest.mark.parametrize("trace, wrong", [
    # Framingham's QT + 0.154 × (1 − RR) is the form for QT in seconds: wrong in a trace that takes the QT in ms
    ("QT 402 ms, RR 0.8 s. QTc = QT + 0.154 × (1 − RR), with RR in seconds.", True),
    ("QT 402 ms, RR 0.8 s. QTc = QT + 154 × (1 − RR), with RR in seconds.", False),
    ("QT 0.402 s, RR 0.8 s. QTc = QT + 0.154 × (1 − RR), with RR in seconds.", False),
    ("QT 402 ms = 0.402 s, RR 0.8 s. QTc = QT + 0.154 × (1 − RR).", False),  # the QT written in both units: not judged
])
def test_a_formula_form_for_one_inputs_unit_is_held_to_how_the_trace_writes_that_input(trace, wrong):
    v = verify(trace, calculator="qtc_framingham", entities={"heart_rate": [75, "1/min"], "qt_interval": [402, "ms"]})
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "formula"] == [not wrong]


_APACHE_OXYGEN = {"age": [60, "years"], "fio2": [70, "%"], "pao2": [110, "mmHg"], "paco2": [36, "mmHg"]}


@pytest.mark.parametrize("line, wrong", [
    ("PAO2 = FiO2 × 760 − PaCO2/0.8 = 0.70 × 760 − 36/0.8 = 532 − 45 = 487 mmHg", "formula"),  # no water vapour pressure
    ("PAO2 = FiO2 × (760 − 47) − PaCO2/0.8 = 0.70 × 713 − 36/0.8 = 499.1 − 45 = 454.1 mmHg", None),
    ("\\( P_AO_2 = 0.70 \\times 713 - 36 \\times 0.8 = 499.1 - 28.8 = 470.3 \\) mmHg", "formula"),  # PaCO2 times 0.8, not divided
    ("\\( P_AO_2 = 0.70 \\times 713 - 36 / 0.8 = 499.1 - 45 = 454.1 \\) mmHg", None),
])
def test_apache_iis_alveolar_gas_equation_is_a_formula_statement(line, wrong):
    bad = flagged(line, calculator="apache_ii", entities=_APACHE_OXYGEN)
    assert [s["error"] for s in bad] == ([wrong] if wrong else [])


def test_a_value_that_starts_an_expression_is_no_restated_value():
    trace = "AG = Na⁺ − (Cl⁻ + HCO₃⁻)\nAG = 133 − (96 + 9)\nAG = 133 − 105\nAG = **28 mEq/L**"
    ents = {"sodium": [133, "mmol/L"], "chloride": [96, "mmol/L"], "bicarbonate": [9, "mmol/L"]}
    assert not flagged(trace, calculator="anion_gap", entities=ents)
    assert [c.kind for c in extract_claims("AG = 133 − (96 + 9)")] == ["restatement"]


def test_a_reference_named_in_an_expression_of_names_takes_its_place_not_the_first_number():
    ents = {"sodium": [144, "mmol/L"], "chloride": [98, "mmol/L"], "bicarbonate": [12, "mmol/L"]}
    assert not flagged("ΔAG = AG − normal AG = 34 − 12 = 22 mEq/L", calculator="delta_gap", entities=ents)


@pytest.mark.parametrize("cell, ok", [("6", True), ("5", False)])
def test_points_doubled_in_the_next_cell_of_a_table_row(cell, ok):
    ents = {"age": [52, "year"], "creatinine": [2.4, "mg/dL"], "acute_renal_failure": True}
    row = f"| Variable | Value | Points |\n|---|---|---|\n| Creatinine | 2.4 (2.0–3.4) = 3, doubled for ARF | {cell} |"
    assert [c.ok for s in verify(row, calculator="apache_ii", entities=ents).steps for c in s.checks if c.kind == "criterion"] == [ok]


@pytest.mark.parametrize("line, ok", [
    ("**Weeks and days:** 139 = 19 × 7 + 6 → **19 weeks 6 days**", True),  # days counted: the weeks and days as days
    ("19 × 7 + 6 → 19 weeks 5 days", False),
    ("139 / 7 → 19 weeks 6 days", True),  # weeks counted: as weeks
    ("139 / 7 → 18 weeks 6 days", False),
])
def test_a_result_in_weeks_and_days_is_held_whole(line, ok):
    assert [k for k in checks(line) if k[0] == "arithmetic"] == [("arithmetic", ok)]


def test_a_name_said_in_a_unit_with_a_slash_is_no_quotient_of_names():
    trace = ("Corrected sodium = measured sodium + 1.6 x ((glucose in mg/dl - 100) / 100)\n"
             "Glucose in mg/dl = 45 mmol/L x 18 = 810 mg/dl\nCorrected sodium = 124 + 1.6 x ((810 - 100) / 100) = 135.4")
    assert not flagged(trace, calculator="sodium_correction_hyperglycemia", entities={"sodium": [124, "mmol/L"], "glucose": [45, "mmol/L"]})


@pytest.mark.parametrize("line, ok", [
    ("**Delta gap = (AG − 12) − (HCO₃⁻ − 24)**", False),  # a statement in bold is read as one
    ("- **Delta gap = (AG − 12) − (HCO₃⁻ − 24)**.", False),
    ("Delta gap = (AG − 12) − (HCO₃⁻ − 24)", False),
])
def test_a_formula_statement_set_in_bold_is_read(line, ok):
    ents = {"sodium": [139, "mmol/L"], "chloride": [100, "mmol/L"], "bicarbonate": [15, "mmol/L"]}
    assert [c.ok for s in verify(line, calculator="delta_gap", entities=ents).steps for c in s.checks if c.kind == "formula"] == [ok]


@pytest.mark.parametrize("line, ok", [("5 feet 10 inches = 5.10 feet", False), ("5 feet 10 inches = 5.83 feet", True)])
def test_a_height_in_feet_and_inches_words_converted_to_feet(line, ok):
    assert [k for k in checks(line, calculator="bmi", entities={"weight": [198, "lb"], "height": [70, "in"]}) if k[0] == "unit_conversion"] == [("unit_conversion", ok)]


@pytest.mark.parametrize("line, wrong", [
    ("Height in meters = 168 / 100 = 1.68 m", True),  # the height misread (158 cm), then converted right
    ("Height (m) = 168 * 0.01 = 1.68 m", True),
    ("Height in inches = 168 / 2.54 = 66.1 in", True),
    ("Height in meters = 158 / 100 = 1.58 m", False),
    ("QTc = 330 / 0.8716 = 378.6 ms", False),  # a formula under another name, no unit factor of an input
])
def test_a_value_misread_then_converted_under_its_inputs_name(line, wrong):
    bad = [s for s in flagged(line, calculator="target_weight", entities={"target_bmi": [22, "kg/m^2"], "height": [158, "cm"]}) if s["error"] == "extraction"]
    assert bool(bad) is wrong


@pytest.mark.parametrize("line, calc, ok", [
    ("The Fridericia formula corrects the QT interval by dividing the QT interval by the square root of the RR interval.", "qtc_fridericia", False),
    ("Fridericia divides the QT interval by the cube root of the RR interval.", "qtc_fridericia", True),
    ("The Fridericia formula is the QT interval divided by the cube root of the RR interval.", "qtc_fridericia", True),
    ("The Bazett formula is the QT interval divided by the square root of the RR interval.", "qtc_bazett", True),
    ("The Rautaharju formula multiplies the QT interval by the sum of 100 and the heart rate, and then divides by 180.", "qtc_rautaharju", False),
])
def test_a_formula_said_with_its_verbs_is_read(line, calc, ok):
    v = verify(line, calculator=calc, entities={"heart_rate": [75, "1/min"], "qt_interval": [402, "ms"]})
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "formula"] == [ok]


_RCRI = {"high_risk_surgery": True, "ischemic_heart_disease": True, "chf": False, "cerebrovascular_disease": False, "insulin": False,
         "creatinine": [1.7, "mg/dL"]}


@pytest.mark.parametrize("line, ok", [
    ("The creatinine criterion is creatinine > 1.5 mg/dl.", False),  # a decimal cut-off with the input's unit as written
    ("The creatinine criterion is creatinine > 2.0 mg/dL.", True),
])
def test_a_decimal_cut_off_with_its_unit_is_judged_whole(line, ok):
    cut = [c for s in verify(line, calculator="revised_cardiac_risk_index", entities=_RCRI).steps for c in s.checks if c.kind == "criterion"]
    assert [c.ok for c in cut] == [ok] and ("1.5" in cut[0].detail) is (not ok)


@pytest.mark.parametrize("item, points, ok", [
    ("6. Pre-operative creatinine: The patient's creatinine is 1.7 mg/dl.", "This gives 1 point.", False),
    ("6. Pre-operative creatinine: The patient's creatinine is 1.7 mg/dl.", "This gives 0 points.", True),
    ("6. Pre-operative creatinine > 1.5 mg/dl: The patient's creatinine is 1.7 mg/dl.", "This gives 1 point.", False),  # a heading with its rule
])
def test_points_this_gives_under_an_items_heading(item, points, ok):
    v = verify(f"{item} {points}", calculator="revised_cardiac_risk_index", entities=_RCRI)
    assert [c.ok for s in v.steps if s.text == points for c in s.checks if c.kind == "criterion"] == [ok]


@pytest.mark.parametrize("text, numbers", [
    ("Scr = 150 ÷ 88.4 ≈ 1.697mg/dL", ["150", "88.4", "1.697"]),  # a unit glued to a decimal ends it; it is not cut to "1"
    ("Answer: 3.36L", ["3.36"]),
    ("the 3rd day", []),
    ("1.2e-3 mg", ["1.2e-3"]),
])
def test_a_number_with_a_glued_unit_is_read_whole(text, numbers):
    assert [m.group() for m in claims.NUM_RE.finditer(text)] == numbers


def test_full_width_punctuation_reads_as_its_plain_form():
    ents = {"total_cholesterol": [6.2, "mmol/L"], "hdl": [1.1, "mmol/L"], "triglycerides": [2.3, "mmol/L"]}
    line = "Lipid profile（SI units）：TC 6.2mmol/L，HDL-C 1.1mmol/L，TG 2.3mmol/L."
    assert not flagged(line, calculator="ldl_friedewald", entities=ents)
    assert [s["error"] for s in flagged(line.replace("1.1mmol", "1.4mmol"), calculator="ldl_friedewald", entities=ents)] == ["extraction"]
    v = verify("① ΔAG：24 − 12 = 12\nAnswer：3.36L", calculator="free_water_deficit")
    assert v.answer.value == 3.36


_CG_R1 = {"sex": "male", "age": [74, "years"], "weight": [92, "kg"], "height": [175, "cm"], "creatinine": [150, "µmol/L"]}


@pytest.mark.parametrize("line", [
    "BMI = 92 ÷ (1.75)² = 92 ÷ 3.0625 ≈ 30.04kg/m²",  # the parameter's own computation, not BMI = 92 stated
    "So, the estimated creatinine clearance is about 42.7mL/min（≈ 0.71mL/s）.",  # a unit before a bracket, not the function min(
])
def test_a_parameters_computation_and_a_unit_before_a_bracket_are_not_misread(line):
    assert not flagged(line, calculator="cockcroft_gault", entities=_CG_R1)


def test_the_patients_value_in_another_unit_is_no_constant_of_another_version():
    ents = {"sex": "male", "age": [63, "years"], "creatinine": [186, "µmol/L"], "race": "non-black"}
    assert not flagged("Scr = 186 ÷ 88.4 ≈ 2.104mg/dL", calculator="mdrd_gfr", entities=ents)
    # 186 as the formula's coefficient (the patient's creatinine elsewhere) is still the MDRD 186 version
    v = verify("GFR = 186 × Scr^-1.154 × age^-0.203", calculator="mdrd_gfr", entities={**ents, "creatinine": [1.5, "mg/dL"]})
    assert any("follows MDRD 186" in c.detail for s in v.steps for c in s.checks)


@pytest.mark.parametrize("tail, score", [
    ('His Wells score is 1, which puts him in the "DVT unlikely" category (below 2).', 1),
    ('That gives a Wells score of 7, which is high probability on the three-tier scale (above 6) and "PE likely" on the two-tier model (above 4).', 7),
])
def test_a_threshold_in_a_remark_after_the_score_is_no_answer(tail, score):
    v = verify("Adding the criteria up.\n\n" + tail, calculator="wells_dvt")
    assert v.answer.value == score


def test_points_each_recite_the_rule():
    ents = {"age": [70, "years"], "hypertension": True, "prior_bleeding": True, "bleeding_medication": True, "alcohol_drinks_per_week": [6, "/week"]}
    assert not flagged("D covers drugs and alcohol, one point each.", calculator="has_bled", entities=ents)
    assert [s["error"] for s in flagged("Alcohol: one point.", calculator="has_bled", entities=ents)] == ["criterion"]


@pytest.mark.parametrize("word, ok", [("three", False), ("two", True), ("3", False)])
def test_a_running_total_in_words(word, ok):
    ents = {"age": [68, "years"], "renal_disease": True, "stroke": True, "labile_inr": True, "alcohol_drinks_per_week": [10, "/week"]}
    t = (f"The score starts at 0. Renal disease: 1 point, which brings the total to 1. Stroke: 1 point, which brings the total to {word}. "
         "Labile INR: 1 point. The HAS-BLED score is 5.")
    assert [c.ok for s in verify(t, calculator="has_bled", entities=ents).steps for c in s.checks if "running total" in c.detail] == ([] if ok else [False])


def test_a_two_letter_name_of_this_calculators_input_is_not_another_formulas_quantity():
    ents = {"temperature": [37.6, "degC"], "heart_rate": [112, "1/min"], "respiratory_rate": [18, "1/min"], "paco2": [36, "mmHg"], "wbc": [3.6, "10^9/L"]}
    line = "Vitals and labs：T 37.6°C，HR 112/min，RR 18/min，PaCO₂ 36mmHg（≈ 4.8kPa），WBC 3.6 × 10⁹/L."
    assert not [s for s in flagged(line, calculator="sirs_criteria", entities=ents) if s["error"] == "formula"]
    # in a QTc trace "RR" is the RR interval, and its formula is still read
    v = verify("RR = 60 / HR = 60 / 75 = 0.8 s", calculator="qtc_bazett", entities={"heart_rate": [75, "1/min"], "qt_interval": [400, "ms"]})
    assert any(c.kind == "formula" and c.ok for s in v.steps for c in s.checks)


@pytest.mark.parametrize("line, ok", [
    ("Scr = 98µmol/L × 0.01 ≈ 0.980mg/dL", False),  # a unit glued to its number: the conversion still read (÷ 88.4, not × 0.01)
    ("Scr = 98µmol/L ÷ 88.4 ≈ 1.109mg/dL", True),
])
def test_an_operation_on_a_value_with_its_unit_glued_is_read(line, ok):
    ents = {"sex": "female", "age": [50, "years"], "creatinine": [98, "µmol/L"]}
    assert [c.ok for s in verify(line, calculator="ckd_epi_2021", entities=ents).steps for c in s.checks if c.kind == "unit_conversion"] == [ok]


@pytest.mark.parametrize("line, calc, ents, wrong", [
    ("Heart rate: he's at 106 beats per minute. Then the next item.", "wells_pe", {"heart_rate": [96, "/min"]}, True),
    ("Heart rate: he's at 96 beats per minute. Then the next item.", "wells_pe", {"heart_rate": [96, "/min"]}, False),
    ("Oxygen saturation below 95%: she's at 94% on room air, so yes. Then the next item.", "perc_rule", {"age": [46, "years"], "oxygen_saturation": [96, "%"]}, True),
])
def test_a_value_said_with_a_pronoun_after_its_label(line, calc, ents, wrong):
    assert bool([s for s in flagged(line, calculator=calc, entities=ents) if s["error"] == "extraction"]) is wrong


@pytest.mark.parametrize("line, wrong", [
    ("Heart rate 90/min ≥ 90 → met ✓", True),  # SIRS counts a heart rate over 90: 90 does not meet it
    ("Heart rate 96/min > 90 → met ✓", False),
    ("Heart rate 90/min, not > 90 → not met ✗", False),
])
def test_met_after_an_arrow_with_the_value_and_its_cut_off_but_no_colon(line, wrong):
    ents = {"temperature": [38.4, "degC"], "heart_rate": [90 if "90/min" in line else 96, "1/min"], "respiratory_rate": [22, "1/min"], "wbc": [11.2, "10^9/L"]}
    assert bool([s for s in flagged(line, calculator="sirs_criteria", entities=ents) if s["error"] == "criterion"]) is wrong


def test_a_band_of_the_second_pressure_in_a_two_pressure_criterion_is_that_pressures():
    ents = {"age": [58, "years"], "confusion": True, "urea": [7.0, "mmol/L"], "respiratory_rate": [32, "1/min"], "systolic_bp": [118, "mmHg"], "diastolic_bp": [74, "mmHg"]}
    assert not flagged("④ Blood pressure 118/74: SBP ≥ 90, DBP > 60 → 0", calculator="curb_65", entities=ents)
    assert flagged("④ Blood pressure 118/74: SBP ≥ 90, DBP > 60 → 1", calculator="curb_65", entities=ents)


def test_thinking_that_weighs_two_conventions_may_substitute_the_other():
    ents = {"sodium": [136, "mmol/L"], "glucose": [250, "mg/dL"]}
    think = ("So corrected Na = measured Na + 0.016 × (glucose - 100). But some use 0.024; the exam likely wants that one. "
             "So corrected sodium = 136 + 0.024 × (250 - 100) = 136 + 3.6 = 139.6 mEq/L.")
    assert not flagged(f"<think>{think}</think>\nThe corrected sodium is 139.6 mEq/L.", calculator="sodium_correction_hyperglycemia", entities=ents)
    # a constant that is no convention of the formula is still a wrong substitution there
    wrong = think.replace("0.024 × (250 - 100) = 136 + 3.6 = 139.6", "0.034 × (250 - 100) = 136 + 5.1 = 141.1")
    assert [s for s in flagged(f"<think>{wrong}</think>\nThe corrected sodium is 141.1 mEq/L.", calculator="sodium_correction_hyperglycemia", entities=ents)
            if s["error"] == "formula"]


@pytest.mark.parametrize("line", ["| Haematocrit fall > 10 points | 6 | 0 |", "- Haematocrit fall of at least 10 points: no → 0"])
def test_points_after_a_comparison_bound_a_band_and_are_not_given(line):
    ents = {"age": [61, "years"], "wbc": [17.2, "10^9/L"], "glucose": [212, "mg/dL"], "ldh": [380, "U/L"], "ast": [120, "U/L"], "hematocrit_fall": [6, "%"]}
    assert not [s for s in flagged(line, calculator="ranson", entities=ents) if s["error"] == "criterion"]


@pytest.mark.parametrize("trace, value", [
    ("Total = 5.\n\n**CHA2DS2-VASc = 5** (hypertension 1, prior TIA 2, PAD 1, female 1; age 64 → 0)", 5.0),
    ("**CHA2DS2-VASc = 5** (hypertension 1, prior TIA 2, PAD 1, female 1; age 64 → 0)", 5.0),  # the answer line at the trace's start
    ("The **CHA2DS2-VASc** total is 3", 3.0),  # a bold name alone is no number
])
def test_a_bold_answer_whose_name_has_digits(trace, value):
    assert claims.final_answer(trace).value == value


@pytest.mark.parametrize("line, ok", [
    ("Conversion factors: cholesterol 1 mmol/L = 38.67 mg/dL; triglycerides 1 mmol/L = 88.57 mg/dL.", True),
    ("Conversion factors: cholesterol 1 mmol/L = 38.67 mg/dL; triglycerides 1 mmol/L = 38.67 mg/dL.", False),
])
def test_a_unit_identity_after_a_semicolon_is_the_analyte_named_there(line, ok):
    ents = {"total_cholesterol": [5.8, "mmol/L"], "hdl": [1.2, "mmol/L"], "triglycerides": [1.8, "mmol/L"]}
    assert [c.ok for s in verify(line, calculator="ldl_friedewald", entities=ents).steps for c in s.checks if c.kind == "unit_conversion"] == [True, ok]


@pytest.mark.parametrize("line, calc, ents", [
    ("(Clinically you'd replace that slowly, not dropping the sodium by more than about 10 mEq/L a day, but the question is just the deficit.)",
     "free_water_deficit", {"sex": "female", "age": [70, "years"], "weight": [58, "kg"], "sodium": [158, "mmol/L"]}),
    ("I briefly wondered whether to use Martin-Hopkins, since the TG is somewhat elevated and the HDL is low, but the question asks for Friedewald, so 157 mg/dL.",
     "ldl_friedewald", {"total_cholesterol": [232, "mg/dL"], "hdl": [38, "mg/dL"], "triglycerides": [185, "mg/dL"]}),
])
def test_a_hedged_bound_and_a_concluded_value_are_not_the_patients(line, calc, ents):
    assert not [s for s in flagged(line, calculator=calc, entities=ents) if s["error"] == "extraction"]


def test_an_operand_in_words_with_an_operation_after_it_is_not_cut_at_its_first_number():
    # "3240, plus 2 × 54 = 108": the 108 is 2 × 54's, not 3240 plus 2's
    ents = {"sex": "female", "age": [78, "years"], "weight": [54, "kg"], "creatinine": [1.1, "mg/dL"]}
    def arithmetic(t):
        return [c.ok for s in verify(t, calculator="cockcroft_gault", entities=ents).steps for c in s.checks if c.kind == "arithmetic"]
    assert all(arithmetic("62 × 54 = 3348 (60 × 54 = 3240, plus 2 × 54 = 108, total 3348)."))
    assert False in arithmetic("60 × 54 = 3240, plus 2 gives 3252.")


@pytest.mark.parametrize("after, wrong", [
    ("Then there's a sex correction for women: for Cockcroft-Gault the female factor is 0.85.", False),
    ("Then I divide by the creatinine.", True),  # the factor never applied: the statement holds for a man only
])
def test_a_factor_left_out_of_a_formula_and_applied_right_after_it(after, wrong):
    ents = {"sex": "female", "age": [78, "years"], "weight": [54, "kg"], "creatinine": [1.1, "mg/dL"]}
    t = f"The equation: CrCl (mL/min) = [(140 − age) × weight (kg)] / [72 × SCr (mg/dL)]. {after}"
    assert bool([s for s in flagged(t, calculator="cockcroft_gault", entities=ents) if s["error"] == "formula"]) is wrong


@pytest.mark.parametrize("line, wrong", [
    ("137 − 122 = 15.", True),  # MELD-Na bounds sodium to 125–137: a sodium of 122 enters as 125
    ("Sodium is bounded to 125, so 137 − 125 = 12.", False),
])
def test_a_value_the_formula_bounds_put_in_as_it_is(line, wrong):
    ents = {"creatinine": [1.2, "mg/dL"], "bilirubin": [4.6, "mg/dL"], "inr": 1.9, "sodium": [122, "mmol/L"]}
    assert bool([s for s in flagged(line, calculator="meld_na", entities=ents) if s["error"] == "extraction"]) is wrong


@pytest.mark.parametrize("line, wrong", [
    ("The correction is only applied when the glucose is more than 100 mg/dl.", False),  # true of this patient: it applies
    ("The correction is only applied if glucose > 100.", False),
    ("The correction is only applied if glucose > 900.", True),  # a condition the patient does not meet: no correction said
])
def test_a_correction_said_to_apply_only_above_a_level_the_patient_exceeds(line, wrong):
    ents = {"sodium": [124, "mmol/L"], "glucose": [450, "mg/dL"]}
    assert bool([s for s in flagged(line, calculator="sodium_correction_hyperglycemia", entities=ents) if s["error"] == "formula"]) is wrong


def test_a_number_that_only_rounds_to_the_left_out_factor_does_not_apply_it():
    # CKD-EPI's female factor is 1.012: a "1" written near "female" after the formula is not it
    ents = {"sex": "female", "age": [60, "years"], "creatinine": [1.2, "mg/dL"]}
    t = ("eGFR = 142 × min(Scr/0.7, 1)^−0.241 × max(Scr/0.7, 1)^−1.200 × 0.9938^age. "
         "She is female; Scr/κ = 1.2/0.7 = 1.714, above 1.")
    assert [s for s in flagged(t, calculator="ckd_epi_2021", entities=ents) if s["error"] == "formula"]


GAD7 = {"nervousness": "more than half the days", "uncontrollable_worry": "several days", "excessive_worry": "more than half the days",
        "trouble_relaxing": "several days", "restlessness": "not at all", "irritability": "more than half the days", "feeling_afraid": "several days"}


@pytest.mark.parametrize("line, wrong", [
    ("- Item 2 – can't control the worrying: several days → 1", False),  # an answer every item shares names none of them
    ("- Item 2 – can't control the worrying: several days → 2", True),
])
def test_an_answer_every_questionnaire_item_shares_names_no_item(line, wrong):
    assert bool([s for s in flagged(line, calculator="gad_7", entities=GAD7) if s["error"] == "criterion"]) is wrong


def test_a_shared_answer_scale_recited_with_the_wrong_points():
    t = "**Scoring key**: Not at all = 1, Several days = 2, More than half the days = 3, Nearly every day = 4."
    assert [s for s in flagged(t, calculator="gad_7", entities=GAD7) if s["error"] == "criterion"]
    assert not flagged("**Scoring key**: Not at all = 0, Several days = 1, More than half the days = 2, Nearly every day = 3.",
                       calculator="gad_7", entities=GAD7)


@pytest.mark.parametrize("trace, value", [
    ("**Final answer: PHQ-9 = 14 (moderate depression)**", 14.0),  # not the 9 of the score's name
    ("**Final answer: 4AT score = 2 (possible cognitive impairment)**", 2.0),
    ("Answer: CrCl = (140 − 60) × 70 / (72 × 1.2) = 64.8 mL/min", 64.8),
    ("**Final answer: IPSS = 15 (moderate); QoL = 5**", 15.0),  # the first value no operation follows, not the quality-of-life item's
    ("Answer: x = 3 + 4 = 7", 7.0),
])
def test_an_answer_after_an_equals_sign_is_not_a_digit_of_the_scores_name(trace, value):
    assert claims.final_answer(trace).value == value


AUDIT = {"drinking_frequency": "4 or more times a week", "typical_quantity": "5 or 6", "heavy_episodes": "weekly", "impaired_control": "never",
         "failed_expectations": "never", "morning_drinking": "never", "guilt": "never", "blackouts": "never", "injury": "no", "others_concerned": "no"}


@pytest.mark.parametrize("line", [
    "- Q9 Injury due to his drinking: no → 0",  # item 9 by its number, not item 3 by "drinking"
    "| Question | What it asks | His answer | Score |\n|---|---|---|---|\n| 10 | Others worried about his drinking | No | 0 |",
])
def test_a_questionnaire_item_named_by_its_number(line):
    assert not [s for s in flagged(line, calculator="audit", entities=AUDIT) if s["error"] == "criterion"]


@pytest.mark.parametrize("line, calc, ents", [
    ("1.72² = 2.9584 (1.7² = 2.89, plus 2 × 1.7 × 0.02 = 0.068, plus 0.02² = 0.0004 → 2.9584).", "target_weight",
     {"height": [172, "cm"], "target_bmi": [22, "kg/m2"]}),  # an operand in words with its square after it is not cut before the power
    ("Weight 16 kg → 10 kg in the first band, 6 kg in the second, none above 20.", "maintenance_fluids", {"weight": [16, "kg"]}),
    ("- tender joints (of 28): 8", "das28", {"tender_joints": 8, "swollen_joints": 4, "esr": [30, "mm/h"], "patient_global": 50}),
    ("- 280 m → 250–349 → 1 point", "bode_index", {"fev1_percent": [42, "%"], "mmrc": 2, "six_minute_walk": [280, "m"], "bmi": [23, "kg/m2"]}),
])
def test_values_derived_or_bounded_beside_a_patient_value_are_not_misread(line, calc, ents):
    assert not flagged(line, calculator=calc, entities=ents)


def test_a_slip_taken_back_with_no_before_its_recomputation_in_unicode_minus():
    v = verify("<think>\n- remaining: 78 − 20 = 68 kg... no, 78 − 20 = 58 kg.\n</think>\n\nFluids 118 mL/h.",
               calculator="maintenance_fluids", entities={"weight": [78, "kg"]})
    assert [s.verdict for s in v.steps if s.verdict in ("corrected", "incorrect")] == ["corrected"]


def test_a_subtotal_named_with_its_bracket_is_not_the_total():
    ents = {"drinking_frequency": "4 or more times a week", "typical_quantity": "5 or 6", "heavy_episodes": "weekly",
            "impaired_control": "monthly", "failed_expectations": "less than monthly", "morning_drinking": "never", "guilt": "monthly",
            "blackouts": "less than monthly", "injury": "no", "others_concerned": "yes, during the last year"}
    t = ("Subtotal (AUDIT-C): 4 + 2 + 3 = 9\n\nSubtotal: 2 + 1 + 0 = 3\n\nSubtotal: 2 + 1 + 0 + 4 = 7\n\n**Total AUDIT = 9 + 3 + 7 = 19**\n\n"
         "**Final answer: AUDIT = 19 (Zone III)**")
    assert not [s for s in flagged(t, calculator="audit", entities=ents) if s["error"] == "arithmetic"]


@pytest.mark.parametrize("trace, value", [
    ("- 45 mg × 1/20 = 2.25 mg lorazepam (diazepam equivalent 22.5 mg)", 2.25),  # a remark on the result after it
    ("HEART score = 1 + 1 + 2 = **4** (moderate risk, 4–6).", 4.0),
])
def test_a_remark_in_brackets_after_a_result_holds_no_answer(trace, value):
    assert claims.final_answer(trace).value == value


def test_a_value_taken_to_another_unit_is_no_substitution_with_a_changed_operator():
    ents = {"urine_albumin": [12, "mg/dL"], "urine_creatinine": [100, "mg/dL"]}
    assert not flagged("UACR = 12 / 100 = 0.12 mg/mg. To mg/g, multiply by 1000: 0.12 × 1000 = 120 mg/g.", calculator="uacr", entities=ents)


@pytest.mark.parametrize("line, wrong", [
    ("FEV1 ≥ 65 → 0; 50–64 → 1; 36–49 → 2; ≤ 35 → 3.", False),  # the bands' points (0 + 1 + 2 = 3 is no sum of parts)
    ("FEV1 ≥ 65 → 0; 50–64 → 2; 36–49 → 2; ≤ 35 → 3.", True),
])
def test_a_criterions_bands_whose_last_points_equal_the_sum_of_the_others_are_still_its_rule(line, wrong):
    ents = {"fev1_percent": [58, "%"], "six_minute_walk": [180, "m"], "mmrc_grade": 3, "bmi": [20.1, "kg/m^2"]}
    assert bool([s for s in flagged(line, calculator="bode_index", entities=ents) if s["error"] == "criterion"]) is wrong
