"""`clinverify serve --ray` entry point (serve_ray) end to end: --port 0 picks a port, prints
`listening on [::]:PORT` (Ray's gRPC proxy binds all interfaces) and `http on HOST:PORT`,
serves Compute and VerifyBatch, enforces the token, answers server reflection v1 and v1alpha
(from the proxy itself: services/ray_reflection.py), exits 0 on SIGTERM. Without the model's
packages ([serve] alone) the default backend deploys without the Reasoner: ReasoningService is
NOT_SERVING, the rest serves."""

import importlib.util
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

import grpc  # noqa: E402
from grpc_health.v1 import health_pb2, health_pb2_grpc  # noqa: E402

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, verifier_pb2, verifier_pb2_grpc  # noqa: E402
from clinverify.services import codec  # noqa: E402
from clinverify.services.ray_app import reasoning_deps_missing  # noqa: E402

# The default backend where its packages are missing (the app comes up without the Reasoner);
# "none" where they are installed (no model load in this test).
BACKEND = None if reasoning_deps_missing("transformers") else "none"

SCRIPT = """
import argparse, sys
from clinverify.services.ray_app import serve_ray
sys.exit(serve_ray(argparse.Namespace(host="127.0.0.1", port=0, http_port={http}, backend={backend!r}, num_cpus=2, token_file={token!r})))
"""


def _reflection_clients():
    """tests/services/test_reflection.py's v1 and v1alpha clients (v1 built apart from the server's code)."""
    spec = importlib.util.spec_from_file_location("_clinverify_reflection_clients", Path(__file__).resolve().parents[1] / "test_reflection.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_ray_runs_until_sigterm(tmp_path):
    token = tmp_path / "token"
    token.write_text("t0ken\n")
    http_port = _free_port()
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-P", "-c", SCRIPT.format(http=http_port, backend=BACKEND, token=str(token))], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line, deadline = "", time.time() + 120
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line or line.startswith("listening on "):
                break
        assert line.startswith("listening on [::]:"), line
        listening_s = time.monotonic() - started
        address = line.split("listening on ", 1)[1].strip()
        assert proc.stderr.readline().strip() == f"http on 127.0.0.1:{http_port}"
        with grpc.insecure_channel(address) as ch:
            stub = calculator_pb2_grpc.CalculatorServiceStub(ch)
            cat = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), metadata=[("authorization", "Bearer t0ken")], timeout=60)
            with pytest.raises(grpc.RpcError) as ei:
                stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), timeout=60)
            assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
            health = health_pb2_grpc.HealthStub(ch)
            reasoning = health.Check(health_pb2.HealthCheckRequest(service="clinverify.api.v1.ReasoningService"), timeout=60)
            assert reasoning.status == health_pb2.HealthCheckResponse.NOT_SERVING
            # per-service health: the others serve, an unknown name is NOT_FOUND (not SERVING)
            for name in ("", "clinverify.api.v1.CalculatorService", "clinverify.api.v1.VerifierService"):
                assert health.Check(health_pb2.HealthCheckRequest(service=name), timeout=60).status == health_pb2.HealthCheckResponse.SERVING
            with pytest.raises(grpc.RpcError) as ei:
                health.Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=60)
            assert ei.value.code() == grpc.StatusCode.NOT_FOUND
        assert len(cat.calculators) > 40
        print(f"serve --ray: listening {listening_s:.1f} s after start")
        assert listening_s < 120  # about 20 s on this 2-core machine; the issue asks for 60 s
        with grpc.insecure_channel(address) as ch:
            md = [("authorization", "Bearer t0ken")]
            entities = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}
            out = calculator_pb2_grpc.CalculatorServiceStub(ch).Compute(
                calculator_pb2.ComputeRequest(calculator={"key": "cockcroft_gault"}, entities=codec.to_struct(entities)), metadata=md, timeout=60)
            assert out.value.decimal == pytest.approx(25.238, abs=1e-3)
            traces = ["CrCl = (140 - 87) * 48 / (72 * 1.4) = 25.24 mL/min", "CrCl = (140 - 87) * 48 / (72 * 1.4) = 35.24 mL/min"]
            batch = verifier_pb2_grpc.VerifierServiceStub(ch).VerifyBatch(
                verifier_pb2.VerifyBatchRequest(requests=[verifier_pb2.VerifyRequest(id=str(i), trace=t) for i, t in enumerate(traces)]), metadata=md, timeout=60)
            assert [r.id for r in batch.results] == ["0", "1"]
            assert [min(s.score for s in r.steps) for r in batch.results] == [1.0, 0.0]
            # reflection v1 (current grpcurl) and v1alpha, answered by the proxy (no token there)
            refl = _reflection_clients()
            wanted = {*refl.SERVICES, "grpc.health.v1.Health", refl.V1, refl.V1ALPHA}
            assert wanted <= set(refl.v1_list_services(ch)) and wanted <= set(refl.v1alpha_list_services(ch))
            calc, v1 = refl.v1_info(ch, [refl.V1Request(file_containing_symbol=s) for s in (refl.SERVICES[0], refl.V1)])
            assert any(any(x.name == "CalculatorService" for x in f.service) for f in refl._file_protos(calc))
            assert any(f.package == "grpc.reflection.v1" for f in refl._file_protos(v1))
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
