"""The OpenRLHF reward endpoint, client-side entry point (kept for the documented paths).

    python -m clinverify.clients.openrlhf_server --port 5000      # prints "listening on HOST:PORT"
    python -m openrlhf.cli.train_ppo_ray ... --reward.remote_url http://127.0.0.1:5000/get_reward --data.label_key answer

The protocol and the HTTP server are ``clinverify.services.reward_http``, with its options:
``--auth-token-file`` (the bearer token every POST must send; else ``CLINVERIFY_TOKEN_FILE`` /
``CLINVERIFY_TOKEN``), ``--read-timeout``, ``--idle-timeout``, ``--max-connections``,
``--max-body-mb``. This command adds ``--address`` (with ``--token-file``, the token sent to that
server, ``--tls-ca``, ``--tls-cert``, ``--tls-key``) to verify on a clinverify gRPC server through
``clinverify.clients.grpc_client``. ``reward_func`` is OpenRLHF's Python reward-function mode
(``clinverify.clients.rewards.openrlhf``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from clinverify.clients.rewards.openrlhf import reward_func
from clinverify.clients.rewards.scorer import connect
from clinverify.services import reward_http
from clinverify.services.reward_http import (
    LOG_KEYS,
    ProtocolError,
    RewardServer,
    response_text,
    rows_from_request,
    score_request,
)

__all__ = ["LOG_KEYS", "ProtocolError", "RewardServer", "main", "response_text", "reward_func", "rows_from_request", "score_request"]


def main(argv: Sequence[str] | None = None) -> int:
    """The reward server (``clinverify.services.reward_http.main``) with ``--address`` support."""
    return reward_http.main(argv, connect=connect, prog="python -m clinverify.clients.openrlhf_server")


if __name__ == "__main__":
    sys.exit(main())
