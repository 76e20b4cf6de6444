"""The web playground: the HTTP side of ``clinverify serve --http-port PORT`` (INTERFACES.md),
beside the gRPC server, over the same service cores (``CalculatorCore``, ``VerifierCore``: the
same validation, limits, worker pool and errors), with the same TLS (HTTPS with the server's
certificate; client certificates required with ``--tls-client-ca``) and bearer token.

A browser gets one page (``services/web/``: plain HTML, CSS and a little vanilla JavaScript,
shipped as package data; nothing is loaded from the network) with two views:

- *Verify a trace*: paste a trace, pick a calculator (or let it be identified from the
  question), optionally the question, the answer, the patient note and the entities; the answer
  shows the trace view of the HTML report (``verifier.report_html.trace_html``, the one renderer:
  steps highlighted by verdict, the detail beside each step, the answer check, the scores).
- *Calculators*: the form of each calculator is generated in the page from the JSON Schema of
  its declared inputs (``input_schema.calculator_schema``: units to choose, plausible ranges,
  options), with its citations; the answer shows the value, the intermediates and the
  explanation.

Routes (JSON in and out; an error is ``{"error": {code, status, message, fields}}``, the MCP
tools' form, with the HTTP status of ``errors.http_status``):

- ``GET /`` the page; ``GET /static/…`` its files and ``trace.css`` (``report_html.CSS``);
  ``GET /healthz``. Open without a token: they carry no data.
- ``GET /api/calculators[?category=C&query=Q]`` (every calculator, or those of a category and
  matching a search text: ``calculator_core.select_calculators``), ``GET /api/calculators/{key}``
  (describe + ``input_schema`` + citations), ``POST /api/compute`` ``{calculator, entities}``, ``POST /api/verify``
  ``{trace, calculator?, question?, patient_note?, entities?, answer?, reference?,
  reasoning_content?}`` -> ``{"result": <verify output>, "html": <trace view>}``.

Limits and safety: with a token configured (``serve --token-file``), every ``/api/`` call needs
``Authorization: Bearer <token>`` (``services.auth``; the page asks for it once and keeps it in
the tab's session storage). Bodies are capped at the gRPC request limits
(``validation.MAX_REQUEST_BYTES``: Verify 4 MiB, Compute 2 MiB; else 413 naming the limit), a
POST must be ``Content-Type: application/json`` (a cross-site form cannot send that without a
CORS preflight, which is never granted), at most ``max_calls`` API calls run at once (else
429), a connection idle for ``IDLE_TIMEOUT_S`` is closed, and on a loopback address only
loopback ``Host`` names are answered (DNS rebinding). Pages carry a Content-Security-Policy that
allows this server's own files only. Request bodies are never logged.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import json
import logging
import os
import socket
import ssl
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from clinverify.api.v1 import calculator_pb2, common_pb2
from clinverify.services import codec
from clinverify.services.auth import UNAUTHENTICATED_MESSAGE, bearer_ok
from clinverify.services.calculator_core import citations
from clinverify.services.errors import ServiceError, as_service_error, http_status, over_limit, to_dict
from clinverify.services.input_schema import calculator_schema
from clinverify.services.reward_http import ProtocolError, decode_body
from clinverify.services.validation import MAX_REQUEST_BYTES, resolve_calculator

access_log = logging.getLogger("clinverify.access")

IDLE_TIMEOUT_S = 30.0  # a connection that sends nothing for this long is closed
CALL_TIMEOUT_S = 120.0  # the longest one API call may take (then 504)
DEFAULT_MAX_CALLS = 64  # API calls in progress at once (more: 429)
VERIFY_FIELDS = ("trace", "calculator", "question", "patient_note", "entities", "answer", "reference", "reasoning_content")
STATIC = {  # path -> (file in services/web, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/playground.js": ("playground.js", "text/javascript; charset=utf-8"),
    "/static/playground.css": ("playground.css", "text/css; charset=utf-8"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def static_files() -> dict[str, tuple[bytes, str]]:
    """The page's files by path: the package data of ``services/web`` and the trace view's CSS
    (the HTML report's own, ``report_html.CSS``)."""
    from clinverify.verifier.report_html import CSS

    web = resources.files("clinverify.services").joinpath("web")
    out = {path: (web.joinpath(name).read_bytes(), ctype) for path, (name, ctype) in STATIC.items()}
    out["/static/trace.css"] = (CSS.encode("utf-8"), "text/css; charset=utf-8")
    return out


def list_filters(query_string: str) -> dict[str, str]:
    """``category`` and ``query`` of ``GET /api/calculators?…`` (the last of a repeated one; other
    parameters are ignored). A query string that is not UTF-8 percent-encoding is INVALID_ARGUMENT."""
    try:
        params = parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        text = "not UTF-8 percent-encoded text"
        raise ServiceError("INVALID_ARGUMENT", f"query string: {text}", [("query string", text)]) from None
    return {name: values[-1] for name, values in params.items() if name in ("category", "query")}


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ServiceError("INVALID_ARGUMENT", "body: expected a JSON object", [("body", "expected a JSON object")], item_code="invalid_row")
    return body


def _text(body: dict[str, Any], key: str) -> str:
    v = body.get(key)
    if v is None:
        return ""
    if not isinstance(v, (str, int, float)) or isinstance(v, bool):
        raise ServiceError("INVALID_ARGUMENT", f"{key}: expected text", [(key, "expected text")], item_code="invalid_row")
    return str(v)


class Playground:
    """The playground's API over the cores, independent of HTTP: each method takes the decoded
    JSON body and answers a JSON object, or raises ``ServiceError``. The async core calls run on
    ``loop`` (the gRPC server's), awaited from the HTTP threads."""

    def __init__(self, calc_core, verifier_core, loop: asyncio.AbstractEventLoop):
        self.calc_core = calc_core
        self.verifier_core = verifier_core
        self.loop = loop

    def _run(self, coro):
        fut = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return fut.result(CALL_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            fut.cancel()
            raise ServiceError("DEADLINE_EXCEEDED", f"the call took longer than {CALL_TIMEOUT_S:g} s", item_code="deadline_exceeded") from None

    def calculators(self, category: str = "", query: str = "") -> dict[str, Any]:
        """Every calculator, or those of ``category`` matching ``query`` (the URL's parameters)."""
        resp = self.calc_core.list_calculators(calculator_pb2.ListCalculatorsRequest(category=category, query=query))
        return {"calculators": [codec.summary_to_dict(c) for c in resp.calculators]}

    def calculator(self, key: str) -> dict[str, Any]:
        """The calculator's description, the JSON Schema of its inputs and its citations."""
        resp = self.calc_core.get_calculator(calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key=key)))
        out = codec.calculator_to_dict(resp)
        calc = resolve_calculator(resp.summary.id)
        out["input_schema"] = calculator_schema(calc)
        out["citations"] = citations(calc)["citations"]
        return out

    def compute(self, body: Any) -> dict[str, Any]:
        body = _object(body)
        entities = body.get("entities")
        if entities is not None and not isinstance(entities, dict):
            raise ServiceError("INVALID_ARGUMENT", "entities: expected a JSON object of inputs by name", [("entities", "expected a JSON object")], item_code="invalid_input")
        req = codec.compute_request(_text(body, "calculator"), entities, explain=True)
        return codec.compute_to_dict(self._run(self.calc_core.compute(req)))

    def verify(self, body: Any) -> dict[str, Any]:
        """The ``verify`` output and its trace view (one trace of the HTML report)."""
        from clinverify.verifier.report_html import trace_html
        from clinverify.verifier.thinking import with_reasoning

        body = _object(body)
        unknown = sorted(set(body) - set(VERIFY_FIELDS))
        if unknown:
            raise ServiceError("INVALID_ARGUMENT", f"{unknown[0]}: unknown field (known: {', '.join(VERIFY_FIELDS)})", [(unknown[0], "unknown field")], item_code="invalid_row")
        row = {k: body[k] for k in VERIFY_FIELDS if body.get(k) not in (None, "")}
        for k in VERIFY_FIELDS:
            if k not in ("entities", "reference") and k in row:
                row[k] = _text(row, k)
        if "entities" in row and not isinstance(row["entities"], dict):
            raise ServiceError("INVALID_ARGUMENT", "entities: expected a JSON object of inputs by name", [("entities", "expected a JSON object")], item_code="invalid_input")
        try:
            req = codec.verify_request(row)
        except TypeError as exc:  # codec: a field that cannot be sent, named in the message
            field = str(exc).split(":", 1)[0]
            raise ServiceError("INVALID_ARGUMENT", str(exc), [(field, str(exc))], item_code="invalid_row") from None
        result = codec.verification_to_dict(self._run(self.verifier_core.verify(req)))
        text = with_reasoning(req.reasoning_content or None, req.trace)
        return {"result": result, "html": trace_html(1, result, text)}


