"""Where the services' work runs: the ``Executor`` interface and its local implementation.

The service cores (``calculator_core``, ``verifier_core``, ``reasoning.core``, the reward
endpoint) validate requests and shape responses; an executor runs the per-item work:

- ``LocalExecutor``: inline on the event loop, or over the ``workers.Pool`` process pool for
  batches (the standalone ``clinverify serve`` and the HTTP reward server);
- ``ray_deployments.RayExecutor``: on the Calculators and Verifier deployments' replicas
  (``clinverify serve --ray``).

Every method is a coroutine. Batch methods honour ``deadline`` (a function giving the seconds
left, or None) where the transport has one and raise ``ServiceError`` DEADLINE_EXCEEDED when it
runs out; a failed item carries its own ``error``.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from clinverify.api.v1 import calculator_pb2, verifier_pb2
from clinverify.services import items
from clinverify.services.errors import WORKER_DIED, deadline_exceeded
from clinverify.services.workers import Pool, compute_chunk, verify_chunk

Deadline = Callable[[], float | None] | None

INLINE_SLICE = 16  # items between yields to the event loop on the inline path
COMPUTE_CHUNK = 256  # most ComputeBatch items per worker task (each takes tens of microseconds)


class Executor(Protocol):
    """What the service cores need run. Messages in, messages out (per-item errors inside)."""

    def check_deadline(self, deadline: Deadline, message: str) -> None: ...

    async def compute(self, request: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
        """One ComputeRequest; bad input raises ServiceError."""

    async def compute_batch(self, requests: Sequence[calculator_pb2.ComputeRequest], pool_min: int, deadline: Deadline) -> Any:
        """A ComputeBatchResponse (or an object whose SerializeToString() is one)."""

    async def verify(self, request: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
        """One validated VerifyRequest; errors in the response's ``error``."""

    async def verify_batch(self, requests: Sequence[verifier_pb2.VerifyRequest], max_trace_chars: int, deadline: Deadline) -> Any:
        """A VerifyBatchResponse (or an object whose SerializeToString() is one)."""

    async def verify_candidates(self, texts: list[str], context: dict[str, Any]) -> list:
        """GenerateAndVerify's candidates verified, grounded and ranked (``best_of_n.Candidate``)."""

    async def verify_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``verify`` input rows -> output objects (the reward endpoint)."""


class LocalExecutor:
    """Inline, or over a process pool for batches of ``pool.inline_below`` items or more (cut into
    chunks; smaller ones run inline, yielding to the loop between slices). ``stats`` counts
    deadline-exceeded and cancelled batches."""

    def __init__(self, pool: Pool | None = None, stats: Counter | None = None):
        self.pool = pool if pool is not None else Pool(0)
        self.stats = stats if stats is not None else Counter()

    def check_deadline(self, deadline: Deadline, message: str) -> None:
        rem = deadline() if deadline is not None else None
        if rem is not None and rem <= 0:
            self.stats["deadline_exceeded"] += 1
            raise deadline_exceeded(message)

    async def compute(self, request):
        return items.compute_message(request)

    async def compute_batch(self, requests, pool_min, deadline):
        n = len(requests)
        use_pool = self.pool.use_pool(n) and n >= pool_min
        results = await self._run(requests, items.compute_item, compute_chunk, (), deadline, use_pool, calculator_pb2.ComputeResponse, COMPUTE_CHUNK)
        return calculator_pb2.ComputeBatchResponse(results=results)

    async def verify(self, request, max_trace_chars):
        if not self.pool.enabled:  # a verification is up to a second of CPU: never on the event loop
            return await asyncio.to_thread(items.verify_item, request, max_trace_chars)
        try:
            (blob,) = await self.pool.run_one(verify_chunk, [request.SerializeToString()], max_trace_chars)
        except BrokenProcessPool:
            return items.error_item(verifier_pb2.VerifyResponse(id=request.id), WORKER_DIED)
        return verifier_pb2.VerifyResponse.FromString(blob)

    async def verify_batch(self, requests, max_trace_chars, deadline):
        use_pool = self.pool.use_pool(len(requests))
        results = await self._run(requests, items.verify_item, verify_chunk, (max_trace_chars,), deadline, use_pool, verifier_pb2.VerifyResponse, None, in_thread=True)
        return verifier_pb2.VerifyBatchResponse(results=results)

    async def verify_candidates(self, texts, context):
        from clinverify.services.reasoning.best_of_n import verify_candidates

        return await asyncio.to_thread(verify_candidates, texts, **context)

    async def verify_rows(self, rows):
        from clinverify.verifier.batch import verify_row

        return await asyncio.to_thread(lambda: [verify_row(r) for r in rows])

    async def _run(self, messages, item_fn, chunk_fn, args: tuple, deadline: Deadline, use_pool: bool, response_type, chunk: int | None, in_thread: bool = False) -> list:
        """Responses for ``messages``, in order: over the pool (serialized messages travel), or
        here — on the event loop in slices for cheap items (compute: microseconds each), in a
        worker thread for costly ones (``in_thread``: verification), so the loop keeps
        answering other calls, health checks included."""
        n = len(messages)
        try:
            if use_pool:
                blobs = [m.SerializeToString() for m in messages]
                try:
                    out = await self.pool.map_chunks(chunk_fn, blobs, *args, deadline=deadline, chunk=chunk)
                except TimeoutError:
                    self.stats["deadline_exceeded"] += 1
                    raise deadline_exceeded(f"deadline exceeded while processing a batch of {n} items") from None
                parse = response_type.FromString
                return [parse(b) for b in out]
            if in_thread:
                return await self._run_in_thread(messages, item_fn, args, deadline)
            results = []
            for i, m in enumerate(messages):
                if i and i % INLINE_SLICE == 0:
                    await asyncio.sleep(0)
                    self.check_deadline(deadline, f"deadline exceeded after {i} of {n} items")
                results.append(item_fn(m, *args))
            return results
        except asyncio.CancelledError:
            self.stats["cancelled"] += 1
            raise

    async def _run_in_thread(self, messages, item_fn, args: tuple, deadline: Deadline) -> list:
        """The items one after another in a worker thread, which stops between items when the
        call's deadline passes or the call is cancelled."""
        n = len(messages)
        rem = deadline() if deadline is not None else None
        end = None if rem is None else time.monotonic() + rem
        stop = threading.Event()

        def work() -> list | int:
            out = []
            for i, m in enumerate(messages):
                if stop.is_set() or (end is not None and time.monotonic() >= end):
                    return i
                out.append(item_fn(m, *args))
            return out

        try:
            out = await asyncio.to_thread(work)
        finally:
            stop.set()
        if isinstance(out, int):
            self.stats["deadline_exceeded"] += 1
            raise deadline_exceeded(f"deadline exceeded after {out} of {n} items")
        return out
