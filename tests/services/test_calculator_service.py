"""CalculatorService over a real server: every RPC, and each bad-input case with its status and
google.rpc.BadRequest field violations."""

from __future__ import annotations

import math

import grpc
import pytest
from google.protobuf import struct_pb2
from grpc_status import rpc_status

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, common_pb2
from clinverify.calculators import compute, list_calculators
from clinverify.services import codec, errors

ENTITIES = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}


@pytest.fixture(scope="module")
def stub(channel):
    return calculator_pb2_grpc.CalculatorServiceStub(channel)


def req(key, entities=None, *, explain=False, id="") -> calculator_pb2.ComputeRequest:
    r = calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key=str(key)), explain=explain, id=id)
    if entities is not None:
        r.entities.CopyFrom(codec.to_struct(entities))
    return r


def details(exc: grpc.RpcError) -> dict:
    st = rpc_status.from_call(exc)
    assert st is not None, "no google.rpc.Status in the trailers"
    assert st.code == exc.code().value[0]
    return errors.status_details(st)


def test_list_calculators(stub):
    resp = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), timeout=10)
    ids = [c.id for c in resp.calculators]
    assert ids == [c.id for c in list_calculators()]
    cg = next(c for c in resp.calculators if c.id == "cockcroft_gault")
    assert cg.medcalc_id == 2 and cg.name and cg.category


@pytest.mark.parametrize("key", ["cockcroft_gault", "2", "Creatinine Clearance (Cockcroft-Gault Equation)"])
def test_get_calculator_any_identity(stub, key):
    resp = stub.GetCalculator(calculator_pb2.GetCalculatorRequest(calculator={"key": key}), timeout=10)
    assert resp.summary.id == "cockcroft_gault"
    names = {i.name: i for i in resp.inputs}
    assert names["creatinine"].unit == "mg/dL" and names["creatinine"].required
    assert names["creatinine"].maximum > names["creatinine"].minimum
    assert list(names["sex"].options) == ["male", "female"]
    assert resp.output.unit == "mL/min" and resp.output.type == "decimal"
    assert resp.citations and "Cockcroft" in resp.citations[0]


