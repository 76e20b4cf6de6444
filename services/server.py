"""The standalone asyncio gRPC server (``clinverify serve``), the embedded default.

    clinverify serve [--host 127.0.0.1] [--port 50051] [--tls-cert F --tls-key F [--tls-client-ca F]]
                     [--token-file F] [--workers N] [--grace S] [--max-concurrent-rpcs N] ...

Serves ``clinverify.api.v1`` CalculatorService, VerifierService and ReasoningService (UNIMPLEMENTED
until a model backend is configured), ``grpc.health.v1.Health`` and server reflection.

- TLS with ``--tls-cert/--tls-key``; mutual TLS (client certificates required and checked against
  the CA) with ``--tls-client-ca`` as well.
- ``--token-file``: every call must carry ``authorization: Bearer <token>`` (compared in constant
  time); health checks need none.
- Limits: message size (``--max-message-mb``), items per batch (``--max-batch``), characters per
  trace (``--max-trace-chars``), concurrent RPCs (``--max-concurrent-rpcs``; beyond it calls get
  RESOURCE_EXHAUSTED). Batches honour the call deadline (DEADLINE_EXCEEDED).
- Batches are spread over ``--workers`` processes (default: one per core; 0 runs everything in the
  server process); small batches run inline.
- SIGTERM/SIGINT: health turns NOT_SERVING, new calls are refused, in-flight calls get up to
  ``--grace`` seconds to finish, then the process exits 0. A second signal stops at once.
- Access log (logger ``clinverify.access`` on stderr): method, status, latency and sizes only.

In Python (tests, embedding)::

    server = ClinverifyServer(ServerConfig(port=0, workers=2))
    port = await server.start()
    ...
    await server.stop(grace=5)
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc

from clinverify.services.health import SERVICE_NAMES, serving
from clinverify.services.validation import MAX_REQUEST_BYTES, Limits

log = logging.getLogger("clinverify.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 50051


@dataclass
class ServerConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    # PEM bytes; cert+key enable TLS, client_ca additionally requires client certificates.
    tls_cert: bytes | None = None
    tls_key: bytes | None = None
    tls_client_ca: bytes | None = None
    token: str | None = None
    workers: int | None = None  # None: one per core; 0: no process pool
    max_concurrent_rpcs: int | None = 1024
    max_message_bytes: int = 16 * 1024 * 1024
    grace: float = 10.0
    drain_delay: float = 0.0  # seconds NOT_SERVING is advertised before new calls are refused
    access_log: bool = True
    inline_below: int = 16
    chunk: int = 32
    limits: Limits = field(default_factory=Limits)
    reasoning_servicer: Any = None  # default: ReasoningService answering UNIMPLEMENTED
    http_port: int | None = None  # the HTTP side (the web playground) on this port (0: a free one); None: none


def _address(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"


def _reflection_v1_descriptor() -> None:
    """Put ``grpc/reflection/v1/reflection.proto`` in the default descriptor pool (so reflection
    can describe itself under v1). grpcio-reflection ships only the v1alpha proto; v1 is the same
    file with the package renamed (identical messages and field numbers), so it is derived from
    v1alpha."""
    from google.protobuf import descriptor_pb2, descriptor_pool
    from grpc_reflection.v1alpha import reflection_pb2

    pool = descriptor_pool.Default()
    try:
        pool.FindServiceByName(REFLECTION_V1)
        return
    except KeyError:
        pass
    fdp = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(fdp)
    old, new = f".{fdp.package}.", ".grpc.reflection.v1."
    fdp.name, fdp.package = "grpc/reflection/v1/reflection.proto", "grpc.reflection.v1"
    fdp.options.Clear()
    for msg in fdp.message_type:
        for f in msg.field:
            if f.type_name:
                f.type_name = f.type_name.replace(old, new)
    for svc in fdp.service:
        for m in svc.method:
            m.input_type, m.output_type = m.input_type.replace(old, new), m.output_type.replace(old, new)
    pool.AddSerializedFile(fdp.SerializeToString())


def _enable_reflection(service_names, server) -> None:
    """Server reflection as ``grpc.reflection.v1.ServerReflection`` (what current grpcurl asks for
    first) and ``grpc.reflection.v1alpha.ServerReflection`` (older tools), one servicer behind
    both names: the two protos are wire-identical. Reflection goes through the interceptors like
    any method (the bearer token is required; only health is exempt)."""
    from grpc_reflection.v1alpha import reflection, reflection_pb2

    _reflection_v1_descriptor()
    names = (*service_names, REFLECTION_V1, reflection.SERVICE_NAME)
    servicer = reflection.aio.ReflectionServicer(names)
    handler = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(tuple(grpc.method_handlers_generic_handler(n, {"ServerReflectionInfo": handler}) for n in (REFLECTION_V1, reflection.SERVICE_NAME)))


class ClinverifyServer:
    """The aio server with its servicers, health, reflection, interceptors and worker pool."""

    def __init__(self, config: ServerConfig | None = None):
        self.config = config or ServerConfig()
        self.stats: Counter = Counter()
        self.port: int | None = None
        self._server: grpc.aio.Server | None = None
        self._health = None
        self._pool = None
        self.calculators = None
        self.verifier = None
        self.playground = None  # the web playground's HTTP server (services.playground), when configured
        self._stopping = False

    @property
    def address(self) -> str:
        return _address(self.config.host, self.port or 0)

    @property
    def tls(self) -> bool:
        return self.config.tls_cert is not None

    def _build(self):
        from grpc_health.v1 import health, health_pb2, health_pb2_grpc

        from clinverify.api.v1 import calculator_pb2_grpc, reasoning_pb2_grpc, verifier_pb2_grpc
        from clinverify.services.calculator_core import CalculatorCore
        from clinverify.services.executor import LocalExecutor
        from clinverify.services.interceptors import AccessLogInterceptor, AuthInterceptor, DecodeGuardInterceptor
        from clinverify.services.servicers import CalculatorServicer, VerifierServicer, make_reasoning_servicer
        from clinverify.services.verifier_core import VerifierCore
        from clinverify.services.workers import Pool

        cfg = self.config
        interceptors = []
        if cfg.access_log:
            interceptors.append(AccessLogInterceptor())
        if cfg.token:
            interceptors.append(AuthInterceptor(cfg.token))
        interceptors.append(DecodeGuardInterceptor(MAX_REQUEST_BYTES))
        options = [
            ("grpc.max_receive_message_length", cfg.max_message_bytes),
            ("grpc.max_send_message_length", cfg.max_message_bytes),
            ("grpc.so_reuseport", 0),  # a port in use is an error, not a silent second listener
        ]
        server = grpc.aio.server(interceptors=interceptors, options=options, maximum_concurrent_rpcs=cfg.max_concurrent_rpcs)
        workers = (os.cpu_count() or 1) if cfg.workers is None else cfg.workers
        self._pool = Pool(workers, inline_below=cfg.inline_below, chunk=cfg.chunk)
        executor = LocalExecutor(self._pool, self.stats)
        self.calculators = CalculatorServicer(CalculatorCore(executor, cfg.limits))
        self.verifier = VerifierServicer(VerifierCore(executor, cfg.limits, self.stats))
        calculator_pb2_grpc.add_CalculatorServiceServicer_to_server(self.calculators, server)
        verifier_pb2_grpc.add_VerifierServiceServicer_to_server(self.verifier, server)
        reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server(cfg.reasoning_servicer or make_reasoning_servicer(None), server)
        self._health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        _enable_reflection((*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name), server)
        return server

    async def start(self) -> int:
        """Bind, warm the workers up, start serving; returns the bound port."""
        from grpc_health.v1 import health_pb2

        cfg = self.config
        if (cfg.tls_cert is None) != (cfg.tls_key is None):
            raise ValueError("TLS needs both a certificate and its key")
        if cfg.tls_client_ca is not None and cfg.tls_cert is None:
            raise ValueError("mutual TLS (a client CA) needs the server certificate and key too")
        self._server = server = self._build()
        addr = _address(cfg.host, cfg.port)
        try:
            if cfg.tls_cert is not None:
                creds = grpc.ssl_server_credentials(
                    [(cfg.tls_key, cfg.tls_cert)],
                    root_certificates=cfg.tls_client_ca,
                    require_client_auth=cfg.tls_client_ca is not None,
                )
                port = server.add_secure_port(addr, creds)
            else:
                port = server.add_insecure_port(addr)
        except RuntimeError as exc:
            raise OSError(f"cannot listen on {addr}: {exc}") from None
        if not port:
            raise OSError(f"cannot listen on {addr}")
        self.port = port
        try:
            await asyncio.to_thread(self._pool.start)
        except Exception:
            self._pool.shutdown(wait=False)
            raise
        await server.start()
        if cfg.http_port is not None:
            from clinverify.services.playground import start_playground, tls_context

            tls = tls_context(cfg.tls_cert, cfg.tls_key, cfg.tls_client_ca) if cfg.tls_cert is not None else None
            self.playground = start_playground(cfg.host, cfg.http_port, self.calculators.core, self.verifier.core, asyncio.get_running_loop(), cfg.token, tls)
        for name in ("", *SERVICE_NAMES):
            up = serving(name, reasoning_available=cfg.reasoning_servicer is not None)
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING if up else health_pb2.HealthCheckResponse.NOT_SERVING)
        log.info(
            "serving %s (%s%s, %d worker process%s)",
            self.address,
            "mTLS" if cfg.tls_client_ca else "TLS" if cfg.tls_cert else "plaintext",
            ", token auth" if cfg.token else "",
            self._pool.workers,
            "" if self._pool.workers == 1 else "es",
        )
        return port

    async def stop(self, grace: float | None = None) -> None:
        """Graceful stop: NOT_SERVING, refuse new calls, let in-flight ones finish within
        ``grace`` seconds (default: the configured grace), then stop the workers."""
        if self._server is None:
            return
        grace = self.config.grace if grace is None else grace
        if not self._stopping:
            self._stopping = True
            await self._health.enter_graceful_shutdown()
            if self.config.drain_delay > 0:
                await asyncio.sleep(self.config.drain_delay)
        if self.playground is not None:
            await asyncio.to_thread(self.playground.shutdown)
            self.playground.server_close()
            self.playground = None
        await self._server.stop(grace)
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, True)

    async def wait_for_termination(self) -> None:
        if self._server is not None:
            await self._server.wait_for_termination()


# -- command line -----------------------------------------------------------------------------------


class BufferedStderrHandler(logging.StreamHandler):
    """Log lines to stderr, written in batches: at most every ``interval`` seconds (a background
    thread flushes a quiet log), at once for WARNING and above. A write per access-log line (one
    per call) costs a system call and a GIL hand-off each, a quarter of the server's throughput
    on small calls; batching makes it a few percent. ``flush()`` always writes everything."""

    def __init__(self, interval: float = 0.2):
        stream = open(os.dup(sys.stderr.fileno()), "w", buffering=1 << 16, encoding="utf-8", errors="backslashreplace")
        super().__init__(stream)
        self.interval = interval
        self._last = time.monotonic()
        self._ticker = threading.Thread(target=self._tick, name="log-flush", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while True:
            time.sleep(self.interval)
            if self.stream is None or self.stream.closed:
                return
            try:
                self.flush()
            except (OSError, ValueError):  # stderr went away
                return

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + self.terminator)
            if record.levelno >= logging.WARNING or time.monotonic() - self._last >= self.interval:
                self.stream.flush()
                self._last = time.monotonic()
        except Exception:  # pragma: no cover - logging must not break serving
            self.handleError(record)

    def flush(self) -> None:
        self.acquire()
        try:
            if self.stream is not None and not self.stream.closed:
                self.stream.flush()
            self._last = time.monotonic()
        finally:
            self.release()


def setup_logging(level: str = "INFO") -> None:
    """Root logger -> stderr (batched writes), ``asctime level name: message``."""
    handler = BufferedStderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(getattr(logging, level))


def flush_logs() -> None:
    for h in logging.getLogger().handlers:
        h.flush()


def _read(path: str | None, what: str) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror}") from None


class UsageError(Exception):
    pass


def _check_tls(cert: str, key: str, client_ca: str | None) -> None:
    """Readable errors for unusable PEM files (gRPC itself only says it failed to bind)."""
    import ssl

    for path, what in ((cert, "TLS certificate"), (key, "TLS key"), (client_ca, "client CA")):
        if path is not None:
            _read(path, what)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ctx.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise UsageError(f"--tls-cert {cert} / --tls-key {key}: not a usable certificate and matching private key ({exc.reason or exc})") from None
    if client_ca is not None:
        try:
            ctx.load_verify_locations(cafile=client_ca)
        except ssl.SSLError as exc:
            raise UsageError(f"--tls-client-ca {client_ca}: not a usable PEM certificate ({exc.reason or exc})") from None


def config_from_args(a) -> ServerConfig:
    g = lambda name, default=None: getattr(a, name, default) if getattr(a, name, None) is not None else default  # noqa: E731
    if bool(g("tls_cert")) != bool(g("tls_key")):
        raise UsageError("--tls-cert and --tls-key go together")
    if g("tls_client_ca") and not g("tls_cert"):
        raise UsageError("--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS with client certificates)")
    token = None
    if g("token_file"):
        token = (_read(g("token_file"), "token file") or b"").decode("utf-8", "replace").strip()
        if not token:
            raise UsageError(f"token file {g('token_file')} is empty")
    if g("tls_cert"):
        _check_tls(g("tls_cert"), g("tls_key"), g("tls_client_ca"))
    workers = g("workers")
    if workers is not None and workers < 0:
        raise UsageError("--workers must be 0 or more")
    port = g("port", DEFAULT_PORT)
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: expected 0-65535")
    limits = Limits(max_batch=g("max_batch", 4096), max_trace_chars=g("max_trace_chars", 200_000))
    http_port = g("http_port")
    if http_port is not None and not 0 <= http_port <= 65535:
        raise UsageError(f"--http-port {http_port}: expected 0-65535")
    return ServerConfig(
        host=g("host", DEFAULT_HOST),
        port=port,
        tls_cert=_read(g("tls_cert"), "TLS certificate"),
        tls_key=_read(g("tls_key"), "TLS key"),
        tls_client_ca=_read(g("tls_client_ca"), "client CA"),
        token=token,
        workers=workers,
        max_concurrent_rpcs=g("max_concurrent_rpcs", 1024) or None,
        max_message_bytes=int(g("max_message_mb", 16.0) * 1024 * 1024),
        grace=g("grace", 10.0),
        drain_delay=g("drain_delay", 0.0),
        access_log=g("access_log", True),
        limits=limits,
        http_port=http_port,
    )


async def run_until_signal(config: ServerConfig) -> int:
    """Serve until SIGTERM/SIGINT, drain, return 0 (a second signal cuts the grace short)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    hurry = asyncio.Event()
    count = 0

    def on_signal(name: str) -> None:
        nonlocal count
        count += 1
        if count == 1:
            log.info("%s: draining (NOT_SERVING; in-flight calls get %gs)", name, config.grace)
            stop.set()
        else:
            log.warning("%s again: stopping now", name)
            hurry.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig.name)
    server = ClinverifyServer(config)
    try:
        port = await server.start()
    except Exception:
        await server.stop(0)
        raise
    flush_logs()
    print(f"listening on {_address(config.host, port)}", file=sys.stderr, flush=True)
    if server.playground is not None:
        print(f"playground on {server.playground.url}", file=sys.stderr, flush=True)
    await stop.wait()
    drain = asyncio.ensure_future(server.stop())
    hurried = asyncio.ensure_future(hurry.wait())
    await asyncio.wait({drain, hurried}, return_when=asyncio.FIRST_COMPLETED)
    if not drain.done():
        await server.stop(0)
        drain.cancel()
    hurried.cancel()
    log.info("stopped")
    flush_logs()
    return 0


EXIT_WAIT_S = 5.0  # after the drain, the longest the process may take to exit


def _exit_within(seconds: float, rc: int) -> None:
    """After the drain the process exits, whatever is left: a daemon thread ends it with ``rc``
    if interpreter shutdown is still waiting ``seconds`` later (a thread blocked on a dead
    worker's pipe would otherwise keep it alive forever)."""

    def force() -> None:
        time.sleep(seconds)
        flush_logs()
        os._exit(rc)

    threading.Thread(target=force, name="clinverify-exit", daemon=True).start()


def serve_main(a) -> int:
    """``clinverify serve`` (the argparse namespace of clinverify.clients.cli's ``serve``). Exit 0 after a
    graceful drain, 2 on a usage or I/O error (unreadable files, address in use)."""
    if getattr(a, "ray", False):
        from clinverify.services.ray_app import serve_ray

        return serve_ray(a)
    setup_logging(getattr(a, "log_level", "INFO") or "INFO")
    try:
        config = config_from_args(a)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        rc = asyncio.run(run_until_signal(config))
        _exit_within(EXIT_WAIT_S, rc)
        return rc
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except grpc.RpcError as exc:  # pragma: no cover
        print(f"error: {exc}", file=sys.stderr)
        return 2
