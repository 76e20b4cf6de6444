"""The exec-probe health check used by k8s/standalone/deployment.yaml, against a TLS server."""

import datetime as dt
from concurrent import futures

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from clinverify.services.healthcheck import main


def _self_signed(tmp_path):
    crypto = pytest.importorskip("cryptography")  # noqa: F841
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clinverify")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("clinverify")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    crt = cert.public_bytes(serialization.Encoding.PEM)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "tls.crt").write_bytes(crt)
    return crt, pem


@pytest.fixture
def tls_server(tmp_path):
    crt, pem = _self_signed(tmp_path)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    hs = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(hs, server)
    port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(pem, crt)]))
    server.start()
    yield f"127.0.0.1:{port}", hs, tmp_path / "tls.crt"
    server.stop(None)


def test_serving_over_tls(tls_server, capsys):
    addr, _, ca = tls_server
    assert main(["--address", addr, "--tls-ca", str(ca), "--server-name", "clinverify"]) == 0
    assert capsys.readouterr().out.strip() == "SERVING"


def test_not_serving_and_unreachable(tls_server, tmp_path):
    addr, hs, ca = tls_server
    hs.set("", health_pb2.HealthCheckResponse.NOT_SERVING)
    assert main(["--address", addr, "--tls-ca", str(ca), "--server-name", "clinverify"]) == 1
    assert main(["--address", "127.0.0.1:1", "--timeout", "0.5"]) == 1
    assert main(["--address", addr, "--token-file", str(tmp_path / "missing")]) == 2
