"""Health checking, reflection, the ReasoningService placeholder, TLS, mutual TLS, token
authentication, the access log, the concurrency limit and the message size limit."""

from __future__ import annotations

import logging
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from clinverify.api.v1 import (
    calculator_pb2,
    calculator_pb2_grpc,
    reasoning_pb2,
    reasoning_pb2_grpc,
    verifier_pb2,
    verifier_pb2_grpc,
)
from clinverify.services import codec, items

SERVICES = ["clinverify.api.v1.CalculatorService", "clinverify.api.v1.VerifierService", "clinverify.api.v1.ReasoningService"]
ENTITIES = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}


def compute_req() -> calculator_pb2.ComputeRequest:
    return calculator_pb2.ComputeRequest(calculator={"key": "2"}, entities=codec.to_struct(ENTITIES))


def list_services(channel, metadata=None) -> list[str]:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10, metadata=metadata)
    return [s.name for r in responses for s in r.list_services_response.service]


# -- health and reflection ----------------------------------------------------------------------


def test_health_serving(channel):
    stub = health_pb2_grpc.HealthStub(channel)
    for name in ["", *SERVICES[:2]]:
        assert stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status == health_pb2.HealthCheckResponse.SERVING
    # No reasoning model configured: its service answers UNIMPLEMENTED and reports NOT_SERVING.
    assert stub.Check(health_pb2.HealthCheckRequest(service=SERVICES[2]), timeout=5).status == health_pb2.HealthCheckResponse.NOT_SERVING
    with pytest.raises(grpc.RpcError) as ei:
        stub.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=5)
    assert ei.value.code() == grpc.StatusCode.NOT_FOUND


def test_reflection_lists_services(channel):
    names = list_services(channel)
    for name in [*SERVICES, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"]:
        assert name in names


def test_reflection_describes_a_service(channel):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    req = reflection_pb2.ServerReflectionRequest(file_containing_symbol="clinverify.api.v1.CalculatorService")
    (resp,) = list(stub.ServerReflectionInfo(iter([req]), timeout=10))
    assert resp.file_descriptor_response.file_descriptor_proto


# -- reasoning placeholder ----------------------------------------------------------------------


def test_reasoning_unimplemented(channel):
    stub = reasoning_pb2_grpc.ReasoningServiceStub(channel)
    with pytest.raises(grpc.RpcError) as ei:
        list(stub.Generate(reasoning_pb2.GenerateRequest(question="What is the CURB-65 score?"), timeout=5))
    assert ei.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "no reasoning model is configured" in ei.value.details()
    with pytest.raises(grpc.RpcError) as ei:
        stub.GenerateAndVerify(reasoning_pb2.GenerateAndVerifyRequest(n=2), timeout=5)
    assert ei.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "VerifierService" in ei.value.details()


# -- TLS and mutual TLS -------------------------------------------------------------------------


def test_tls(make_server, certs):
    srv = make_server(tls_cert=certs["server_cert"], tls_key=certs["server_key"])
    creds = grpc.ssl_channel_credentials(root_certificates=certs["ca"])
    with grpc.secure_channel(srv.address, creds) as ch:
        resp = calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=10)
        assert resp.value.decimal == pytest.approx(25.238, abs=1e-3)
    with grpc.insecure_channel(srv.address) as ch, pytest.raises(grpc.RpcError) as ei:
        calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=3)
    assert ei.value.code() == grpc.StatusCode.UNAVAILABLE
    # A client that does not trust the server's CA refuses it.
    other = grpc.ssl_channel_credentials(root_certificates=certs["rogue_cert"])
    with grpc.secure_channel(srv.address, other) as ch, pytest.raises(grpc.RpcError) as ei:
        calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=3)
    assert ei.value.code() == grpc.StatusCode.UNAVAILABLE


