"""Formula statements checked against the calculator's equation (verifier/formula_statements.py): the
forms MedCalc-Bench's explanations and models write are accepted, equivalent rearrangements and
unit variants too, and the formula errors models make are flagged at the statement."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.verifier import verify
from clinverify.verifier.formula_statements import FORMULAS, check_statement

# As written in MedCalc-Bench's Ground Truth Explanations (one per calculator).
STATED = [
    ("qtc_bazett", "The formula is computed as  QTc = QT interval / √ (RR interval), where the QT interval is in msec"),
    ("qtc_fridericia", "The formula is computed as  QTc = QT interval / (RR interval)**(1/3), where ** denotes an exponent"),
    ("qtc_framingham", "The formula is computed as  QTc = QT Interval + (154 * (1 - rr_interval_sec)), where QT interval is in msec"),
    ("qtc_hodges", "The formula is computed as  QTc = QT interval + 1.75 * [(60 /rr_interval_sec) - 60], where QT interval is in msec"),
    ("qtc_rautaharju", "The formula is computed as  QTc = QT interval x (120 + HR) / 180, where QT interval is in msec"),
    ("mean_arterial_pressure", "The mean average pressure is computed by the formula 2/3 * (diastolic blood pressure) + 1/3 * (systolic blood pressure)."),
    ("bmi", "The formula for computing the patient's BMI is (weight)/(height * height), where weight is the patient's weight in kg"),
    ("calcium_correction", "The formula for computing a patient's corrected calcium is  (0.8 * (Normal Albumin (in g/dL) - Patient's Albumin (in g/dL))) + Serum Calcium (in mg/dL)."),
    ("fib4", "The formula for computing Fibrosis-4 is Fib-4 = (Age * AST) / (Platelet count (in billions) * √ALT), where platelet count is"),
    ("sodium_correction_hyperglycemia", "The formula for Sodium Correction for Hyperglycemia is Measured sodium + 0.024 * (Serum glucose - 100), where"),
    ("serum_osmolality", "The formula for computing serum osmolality is 2 * Na + (BUN / 2.8) + (glucose / 18), where Na is"),
    ("homa_ir", "The formula for computing HOMA-IR score is (insulin (µIU/mL) * glucose mg/dL)/405."),
    ("free_water_deficit", "The formula for computing the free water deficit is (total body water percentage) * (weight) * (sodium/140 - 1), where"),
    ("anion_gap", "The formula for computing a patient's anion gap is: sodium (mEq/L) - (chloride (mEq/L)+ bicarbonate (mEq/L))."),
    ("fena", "The formula for computing the FEna percentage is (creatinine * urine_sodium)/(sodium * urine_creatinine) * 100, where"),
    ("ldl_friedewald", "To compute the patient's LDL cholestrol, apply the following formula: LDL cholesterol = total cholesterol - HDL - (triglycerides / 5), where"),
    ("body_surface_area", "For the body surface area computation, the formula is sqrt((weight (in kgs) * height (in cm))/3600, where the units"),
    ("adjusted_body_weight", "To compute the patient's adjusted body weight, we use the formula: ABW = IBW + 0.4 * (weight (in kg) - IBW (in kg))."),
    ("delta_gap", "To compute the formula of the delta gap, the formula is anion gap (in mEq/L) - 12."),
    ("delta_ratio", "The formula for computing the delta ratio is delta gap (mEq/L)/(24 - bicarbonate mEq/L)."),
    ("albumin_corrected_anion_gap", "The formula for computing a patient's albumin corrected anion gap is: anion_gap (in mEq/L) + 2.5 * (4 - albumin (in g/dL))."),
    ("albumin_corrected_delta_gap", "To compute the formula of albumin corrected delta gap, the formula is albumin corrected anion gap (in mEq/L) - 12."),
    ("albumin_corrected_delta_ratio", "The formula for computing the albumin corrected delta ratio is albumin corrected delta gap (mEq/L)/(24 - bicarbonate mEq/L)."),
    ("cockcroft_gault", "The formula for computing Cockcroft-Gault is given by CrCl = ((140 - age) * adjusted weight * (gender_coefficient)) / (serum creatinine * 72), where"),
    ("meld_i", "The formula for computing the MELD Na is to first apply the following equation: MELD(i) = 0.957 x ln(Cr) + 0.378 x ln(bilirubin) + 1.120 x ln(INR) + 0.643. If the MELD(i) is greater"),
    ("ideal_body_weight", "For males, the ideal body weight (IBW) is calculated as follows: IBW = 50 kg + 2.3 kg * (height (in inches) - 60)"),
    ("mdrd_gfr", "The patient's estimated GFR is calculated using the MDRD equation as: GFR = 175 * creatinine^(-1.154) * age^(-0.203) * race_coefficient * gender_coefficient."),
    ("ckd_epi_2021", "The formula for computing GFR is 142 x (Scr/A)**B x 0.9938**age x (gender_coeffcient), where the ** indicates an exponent operation, Scr is the concentration of serum creatinine in mg/dL."),
    ("maintenance_fluids", "Because the patient's weight is greater than 20 kg, the formula for computing the maintenance fluid is 60 mL/hr + 1 mL/kg/hr * (weight (in kilograms) - 20 kilograms)."),
    # Calculators beyond MedCalc-Bench: the statement as the primary source writes the equation.
    ("apri", "APRI = (AST / upper limit of normal) × 100 / platelet count"),
    ("ardsnet_predicted_body_weight", "PBW = 50 + 0.91 × (height in cm − 152.4)"),
    ("das28", "DAS28-ESR = 0.56 × √TJC28 + 0.28 × √SJC28 + 0.70 × ln(ESR) + 0.014 × GH"),
    ("das28_crp", "DAS28-CRP = 0.56 × √TJC28 + 0.28 × √SJC28 + 0.36 × ln(CRP + 1) + 0.014 × GH + 0.96"),
    ("dasi_mets", "METs = (0.43 × DASI + 9.6) / 3.5"),
    ("dasi_vo2peak", "VO2peak = 0.43 × DASI + 9.6"),
    ("feurea", "FEUrea = (serum creatinine × urine urea) / (serum urea × urine creatinine) × 100"),
    ("meld", "Original MELD = 10 × (0.957 × ln(Cr) + 0.378 × ln(bilirubin) + 1.120 × ln(INR) + 0.643)"),
    ("nafld_fibrosis_score", "NAFLD fibrosis score = −1.675 + 0.037 × age + 0.094 × BMI + 1.13 × IFG/diabetes + 0.99 × AST/ALT − 0.013 × platelets − 0.66 × albumin"),
    ("phenytoin_correction", "Corrected phenytoin = measured phenytoin / (0.2 × albumin + 0.1)"),
    ("ttkg", "TTKG = (urine K × plasma osmolality) / (plasma K × urine osmolality)"),
    ("rr_interval", "The RR interval is computed as 60/(heart rate)"),
    ("target_weight", "The formula for computing the target weight is target BMI * height^2"),
    ("meld_na", "MELD-Na = MELD(i) + 1.32 × (137 − Na) − 0.033 × MELD(i) × (137 − Na)"),
    ("corrected_reticulocyte_count", "Corrected reticulocyte count = reticulocyte count × (hematocrit / 45)"),
    ("winters_formula", "Expected PaCO2 = 1.5 × HCO3 + 8"),
    ("bedside_schwartz", "Bedside Schwartz: eGFR = 0.413 × height / serum creatinine"),
    ("uacr", "uACR = urine albumin (mg/dL) / urine creatinine (mg/dL) × 1000"),
    ("vldl_friedewald", "VLDL = triglycerides / 5"),
    ("alveolar_po2", "PAO2 = FiO2 × (760 − 47) − PaCO2 / 0.8"),  # APACHE II's oxygenation, the A-a gradient's first term
    ("meld_3_unrounded", "MELD 3.0 = 1.33 × (female) + 4.56 × ln(bili) + 0.82 × (137 − Na) − 0.24 × (137 − Na) × ln(bili) + 9.09 × ln(INR) "
                         "+ 11.14 × ln(Cr) + 1.85 × (3.5 − Alb) − 1.83 × (3.5 − Alb) × ln(Cr) + 6"),
    ("ckd_epi_2021_cr_cys", "eGFR cr-cys = 135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 "
                            "× 0.9961^age × 0.963"),
    ("ukeld", "UKELD = 5.395 × ln(INR) + 1.485 × ln(creatinine) + 3.13 × ln(bilirubin) − 81.565 × ln(Na) + 435"),
]


def test_every_declared_formula_has_a_worked_statement():
    assert {c for c, _ in STATED} == set(FORMULAS)


@pytest.mark.parametrize(("calc", "text"), STATED, ids=[c for c, _ in STATED])
def test_the_benchmark_statements_match(calc, text):
    r = check_statement(text, calc)
    assert r is not None and r.ok, r
    assert text[r.start : r.end].strip() and "where" not in text[r.start : r.end]


@pytest.mark.parametrize(
    ("calc", "text"),
    [
        ("mean_arterial_pressure", "MAP = (2 × DBP + SBP) / 3"),
        ("mean_arterial_pressure", "MAP = DBP + (SBP - DBP) / 3"),
        ("bmi", "BMI = weight / (height/100)^2"),  # height in cm
        ("bmi", "BMI = 703 x weight / height^2"),  # lb and in
        ("ldl_friedewald", "LDL = total cholesterol - HDL - triglycerides/2.2"),  # mmol/L
        ("sodium_correction_hyperglycemia", "corrected sodium = sodium + 0.016 * (glucose - 100)"),
        ("anion_gap", "anion gap = Na + K - (Cl + HCO3)"),
        ("meld_na", "MELD(i) = 0.957 x log(Cr) + 0.378 x log(bilirubin) + 1.120 x log(INR) + 0.643"),  # log meaning ln
        ("meld_na", "MELD(i) = 9.57 x ln(creatinine) + 3.78 x ln(bilirubin) + 11.2 x ln(INR) + 6.43"),  # the ×10 form
    ],
)
def test_equivalent_forms_and_conventions_are_accepted(calc, text):
    r = check_statement(text, calc)
    assert r is not None and r.ok, r


@pytest.mark.parametrize(
    ("calc", "text", "shown"),
    [
        ("qtc_bazett", "We get QTc = QT / RR = 400 / 0.8 = 500", "QT / RR"),
        ("qtc_fridericia", "Hence, plugging in these values, we will get QT/√(RR) = 393.0/√(0.5)= 555.8", "QT/√(RR)"),
        ("qtc_framingham", "Hence, plugging in these values, we will get QT/(154 * (1 - RR)) = 393/(154*(1-0.5)) = 5.1", "QT/(154 * (1 - RR))"),
        ("mean_arterial_pressure", "MAP = (SBP + DBP) / 2", "(SBP + DBP) / 2"),
        ("serum_osmolality", "Osmolality = 2 * Na + BUN / 18 + glucose / 2.8", "2 * Na + BUN / 18 + glucose / 2.8"),
        ("bmi", "BMI = weight / height", "weight / height"),
        ("meld_na", "MELD(i) = 0.378 x ln(Cr) + 0.957 x ln(bilirubin) + 1.120 x ln(INR) + 0.643", "0.378 x ln(Cr) + 0.957 x ln(bilirubin) + 1.120 x ln(INR) + 0.643"),
        ("cockcroft_gault", "The formula is CrCl = (140 - age) * weight * sex factor / (85 * serum creatinine)", "(140 - age) * weight * sex factor / (85 * serum creatinine)"),
    ],
)
def test_wrong_formulas_are_flagged_at_the_statement(calc, text, shown):
    r = check_statement(text, calc)
    assert r is not None and not r.ok
    assert text[r.start : r.end] == shown
    assert "not the calculator's formula" in r.detail


@pytest.mark.parametrize(
    ("calc", "text"),
    [
        ("qtc_hodges", "The patient's heart rate is 131 beats per minute, so RR = 60/heart rate = 0.458 sec."),  # another quantity
        ("bmi", "The patient's bmi is therefore 48.0 kg / (1.63 m * 1.63 m) = 18.066 kg/m^2."),  # arithmetic
        ("cockcroft_gault", "The formula is CrCl = (140 - age) * weight / (72 * serum creatinine)"),  # sex factor already applied
        ("free_water_deficit", "The free water deficit = 0.5 * weight * (sodium/140 - 1)"),  # this patient's TBW fraction
        ("delta_gap", "The formula for computing a patient's anion gap is: sodium - (chloride + bicarbonate)."),  # named: checked as AG
        ("cha2ds2_vasc", "The score is age points + hypertension = 2."),  # no formula declared
    ],
)
def test_no_false_alarm_on_other_quantities_and_specialised_forms(calc, text):
    r = check_statement(text, calc)
    assert r is None or r.ok


def test_sub_formulas_are_judged_by_the_quantity_they_name():
    # A delta-gap trace states the anion gap's formula: judged as the anion gap, and wrong here.
    r = check_statement("The formula for computing a patient's anion gap is: sodium + (chloride + bicarbonate).", "delta_gap")
    assert r is not None and not r.ok and "Na − (Cl + HCO₃)" in r.detail


@pytest.mark.parametrize(("text", "ok"), [
    ("MAP = DBP + 1/3 pulse pressure", True),  # the pulse pressure is systolic − diastolic (was: "writes pulse, not in the formula")
    ("MAP = DBP + PP/3", True),
    ("MAP = 1/3 SBP + 2/3 DBP", True),  # a coefficient written before its name
    ("MAP = DBP + 1/2 pulse pressure", False),
    ("MAP = SBP + 1/3 pulse pressure", False),
])
def test_the_pulse_pressure_and_a_coefficient_before_a_name_are_read(text, ok):
    r = check_statement(text, "mean_arterial_pressure")
    assert r is not None and r.ok is ok, r


@pytest.mark.parametrize(("text", "ok"), [
    ("Corrected Ca = Ca + 0.8(4.0 − Alb)", True),  # a coefficient against its bracket; "Alb" for albumin
    ("Corrected calcium = calcium + 0.8(4 − albumin)", True),
    ("Corrected Ca = Ca + 1.8(4.0 − Alb)", False),
])
def test_a_coefficient_written_against_its_bracket_is_a_product(text, ok):
    r = check_statement(text, "calcium_correction")
    assert r is not None and r.ok is ok, r


def test_verify_flags_the_formula_step_first():
    trace = ("The QT interval is 400 msec and the heart rate is 75 bpm. The formula is QTc = QT interval / RR interval. "
             "RR = 60 / 75 = 0.8. QTc = 400 / 0.8 = 500 msec.")
    v = verify(trace, calculator="qtc_bazett", entities={"qt_interval": [400, "msec"], "heart_rate": [75, "bpm"]}).to_dict()
    first = v["steps"][v["first_error"]]
    assert first["error"] == "formula" and "QT interval / RR interval" in first["text"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("QTRRqtrr=+-*/^()√ 0123456789.,:xisheightweightformulasodium")), max_size=200), st.sampled_from(sorted(FORMULAS) + [None, "bmi"]))
def test_fuzz_statement_checking_never_raises(text, calc):
    r = check_statement(text, calc)
    assert r is None or (0 <= r.start <= r.end <= len(text))


def test_ckd_epi_in_one_power_with_the_exponent_that_applies_is_the_formula():
    from clinverify.verifier.formula_statements import check_statement

    st = check_statement("For males, the formula is 142 x (Scr/κ)**α x 0.9938**age x (gender_coefficient), where κ is 0.9", "ckd_epi_2021")
    assert st is not None and st.ok
    st = check_statement("For males, the formula is 141 x (Scr/κ)**α x 0.993**age x (gender_coefficient), where κ is 0.9", "ckd_epi_2021")
    assert st is None or not st.ok


def test_potassium_in_the_anion_gap_is_a_convention_alone_and_wrong_for_the_delta_gap():
    from clinverify.verifier.formula_statements import check_statement

    assert check_statement("AG = Na + K - (Cl + HCO3)", "anion_gap").ok
    st = check_statement("AG = Na + K - (Cl + HCO3)", "delta_gap")
    assert st is not None and not st.ok and st.key == "anion_gap"
    assert check_statement("AG = Na - (Cl + HCO3)", "delta_gap").ok
    # Named steps are judged by the name nearest the formula.
    assert check_statement("Corrected AG = AG + 2.5 × (4 − albumin)", "albumin_corrected_anion_gap").key == "albumin_corrected_anion_gap"
    assert check_statement("ΔAG = AG - 12", "delta_gap").key == "delta_gap"


def test_a_wrong_formula_replaced_by_the_right_one_before_use_is_not_flagged():
    from clinverify.verifier import verify

    note = "Na 139, Cl 102, HCO3 30, albumin 1.5 g/dL."
    trace = ("1. Calculate the anion gap using the formula AG = Na + K - (Cl + HCO3). Potassium is not given, so we use AG = Na - (Cl + HCO3).\n"
             "AG = 139 - (102 + 30) = 7 mEq/L.")
    out = verify(trace, calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert not [s for s in out if s["verdict"] == "incorrect" and s["error"] != "answer"]  # (its answer, the gap uncorrected, is judged from the note)
    kept = verify("1. AG = Na + K - (Cl + HCO3) = 139 + 4 - (102 + 30) = 11 mEq/L.", calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert [s["error"] for s in kept if s["verdict"] == "incorrect"] == ["formula"]


def test_a_relation_sign_before_a_bracketed_criterion_is_read_without_error():
    # Found by the thinking fuzz test: the clause ends of the statement's rest and of the whole side
    # were looked up in two texts, and the second lookup could find none.
    from clinverify.verifier import verify

    for calc in ("ckd_epi_2021", "body_surface_area", "bmi"):
        assert verify("= (Age 65–74: not applicable → 0. ", calculator=calc).to_dict()["steps"]


@pytest.mark.parametrize("calc, text, ok", [
    ("ldl_friedewald", "LDL = TC - HDL + TG/5", False),  # abbreviations of the formula's quantities
    ("ldl_friedewald", "LDL = TC - HDL - TG/5", True),
    ("ldl_friedewald", "LDL (mg/dL) = TC − HDL − TG/2.2", False),  # the mmol/L form, stated in mg/dL
    ("ldl_friedewald", "LDL (mmol/L) = TC − HDL − TG/2.2", True),
    ("ldl_friedewald", "LDL (mg/dL) = TC − HDL − TG/5", True),
    ("serum_osmolality", "Serum osmolality = 2Na + BUN/18 + glucose/2.8", False),  # "2Na": 2 × Na
    ("serum_osmolality", "Serum osmolality = 2Na + BUN/2.8 + glucose/18", True),
    ("cockcroft_gault", "CrCl = (140 - Age) x Weight / (72 x Cr) x 0.8 for women", False),  # the sex factor is 0.85
    ("cockcroft_gault", "CrCl = (140 - Age) x Wt / (72 x Cr) x 0.85 for women", True),
])
def test_statements_in_abbreviations_units_and_sex_qualifiers(calc, text, ok):
    st = check_statement(text, calc)
    assert st is not None and st.ok is ok
    if not ok and "mg/dL" in text:
        assert "in mg/dL" in st.detail


@pytest.mark.parametrize("calc, text, ok", [
    ("bmi", "BMI is weight in kg divided by height in meters.", False),
    ("bmi", "BMI is weight in kg divided by height in meters squared.", True),
    ("anion_gap", "The anion gap is sodium minus chloride.", False),
    ("anion_gap", "The anion gap is sodium minus chloride minus bicarbonate.", True),
    # the calculator's own formula after "The formula is", an operation after a comma read on, its units' form kept
    ("homa_ir", "The formula is fasting insulin multiplied by fasting glucose, divided by 405.", True),
    ("homa_ir", "The formula is fasting insulin multiplied by fasting glucose, and then divided by 450.", False),
    ("homa_ir", "The formula is fasting insulin (µIU/mL) multiplied by fasting glucose (mmol/L), divided by 405.", False),
])
def test_a_formula_stated_in_words_is_judged_on_its_symbols(calc, text, ok):
    st = check_statement(text, calc)
    assert st is not None and st.ok is ok


@pytest.mark.parametrize("calc, text", [
    ("mean_arterial_pressure", "MAP is diastolic plus one third of the pulse pressure."),  # words not read: no verdict
    ("bmi", "The patient is 70 kg over 1.75 m squared."),  # the quantity is not named before "is"
])
def test_words_this_reading_does_not_turn_into_a_formula_are_not_judged(calc, text):
    assert check_statement(text, calc) is None


def test_a_label_naming_the_calculator_with_a_word_left_out_is_its_formula():
    st = check_statement("Actually albumin corrected ratio = (serum albumin / 4.0) * (serum creatinine / 1.0).", "albumin_corrected_delta_ratio")
    assert st is not None and not st.ok and "creatinine" in st.detail
    # A name of another quantity is that quantity's formula, not a shortened name of this one.
    st = check_statement("Delta ratio = (AG - 12) / (24 - HCO3).", "albumin_corrected_delta_ratio")
    assert st is not None and st.ok


@pytest.mark.parametrize("text, ok", [
    ("IBW = 50 kg + 2.3 kg × (inches over 60).", True),
    ("IBW = 66 kg + 2.3 kg × (inches over 60).", False),
    ("Ideal body weight (IBW) for men: 31 kg + 2.3 kg per inch over 60 in.", False),
    ("For men, IBW = 50 kg + 2.3 kg per inch over 5 feet.", True),
    ("IBW = 50 kg + 2.3 kg × (height in inches over 5 ft).", True),
    # the formula named by its author alone
    ("Devine female: 45.5 kg + 2.5 kg per inch above 60 inches.", False),
    ("Devine: 50 kg + 2.3 kg per inch above 60 inches.", True),
])
def test_the_inches_over_a_base_written_in_words_are_read_as_a_subtraction(text, ok):
    st = check_statement(text, "ideal_body_weight")
    assert st is not None and st.ok is ok


@pytest.mark.parametrize(
    "statement",
    [
        "Anion Gap = Na+ - (Cl- + HCO3-)",
        "AG = [Na+] - ([Cl-] + [HCO3-])",
        "AG = Na+ − (Cl− + HCO3−)",
        "AG = (Na+) - (Cl- + HCO3-)",
        "AG = Na+ - Cl- - HCO3-",
    ],
)
def test_ion_charges_written_after_the_symbols_are_not_operators(statement):
    st = check_statement(statement, "anion_gap")
    assert st is not None and st.ok, st


def test_a_sign_between_two_ions_stays_an_operator():
    # "Na-Cl-HCO3" (no charges): the signs join operands; "Na+K" adds potassium.
    assert check_statement("AG = Na-Cl-HCO3", "anion_gap").ok
    st = check_statement("AG = Na+K-Cl-HCO3", "delta_gap")
    assert st is not None and not st.ok  # the delta gap's normal 12 leaves potassium out of the gap


@pytest.mark.parametrize(
    "statement, key, ok",
    [
        ("Delta-delta = (AG - 12)/(24 - HCO3-)", "delta_ratio", True),
        ("Delta/delta = (AG-12)/(24-HCO3-)", "delta_ratio", True),
        ("Delta delta gap = (AG - 12) - (24 - HCO3-)", "delta_gap", True),  # Wrenn's gap under another of its names
        ("Delta gap = (AG - 12) / (24 - HCO3-)", "delta_gap", False),  # the ratio called the gap
    ],
)
def test_delta_delta_names_the_ratio_and_the_delta_delta_gap_the_gap(statement, key, ok):
    st = check_statement(statement, "delta_gap")
    assert st is not None and st.key == key and st.ok is ok, st


@pytest.mark.parametrize("statement", ["Corrected HCO3- = HCO3- + (AG - 12)", "expected HCO3- = 24 - (AG - 12)", "Expected bicarbonate = 24 - (AG - 12)"])
def test_a_statement_defining_one_of_the_formulas_own_quantities_is_not_the_result(statement):
    # Unnamed statements in a delta-gap trace are taken for the delta gap, unless their left side
    # names one of its own quantities (the corrected or expected bicarbonate).
    assert check_statement(statement, "delta_gap") is None


def test_a_formula_named_by_another_versions_constants_must_write_all_of_them():
    ents = {"weight": [32.0, "kg"], "height": [150.0, "cm"]}
    for wrong in ("BSA = 0.011046 × weight^0.425 × height^0.725.", "BSA (m²) = 0.007184 × weight(kg)^0.425 × height(cm)^0.625."):
        steps = verify(wrong + "\nThe BSA is 1.18 m².", calculator="body_surface_area", entities=ents).to_dict()["steps"]
        assert steps[0]["verdict"] == "incorrect" and "is not a constant of Du Bois BSA" in steps[0]["detail"]
    # Du Bois as written, and its substitution with computed factors: a convention, no error
    right = "BSA = 0.007184 × W^0.425 × H^0.725 = 0.007184 × 32^0.425 × 150^0.725 = 0.007184 × 4.36 × 37.8 = 1.18.\nThe BSA is 1.18 m²."
    steps = verify(right, calculator="body_surface_area", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] != "incorrect"


def test_a_race_factor_stated_after_the_group_it_applies_to():
    ents = {"age": [73, "years"], "creatinine": [8.0, "mg/dL"], "sex": "Female", "Race": "Black"}
    steps = verify("• African American → factor 1.466\nThe GFR is 5 mL/min/1.73 m².", calculator="mdrd_gfr", entities=ents).to_dict()["steps"]
    assert (steps[0]["verdict"], steps[0]["detail"]) == ("incorrect", "race factor is 1.212 for this patient, not 1.466")
    # for a patient who is not Black it is the rule for Black patients: right when it is the rule's
    del ents["Race"]
    steps = verify("• African American → factor 1.212\nThe GFR is 5 mL/min/1.73 m².", calculator="mdrd_gfr", entities=ents).to_dict()["steps"]
    assert (steps[0]["verdict"], steps[0]["detail"]) == ("correct", "race factor = 1.212 for Black patients")


def test_a_slope_whose_units_are_written_out_is_read():
    note = "Na 140, Cl 100, HCO3 20, albumin 2.0 g/dL."
    line = "The correction factor is {} mEq/L per gram per deciliter decrease in albumin.\nThe corrected anion gap is 25 mEq/L."
    steps = verify(line.format("2.9"), calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect" and "the correction for albumin is 2.5 mEq/L per g/dL" in steps[0]["detail"]
    steps = verify(line.format("2.5"), calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "correct"


@pytest.mark.parametrize("line, ok", [
    ("Estimated due date = LMP + 428 days.", False),
    ("Add 286 days to the LMP.", False),
    ("Add 280 days to the LMP.", True),
    ("Add 282 days to the LMP.", True),  # the 30-day cycle's adjustment already in it
    ("The due date is 40 weeks after the first day of the LMP.", True),
    ("For cycle length 26, due date = LMP + 278 days.", True),  # the rule for another cycle, right
])
def test_the_days_a_step_adds_to_the_lmp_are_the_rules(line, ok):
    ents = {"Last menstrual date": "03/24/2017", "cycle length": 30}
    steps = verify(line + "\nThe due date is 01/01/2018.", calculator="estimated_due_date", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] == ("correct" if ok else "incorrect"), steps[0]


def test_a_right_count_of_days_takes_back_no_wrong_cycle_adjustment():
    ents = {"Last menstrual date": "04/09/2021", "cycle length": 25}
    trace = ("<think>Adjust: subtract (cycle length - 28) days from the due date. Actually the rule: Add 280 days to LMP.</think>\\n"
             "The due date is 01/14/2022.")
    steps = verify(trace, calculator="estimated_due_date", entities=ents).to_dict()["steps"]
    assert [s["verdict"] for s in steps if "subtract" in s["text"]] == ["incorrect"]


@pytest.mark.parametrize("line, ok", [
    ("Convert the hydrocortisone dose to prednisone using the factor 0.35.", False),
    ("The conversion factor from hydrocortisone to prednisone is 0.35.", False),
    ("Hydrocortisone to prednisone: multiply by 0.25.", True),
    ("The conversion factor from hydrocortisone to prednisone is 4.", None),  # the inverse: a dose divided by it
    ("This gives a ratio of 20 mg hydrocortisone : 5 mg prednisone.", None),  # doses, not a factor
])
def test_a_factor_converting_one_items_dose_to_anothers(line, ok):
    ents = {"input steroid": "Hydrocortisone IV", "dose": [152.5, "mg"], "target steroid": "PredniSONE PO"}
    steps = verify(line + "\nThe dose is 38.13 mg.", calculator="steroid_conversion", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] == {True: "correct", False: "incorrect", None: "neutral"}[ok], steps[0]


def test_a_statement_that_writes_a_name_beside_its_computed_value_is_a_substitution_in_progress():
    # issue 10's example: "AdjBW = IBW + 0.4 × (90 − 57.0) = 57.0 + 13.2 = 70.2" is right
    note = "A 50-year-old woman, height 165 cm, weight 90 kg."
    trace = "IBW = 45.5 + 2.3 × (65 − 60) = 57.0 kg.\nAdjBW = IBW + 0.4 × (90 − 57.0) = 57.0 + 13.2 = 70.2 kg.\nAnswer: 70.2"
    steps = verify(trace, calculator="adjusted_body_weight", patient_note=note).to_dict()["steps"]
    assert steps[1]["verdict"] == "correct"
    # a wrong constant beside names is still a wrong formula
    wrong = "IBW = 45.5 + 2.3 × (65 − 60) = 57.0 kg.\nAdjBW = IBW + 0.5 × (weight − IBW) = 57.0 + 0.5 × (90 − 57.0) = 73.5 kg.\nAnswer: 73.5"
    steps = verify(wrong, calculator="adjusted_body_weight", patient_note=note).to_dict()["steps"]
    assert steps[1]["verdict"] == "incorrect" and "not the calculator's formula" in steps[1]["detail"]


def test_a_factor_stated_then_another_used_in_the_product_on_the_same_line():
    bad = verify(" - Codeine: 1 mg = 0.15 MME → 20 mg × 0.13 = 3 MME\nThe total is 3 MME/day.", calculator="morphine_milligram_equivalents").to_dict()["steps"][0]
    ok = verify(" - Codeine: 1 mg = 0.15 MME → 20 mg × 0.15 = 3 MME\nThe total is 3 MME/day.", calculator="morphine_milligram_equivalents").to_dict()["steps"][0]
    assert (bad["verdict"], bad["detail"], ok["verdict"]) == ("incorrect", "the conversion factor for Codeine is 0.15, not 0.13", "correct")


def test_a_statement_with_a_part_of_the_formula_worked_out_before_is_a_substitution_in_progress():
    note = "Na 140, Cl 100, HCO3 20, albumin 1.5 g/dL."
    trace = "The correction is 2.5 × (4 - 1.5) = 6.25 mEq/L.\nSo corrected AG = AG + 6.25.\nThe corrected anion gap is 26.25 mEq/L."
    steps = verify(trace, calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[1]["verdict"] != "incorrect"
    steps = verify("So corrected AG = AG + 6.25.\nThe corrected anion gap is 26.25 mEq/L.", calculator="albumin_corrected_anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect"  # with nothing worked out before, it is another formula


def test_a_formula_with_a_value_written_in_place_of_one_variable_is_the_formula():
    # "IBW + 0.4 × (90 − IBW)": the weight written in, the IBW still a name
    stmt = check_statement("ABW = IBW + 0.4 × (90 − IBW) = 67.43 kg.", "adjusted_body_weight")
    assert stmt is not None and stmt.ok and stmt.fixed == (("weight", 90.0),)
    stmt = check_statement("ABW = IBW + 0.3 × (90 − IBW) = 63.7 kg.", "adjusted_body_weight")
    assert stmt is not None and not stmt.ok
    # with the patient's data, a value that is not the patient's is an extraction error
    ents = {"weight": [90, "kg"], "height": [160, "cm"], "sex": "Female", "age": [45, "years"]}
    for written, ok in (("90", True), ("85", False)):
        v = verify(f"ABW = IBW + 0.4 × ({written} − IBW) = 67.43 kg.\nDone.", calculator="adjusted_body_weight", entities=ents)
        checks = [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind in ("formula", "extraction")]
        assert ("formula", True) in checks and (("extraction", False) in checks) is (not ok), checks


@pytest.mark.parametrize("text, ok", [
    ("IBW = 50 + 0.91 × (height in cm − 152.4)", True),  # Devine in centimetres, 2.3 / 2.54 rounded
    ("IBW = 45.5 + 0.91 × (height in cm − 152.4)", True),
    ("IBW = 50 + 0.9 × (height cm − 152)", True),
    ("IBW = 50 + 2.3 × [(height in cm × 0.3937) − 60]", True),  # ÷ 2.54 written as × 0.3937
    ("IBW = 50 + 0.92 × (height in cm − 152.4)", False),  # a last digit off by one: beyond its rounding
    ("IBW = height(cm) − 100", False),
])
def test_a_formula_in_other_units_with_its_constants_rounded_is_the_formula(text, ok):
    stmt = check_statement(text, "ideal_body_weight")
    assert stmt is not None and stmt.ok is ok, stmt


def test_rounding_allows_no_term_scaled_to_nothing_nor_a_constant_beyond_its_last_digit():
    for text in ("Serum osmolality = 2 × (Na + K) + BUN/2.8 + glucose/18",  # potassium added (K in thousandths would hide it)
                 "Serum osmolality = 2 × Na + BUN/2.9 + glucose/18"):
        stmt = check_statement(text, "serum_osmolality")
        assert stmt is not None and not stmt.ok, text


@pytest.mark.parametrize("words", ["for each inch over 5 feet", "per inch above 60 inches", "for every inch over 60 in",
                                   "for each inch over 5 feet (60 inches)", "per inch above 5 ft (152.4 cm)"])
def test_inches_over_a_base_in_other_words(words):
    st = check_statement(f"IBW = 45.5 kg + 2.3 kg {words}", "ideal_body_weight")
    assert st is not None and st.ok and st.form_sex == "female"
    wrong = check_statement(f"IBW = 45.5 kg + 2.5 kg {words}", "ideal_body_weight")
    assert wrong is not None and not wrong.ok


def test_friedewalds_vldl_step_takes_the_divisor_of_the_traces_units():
    ents = {"total_cholesterol": [236, "mg/dL"], "hdl": [42, "mg/dL"], "triglycerides": [185, "mg/dL"]}
    tail = "\nLDL = 236 - 42 - 37 = 157 mg/dL."
    wrong = verify("VLDL = TG/2.2 = 185/2.2 = 84.09." + tail, calculator="ldl_friedewald", entities=ents)
    assert wrong.steps[0].verdict == "incorrect" and any("mmol/L form" in c.detail for c in wrong.steps[0].checks)
    right = verify("VLDL = TG/5 = 185/5 = 37." + tail, calculator="ldl_friedewald", entities=ents)
    assert right.steps[0].verdict == "correct"


@pytest.mark.parametrize("calc, text, ok", [
    # a product written by juxtaposition, as papers and models write it
    ("meld", "MELD = 9.57 ln(Cr) + 3.78 ln(bilirubin) + 11.2 ln(INR) + 6.43", True),
    ("meld", "MELD = 10 (0.957 ln(Cr) + 0.378 ln(bilirubin) + 1.120 ln(INR) + 0.643)", True),
    ("meld", "MELD = 10 (0.957 ln(Cr) + 0.378 ln(bilirubin) + 1.210 ln(INR) + 0.643)", False),
    ("calcium_correction", "Corrected Ca = Ca + 0.8 (4 − albumin)", True),
    # MELD 3.0, the CKD-EPI 2021 creatinine–cystatin C equation, the alveolar gas equation (A–a gradient)
    ("meld_3", "MELD 3.0 = 1.33 (female) + 4.56 ln(bili) + 0.82 (137 − Na) − 0.24 (137 − Na) ln(bili) + 9.09 ln(INR) + 11.14 ln(Cr) "
               "+ 1.85 (3.5 − Alb) − 1.83 (3.5 − Alb) ln(Cr) + 6", True),
    ("meld_3", "MELD 3.0 = 1.33 × female + 4.56 × ln(bili) + 0.82 × (137 − Na) − 0.24 × (137 − Na) × ln(bili) + 9.09 × ln(INR) + 11.14 × ln(Cr) "
               "+ 1.85 × (3.5 − Alb) − 1.83 × (3.5 − Alb) × ln(Cr) + 10", False),
    ("ckd_epi_2021_cr_cys", "eGFR cr-cys = 135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 "
                            "× 0.9961^age × 0.963", True),
    ("ckd_epi_2021_cr_cys", "eGFR cr-cys = 135 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−0.544 × min(Scys/0.8, 1)^−0.323 × max(Scys/0.8, 1)^−0.778 "
                            "× 0.9938^age × 0.963", False),
    ("aa_gradient", "PAO2 = FiO2 × (Patm − 47) − PaCO2 / 0.8", True),
    ("aa_gradient", "PAO2 = FiO2 × 713 − PaCO2 / 0.8", True),
    ("aa_gradient", "PAO2 = FiO2 × (Patm − 47) − PaCO2 × 0.8", False),
    ("apache_ii", "PAO2 = FiO2 × 713 − PaCO2 / 0.8", True),  # the same statement, declared once for both calculators
])
def test_statements_of_more_formulas_and_products_by_juxtaposition(calc, text, ok):
    st = check_statement(text, calc)
    assert st is not None and st.ok is ok


@pytest.mark.parametrize("text, ok", [
    ("Corrected Ca (mmol/L) = Ca + 0.02 × (40 − albumin g/L)", True),  # the SI form, in its units
    ("Corrected Ca (mg/dL) = Ca + 0.02 × (40 − albumin)", False),
    ("Corrected Ca (mg/dL) = Ca + 0.8 × (4 − albumin)", True),
])
def test_the_si_form_of_the_calcium_correction_is_a_convention_in_its_units(text, ok):
    st = check_statement(text, "calcium_correction")
    assert st is not None and st.ok is ok
