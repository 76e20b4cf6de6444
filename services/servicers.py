"""grpc.aio adapters: CalculatorService, VerifierService and ReasoningService over the service cores.

Each RPC is one call into its core (``calculator_core``, ``verifier_core``, ``reasoning.core``),
bound from the RPC table (``rpc.py``: ``VerifyBatch`` calls ``core.verify_batch``), so a new RPC
needs nothing here; what is left is the transport: the call's deadline and the error mapping. Any exception
ends the call with ``errors.as_service_error``'s status (a ServiceError's own code, field
violations and ErrorInfo; UNAVAILABLE for a dead worker process; INTERNAL naming only the
exception type, whose message may quote patient data). Authentication and the access log are
interceptors (``interceptors.py``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import grpc

from clinverify.api.v1 import calculator_pb2_grpc, reasoning_pb2_grpc, verifier_pb2_grpc
from clinverify.services.calculator_core import CalculatorCore
from clinverify.services.errors import as_service_error, rich_status
from clinverify.services.reasoning.core import ReasoningCore
from clinverify.services.rpc import Rpc, rpcs
from clinverify.services.verifier_core import VerifierCore

__all__ = ["CalculatorServicer", "ReasoningServicer", "VerifierServicer", "make_reasoning_servicer"]


async def abort(context, exc: BaseException) -> None:
    """End the call with the status for ``exc``."""
    await context.abort_with_status(rich_status(as_service_error(exc)))


async def streamed(responses, context):
    """A server-streaming RPC's responses; an exception ends the call with its status. When the
    call ends early (cancelled), the core's stream is closed at once, not when it is collected."""
    try:
        async for resp in responses:
            yield resp
    except (grpc.aio.AbortError, asyncio.CancelledError):
        raise
    except Exception as exc:
        await abort(context, exc)
    finally:
        await responses.aclose()


def _close_when_done(context, responses) -> None:
    """Close the core's stream as soon as the call is over. A call cancelled while a response is
    being written leaves this handler suspended at its ``yield``; without this its stream (and
    the core's count of cancelled calls) would end only when the handler is garbage-collected."""

    async def close() -> None:
        try:
            await responses.aclose()
        except RuntimeError:
            pass  # still running in the handler's own task: that task ends it

    context.add_done_callback(lambda _call: asyncio.ensure_future(close()))


def _deadline(context):
    """Seconds left before the call's deadline, or None when it has none."""

    def remaining() -> float | None:
        try:
            return context.time_remaining()
        except Exception:  # pragma: no cover
            return None

    return remaining


def _aio_method(rpc: Rpc):
    """The grpc.aio method for ``rpc``: one call into ``self.core``."""
    if rpc.server_streaming:

        async def stream(self, request, context):
            responses = getattr(self.core, rpc.core_method)(request)
            _close_when_done(context, responses)
            async for resp in streamed(responses, context):
                yield resp

        method = stream
    else:

        async def call(self, request, context):
            try:
                out = getattr(self.core, rpc.core_method)(request, _deadline(context))
                return await out if inspect.isawaitable(out) else out
            except (grpc.aio.AbortError, asyncio.CancelledError):
                raise
            except Exception as exc:
                await abort(context, exc)

        method = call
    method.__name__ = method.__qualname__ = rpc.name
    return method


def bind_rpcs(cls: type, service: str) -> type:
    """Give ``cls`` one method per RPC of ``service`` (from the generated descriptor)."""
    for rpc in rpcs(service):
        setattr(cls, rpc.name, _aio_method(rpc))
    return cls


class CalculatorServicer(calculator_pb2_grpc.CalculatorServiceServicer):
    def __init__(self, core: CalculatorCore):
        self.core = core


class VerifierServicer(verifier_pb2_grpc.VerifierServiceServicer):
    def __init__(self, core: VerifierCore):
        self.core = core

    @property
    def active_streams(self) -> int:
        return self.core.active_streams


class ReasoningServicer(reasoning_pb2_grpc.ReasoningServiceServicer):
    """ReasoningService; with no backend every call answers UNIMPLEMENTED saying so."""

    def __init__(self, core: ReasoningCore):
        self.core = core


bind_rpcs(CalculatorServicer, "clinverify.api.v1.CalculatorService")
bind_rpcs(VerifierServicer, "clinverify.api.v1.VerifierService")
bind_rpcs(ReasoningServicer, "clinverify.api.v1.ReasoningService")


def make_reasoning_servicer(backend: Any, **limits: Any) -> ReasoningServicer:
    """The ReasoningService servicer for a grpc.aio server. ``backend=None`` answers every call
    UNIMPLEMENTED with a readable message (the server's default when no model is configured);
    ``limits`` are ``ReasoningCore``'s keyword arguments."""
    return ReasoningServicer(ReasoningCore(backend, **limits))
