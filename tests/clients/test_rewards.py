"""Reward adapters in-process: verl compute_score(_batch), TRL reward functions, process rewards,
the worker-process path and a 1,024-sample GRPO batch."""

from __future__ import annotations

import json
import random
import time

import pytest

from clinverify.clients.rewards import (
    RewardScorer,
    completion_text,
    compute_score,
    compute_score_batch,
    make_row,
    process_rewards,
    reward_of,
    row_from_label,
    token_step_rewards,
    trl_reward,
)

CG_ENTITIES = {"sex": "Male", "age": [60, "years"], "weight": [70, "kg"], "height": [175, "cm"], "creatinine": [1.1, "mg/dL"]}
CG_RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\n"
    "Answer: 70.71"
)
CG_SLIP = CG_RIGHT.replace("70.71", "80.71")
QUESTION = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?"
MAP_RIGHT = "The blood pressure is 140/85 mm Hg.\nMAP = 2/3 * 85 + 1/3 * 140 = 103.33 mm Hg.\nAnswer: 103.33"


@pytest.fixture(scope="module")
def serial():
    s = RewardScorer(workers=0)
    yield s
    s.close()


# -- inputs ------------------------------------------------------------------------------------


def test_row_from_label_forms():
    assert row_from_label("25.2") == {"reference": {"answer": "25.2"}}
    assert row_from_label(25.2) == {"reference": {"answer": 25.2}}
    assert row_from_label(None) == {} and row_from_label("") == {}
    assert row_from_label({"weeks": 14, "days": 1}) == {"reference": {"answer": {"weeks": 14, "days": 1}}}
    r = row_from_label('{"calculator": 2, "answer": "70.7", "lower": 67, "upper": 74, "entities": {"age": [60, "years"]}}')
    assert r == {"calculator": 2, "entities": {"age": [60, "years"]}, "reference": {"answer": "70.7", "lower": 67, "upper": 74}}
    mc = row_from_label({"Calculator ID": "2", "Ground Truth Answer": "70.7", "Lower Limit": "67", "Upper Limit": "74", "Relevant Entities": "{'age': [60, 'years']}"})
    assert mc["calculator"] == "2" and mc["reference"] == {"answer": "70.7", "lower": "67", "upper": "74"}
    assert mc["entities"] == {"age": [60, "years"]}
    nested = row_from_label({"reference": {"answer": 5, "lower": 4}, "calculator": "centor"})
    assert nested == {"calculator": "centor", "reference": {"answer": 5, "lower": 4, "upper": None}}


def test_make_row_merges_context_and_prompt():
    row = make_row(CG_RIGHT, {"answer": 70.7}, {"calculator": 2, "patient_note": "note", "lower": 67, "upper": 74, "index": 3})
    assert row == {"reference": {"answer": 70.7, "lower": 67, "upper": 74}, "calculator": 2, "patient_note": "note", "trace": CG_RIGHT}
    # reference only in the context
    assert make_row("t", None, {"ground_truth": "5"})["reference"]["answer"] == "5"
    # the prompt becomes the question only when neither question nor calculator is known
    assert make_row("t", "5", None, prompt="x" * 5000 + QUESTION)["question"].endswith(QUESTION)
    assert "question" not in make_row("t", "5", {"calculator": 2}, prompt=QUESTION)
    # Arrow-style None-filled entity structs and numpy values
    np = pytest.importorskip("numpy")
    row = make_row("t", np.float64(70.7), {"entities": {"age": np.array([60, 1]), "weight": None}})
    assert row["entities"] == {"age": [60, 1]} and row["reference"]["answer"] == 70.7


def test_completion_text_forms():
    assert completion_text("abc") == "abc"
    assert completion_text([{"role": "assistant", "content": "abc"}]) == "abc"
    assert completion_text([{"role": "user", "content": "q"}, {"role": "assistant", "content": "a1"}, {"role": "assistant", "content": "a2"}]) == "a1\na2"
    assert completion_text([{"role": "assistant", "content": [{"type": "text", "text": "x"}, {"type": "text", "text": "y"}]}]) == "xy"
    assert completion_text(None) == ""