def test_mutual_tls(make_server, certs):
    srv = make_server(tls_cert=certs["server_cert"], tls_key=certs["server_key"], tls_client_ca=certs["ca"])
    good = grpc.ssl_channel_credentials(root_certificates=certs["ca"], private_key=certs["client_key"], certificate_chain=certs["client_cert"])
    with grpc.secure_channel(srv.address, good) as ch:
        assert calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=10).calculator == "cockcroft_gault"
    for creds in (
        grpc.ssl_channel_credentials(root_certificates=certs["ca"]),  # no client certificate
        grpc.ssl_channel_credentials(root_certificates=certs["ca"], private_key=certs["rogue_key"], certificate_chain=certs["rogue_cert"]),  # untrusted CA
    ):
        with grpc.secure_channel(srv.address, creds) as ch, pytest.raises(grpc.RpcError) as ei:
            calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=3)
        assert ei.value.code() == grpc.StatusCode.UNAVAILABLE


def test_config_rejects_half_tls(make_server, certs):
    with pytest.raises(ValueError, match="both"):
        make_server(tls_cert=certs["server_cert"])
    with pytest.raises(ValueError, match="client CA"):
        make_server(tls_client_ca=certs["ca"])


# -- token authentication ---------------------------------------------------------------------


@pytest.fixture
def token_server(make_server, token):
    return make_server(token=token)


def test_auth_required(token_server, token):
    with grpc.insecure_channel(token_server.address) as ch:
        calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
        for md, words in ((None, "missing bearer token"), ([("authorization", "Bearer wrong")], "invalid"), ([("authorization", f"Basic {token}")], "invalid"), ([("authorization", token)], "invalid")):
            with pytest.raises(grpc.RpcError) as ei:
                calc.Compute(compute_req(), timeout=5, metadata=md)
            assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
            assert words in ei.value.details()
        ok = [("authorization", f"Bearer {token}")]
        assert calc.Compute(compute_req(), timeout=5, metadata=ok).calculator == "cockcroft_gault"
        assert calc.Compute(compute_req(), timeout=5, metadata=[("authorization", f"bearer {token}")]).calculator == "cockcroft_gault"
        # Streaming methods are guarded too.
        ver = verifier_pb2_grpc.VerifierServiceStub(ch)
        reqs = [verifier_pb2.VerifyStreamRequest(request=verifier_pb2.VerifyRequest(trace="1 + 1 = 2"))]
        with pytest.raises(grpc.RpcError) as ei:
            list(ver.VerifyStream(iter(reqs), timeout=5))
        assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert len(list(ver.VerifyStream(iter(reqs), timeout=5, metadata=ok))) == 1
        with pytest.raises(grpc.RpcError) as ei:
            list_services(ch)
        assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "clinverify.api.v1.VerifierService" in list_services(ch, metadata=ok)
        # Health checks need no token.
        health = health_pb2_grpc.HealthStub(ch)
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == health_pb2.HealthCheckResponse.SERVING


# -- access log -------------------------------------------------------------------------------


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_access_log_has_no_patient_data(channel, token_server, token):
    log = logging.getLogger("clinverify.access")
    h = _Records()
    old = log.level
    log.addHandler(h)
    log.setLevel(logging.INFO)
    try:
        calc = calculator_pb2_grpc.CalculatorServiceStub(channel)
        calc.Compute(compute_req(), timeout=5)
        with pytest.raises(grpc.RpcError):
            calc.Compute(calculator_pb2.ComputeRequest(calculator={"key": "2"}, entities=codec.to_struct({**ENTITIES, "age": [187, "years"]})), timeout=5)
        secret_trace = "Patient Jane Roe, MRN 99887766: CrCl = ((140 - 87) * 48) / (72 * 1.4) = 25.24"
        verifier_pb2_grpc.VerifierServiceStub(channel).Verify(verifier_pb2.VerifyRequest(trace=secret_trace, patient_note="Jane Roe"), timeout=10)
        with grpc.insecure_channel(token_server.address) as ch, pytest.raises(grpc.RpcError):
            calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=5)
        # An aborted call's status reaches the client before its log line is written.
        deadline = time.monotonic() + 5
        while len(h.lines) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        log.removeHandler(h)
        log.setLevel(old)
    text = "\n".join(h.lines)
    assert "/clinverify.api.v1.CalculatorService/Compute OK" in text
    assert "/clinverify.api.v1.CalculatorService/Compute INVALID_ARGUMENT" in text
    assert "/clinverify.api.v1.CalculatorService/Compute UNAUTHENTICATED" in text
    assert "/clinverify.api.v1.VerifierService/Verify OK" in text
    line = next(x for x in h.lines if "Verify OK" in x)
    assert "ms in=" in line and "B out=" in line and not line.endswith("out=0B")
    for private in ("Jane", "Roe", "99887766", "187", "creatinine", "mg/dL", token):
        assert private not in text


