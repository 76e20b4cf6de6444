"""End to end: verify() labels the right step with the right error type and reason."""

import json

import pytest

from clinverify.clients.cli import main as cli_main
from clinverify.verifier import MAX_TRACE_CHARS, TraceTooLarge, verify

ENTITIES = {"sex": "Female", "age": [72, "years"], "weight": [59, "kg"], "height": [160, "cm"], "creatinine": [1.3, "mg/dL"]}
GOOD = (
    "The patient is a 72 years old woman. Her serum creatinine is 1.3 mg/dL and her weight is 59 kg.\n"
    "Her height is 160 cm, so the ideal body weight is 45.5 + 2.3 * (62.99 - 60) = 52.38 kg.\n"
    "Her BMI is 59 / (1.6 * 1.6) = 23.05 kg/m^2, which is normal, so we use the ideal body weight 52.38 kg.\n"
    "CrCl = ((140 - 72) * 52.38 * 0.85) / (72 * 1.3) = 32.35 mL/min.\n"
    "Answer: 32.35"
)


def v(trace, **kw):
    kw.setdefault("calculator", "cockcroft_gault")
    kw.setdefault("entities", ENTITIES)
    return verify(trace, **kw).to_dict()


def incorrect(res):
    return [s for s in res["steps"] if s["verdict"] == "incorrect"]


def test_correct_trace_has_no_incorrect_step():
    res = v(GOOD)
    assert incorrect(res) == [], incorrect(res)
    assert res["first_error"] is None
    assert res["answer"] == {"value": 32.35, "expected": pytest.approx(32.347, rel=1e-3), "source": "entities", "correct": True, "cause": None, "detail": ""}
    assert res["scores"]["answer"] == 1.0 and res["scores"]["process"] >= 0.5
    assert res["calculator"] == "cockcroft_gault"
    for s in res["steps"]:
        a, b = s["span"]
        assert GOOD[a:b] == s["text"]


def test_arithmetic_error_is_localised():
    bad = GOOD.replace("= 32.35 mL/min", "= 35.12 mL/min")
    res = v(bad)
    wrong = incorrect(res)
    assert wrong and wrong[0]["error"] == "arithmetic" and "32.3" in wrong[0]["detail"] and "35.12" in wrong[0]["detail"]
    assert res["first_error"] == wrong[0]["index"]
    assert "35.12" in wrong[0]["text"]


def test_wrong_patient_value_is_an_extraction_error():
    res = v(GOOD.replace("creatinine is 1.3 mg/dL", "creatinine is 1.8 mg/dL"))
    wrong = incorrect(res)
    assert wrong and wrong[0]["error"] == "extraction" and "creatinine" in wrong[0]["detail"]


def test_wrong_coefficient_is_a_formula_error():
    res = v(GOOD.replace("* 0.85) / (72 * 1.3) = 32.35", "* 0.80) / (72 * 1.3) = 30.45"))
    wrong = incorrect(res)
    assert wrong and wrong[0]["error"] == "formula" and "0.85" in wrong[0]["detail"]


def test_wrong_final_answer():
    res = v(GOOD.replace("Answer: 32.35", "Answer: 41.2"))
    wrong = incorrect(res)
    assert wrong and wrong[-1]["error"] == "answer"
    assert res["answer"]["correct"] is False and res["scores"]["answer"] == 0.0


def test_reference_answer_wins_over_entities():
    res = v(GOOD, reference={"answer": 32.347, "lower": 30.73, "upper": 33.96})
    assert res["answer"]["source"] == "reference" and res["answer"]["correct"] is True


def test_without_entities_or_reference_steps_are_still_checked():
    res = verify(GOOD.replace("= 32.35 mL/min", "= 35.12 mL/min"), question="What is the patient's Creatinine Clearance using the Cockroft-Gault Equation?").to_dict()
    assert res["calculator"] == "cockcroft_gault"
    # The expected answer comes from the values the trace itself states (INTERFACES.md).
    assert res["answer"]["source"] == "trace" and res["answer"]["expected"] == pytest.approx(32.347, rel=1e-3)
    assert res["answer"]["correct"] is True and res["scores"]["answer"] == 1.0
    assert incorrect(res)[0]["error"] == "arithmetic"


def test_without_anything_to_recompute_the_answer_score_is_null():
    res = verify("The result is 3 * 4 = 12. Answer: 12").to_dict()
    assert res["answer"]["correct"] is None and res["scores"]["answer"] is None
    assert res["first_error"] is None


