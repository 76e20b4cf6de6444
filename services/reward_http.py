"""The OpenRLHF remote reward-model protocol and its HTTP server (stdlib ``http.server``).

    python -m clinverify.clients.openrlhf_server --port 5000      # prints "listening on HOST:PORT"
    openrlhf.cli.train_ppo_ray ... --remote_rm_url http://127.0.0.1:5000/get_reward

(``python -m clinverify.services.reward_http`` runs the same server verifying locally only;
the ``clients`` entry point adds ``--address`` to verify on a clinverify gRPC server.)

OpenRLHF POSTs ``{"query": [...], "prompts": [...], "labels": [...]}``: ``query`` is prompt +
response as decoded by the tokenizer (special tokens kept), ``prompts`` the prompts, ``labels``
the dataset's label column. It reads ``{"rewards": [...], "scores": [...], "extra_logs": {...}}``:
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

Paths: ``POST /``, ``/get_reward``, ``/reward``; ``GET /health``. Bodies above ``--max-body-mb``
get 413; malformed requests get 400 with ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from clinverify.services.reward_scoring import Scorer
from clinverify.verifier.rewards import REWARDS, check_reward, make_row, reward_of, step_rewards

__all__ = ["LOG_KEYS", "ProtocolError", "RewardServer", "main", "response_text", "rows_from_request", "score_request"]

LOG_KEYS = ("answer", "process", "factuality", "completeness")
REWARD_PATHS = ("/", "/get_reward", "/reward")
DEFAULT_MAX_BODY = 64 * 1024 * 1024
DEFAULT_MAX_ITEMS = 65536
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


class _Handler(BaseHTTPRequestHandler):
    server: RewardServer
    protocol_version = "HTTP/1.1"
    server_version = "clinverify-reward/1"

    def log_message(self, format: str, *args: Any) -> None:  # no request logging: bodies may hold patient data
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, obj: Any) -> None:
        data = json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: HTTPStatus, message: str, code: str = "bad_request", close: bool = False) -> None:
        if close:
            self.close_connection = True
        self._send(status, {"error": {"code": code, "message": message}})

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/health", "/healthz"):
            self._send(HTTPStatus.OK, {"status": "ok"})
        elif path in REWARD_PATHS:
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "POST a JSON body {query, prompts, labels}", "method_not_allowed")
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {path}", "not_found")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in REWARD_PATHS:
            self._discard_body()
            self._error(HTTPStatus.NOT_FOUND, f"no such path: {url.path} (POST {REWARD_PATHS[1]})", "not_found")
            return
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length (chunked encoding is not supported)", "length_required", close=True)
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required", "length_required", close=True)
            return
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, f"invalid Content-Length: {length_text!r}", close=True)
            return
        if length > self.server.max_body:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body of {length} bytes; the limit is {self.server.max_body}", "too_large", close=True)
            return
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"invalid JSON: {exc}")
            return
        qs = parse_qs(url.query)
        try:
            reward = qs["reward"][-1] if "reward" in qs else None
            if reward is not None and reward not in REWARDS:
                raise ProtocolError(f"reward: expected one of {', '.join(REWARDS)}, got {reward!r}")
            steps = (qs.get("steps") or ["0"])[-1].lower() in ("1", "true", "yes")
            out = score_request(body, self.server.scorer, reward, self.server.none_value, steps)
        except ProtocolError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        except Exception as exc:  # never a traceback to the trainer; a clear 500
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(exc).__name__}: {exc}", "internal")
            return
        self._send(HTTPStatus.OK, out)

    def _discard_body(self) -> None:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = 0
        if 0 < n <= self.server.max_body:
            self.rfile.read(n)
        elif n:
            self.close_connection = True


class RewardServer(ThreadingHTTPServer):
    """ThreadingHTTPServer answering the protocol with a Scorer.

    ``RewardServer(("127.0.0.1", 0), scorer)`` binds an ephemeral port (``server_address``);
    run ``serve_forever()`` (in a thread for tests) and ``shutdown()``.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        scorer: Scorer | None = None,
        *,
        none_value: float = 0.0,
        max_body: int = DEFAULT_MAX_BODY,
        verbose: bool = False,
    ):
        self.scorer = scorer if scorer is not None else Scorer()
        self.none_value = float(none_value)
        self.max_body = int(max_body)
        self.verbose = verbose
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/get_reward"


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
    ap.add_argument("--max-body-mb", type=float, default=DEFAULT_MAX_BODY / 2**20, help="largest request body in MiB (default 64)")
    if connect is not None:
        ap.add_argument("--address", default=None, help="verify on this clinverify gRPC server (host:port) instead of in-process")
        ap.add_argument("--token-file", default=None, help="Bearer token file for --address")
        ap.add_argument("--tls-ca", default=None, help="root certificate (PEM) for --address over TLS")
        ap.add_argument("--tls-cert", default=None, help="client certificate (PEM) for mTLS")
        ap.add_argument("--tls-key", default=None, help="client private key (PEM) for mTLS")
    ap.add_argument("--verbose", action="store_true", help="log one line per request on stderr (no bodies)")
    a = ap.parse_args(argv)
    if a.max_body_mb <= 0:
        ap.error("--max-body-mb must be positive")
    address = getattr(a, "address", None)
    try:
        client = None
        if address:
            options = {"token_file": a.token_file, "root_certificates": a.tls_ca, "certificate_chain": a.tls_cert, "private_key": a.tls_key}
            client = connect(address, **{k: v for k, v in options.items() if v is not None})
        # Single requests (OpenRLHF sends one sample per request) also go to the workers, so
        # concurrent requests use every core.
        scorer = Scorer(client=client, own_client=True, reward=a.reward, workers=a.workers, min_parallel=1)
        if not scorer.remote:
            scorer.warmup()
        server = RewardServer((a.host, a.port), scorer, none_value=a.none_value, max_body=int(a.max_body_mb * 2**20), verbose=a.verbose)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
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
