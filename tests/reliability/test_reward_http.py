"""Issue 13 finding 9: the OpenRLHF HTTP reward endpoint (services/reward_http.py) on loopback.

- an optional bearer token, checked from the headers before any of the body is read (401 with
  ``WWW-Authenticate: Bearer``; ``GET /health`` stays open);
- read and idle timeouts, a bounded number of connections served at once (the others wait in the
  listen backlog), a body size limit (413);
- an undecodable body (not UTF-8, not JSON, nested too deep, wrong shapes) is a 400 with a JSON
  error body, never a dropped connection or a traceback, and the server keeps serving.

Every server runs in this process on 127.0.0.1 with an ephemeral port, verifying in-process.
Time bounds allow at least ten times the typical figure (shared, noisy machines).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from clinverify.services.reward_http import ProtocolError, RewardServer, decode_body
from clinverify.services.reward_scoring import Scorer

TOKEN = "reward-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RIGHT = "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\nAnswer: 70.71"
GOOD = json.dumps({"query": [RIGHT], "labels": [json.dumps({"calculator": "cockcroft_gault", "answer": "70.71"})]}).encode()


@pytest.fixture(scope="module")
def scorer() -> Iterator[Scorer]:
    s = Scorer(workers=0)
    yield s
    s.close()


@contextlib.contextmanager
def serve(scorer: Scorer, **options) -> Iterator[RewardServer]:
    srv = RewardServer(("127.0.0.1", 0), scorer, **options)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(timeout=30)


def request(srv: RewardServer, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, dict]:
    """One request on a fresh connection: (status, headers, JSON body)."""
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, dict(resp.headers), json.loads(resp.read())
    finally:
        conn.close()


def raw_exchange(srv: RewardServer, data: bytes, timeout: float = 10.0) -> bytes:
    """Send ``data`` on a raw socket (without closing our side) and read until the server closes."""
    with socket.create_connection(srv.server_address[:2], timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def handler_threads() -> int:
    return sum(1 for t in threading.enumerate() if "process_request_thread" in t.name)


def healthy(srv: RewardServer) -> bool:
    status, _, out = request(srv, "GET", "/health")
    return status == 200 and out == {"status": "ok"}


# -- bearer token -----------------------------------------------------------------------------


def test_token_required_on_post_but_not_on_health(scorer):
    with serve(scorer, token=TOKEN) as srv:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}):
            status, resp_headers, out = request(srv, "POST", "/get_reward", GOOD, headers)
            assert status == 401, headers
            assert resp_headers.get("WWW-Authenticate") == "Bearer"
            assert out["error"]["code"] == "unauthenticated" and "Bearer" in out["error"]["message"]
        status, _, out = request(srv, "POST", "/get_reward", GOOD, AUTH)
        assert status == 200 and out["rewards"] == [1.0]
        status, _, out = request(srv, "POST", "/get_reward", GOOD, {"Authorization": f"bearer {TOKEN}"})
        assert status == 200  # the scheme is case-insensitive
        assert healthy(srv)  # probes need no token


def test_unauthenticated_body_is_not_read(scorer):
    """The token is checked from the headers: a 64 MiB body announced without it is answered 401
    at once (we send 1 KiB of it and wait), and the connection closes."""
    with serve(scorer, token=TOKEN) as srv:
        head = b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (64 * 2**20)
        t0 = time.monotonic()
        reply = raw_exchange(srv, head + b"[" * 1024, timeout=10)
        assert reply.startswith(b"HTTP/1.1 401 "), reply[:200]
        assert b"WWW-Authenticate: Bearer" in reply
        assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "unauthenticated"
        assert time.monotonic() - t0 < 5
        # ... and with "Expect: 100-continue" the client is told 401, never "100 Continue"
        reply = raw_exchange(srv, head.replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"), timeout=10)
        assert reply.startswith(b"HTTP/1.1 401 "), reply[:200]
        assert healthy(srv)


def test_token_checked_before_the_size_limit(scorer):
    with serve(scorer, token=TOKEN, max_body=1024) as srv:
        status, _, _ = request(srv, "POST", "/get_reward", b"x" * 4096)
        assert status == 401
        status, _, out = request(srv, "POST", "/get_reward", b"x" * 4096, AUTH)
        assert status == 413 and out["error"]["code"] == "too_large"


# -- timeouts and bounded connections ---------------------------------------------------------


def test_body_that_never_finishes_gets_408(scorer):
    """A client that keeps trickling bytes (never idle) but never finishes its body is cut off
    by the read timeout."""
    with serve(scorer, read_timeout=1.0, idle_timeout=5.0) as srv:
        with socket.create_connection(srv.server_address[:2], timeout=15) as s:
            s.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
            t0 = time.monotonic()
            reply = b""
            s.settimeout(0.2)
            while time.monotonic() - t0 < 15:
                try:
                    s.sendall(b" ")
                    chunk = s.recv(65536)
                except TimeoutError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
                if not chunk:
                    break
                reply += chunk
            elapsed = time.monotonic() - t0
        assert reply.startswith(b"HTTP/1.1 408 "), reply[:200]
        assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "timeout"
        assert elapsed < 10
        assert healthy(srv)


def test_idle_connection_is_closed(scorer):
    with serve(scorer, idle_timeout=0.5) as srv:
        t0 = time.monotonic()
        assert raw_exchange(srv, b"", timeout=15) == b""  # nothing sent: closed by the server
        assert time.monotonic() - t0 < 5
        # a stall in the middle of the headers counts as idle too
        t0 = time.monotonic()
        raw_exchange(srv, b"POST /get_reward HTTP/1.1\r\nHost: x\r\n", timeout=15)
        assert time.monotonic() - t0 < 5


def test_stalled_connections_hold_a_bounded_number_of_threads(scorer):
    """Reproduction: 24 connections that never finish their body held 24 handler threads. Now
    at most ``max_connections`` are served at once; the rest wait in the listen backlog, and
    each stalled one is cut off by the read timeout, so the server keeps serving."""
    with serve(scorer, max_connections=4, read_timeout=0.5, idle_timeout=0.5) as srv:
        before = handler_threads()
        socks = []
        try:
            for _ in range(24):
                s = socket.create_connection(srv.server_address[:2], timeout=30)
                s.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
                socks.append(s)
            time.sleep(0.3)
            assert handler_threads() - before <= 4
            # every stalled connection ends (408 or closed) and the server serves again
            t0 = time.monotonic()
            assert healthy(srv)
            status, _, out = request(srv, "POST", "/get_reward", GOOD)
            assert status == 200 and out["rewards"] == [1.0]
            assert time.monotonic() - t0 < 60  # typically 3 s: 6 rounds of 4 stalled connections, 0.5 s each
        finally:
            for s in socks:
                s.close()


def test_connections_beyond_the_bound_wait_and_are_served(scorer):
    with serve(scorer, max_connections=2) as srv:
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda _: request(srv, "POST", "/get_reward", GOOD)[0], range(32)))
        assert results == [200] * 32


# -- undecodable bodies -------------------------------------------------------------------------

DEEP = 100_000
UNDECODABLE = {
    "not_utf8": b'{"query": ["\xff\xfe"]}',
    "surrogate_utf8": b'{"query": ["\xed\xa0\x80"]}',
    "not_json": b"{not json",
    "empty": b"",
    "truncated": b'{"query": ["a"',
    "deep_arrays": b"[" * DEEP + b"]" * DEEP,
    "deep_objects": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "deep_in_labels": b'{"query": ["a"], "labels": [' + b"[" * DEEP + b"]" * DEEP + b"]}",
    "deep_unclosed": b"[" * (10 * DEEP),
    "huge_integer": b'{"query": ["a"], "labels": [' + b"1" * 5000 + b"]}",
    "null": b"null",
    "list": b"[1, 2]",
    "string": b'"query"',
    "query_object": b'{"query": {"a": 1}}',
    "query_nested": b'{"query": [["a"]]}',
    "labels_nan": b'{"query": ["a"], "labels": NaN}',
    "prompts_number": b'{"query": ["a"], "prompts": [1]}',
}


@pytest.fixture(scope="module")
def plain_server(scorer) -> Iterator[RewardServer]:
    with serve(scorer) as srv:
        yield srv


@pytest.mark.parametrize("name", list(UNDECODABLE))
def test_undecodable_body_gets_400(plain_server, name, capsys):
    status, headers, out = request(plain_server, "POST", "/get_reward", UNDECODABLE[name])
    assert status == 400, out
    assert headers["Content-Type"] == "application/json"
    assert out["error"]["code"] == "bad_request" and out["error"]["message"]
    assert healthy(plain_server)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("value", ["5_0", "+5", "-1", " ", "0x10", "5, 5"])
def test_bad_content_length_gets_400(plain_server, value):
    reply = raw_exchange(plain_server, b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: %s\r\n\r\n{}" % value.encode())
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:200]
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "bad_request"


def test_two_content_lengths_get_400(plain_server):
    reply = raw_exchange(plain_server, b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}")
    assert reply.startswith(b"HTTP/1.1 400 "), reply[:200]


def test_malformed_request_line_gets_a_json_error(plain_server):
    reply = raw_exchange(plain_server, b"POST /get_reward HTTP/9.9\r\n\r\n")
    assert reply[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 505"), reply[:200]
    assert "error" in json.loads(reply.split(b"\r\n\r\n", 1)[1])


def test_client_gone_mid_body_leaves_no_traceback(plain_server, capsys):
    with socket.create_connection(plain_server.server_address[:2], timeout=10) as s:
        s.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
    assert healthy(plain_server)
    time.sleep(0.2)
    assert "Traceback" not in capsys.readouterr().err


def test_decode_body():
    """The helper the HTTP routes share: bytes -> JSON value, or ProtocolError (a 400)."""
    assert decode_body(b'{"query": ["a"]}') == {"query": ["a"]}
    assert decode_body('\ufeff{"a": 1}'.encode()) == {"a": 1}  # a UTF-8 byte order mark is allowed
    assert decode_body(b"[1, 2]") == [1, 2]  # shapes are for rows_from_request to check
    for name in ("not_utf8", "surrogate_utf8", "not_json", "empty", "truncated", "deep_arrays", "deep_objects", "deep_in_labels", "deep_unclosed", "huge_integer"):
        with pytest.raises(ProtocolError):
            decode_body(UNDECODABLE[name])


def test_a_failure_while_scoring_is_500_without_the_request_text():
    """An unexpected exception names its type only: its message may quote the request (patient data)."""

    class Broken:
        reward = "reward"

        def verify(self, rows):
            raise TypeError(f"cannot handle {rows[0]['trace']!r}")

    with serve(Broken()) as srv:
        body = json.dumps({"query": ["The patient is 87 years old. Answer: 25"], "prompts": [""], "labels": ["25"]}).encode()
        status, _, payload = request(srv, "POST", "/get_reward", body, {"Content-Type": "application/json"})
    assert status == 500, payload
    text = json.dumps(payload)
    assert "TypeError" in text and "87 years" not in text