# -- verl ----------------------------------------------------------------------------------------


def test_verl_compute_score(serial):
    kw = {"client": serial}
    assert compute_score("medcalc", CG_RIGHT, "70.71", {"calculator": 2}, **kw) == 1.0
    assert compute_score("medcalc", CG_SLIP, "70.71", {"calculator": 2}, **kw) == 0.0
    # bounds from MedCalc-Bench: 70 within [67, 74]
    assert compute_score("medcalc", CG_RIGHT.replace("Answer: 70.71", "Answer: 70"), {"answer": "70.71", "lower": "67", "upper": "74"}, {"calculator": 2}, **kw) == 1.0
    # JSON ground truth carrying the calculator
    assert compute_score("medcalc", CG_RIGHT, json.dumps({"calculator": "cockcroft_gault", "answer": 70.71}), None, **kw) == 1.0
    # no reference: the answer is recomputed from the entities
    assert compute_score("medcalc", CG_RIGHT, None, {"calculator": 2, "entities": CG_ENTITIES}, **kw) == 1.0
    # the calculator identified from the question
    assert compute_score("medcalc", CG_RIGHT, "70.71", {"question": QUESTION}, **kw) == 1.0
    # verl passes extra keyword arguments: ignored
    assert compute_score(data_source="medcalc", solution_str=CG_RIGHT, ground_truth="70.71", extra_info={"calculator": 2}, reward_router_address=None, **kw) == 1.0


def test_verl_not_applicable_and_dict(serial):
    d = compute_score("other", "I cannot say.", None, None, return_dict=True, client=serial)
    assert d["score"] == 0.0 and d["applicable"] == 0.0 and d["first_error"] == -1
    assert compute_score("other", "I cannot say.", None, None, none_value=-1.0, client=serial) == -1.0
    d = compute_score("medcalc", CG_SLIP, "70.71", {"calculator": 2}, return_dict=True, process=True, client=serial)
    assert set(d) >= {"score", "answer", "factuality", "completeness", "effectiveness", "process", "applicable", "first_error", "step_scores"}
    assert d["score"] == 0.0 and d["applicable"] == 1.0
    steps = json.loads(d["step_scores"])  # one string: verl stacks every key with np.array
    assert d["first_error"] == 2 and steps[2] == 0.0 and steps[0] == 1.0 and d["n_steps"] == len(steps)
    # every value is a number or a string (verl stacks reward_extra_info)
    assert all(isinstance(v, (int, float)) for k, v in d.items() if k not in ("calculator", "verify_error", "step_scores"))


def test_verl_reward_choices(serial):
    wrong_final_only = CG_RIGHT.replace("Answer: 70.71", "Answer: 80")
    kw = {"client": serial, "ground_truth": "70.71", "extra_info": {"calculator": 2}}
    assert compute_score("m", wrong_final_only, reward="answer", **kw) == 0.0
    assert compute_score("m", CG_RIGHT, reward="process", **kw) == 1.0
    ap = compute_score("m", wrong_final_only, reward="answer_process", **kw)
    assert ap == 0.0  # the final-answer step is incorrect too: process 0
    weighted = compute_score("m", CG_RIGHT, reward={"answer": 1.0, "process": 1.0, "format": 1.0}, **kw)
    assert weighted == 1.0
    with pytest.raises(ValueError):
        compute_score("m", CG_RIGHT, reward="nonsense", **kw)
    with pytest.raises(ValueError):
        compute_score("m", CG_RIGHT, reward={"speed": 1.0}, **kw)


