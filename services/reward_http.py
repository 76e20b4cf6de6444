"""The OpenRLHF remote reward-model protocol and its HTTP server (stdlib ``http.server``).

    python -m clinverify.clients.openrlhf_server --port 5000      # prints "listening on HOST:PORT"
    python -m openrlhf.cli.train_ppo_ray ... --reward.remote_url http://127.0.0.1:5000/get_reward --data.label_key answer

(``python -m clinverify.services.reward_http`` runs the same server verifying locally only;
the ``clients`` entry point adds ``--address`` to verify on a clinverify gRPC server.)

OpenRLHF (checked against 0.11.2: ``openrlhf/utils/agent.py``, one sample per request) POSTs
``{"query": [...], "prompts": [...], "labels": [...]}``: ``query`` is prompt + response as decoded
by the tokenizer (special tokens kept), ``prompts`` the prompts, ``labels`` the dataset's
``--data.label_key`` column (``""`` without one: no reference). It reads ``{"rewards": [...], "scores": [...], "extra_logs": {...}}``:
``rewards`` drive the advantage, ``scores`` (clamped to [0, 1]) dynamic filtering, and each
``extra_logs`` entry is a per-sample list logged to wandb.

- The response is the query with its prompt removed (also when a BOS token precedes the prompt);
  trailing end-of-sequence / padding tokens are stripped.
- A label is the reference answer as text ("25.2"), or a JSON object with ``answer`` (or
  ``reference``), ``lower``, ``upper``, ``calculator``, ``patient_note``, ``question``,
  ``entities`` (MedCalc-Bench column names too). Without a question or calculator, the prompt
  is the question the calculator is identified from.
- ``?reward=`` picks the reward (``reward`` default, ``answer``, ``process``, ``factuality``,
  ``completeness``, ``answer_process``); a reward that is not applicable counts ``--none-value``
  (default 0). ``?steps=1`` (or ``"return_steps": true`` in the body) adds ``step_rewards``:
  per sample, each step's ``{"span", "score", "verdict", "error"}`` with spans in response characters.

OpenRLHF's Python reward-function mode (the same answer computed in the trainer's process) is
``clinverify.clients.openrlhf_server.reward_func``.

Paths: ``POST /``, ``/get_reward``, ``/reward``; ``GET /health``. Errors are JSON,
``{"error": {"code", "message"}}``:

- ``--auth-token-file F`` (else ``CLINVERIFY_TOKEN_FILE``, else ``CLINVERIFY_TOKEN``;
  ``services.auth.load_token``): every POST must carry ``Authorization: Bearer <token>``, checked
  in constant time from the headers before any of the body is read; without it 401 with
  ``WWW-Authenticate: Bearer``, and the connection closes unread. ``GET /health`` stays open.
- A request must arrive whole within ``--read-timeout`` seconds of its first byte (default 30;
  else 408), and a connection that sends nothing for ``--idle-timeout`` seconds (default 10) is
  closed. At most ``--max-connections`` connections (default 64) are served at once, one thread
  each; more wait in the listen backlog (``LISTEN_BACKLOG``) until one finishes. Bodies above
  ``--max-body-mb`` (default 64) get 413, a body without a single valid ``Content-Length`` 411 or 400.
- A body that is not UTF-8 JSON (``decode_body``: invalid bytes, invalid JSON, nested too deeply)
  or not the protocol's shape gets 400; any other failure a 500, never a dropped connection.
"""

from __future__ import annotations

import argparse
import io
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from clinverify.services.auth import UNAUTHENTICATED_MESSAGE, bearer_ok, load_token
from clinverify.services.reward_scoring import Scorer
from clinverify.verifier.rewards import REWARDS, check_reward, make_row, reward_of, step_rewards

__all__ = ["LOG_KEYS", "ProtocolError", "RewardServer", "decode_body", "main", "response_text", "rows_from_request", "score_request"]

