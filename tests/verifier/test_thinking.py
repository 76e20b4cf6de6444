"""Thinking in a trace: where it is, errors the trace corrects, alternatives it only considers,
and the forms thinking models write that are not claims (ranges, worked examples, group rules).
Each case paraphrases a form seen in real thinking, with made-up numbers."""

import pytest

from clinverify.verifier import verify
from clinverify.verifier.claims import extract_claims
from clinverify.verifier.thinking import regions, with_reasoning


def by_verdict(trace, **kw):
    return [(s["verdict"], s.get("corrected_by"), s.get("thinking", False)) for s in verify(trace, **kw).to_dict()["steps"]]


@pytest.mark.parametrize(
    "trace, spans",
    [
        ("<think>a</think>b", [(7, 8)]),
        ("a</think>b", [(0, 1)]),  # a chat template that drops the opening tag
        ("<think>a", [(7, 8)]),  # cut off while thinking
        ("<|channel|>analysis<|message|>think here<|end|><|start|>assistant<|channel|>final<|message|>answer", [(30, 40)]),
        ("Thinking:\nfirst 2 + 2\nAnswer: 4", [(10, 22)]),
        ("No thinking here. 2 + 2 = 4.", []),
    ],
)
def test_thinking_regions(trace, spans):
    assert regions(trace) == spans


def test_thinking_steps_are_marked():
    v = verify(with_reasoning("Age 70. 140 - 70 = 70.", "The answer is 70."))
    marks = [(s["text"], s.get("thinking", False)) for s in v.to_dict()["steps"]]
    assert ("140 - 70 = 70.", True) in marks
    assert marks[-1] == ("The answer is 70.", False)


def test_an_error_taken_back_is_corrected():
    trace = "<think>140 - 60 = 70. Wait, that's wrong. 140 - 60 = 80.</think>\nSo the value is 80."
    v = verify(trace).to_dict()
    first = v["steps"][0]
    assert first["verdict"] == "corrected" and first["error"] == "arithmetic"
    fixer = next(s for s in v["steps"] if s["index"] == first["corrected_by"])
    assert "= 80" in fixer["text"] and fixer["verdict"] == "correct"
    assert v["first_error"] is None and v["scores"]["process"] == 1.0


def test_a_recomputed_expression_corrects_an_earlier_slip_far_away():
    filler = " ".join(f"Note {i}." for i in range(12))
    trace = f"<think>72.5 * 1.2 = 88.1. {filler} Then 72.5 * 1.2 = 87.0 exactly.</think>\nAnswer: 87"
    first = verify(trace).to_dict()["steps"][0]
    assert first["verdict"] == "corrected"


def test_a_date_recounted_to_the_right_day_is_corrected():
    """A wrong due date in the thinking, recounted month by month (in words, not a claim) to the
    right day, which the trace ends on: corrected by the last step writing the right date."""
    count = "May 20 to May 31: 11 days. June: 30. July: 31. August: 31. September: 30. October: 31. November: 30. December: 31. January: 31."
    trace = f"<think>LMP 5/20/2020 + 280 days = 2/27/2021. Let me count. {count} So the due date is Feb 24, 2021.</think>\nThe estimated due date is 02/24/2021."
    v = verify(trace, calculator="estimated_due_date").to_dict()
    first = next(s for s in v["steps"] if "2/27/2021" in s["text"])
    assert first["verdict"] == "corrected" and first["error"] == "arithmetic", first
    fixer = next(s for s in v["steps"] if s["index"] == first["corrected_by"])
    assert "02/24/2021" in fixer["text"]


def test_a_wrong_date_written_again_at_the_end_stays_incorrect():
    trace = "<think>LMP 5/20/2020 + 280 days = 2/27/2021. Maybe Feb 24, 2021? No.</think>\nThe estimated due date is 2/27/2021."
    v = verify(trace, calculator="estimated_due_date").to_dict()
    first = next(s for s in v["steps"] if "280 days" in s["text"])
    assert first["verdict"] == "incorrect", first


def test_an_error_that_reaches_the_answer_stays_incorrect():
    trace = "<think>140 - 60 = 70.5. Wait, let me recheck the age: 2 + 2 = 4.</think>\nThe answer is 70.5."
    v = verify(trace).to_dict()
    assert v["steps"][0]["verdict"] == "incorrect" and v["first_error"] == 0