def test_verl_batch_matches_single(serial):
    sols = [CG_RIGHT, CG_SLIP, MAP_RIGHT, "no idea"]
    gts = ["70.71", "70.71", None, None]
    extras = [{"calculator": 2}, {"calculator": 2}, {"calculator": 5, "entities": {"Systolic Blood Pressure": [140, "mm hg"], "Diastolic Blood Pressure": [85, "mm hg"]}}, None]
    batch = compute_score_batch(["m"] * 4, sols, gts, extras, client=serial)
    single = [compute_score("m", s, g, e, client=serial) for s, g, e in zip(sols, gts, extras, strict=True)]
    assert batch == single == [1.0, 0.0, 1.0, 0.0]
    dicts = compute_score_batch(["m"] * 4, sols, gts, extras, client=serial, return_dict=True)
    assert [d["applicable"] for d in dicts] == [1.0, 1.0, 1.0, 0.0]
    with pytest.raises(ValueError):
        compute_score_batch(["m"], sols, gts[:1], None, client=serial)


# -- TRL -----------------------------------------------------------------------------------------


def test_trl_reward_strings_and_chat(serial):
    fn = trl_reward(client=serial)
    assert fn.__name__ == "clinverify_reward"
    prompts = [[{"role": "user", "content": "Note ... " + QUESTION}]] * 3
    completions = [
        [{"role": "assistant", "content": CG_RIGHT}],
        [{"role": "assistant", "content": CG_SLIP}],
        [{"role": "assistant", "content": "I am not sure."}],
    ]
    out = fn(prompts=prompts, completions=completions, reference=["70.71"] * 3, completion_ids=[[1], [2], [3]], trainer_state=None)
    assert out == [1.0, 0.0, 0.0]
    # plain strings; calculator and bounds as columns
    out = fn(prompts=["p", "p"], completions=[CG_RIGHT, CG_SLIP], answer=["70.71", "70.71"], calculator=[2, 2], lower=[67, 67], upper=[74, 74])
    assert out == [1.0, 0.0]


def test_no_final_answer_counts_wrong_when_one_is_expected(serial):
    # The verifier leaves the answer score undefined when the trace states no final answer;
    # for training that is a wrong answer (0), not "not applicable".
    assert compute_score("m", "The patient is old. I cannot compute this.", "70.71", {"calculator": 2}, client=serial) == 0.0
    fn = trl_reward("answer", client=serial)
    assert fn(prompts=[QUESTION], completions=["No idea."], reference=["70.71"]) == [0.0]


def test_trl_none_where_not_applicable(serial):
    fn = trl_reward(client=serial)
    # no reference, no entities, no calculator named or identifiable
    assert fn(prompts=["Tell me a joke."], completions=["Why did the chicken cross the road? 42"]) == [None]
    # multi-task batch: only the calculation sample is scored
    out = fn(prompts=["Tell me a joke.", QUESTION], completions=["ha", CG_RIGHT], reference=[None, "70.71"])
    assert out == [None, 1.0]


def test_trl_process_rewards_and_metrics(serial):
    logged: dict[str, float] = {}
    fn = trl_reward("process", client=serial, name="cv_process")
    assert fn.__name__ == "cv_process"
    out = fn(prompts=[QUESTION] * 2, completions=[CG_RIGHT, CG_SLIP], reference=["70.71"] * 2, log_metric=lambda k, v: logged.__setitem__(k, v))
    assert out == [1.0, 0.0]
    assert logged["cv_process/answer"] == 0.5 and logged["cv_process/applicable"] == 1.0
    steps = fn.process_rewards(prompts=[QUESTION] * 2, completions=[CG_RIGHT, CG_SLIP], reference=["70.71"] * 2)
    assert steps == [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]]
    details = fn.details(prompts=[QUESTION], completions=[CG_SLIP], reference=["70.71"])
    assert details[0]["first_error"] == 2 and details[0]["step_scores"] == [1.0, 1.0, 0.0, 0.0]


