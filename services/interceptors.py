"""Server interceptors for the asyncio server: bearer-token authentication (decided before the
request is read), a guard that answers malformed protobuf with INVALID_ARGUMENT, and an access log.

The access log records, per RPC, the method, final status code, latency and the bytes received
and sent, nothing else: no metadata, no peer address, no message content (requests carry
patient data).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Iterable, Mapping

import grpc

from clinverify.services.auth import HEALTH_PREFIX, bearer_matches
from clinverify.services.errors import ServiceError

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
    other method prefix in ``exempt``); others get UNAUTHENTICATED — unknown methods too, so a
    caller without the token cannot probe which methods exist.

    The decision is made from the metadata alone: a refused call gets a handler that never reads
    the request (a request-streaming one that aborts at once), so an unauthenticated body is
    neither parsed nor buffered beyond HTTP/2 flow control."""

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
        if bearer_matches(header, self._token):
            return await continuation(handler_call_details)
        message = "missing bearer token (send metadata 'authorization: Bearer <token>')" if header is None else "invalid bearer token"
        return _refusal(grpc.StatusCode.UNAUTHENTICATED, message)


def _refusal(code: grpc.StatusCode, message: str) -> grpc.RpcMethodHandler:
    """A handler that ends the call with ``code`` without reading its request (the request side
    is a stream that is never iterated; the response side carries no message either way, so it
    fits unary and streaming methods alike)."""

    async def refuse(request_iterator, context):
        await context.abort(code, message)

    return grpc.stream_unary_rpc_method_handler(refuse, None, None)


class _Undecodable:
    """What the guarded deserializer returns instead of a message it refuses to parse: bytes
    that are not a valid message, or more bytes than the method's request limit."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def message(self) -> str:
        return self.text


def _guarded_deserializer(deser: Callable, method: str, limit: int | None):
    type_name = getattr(getattr(deser, "__self__", None), "__name__", "request")
    rpc = method.rsplit("/", 1)[-1]

    def parse(data: bytes):
        if limit is not None and len(data) > limit:
            return _Undecodable(f"request: {len(data)} bytes; the limit for {rpc} is {limit} (max_request_bytes)")
        try:
            return deser(data)
        except Exception:  # DecodeError, or anything a broken message makes the parser raise
            return _Undecodable(f"request: not a valid {type_name} message (malformed protobuf)")

    return parse


class DecodeGuardInterceptor(grpc.aio.ServerInterceptor):
    """Requests are parsed only when they can be: a request larger than its method's limit
    (``max_request_bytes``, by RPC name: a single Compute or Verify is far smaller than a batch)
    is refused unparsed, and one that is not a valid protobuf message ends the call; both
    INVALID_ARGUMENT naming the limit or the expected type, with nothing logged (without this
    gRPC answers a malformed message UNKNOWN and logs a traceback per call). In a request
    stream, the first such message ends the call the same way."""

    def __init__(self, max_request_bytes: Mapping[str, int] | None = None):
        self.max_request_bytes = dict(max_request_bytes or {})

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None or handler.request_deserializer is None:
            return handler
        behavior = _behavior(handler)
        method = handler_call_details.method or ""
        safe = _guarded_deserializer(handler.request_deserializer, method, self.max_request_bytes.get(method.rsplit("/", 1)[-1]))

        if handler.request_streaming:

            async def checked(request_iterator):
                async for msg in request_iterator:
                    if isinstance(msg, _Undecodable):
                        raise _Malformed(msg.message())
                    yield msg

            if handler.response_streaming:

                async def stream_in_out(request_iterator, context):
                    try:
                        async for resp in behavior(checked(request_iterator), context):
                            yield resp
                    except _Malformed as exc:
                        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))

                return _make_handler(handler, stream_in_out, safe)

            async def stream_in(request_iterator, context):
                try:
                    return await behavior(checked(request_iterator), context)
                except _Malformed as exc:
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))

            return _make_handler(handler, stream_in, safe)

        if handler.response_streaming:

            async def unary_in_stream_out(request, context):
                if isinstance(request, _Undecodable):
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, request.message())
                async for resp in behavior(request, context):
                    yield resp

            return _make_handler(handler, unary_in_stream_out, safe)

        async def unary_in(request, context):
            if isinstance(request, _Undecodable):
                await context.abort(grpc.StatusCode.INVALID_ARGUMENT, request.message())
            return await behavior(request, context)

        return _make_handler(handler, unary_in, safe)


class _Malformed(ServiceError):
    """Raised in a request stream at its first undecodable message (a ServiceError, so the
    service core's own error mapping answers INVALID_ARGUMENT when it sees it first)."""

    def __init__(self, message: str):
        super().__init__("INVALID_ARGUMENT", message, [("request", "not a valid protobuf message")], reason="MALFORMED_REQUEST")


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