def test_trace_over_the_limit_is_a_clear_error():
    with pytest.raises(TraceTooLarge):
        verify("1 + 1 = 2. " * (MAX_TRACE_CHARS // 10 + 10))


def test_cli_verify_jsonl_and_report(tmp_path, capsys):
    rows = [
        {"id": "a", "calculator": 2, "entities": ENTITIES, "trace": GOOD},
        {"id": "b", "calculator": 2, "entities": ENTITIES, "trace": GOOD.replace("Answer: 32.35", "Answer: 41.2")},
        {"id": "c"},
        {"Row Number": 7, "Calculator ID": "2", "LLM Explanation": GOOD, "LLM Answer": "32.35", "Relevant Entities": json.dumps(ENTITIES),
         "Ground Truth Answer": "32.347", "Lower Limit": "30.73", "Upper Limit": "33.96"},
    ]
    f = tmp_path / "t.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    for report in ("r.md", "r.html"):
        assert cli_main(["verify", "--input", str(f), "--report", str(tmp_path / report), "--no-progress"]) == 0
        out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
        assert [o["id"] for o in out] == ["a", "b", "c", 7, None]
        assert out[0]["answer"]["correct"] is True and out[1]["answer"]["correct"] is False
        assert out[2]["error"]["code"] == "missing_field" and out[4]["error"]["code"] == "invalid_json"
        assert out[3]["answer"]["source"] == "reference" and out[3]["answer"]["correct"] is True
    md = (tmp_path / "r.md").read_text()
    assert "Answer accuracy per calculator" in md
    assert out[1]["answer"]["cause"] == "answer"  # computed 32.35, answered 41.2
    assert "## Wrong answers by cause" in md and "| answer | 1 |" in md
    assert "<svg" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize(
    "trace",
    [
        "1 = " * 49_000,
        "(1+2)*3 = 9. " * 15_000,
        "1.5 mg/dL " * 19_000,
        "(" * 10_000 + "1" + ")" * 10_000 + " = 1",
        "add 2 points, making the current total 1 + 2 = 3. " * 3_800,
        '{"step_by_step_thinking": "' + "x = 1 + 1 = 2. " * 12_000 + '", "answer": "2"}',
    ],
    ids=["equalities", "arithmetic", "quantities", "nesting", "points", "json"],
)
def test_adversarial_traces_finish_in_bounded_time(trace):
    import time

    t0 = time.perf_counter()
    verify(trace[:MAX_TRACE_CHARS], calculator="bmi", entities={"weight": 70, "height": 170})
    assert time.perf_counter() - t0 < 10


def test_configurable_size_limit(tmp_path, capsys):
    with pytest.raises(TraceTooLarge):
        verify("1 + 1 = 2. " * 20, max_chars=100)
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({"id": 1, "trace": "1 + 1 = 2. " * 20}) + "\n")
    assert cli_main(["verify", "--input", str(f), "--max-trace-chars", "100", "--no-progress"]) == 0
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "trace_too_large"


def test_an_answer_given_apart_that_the_trace_never_reaches_is_flagged_where_the_trace_ends():
    note = "A 60 kg adult."
    out = verify("Weight 60 kg; use the 4-2-1 rule; calculate maintenance fluid", calculator="maintenance_fluids", patient_note=note,
                 answer="1700", entities={"weight": [60, "kg"]}).to_dict()
    bad = [s for s in out["steps"] if s["verdict"] == "incorrect"]
    assert bad and bad[-1]["error"] == "answer" and "1700" in bad[-1]["detail"]
    # The trace reaches 2.186 m² but the answer given is 0.633: flagged at the trace's own result.
    bsa = verify("BSA = sqrt(170 × 101 / 3600) = 2.184 m².", calculator="body_surface_area", answer="0.633",
                 entities={"height": [170, "cm"], "weight": [101, "kg"]}).to_dict()
    assert [s["error"] for s in bsa["steps"] if s["verdict"] == "incorrect"] == ["answer"]
    # Written to less precision ("approximately 2") the same value is no disagreement.
    same = verify("The delta gap is therefore 1.8 mEq/L (approximately 2).", calculator="delta_gap", answer="1.8",
                  entities={"Sodium": [140, "mEq/L"], "Chloride": [100, "mEq/L"], "Bicarbonate": [20, "mEq/L"]}).to_dict()
    assert not [s for s in same["steps"] if "not the trace's own result" in (s["detail"] or "")]


def test_the_patients_result_is_computed_once_per_calculator_and_data():
    from clinverify.calculators import get
    from clinverify.verifier import pipeline

    ents = {"age": [70, "years"], "creatinine": [1.2, "mg/dL"], "sex": "Female"}
    trace = "eGFR = 142 × ... The eGFR is 47 mL/min/1.73 m²."
    first = verify(trace, calculator="ckd_epi_2021", entities=ents).to_dict()
    truth, inputs = pipeline._truth(get("ckd_epi_2021"), dict(ents))
    assert pipeline._truth(get("ckd_epi_2021"), {"sex": "Female", "creatinine": [1.2, "mg/dL"], "age": [70, "years"]})[0] is truth
    assert verify(trace, calculator="ckd_epi_2021", entities=ents).to_dict() == first  # nothing the cache holds was changed
    other, _ = pipeline._truth(get("ckd_epi_2021"), {**ents, "age": [71, "years"]})
    assert other is not truth and other.value != truth.value
    assert pipeline._truth(get("mdrd_gfr"), ents)[0] is not truth  # one entry per calculator
    # Data that cannot be a key (an object) is computed each time, not refused.
    class Age(float):
        __hash__ = None
    assert pipeline._truth(get("ckd_epi_2021"), {**ents, "age": Age(70)})[0].value == truth.value
    for k in range(pipeline.TRUTH_CACHE_SIZE + 5):
        pipeline._truth(get("ckd_epi_2021"), {**ents, "age": [18 + k % 80, "years"], "creatinine": [0.5 + k / 1000, "mg/dL"]})
    assert len(pipeline._TRUTHS) <= pipeline.TRUTH_CACHE_SIZE
