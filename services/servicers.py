"""grpc.aio servicers: CalculatorService, VerifierService and a ReasoningService placeholder.

Single requests run inline on the event loop (a calculator call takes tens of microseconds);
batches of ``Pool.inline_below`` items or more are cut into chunks and spread over the worker
processes; smaller ones run inline, yielding to the loop between slices. Every batch honours
the call's deadline (pending chunks are cancelled and the call ends DEADLINE_EXCEEDED) and a
client's cancellation. Bad input: INVALID_ARGUMENT with google.rpc.BadRequest field violations,
NOT_FOUND (with suggestions and a google.rpc.ErrorInfo) for an unknown calculator; inside a
batch or stream each item carries its own ``error`` and the rest go on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import grpc

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, reasoning_pb2_grpc, verifier_pb2, verifier_pb2_grpc
from clinverify.services import convert
from clinverify.services.convert import ServiceError
from clinverify.services.workers import Pool, compute_chunk, verify_chunk

log = logging.getLogger("clinverify.server")

INLINE_SLICE = 16  # items between yields to the event loop on the inline path
COMPUTE_CHUNK = 256  # most ComputeBatch items per worker task (each takes tens of microseconds)


@dataclass
class Limits:
    """Per-request limits. ``max_batch``: items per ComputeBatch/VerifyBatch request;
    ``max_trace_chars``: characters per trace; ``stream_window``: VerifyStream requests in
    flight per stream (read ahead of the response being written); ``compute_pool_min``:
    ComputeBatch sizes from which the process pool is used (compute is cheap per item)."""

    max_batch: int = 4096
    max_trace_chars: int = 200_000
    stream_window: int = 16
    compute_pool_min: int = 512


async def _abort(context, err: ServiceError):
    await context.abort_with_status(convert.rich_status(err))


WORKER_DIED = ServiceError("UNAVAILABLE", "a worker process died while handling this call; the pool was restarted, retry the call", item_code="unavailable")


def guarded(method):
    """Unexpected exceptions end the call INTERNAL (exception type only: its message may quote
    patient data); a dead worker process ends it UNAVAILABLE (retryable)."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            return await method(self, request, context)
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except BrokenProcessPool:
            await _abort(context, WORKER_DIED)
        except Exception as exc:
            await _abort(context, convert.internal_error(exc))

    return wrapper


def _deadline_fn(context):
    """Seconds left before the call's deadline, or None when it has none."""

    def remaining() -> float | None:
        try:
            return context.time_remaining()
        except Exception:  # pragma: no cover
            return None

    return remaining


class _Batches:
    """Shared batch machinery: inline or pooled, deadline-aware."""

    def __init__(self, pool: Pool, limits: Limits, stats: Counter):
        self.pool = pool
        self.limits = limits
        self.stats = stats

    async def check_batch(self, n: int, context) -> None:
        if n > self.limits.max_batch:
            await _abort(context, convert.batch_too_large(n, self.limits.max_batch))
        rem = context.time_remaining()
        if rem is not None and rem <= 0:
            self.stats["deadline_exceeded"] += 1
            await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the batch started")

    async def run(self, items, item_fn, chunk_fn, chunk_args: tuple, context, use_pool: bool, response_item_type, chunk: int | None = None) -> list:
        """Results (messages) for ``items``, in order."""
        remaining = _deadline_fn(context)
        n = len(items)
        if use_pool:
            blobs = [m.SerializeToString() for m in items]
            try:
                out = await self.pool.map_chunks(chunk_fn, blobs, *chunk_args, deadline=remaining, chunk=chunk)
            except TimeoutError:
                self.stats["deadline_exceeded"] += 1
                await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, f"deadline exceeded while processing a batch of {n} items")
            except asyncio.CancelledError:
                self.stats["cancelled"] += 1
                raise
            parse = response_item_type.FromString
            return [parse(b) for b in out]
        results = []
        try:
            for i, m in enumerate(items):
                if i and i % INLINE_SLICE == 0:
                    await asyncio.sleep(0)
                    rem = remaining()
                    if rem is not None and rem <= 0:
                        self.stats["deadline_exceeded"] += 1
                        await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, f"deadline exceeded after {i} of {n} items")
                results.append(item_fn(m, *chunk_args))
        except asyncio.CancelledError:
            self.stats["cancelled"] += 1
            raise
        return results


