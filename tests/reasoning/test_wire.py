import json
from pathlib import Path

import pytest

from clinverify.api.v1 import calculator_pb2, common_pb2, verifier_pb2
from clinverify.services.reasoning import wire
from clinverify.verifier.batch import verify_row

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "traces.jsonl"


def _rows():
    return [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("row", _rows(), ids=lambda r: str(r.get("id")))
def test_verification_round_trips_through_protobuf(row):
    d = verify_row(row)
    back = wire.verification_from_proto(wire.verification_to_proto(d))
    assert back["steps"] == [{**s, "error": s["error"]} for s in d["steps"]]
    assert back["first_error"] == d["first_error"]
    assert back["scores"] == pytest.approx(d["scores"])
    assert back["answer"]["correct"] == d["answer"]["correct"]
    assert back["calculator"] == d["calculator"]


def test_verify_request_to_row():
    req = verifier_pb2.VerifyRequest(id="a", calculator="2", trace="t", reference=verifier_pb2.Reference(answer="25.2"))
    req.entities.update({"age": [87, "years"]})
    row = wire.verify_request_to_row(req)
    assert row == {"id": "a", "trace": "t", "calculator": "2", "entities": {"age": [87, "years"]}, "reference": {"answer": "25.2", "lower": None, "upper": None}}


def test_compute_errors_single_and_batch():
    bad = calculator_pb2.ComputeRequest(id="x", calculator=common_pb2.CalculatorRef(key="cockcroft_gault"))
    with pytest.raises(wire.RequestError) as ei:
        wire.compute(bad)
    assert ei.value.code == "INVALID_ARGUMENT" and "entities.age" in [f for f, _ in ei.value.violations]
    item = wire.compute(bad, batch=True)
    assert item.id == "x" and item.error.code == "invalid_input" and item.error.fields
    nf = wire.compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="nope")), batch=True)
    assert nf.error.code == "unknown_calculator"


def test_compute_value_kinds():
    req = calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), explain=True)
    req.entities.update({"sex": "Female", "age": [87, "years"], "weight": [48, "kg"], "creatinine": [1.4, "mg/dL"]})
    r = wire.compute(req)
    assert r.value.WhichOneof("kind") == "decimal" and r.unit == "mL/min" and r.explanation


def test_request_error_pickles():
    import pickle

    e = pickle.loads(pickle.dumps(wire.RequestError("NOT_FOUND", "m", [("f", "d")])))
    assert (e.code, e.message, e.violations) == ("NOT_FOUND", "m", [("f", "d")])