def test_process_rewards_generic_and_spans(serial):
    out = process_rewards([CG_RIGHT, CG_SLIP], ["70.71", "70.71"], [{"calculator": 2}] * 2, client=serial)
    assert out == [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]]
    spans = serial.step_rewards([make_row(CG_SLIP, "70.71", {"calculator": 2})])[0]
    assert [s["verdict"] for s in spans][2:] == ["incorrect", "incorrect"]
    start, end = spans[2]["span"]
    assert CG_SLIP[start:end].startswith("CrCl") and spans[2]["error"] == "arithmetic"


def test_token_step_rewards_places_scores_on_step_ends(serial):
    steps = serial.step_rewards([make_row(CG_SLIP, "70.71", {"calculator": 2})])[0]
    # whitespace "tokens": (start, end) of each word
    import re

    offsets = [(m.start(), m.end()) for m in re.finditer(r"\S+", CG_SLIP)]
    per_token = token_step_rewards(steps, offsets, fill=0.0)
    assert len(per_token) == len(offsets)
    ends = {max(0, [i for i, (a, _) in enumerate(offsets) if a <= s["span"][1] - 1][-1]): s["score"] for s in steps}
    assert {i: v for i, v in enumerate(per_token) if i in ends} == ends
    assert per_token[-1] == 0.0 and sum(1 for i in range(len(offsets)) if i not in ends and per_token[i] != 0.0) == 0
    assert token_step_rewards(steps, []) == []


def test_reward_of_edge_cases():
    assert reward_of({"error": {"code": "trace_too_large", "message": "x"}}) == 0.0
    assert reward_of({"scores": {"answer": None, "reward": 0.0}}) is None
    assert reward_of({"scores": {"answer": 1.0, "process": None}}, "answer_process") == 1.0
    assert reward_of({"scores": {"answer": 1.0, "process": 0.5}, "answer": {"value": 3}}, {"answer": 1, "process": 1}) == 0.75
    assert reward_of({"scores": {"answer": None, "process": 0.5}, "answer": {}}, {"process": 1, "format": 1}) == 0.25


def test_trace_too_large_scores_zero():
    s = RewardScorer(workers=0, max_chars=100)
    try:
        assert s.rewards([make_row("x" * 500, "5", {"calculator": 2})]) == [0.0]
    finally:
        s.close()


# -- worker processes and speed ------------------------------------------------------------------


def grpo_batch(prompts: int = 128, group: int = 8, seed: int = 0) -> tuple[list[dict], list[float]]:
    """A synthetic GRPO batch: ``prompts`` patients x ``group`` completions (right, arithmetic
    slip, wrong final answer, ...) over three calculators, every trace distinct."""
    rnd = random.Random(seed)
    rows, expected = [], []
    for p in range(prompts):
        kind = p % 3
        if kind == 0:
            age, wt, cr = rnd.randint(30, 85), rnd.randint(50, 95), round(rnd.uniform(0.7, 2.4), 1)
            val = (140 - age) * wt / (72 * cr)
            note = f"A {age}-year-old man presents with fatigue. Weight {wt} kg. Serum creatinine {cr} mg/dL."
            ctx = {"calculator": 2, "patient_note": note}

            def trace(v, final, j, age=age, wt=wt, cr=cr):
                return f"Attempt {j}. The patient is {age} years old and weighs {wt} kg; creatinine is {cr} mg/dL.\nCrCl = ((140 - {age}) * {wt}) / (72 * {cr}) = {v:.2f} mL/min.\nAnswer: {final:.2f}"
        elif kind == 1:
            sbp, dbp = rnd.randint(95, 190), rnd.randint(50, 110)
            val = 2 / 3 * dbp + 1 / 3 * sbp
            ctx = {"calculator": 5, "patient_note": f"Blood pressure {sbp}/{dbp} mm Hg, heart rate 88."}

            def trace(v, final, j, sbp=sbp, dbp=dbp):
                return f"Attempt {j}. Blood pressure is {sbp}/{dbp} mm Hg.\nMAP = 2/3 * {dbp} + 1/3 * {sbp} = {v:.2f} mm Hg.\nAnswer: {final:.2f}"
        else:
            wt, ht = rnd.randint(45, 120), rnd.randint(150, 200)
            val = wt / (ht / 100) ** 2
            ctx = {"calculator": 6, "patient_note": f"Weight {wt} kg, height {ht} cm."}

            def trace(v, final, j, wt=wt, ht=ht):
                return f"Attempt {j}. The patient weighs {wt} kg and is {ht} cm tall.\nBMI = {wt} / ({ht / 100} * {ht / 100}) = {v:.2f} kg/m^2.\nAnswer: {final:.2f}"
        for j in range(group):
            mode = j % 4
            if mode in (0, 2):
                t, ok = trace(val, val, j), 1.0
            elif mode == 1:
                t, ok = trace(val * 1.3, val * 1.3, j), 0.0  # arithmetic slip carried to the answer
            else:
                t, ok = trace(val, val * 0.7, j), 0.0  # right computation, wrong final answer
            rows.append(make_row(t, {"answer": round(val, 2)}, ctx))
            expected.append(ok)
    return rows, expected


