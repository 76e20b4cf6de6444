"""VerifierService over a real server: Verify, VerifyBatch (inline and over the worker pool),
VerifyStream, per-item errors, limits, deadlines and a client cancelling mid-stream."""

from __future__ import annotations

import queue
import threading
import time

import grpc
import pytest
from grpc_status import rpc_status

from clinverify.api.v1 import verifier_pb2, verifier_pb2_grpc
from clinverify.clients.grpc_client import verification_to_dict, verify_request
from clinverify.services import codec, errors
from clinverify.verifier.batch import verify_row


@pytest.fixture(scope="module")
def stub(channel):
    return verifier_pb2_grpc.VerifierServiceStub(channel)


def as_request(row) -> verifier_pb2.VerifyRequest:
    return verify_request(row)


def same(got: verifier_pb2.VerifyResponse, row: dict) -> None:
    """The server's answer equals the in-process verifier's for the same row."""
    want = verification_to_dict(codec.verification_to_proto(verify_row(row)))
    assert verification_to_dict(got) == want


def details(exc: grpc.RpcError) -> dict:
    return errors.status_details(rpc_status.from_call(exc))


def test_verify_matches_in_process(stub, verify_rows):
    for row in verify_rows[:5]:
        resp = stub.Verify(as_request(row), timeout=10)
        same(resp, row)
        assert resp.id == row["id"] and resp.calculator
        assert resp.steps and resp.steps[0].start == 0
        assert resp.scores.HasField("answer")


def test_verify_flags_a_wrong_step(stub):
    trace = "The patient is 87 years old.\nCrCl = ((140 - 87) * 48 * 1) / (72 * 1.4) = 26.8 mL/min."
    resp = stub.Verify(verifier_pb2.VerifyRequest(id="w", calculator="cockcroft_gault", trace=trace), timeout=10)
    assert resp.HasField("first_error")
    bad = resp.steps[resp.first_error]
    assert bad.verdict == "incorrect" and bad.error and "26.8" in bad.detail


@pytest.mark.parametrize(
    "request_kw, code, field",
    [
        ({"trace": ""}, grpc.StatusCode.INVALID_ARGUMENT, "trace"),
        ({"trace": "x = 1 + 1 = 2. " * 2000}, grpc.StatusCode.INVALID_ARGUMENT, "trace"),  # 30,000 > 20,000 chars
        ({"trace": "1 + 1 = 2", "calculator": "cockroft"}, grpc.StatusCode.NOT_FOUND, "calculator"),
    ],
    ids=["missing trace", "trace too large", "unknown calculator"],
)
def test_verify_bad_request(stub, request_kw, code, field):
    with pytest.raises(grpc.RpcError) as ei:
        stub.Verify(verifier_pb2.VerifyRequest(**request_kw), timeout=10)
    assert ei.value.code() == code
    assert field in dict(details(ei.value)["field_violations"])


def test_verify_batch_inline_and_pooled(server, stub, verify_rows):
    for rows in (verify_rows[:5], verify_rows[:100]):  # below / above the inline threshold (8)
        resp = stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=[as_request(r) for r in rows]), timeout=60)
        assert [r.id for r in resp.results] == [r["id"] for r in rows]
        for got, row in zip(resp.results, rows, strict=True):
            same(got, row)


def test_verify_batch_per_item_errors(stub, verify_rows):
    rows = verify_rows[:20]
    reqs = [as_request(r) for r in rows]
    reqs[3] = verifier_pb2.VerifyRequest(id="empty")
    reqs[7] = verifier_pb2.VerifyRequest(id="big", trace="y" * 20_001)
    reqs[11].calculator = "no such calculator"
    resp = stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=reqs), timeout=60)
    assert len(resp.results) == 20
    assert resp.results[3].error.code == "missing_field"
    assert resp.results[7].error.code == "trace_too_large" and "20000" in resp.results[7].error.message
    assert resp.results[11].error.code == "unknown_calculator"
    for i in set(range(20)) - {3, 7, 11}:
        same(resp.results[i], rows[i])


def test_verify_batch_too_large(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=[verifier_pb2.VerifyRequest(trace="1")] * 3001), timeout=10)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(ei.value)["field_violations"][0][0] == "requests"


