"""Fixtures for the gRPC server tests: a real server on 127.0.0.1 with an ephemeral port.

In-process servers run ``ClinverifyServer`` on an asyncio loop in a background thread (tests
call it with ordinary blocking stubs); ``ServeProcess`` runs ``clinverify serve --port 0`` in a
subprocess for the signal tests. Certificates are generated per session (``cryptography``).
"""

from __future__ import annotations

import asyncio
import threading

import grpc
import pytest

from clinverify.services.server import ClinverifyServer, ServerConfig
from clinverify.services.validation import Limits

TOKEN = "s3cret-token-for-tests"


class ThreadedServer:
    """A ClinverifyServer on its own event loop thread."""

    def __init__(self, config: ServerConfig):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="grpc-aio-test-server", daemon=True)
        self.thread.start()
        self.server = ClinverifyServer(config)
        try:
            self.port = self.call(self.server.start())
        except BaseException:
            self.close()
            raise
        self.address = f"127.0.0.1:{self.port}"

    def call(self, coro, timeout: float = 60.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @property
    def stats(self):
        return self.server.stats

    def close(self) -> None:
        try:
            self.call(self.server.stop(0))
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


def make_config(**kw) -> ServerConfig:
    kw.setdefault("host", "127.0.0.1")
    kw.setdefault("port", 0)
    kw.setdefault("workers", 0)
    return ServerConfig(**kw)


@pytest.fixture(scope="session")
def server():
    """The main test server: two worker processes, small inline threshold (so the pool path
    runs), small limits the limit tests can reach."""
    cfg = make_config(workers=2, inline_below=8, chunk=16, limits=Limits(max_batch=3000, max_trace_chars=20_000, stream_window=4, compute_pool_min=64))
    s = ThreadedServer(cfg)
    yield s
    s.close()


@pytest.fixture(scope="session")
def channel(server):
    ch = grpc.insecure_channel(server.address)
    yield ch
    ch.close()


@pytest.fixture
def make_server():
    made: list[ThreadedServer] = []

    def make(**kw) -> ThreadedServer:
        s = ThreadedServer(make_config(**kw))
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def verify_rows(medcalc_rows):
    """MedCalc-Bench dataset rows in the native verify form (trace = ground-truth explanation)."""
    step = max(1, len(medcalc_rows) // 120)
    return [
        {
            "id": str(r.row),
            "calculator": str(r.calculator_id),
            "question": r.question,
            "entities": r.entities,
            "trace": r.explanation,
            "reference": {"answer": r.label, "lower": r.lower, "upper": r.upper},
        }
        for r in medcalc_rows[::step]
    ]