def test_an_error_without_revision_stays_incorrect():
    trace = "<think>140 - 60 = 70.5. Then 2 + 2 = 4.</think>\nDone."
    assert verify(trace).to_dict()["steps"][0]["verdict"] == "incorrect"


def test_an_explanation_error_is_not_corrected_by_later_thinking_order():
    trace = "140 - 60 = 70.5. So we continue. 3 + 3 = 6."
    assert verify(trace).to_dict()["steps"][0]["verdict"] == "incorrect"


def test_a_hedged_alternative_in_thinking_is_neutral():
    trace = (
        "<think>Maybe BSA = weight × height / 3600.\n"
        "No: Mosteller BSA = √(weight × height / 3600).</think>\n"
        "BSA = √(170 × 70 / 3600) = √3.3056 = 1.818 m².\nAnswer: 1.818"
    )
    v = verify(trace, calculator="body_surface_area").to_dict()
    assert v["steps"][0]["verdict"] in ("neutral", "corrected")
    assert v["first_error"] is None


def test_an_alternative_the_explanation_uses_stays_incorrect():
    trace = (
        "<think>Maybe BSA = weight × height / 3600.</think>\n"
        "BSA = weight × height / 3600 = 170 × 70 / 3600 = 3.31 m².\nAnswer: 3.31"
    )
    v = verify(trace, calculator="body_surface_area").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect"


@pytest.mark.parametrize(
    "trace, calc, entities",
    [
        ("<think>Some references use BSA = weight × height / 3600. We will use Mosteller.</think>\n"
         "BSA = √(170 × 70 / 3600) = √3.3056 = 1.818 m². Rounded: 2.1 m².\nAnswer: 2.1",
         "body_surface_area", {"weight": [70, "kg"], "height": [170, "cm"]}),
        ("<think>Fentanyl patch: 1 mg = 100 MME? Not sure.</think>\n"
         "Fentanyl patch 40 mcg/hr × 2.4 = 96 MME. Total = 96 + 10 = 116 MME.\nAnswer: 116",
         "morphine_milligram_equivalents", {"FentANYL patch Dose": [40, "mcg"], "FentANYL patch Dose Per Day": [1, "per day"]}),
    ],
)
def test_an_alternative_not_used_is_neutral_when_the_answer_is_wrong_for_another_reason(trace, calc, entities):
    # The answer is wrong (a rounding or a sum), not because of the alternative the thinking
    # considered and never wrote again: the alternative is not where the trace went wrong.
    v = verify(trace, calculator=calc, entities=entities).to_dict()
    assert v["answer"]["correct"] is False
    assert v["steps"][0]["verdict"] == "neutral"
    assert v["first_error"] != 0


def test_a_hedged_misjudgement_made_again_in_other_words_stays_incorrect():
    # "age 65-74 gives 2 points?" (the patient's age misjudged) and "Age 65-74: 2 points" (the band
    # misjudged) are one error in two wordings: the hedged one was used, not only considered.
    trace = ("<think>Let's recall the table: age 65-74 gives 2 points? The patient is 70 with hypertension.</think>\n"
             "Age 65-74: 2 points. Hypertension: 1 point. Total = 3.\nAnswer: 3")
    v = verify(trace, calculator="cha2ds2_vasc", patient_note="A 70-year-old man with hypertension.").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect"


# --- forms in thinking that are not claims -------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "INR <1.7 = 1 point; 1.7-2.3 = 2 points; >2.3 = 3 points.",  # ascending ranges, not differences
        "Age 65-74 = 1, Age ≥75 = 2.",
        "Hypertension (uncontrolled >160/100) = 1.",  # a threshold, not a division
        "For example, if glucose 200 mg/dL, difference 100 mg/dL.",  # a worked example
        "In HAS-BLED, alcohol use >8 drinks per week is 1.",  # points for a thresholded condition
        "So Age factor = 0.512.",  # a factor named after an input is not that input
        "Now multiply: 175 * 0.0907 * 0.418 = 175 * (0.0907*0.418).",  # an expression cut at its bracket
        "So height over 5 feet = 2.992 inches.",  # an excess over a threshold, not a conversion
    ],
)
def test_forms_that_make_no_wrong_claim(text):
    for c in extract_claims(text):
        assert c.kind != "quantity" or c.value not in (200.0, 18.0, 1.0, 0.512), c
        assert c.kind != "conversion", c
        if c.kind == "arithmetic":
            from clinverify.verifier.arith import evaluate

            assert abs(evaluate(c.expr) - c.value) <= 0.01 * max(1.0, abs(c.value)), c


