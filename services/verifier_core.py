"""VerifierService, independent of the transport: Verify, VerifyBatch, VerifyStream. The
grpc.aio servicers and the Ray Gateway call ``VerifierCore``; the per-item work (``verify_item``)
runs wherever the executor puts it (inline, a worker process, a Ray replica). A bad request
raises ``ServiceError``; inside a batch or stream each item carries its own ``error`` and the
rest go on.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

from clinverify.api.v1 import verifier_pb2
from clinverify.services.errors import ServiceError, as_service_error, from_item_error
from clinverify.services.executor import Deadline, Executor
from clinverify.services.items import error_item
from clinverify.services.validation import Limits, check_batch, check_verify_request


class VerifierCore:
    """The VerifierService RPCs over an ``Executor``, one method per RPC (``rpc.py`` binds them
    to the transports). ``stats`` counts deadline-exceeded and cancelled calls; ``active_streams`` the streams in progress."""

    def __init__(self, executor: Executor, limits: Limits | None = None, stats: Counter | None = None):
        self.executor = executor
        self.limits = limits or Limits()
        self.stats = stats if stats is not None else Counter()
        self.active_streams = 0

    async def verify(self, request: verifier_pb2.VerifyRequest, deadline: Deadline = None) -> verifier_pb2.VerifyResponse:
        check_verify_request(request, self.limits.max_trace_chars)
        resp = await self.executor.verify(request, self.limits.max_trace_chars)
        if resp.HasField("error") and resp.error.code:
            raise from_item_error(resp.error)
        return resp

    async def verify_batch(self, request: verifier_pb2.VerifyBatchRequest, deadline: Deadline = None):
        """A VerifyBatchResponse (or the executor's already-encoded equivalent)."""
        items = request.requests
        check_batch(len(items), self.limits)
        self.executor.check_deadline(deadline, "deadline exceeded before the batch started")
        return await self.executor.verify_batch(items, self.limits.max_trace_chars, deadline)

    def _submit(self, req: verifier_pb2.VerifyRequest) -> asyncio.Future:
        """Start verifying one stream item: a future of its VerifyResponse (errors inside)."""
        try:
            check_verify_request(req, self.limits.max_trace_chars)
        except ServiceError as err:
            fut = asyncio.get_running_loop().create_future()
            fut.set_result(error_item(verifier_pb2.VerifyResponse(id=req.id), err))
            return fut
        return asyncio.ensure_future(self._verify_item(req))

    async def _verify_item(self, req: verifier_pb2.VerifyRequest) -> verifier_pb2.VerifyResponse:
        try:
            return await self.executor.verify(req, self.limits.max_trace_chars)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            return error_item(verifier_pb2.VerifyResponse(id=req.id), as_service_error(exc))

    async def verify_stream(self, requests: AsyncIterator[verifier_pb2.VerifyStreamRequest]) -> AsyncIterator[verifier_pb2.VerifyStreamResponse]:
        """One response per request, in order; up to ``stream_window`` requests are verified
        ahead (in parallel over the executor's workers) while earlier responses are written."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=self.limits.stream_window)
        done = object()

        async def reader():
            try:
                async for msg in requests:
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
                yield verifier_pb2.VerifyStreamResponse(response=await item)
        except (asyncio.CancelledError, GeneratorExit):  # the call was cancelled, here or while a response was out
            self.stats["cancelled"] += 1
            raise
        finally:
            task.cancel()
            while not queue.empty():
                item = queue.get_nowait()
                if isinstance(item, asyncio.Future):
                    item.cancel()
            self.active_streams -= 1
