"""`clinverify serve --ray` entry point (serve_ray) end to end: --port 0 picks a port, prints
`listening on HOST:PORT`, enforces the token, exits 0 on SIGTERM."""

import signal
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

import grpc  # noqa: E402

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc  # noqa: E402

SCRIPT = """
import argparse, sys
from clinverify.services.ray_app import serve_ray
sys.exit(serve_ray(argparse.Namespace(host="127.0.0.1", port=0, http_port={http}, backend="none", num_cpus=2, token_file={token!r})))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_ray_runs_until_sigterm(tmp_path):
    token = tmp_path / "token"
    token.write_text("t0ken\n")
    proc = subprocess.Popen([sys.executable, "-P", "-c", SCRIPT.format(http=_free_port(), token=str(token))], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line, deadline = "", time.time() + 120
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line or line.startswith("listening on "):
                break
        assert line.startswith("listening on 127.0.0.1:"), line
        address = line.split("listening on ", 1)[1].strip()
        with grpc.insecure_channel(address) as ch:
            stub = calculator_pb2_grpc.CalculatorServiceStub(ch)
            cat = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), metadata=[("authorization", "Bearer t0ken")], timeout=60)
            with pytest.raises(grpc.RpcError) as ei:
                stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), timeout=60)
            assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert len(cat.calculators) > 40
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