def test_get_calculator_unknown(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.GetCalculator(calculator_pb2.GetCalculatorRequest(calculator={"key": "cockroft gault"}), timeout=10)
    assert ei.value.code() == grpc.StatusCode.NOT_FOUND
    assert "did you mean cockcroft_gault" in ei.value.details()
    d = details(ei.value)
    assert d["field_violations"][0][0] == "calculator.key"
    assert d["error_info"]["reason"] == "UNKNOWN_CALCULATOR"
    assert "cockcroft_gault" in d["error_info"]["metadata"]["suggestions"].split(",")


def test_compute(stub):
    resp = stub.Compute(req(2, ENTITIES, explain=True, id="row-1"), timeout=10)
    expected = compute(2, ENTITIES)
    assert resp.id == "row-1" and resp.calculator == "cockcroft_gault"
    assert resp.value.WhichOneof("kind") == "decimal"
    assert resp.value.decimal == pytest.approx(expected.value, rel=1e-12)
    assert resp.unit == "mL/min"
    assert resp.intermediates["bmi"] == pytest.approx(expected.intermediates["bmi"])
    assert resp.explanation and "25.238" in resp.explanation[-1]
    plain = stub.Compute(req("cockcroft_gault", ENTITIES), timeout=10)
    assert not plain.explanation


def test_compute_typed_values(stub):
    centor_in = {"age": [30, "years"], "tonsillar exudate": True, "Temperature": [38.5, "°C"]}
    centor = stub.Compute(req("centor_mcisaac", centor_in), timeout=10)
    assert centor.value.WhichOneof("kind") == "integer"
    assert centor.value.integer == compute("centor_mcisaac", centor_in).value
    ga = stub.Compute(req(69, {"current date": "09/17/2011", "Last menstrual date": "05/17/2011"}), timeout=10)
    assert ga.value.WhichOneof("kind") == "duration"
    assert (ga.value.duration.weeks, ga.value.duration.days) == (17, 4)
    due_in = {"Last menstrual date": "01/01/2020", "cycle length": 28}
    due = stub.Compute(req(13, due_in), timeout=10)
    assert due.value.WhichOneof("kind") == "date"
    assert due.value.date == compute(13, due_in).json_value()


def _nan_entities() -> struct_pb2.Struct:
    s = codec.to_struct(ENTITIES)
    age = s.fields["age"].list_value
    del age.values[:]
    age.values.add().number_value = math.nan
    age.values.add().string_value = "years"
    return s


BAD = [
    # (id, key, entities, status, violated field, words in the description)
    ("unknown calculator", "cockroft", ENTITIES, grpc.StatusCode.NOT_FOUND, "calculator.key", "did you mean cockcroft_gault"),
    ("empty calculator", "", ENTITIES, grpc.StatusCode.INVALID_ARGUMENT, "calculator.key", "required"),
    ("missing input", 2, {k: v for k, v in ENTITIES.items() if k != "creatinine"}, grpc.StatusCode.INVALID_ARGUMENT, "entities.creatinine", "missing required input"),
    ("wrong unit dimension", 2, {**ENTITIES, "age": [87, "kg"]}, grpc.StatusCode.INVALID_ARGUMENT, "entities.age", "dimension"),
    ("unparseable unit", 2, {**ENTITIES, "creatinine": [1.4, "florps"]}, grpc.StatusCode.INVALID_ARGUMENT, "entities.creatinine", "florps"),
    ("out of range", 2, {**ENTITIES, "age": [400, "years"]}, grpc.StatusCode.INVALID_ARGUMENT, "entities.age", "outside the plausible range"),
    ("NaN", 2, None, grpc.StatusCode.INVALID_ARGUMENT, "entities.age", "finite"),
    ("bad choice", 2, {**ENTITIES, "sex": "banana"}, grpc.StatusCode.INVALID_ARGUMENT, "entities.sex", "male, female"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_compute_bad_input(stub, case):
    _, key, entities, code, field, words = case
    r = req(key, entities)
    if entities is None:
        r.entities.CopyFrom(_nan_entities())
    with pytest.raises(grpc.RpcError) as ei:
        stub.Compute(r, timeout=10)
    assert ei.value.code() == code
    viol = dict(details(ei.value)["field_violations"])
    assert field in viol, viol
    assert words in viol[field]
    assert words.split()[0] in ei.value.details() or field.split(".")[-1] in ei.value.details()


def test_compute_reports_every_violation(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.Compute(req(2, {"sex": "Male"}), timeout=10)
    fields = [f for f, _ in details(ei.value)["field_violations"]]
    assert fields == ["entities.age", "entities.weight", "entities.creatinine"]


def test_compute_batch_items_in_order_with_errors(stub):
    reqs = [req(2, ENTITIES, id="a"), req("nope", ENTITIES, id="b"), req(2, {**ENTITIES, "age": [87, "kg"]}, id="c"), req("", {}, id="d"), req("cockcroft_gault", ENTITIES, id="e", explain=True)]
    resp = stub.ComputeBatch(calculator_pb2.ComputeBatchRequest(requests=reqs), timeout=10)
    assert [r.id for r in resp.results] == ["a", "b", "c", "d", "e"]
    a, b, c, d, e = resp.results
    assert not a.HasField("error") and a.value.decimal == pytest.approx(25.238, abs=1e-3)
    assert b.error.code == "unknown_calculator" and "nope" in b.error.message
    assert b.error.fields[0].field == "calculator.key"
    assert c.error.code == "invalid_input" and c.calculator == "cockcroft_gault"
    assert [(f.field, "dimension" in f.description) for f in c.error.fields] == [("entities.age", True)]
    assert d.error.code == "missing_field"
    assert e.explanation and not e.HasField("error")


def test_compute_batch_through_worker_pool(server, stub):
    # 200 items >= compute_pool_min (64): chunks run in the worker processes.
    reqs = [req(2, {**ENTITIES, "age": [20 + i % 80, "years"]}, id=str(i)) for i in range(199)] + [req(2, {}, id="bad")]
    resp = stub.ComputeBatch(calculator_pb2.ComputeBatchRequest(requests=reqs), timeout=30)
    assert [r.id for r in resp.results] == [str(i) for i in range(199)] + ["bad"]
    for i, r in enumerate(resp.results[:199]):
        assert r.value.decimal == pytest.approx(compute(2, {**ENTITIES, "age": [20 + i % 80, "years"]}).value)
    assert resp.results[-1].error.code == "invalid_input"


def test_compute_batch_too_large(stub):
    reqs = [req(2, ENTITIES)] * 3001
    with pytest.raises(grpc.RpcError) as ei:
        stub.ComputeBatch(calculator_pb2.ComputeBatchRequest(requests=reqs), timeout=10)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    d = details(ei.value)
    assert d["field_violations"][0][0] == "requests" and "3000" in d["field_violations"][0][1]
    assert d["error_info"]["reason"] == "BATCH_TOO_LARGE"