LOG_KEYS = ("answer", "process", "factuality", "completeness")
REWARD_PATHS = ("/", "/get_reward", "/reward")
CDS_DISCOVERY = "/cds-services"  # CDS Hooks 2.0: GET the discovery document, POST /cds-services/{id}
DEFAULT_MAX_BODY = 64 * 1024 * 1024
DEFAULT_MAX_ITEMS = 65536
DEFAULT_READ_TIMEOUT = 30.0  # seconds for a whole request, from its first byte
DEFAULT_IDLE_TIMEOUT = 10.0  # seconds without a byte before a connection is closed
DEFAULT_MAX_CONNECTIONS = 64  # connections served at once (one thread each)
LISTEN_BACKLOG = 1024  # connections waiting for a slot (capped by the kernel's somaxconn)
# End-of-sequence and padding tokens kept by decode(skip_special_tokens=False).
END_TOKENS = (
    "<|endoftext|>",
    "<|im_end|>",
    "<|eot_id|>",
    "<|end_of_text|>",
    "<|end|>",
    "<end_of_turn>",
    "<｜end▁of▁sentence｜>",
    "</s>",
    "<eos>",
    "<pad>",
    "<|pad|>",
    "[PAD]",
    "[SEP]",
)


class ProtocolError(ValueError):
    """The request does not follow the protocol (HTTP 400)."""


