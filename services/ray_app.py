"""The clinverify API on Ray Serve (extra ``[serve]``): scale-out deployment of the same gRPC API.

Deployments, composed with deployment handles::

    Gateway (ingress: gRPC methods + HTTP routes, auth)
      ├── Calculators  CPU, autoscaling      ListCalculators, GetCalculator, Compute, ComputeBatch
      ├── Verifier     CPU, autoscaling      Verify, VerifyBatch (chunks fan out over replicas),
      │                                      VerifyStream, candidate verification, RL rewards
      └── Reasoner     1 GPU if present, else CPU; transformers or vLLM   Generate, GenerateAndVerify

gRPC: Ray Serve's gRPC proxy (``grpc_options``) routes each method by name to the ingress; the
single ``clinverify`` application needs no ``application`` metadata. HTTP: ``POST /reward``
(OpenRLHF's remote reward protocol, as implemented by
``clinverify.clients.openrlhf_server``; alias ``/get_reward``) and ``GET /healthz``.

Authentication happens inside the Gateway: when a token is configured (``CLINVERIFY_TOKEN`` or
``CLINVERIFY_TOKEN_FILE`` in the replica's environment, or the ``token_file`` app argument),
every call must carry ``authorization: Bearer <token>`` (gRPC metadata or HTTP header); health
checks are exempt. Ray's gRPC proxy has neither TLS nor interceptors: terminate TLS in front
of it (ingress controller, Envoy, a cloud load balancer; see docs/scale-out.md).

Run: ``clinverify serve --ray [--config k8s/serve_config.yaml]`` (``serve_ray``), or
``serve run k8s/serve_config.yaml``, or in Python ``serve.run(build_app({...}))``.
"""

import asyncio
import collections
import hmac
import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

try:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from ray import serve
    from ray.serve.handle import DeploymentHandle
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError("the Ray Serve app needs the [serve] extra: pip install 'clinverify[serve]'") from _exc

import grpc
from pydantic import BaseModel, Field

from clinverify.api.v1 import calculator_pb2, reasoning_pb2, verifier_pb2
from clinverify.services import convert
from clinverify.services.convert import ServiceError

log = logging.getLogger("clinverify.ray")

APP_NAME = "clinverify"
GRPC_SERVICER_FUNCTIONS = [
    "clinverify.api.v1.calculator_pb2_grpc.add_CalculatorServiceServicer_to_server",
    "clinverify.api.v1.verifier_pb2_grpc.add_VerifierServiceServicer_to_server",
    "clinverify.api.v1.reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server",
    "grpc_health.v1.health_pb2_grpc.add_HealthServicer_to_server",
]
DEFAULT_GRPC_PORT = 9000
DEFAULT_HTTP_PORT = 8000
VERIFY_CHUNK = 32  # traces per Verifier call when a VerifyBatch fans out over replicas


class AppArgs(BaseModel):
    """Application arguments (``args:`` of the application in a Serve config)."""

    reasoning_backend: str = Field("transformers", description="transformers | vllm | auto (vLLM if usable) | none")
    model: str = Field("default", description="'default' (packaged SmolLM2), a local folder, .gguf file or hub id")
    device: str = Field("auto", description="transformers device: auto | cpu | cuda")
    reasoner_num_gpus: str | float = Field("auto", description="GPUs per Reasoner replica: auto (1 if the cluster has a GPU) or a number")
    reasoner_num_cpus: float = 1.0
    token_file: str | None = Field(None, description="file holding the bearer token (else CLINVERIFY_TOKEN[_FILE])")
    verify_chunk: int = VERIFY_CHUNK
    verifier_replicas: int | None = Field(None, description="fixed Verifier replica count (default: autoscaling)")
    max_batch: int = Field(4096, description="items per ComputeBatch/VerifyBatch request (as `clinverify serve --max-batch`)")
    max_trace_chars: int = Field(200_000, description="characters per trace (as `clinverify serve --max-trace-chars`)")
    stream_window: int = Field(16, description="VerifyStream requests verified ahead per stream")
    default_max_tokens: int = 512
    max_tokens_limit: int = 2048
    max_n: int = 16


# -- auth ------------------------------------------------------------------------------------------


