"""The scorer the adapters share: ``RewardScorer`` (the services scorer, plus ``address`` for a
remote clinverify server through ``clinverify.clients.grpc_client``) and one shared scorer per
address and options (``get_scorer``), closed at exit."""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Mapping
from typing import Any

from clinverify.services.reward_scoring import Scorer
from clinverify.verifier.rewards import check_reward

__all__ = ["RewardScorer", "connect", "get_scorer", "scorer_for"]


def connect(address: str, **client_kwargs: Any) -> Any:
    """A ``grpc_client.Client`` for ``address`` (imported only when a server is used)."""
    from clinverify.clients.grpc_client import Client

    return Client(address, **client_kwargs)


class RewardScorer(Scorer):
    """Verifies rows and turns results into rewards; in-process by default, remote with ``address``.

    In-process: batches of at least ``min_parallel`` rows are split over ``workers`` worker
    processes (default: the usable CPUs, at most 8; ``0`` = verify in this process; env
    ``CLINVERIFY_REWARD_WORKERS``), started on first use or by ``warmup()``. Results are cached
    (``cache_size`` most recent distinct rows; the verifier is deterministic), so repeated
    completions inside a GRPO group cost nothing.

    Remote: ``address`` (``host:port``) or ``client`` (a ``grpc_client.Client``); extra keyword
    arguments (``token``, ``root_certificates``, ``timeout``, ...) go to the Client.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Any = None,
        reward: str | Mapping[str, float] = "reward",
        none_value: float | None = None,
        workers: int | None = None,
        min_parallel: int = 64,
        cache_size: int = 4096,
        max_chars: int | None = None,
        **client_kwargs: Any,
    ):
        check_reward(reward)  # before connecting
        own = False
        if client is None and address:
            client, own = connect(address, **client_kwargs), True
        elif client_kwargs:
            raise TypeError(f"unexpected arguments without an address: {', '.join(sorted(client_kwargs))}")
        super().__init__(
            client=client, own_client=own, reward=reward, none_value=none_value, workers=workers,
            min_parallel=min_parallel, cache_size=cache_size, max_chars=max_chars,
        )


_SCORERS: dict[tuple, Scorer] = {}
_SCORERS_LOCK = threading.Lock()


def get_scorer(address: str | None = None, *, workers: int | None = None, **client_kwargs: Any) -> RewardScorer:
    """A shared scorer for ``address`` (None: in-process; env ``CLINVERIFY_ADDRESS`` names a
    server for every adapter that is given none; ``CLINVERIFY_TOKEN`` its token)."""
    if address is None:
        address = os.environ.get("CLINVERIFY_ADDRESS") or None
        if address and "token" not in client_kwargs and os.environ.get("CLINVERIFY_TOKEN"):
            client_kwargs["token"] = os.environ["CLINVERIFY_TOKEN"]
    key = (address, workers, tuple(sorted((k, repr(v)) for k, v in client_kwargs.items())))
    with _SCORERS_LOCK:
        s = _SCORERS.get(key)
        if s is None:
            s = RewardScorer(address, workers=workers, **client_kwargs)
            _SCORERS[key] = s
        return s  # type: ignore[return-value]


@atexit.register
def _close_scorers() -> None:
    with _SCORERS_LOCK:
        scorers = list(_SCORERS.values())
        _SCORERS.clear()
    for s in scorers:
        try:
            s.close()
        except Exception:
            pass


def scorer_for(address: str | None, client: Any, workers: int | None, client_kwargs: Mapping[str, Any]) -> Scorer:
    """The scorer an adapter call uses: ``client`` itself when it is a scorer, a shared scorer
    around a ``client`` object, else ``get_scorer(address, workers=..., **client_kwargs)``."""
    if isinstance(client, Scorer):
        return client
    if client is not None:
        key = ("client", id(client))
        with _SCORERS_LOCK:
            s = _SCORERS.get(key)
            if s is None:
                s = _SCORERS[key] = RewardScorer(client=client)
            return s
    return get_scorer(address, workers=workers, **client_kwargs)