def decode_body(raw: bytes) -> Any:
    """A request body -> its JSON value; ProtocolError (a 400) when it is not UTF-8 (a byte order
    mark is allowed), not JSON, nested too deeply or holds a number too long to convert. The
    value's shape is ``rows_from_request``'s to check."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"invalid JSON: the body is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ProtocolError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError; int() refusing a number with too many digits
        raise ProtocolError(f"invalid JSON: {exc}") from None


def response_text(query: str, prompt: str | None, end_tokens: Sequence[str] = END_TOKENS) -> str:
    """The response part of ``query`` (= prompt + response), without trailing EOS/padding tokens."""
    resp = query
    if prompt:
        if query.startswith(prompt):
            resp = query[len(prompt) :]
        else:
            at = query.find(prompt)
            if at >= 0:  # e.g. a BOS token decoded in front of the prompt
                resp = query[at + len(prompt) :]
            else:  # tokenization round trip changed the prompt's tail: drop the common prefix
                n = 0
                for a, b in zip(query, prompt, strict=False):
                    if a != b:
                        break
                    n += 1
                if n >= 0.8 * len(prompt):
                    resp = query[n:]
    changed = True
    while changed:
        changed = False
        stripped = resp.rstrip()
        for tok in end_tokens:
            if stripped.endswith(tok):
                stripped = stripped[: -len(tok)]
                changed = True
        resp = stripped if changed else resp
    return resp


def rows_from_request(body: Any, max_items: int = DEFAULT_MAX_ITEMS) -> list[dict[str, Any]]:
    """A protocol request body -> verify input rows (raises ProtocolError)."""
    if not isinstance(body, Mapping):
        raise ProtocolError("expected a JSON object with query, prompts and labels")
    queries = body.get("query", body.get("queries"))
    if isinstance(queries, str):
        queries = [queries]
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise ProtocolError("query: expected a list of strings (prompt + response)")
    if len(queries) > max_items:
        raise ProtocolError(f"query: {len(queries)} items; at most {max_items} per request")
    n = len(queries)
    prompts = body.get("prompts")
    labels = body.get("labels")
    if prompts is None:
        prompts = [None] * n
    if labels is None:
        labels = [None] * n
    if isinstance(prompts, str) and n == 1:
        prompts = [prompts]
    if isinstance(labels, (str, dict)) and n == 1:
        labels = [labels]
    if not isinstance(prompts, list) or len(prompts) != n:
        raise ProtocolError(f"prompts: expected a list as long as query ({n})")
    if not isinstance(labels, list) or len(labels) != n:
        raise ProtocolError(f"labels: expected a list as long as query ({n})")
    rows = []
    for i, (q, p, lab) in enumerate(zip(queries, prompts, labels, strict=True)):
        if p is not None and not isinstance(p, str):
            raise ProtocolError(f"prompts[{i}]: expected a string")
        rows.append(make_row(response_text(q, p), lab, None, p or None))
    return rows


def query_options(reward: str | None, steps: str | None) -> tuple[str | None, bool]:
    """The request's ``?reward=`` (one of REWARDS, or None for the server's default) and
    ``?steps=`` (1/true/yes: per-step rewards too); ProtocolError for an unknown reward."""
    if reward is not None and reward not in REWARDS:
        raise ProtocolError(f"reward: expected one of {', '.join(REWARDS)}, got {reward!r}")
    return reward, (steps or "0").lower() in ("1", "true", "yes")


def score_request(body: Any, scorer: Scorer, reward: Any = None, none_value: float = 0.0, steps: bool = False) -> dict[str, Any]:
    """One protocol request -> one protocol response. ``scorer``: anything with ``reward`` and
    ``verify(rows)`` (a ``Scorer``, or a stand-in holding results verified elsewhere)."""
    kind = scorer.reward if reward is None else check_reward(reward)
    rows = rows_from_request(body)
    if isinstance(body, Mapping) and body.get("return_steps"):
        steps = True
    results = scorer.verify(rows)
    rewards: list[float] = []
    applicable: list[float] = []
    for res in results:
        r = reward_of(res, kind)
        applicable.append(0.0 if r is None else 1.0)
        rewards.append(float(none_value) if r is None else r)
    logs: dict[str, list[float]] = {}
    for k in LOG_KEYS:
        logs[k] = [float(v) if isinstance(v, (int, float)) and v is not None else 0.0 for v in ((r.get("scores") or {}).get(k) for r in results)]
    logs["applicable"] = applicable
    logs["first_error_found"] = [1.0 if r.get("first_error") is not None else 0.0 for r in results]
    logs["verify_error"] = [1.0 if r.get("error") else 0.0 for r in results]
    out: dict[str, Any] = {"rewards": rewards, "scores": [min(1.0, max(0.0, x)) for x in rewards], "extra_logs": logs}
    if steps:
        out["step_rewards"] = [step_rewards(r) for r in results]
    return out


# ---------------------------------------------------------------------------------------------
# HTTP server
# ---------------------------------------------------------------------------------------------


class _DeadlineReader(io.RawIOBase):
    """The connection's reads: each waits at most ``idle_timeout`` seconds for data, and a request
    (request line, headers and body) must arrive whole within ``read_timeout`` seconds of its
    first byte. Past either, ``TimeoutError``."""

    def __init__(self, sock: socket.socket, idle_timeout: float, read_timeout: float):
        self.sock = sock
        self.idle_timeout = idle_timeout
        self.read_timeout = read_timeout
        self.deadline: float | None = None  # None: waiting for the first byte of a request

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self.idle_timeout
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"the request did not arrive within {self.read_timeout:g} s")
            timeout = min(timeout, left)
        self.sock.settimeout(timeout)
        n = self.sock.recv_into(buffer)
        if self.deadline is None:
            self.deadline = time.monotonic() + self.read_timeout
        return n


def cds_answer(service_id: str, raw: bytes) -> tuple[int, dict[str, Any]]:
    """``POST /cds-services/{service_id}`` with body ``raw`` -> (HTTP status, JSON body), for both
    HTTP transports (this server and the Ray Gateway; the token is theirs to check). Never raises:
    a refusal is its status with ``{"error": {"code", "message"}}``, anything unexpected a 500
    naming only the exception type (the body holds patient data)."""
    from clinverify.services.cds_hooks import CdsError, call

    try:
        return 200, call(service_id, decode_body(raw))
    except ProtocolError as exc:
        return 400, {"error": {"code": "bad_request", "message": str(exc)}}
    except CdsError as exc:
        return exc.status, {"error": {"code": "cds_hooks", "message": exc.message}}
    except Exception as exc:
        return 500, {"error": {"code": "internal", "message": f"internal error ({type(exc).__name__})"}}


def _json_bytes(obj: Any) -> bytes:
    # ASCII output: valid JSON even where a string holds a lone surrogate (a "\ud800" escape).
    return json.dumps(obj, allow_nan=False).encode("ascii")


class _Handler(BaseHTTPRequestHandler):
    server: RewardServer
    protocol_version = "HTTP/1.1"
    server_version = "clinverify-reward/1"

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # replaced: every read goes through the timeouts
        self.reader = _DeadlineReader(self.connection, self.server.idle_timeout, self.server.read_timeout)
        self.rfile = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        self.reader.deadline = None  # the next request's clock starts with its first byte
        super().handle_one_request()

    def log_message(self, format: str, *args: Any) -> None:  # no request logging: bodies may hold patient data
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, obj: Any, headers: Mapping[str, str] | None = None) -> None:
        data = obj if isinstance(obj, bytes) else _json_bytes(obj)
        self.connection.settimeout(self.server.read_timeout)  # a client must take the answer in time too
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client went away (or stopped reading): nothing more to say
            self.close_connection = True

    def _error(self, status: int, message: str, code: str = "bad_request", close: bool = False, headers: Mapping[str, str] | None = None) -> None:
        if close:
            self.close_connection = True
        self._send(status, {"error": {"code": code, "message": message}}, headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (malformed request line or headers, unknown method), as JSON."""
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        self.request_version = self.protocol_version  # a status line and headers, even to a malformed request line
        self._error(code, message or phrase, phrase.lower().replace(" ", "_").replace("-", "_"), close=True)

    def do_GET(self) -> None:
        # Open without a token: health probes, and answers that carry no data.
        path = urlsplit(self.path).path
        if path in ("/health", "/healthz"):
            self._send(HTTPStatus.OK, {"status": "ok"})
        elif path == CDS_DISCOVERY:  # CDS Hooks discovery: the services and their prefetch, no data
            from clinverify.services.cds_hooks import discovery

            self._send(HTTPStatus.OK, discovery())
        elif path in REWARD_PATHS:
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "POST a JSON body {query, prompts, labels}", "method_not_allowed")
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {path}", "not_found")

    def handle_expect_100(self) -> bool:
        # "Expect: 100-continue": the headers are checked before the client is told to send the body.
        if self.command == "POST" and self._check_head() is None:
            return False
        return super().handle_expect_100()

    def _check_head(self) -> int | None:
        """Checks a POST's request line and headers before any of its body is read: the token,
        the path, the framing and the size. Returns the body's length, or None once an error was
        answered (the connection then closes; the body is never read)."""
        if not bearer_ok(self.server.token, self.headers.get("Authorization")):
            self._error(HTTPStatus.UNAUTHORIZED, UNAUTHENTICATED_MESSAGE, "unauthenticated", close=True, headers={"WWW-Authenticate": "Bearer"})
            return None
        path = urlsplit(self.path).path
        if path not in REWARD_PATHS and not path.startswith(CDS_DISCOVERY + "/"):
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {path} (POST {REWARD_PATHS[1]})", "not_found", close=True)
            return None
        if self.headers.get("Transfer-Encoding") is not None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length (Transfer-Encoding, chunked included, is not supported)", "length_required", close=True)
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required", "length_required", close=True)
            return None
        text = lengths[0].strip()
        if len(lengths) > 1 or not (text.isascii() and text.isdigit()):
            self._error(HTTPStatus.BAD_REQUEST, f"invalid Content-Length: {', '.join(lengths)!r}", close=True)
            return None
        length = int(text)
        if length > self.server.max_body:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body of {length} bytes; the limit is {self.server.max_body}", "too_large", close=True)
            return None
        return length

    def _read_body(self, length: int) -> bytes | None:
        """The body, or None once the connection is given up (timeout: 408; client gone)."""
        try:
            raw = self.rfile.read(length)
        except TimeoutError:
            message = f"the request did not arrive within {self.server.read_timeout:g} s (or stalled for {self.server.idle_timeout:g} s)"
            self._error(HTTPStatus.REQUEST_TIMEOUT, message, "timeout", close=True)
            return None
        except OSError:
            self.close_connection = True
            return None
        if len(raw) < length:  # the client closed before sending it all
            self.close_connection = True
            return None
        return raw

    def do_POST(self) -> None:
        length = self._check_head()
        if length is None:
            return
        raw = self._read_body(length)
        if raw is None:
            return
        path = urlsplit(self.path).path
        if path.startswith(CDS_DISCOVERY + "/"):
            self._cds_hook(path[len(CDS_DISCOVERY) + 1 :], raw)
            return
        qs = parse_qs(urlsplit(self.path).query)
        try:
            body = decode_body(raw)
            reward, steps = query_options(qs["reward"][-1] if "reward" in qs else None, (qs.get("steps") or [None])[-1])
            data = _json_bytes(score_request(body, self.server.scorer, reward, self.server.none_value, steps))
        except ProtocolError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except RecursionError:
            self._error(HTTPStatus.BAD_REQUEST, "the request is nested too deeply")
            return
        except Exception as exc:  # never a traceback to the trainer; a clear 500
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error ({type(exc).__name__}); the request was not scored", "internal")
            return
        self._send(HTTPStatus.OK, data)


    def _cds_hook(self, service_id: str, raw: bytes) -> None:
        """POST /cds-services/{id}: a CDS Hooks call (services/cds_hooks.py), same token and limits."""
        status, body = cds_answer(service_id, raw)
        self._send(status, body)


