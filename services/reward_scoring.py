"""The reward scorer: verify rows (locally, spread over worker processes, or through an injected
remote verifier), cache the results and turn them into rewards (``clinverify.verifier.rewards``).

Local verification of batches of at least ``min_parallel`` rows runs in ``python -P -m
clinverify.services.reward_worker`` subprocesses (``WorkerPool``). A remote verifier is any
object with ``verify_batch(rows) -> list of verify output objects`` (and ``close()``), e.g.
``clinverify.clients.grpc_client.Client``; the caller builds it and passes it in.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from clinverify.services import reward_worker
from clinverify.verifier.rewards import check_reward, correction_cost, details, reward_of, step_rewards, step_scores

__all__ = ["WORKER_MODULE", "Scorer", "WorkerPool", "default_workers"]

WORKER_MODULE = "clinverify.services.reward_worker"  # run with ``python -P -m``
_WARMUP_ROW = {"trace": "MAP = 2/3 * 85 + 1/3 * 140 = 103.33 mm Hg. Answer: 103.33", "calculator": 5}


class WorkerPool:
    """N ``python -P -m clinverify.services.reward_worker`` subprocesses, fed chunks of rows."""

    def __init__(self, n: int, max_chars: int | None):
        self._max_chars = max_chars
        self._free: queue.Queue = queue.Queue()
        self._procs: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._closed = False
        starters = [self._spawn() for _ in range(n)]
        for p in starters:
            self._await_ready(p)
            self._free.put(p)
        self._threads = ThreadPoolExecutor(max_workers=n, thread_name_prefix="clinverify-reward")
        self.size = n

    def _spawn(self) -> subprocess.Popen:
        p = subprocess.Popen(
            [sys.executable, "-P", "-m", WORKER_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
            close_fds=True,
        )
        with self._lock:
            self._procs.append(p)
        return p

    def _await_ready(self, p: subprocess.Popen) -> None:
        try:
            msg = reward_worker.recv(p.stdout)
        except Exception as exc:
            raise RuntimeError(f"reward worker failed to start: {exc}") from None
        if msg != "ready":
            raise RuntimeError(f"reward worker failed to start: {msg!r}")

    def _run(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        p = self._free.get()
        try:
            reward_worker.send(p.stdin, (rows, self._max_chars))
            status, payload = reward_worker.recv(p.stdout)
        except BaseException:
            self._kill(p)
            if not self._closed:
                try:
                    fresh = self._spawn()
                    self._await_ready(fresh)
                    self._free.put(fresh)
                except Exception:
                    pass
            raise
        self._free.put(p)
        if status != "ok":
            raise RuntimeError(f"reward worker: {payload}")
        return payload

    def map(self, chunks: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        return list(self._threads.map(self._run, chunks))

    def _kill(self, p: subprocess.Popen) -> None:
        with self._lock:
            if p in self._procs:
                self._procs.remove(p)
        try:
            p.kill()
            p.wait(timeout=5)
        except Exception:
            pass

    def close(self) -> None:
        self._closed = True
        self._threads.shutdown(wait=True)
        with self._lock:
            procs, self._procs = self._procs, []
        for p in procs:
            try:
                p.stdin.close()  # EOF: the worker exits
                p.wait(timeout=5)
            except Exception:
                p.kill()
            finally:
                if p.stdout is not None:
                    p.stdout.close()


def default_workers() -> int:
    """Env ``CLINVERIFY_REWARD_WORKERS``, else the usable CPUs, at most 8 (0 on one CPU)."""
    env = os.environ.get("CLINVERIFY_REWARD_WORKERS")
    if env is not None and env.strip():
        return max(0, int(env))
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if n < 2 else min(n, 8)


def _cache_key(row: Mapping[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)


class Scorer:
    """Verifies rows and turns results into rewards; locally by default, remote with ``client``.

    Local: batches of at least ``min_parallel`` rows are split over ``workers`` worker
    processes (default: the usable CPUs, at most 8; ``0`` = verify in this process; env
    ``CLINVERIFY_REWARD_WORKERS``), started on first use or by ``warmup()``. Results are cached
    (``cache_size`` most recent distinct rows; the verifier is deterministic), so repeated
    completions inside a GRPO group cost nothing.

    Remote: ``client``, an object with ``verify_batch(rows)`` (e.g. a ``grpc_client.Client``);
    with ``own_client`` it is closed by ``close()``. Remote results are not cached.
    """

    def __init__(
        self,
        *,
        client: Any = None,
        own_client: bool = False,
        reward: str | Mapping[str, float] = "reward",
        none_value: float | None = None,
        workers: int | None = None,
        min_parallel: int = 64,
        cache_size: int = 4096,
        max_chars: int | None = None,
    ):
        self.reward = check_reward(reward)
        self.none_value = none_value
        self._client = client
        self._own_client = own_client and client is not None
        self.workers = default_workers() if workers is None else max(0, int(workers))
        self.min_parallel = max(1, int(min_parallel))
        self.max_chars = max_chars
        self._pool: WorkerPool | None = None
        self._pool_failed = False
        self._pool_lock = threading.Lock()
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._cache_size = max(0, int(cache_size))
        self._cache_lock = threading.Lock()

    @property
    def remote(self) -> bool:
        return self._client is not None

    # -- lifecycle -----------------------------------------------------------------------------

    def warmup(self) -> Scorer:
        """Start the worker processes now (otherwise on the first large batch)."""
        if not self.remote:
            self._get_pool()
            reward_worker.verify_rows([dict(_WARMUP_ROW)], None)
        return self

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        if self._own_client and self._client is not None:
            self._client.close()

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _get_pool(self) -> WorkerPool | None:
        if self.workers < 2 or self._pool_failed:
            return None
        with self._pool_lock:
            if self._pool is None and not self._pool_failed:
                try:
                    self._pool = WorkerPool(self.workers, self.max_chars)
                except Exception as exc:  # no subprocesses here: score in this process
                    warnings.warn(f"clinverify reward workers unavailable ({exc}); scoring in-process", RuntimeWarning, stacklevel=3)
                    self._pool_failed = True
            return self._pool

    # -- verification --------------------------------------------------------------------------

    def verify(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Verify rows -> ``verify`` output objects, in order. Local results omit each step's
        ``text`` (the trace's own characters, recoverable from ``span``); treat them as read-only."""
        rows = list(rows)
        if not rows:
            return []
        if self.remote:
            return self._client.verify_batch(rows)
        keys = [_cache_key(r) for r in rows] if self._cache_size else [None] * len(rows)
        out: list[dict[str, Any] | None] = [None] * len(rows)
        todo: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, k in enumerate(keys):
                hit = self._cache.get(k) if k is not None else None
                if hit is not None:
                    self._cache.move_to_end(k)
                    out[i] = hit
                else:
                    todo.setdefault(k if k is not None else f"#{i}", []).append(i)
        if todo:
            firsts = [idx[0] for idx in todo.values()]
            results = self._verify_uncached([rows[i] for i in firsts])
            with self._cache_lock:
                for idx, res in zip(todo.values(), results, strict=True):
                    for i in idx:
                        out[i] = res
                    k = keys[idx[0]]
                    if k is not None:
                        self._cache[k] = res
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out  # type: ignore[return-value]

    def _verify_uncached(self, rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        rows = [dict(r) for r in rows]
        pool = self._get_pool() if len(rows) >= self.min_parallel else None
        if pool is None:
            return reward_worker.verify_rows(rows, self.max_chars)
        n = len(rows)
        parts = min(n, pool.size * 4)
        size = -(-n // parts)
        chunks = [rows[i : i + size] for i in range(0, n, size)]
        try:
            return [r for chunk in pool.map(chunks) for r in chunk]
        except Exception as exc:
            warnings.warn(f"clinverify reward workers failed ({exc}); scoring in-process", RuntimeWarning, stacklevel=3)
            return reward_worker.verify_rows(rows, self.max_chars)

    # -- rewards -------------------------------------------------------------------------------

    def rewards(self, rows: Sequence[Mapping[str, Any]], reward: str | Mapping[str, float] | None = None) -> list[float | None]:
        """One reward per row; ``None`` (or ``none_value`` when set) where not applicable."""
        kind = self.reward if reward is None else check_reward(reward)
        out = []
        for res in self.verify(rows):
            r = reward_of(res, kind)
            out.append(r if r is not None else self.none_value)
        return out

    def details(self, rows: Sequence[Mapping[str, Any]], *, steps: bool = False, reward: Any = None) -> list[dict[str, Any]]:
        """Per row: ``score`` plus the verifier's scores, ``applicable``, ``first_error`` (-1 when
        none), ``calculator``, ``verify_error`` and, with ``steps=True``, ``step_scores``."""
        kind = self.reward if reward is None else check_reward(reward)
        return [details(res, kind, self.none_value, steps) for res in self.verify(rows)]

    def process_rewards(self, rows: Sequence[Mapping[str, Any]]) -> list[list[float]]:
        """Per row, the per-step process rewards in step order."""
        return [step_scores(res, correction_cost(self.reward)) for res in self.verify(rows)]

    def step_rewards(self, rows: Sequence[Mapping[str, Any]]) -> list[list[dict[str, Any]]]:
        """Per row, each step's ``{"span": [start, end), "score", "verdict", "error"}``: place a
        process reward at the token holding character ``end - 1`` of the response."""
        return [step_rewards(res, correction_cost(self.reward)) for res in self.verify(rows)]
