"""Fixtures for the gRPC server tests: a real server on 127.0.0.1 with an ephemeral port.

In-process servers run ``ClinverifyServer`` on an asyncio loop in a background thread (tests
call it with ordinary blocking stubs); ``ServeProcess`` runs ``clinverify serve --port 0`` in a
subprocess for the signal tests. Certificates are generated per session (``cryptography``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import re
import signal
import subprocess
import sys
import threading
import time

import grpc
import pytest

from clinverify.services.server import ClinverifyServer, ServerConfig
from clinverify.services.servicers import Limits

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


# -- certificates -------------------------------------------------------------------------------


def _make_certs() -> dict[str, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def pem_key(k) -> bytes:
        return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    now = dt.datetime.now(dt.UTC)

    def build(subject: str, pub, issuer_name, issuer_key, *, ca=False, san=None, usage=None):
        b = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer_name)
            .public_key(pub)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if san:
            b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
        if usage:
            b = b.add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clinverify test CA")])
    ca = build("clinverify test CA", ca_key.public_key(), ca_name, ca_key, ca=True)
    srv_key = ec.generate_private_key(ec.SECP256R1())
    san = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    srv = build("localhost", srv_key.public_key(), ca_name, ca_key, san=san, usage=[ExtendedKeyUsageOID.SERVER_AUTH])
    cli_key = ec.generate_private_key(ec.SECP256R1())
    cli = build("test client", cli_key.public_key(), ca_name, ca_key, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
    # A client certificate from a CA the server does not trust.
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "other CA")])
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = build("rogue client", rogue_key.public_key(), other_name, other_key, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
    pem = serialization.Encoding.PEM
    return {
        "ca": ca.public_bytes(pem),
        "server_cert": srv.public_bytes(pem),
        "server_key": pem_key(srv_key),
        "client_cert": cli.public_bytes(pem),
        "client_key": pem_key(cli_key),
        "rogue_cert": rogue.public_bytes(pem),
        "rogue_key": pem_key(rogue_key),
    }


@pytest.fixture(scope="session")
def certs(tmp_path_factory):
    pytest.importorskip("cryptography", reason="certificate tests need the 'cryptography' package (test extra)")
    data = _make_certs()
    d = tmp_path_factory.mktemp("certs")
    out = dict(data)
    for name, blob in data.items():
        p = d / f"{name}.pem"
        p.write_bytes(blob)
        out[f"{name}_path"] = str(p)
    return out


# -- `clinverify serve` in a subprocess -------------------------------------------------------------

LISTENING = re.compile(r"listening on (\S+):(\d+)")


class ServeProcess:
    def __init__(self, *args: str, timeout: float = 30.0):
        cmd = [sys.executable, "-P", "-m", "clinverify.clients", "serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines: list[str] = []
        self.address: str | None = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            self.lines.append(line)
            m = LISTENING.search(line)
            if m:
                self.address = f"{m.group(1)}:{m.group(2)}"
                break
        if self.address is None:
            self.kill()
            raise RuntimeError("clinverify serve did not start:\n" + "".join(self.lines))
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def signal(self, sig=signal.SIGTERM) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 30.0) -> int:
        rc = self.proc.wait(timeout)
        self._drainer.join(5)
        return rc

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


@pytest.fixture
def serve_process():
    made: list[ServeProcess] = []

    def start(*args: str) -> ServeProcess:
        p = ServeProcess(*args)
        made.append(p)
        return p

    yield start
    for p in made:
        p.kill()