LINGER = 1.0  # seconds a closing connection's unread input is read and dropped (a lingering close)


class RewardServer(ThreadingHTTPServer):
    """ThreadingHTTPServer answering the protocol with a Scorer.

    ``RewardServer(("127.0.0.1", 0), scorer)`` binds an ephemeral port (``server_address``);
    run ``serve_forever()`` (in a thread for tests) and ``shutdown()``.

    ``token``: every POST must carry ``Authorization: Bearer <token>`` (None: no authentication;
    ``GET /health`` is always open). At most ``max_connections`` connections are served at once,
    one thread each; past that, new connections wait in the listen backlog (``LISTEN_BACKLOG``,
    capped by the kernel's ``somaxconn``) until a slot frees up. A connection that sends nothing
    for ``idle_timeout`` seconds is closed, and a request must arrive whole within
    ``read_timeout`` seconds of its first byte (else 408).
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        scorer: Scorer | None = None,
        *,
        none_value: float = 0.0,
        max_body: int = DEFAULT_MAX_BODY,
        token: str | None = None,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        verbose: bool = False,
    ):
        if read_timeout <= 0 or idle_timeout <= 0:
            raise ValueError("read_timeout and idle_timeout must be positive")
        if max_connections < 1:
            raise ValueError("max_connections must be at least 1")
        self.scorer = scorer if scorer is not None else Scorer()
        self.none_value = float(none_value)
        self.max_body = int(max_body)
        self.token = token or None
        self.read_timeout = float(read_timeout)
        self.idle_timeout = float(idle_timeout)
        self.max_connections = int(max_connections)
        self.verbose = verbose
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self._stopping = threading.Event()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/get_reward"

    def process_request(self, request: Any, client_address: Any) -> None:
        # All slots busy: the accept loop waits here, and new connections queue in the backlog.
        while not self._slots.acquire(timeout=0.2):
            if self._stopping.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that resets or breaks its connection is no server error: no traceback.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Close a connection without destroying the answer in flight: stop writing, then read and
        drop what the client still sends for up to ``LINGER`` seconds before closing. Closing with
        unread input resets the connection, and a reset discards the answer the client has not
        read yet (a 408 to a client still trickling its body arrived without its JSON body)."""
        try:
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        deadline = time.monotonic() + LINGER
        try:
            request.settimeout(LINGER)
            while (left := deadline - time.monotonic()) > 0:
                request.settimeout(left)
                if not request.recv(65536):
                    break  # the client closed too
        except OSError:
            pass  # timed out, or the client is gone
        self.close_request(request)

    def shutdown(self) -> None:
        self._stopping.set()
        super().shutdown()


