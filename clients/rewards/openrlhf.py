"""OpenRLHF's Python reward-function mode: ``reward_func(queries, prompts, labels)``.

A file with ``from clinverify.clients.rewards.openrlhf import reward_func`` (or the documented
``from clinverify.clients.openrlhf_server import reward_func``) passed as ``--reward.remote_url``
(OpenRLHF 0.11.2 loads a value ending in ``.py`` as a file and calls its ``reward_func`` with one
sample at a time).
The HTTP endpoint (``python -m clinverify.clients.openrlhf_server``) answers the same protocol
(``clinverify.services.reward_http``).
"""

from __future__ import annotations

import threading
from typing import Any

from clinverify.clients.rewards.scorer import get_scorer
from clinverify.services.reward_http import score_request
from clinverify.services.reward_scoring import Scorer

__all__ = ["reward_func"]

_DEFAULT_SCORER: Scorer | None = None
_DEFAULT_LOCK = threading.Lock()


def reward_func(queries: list[str], prompts: list[str], labels: list[Any], **kwargs: Any) -> dict[str, Any]:
    """OpenRLHF ``reward_func(queries, prompts, labels)``: the same answer as the HTTP endpoint,
    computed in this process (or on the server named by ``CLINVERIFY_ADDRESS``)."""
    global _DEFAULT_SCORER
    with _DEFAULT_LOCK:
        if _DEFAULT_SCORER is None:
            _DEFAULT_SCORER = get_scorer()
    return score_request({"query": list(queries), "prompts": list(prompts), "labels": list(labels)}, _DEFAULT_SCORER, kwargs.get("reward"))