class CalculatorServicer(calculator_pb2_grpc.CalculatorServiceServicer):
    def __init__(self, pool: Pool, limits: Limits | None = None, stats: Counter | None = None):
        self.limits = limits or Limits()
        self.stats = stats if stats is not None else Counter()
        self._batches = _Batches(pool, self.limits, self.stats)
        self.pool = pool
        self._list: calculator_pb2.ListCalculatorsResponse | None = None
        self._described: dict[str, calculator_pb2.GetCalculatorResponse] = {}

    @guarded
    async def ListCalculators(self, request, context):  # noqa: N802 (gRPC method names)
        if self._list is None:
            from clinverify.calculators import list_calculators

            self._list = calculator_pb2.ListCalculatorsResponse(calculators=[convert.summary_to_proto(c) for c in list_calculators()])
        return self._list

    @guarded
    async def GetCalculator(self, request, context):  # noqa: N802
        try:
            calc = convert.resolve_calculator(request.calculator.key, "calculator.key")
        except ServiceError as err:
            await _abort(context, err)
        resp = self._described.get(calc.id)
        if resp is None:
            resp = self._described[calc.id] = convert.calculator_to_proto(calc)
        return resp

    @guarded
    async def Compute(self, request, context):  # noqa: N802
        try:
            return convert.compute_message(request)
        except ServiceError as err:
            await _abort(context, err)

    @guarded
    async def ComputeBatch(self, request, context):  # noqa: N802
        items = request.requests
        await self._batches.check_batch(len(items), context)
        use_pool = self.pool.use_pool(len(items)) and len(items) >= self.limits.compute_pool_min
        results = await self._batches.run(items, lambda m: convert.compute_item(m), compute_chunk, (), context, use_pool, calculator_pb2.ComputeResponse, chunk=COMPUTE_CHUNK)
        return calculator_pb2.ComputeBatchResponse(results=results)


class VerifierServicer(verifier_pb2_grpc.VerifierServiceServicer):
    def __init__(self, pool: Pool, limits: Limits | None = None, stats: Counter | None = None):
        self.limits = limits or Limits()
        self.stats = stats if stats is not None else Counter()
        self._batches = _Batches(pool, self.limits, self.stats)
        self.pool = pool
        self.active_streams = 0

    async def _verify_one(self, req: verifier_pb2.VerifyRequest) -> verifier_pb2.VerifyResponse:
        """One request, validated already; in a worker when there is a pool."""
        mx = self.limits.max_trace_chars
        if not self.pool.enabled:
            return convert.verify_item(req, mx)
        try:
            (blob,) = await self.pool.run_one(verify_chunk, [req.SerializeToString()], mx)
        except BrokenProcessPool:
            resp = verifier_pb2.VerifyResponse(id=req.id)
            resp.error.CopyFrom(convert.item_error(WORKER_DIED))
            return resp
        return verifier_pb2.VerifyResponse.FromString(blob)

    @guarded
    async def Verify(self, request, context):  # noqa: N802
        try:
            convert.check_verify_request(request, self.limits.max_trace_chars)
        except ServiceError as err:
            await _abort(context, err)
        resp = await self._verify_one(request)
        if resp.HasField("error") and resp.error.code:
            await _abort(context, convert.item_error_to_service_error(resp.error))
        return resp

    @guarded
    async def VerifyBatch(self, request, context):  # noqa: N802
        items = request.requests
        await self._batches.check_batch(len(items), context)
        mx = self.limits.max_trace_chars
        results = await self._batches.run(items, convert.verify_item, verify_chunk, (mx,), context, self.pool.use_pool(len(items)), verifier_pb2.VerifyResponse)
        return verifier_pb2.VerifyBatchResponse(results=results)

    def _submit(self, req: verifier_pb2.VerifyRequest) -> asyncio.Future:
        """Start verifying one stream item; a future of its VerifyResponse (errors inside)."""
        loop = asyncio.get_running_loop()
        try:
            convert.check_verify_request(req, self.limits.max_trace_chars)
        except ServiceError as err:
            fut = loop.create_future()
            resp = verifier_pb2.VerifyResponse(id=req.id)
            resp.error.CopyFrom(convert.item_error(err))
            fut.set_result(resp)
            return fut
        if not self.pool.enabled:
            fut = loop.create_future()
            fut.set_result(convert.verify_item(req, self.limits.max_trace_chars))
            return fut
        return asyncio.ensure_future(self._verify_one(req))

    async def VerifyStream(self, request_iterator, context):  # noqa: N802
        """One response per request, in order; up to ``stream_window`` requests are verified
        ahead (in parallel over the workers) while earlier responses are written."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=self.limits.stream_window)
        done = object()

        async def reader():
            try:
                async for msg in request_iterator:
                    await queue.put(self._submit(msg.request))
                await queue.put(done)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a broken request stream: end the call with it
                await queue.put(exc)

        self.active_streams += 1
        task = asyncio.ensure_future(reader())
        try:
            while True:
                item = await queue.get()
                if item is done:
                    break
                if isinstance(item, BaseException):
                    raise item
                resp = await item
                yield verifier_pb2.VerifyStreamResponse(response=resp)
        except asyncio.CancelledError:
            self.stats["cancelled"] += 1
            raise
        finally:
            task.cancel()
            while not queue.empty():
                item = queue.get_nowait()
                if isinstance(item, asyncio.Future):
                    item.cancel()
            self.active_streams -= 1


class UnimplementedReasoningServicer(reasoning_pb2_grpc.ReasoningServiceServicer):
    """ReasoningService until a model backend is configured: every call is UNIMPLEMENTED with
    a message saying so."""

    MESSAGE = (
        "ReasoningService is not available: no reasoning model is configured on this server "
        "(the standalone server has no model backend yet); verify traces from your own model "
        "with VerifierService.Verify/VerifyBatch/VerifyStream"
    )

    async def Generate(self, request, context):  # noqa: N802
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, self.MESSAGE)
        yield  # pragma: no cover - makes this a server-streaming handler

    async def GenerateAndVerify(self, request, context):  # noqa: N802
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, self.MESSAGE)
