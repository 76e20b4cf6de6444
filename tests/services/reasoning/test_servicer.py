"""ReasoningService over a real grpc.aio server (ScriptedBackend: no model needed)."""

import asyncio

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from clinverify.api.v1 import reasoning_pb2, reasoning_pb2_grpc, verifier_pb2
from clinverify.services.codec import grounded_from_proto, to_struct
from clinverify.services.reasoning import ScriptedBackend
from clinverify.services.reasoning.servicer import make_reasoning_servicer

from .conftest import BAD_ARITH, GOOD, NO_CLAIMS, NOTE, QUESTION


async def _with_server(backend, fn, **limits):
    server = grpc.aio.server()
    reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server(make_reasoning_servicer(backend, **limits), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
            return await fn(reasoning_pb2_grpc.ReasoningServiceStub(ch))
    finally:
        await server.stop(None)


def run(backend, fn, **limits):
    return asyncio.run(_with_server(backend, fn, **limits))


def gen_req(**kw):
    return reasoning_pb2.GenerateRequest(patient_note=NOTE, question=QUESTION, **kw)


def test_generate_streams_chunks_then_done():
    async def call(stub):
        return [r async for r in stub.Generate(gen_req(max_tokens=16, seed=7))]

    out = run(ScriptedBackend(GOOD), call)
    assert len(out) > 3
    assert out[-1].done and not any(r.done for r in out[:-1])
    assert "".join(r.text for r in out) == GOOD


def test_generate_and_verify_ranked_with_grounding():
    backend = ScriptedBackend([NO_CLAIMS, BAD_ARITH, GOOD])

    async def call(stub):
        return await stub.GenerateAndVerify(reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(max_tokens=64), n=3, calculator="2"))

    resp = run(backend, call)
    texts = [c.text for c in resp.candidates]
    assert texts[0] == GOOD and set(texts[1:]) == {NO_CLAIMS, BAD_ARITH}  # ranked by risk
    risks = [c.verification.scores.risk for c in resp.candidates]
    assert risks == sorted(risks)
    best = resp.candidates[0]
    assert best.verification.calculator == "cockcroft_gault"
    assert best.verification.scores.process == 1.0 and best.verification.HasField("scores")
    empty = resp.candidates[texts.index(NO_CLAIMS)]
    assert not empty.verification.scores.HasField("process")  # undefined stays absent
    assert empty.verification.scores.HasField("risk")
    g = grounded_from_proto(best.grounded)
    assert g["complete"] and g["agrees"] is True and g["unit"] == "mL/min" and g["explanation"]
    assert g["inputs"]["sex"] == "female"
    wrong = resp.candidates[texts.index(BAD_ARITH)]
    assert wrong.grounded.HasField("agrees") and wrong.grounded.agrees is False
    # defaults: n > 1 with temperature 0 samples at 0.7; max_tokens as given
    assert backend.calls[0]["temperature"] == 0.7 and backend.calls[0]["max_tokens"] == 64


def test_entities_and_reference_reach_the_verifier():
    async def call(stub):
        req = reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(), n=1, calculator="cockcroft_gault")
        req.entities.CopyFrom(to_struct({"sex": "Female", "age": [72, "years"], "weight": [59, "kg"], "creatinine": [1.3, "mg/dL"]}))
        req.reference.CopyFrom(verifier_pb2.Reference(answer="36.434"))
        return await stub.GenerateAndVerify(req)

    v = run(ScriptedBackend([GOOD]), call).candidates[0].verification
    assert v.answer.source == "reference" and v.answer.correct is True and v.scores.answer == 1.0


def _violations(err):
    st = rpc_status.from_call(err)
    out = []
    for d in st.details if st else ():
        br = error_details_pb2.BadRequest()
        if d.Unpack(br):
            out += [(v.field, v.description) for v in br.field_violations]
    return out


@pytest.mark.parametrize(
    "req,field",
    [
        (reasoning_pb2.GenerateAndVerifyRequest(generate=reasoning_pb2.GenerateRequest(patient_note="x"), n=2), "generate.question"),
        (reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(), n=99), "n"),
        (reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(max_tokens=100000)), "generate.max_tokens"),
        (reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(temperature=-1)), "generate.temperature"),
    ],
)
def test_bad_requests_are_invalid_argument_with_field_violations(req, field):
    async def call(stub):
        with pytest.raises(grpc.aio.AioRpcError) as ei:
            await stub.GenerateAndVerify(req)
        return ei.value

    err = run(ScriptedBackend(GOOD), call)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in [f for f, _ in _violations(err)]


def test_unknown_calculator_is_not_found_with_suggestions():
    async def call(stub):
        with pytest.raises(grpc.aio.AioRpcError) as ei:
            await stub.GenerateAndVerify(reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req(), calculator="cockroft gault"))
        return ei.value

    err = run(ScriptedBackend(GOOD), call)
    assert err.code() == grpc.StatusCode.NOT_FOUND and "did you mean" in err.details()


def test_no_backend_is_unimplemented():
    async def call(stub):
        errs = []
        for coro in (stub.GenerateAndVerify(reasoning_pb2.GenerateAndVerifyRequest(generate=gen_req())),):
            with pytest.raises(grpc.aio.AioRpcError) as ei:
                await coro
            errs.append(ei.value)
        with pytest.raises(grpc.aio.AioRpcError) as ei:
            async for _ in stub.Generate(gen_req()):
                pass
        errs.append(ei.value)
        return errs

    for err in run(None, call):
        assert err.code() == grpc.StatusCode.UNIMPLEMENTED and "no reasoning model" in err.details()