def test_verify_stream_in_order(stub, verify_rows):
    rows = verify_rows[:30]
    reqs = [verifier_pb2.VerifyStreamRequest(request=as_request(r)) for r in rows]
    reqs.insert(10, verifier_pb2.VerifyStreamRequest(request=verifier_pb2.VerifyRequest(id="bad", calculator="nope", trace="1 + 1 = 2")))
    out = list(stub.VerifyStream(iter(reqs), timeout=60))
    assert [m.response.id for m in out] == [m.request.id for m in reqs]
    assert out[10].response.error.code == "unknown_calculator"
    for got, row in zip(out[:10] + out[11:], rows, strict=True):
        same(got.response, row)


def test_batch_deadline_exceeded(server, stub, verify_rows):
    before = server.stats["deadline_exceeded"] + server.stats["cancelled"]
    rows = (verify_rows * 20)[:2000]
    req = verifier_pb2.VerifyBatchRequest(requests=[as_request(r) for r in rows])
    t0 = time.monotonic()
    with pytest.raises(grpc.RpcError) as ei:
        stub.VerifyBatch(req, timeout=0.3)
    assert ei.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - t0 < 2
    # The server gave up on the batch too (pending chunks cancelled) ...
    deadline = time.monotonic() + 5
    while server.stats["deadline_exceeded"] + server.stats["cancelled"] == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.stats["deadline_exceeded"] + server.stats["cancelled"] > before
    # ... so the workers are free again well before 2000 traces' worth of work.
    t0 = time.monotonic()
    stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=[as_request(r) for r in rows[:16]]), timeout=10)
    assert time.monotonic() - t0 < 1.5


def test_client_cancels_mid_stream(server, stub, verify_rows):
    feed: queue.Queue = queue.Queue()

    def requests():
        while True:
            item = feed.get()
            if item is None:
                return
            yield item

    call = stub.VerifyStream(requests(), timeout=30)
    for row in verify_rows[:3]:
        feed.put(verifier_pb2.VerifyStreamRequest(request=as_request(row)))
    got = [next(call) for _ in range(3)]
    assert [g.response.id for g in got] == [r["id"] for r in verify_rows[:3]]
    assert server.server.verifier.active_streams >= 1
    call.cancel()
    with pytest.raises(grpc.RpcError) as ei:
        next(call)
    assert ei.value.code() == grpc.StatusCode.CANCELLED
    # The server's stream ends at once. Whether the server counts it as cancelled is not asserted:
    # grpc may hand the client's cancel to the handler as the end of its request stream before the
    # cancellation itself, and the stream then ends complete (4 of 6 CI runs of stop 25 saw it
    # counted, 2 saw the stream end first; the server cannot tell the two apart).
    deadline = time.monotonic() + 10
    while server.server.verifier.active_streams and time.monotonic() < deadline:
        time.sleep(0.05)
    feed.put(None)
    assert server.server.verifier.active_streams == 0
    # The server goes on serving.
    resp = stub.Verify(as_request(verify_rows[0]), timeout=10)
    assert resp.steps


def test_concurrent_streams(stub, verify_rows):
    rows = verify_rows[:12]
    results: dict[int, list] = {}

    def run(k):
        reqs = [verifier_pb2.VerifyStreamRequest(request=as_request(r)) for r in rows]
        results[k] = [m.response.id for m in stub.VerifyStream(iter(reqs), timeout=60)]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(results[k] == [r["id"] for r in rows] for k in range(4))


def test_the_core_counts_a_stream_closed_while_a_response_is_out(verify_rows):
    # The count the gRPC test above cannot assert (see there), checked on the core itself: a
    # stream closed after its first response (the transport closing it on cancellation) counts.
    import asyncio

    from clinverify.services.executor import LocalExecutor
    from clinverify.services.verifier_core import VerifierCore

    async def run():
        core = VerifierCore(LocalExecutor())

        async def requests():
            for row in verify_rows[:3]:
                yield verifier_pb2.VerifyStreamRequest(request=as_request(row))
            await asyncio.sleep(3600)  # the client keeps its request stream open

        stream = core.verify_stream(requests())
        first = await stream.__anext__()
        assert core.active_streams == 1
        await stream.aclose()
        return first, core

    first, core = asyncio.run(run())
    assert first.response.id == verify_rows[0]["id"]
    assert core.stats["cancelled"] == 1 and core.active_streams == 0
