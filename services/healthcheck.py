"""A gRPC health probe for containers: ``python -m clinverify.services.healthcheck``.

Calls ``grpc.health.v1.Health/Check`` (TLS when ``--tls-ca`` is given, with the bearer token when
``--token-file`` is given) and exits 0 when the server answers SERVING, 1 otherwise. Kubelet's
native gRPC probe cannot speak TLS; this is the exec-probe replacement (k8s/standalone/).

    python -m clinverify.services.healthcheck --address 127.0.0.1:50051 \\
        [--tls-ca ca.crt --server-name clinverify] [--token-file token] [--service NAME] [--timeout 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def check(address: str, *, tls_ca: str | None = None, server_name: str | None = None, token: str | None = None, service: str = "", timeout: float = 3.0) -> str:
    """The serving status name ("SERVING", "NOT_SERVING", ...); raises grpc.RpcError on failure."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    if tls_ca:
        creds = grpc.ssl_channel_credentials(root_certificates=Path(tls_ca).read_bytes())
        opts = [("grpc.ssl_target_name_override", server_name)] if server_name else []
        channel = grpc.secure_channel(address, creds, options=opts)
    else:
        channel = grpc.insecure_channel(address)
    md = [("authorization", f"Bearer {token}")] if token else None
    with channel:
        resp = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout, metadata=md)
    return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m clinverify.services.healthcheck", description=__doc__.splitlines()[0])
    ap.add_argument("--address", default="127.0.0.1:50051")
    ap.add_argument("--tls-ca", help="CA (or self-signed server) certificate to verify the server with")
    ap.add_argument("--server-name", help="name to check the certificate against (default: the address host)")
    ap.add_argument("--token-file", help="file holding the bearer token")
    ap.add_argument("--service", default="", help="service name to check ('' = the whole server)")
    ap.add_argument("--timeout", type=float, default=3.0)
    a = ap.parse_args(argv)
    try:
        token = Path(a.token_file).read_text(encoding="utf-8").strip() if a.token_file else None
    except OSError as exc:
        print(f"healthcheck: cannot read {a.token_file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        status = check(a.address, tls_ca=a.tls_ca, server_name=a.server_name, token=token, service=a.service, timeout=a.timeout)
    except Exception as exc:  # grpc.RpcError, OSError (bad CA file), ...
        detail = exc.details() if callable(getattr(exc, "details", None)) else str(exc)
        print(f"healthcheck: {a.address}: {detail or exc}", file=sys.stderr)
        return 1
    print(status)
    return 0 if status == "SERVING" else 1


if __name__ == "__main__":
    sys.exit(main())
