"""Server interceptors for the asyncio server: bearer-token authentication and an access log.

The access log records, per RPC, the method, final status code, latency and the bytes received
and sent, nothing else: no metadata, no peer address, no message content (requests carry
patient data).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Iterable

import grpc

from clinverify.services.auth import HEALTH_PREFIX, bearer_matches

access_log = logging.getLogger("clinverify.access")



def _make_handler(like: grpc.RpcMethodHandler, behavior: Callable, request_deserializer=None, response_serializer=None) -> grpc.RpcMethodHandler:
    """A method handler of the same kind (unary/streaming on each side) as ``like``."""
    deser = request_deserializer or like.request_deserializer
    ser = response_serializer or like.response_serializer
    if like.request_streaming and like.response_streaming:
        return grpc.stream_stream_rpc_method_handler(behavior, deser, ser)
    if like.request_streaming:
        return grpc.stream_unary_rpc_method_handler(behavior, deser, ser)
    if like.response_streaming:
        return grpc.unary_stream_rpc_method_handler(behavior, deser, ser)
    return grpc.unary_unary_rpc_method_handler(behavior, deser, ser)


def _behavior(handler: grpc.RpcMethodHandler) -> Callable:
    if handler.request_streaming and handler.response_streaming:
        return handler.stream_stream
    if handler.request_streaming:
        return handler.stream_unary
    if handler.response_streaming:
        return handler.unary_stream
    return handler.unary_unary


def _passthrough(data: bytes) -> bytes:
    return data


class AuthInterceptor(grpc.aio.ServerInterceptor):
    """Requires ``authorization: Bearer <token>`` on every call except health checks (and any
    other method prefix in ``exempt``); others get UNAUTHENTICATED."""

    def __init__(self, token: str, exempt: Iterable[str] = (HEALTH_PREFIX,)):
        if not token:
            raise ValueError("empty token")
        self._token = token.encode("utf-8")
        self._exempt = tuple(exempt)

    async def intercept_service(self, continuation, handler_call_details):
        method = handler_call_details.method or ""
        if method.startswith(self._exempt):
            return await continuation(handler_call_details)
        header = None
        for key, value in handler_call_details.invocation_metadata or ():
            if key == "authorization":
                header = value if isinstance(value, str) else value.decode("utf-8", "replace")
                break
        handler = await continuation(handler_call_details)
        if bearer_matches(header, self._token) or handler is None:
            return handler
        message = "missing bearer token (send metadata 'authorization: Bearer <token>')" if header is None else "invalid bearer token"
        return _make_handler(handler, _denier(handler, message))


def _denier(handler: grpc.RpcMethodHandler, message: str) -> Callable:
    if handler.response_streaming:

        async def deny_stream(request, context):
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)
            yield  # pragma: no cover - abort raises

        return deny_stream

    async def deny(request, context):
        await context.abort(grpc.StatusCode.UNAUTHENTICATED, message)

    return deny


class AccessLogInterceptor(grpc.aio.ServerInterceptor):
    """One log line per RPC: ``method status latency_ms bytes_in bytes_out`` (logger
    ``clinverify.access`` at INFO; nothing is added when that level is disabled)."""

    def __init__(self, logger: logging.Logger = access_log):
        self.log = logger

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or not self.log.isEnabledFor(logging.INFO):
            return handler
        method = handler_call_details.method or "?"
        sizes = [0, 0]
        deser, ser = handler.request_deserializer, handler.response_serializer

        def count_in(data: bytes):
            sizes[0] += len(data)
            return deser(data) if deser is not None else data

        def count_out(message) -> bytes:
            if isinstance(message, bytes):  # a unary response, serialized and counted in ``logged``
                return message
            data = ser(message) if ser is not None else message
            sizes[1] += len(data)
            return data

        behavior = _behavior(handler)
        log = self.log

        def done(t0: float, context, exc: BaseException | None) -> None:
            ms = (time.perf_counter() - t0) * 1000.0
            if exc is None:
                code = context.code() or grpc.StatusCode.OK
            elif isinstance(exc, asyncio.CancelledError):
                rem = context.time_remaining()
                code = grpc.StatusCode.DEADLINE_EXCEEDED if rem is not None and rem <= 0 else grpc.StatusCode.CANCELLED
            else:
                code = context.code() or grpc.StatusCode.UNKNOWN
            name = code.name if isinstance(code, grpc.StatusCode) else str(code)
            log.info("%s %s %.2fms in=%dB out=%dB", method, name, ms, sizes[0], sizes[1])

        if handler.response_streaming and inspect.isasyncgenfunction(behavior):

            async def logged_stream(request, context):
                t0 = time.perf_counter()
                exc = None
                try:
                    async for item in behavior(request, context):
                        yield item
                except BaseException as e:
                    exc = e
                    raise
                finally:
                    done(t0, context, exc)

            return _make_handler(handler, logged_stream, count_in, count_out)

        async def logged(request, context):
            t0 = time.perf_counter()
            exc = None
            try:
                # Serialized here so the size is known when the line is written (the server
                # serializes a unary response after the handler returns).
                resp = await behavior(request, context)
                if resp is None or ser is None:
                    return resp
                data = ser(resp)
                sizes[1] += len(data)
                return data
            except BaseException as e:
                exc = e
                raise
            finally:
                done(t0, context, exc)

        if not handler.response_streaming:
            # Unary responses leave ``logged`` serialized: no serializer needed after it.
            return _make_handler(handler, logged, count_in, _passthrough)
        return _make_handler(handler, logged, count_in, count_out)
