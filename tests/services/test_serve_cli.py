"""``clinverify serve`` as a process: startup line, token file, graceful drain on SIGTERM/SIGINT
(in-flight calls finish, new ones are refused, health NOT_SERVING first, exit 0), usage errors."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, verifier_pb2, verifier_pb2_grpc
from clinverify.clients.grpc_client import verify_request
from clinverify.services import codec

ENTITIES = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}


def compute_request() -> calculator_pb2.ComputeRequest:
    return calculator_pb2.ComputeRequest(calculator={"key": "2"}, entities=codec.to_struct(ENTITIES))


def serve_cmd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "clinverify.clients", "serve", *args], capture_output=True, text=True, timeout=60)


def test_sigterm_drains_in_flight_calls(serve_process, verify_rows, tmp_path, token):
    tok = tmp_path / "token"
    tok.write_text(token + "\n")
    srv = serve_process("--workers", "1", "--token-file", str(tok), "--drain-delay", "0.4", "--grace", "20")
    md = [("authorization", f"Bearer {token}")]
    ch = grpc.insecure_channel(srv.address)
    ver = verifier_pb2_grpc.VerifierServiceStub(ch)
    health = health_pb2_grpc.HealthStub(ch)
    assert health.Check(health_pb2.HealthCheckRequest(), timeout=5).status == health_pb2.HealthCheckResponse.SERVING

    # In flight: a batch that takes over a second on one worker, and an open stream.
    rows = (verify_rows * 15)[:1500]
    batch = verifier_pb2.VerifyBatchRequest(requests=[verify_request(r) for r in rows])
    result: dict = {}

    def run_batch():
        try:
            result["batch"] = ver.VerifyBatch(batch, timeout=60, metadata=md)
        except grpc.RpcError as exc:  # pragma: no cover - reported by the assertion below
            result["batch"] = exc

    gate = threading.Event()

    def stream_requests():
        yield verifier_pb2.VerifyStreamRequest(request=verify_request(rows[0]))
        gate.wait(20)
        yield verifier_pb2.VerifyStreamRequest(request=verify_request(rows[1]))

    stream = ver.VerifyStream(stream_requests(), timeout=60, metadata=md)
    assert next(stream).response.id == rows[0]["id"]
    t = threading.Thread(target=run_batch)
    t.start()
    time.sleep(0.25)  # the batch has reached the server and is being verified

    srv.signal(signal.SIGTERM)
    # Health turns NOT_SERVING first (during --drain-delay) ...
    deadline = time.monotonic() + 5
    status = None
    while time.monotonic() < deadline:
        status = health.Check(health_pb2.HealthCheckRequest(), timeout=5).status
        if status == health_pb2.HealthCheckResponse.NOT_SERVING:
            break
        time.sleep(0.02)
    assert status == health_pb2.HealthCheckResponse.NOT_SERVING
    # ... then (after --drain-delay) new calls are refused ...
    refused = None
    deadline = time.monotonic() + 10
    while refused is None and time.monotonic() < deadline:
        with grpc.insecure_channel(srv.address) as fresh:
            try:
                calculator_pb2_grpc.CalculatorServiceStub(fresh).Compute(compute_request(), timeout=2, metadata=md)
                time.sleep(0.05)  # still inside the drain delay
            except grpc.RpcError as exc:
                if exc.code() != grpc.StatusCode.CANCELLED:
                    refused = exc.code()  # (a call that raced the shutdown is cancelled, not refused: the next one decides)
    assert refused == grpc.StatusCode.UNAVAILABLE
    # ... while the in-flight calls complete.
    t.join(60)
    resp = result["batch"]
    assert isinstance(resp, verifier_pb2.VerifyBatchResponse), resp
    assert len(resp.results) == len(rows) and not any(r.error.code for r in resp.results)
    gate.set()
    rest = list(stream)
    assert [m.response.id for m in rest] == [rows[1]["id"]]
    ch.close()
    assert srv.wait(30) == 0, srv.stderr
    err = srv.stderr
    # The access log saw the batch and the stream finish after the drain began.
    assert err.index("SIGTERM: draining") < err.index("VerifyBatch OK") < err.index("stopped")
    assert err.index("SIGTERM: draining") < err.index("VerifyStream OK")


def test_sigint_exits_zero(serve_process):
    srv = serve_process("--workers", "0")
    with grpc.insecure_channel(srv.address) as ch:
        resp = calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(compute_request(), timeout=10)
        assert resp.calculator == "cockcroft_gault"
    srv.signal(signal.SIGINT)
    assert srv.wait(20) == 0, srv.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
        (["--token-file", "/nonexistent/token"], "cannot read token file"),
        (["--port", "70000"], "--port"),
        (["--workers", "-1"], "--workers"),
    ],
    ids=["half tls", "unreadable token", "bad port", "bad workers"],
)
def test_usage_errors_exit_2(args, words):
    r = serve_cmd("--port", "0", *args) if "--port" not in args else serve_cmd(*args)
    assert r.returncode == 2, r.stderr
    assert words in r.stderr
    assert "Traceback" not in r.stderr


def test_port_in_use_exits_2():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = serve_cmd("--port", str(port), "--workers", "0")
    assert r.returncode == 2, r.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr
    assert "Traceback" not in r.stderr


def test_mismatched_tls_key_exits_2(certs):
    r = serve_cmd("--port", "0", "--workers", "0", "--tls-cert", certs["server_cert_path"], "--tls-key", certs["client_key_path"])
    assert r.returncode == 2, r.stderr
    assert "matching private key" in r.stderr and "Traceback" not in r.stderr


def test_tls_and_token_from_the_command_line(serve_process, certs, tmp_path, token):
    tok = tmp_path / "token"
    tok.write_text(token)
    srv = serve_process("--workers", "0", "--tls-cert", certs["server_cert_path"], "--tls-key", certs["server_key_path"], "--tls-client-ca", certs["ca_path"], "--token-file", str(tok))
    creds = grpc.ssl_channel_credentials(root_certificates=certs["ca"], private_key=certs["client_key"], certificate_chain=certs["client_cert"])
    with grpc.secure_channel(srv.address, creds) as ch:
        calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
        with pytest.raises(grpc.RpcError) as ei:
            calc.Compute(compute_request(), timeout=10)
        assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert calc.Compute(compute_request(), timeout=10, metadata=[("authorization", f"Bearer {token}")]).calculator == "cockcroft_gault"
    srv.signal(signal.SIGTERM)
    assert srv.wait(20) == 0
    assert "mTLS, token auth" in srv.stderr