def main(
    argv: Sequence[str] | None = None,
    *,
    connect: Callable[..., Any] | None = None,
    prog: str = "python -m clinverify.services.reward_http",
) -> int:
    """Run the server until SIGTERM/SIGINT. ``connect(address, **options)``: builds the remote
    verifier for ``--address`` (an object with ``verify_batch`` and ``close``); without it the
    command has no ``--address`` options and always verifies locally."""
    ap = argparse.ArgumentParser(prog=prog, description="OpenRLHF remote reward endpoint backed by the clinverify verifier.")
    ap.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=5000, help="port (0 picks a free one; default 5000)")
    ap.add_argument("--reward", default="reward", choices=REWARDS, help="default reward (a request may override with ?reward=)")
    ap.add_argument("--none-value", type=float, default=0.0, help="reward where it is not applicable (default 0)")
    ap.add_argument("--workers", type=int, default=None, help="verifier worker processes (default: usable CPUs, at most 8; 0 = in the server process)")
    ap.add_argument("--max-body-mb", type=float, default=DEFAULT_MAX_BODY / 2**20, help="largest request body in MiB (default 64; larger: 413)")
    ap.add_argument(
        "--auth-token-file",
        default=None,
        help="file holding the bearer token every POST must send (else CLINVERIFY_TOKEN_FILE, else CLINVERIFY_TOKEN; none: no authentication; GET /health is always open)",
    )
    ap.add_argument("--read-timeout", type=float, default=DEFAULT_READ_TIMEOUT, help="seconds for a whole request to arrive, from its first byte (default 30; else 408)")
    ap.add_argument("--idle-timeout", type=float, default=DEFAULT_IDLE_TIMEOUT, help="seconds without a byte before a connection is closed (default 10)")
    ap.add_argument(
        "--max-connections",
        type=int,
        default=DEFAULT_MAX_CONNECTIONS,
        help=f"connections served at once (default {DEFAULT_MAX_CONNECTIONS}); more wait in the listen backlog",
    )
    if connect is not None:
        ap.add_argument("--address", default=None, help="verify on this clinverify gRPC server (host:port) instead of in-process")
        ap.add_argument("--token-file", default=None, help="bearer token file sent to --address (the token this server requires is --auth-token-file)")
        ap.add_argument("--tls-ca", default=None, help="root certificate (PEM) for --address over TLS")
        ap.add_argument("--tls-cert", default=None, help="client certificate (PEM) for mTLS")
        ap.add_argument("--tls-key", default=None, help="client private key (PEM) for mTLS")
    ap.add_argument("--verbose", action="store_true", help="log one line per request on stderr (no bodies)")
    a = ap.parse_args(argv)
    if a.max_body_mb <= 0:
        ap.error("--max-body-mb must be positive")
    if a.read_timeout <= 0 or a.idle_timeout <= 0:
        ap.error("--read-timeout and --idle-timeout must be positive")
    if a.max_connections < 1:
        ap.error("--max-connections must be at least 1")
    address = getattr(a, "address", None)
    try:
        token = load_token(a.auth_token_file)
        client = None
        if address:
            options = {"token_file": a.token_file, "root_certificates": a.tls_ca, "certificate_chain": a.tls_cert, "private_key": a.tls_key}
            client = connect(address, **{k: v for k, v in options.items() if v is not None})
        # Single requests (OpenRLHF sends one sample per request) also go to the workers, so
        # concurrent requests use every core.
        scorer = Scorer(client=client, own_client=True, reward=a.reward, workers=a.workers, min_parallel=1)
        if not scorer.remote:
            scorer.warmup()
        server = RewardServer(
            (a.host, a.port),
            scorer,
            none_value=a.none_value,
            max_body=int(a.max_body_mb * 2**20),
            token=token,
            read_timeout=a.read_timeout,
            idle_timeout=a.idle_timeout,
            max_connections=a.max_connections,
            verbose=a.verbose,
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    if token is not None:
        print("bearer token required on POST", file=sys.stderr, flush=True)
    print(f"listening on {host}:{port}", file=sys.stderr, flush=True)

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        scorer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