def test_a_chain_that_goes_on_from_its_value():
    claims = extract_claims("150/100 = 1.5 * 1.6 = 2.4 mEq/L.")
    assert [(c.expr, c.value) for c in claims if c.kind == "arithmetic"] == [("150/100", 1.5), ("1.5 * 1.6", 2.4)]
    # but a wrong first link is still read as one
    wrong = extract_claims("150/100 = 1.8 * 1.6 = 2.88")
    assert any(c.expr == "150/100" and c.value != 1.5 for c in wrong)


def test_function_names_in_capitals():
    (c,) = [c for c in extract_claims("So Ln(12.7143^1.209) = 3.0736.") if c.kind == "arithmetic"]
    assert c.expr.startswith("ln(")


def test_group_rules_and_bands_are_not_this_patients_values():
    note = "A 60-year-old woman, creatinine 1.1 mg/dL."
    ents = {"age": [60, "years"], "sex": "Female", "creatinine": [1.1, "mg/dL"]}
    v = verify("For males, κ = 0.9 and α = -0.302.\nAnswer: 57", calculator="ckd_epi_2021", patient_note=note, entities=ents).to_dict()
    assert not [s for s in v["steps"] if s["verdict"] == "incorrect" and s["error"] == "formula"]
    ents = {"age": [83, "years"], "sex": "Male", "hypertension": True}
    v = verify("- Age 65–74: not applicable (age >75) → 0\n- Sex category (female = 1 point)\nAnswer: 3", calculator="cha2ds2_vasc",
               patient_note="An 83-year-old man with hypertension.", entities=ents).to_dict()
    assert not [s for s in v["steps"] if s["verdict"] == "incorrect" and s["error"] == "criterion"]


# --- fuzzing: any text with thinking markers verifies within bounds -----------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "<think>", "</think>", "<|channel|>analysis<|message|>", "<|end|>", "Thinking:\n", "Answer: ", "Wait, ", "actually ",
    "no, ", "maybe ", "? ", "140 - 60 = 70. ", "140 - 60 = 80. ", "1.7-2.3 = 2 points; ", "For males, κ = 0.9. ", "\n", ". ",
    "Age 65–74: not applicable → 0. ", "BSA = weight × height / 3600. ", "let me recompute: ", "= ", "(", ")", "3.5", " ",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60), st.text(max_size=200))
def test_thinking_reader_is_total_and_consistent(pieces, noise):
    import time

    trace = "".join(pieces) + noise
    t0 = time.perf_counter()
    v = verify(trace, calculator="bmi").to_dict()
    assert time.perf_counter() - t0 < 5.0  # typical well under 10 ms; 10x+ margin for a loaded machine
    spans = regions(trace)
    assert all(0 <= a <= b <= len(trace) for a, b in spans)
    index = {s["index"]: s for s in v["steps"]}
    for s in v["steps"]:
        assert s["verdict"] in ("correct", "incorrect", "unverifiable", "neutral", "corrected")
        if s["verdict"] == "corrected":
            assert s["corrected_by"] in index and s["corrected_by"] >= s["index"]
        assert s.get("thinking", False) == any(a <= s["span"][0] < b for a, b in spans)
    assert v["first_error"] is None or index[v["first_error"]]["verdict"] == "incorrect"
    assert 0.0 <= v["scores"]["risk"] <= 1.0


def test_a_date_guess_taken_back_is_corrected_though_its_year_recurs():
    from clinverify.verifier import verify

    trace = ("<think>LMP Feb 3 2012 + 280 days = Aug 9 2012? That seems wrong. Feb 3 2012 + 280 days = Nov 9 2012.</think>\n"
             "Answer: 11/09/2012")
    first = verify(trace, calculator="estimated_due_date").to_dict()["steps"][0]
    assert first["verdict"] == "corrected" and first["error"] == "arithmetic"


