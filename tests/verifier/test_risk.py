"""scores.risk: the calibrated probability that a trace is wrong, and what uses it (ranking,
rewards, reasoning_content input, the wire codec)."""

import json
import math
from collections import defaultdict
from pathlib import Path

import pytest

from clinverify.clients.rewards import reward_of, step_scores
from clinverify.services.reasoning.best_of_n import Candidate, rank, verify_candidates
from clinverify.verifier import risk, verify
from clinverify.verifier.batch import verify_row

BMI = dict(calculator="bmi", entities={"weight": [70, "kg"], "height": [170, "cm"]})
RIGHT = "BMI = weight / height² = 70 / 1.7² = 70 / 2.89 = 24.22 kg/m². The answer is 24.22."
WRONG = "BMI = weight / height² = 70 / 1.7² = 70 / 2.89 = 27.5 kg/m². The answer is 27.5."


def test_every_trace_gets_a_risk_in_0_1():
    for trace, kw in ((RIGHT, BMI), (WRONG, BMI), ("", {}), ("The answer is 42.", {}), (RIGHT, {})):
        r = verify(trace, **kw).scores["risk"]
        assert r is not None and 0.0 <= r <= 1.0


def test_risk_orders_right_wrong_and_uncheckable():
    right = verify(RIGHT, **BMI).scores["risk"]
    wrong = verify(WRONG, **BMI).scores["risk"]
    nothing = verify("The answer is 24.22.", calculator="bmi").scores["risk"]
    assert right < 0.2 < 0.5 < wrong
    assert nothing > 0.5  # nothing checkable is a high risk, not a perfect score
    assert verify("The answer is 24.22.", calculator="bmi").scores["process"] is None


def test_the_fitted_block_names_every_feature():
    assert set(risk.COEFFICIENTS) == set(risk.FEATURES)
    f = risk.features(verify(RIGHT, **BMI).steps, verify(RIGHT, **BMI).answer)
    assert set(f) == set(risk.FEATURES) and all(math.isfinite(v) for v in f.values())


def test_ranking_puts_a_right_candidate_before_a_vacuous_one():
    cands = verify_candidates(["The answer is 30.", WRONG, RIGHT], **BMI)
    assert cands[0].text == RIGHT
    # a vacuous candidate never outranks a checked right one on a perfect-looking process score
    vac = Candidate(0, "x", {"scores": {"process": None, "risk": 0.74}})
    ok = Candidate(1, "y", {"scores": {"process": 1.0, "risk": 0.05}})
    err = Candidate(2, "z", {"error": {"code": "trace_too_large"}})
    assert [c.index for c in rank([vac, err, ok])] == [1, 0, 2]


def test_rewards_from_risk_and_correction_cost():
    res = verify_row({"trace": "<think>140 - 60 = 70. Wait, that's wrong. 140 - 60 = 80.</think>\nSo 80.", "id": 1})
    assert any(s["verdict"] == "corrected" for s in res["steps"])
    assert reward_of(res, "confidence") == pytest.approx(1 - res["scores"]["risk"])
    assert reward_of(res, {"process": 1.0}) == 1.0  # a corrected step costs nothing by default
    assert reward_of(res, {"process": 1.0, "correction_cost": 0.2}) == pytest.approx(0.8)
    assert min(step_scores(res, 0.2)) == pytest.approx(0.8) and min(step_scores(res)) == 1.0
    with pytest.raises(ValueError, match="correction_cost"):
        reward_of(res, {"process": 1.0, "correction_cost": 2})
    with pytest.raises(ValueError, match="non-zero"):
        reward_of(res, {"correction_cost": 0.1})


def test_reasoning_content_is_read_as_thinking():
    row = {"trace": "So the result is 80.", "reasoning_content": "140 - 60 = 80."}
    res = verify_row(row)
    think = [s for s in res["steps"] if s.get("thinking")]
    assert think and think[0]["text"] == "140 - 60 = 80." and think[0]["verdict"] == "correct"
    msg = verify_row({"trace": {"role": "assistant", "content": "So the result is 80.", "reasoning_content": "140 - 60 = 80."}})
    assert [s["text"] for s in msg["steps"]] == [s["text"] for s in res["steps"]]
    assert verify_row({"trace": "x", "reasoning_content": 5})["error"]["code"] == "invalid_field"


def test_wire_codec_carries_the_new_fields():
    from clinverify.clients.grpc_client import verification_to_dict, verify_request
    from clinverify.services.codec import verification_to_proto, verify_request_to_row

    d = verify_row({"trace": "<think>140 - 60 = 70. Wait, that's wrong. 140 - 60 = 80.</think>\nSo 80.", "id": "a"})
    back = verification_to_dict(verification_to_proto(d))
    assert back["scores"]["risk"] == pytest.approx(d["scores"]["risk"])
    assert [(s["verdict"], s.get("corrected_by"), s.get("thinking"), s.get("severity")) for s in back["steps"]] == [
        (s["verdict"], s.get("corrected_by"), s.get("thinking"), s.get("severity")) for s in d["steps"]
    ]
    req = verify_request({"trace": "So 80.", "reasoning_content": "140 - 60 = 80."})
    assert verify_request_to_row(req)["reasoning_content"] == "140 - 60 = 80."


# --- real traces ------------------------------------------------------------------------------

TRACES = Path(__file__).resolve().parents[2].parent / "shared" / "real-traces-dev" / "traces.jsonl"


@pytest.mark.skipif(not TRACES.exists(), reason="../shared/real-traces-dev/ is not present (development data, not shipped)")
def test_generate_and_verify_ranks_real_candidates():
    """Per MedCalc-Bench row, the five real gpt-oss-20b traces (right and wrong answers mixed)
    plus an uncheckable candidate, ranked with the row's entities: a right one comes first on most
    rows, far above chance, and the uncheckable candidate never does. Rows whose entities give
    another answer than every physician-checked right trace are counted apart: there the entities
    call the right traces wrong, and no ranking by them can put one first."""
    from clinverify.datasets.medcalc_bench import load_rows
    from clinverify.verifier.thinking import with_reasoning

    ents = {r.row: r.entities for r in load_rows()}
    by_row = defaultdict(list)
    with TRACES.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["split"] == "test":
                by_row[int(r["row_number"])].append(r)
    rows = first_right = vacuous_first = conflicting = 0
    chance = 0.0
    for row, rs in sorted(by_row.items()):
        labels = [(r.get("result_vs_physician_corrected") or r["result_recomputed"]) == "Correct" for r in rs]
        if all(labels) or not any(labels):
            continue
        texts = [with_reasoning(r.get("llm_thinking"), r["llm_explanation"]) for r in rs] + ["The answer is 42."]
        r0 = rs[0]
        ranked = verify_candidates(texts, calculator=r0["calculator_id"], question=r0["question"], patient_note=r0["patient_note"],
                                   entities=ents.get(row))
        by_index = {c.index: c for c in ranked}
        if not any(labels[k] and by_index[k].verification["answer"]["correct"] for k in range(len(rs))):
            conflicting += 1  # the row's entities give another answer than the physician-checked one: no ranking can see it
            continue
        rows += 1
        top = ranked[0].index
        first_right += top < len(rs) and labels[top]
        vacuous_first += top == len(rs)
        chance += sum(labels) / len(texts)
    assert rows >= 20 and conflicting <= 8, (rows, conflicting)  # 6 of 33 rows at stop 23
    assert vacuous_first == 0
    assert first_right / rows >= 0.75 and first_right >= chance + 0.25 * rows
