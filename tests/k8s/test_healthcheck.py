"""The exec-probe health check used by k8s/standalone/deployment.yaml, against a TLS server."""

from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from clinverify.services.healthcheck import main


@pytest.fixture
def tls_server(certs):
    # The shared test certificates (tests/conftest.py): a CA and a server certificate for localhost.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    hs = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(hs, server)
    port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(certs["server_key"], certs["server_cert"])]))
    server.start()
    yield f"127.0.0.1:{port}", hs, certs["ca_path"]
    server.stop(None)


def test_serving_over_tls(tls_server, capsys):
    addr, _, ca = tls_server
    assert main(["--address", addr, "--tls-ca", str(ca), "--server-name", "localhost"]) == 0
    assert capsys.readouterr().out.strip() == "SERVING"


def test_not_serving_and_unreachable(tls_server, tmp_path):
    addr, hs, ca = tls_server
    hs.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert main(["--address", addr, "--tls-ca", str(ca), "--server-name", "localhost"]) == 1
    assert main(["--address", "127.0.0.1:1", "--timeout", "0.5"]) == 1
    assert main(["--address", addr, "--token-file", str(tmp_path / "missing")]) == 2