def test_synthetic_batch_rewards_are_right(serial):
    rows, expected = grpo_batch(prompts=12)
    assert serial.rewards(rows) == expected


def test_worker_processes_match_in_process(serial):
    rows, expected = grpo_batch(prompts=24, seed=1)
    with RewardScorer(workers=2, min_parallel=8, cache_size=0) as pooled:
        got = pooled.verify(rows)
        assert pooled._pool is not None and pooled._pool.size == 2
    want = serial.verify(rows)
    assert [g["scores"] for g in got] == [w["scores"] for w in want]
    assert [r["scores"]["reward"] for r in got] == expected
    # step text is left out in-process; spans locate it
    assert all("text" not in s for r in got for s in r["steps"])


def test_cache_serves_repeated_completions():
    with RewardScorer(workers=0) as s:
        rows, _ = grpo_batch(prompts=3)
        first = s.verify(rows)
        t0 = time.perf_counter()
        again = s.verify(rows)
        assert time.perf_counter() - t0 < 0.05
        assert again == first


def test_grpo_batch_of_1024_is_fast():
    """1,024 distinct completions (128 prompts x 8) scored in-process with the default workers.

    Measured on the 2-core development machine: about 0.1 s for these synthetic traces with two
    worker processes (0.4 s for 1,024 MedCalc-Bench explanations; bench/reward_speed.py and
    docs/clients.md). The bound here is generous for loaded CI machines."""
    rows, expected = grpo_batch(prompts=128, group=8, seed=2)
    assert len(rows) == 1024
    warm_rows, _ = grpo_batch(prompts=32, group=8, seed=3)
    with RewardScorer(cache_size=0) as s:
        s.warmup()
        s.rewards(warm_rows)  # first use per calculator fills the verifier's caches
        t0 = time.perf_counter()
        got = s.rewards(rows)
        elapsed = time.perf_counter() - t0
    assert got == expected
    print(f"\n1,024-sample batch: {elapsed:.3f} s with {s.workers} worker process(es)")
    assert elapsed < 5.0


def test_make_row_verifies_a_messages_thinking_as_thinking(serial):
    # A completion as an assistant message whose thinking was split out (transformers >= 5 response
    # schemas): the thinking is checked too, in every adapter that builds rows with make_row.
    thinking = CG_SLIP.rsplit("\n", 1)[0]
    msg = {"role": "assistant", "content": "Answer: 70.71", "reasoning_content": thinking}
    row = make_row([msg], "70.71", {"calculator": 2})
    assert row["trace"] == "Answer: 70.71" and row["reasoning_content"] == thinking
    assert min(serial.process_rewards([row])[0]) == 0.0
    assert min(serial.process_rewards([make_row("Answer: 70.71", "70.71", {"calculator": 2})])[0]) == 1.0