def load_token(token_file: str | None = None) -> str | None:
    path = token_file or os.environ.get("CLINVERIFY_TOKEN_FILE")
    if path:
        tok = Path(path).read_text(encoding="utf-8").strip()
        if not tok:
            raise ValueError(f"token file {path} is empty")
        return tok
    tok = os.environ.get("CLINVERIFY_TOKEN", "").strip()
    return tok or None


def bearer_ok(expected: str | None, header: str | None) -> bool:
    if expected is None:
        return True
    if not header or not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip().encode(), expected.encode())


# -- deployments -----------------------------------------------------------------------------------


@serve.deployment(
    name="Calculators",
    ray_actor_options={"num_cpus": 0.25},
    autoscaling_config={"min_replicas": 1, "max_replicas": 4, "target_ongoing_requests": 16},
    max_ongoing_requests=64,
)
class Calculators:
    def __init__(self):
        self._list: calculator_pb2.ListCalculatorsResponse | None = None

    def list_all(self) -> calculator_pb2.ListCalculatorsResponse:
        if self._list is None:
            from clinverify.calculators import list_calculators

            self._list = calculator_pb2.ListCalculatorsResponse(calculators=[convert.summary_to_proto(c) for c in list_calculators()])
        return self._list

    def describe(self, key: str) -> calculator_pb2.GetCalculatorResponse:
        return convert.calculator_to_proto(convert.resolve_calculator(key, "calculator.key"))

    def compute(self, req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
        return convert.compute_message(req)

    def compute_batch(self, reqs: list[calculator_pb2.ComputeRequest]) -> list[calculator_pb2.ComputeResponse]:
        return [convert.compute_item(r) for r in reqs]


@serve.deployment(
    name="Verifier",
    ray_actor_options={"num_cpus": 0.5},
    autoscaling_config={"min_replicas": 1, "max_replicas": 8, "target_ongoing_requests": 2},
    max_ongoing_requests=8,
)
class Verifier:
    def verify_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from clinverify.verifier.batch import verify_row

        return [verify_row(r) for r in rows]

    def verify_one(self, req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
        """Verify; a bad request raises ServiceError (as the standalone servicer answers it)."""
        return convert.verify_message(req, max_trace_chars)

    def verify_item(self, req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
        """A stream item: errors land in the item's ``error``."""
        return convert.verify_item(req, max_trace_chars)

    def verify_batch_bytes(self, requests: list[bytes], max_trace_chars: int) -> bytes:
        """Serialized VerifyRequests -> a serialized VerifyBatchResponse chunk. Parsing, verifying
        and encoding all happen on this replica, so the Gateway only concatenates chunks (the
        protobuf encoding of a message with repeated fields is the concatenation of its parts)."""
        resp = verifier_pb2.VerifyBatchResponse()
        parse = verifier_pb2.VerifyRequest.FromString
        resp.results.extend(convert.verify_item(parse(raw), max_trace_chars) for raw in requests)
        return resp.SerializeToString()

    def verify_candidates(self, texts: list[str], ctx: dict[str, Any]) -> list[dict[str, Any]]:
        from clinverify.services.reasoning.best_of_n import verify_candidates

        return [c.to_dict() for c in verify_candidates(texts, **ctx)]


@serve.deployment(name="Reasoner", max_ongoing_requests=4, health_check_period_s=30, health_check_timeout_s=60)
class Reasoner:
    def __init__(self, backend: str = "transformers", model: str = "default", device: str = "auto"):
        from clinverify.services.reasoning import load_backend
        from clinverify.services.reasoning.backend import vllm_usable

        if backend == "auto":
            backend = "vllm" if vllm_usable() else "transformers"
        opts = {"device": device} if backend == "transformers" else {}
        self.backend = load_backend(backend, model=model, **opts)
        log.info("reasoner ready: %s", self.backend.info())

    def info(self) -> dict[str, Any]:
        return self.backend.info()

    async def generate(self, messages: list[dict[str, str]], n: int, max_tokens: int, temperature: float, seed: int | None) -> list[str]:
        return await self.backend.agenerate(messages, n=n, max_tokens=max_tokens, temperature=temperature, seed=seed)

    async def stream(self, messages: list[dict[str, str]], max_tokens: int, temperature: float, seed: int | None):
        async for chunk in self.backend.astream(messages, max_tokens=max_tokens, temperature=temperature, seed=seed):
            yield chunk


class _RemoteBackend:
    """A ReasoningBackend-shaped adapter over the Reasoner deployment handle (so ReasoningCore's
    validation and defaults are shared with the standalone servicer)."""

    kind = "ray"

    def __init__(self, handle: DeploymentHandle):
        self.handle = handle

    async def agenerate(self, messages, n=1, max_tokens=512, temperature=0.0, seed=None):
        return await self.handle.generate.remote(list(messages), n, max_tokens, temperature, seed)

    async def astream(self, messages, max_tokens=512, temperature=0.0, seed=None):
        gen = self.handle.options(stream=True).stream.remote(list(messages), max_tokens, temperature, seed)
        async for chunk in gen:
            yield chunk


class _Encoded:
    """An already-encoded response message: Serve's gRPC path only calls SerializeToString()."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def SerializeToString(self) -> bytes:  # noqa: N802 (protobuf's name)
        return self.data


class _Precomputed:
    """A RewardScorer stand-in whose verification already ran on the Verifier deployment."""

    reward = "reward"

    def __init__(self, results: list[dict[str, Any]]):
        self._results = results

    def verify(self, rows):
        return self._results


http_app = FastAPI(title="clinverify", docs_url=None, redoc_url=None)


@serve.deployment(name="Gateway", ray_actor_options={"num_cpus": 0.1}, max_ongoing_requests=256)
@serve.ingress(http_app)
class Gateway:
    def __init__(
        self,
        calculators: DeploymentHandle,
        verifier: DeploymentHandle,
        reasoner: DeploymentHandle | None,
        args: dict[str, Any] | None = None,
    ):
        from clinverify.services.reasoning.servicer import ReasoningCore

        a = AppArgs(**(args or {}))
        self.args = a
        self.calculators = calculators
        self.verifier = verifier
        self.reasoner = reasoner
        self.token = load_token(a.token_file)
        self.core = ReasoningCore(
            _RemoteBackend(reasoner) if reasoner is not None else None,
            default_max_tokens=a.default_max_tokens,
            max_tokens_limit=a.max_tokens_limit,
            max_n=a.max_n,
            max_concurrency=64,
        )

    # -- helpers ---------------------------------------------------------------------------------
    def _authorized(self, grpc_context) -> bool:
        if self.token is None:
            return True
        md = dict(grpc_context.invocation_metadata() or ())
        if bearer_ok(self.token, md.get("authorization")):
            return True
        grpc_context.set_code(grpc.StatusCode.UNAUTHENTICATED)
        grpc_context.set_details("missing or invalid bearer token (metadata 'authorization: Bearer <token>')")
        return False

    @staticmethod
    def _fail(grpc_context, err: ServiceError) -> None:
        """The standalone servicer's status for ``err``: code, message and (in the
        grpc-status-details-bin trailer) google.rpc.BadRequest / ErrorInfo details."""
        grpc_context.set_code(getattr(grpc.StatusCode, err.code, grpc.StatusCode.UNKNOWN))
        grpc_context.set_details(err.message)
        if err.violations or err.reason:
            grpc_context.set_trailing_metadata(list(convert.rich_status(err).trailing_metadata))

    async def _call(self, grpc_context, empty, coro_fn):
        if not self._authorized(grpc_context):
            return empty
        try:
            return await coro_fn()
        except ServiceError as err:
            self._fail(grpc_context, err)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # type only: the message may quote patient data
            self._fail(grpc_context, convert.internal_error(exc))
        return empty

    def _check_batch(self, n: int) -> None:
        if n > self.args.max_batch:
            raise convert.batch_too_large(n, self.args.max_batch)

    async def _verify_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        k = max(1, self.args.verify_chunk)
        chunks = [rows[i : i + k] for i in range(0, len(rows), k)]
        parts = await asyncio.gather(*(self.verifier.verify_rows.remote(c) for c in chunks))
        return [r for p in parts for r in p]

    # -- CalculatorService -------------------------------------------------------------------------
    async def ListCalculators(self, request, grpc_context=None):  # noqa: N802
        return await self._call(grpc_context, calculator_pb2.ListCalculatorsResponse(), lambda: self.calculators.list_all.remote())

    async def GetCalculator(self, request, grpc_context=None):  # noqa: N802
        return await self._call(grpc_context, calculator_pb2.GetCalculatorResponse(), lambda: self.calculators.describe.remote(request.calculator.key))

    async def Compute(self, request, grpc_context=None):  # noqa: N802
        return await self._call(grpc_context, calculator_pb2.ComputeResponse(), lambda: self.calculators.compute.remote(request))

    async def ComputeBatch(self, request, grpc_context=None):  # noqa: N802
        async def run():
            self._check_batch(len(request.requests))
            return calculator_pb2.ComputeBatchResponse(results=await self.calculators.compute_batch.remote(list(request.requests)))

        return await self._call(grpc_context, calculator_pb2.ComputeBatchResponse(), run)

    # -- VerifierService ---------------------------------------------------------------------------
    async def Verify(self, request, grpc_context=None):  # noqa: N802
        return await self._call(grpc_context, verifier_pb2.VerifyResponse(), lambda: self.verifier.verify_one.remote(request, self.args.max_trace_chars))

    async def VerifyBatch(self, request, grpc_context=None):  # noqa: N802
        async def run():
            self._check_batch(len(request.requests))
            k, mx = max(1, self.args.verify_chunk), self.args.max_trace_chars
            reqs = [r.SerializeToString() for r in request.requests]
            parts = await asyncio.gather(*(self.verifier.verify_batch_bytes.remote(reqs[i : i + k], mx) for i in range(0, len(reqs), k)))
            return _Encoded(b"".join(parts))

        return await self._call(grpc_context, verifier_pb2.VerifyBatchResponse(), run)

    async def VerifyStream(self, request_stream, grpc_context=None):  # noqa: N802
        """One response per request, in order; up to ``stream_window`` requests are verified
        ahead, spread over the Verifier replicas, while earlier responses are written."""
        if not self._authorized(grpc_context):
            return
        mx = self.args.max_trace_chars
        pending: collections.deque = collections.deque()
        try:
            async for item in request_stream:
                pending.append(asyncio.ensure_future(self.verifier.verify_item.remote(item.request, mx)))
                while len(pending) >= self.args.stream_window or (pending and pending[0].done()):
                    yield verifier_pb2.VerifyStreamResponse(response=await pending.popleft())
            while pending:
                yield verifier_pb2.VerifyStreamResponse(response=await pending.popleft())
        finally:
            for f in pending:
                f.cancel()

    # -- ReasoningService --------------------------------------------------------------------------
    async def Generate(self, request, grpc_context=None):  # noqa: N802
        if not self._authorized(grpc_context):
            return
        try:
            async for resp in self.core.generate(request):
                yield resp
        except ServiceError as err:
            self._fail(grpc_context, err)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._fail(grpc_context, convert.internal_error(exc))

    async def GenerateAndVerify(self, request, grpc_context=None):  # noqa: N802
        from clinverify.services.reasoning.best_of_n import Candidate

        async def verify_fn(texts, ctx):  # verification + grounding on Verifier replicas
            return [Candidate(**c) for c in await self.verifier.verify_candidates.remote(texts, ctx)]

        return await self._call(grpc_context, reasoning_pb2.GenerateAndVerifyResponse(), lambda: self.core.generate_and_verify(request, verify_fn))

    # -- grpc.health.v1.Health ---------------------------------------------------------------------
    async def Check(self, request, grpc_context=None):  # noqa: N802
        from grpc_health.v1 import health_pb2

        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)

    # -- HTTP ----------------------------------------------------------------------------------------
    @http_app.get("/healthz")
    async def healthz(self) -> dict[str, Any]:
        return {"status": "ok", "reasoner": self.reasoner is not None}

    @http_app.post("/reward")
    async def reward(self, request: Request):
        return await self._reward(request)

    @http_app.post("/get_reward")
    async def get_reward(self, request: Request):
        return await self._reward(request)

    async def _reward(self, request: Request):
        # The protocol (row building, reward kinds, extra_logs, step rewards) is
        # clinverify.clients.openrlhf_server's; only verification runs here, fanned out over the
        # Verifier replicas.
        from clinverify.clients.openrlhf_server import ProtocolError, rows_from_request, score_request
        from clinverify.clients.rewards import REWARDS

        if not bearer_ok(self.token, request.headers.get("authorization")):
            return JSONResponse({"error": {"code": "unauthenticated", "message": "missing or invalid bearer token"}}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": {"code": "bad_request", "message": "request body is not JSON"}}, status_code=400)
        reward = request.query_params.get("reward")
        steps = request.query_params.get("steps", "0").lower() in ("1", "true", "yes")
        try:
            if reward is not None and reward not in REWARDS:
                raise ProtocolError(f"reward: expected one of {', '.join(REWARDS)}, got {reward!r}")
            results = await self._verify_rows(rows_from_request(body))
            return score_request(body, _Precomputed(results), reward, 0.0, steps)
        except ProtocolError as exc:
            return JSONResponse({"error": {"code": "bad_request", "message": str(exc)}}, status_code=400)


# -- application builder -----------------------------------------------------------------------------


def _cluster_has_gpu() -> bool:
    try:
        import ray

        if ray.is_initialized():
            return ray.cluster_resources().get("GPU", 0) > 0
    except Exception:
        pass
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


def build_app(args: Mapping[str, Any] | None = None):
    """The Serve application (``import_path: clinverify.services.ray_app:build_app``)."""
    a = AppArgs(**dict(args or {}))
    reasoner = None
    if a.reasoning_backend.lower() != "none":
        gpus = a.reasoner_num_gpus
        gpus = (1 if _cluster_has_gpu() else 0) if str(gpus).lower() == "auto" else float(gpus)
        device = a.device
        if device == "auto" and not gpus:
            device = "cpu"
        reasoner = Reasoner.options(ray_actor_options={"num_gpus": gpus, "num_cpus": a.reasoner_num_cpus}).bind(a.reasoning_backend, a.model, device)
    verifier = Verifier if a.verifier_replicas is None else Verifier.options(num_replicas=a.verifier_replicas, autoscaling_config=None)
    return Gateway.bind(Calculators.bind(), verifier.bind(), reasoner, a.model_dump())


# -- `clinverify serve --ray` -----------------------------------------------------------------------


def default_config(grpc_port: int = DEFAULT_GRPC_PORT, http_port: int = DEFAULT_HTTP_PORT, host: str = "127.0.0.1", app_args: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Serve config ``serve_ray`` deploys when no ``--config`` is given."""
    return {
        "proxy_location": "EveryNode",
        "http_options": {"host": host, "port": http_port},
        "grpc_options": {"port": grpc_port, "grpc_servicer_functions": list(GRPC_SERVICER_FUNCTIONS)},
        "applications": [{"name": APP_NAME, "route_prefix": "/", "import_path": "clinverify.services.ray_app:build_app", "args": dict(app_args or {})}],
    }


def load_config(path: str | os.PathLike) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    if not isinstance(cfg, dict):
        raise ValueError(f"{path}: expected a Serve config (YAML mapping)")
    return cfg


def _free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket() as s:
        s.bind((host if host not in ("0.0.0.0", "::") else "", 0))
        return s.getsockname()[1]


def serve_ray(args: Any) -> int:
    """Entry point for ``clinverify serve --ray [--config F]``.

    ``args`` (the ``clinverify serve`` argparse Namespace; every attribute optional):
    ``config`` (Serve config YAML, e.g. k8s/serve_config.yaml: authoritative for ports, host and
    deployments); without it ``default_config`` with ``host`` (default 127.0.0.1), ``port`` (the
    gRPC port; 0 picks a free one), ``http_port`` (default 8000), ``token_file``,
    ``max_batch``, ``max_trace_chars``, ``model``, ``backend`` (transformers | vllm | auto |
    none). Also ``address`` (an existing Ray cluster; default: start a local one) and
    ``num_cpus`` (for a local one). ``--tls-*`` flags are refused (exit 2): Ray's gRPC proxy has
    no TLS.

    Validates the config with Ray's ServeDeploySchema and deploys it the way ``serve run CONFIG``
    does (``deploy_apps``, so deployment overrides in the config apply), prints
    ``listening on HOST:PORT`` (the gRPC proxy) on stderr, blocks until SIGTERM/SIGINT, then shuts
    Serve down and returns 0. Returns 2 for a usage error (unreadable or invalid config, an
    application that fails to deploy).
    """
    import ray
    from ray.serve._private import api as serve_api
    from ray.serve.config import gRPCOptions
    from ray.serve.schema import ServeDeploySchema

    def g(name: str, default: Any = None) -> Any:
        v = getattr(args, name, None)
        return default if v is None else v

    host = g("host", "127.0.0.1")
    if g("tls_cert") or g("tls_key") or g("tls_client_ca"):
        print(
            "clinverify serve --ray: Ray Serve's gRPC proxy has no TLS; terminate TLS in front of it "
            "(ingress, Envoy, load balancer; see docs/scale-out.md) and drop --tls-*",
            file=sys.stderr,
        )
        return 2
    try:
        if g("config"):
            # The config file is authoritative for ports, host and deployments.
            cfg = load_config(g("config"))
        else:
            app_args: dict[str, Any] = {}
            if g("model"):
                app_args["model"] = g("model")
            if g("backend"):
                app_args["reasoning_backend"] = g("backend")
            if g("token_file"):
                app_args["token_file"] = str(Path(g("token_file")).resolve())
                load_token(app_args["token_file"])  # unreadable or empty: a usage error now, not a failed deployment
            for name in ("max_batch", "max_trace_chars"):
                if g(name) is not None:
                    app_args[name] = int(g(name))
            cfg = default_config(int(g("port", DEFAULT_GRPC_PORT)), int(g("http_port", DEFAULT_HTTP_PORT)), host, app_args)
        grpc_cfg = cfg.setdefault("grpc_options", {})
        if int(grpc_cfg.get("port", DEFAULT_GRPC_PORT)) == 0:
            grpc_cfg["port"] = _free_port(host)
        schema = ServeDeploySchema.model_validate(cfg)
    except (OSError, ValueError) as exc:
        print(f"clinverify serve --ray: {exc}", file=sys.stderr)
        return 2

    if not ray.is_initialized():
        kw = {"address": g("address")} if g("address") else {"num_cpus": g("num_cpus")}
        for attempt in (1, 2):
            # A cold first start of a local Ray (empty page cache, busy cores) can exceed its raylet
            # start-up wait; the second start is fast. A failure to reach --address is not retried.
            try:
                ray.init(namespace="serve", log_to_driver=False, **kw)
                break
            except Exception as exc:
                ray.shutdown()
                if attempt == 2 or "address" in kw:
                    print(f"clinverify serve --ray: Ray did not start: {exc}", file=sys.stderr)
                    return 2
    grpc_opts = gRPCOptions(**schema.grpc_options.model_dump())
    client = serve_api.serve_start(http_options=schema.http_options.model_dump(), grpc_options=grpc_opts, proxy_location=schema.proxy_location)
    try:
        client.deploy_apps(schema, _blocking=True)
    except RuntimeError as exc:  # an application failed to deploy (bad args, missing token file, ...)
        print(f"clinverify serve --ray: {exc}", file=sys.stderr)
        _shutdown(ray)
        return 2
    shown = schema.http_options.host or host
    print(f"listening on {shown}:{grpc_opts.port}", file=sys.stderr, flush=True)
    print(f"http on {shown}:{schema.http_options.port}", file=sys.stderr, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    _shutdown(ray)
    return 0


def _shutdown(ray, timeout: float = 30.0) -> None:
    """serve.shutdown() then ray.shutdown(), bounded: when the signal also reached Ray's own
    processes (Ctrl-C in a terminal signals the whole process group) they may already be gone
    and a shutdown call can wait forever."""
    done = threading.Event()

    def run() -> None:
        for fn in (serve.shutdown, ray.shutdown):
            try:
                fn()
            except Exception:  # already gone
                pass
        done.set()

    threading.Thread(target=run, name="clinverify-ray-shutdown", daemon=True).start()
    if not done.wait(timeout):
        print(f"clinverify serve --ray: Ray did not shut down within {timeout:g} s; exiting", file=sys.stderr, flush=True)
        os._exit(0)