def test_a_misread_value_taken_again_from_the_note_is_corrected_without_a_revision_word():
    t = ("<think>Weight 70 kg. Now the note lists weight 82 kg. CrCl = (140 - 60) * 82 / (72 * 1.2) = 75.9.</think>\n"
         "CrCl = 75.9 mL/min.")
    ents = {"age": 60, "weight": 82, "sex": "male", "creatinine": 1.2}
    steps = verify(t, calculator="creatinine_clearance", patient_note="A 60-year-old man, weight 82 kg, creatinine 1.2 mg/dL.", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] == "corrected" and steps[0]["corrected_by"] == 1
    # The wrong value used again later: it survives, so it stays incorrect.
    t2 = "<think>Weight 70 kg. Now the note lists weight 82 kg. CrCl = (140 - 60) * 70 / (72 * 1.2) = 64.8.</think>\nCrCl = 64.8 mL/min."
    steps = verify(t2, calculator="creatinine_clearance", patient_note="A 60-year-old man, weight 82 kg, creatinine 1.2 mg/dL.", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect"


def test_a_superseded_version_kept_into_the_explanation_is_reported_there_too():
    q = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    t = ("<think>Need the equation: GFR = 141 × min(Scr/κ,1)^α × max(Scr/κ,1)^-1.209 × 0.993^Age × 1.018 [if female].</think>\n"
         "1. GFR = 141 × min(Scr/κ,1)^α × max(Scr/κ,1)^-1.209 × 0.993^Age × 1.018 [if female].")
    steps = verify(t, calculator="ckd_epi_2021", question=q).to_dict()["steps"]
    flagged = [s for s in steps if s["verdict"] == "incorrect" and s["error"] == "formula"]
    assert len(flagged) == 2 and flagged[0].get("thinking") and not flagged[1].get("thinking")


def test_a_criterion_misjudged_in_the_thinking_and_scored_again_right_is_corrected():
    from clinverify.verifier import verify

    ents = {"age": [83, "years"], "sex": "Female", "Hypertension history": True}
    trace = ("<think>Age 83 → 1 point. Hmm, CHA2DS2-VASc gives age 75 or more 2 points. Age 83 → 2 points. "
             "Hypertension → 1 point. Female → 1 point.</think>\nCHA2DS2-VASc = 2 + 1 + 1 = 4.")
    steps = verify(trace, calculator="cha2ds2_vasc", entities=ents).to_dict()["steps"]
    wrong = [s for s in steps if s["verdict"] in ("incorrect", "corrected")]
    assert [s["verdict"] for s in wrong] == ["corrected"] and "Age 83 → 1" in wrong[0]["text"]
    # Scored wrong again later, it stays incorrect.
    trace2 = trace.replace("</think>", " So age → 1 point after all.</think>")
    steps = verify(trace2, calculator="cha2ds2_vasc", entities=ents).to_dict()["steps"]
    assert any(s["verdict"] == "incorrect" for s in steps)


def test_a_wrong_total_written_again_in_the_explanation_is_flagged_there_too():
    ents = {"age": [40, "years"], "Heart Rate or Pulse": [120, "beats per minute"], "O₂ saturation percentage": [91, "%"]}
    t = "<think>Heart rate 120 is over 100, so 1 point. Sum: 1 + 0 = 1.</think>\nThe heart rate criterion is met. Sum: 1 + 0 = 1. Answer: 1"
    steps = verify(t, calculator="perc_rule", entities=ents).steps
    wrong_totals = [s.text for s in steps if any(c.ok is False and c.detail.startswith("the total 1") for c in s.checks)]
    assert wrong_totals == ["Sum: 1 + 0 = 1.", "Sum: 1 + 0 = 1."]  # in the thinking, and where the explanation repeats it


def test_the_answer_is_checked_where_the_explanation_states_it():
    t = "<think>Five of the items are met. So answer: 5.</think>\nHemoptysis: not reported.\nThus, 5 of the 8 PERC criteria are met."
    r = verify(t, calculator="perc_rule", answer="5", reference=3)
    (step,) = [s for s in r.steps if any(c.kind == "answer" for c in s.checks)]
    assert step.text == "Thus, 5 of the 8 PERC criteria are met."
    # without an explanation that states it, the thinking's statement is still the answer's place
    r = verify("<think>Five of the items are met. So answer: 5.</think>\nSee above.", calculator="perc_rule", answer="5", reference=3)
    (step,) = [s for s in r.steps if any(c.kind == "answer" for c in s.checks)]
    assert step.text == "So answer: 5."


def test_a_step_that_uses_the_wrong_value_before_its_revision_word_corrects_nothing():
    t = ("The estimated weight is 2.4 kg + (0.5 kg/month * 12 months) + (0.25 kg/month * 3 months) = 8.55 kg. "
         "TBW = 0.6 * 8.55 kg = 5.13 L. Since the deficit is negative, the patient instead has excess free water.")
    (s,) = [s for s in verify(t, calculator="free_water_deficit").steps if any(c.ok is False for c in s.checks)]
    assert s.verdict == "incorrect" and s.corrected_by is None


def test_a_unit_conversion_done_again_right_far_away_corrects_the_wrong_one():
    filler = " ".join(f"Note {i}." for i in range(12))
    trace = f"<think>So 4.2 g/L is 4.2 g/dL. {filler} If albumin is 4.2 g/L (0.42 g/dL), the gap rises. Albumin 4.2 it is.</think>\nAnswer: 10"
    wrong = verify(trace).to_dict()["steps"][0]
    # (the operand written again after the correction, "4.2", is not the wrong value surviving)
    assert wrong["verdict"] == "corrected" and "4.2 g/L = 0.42 g/dL, not 4.2" in wrong["detail"]
    alone = verify(f"<think>So 4.2 g/L is 4.2 g/dL. {filler}</think>\nAnswer: 10").to_dict()["steps"][0]
    assert alone["verdict"] == "incorrect"  # not done again: it stays wrong


def test_a_statement_the_next_sentence_qualifies_is_an_alternative():
    trace = "<think>The anion gap formula: AG = Na + K - (Cl + HCO3). {} We have Na 139, Cl 102.</think>\nAnswer: 12"
    qualified = verify(trace.format("But often K omitted."), calculator="delta_gap").to_dict()["steps"][0]
    assert qualified["verdict"] == "neutral"
    plain = verify(trace.format("So we add potassium."), calculator="delta_gap").to_dict()["steps"][0]
    assert plain["verdict"] == "incorrect" and plain["error"] == "formula"


def test_a_conversion_factor_stated_again_right_much_later_corrects_the_wrong_one():
    filler = " ".join(f"Tramadol step {k} is pending." for k in range(12))
    trace = ("<think>Standard factors: 1 mg hydromorphone = 2.5 mg morphine. " + filler
             + " According to CDC, hydromorphone 1 mg = 4 mg morphine. So 10 mg hydromorphone = 40 MME.</think>\n"
             "Hydromorphone 10 mg once daily: 10 x 4 = 40 MME/day.\nAnswer: 40")
    v = verify(trace, calculator="morphine_milligram_equivalents").to_dict()
    first = v["steps"][0]
    assert first["verdict"] == "corrected" and first["error"] == "formula"
    fixer = next(s for s in v["steps"] if s["index"] == first["corrected_by"])
    assert "4 mg morphine" in fixer["text"]
    # Stated wrong and never stated right again, it stays incorrect. (The product "10 x 4 = 40 MME" states
    # the factor too: it is left out here.)
    v = verify(trace.replace("hydromorphone 1 mg = 4 mg morphine", "the table is long").replace("10 x 4 = 40 MME/day", "40 MME/day"),
               calculator="morphine_milligram_equivalents").to_dict()
    assert v["steps"][0]["verdict"] == "incorrect"


def test_a_misjudged_criterion_is_not_corrected_by_another_criterion_scored_right():
    ents = {"age": 38, "sex": "female", "diabetes": True, "thromboembolism": True}
    trace = ("D is diabetes. She has type 2 diabetes mellitus, which gives 2 points.\n\n"
             "S2 is prior stroke, TIA, or thromboembolism. Hmm, she had a portal vein thrombosis. I think it counts, so 2 points.\n\n"
             "Sc is sex category: female gets 1 point.\n\nSo adding up: 2 + 2 + 1 = 5.")
    out = verify(trace, calculator="cha2ds2_vasc", entities=ents).to_dict()["steps"]
    diabetes = next(s for s in out if "diabetes mellitus, which" in s["text"])
    assert diabetes["verdict"] == "incorrect"
    taken_back = trace.replace("which gives 2 points.", "so that is 2 points. Wait, no. Diabetes is only 1 point. So 1 point.")
    out = verify(taken_back.replace("2 + 2 + 1 = 5", "1 + 2 + 1 = 4"), calculator="cha2ds2_vasc", entities=ents).to_dict()["steps"]
    assert next(s for s in out if "so that is 2 points" in s["text"])["verdict"] == "corrected"


def test_a_wrong_constant_taken_back_with_the_right_value_in_the_thinking_is_corrected():
    ents = {"sex": "female", "age": 32, "creatinine": [42.0, "µmol/L"]}
    q = "Using the 2021 CKD-EPI Creatinine equation, what is the patient's GFR?"
    head = "<think>\nFor a female, κ = 0.7 and α = −0.329. "
    taken_back = head + "Wait, no — −0.329 is the 2009 exponent. In 2021 it's −0.241. Let me use −0.241.\n</think>\nThe eGFR is 129."
    out = verify(taken_back, calculator="ckd_epi_2021", question=q, entities=ents).to_dict()["steps"]
    assert next(s for s in out if "α = −0.329" in s["text"])["verdict"] == "corrected"
    kept = head + "So we use −0.329 from here on.\n</think>\nThe eGFR is 134."
    out = verify(kept, calculator="ckd_epi_2021", question=q, entities=ents).to_dict()["steps"]
    assert next(s for s in out if "α = −0.329" in s["text"])["verdict"] == "incorrect"


def test_a_wrong_parameter_or_band_taken_back_in_the_next_sentence_is_corrected():
    from clinverify.verifier import verify

    ents = {"age": [23, "years"], "weight": [142.0, "lbs"], "sex": "Male", "Sodium": [137.0, "mmol/L"]}
    trace = ("<think>Weight 64.5 kg. TBW = 0.5 × 64.5 = 32.3 L. Hmm, for a young man the fraction is 0.6, not 0.5. "
             "So TBW = 0.6 × 64.5 = 38.7 L.\nFWD = 38.7 × (137/140 − 1) = −0.83 L.</think>\nFree water deficit = −0.83 L.")
    steps = verify(trace, calculator="free_water_deficit", entities=ents).steps
    assert [s.verdict for s in steps if s.text.startswith("TBW = 0.5")] == ["corrected"]
    cp = {"international normalized ratio": 2.1, "Ascites": "slight", "Albumin": [3.1, "g/dL"], "Encephalopathy": "Grade 3-4", "Bilirubin": [2.45, "mg/dL"]}
    trace = "<think>Bilirubin 2.45 → 3 points. Actually 2.45 is in 2-3, so 2 points.</think>\nBilirubin: 2 points."
    steps = verify(trace, calculator="child_pugh", entities=cp).steps
    assert steps[0].verdict == "corrected" and steps[1].verdict == "correct"


def test_a_formula_redone_with_the_weight_its_rule_takes_corrects_the_one_with_the_actual_weight():
    from clinverify.verifier import verify

    ents = {"sex": "Female", "age": [42, "years"], "weight": [105.0, "kg"], "height": [160.0, "cm"], "creatinine": [0.8, "mg/dL"]}
    trace = ("<think>CrCl = (140-42)*105*0.85/(72*0.8) = 151.8. But the question says to use adjusted body weight for obese patients. "
             "IBW = 45.5 + 2.3*(63-60) = 52.4. AdjBW = 52.4 + 0.4*(105-52.4) = 73.4. So CrCl = (140-42)*73.4*0.85/(72*0.8) = 106.1.</think>\n"
             "CrCl ≈ 106 mL/min.")
    steps = verify(trace, calculator="cockcroft_gault", entities=ents).steps
    assert steps[0].verdict == "corrected" and not [s for s in steps if s.verdict == "incorrect"]


def test_a_conclusion_that_names_its_criterion_corrects_a_misjudged_band():
    from clinverify.verifier import verify

    ents = {"sex": "Female", "age": [78.0, "years"], "Hypertension history": True, "Vascular disease history": True}
    trace = "<think>Age 78 => 1 point? Wait, 75 or older is 2 points. So age 2.\nFemale => 1.</think>\nCHA2DS2-VASc: age 2 points."
    steps = verify(trace, calculator="cha2ds2_vasc", entities=ents).steps
    assert steps[0].verdict == "corrected" and [s.verdict for s in steps if s.text == "So age 2."] == ["correct"]
    # The patient's value after "so" is no points: not judged.
    assert not [c for s in verify("<think>So age 78.</think>\nDone.", calculator="cha2ds2_vasc", entities=ents).steps
                for c in s.checks if c.kind == "criterion"]


@pytest.mark.parametrize(
    "thinking",
    [
        "Some include K+: AG = (Na+ + K+) - (Cl- + HCO3-). We'll use without K.",
        "Anion gap = Na+ + K+ - Cl- - HCO3-. But K is not included here.",
    ],
)
def test_an_anion_gap_with_potassium_mentioned_and_left_aside_is_an_alternative(thinking):
    note = "Na 139 mEq/L, Cl 108 mEq/L, HCO3 4.6 mEq/L, K 4.0 mEq/L."
    trace = f"<think>{thinking} AG = 139 - (108 + 4.6) = 26.4. Delta gap = 26.4 - 12 = 14.4.</think>\nThe delta gap is 14.4 mEq/L."
    steps = verify(trace, calculator="delta_gap", patient_note=note).to_dict()["steps"]
    assert not [s for s in steps if s["verdict"] == "incorrect"], steps
    assert any(s.get("alternative") or s["verdict"] == "neutral" for s in steps if "K+" in s["text"])


def test_an_explanation_that_states_a_factor_wrong_then_right_has_stated_it_wrong():
    body = ("Sodium has a valence of 2, so 140 mmol/L * 2 mEq/mmol = 280 mEq/L.\n"
            "Sodium has a valence of 1, so 140 mmol/L * 1 mEq/mmol = 140 mEq/L.\nThe anion gap is 140 - (104 + 24) = 12 mEq/L.")
    note = "Na 140 mmol/L, Cl 104 mmol/L, HCO3 24 mmol/L."
    steps = verify(body, calculator="anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect"
    # in thinking, the later right statement takes it back
    steps = verify("<think>" + body + "</think>\nThe anion gap is 12 mEq/L.", calculator="anion_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "corrected"


def test_a_quantity_named_correction_is_no_revision():
    # "Convert the excess to a sodium correction: …" names the calculation's quantity: it takes back
    # nothing, so a wrong step before it in an explanation stays incorrect; "Correction:" said as a
    # revision still corrects a thinking's slip.
    ents = {"Sodium": [139.0, "mmol/L"], "Glucose": [129.0, "mg/dL"]}
    for label in ("Convert the excess to a sodium correction:", "- Correction:", "4. Correction:"):
        trace = f"Calculate the glucose excess: 83 mg/dL – 100 mg/dL = 29 mg/dL.\n{label} 29 mg/dL ÷ 100 mg/dL × 1.6 mEq/L = 0.464 mEq/L.\nSo 139 + 0.464 = 139.464 mEq/L."
        v = verify(trace, calculator="sodium_correction_hyperglycemia", entities=ents).to_dict()
        assert v["steps"][0]["verdict"] == "incorrect", label
    trace = "<think>140 - 60 = 70. Correction: 140 - 60 = 80.</think>\nSo the value is 80."
    assert verify(trace).to_dict()["steps"][0]["verdict"] == "corrected"


@pytest.mark.parametrize("trace", [
    # a slip found too low by multiplying back, then the right value
    "<think>BMI = 72 / 1.78².\n1.78² = 3.1684.\n72 / 3.1684 = 21.7... let me check: 3.1684 × 21.7 = 68.75, too low.\n3.1684 × 22.7 = 71.92, so BMI ≈ 22.72.</think>\nBMI 22.7.",
    # the slip's value written again only as the one taken back ("not 2.7558")
    "<think>Square: 1.651² = 2.7558?\nLet me redo that properly: 1.651 × 1.651 = 2.7258.\nSo 2.7258, not 2.7558.\n69.85 / 2.7258 = 25.63.</think>\nBMI 25.63.",
    # the slip's value used again as a part of the right recomputation of the same expression
    "<think>1.75 × 35 = 52.5.\nHmm, that doesn't look right: 1.75 × 30 = 52.5, so I dropped the last 5.\n1.75 × 35 = 52.5 + 8.75 = 61.25.\nQTc = 360 + 61.25 = 421.25 ms.</think>\nQTc 421.25 ms.",
])
def test_a_slip_checked_back_and_redone_is_corrected(trace):
    v = verify(trace).to_dict()
    assert [s["verdict"] for s in v["steps"] if s["verdict"] in ("incorrect", "corrected")] == ["corrected"]


@pytest.mark.parametrize("trace,calc,ents", [
    ("<think>BUN (mg/dL) ÷ 2.8 = urea (mmol/L).\n28 / 2.8 = 1.0... no, 28 / 2.8 = 10.0 mmol/L.\nCheck.</think>\nUrea 10 mmol/L.", None, None),
    ("<think>Sex category (female): +2 — hmm, no, the Sc term is worth 1 point, so +1.\nTotal so far: 3.</think>\nThe score is 3.", "cha2ds2_vasc",
     {"age": [77, "years"], "sex": "Female"}),
])
def test_a_slip_taken_back_with_no_and_redone_in_the_same_step_is_corrected(trace, calc, ents):
    v = verify(trace, calculator=calc, entities=ents).to_dict()
    assert v["steps"][0 if calc else 1]["verdict"] == "corrected"


def test_a_slip_doubted_with_its_own_value_then_recomputed_is_corrected():
    trace = ("<think>\nRR = 60 / 96 = 0.625 s.\n√0.625 = 0.7709.\nLet me verify: 0.7709² = 0.5943, which is too low — that's not right.\n"
             "0.79² = 0.6241.\nSo √0.625 = 0.7906.\nQTc = 360 / 0.7906 = 455.35 ms.\n</think>\nQTc = 455.35 ms.")
    steps = verify(trace, calculator="qtc_bazett", entities={"heart_rate": [96, "1/min"], "qt_interval": [360, "ms"]}).steps
    assert [s.verdict for s in steps if "0.7709." in s.text] == ["corrected"]
    assert not [s for s in steps if s.verdict == "incorrect"]
    # without the recompute, the doubt alone takes nothing back
    kept = trace.replace("So √0.625 = 0.7906.\nQTc = 360 / 0.7906 = 455.35 ms.", "QTc = 360 / 0.7709 = 466.99 ms.").replace("455.35 ms.", "466.99 ms.")
    steps = verify(kept, calculator="qtc_bazett", entities={"heart_rate": [96, "1/min"], "qt_interval": [360, "ms"]}).steps
    assert [s.verdict for s in steps if "0.7709." in s.text] == ["incorrect"]


def test_no_and_a_dash_takes_back_a_product_in_the_same_step():
    line = "Dexamethasone = 40 × 0.15 = 4.5 mg... no — 40 × 0.1 = 4 and 40 × 0.05 = 2, so 40 × 0.15 = 6 mg."
    steps = verify(f"<think>\n{line}\n</think>\nSo 6 mg.", calculator="steroid_conversion",
                   entities={"from_drug": "PredniSONE PO", "dose": [40, "mg"], "to_drug": "Dexamethasone IV"}).steps
    assert [s.verdict for s in steps if s.text.startswith("Dexamethasone")] == ["corrected"]


MDRD_ENTS = {"sex": "male", "age": [52, "years"], "creatinine": [2.4, "mg/dL"], "race": "black"}
CG_ENTS = {"sex": "male", "age": [67, "years"], "weight": [77.48, "kg"], "creatinine": [1.4, "mg/dL"]}


@pytest.mark.parametrize("think, calc, ents, answer", [
    # the slip taken back and the right value written with the wrong one rejected beside it
    ("Now 175 × 0.3641 = 63.37 — hmm, wait.\n175 × 0.36 = 63, and 175 × 0.0041 = 0.7175, so it's 63.72, not 63.37.\n63.72 × 0.4484 = 28.57.",
     "mdrd_gfr", MDRD_ENTS, "The GFR is 34.6 mL/min/1.73 m²."),
    # a slip inside the estimate tolerance that the trace takes back at once is a slip, not an estimate
    ("Numerator: 73 × 77.48 = 5656.04.\nDenominator: 72 times 1.4 is 100.4 — wait, no. 72 × 1 = 72 and 72 × 0.4 = 28.8, so it's 100.8, not 100.4.\n"
     "So CrCl = 5656.04 / 100.8 = 56.11.", "cockcroft_gault", CG_ENTS, "CrCl ≈ 56.1 mL/min."),
])
def test_a_slip_taken_back_with_its_value_rejected_is_corrected(think, calc, ents, answer):
    v = verify(f"<think>\n{think}\n</think>\n\n{answer}", calculator=calc, entities=ents)
    assert [s.verdict for s in v.steps if s.verdict in ("corrected", "incorrect")] == ["corrected"]


def test_an_estimate_refined_after_wait_is_no_slip():
    v = verify("<think>\n10^(-1.043) = 0.090. Wait, compute precisely: 10^-1.043 = 0.0906.\n</think>\n\nThe GFR is 34.6 mL/min/1.73 m².",
               calculator="mdrd_gfr", entities=MDRD_ENTS)
    assert not [s for s in v.steps if s.verdict in ("corrected", "incorrect")]