class _Handler(BaseHTTPRequestHandler):
    server: PlaygroundServer
    protocol_version = "HTTP/1.1"
    server_version = "clinverify-playground/1"
    timeout = IDLE_TIMEOUT_S

    def setup(self) -> None:
        super().setup()  # the idle timeout applies to the TLS handshake too
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()  # here, in the connection's thread, not in the accept loop

    def log_message(self, format: str, *args: Any) -> None:  # http.server's own lines: none (the access log below)
        pass

    def _send(self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in {**SECURITY_HEADERS, **(headers or {})}.items():
                self.send_header(k, v)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:  # the client went away
            self.close_connection = True

    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._status = status
        self._send(status, json.dumps(obj, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8"), "application/json", headers)

    def _error(self, err: ServiceError, status: int | None = None, headers: dict[str, str] | None = None) -> None:
        self._json(status or http_status(err), {"error": to_dict(err)}, headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (malformed request line or headers, unknown method), as JSON."""
        self.close_connection = True
        self.request_version = self.protocol_version
        self._json(code, {"error": {"code": "bad_request", "status": str(code), "message": message or HTTPStatus(code).phrase}})

    def _host_ok(self) -> bool:
        """On a loopback address, only loopback Host names (a page elsewhere that rebinds its
        name to 127.0.0.1 is refused)."""
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOOPBACK_NAMES

    def _authorized(self) -> bool:
        if bearer_ok(self.server.token, self.headers.get("Authorization")):
            return True
        err = ServiceError("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE, item_code="unauthenticated")
        self.close_connection = True
        self._error(err, headers={"WWW-Authenticate": "Bearer"})
        return False

    def handle_one_request(self) -> None:
        self._status = 0
        t0 = time.perf_counter()
        super().handle_one_request()
        if self._status and getattr(self, "command", None):
            path = urlsplit(self.path).path
            access_log.info("playground %s %s %d %.1fms", self.command, path if not path.startswith("/api/calculators/") else "/api/calculators/{key}", self._status, 1e3 * (time.perf_counter() - t0))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            self._json(HTTPStatus.MISDIRECTED_REQUEST, {"error": {"code": "bad_host", "status": "421", "message": "this server answers loopback host names only"}})
            return
        url = urlsplit(self.path)
        path = url.path
        if path in self.server.files:
            data, ctype = self.server.files[path]
            self._status = 200
            self._send(HTTPStatus.OK, data, ctype)
        elif path == "/favicon.ico":  # none: an empty answer, not a 404 in the browser's console
            self._status = 204
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif path == "/healthz":
            self._json(HTTPStatus.OK, {"status": "ok"})
        elif path == "/api/calculators" or path.startswith("/api/calculators/"):
            if self._authorized():
                key = unquote(path[len("/api/calculators/") :]) if path != "/api/calculators" else None
                self._call(lambda: self.server.playground.calculators(**list_filters(url.query)) if key is None else self.server.playground.calculator(key))
        elif path in ("/api/compute", "/api/verify"):
            self._json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": {"code": "method_not_allowed", "status": "405", "message": f"POST a JSON object to {path}"}}, {"Allow": "POST"})
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": {"code": "not_found", "status": "404", "message": f"no such path: {path[:200]}"}})

    def do_POST(self) -> None:
        if not self._host_ok():
            self.close_connection = True
            self._json(HTTPStatus.MISDIRECTED_REQUEST, {"error": {"code": "bad_host", "status": "421", "message": "this server answers loopback host names only"}})
            return
        path = urlsplit(self.path).path
        method = {"/api/compute": "compute", "/api/verify": "verify"}.get(path)
        if method is None:
            self.close_connection = True
            self._json(HTTPStatus.NOT_FOUND, {"error": {"code": "not_found", "status": "404", "message": f"no such path: {path[:200]} (POST /api/compute or /api/verify)"}})
            return
        if not self._authorized():
            return
        body = self._body(MAX_REQUEST_BYTES["Verify" if method == "verify" else "Compute"])
        if body is not None:
            self._call(lambda: getattr(self.server.playground, method)(body))

    def _body(self, limit: int) -> Any:
        """The decoded JSON body, or None once an error was answered (the connection then closes)."""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fail = None
        if ctype != "application/json":
            fail = ServiceError("INVALID_ARGUMENT", "Content-Type: expected application/json", [("Content-Type", "expected application/json")]), 415
        else:
            text = (self.headers.get("Content-Length") or "").strip()
            if not (text.isascii() and text.isdigit()) or self.headers.get("Transfer-Encoding") is not None:
                fail = ServiceError("INVALID_ARGUMENT", "Content-Length: required (a JSON body of known length)", [("Content-Length", "required")]), 411
            elif int(text) > limit:
                fail = over_limit("body", int(text), limit, "bytes", reason="BODY_TOO_LARGE"), 413
        if fail is not None:
            self.close_connection = True
            self._error(*fail)
            return None
        try:
            raw = self.rfile.read(int(text))
        except (TimeoutError, OSError):
            self.close_connection = True
            return None
        try:
            return decode_body(raw)
        except ProtocolError as exc:
            self._error(ServiceError("INVALID_ARGUMENT", f"body: {exc}", [("body", str(exc))], item_code="invalid_row"))
            return None

    def _call(self, fn) -> None:
        if not self.server.calls.acquire(blocking=False):
            err = ServiceError("RESOURCE_EXHAUSTED", f"more than {self.server.max_calls} calls in progress; retry later", item_code="unavailable")
            self._error(err)
            return
        try:
            out = fn()
        except Exception as exc:  # every refusal names the field and the limit; a bug its type only
            self._error(as_service_error(exc))
            return
        finally:
            self.server.calls.release()
        self._json(HTTPStatus.OK, out)


class PlaygroundServer(ThreadingHTTPServer):
    """The playground on ``address`` (one thread per connection), answering with ``playground``;
    ``token``: the bearer token every ``/api/`` call needs (None: none). Run ``serve_forever()``
    in a thread (``start_playground``) and ``shutdown()``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], playground: Playground, token: str | None = None, max_calls: int = DEFAULT_MAX_CALLS, tls: ssl.SSLContext | None = None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.playground = playground
        self.token = token or None
        self.max_calls = max_calls
        self.calls = threading.BoundedSemaphore(max_calls)
        self.files = static_files()
        try:
            self.loopback = ipaddress.ip_address(address[0]).is_loopback
        except ValueError:
            self.loopback = address[0] == "localhost"
        super().__init__(address, _Handler)
        self.tls = tls is not None
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that resets its connection or fails the TLS handshake is no server error: no traceback.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{'[' + host + ']' if ':' in host else host}:{port}/"


def tls_context(cert: bytes, key: bytes, client_ca: bytes | None = None) -> ssl.SSLContext:
    """The HTTPS context from the gRPC server's PEM bytes (``ServerConfig``): its certificate and
    key, and with ``client_ca`` client certificates required (mutual TLS). The PEM key passes
    through a private temporary file (``ssl`` loads a chain from files only), removed at once."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="clinverify-tls-") as d:
        paths = []
        for name, blob in (("cert.pem", cert), ("key.pem", key)):
            path = os.path.join(d, name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            paths.append(path)
        ctx.load_cert_chain(*paths)
    if client_ca is not None:
        ctx.load_verify_locations(cadata=client_ca.decode("ascii"))
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def start_playground(host: str, port: int, calc_core, verifier_core, loop: asyncio.AbstractEventLoop, token: str | None = None, tls: ssl.SSLContext | None = None) -> PlaygroundServer:
    """Bind the playground (HTTPS with ``tls``) and serve it from a daemon thread; raises
    OSError when the address cannot be bound."""
    server = PlaygroundServer((host, port), Playground(calc_core, verifier_core, loop), token, tls=tls)
    threading.Thread(target=server.serve_forever, name="clinverify-playground", daemon=True).start()
    return server
