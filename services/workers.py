"""CPU-bound batch work, run inline or spread over a process pool.

Chunks travel as serialized protobuf messages (``bytes`` in, ``bytes`` out): pickling bytes is
nearly free, and the per-item conversions (Struct -> dict, dict -> message) happen in the worker
processes rather than on the server's event loop. Workers are started with the ``spawn`` method
(forking a process that has started gRPC is unsafe) and warmed up (imports, unit registry) before
the server reports itself listening.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger("clinverify.server")

_WARM_TRACE = "The patient is 87 years old. CrCl = ((140 - 87) * 48.0 * 1) / (1.4 * 72) = 25.238 mL/min."
_WARM_ENTITIES = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}


def warm_up() -> int:
    """Import and exercise the calculator and verifier code paths once (pint's registry,
    the calculator registry, the verifier's tables); returns the process id."""
    from clinverify.calculators import compute, list_calculators
    from clinverify.verifier.batch import verify_row

    list_calculators()
    compute("cockcroft_gault", _WARM_ENTITIES)
    verify_row({"calculator": 2, "trace": _WARM_TRACE, "entities": _WARM_ENTITIES})
    return os.getpid()


PARENT_POLL_S = 0.5  # how often a worker checks that the server is still alive


def _exit_with_parent(parent: int) -> None:
    """A daemon thread in each worker: when the server process is gone (killed, crashed), the
    worker exits too instead of lingering (the server's SIGTERM never reaches it: see below)."""

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_S)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="clinverify-parent-watch", daemon=True).start()


def _init_worker(parent: int) -> None:
    # The parent handles SIGINT/SIGTERM and drains; a Ctrl-C in the terminal reaches the whole
    # process group, and workers must keep finishing in-flight chunks. They exit when the parent
    # does (``_exit_with_parent``) or when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _exit_with_parent(parent)
    try:
        warm_up()
    except Exception:  # pragma: no cover - a broken warm-up shows up on the first real call
        pass


def verify_chunk(blobs: Sequence[bytes], max_trace_chars: int) -> list[bytes]:
    """Serialized VerifyRequests -> serialized VerifyResponses (per-item errors inside)."""
    from clinverify.api.v1 import verifier_pb2
    from clinverify.services.items import verify_item

    out = []
    parse = verifier_pb2.VerifyRequest.FromString
    for b in blobs:
        out.append(verify_item(parse(b), max_trace_chars).SerializeToString())
    return out


def compute_chunk(blobs: Sequence[bytes]) -> list[bytes]:
    """Serialized ComputeRequests -> serialized ComputeResponses (per-item errors inside)."""
    from clinverify.api.v1 import calculator_pb2
    from clinverify.services.items import compute_item

    parse = calculator_pb2.ComputeRequest.FromString
    return [compute_item(parse(b)).SerializeToString() for b in blobs]


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class Pool:
    """A process pool for batch chunks, or nothing (``workers=0``: everything runs inline).

    ``inline_below``: batches smaller than this run inline on the caller's event loop (a
    round trip to a worker costs more than a few items). ``chunk``: the most items per task;
    batches are cut into about four tasks per worker so the tail is short.
    """

    def __init__(self, workers: int, *, inline_below: int = 16, chunk: int = 32):
        self.workers = max(0, int(workers))
        self.inline_below = inline_below
        self.chunk = chunk
        self._executor: cf.ProcessPoolExecutor | None = None
        if self.workers:
            self._executor = self._new_executor()

    def _new_executor(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")
        return cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(),))

    def _restart(self, exc: BaseException) -> None:
        """A worker died (killed, out of memory): replace the pool so later calls work."""
        if isinstance(exc, BrokenProcessPool) and self._executor is not None:
            log.error("a worker process died (%s); starting a new pool", type(exc).__name__)
            old, self._executor = self._executor, self._new_executor()
            old.shutdown(wait=False, cancel_futures=True)

    @property
    def enabled(self) -> bool:
        return self._executor is not None

    def start(self) -> None:
        """Start every worker now and wait for their warm-up (so the first request is fast)."""
        if self._executor is None:
            warm_up()
            return
        futs = [self._executor.submit(os.getpid) for _ in range(self.workers * 2)]
        cf.wait(futs)
        for f in futs:
            f.result()  # surface a worker that cannot start
        warm_up()  # the inline path too

    def use_pool(self, n: int) -> bool:
        return self._executor is not None and n >= self.inline_below

    def chunk_size(self, n: int, most: int | None = None) -> int:
        per = -(-n // max(1, self.workers * 4))
        return max(4, min(most or self.chunk, per))

    async def map_chunks(self, fn: Callable, items: Sequence, *args, deadline: Callable[[], float | None] | None = None, chunk: int | None = None) -> list:
        """Run ``fn(chunk, *args)`` over ``items`` in the pool, results in order (flattened);
        ``chunk`` overrides the most items per task (cheap items want bigger chunks).

        ``deadline()`` gives the seconds left (or None): when it runs out the pending chunks are
        cancelled and ``asyncio.TimeoutError`` is raised; a cancelled caller cancels them too.
        """
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        futs: list = []
        timeout = deadline() if deadline is not None else None
        try:
            # Inside the try: a pool that broke between calls raises BrokenProcessPool at submit.
            for c in chunks(items, self.chunk_size(len(items), chunk)):
                futs.append(loop.run_in_executor(self._executor, fn, c, *args))
            if timeout is not None:
                done = await asyncio.wait_for(asyncio.gather(*futs), max(0.0, timeout))
            else:
                done = await asyncio.gather(*futs)
        except BaseException as exc:
            for f in futs:
                f.cancel()
            self._restart(exc)
            raise
        return [x for part in done for x in part]

    async def run_one(self, fn: Callable, *args):
        """One task in the pool (or inline when there is no pool)."""
        if self._executor is None:
            return fn(*args)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        except BrokenProcessPool as exc:
            self._restart(exc)
            raise

    def shutdown(self, wait: bool = True, timeout: float = 10.0) -> None:
        """Stop the workers: pending tasks are cancelled; with ``wait``, running ones get up to
        ``timeout`` seconds, then every worker still alive is killed (the pool never outlives
        the server, whatever state a crash left it in)."""
        ex, self._executor = self._executor, None
        if ex is None:
            return
        procs = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + (timeout if wait else 0.0)
        for p in procs:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(1.0)
