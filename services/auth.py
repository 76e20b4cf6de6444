"""Bearer-token authentication, the same for every transport: the grpc.aio interceptor
(``interceptors.AuthInterceptor``), the Ray Gateway (gRPC metadata and HTTP headers) and the
HTTP reward server. Health checks are exempt everywhere.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

HEALTH_PREFIX = "/grpc.health.v1.Health/"
UNAUTHENTICATED_MESSAGE = "missing or invalid bearer token (send 'authorization: Bearer <token>')"


def load_token(token_file: str | None = None) -> str | None:
    """The configured token: ``token_file``, else the file named by ``CLINVERIFY_TOKEN_FILE``,
    else ``CLINVERIFY_TOKEN``; None when none is set (no authentication). An empty file is an
    error (a server that meant to require a token must not start open)."""
    path = token_file or os.environ.get("CLINVERIFY_TOKEN_FILE")
    if path:
        tok = Path(path).read_text(encoding="utf-8").strip()
        if not tok:
            raise ValueError(f"token file {path} is empty")
        return tok
    tok = os.environ.get("CLINVERIFY_TOKEN", "").strip()
    return tok or None


def bearer_matches(header: str | None, expected_token: bytes) -> bool:
    """Constant-time check of an ``authorization`` value against ``Bearer <token>``."""
    if not header:
        return False
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode("utf-8", "surrogateescape"), expected_token)


def bearer_ok(expected: str | None, header: str | None) -> bool:
    """True when no token is configured, or ``header`` carries it."""
    if expected is None:
        return True
    return bearer_matches(header, expected.encode("utf-8"))
