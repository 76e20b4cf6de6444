"""Issue 13's server findings, each reproduced against a real ``clinverify serve`` subprocess on
loopback: nothing a client sends, with or without a token, may stall the server, grow its memory
without bound, flood its log or outlive it.

Time bounds allow at least ten times the typical figure (shared, noisy machines); the measured
figures are printed (``pytest -s``).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, common_pb2, verifier_pb2, verifier_pb2_grpc
from clinverify.services import codec

TOKEN = "reliability-token"
AUTH = (("authorization", f"Bearer {TOKEN}"),)
ENT = {"sex": "Male", "age": [87, "years"], "weight": [48, "kg"], "height": [163, "cm"], "creatinine": [1.4, "mg/dL"]}
TRACE = "CrCl = ((140 - 87) * 48) / (72 * 1.4) = 25.24 mL/min."


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


@pytest.fixture
def token_file(tmp_path):
    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    return str(f)


def _health_ms(address: str) -> float:
    with grpc.insecure_channel(address) as ch:
        t0 = time.perf_counter()
        health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=30)
        return (time.perf_counter() - t0) * 1000


# -- finding 4: unauthenticated large messages ------------------------------------------------------


def test_unauthenticated_large_messages_are_refused_unread(serve_process, token_file):
    srv = serve_process("--token-file", token_file, "--workers", "0", "--no-access-log")
    pid = srv.proc.pid
    with grpc.insecure_channel(srv.address, options=[("grpc.max_send_message_length", 64 << 20)]) as ch:
        compute = calculator_pb2_grpc.CalculatorServiceStub(ch).Compute
        compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct(ENT)), metadata=AUTH, timeout=30)
        before = _rss_mb(pid)
        big = calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct({"note": "x" * (12 << 20)}))
        codes: list = []

        def send():
            try:
                compute(big, timeout=60)
            except grpc.RpcError as e:
                codes.append(e.code())

        threads = [threading.Thread(target=send) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        grown = _rss_mb(pid) - before
    print(f"RSS growth after 8 unauthenticated 12 MB messages: {grown:.0f} MB")
    assert codes and all(c in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED) for c in codes), codes
    assert grown < 60, f"the server read and kept unauthenticated bodies: RSS +{grown:.0f} MB"


# -- finding 12: method probing ----------------------------------------------------------------------


def test_unknown_method_without_token_is_unauthenticated(serve_process, token_file):
    srv = serve_process("--token-file", token_file, "--workers", "0", "--no-access-log")
    with grpc.insecure_channel(srv.address) as ch:
        probe = ch.unary_unary("/clinverify.api.v1.CalculatorService/NoSuchMethod", request_serializer=None, response_deserializer=None)
        with pytest.raises(grpc.RpcError) as ei:
            probe(b"", timeout=10)
        assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.RpcError) as ei:
            probe(b"", metadata=AUTH, timeout=10)
        assert ei.value.code() == grpc.StatusCode.UNIMPLEMENTED


# -- finding 10: malformed protobuf ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["/clinverify.api.v1.CalculatorService/Compute", "/clinverify.api.v1.VerifierService/VerifyBatch"])
def test_garbage_bytes_are_invalid_argument_without_a_traceback(serve_process, method):
    srv = serve_process("--workers", "0")
    with grpc.insecure_channel(srv.address) as ch:
        call = ch.unary_unary(method, request_serializer=None, response_deserializer=None)
        for _ in range(5):
            with pytest.raises(grpc.RpcError) as ei:
                call(b"\xff\xfe\x00garbage\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", timeout=10)
            assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT, ei.value.details()
            assert "request" in ei.value.details()
        # the server is fine
        resp = calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(
            calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct(ENT)), timeout=10
        )
        assert resp.calculator == "cockcroft_gault"
    time.sleep(0.3)
    assert "Traceback" not in srv.stderr


def test_garbage_in_a_stream_ends_it_invalid_argument(serve_process):
    srv = serve_process("--workers", "0")
    with grpc.insecure_channel(srv.address) as ch:
        call = ch.stream_stream("/clinverify.api.v1.VerifierService/VerifyStream", request_serializer=None, response_deserializer=None)
        good = verifier_pb2.VerifyStreamRequest(request=verifier_pb2.VerifyRequest(trace=TRACE, calculator="2")).SerializeToString()
        with pytest.raises(grpc.RpcError) as ei:
            list(call(iter([good, b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"]), timeout=20))
        assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    time.sleep(0.3)
    assert "Traceback" not in srv.stderr


# -- finding 11: error echo ----------------------------------------------------------------------------


def test_errors_do_not_echo_a_huge_input(serve_process):
    srv = serve_process("--workers", "0")
    key = "k" * (1 << 20)
    with grpc.insecure_channel(srv.address) as ch:
        calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
        for call in (
            lambda: calc.GetCalculator(calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key=key)), timeout=20),
            lambda: calc.Compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key=key)), timeout=20),
            lambda: calc.Compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct({**ENT, "weight": [50, "k" * 100_000]})), timeout=20),
            lambda: calc.Compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct({**ENT, "x" * 100_000: 1})), timeout=20),
        ):
            with pytest.raises(grpc.RpcError) as ei:
                call()
            assert ei.value.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT), ei.value.details()[:300]
            assert len(ei.value.details()) < 1000
            trailer = dict(ei.value.trailing_metadata() or ()).get("grpc-status-details-bin", b"")
            assert len(trailer) < 4000


# -- findings 1 and 2 (service side): limits answered fast, health unaffected ------------------------------


def test_huge_note_is_rejected_fast(serve_process):
    srv = serve_process("--workers", "1")
    with grpc.insecure_channel(srv.address, options=[("grpc.max_send_message_length", 64 << 20)]) as ch:
        verify = verifier_pb2_grpc.VerifierServiceStub(ch).Verify
        for note, words in (("The patient is 87 years old. " * 350_000, ("bytes", "limit")), ("The patient is 87 years old. " * 5_000, ("patient_note", "limit"))):
            req = verifier_pb2.VerifyRequest(trace=TRACE * 3000, calculator="2", patient_note=note)
            t0 = time.perf_counter()
            with pytest.raises(grpc.RpcError) as ei:
                verify(req, timeout=60)
            took = time.perf_counter() - t0
            print(f"{len(note):,}-character note refused in {took * 1000:.0f} ms: {ei.value.details()[:120]}")
            assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert all(w in ei.value.details() for w in words), ei.value.details()
            assert took < 5


def test_many_entity_keys_are_rejected_fast_and_health_stays_fast(serve_process):
    srv = serve_process("--workers", "0")
    with grpc.insecure_channel(srv.address, options=[("grpc.max_send_message_length", 64 << 20)]) as ch:
        calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
        for n, words in ((200_000, ("bytes", "limit")), (1_000, ("entities", "limit"))):
            req = calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2"), entities=codec.to_struct({**ENT, **{f"k{i}": i for i in range(n)}}))
            t0 = time.perf_counter()
            with pytest.raises(grpc.RpcError) as ei:
                calc.Compute(req, timeout=60)
            took = time.perf_counter() - t0
            print(f"{n:,} entity keys refused in {took * 1000:.0f} ms: {ei.value.details()[:100]}; health {_health_ms(srv.address):.1f} ms")
            assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert all(w in ei.value.details() for w in words), ei.value.details()
            assert took < 10


# -- finding 6: shutdown ----------------------------------------------------------------------------------


def _verify_once(address: str) -> None:
    with grpc.insecure_channel(address) as ch:
        stub = verifier_pb2_grpc.VerifierServiceStub(ch)
        reqs = [verifier_pb2.VerifyRequest(trace=TRACE, calculator="2", entities=codec.to_struct(ENT))] * 40
        stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=reqs), timeout=60)


def test_sigterm_after_a_worker_crash_exits_and_takes_the_workers(serve_process):
    srv = serve_process("--workers", "2", "--grace", "3", "--no-access-log")
    pid = srv.proc.pid
    _verify_once(srv.address)
    workers = _children(pid)
    assert workers, "no worker processes"
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(0.5)
    try:
        _verify_once(srv.address)  # UNAVAILABLE once, the pool restarts
    except grpc.RpcError:
        pass
    _verify_once(srv.address)
    everyone = [pid, *_children(pid), *workers]
    srv.signal(signal.SIGTERM)
    assert srv.wait(3 + 15) == 0
    left = _wait_gone(everyone, 10)
    assert not left, f"processes left after SIGTERM: {left}"


def test_workers_die_with_a_killed_server(serve_process):
    srv = serve_process("--workers", "2", "--no-access-log")
    pid = srv.proc.pid
    _verify_once(srv.address)
    workers = _children(pid)
    assert workers
    os.kill(pid, signal.SIGKILL)  # the server alone, not its process group
    srv.proc.wait(10)
    t0 = time.monotonic()
    left = _wait_gone(workers, 15)
    print(f"workers gone {time.monotonic() - t0:.1f} s after the server's SIGKILL")
    assert not left, f"workers outlived the server: {left}"