# -- limits ---------------------------------------------------------------------------------------


def test_max_message_size(make_server):
    srv = make_server(max_message_bytes=64 * 1024)
    with grpc.insecure_channel(srv.address) as ch, pytest.raises(grpc.RpcError) as ei:
        verifier_pb2_grpc.VerifierServiceStub(ch).Verify(verifier_pb2.VerifyRequest(trace="z" * 100_000), timeout=5)
    assert ei.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_max_concurrent_rpcs(make_server):
    srv = make_server(max_concurrent_rpcs=2)
    gate = threading.Event()
    with grpc.insecure_channel(srv.address) as ch:
        ver = verifier_pb2_grpc.VerifierServiceStub(ch)

        def held():  # a stream kept open until the gate opens
            yield verifier_pb2.VerifyStreamRequest(request=verifier_pb2.VerifyRequest(trace="1 + 1 = 2"))
            gate.wait(10)

        calls = [ver.VerifyStream(held(), timeout=20) for _ in range(2)]
        for c in calls:
            next(c)  # both are in flight now
        with pytest.raises(grpc.RpcError) as ei:
            calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=5)
        assert ei.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        gate.set()
        for c in calls:
            assert list(c) == []
        assert calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_req(), timeout=5).calculator == "cockcroft_gault"


# -- failures inside the server ------------------------------------------------------------------


def test_unexpected_error_is_internal_without_data(make_server, monkeypatch, caplog):
    srv = make_server()

    def broken(req):
        raise TypeError(f"cannot handle {req.entities}")  # a bug whose message quotes the request

    monkeypatch.setattr(items, "compute_message", broken)
    with grpc.insecure_channel(srv.address) as ch, caplog.at_level(logging.ERROR, logger="clinverify.server"):
        calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
        with pytest.raises(grpc.RpcError) as ei:
            calc.Compute(compute_req(), timeout=5)
        assert ei.value.code() == grpc.StatusCode.INTERNAL
        assert "TypeError" in ei.value.details() and "creatinine" not in ei.value.details()
        resp = calc.ComputeBatch(calculator_pb2.ComputeBatchRequest(requests=[compute_req()] * 3), timeout=5)
        assert [r.error.code for r in resp.results] == ["internal"] * 3
    assert "TypeError" in caplog.text and "creatinine" not in caplog.text


def test_dead_worker_is_unavailable_then_recovers(make_server):
    import os
    import signal

    srv = make_server(workers=1, inline_below=2)
    batch = verifier_pb2.VerifyBatchRequest(requests=[verifier_pb2.VerifyRequest(trace="1 + 1 = 2")] * 4)
    with grpc.insecure_channel(srv.address) as ch:
        ver = verifier_pb2_grpc.VerifierServiceStub(ch)
        assert len(ver.VerifyBatch(batch, timeout=10).results) == 4
        (pid,) = list(srv.server._pool._executor._processes)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(grpc.RpcError) as ei:
            ver.VerifyBatch(batch, timeout=10)
        assert ei.value.code() == grpc.StatusCode.UNAVAILABLE
        resp = ver.VerifyBatch(batch, timeout=30)  # a fresh pool
        assert [r.steps[0].verdict for r in resp.results] == ["correct"] * 4
