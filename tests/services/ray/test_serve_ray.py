"""`clinverify serve --ray` entry point (serve_ray) end to end: --port 0 picks a port, prints
`listening on [::]:PORT` (Ray's gRPC proxy binds all interfaces) and `http on HOST:PORT`,
enforces the token, exits 0 on SIGTERM. Without the model's packages ([serve] alone) the default
backend deploys without the Reasoner: ReasoningService is NOT_SERVING, the rest serves."""

import signal
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

import grpc  # noqa: E402
from grpc_health.v1 import health_pb2, health_pb2_grpc  # noqa: E402

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc  # noqa: E402
from clinverify.services.ray_app import reasoning_deps_missing  # noqa: E402

# The default backend where its packages are missing (the app comes up without the Reasoner);
# "none" where they are installed (no model load in this test).
BACKEND = None if reasoning_deps_missing("transformers") else "none"

SCRIPT = """
import argparse, sys
from clinverify.services.ray_app import serve_ray
sys.exit(serve_ray(argparse.Namespace(host="127.0.0.1", port=0, http_port={http}, backend={backend!r}, num_cpus=2, token_file={token!r})))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_ray_runs_until_sigterm(tmp_path):
    token = tmp_path / "token"
    token.write_text("t0ken\n")
    http_port = _free_port()
    proc = subprocess.Popen([sys.executable, "-P", "-c", SCRIPT.format(http=http_port, backend=BACKEND, token=str(token))], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line, deadline = "", time.time() + 120
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line or line.startswith("listening on "):
                break
        assert line.startswith("listening on [::]:"), line
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
        assert len(cat.calculators) > 40
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
