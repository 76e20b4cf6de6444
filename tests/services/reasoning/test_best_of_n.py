import asyncio

import pytest

from clinverify.services.reasoning import ScriptedBackend, agenerate_and_verify, generate_and_verify
from clinverify.services.reasoning.backend import check_params
from clinverify.services.reasoning.best_of_n import Candidate, rank
from clinverify.services.reasoning.loading import load_backend

from .conftest import BAD_ARITH, GOOD, NO_CLAIMS, NOTE, QUESTION


def test_best_of_n_ranks_by_risk(texts):
    backend = ScriptedBackend(texts)
    cands = generate_and_verify(backend, NOTE, QUESTION, n=3, calculator="cockcroft_gault", seed=1)
    # Lowest risk first: the right one; the one with nothing checkable (unknown) and the one
    # verified wrong (an arithmetic error and an answer its own values contradict) both after it,
    # at a high risk, in the order their risks give.
    assert cands[0].text == GOOD and {c.text for c in cands[1:]} == {NO_CLAIMS, BAD_ARITH}
    risks = [c.verification["scores"]["risk"] for c in cands]
    assert risks == sorted(risks) and risks[0] < 0.1 < 0.5 < risks[1]
    best = cands[0]
    empty = next(c for c in cands if c.text == NO_CLAIMS)
    wrong = next(c for c in cands if c.text == BAD_ARITH)
    assert best.verification["scores"]["process"] == 1.0
    assert wrong.verification["scores"]["process"] == 0.0 and wrong.verification["first_error"] is not None
    assert empty.verification["scores"]["process"] is None
    assert best.grounded["agrees"] is True and wrong.grounded["agrees"] is False
    # the prompt went to the backend in MedCalc-Bench form
    call = backend.calls[0]
    assert call["n"] == 3 and call["seed"] == 1 and call["messages"][1]["content"].startswith("Here is the patient note:")


def test_reference_decides_between_equally_clean_candidates():
    right = '{"step_by_step_thinking": "The answer is 36.4 mL/min.", "answer": "36.4"}'
    wrong = '{"step_by_step_thinking": "The answer is 50 mL/min.", "answer": "50"}'
    cands = generate_and_verify(ScriptedBackend([wrong, right]), NOTE, QUESTION, n=2, calculator=2, reference={"answer": "36.44"})
    assert cands[0].text == right
    assert cands[0].verification["answer"]["correct"] is True
    assert cands[1].verification["answer"]["correct"] is False


def test_entities_check_extraction():
    ent = {"sex": "Female", "age": [72, "years"], "weight": [59, "kg"], "creatinine": [1.3, "mg/dL"]}
    cands = generate_and_verify(ScriptedBackend([GOOD]), NOTE, QUESTION, n=1, calculator=2, entities=ent)
    v = cands[0].verification
    assert v["answer"]["source"] == "entities" and v["answer"]["correct"] is True


def test_rank_is_stable_and_total():
    a = Candidate(0, "a", {"scores": {"process": None}})
    b = Candidate(1, "b", {"scores": {"process": 0.5}, "answer": {"correct": None}})
    c = Candidate(2, "c", {"scores": {"process": 0.5}, "answer": {"correct": True}})
    d = Candidate(3, "d", {"error": {"code": "trace_too_large"}})
    assert [x.text for x in rank([a, b, c, d])] == ["c", "b", "a", "d"]


def test_async_form_matches(texts):
    cands = asyncio.run(agenerate_and_verify(ScriptedBackend(texts), NOTE, QUESTION, n=3, calculator=2))
    sync = generate_and_verify(ScriptedBackend(texts), NOTE, QUESTION, n=3, calculator=2)
    assert [c.text for c in cands] == [c.text for c in sync] and cands[0].text == GOOD


def test_astream_bridges_the_sync_stream():
    async def collect():
        return [c async for c in ScriptedBackend("one two three").astream([{"role": "user", "content": "x"}])]

    assert "".join(asyncio.run(collect())) == "one two three"


@pytest.mark.parametrize("n,max_tokens,temperature,field", [(0, 10, 0.0, "n"), (65, 10, 0.0, "n"), (1, 0, 0.0, "max_tokens"), (1, 10, -1.0, "temperature")])
def test_parameter_errors_name_the_field(n, max_tokens, temperature, field):
    with pytest.raises(ValueError, match=field):
        check_params(n, max_tokens, temperature)


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown reasoning backend"):
        load_backend("nope")
