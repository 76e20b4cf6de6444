"""grpc.aio adapters: CalculatorService, VerifierService and ReasoningService over the service cores.

Each RPC is one call into its core (``calculator_core``, ``verifier_core``, ``reasoning.core``);
what is left here is the transport: the call's deadline and the error mapping. Any exception
ends the call with ``errors.as_service_error``'s status (a ServiceError's own code, field
violations and ErrorInfo; UNAVAILABLE for a dead worker process; INTERNAL naming only the
exception type, whose message may quote patient data). Authentication and the access log are
interceptors (``interceptors.py``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import grpc

from clinverify.api.v1 import calculator_pb2_grpc, reasoning_pb2_grpc, verifier_pb2_grpc
from clinverify.services.calculator_core import CalculatorCore
from clinverify.services.errors import as_service_error, rich_status
from clinverify.services.reasoning.core import ReasoningCore
from clinverify.services.validation import Limits
from clinverify.services.verifier_core import VerifierCore

__all__ = ["CalculatorServicer", "Limits", "ReasoningServicer", "VerifierServicer", "make_reasoning_servicer"]


async def abort(context, exc: BaseException) -> None:
    """End the call with the status for ``exc``."""
    await context.abort_with_status(rich_status(as_service_error(exc)))


def unary(method):
    """A unary RPC: exceptions end the call with their status."""

    @functools.wraps(method)
    async def wrapper(self, request, context):
        try:
            return await method(self, request, context)
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except Exception as exc:
            await abort(context, exc)

    return wrapper


async def streamed(responses, context):
    """A server-streaming RPC's responses; an exception ends the call with its status."""
    try:
        async for resp in responses:
            yield resp
    except (grpc.aio.AbortError, asyncio.CancelledError):
        raise
    except Exception as exc:
        await abort(context, exc)


def _deadline(context):
    """Seconds left before the call's deadline, or None when it has none."""

    def remaining() -> float | None:
        try:
            return context.time_remaining()
        except Exception:  # pragma: no cover
            return None

    return remaining


class CalculatorServicer(calculator_pb2_grpc.CalculatorServiceServicer):
    def __init__(self, core: CalculatorCore):
        self.core = core

    @unary
    async def ListCalculators(self, request, context):  # noqa: N802 (gRPC method names)
        return self.core.list_calculators()

    @unary
    async def GetCalculator(self, request, context):  # noqa: N802
        return self.core.get_calculator(request)

    @unary
    async def Compute(self, request, context):  # noqa: N802
        return await self.core.compute(request)

    @unary
    async def ComputeBatch(self, request, context):  # noqa: N802
        return await self.core.compute_batch(request, _deadline(context))


class VerifierServicer(verifier_pb2_grpc.VerifierServiceServicer):
    def __init__(self, core: VerifierCore):
        self.core = core

    @property
    def active_streams(self) -> int:
        return self.core.active_streams

    @unary
    async def Verify(self, request, context):  # noqa: N802
        return await self.core.verify(request)

    @unary
    async def VerifyBatch(self, request, context):  # noqa: N802
        return await self.core.verify_batch(request, _deadline(context))

    async def VerifyStream(self, request_iterator, context):  # noqa: N802
        from clinverify.api.v1 import verifier_pb2

        async def requests():
            async for msg in request_iterator:
                yield msg.request

        async for resp in streamed(self.core.verify_stream(requests()), context):
            yield verifier_pb2.VerifyStreamResponse(response=resp)


class ReasoningServicer(reasoning_pb2_grpc.ReasoningServiceServicer):
    """ReasoningService; with no backend every call answers UNIMPLEMENTED saying so."""

    def __init__(self, core: ReasoningCore):
        self.core = core

    async def Generate(self, request, context):  # noqa: N802
        async for resp in streamed(self.core.generate(request), context):
            yield resp

    @unary
    async def GenerateAndVerify(self, request, context):  # noqa: N802
        return await self.core.generate_and_verify(request)


def make_reasoning_servicer(backend: Any, **limits: Any) -> ReasoningServicer:
    """The ReasoningService servicer for a grpc.aio server. ``backend=None`` answers every call
    UNIMPLEMENTED with a readable message (the server's default when no model is configured);
    ``limits`` are ``ReasoningCore``'s keyword arguments."""
    return ReasoningServicer(ReasoningCore(backend, **limits))
