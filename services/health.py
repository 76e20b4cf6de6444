"""What ``grpc.health.v1.Health`` answers, the same on every transport: the overall server ("")
and each API service is SERVING, except ReasoningService when no reasoning model is configured
(its calls answer UNIMPLEMENTED), and everything is NOT_SERVING while the server drains.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

SERVICE_NAMES = (
    "clinverify.api.v1.CalculatorService",
    "clinverify.api.v1.VerifierService",
    "clinverify.api.v1.ReasoningService",
)
REASONING_SERVICE = "clinverify.api.v1.ReasoningService"


def serving(service: str, *, reasoning_available: bool, draining: bool = False) -> bool | None:
    """Whether ``service`` ("" for the whole server) is serving; None for a name this server
    does not know (Health answers NOT_FOUND / SERVICE_UNKNOWN)."""
    if service not in ("", *SERVICE_NAMES):
        return None
    if draining:
        return False
    return reasoning_available or service != REASONING_SERVICE
