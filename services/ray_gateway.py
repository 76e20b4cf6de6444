"""The Ray Serve ingress (extra ``[serve]``): gRPC methods and HTTP routes over the service cores.

The Gateway holds the same service cores as the standalone server (``CalculatorCore``,
``VerifierCore``, ``ReasoningCore``) over a ``RayExecutor`` (the Calculators, Verifier and
Reasoner deployments), so validation, limits and error statuses are the standalone server's.
Its gRPC methods are bound from the RPC table (``rpc.py``), as the grpc.aio servicers' are.
What is left here is the transport: bearer-token authentication on every call but health checks
(Ray's gRPC proxy has no interceptors; ``services.auth``), setting the status on Ray's gRPC
context, and the HTTP routes: ``POST /reward`` (OpenRLHF's remote reward protocol; alias
``/get_reward``), ``GET /healthz`` and CDS Hooks (``GET /cds-services``, ``POST /cds-services/{id}``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

import asyncio
import inspect
from typing import Any

try:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    from ray import serve
    from ray.serve.handle import DeploymentHandle
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError("the Ray Serve app needs the [serve] extra: pip install 'clinverify[serve]'") from _exc

import grpc
from pydantic import BaseModel, Field, field_validator

from clinverify.services.auth import bearer_ok, load_token
from clinverify.services.calculator_core import CalculatorCore
from clinverify.services.errors import as_service_error, grpc_trailers
from clinverify.services.health import serving
from clinverify.services.ray_deployments import VERIFY_CHUNK, RayExecutor, Reasoner, RemoteBackend
from clinverify.services.reasoning.core import ReasoningCore
from clinverify.services.reward_http import (
    ProtocolError,
    cds_answer,
    decode_body,
    query_options,
    rows_from_request,
    score_request,
)
from clinverify.services.rpc import SERVICES, Rpc, rpcs
from clinverify.services.validation import Limits
from clinverify.services.verifier_core import VerifierCore


class AppArgs(BaseModel):
    """Application arguments (``args:`` of the application in a Serve config)."""

    reasoning_backend: str = Field("transformers", description="transformers | vllm | auto (vLLM if usable) | none")
    model: str = Field("default", description="'default' (packaged SmolLM2), a local folder, .gguf file or hub id")
    device: str = Field("auto", description="transformers device: auto | cpu | cuda")
    reasoner_num_gpus: str | float = Field("auto", description="GPUs per Reasoner replica: auto (1 if the cluster has a GPU) or a number")
    reasoner_num_cpus: float = 1.0
    reasoner_deployment: dict[str, Any] = Field(
        default_factory=dict,
        description="the Reasoner's Serve deployment options (max_ongoing_requests, autoscaling_config, num_replicas, "
        "...; its GPUs and CPUs are reasoner_num_gpus/reasoner_num_cpus). Here, not under the config's deployments: "
        "the app has no Reasoner without the model backend, and Serve refuses options for a deployment the app lacks",
    )
    token_file: str | None = Field(None, description="file holding the bearer token (else CLINVERIFY_TOKEN[_FILE])")
    verify_chunk: int = VERIFY_CHUNK
    verifier_replicas: int | None = Field(None, description="fixed Verifier replica count (default: autoscaling)")
    max_batch: int = Field(4096, description="items per ComputeBatch/VerifyBatch request (as `clinverify serve --max-batch`)")
    max_trace_chars: int = Field(200_000, description="characters per trace (as `clinverify serve --max-trace-chars`)")
    stream_window: int = Field(16, description="VerifyStream requests verified ahead per stream")
    default_max_tokens: int = 512
    max_tokens_limit: int = 2048
    max_n: int = 16

    @field_validator("reasoner_deployment")
    @classmethod
    def _reasoner_options(cls, v: dict[str, Any]) -> dict[str, Any]:
        """Options ``Reasoner.options()`` accepts; the replica's GPUs and CPUs have their own arguments."""
        if "name" in v:
            raise ValueError("reasoner_deployment.name: the Reasoner deployment's name is fixed")
        actor = v.get("ray_actor_options") or {}
        for key, arg in (("num_gpus", "reasoner_num_gpus"), ("num_cpus", "reasoner_num_cpus")):
            if isinstance(actor, dict) and key in actor:
                raise ValueError(f"reasoner_deployment.ray_actor_options.{key}: set the app argument {arg} instead")
        try:
            Reasoner.options(**v)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"reasoner_deployment: {exc}") from None
        return v


class _Precomputed:
    """A RewardScorer stand-in whose verification already ran on the Verifier deployment."""

    reward = "reward"

    def __init__(self, results: list[dict[str, Any]]):
        self._results = results

    def verify(self, rows):
        return self._results


# Everything the Gateway's methods name must be defined before the class is decorated (at the
# end of this module): Serve pickles it then.
http_app = FastAPI(title="clinverify", docs_url=None, redoc_url=None)


class Gateway:
    def __init__(
        self,
        calculators: DeploymentHandle,
        verifier: DeploymentHandle,
        reasoner: DeploymentHandle | None,
        args: dict[str, Any] | None = None,
    ):
        a = AppArgs(**(args or {}))
        self.args = a
        self.reasoner = reasoner
        self.token = load_token(a.token_file)
        limits = Limits(max_batch=a.max_batch, max_trace_chars=a.max_trace_chars, stream_window=a.stream_window)
        self.executor = RayExecutor(calculators, verifier, a.verify_chunk)
        self.cores = {
            "clinverify.api.v1.CalculatorService": CalculatorCore(self.executor, limits),
            "clinverify.api.v1.VerifierService": VerifierCore(self.executor, limits),
        }
        self.cores["clinverify.api.v1.ReasoningService"] = ReasoningCore(
            RemoteBackend(reasoner) if reasoner is not None else None,
            executor=self.executor,
            default_max_tokens=a.default_max_tokens,
            max_tokens_limit=a.max_tokens_limit,
            max_n=a.max_n,
            max_concurrency=64,
        )

    # -- the transport ---------------------------------------------------------------------------
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
    def _fail(grpc_context, exc: BaseException) -> None:
        """The standalone server's status for ``exc``: code, message and (in the
        grpc-status-details-bin trailer) google.rpc.BadRequest / ErrorInfo details."""
        err = as_service_error(exc)
        grpc_context.set_code(getattr(grpc.StatusCode, err.code, grpc.StatusCode.UNKNOWN))
        grpc_context.set_details(err.message)
        trailers = grpc_trailers(err)
        if trailers:
            grpc_context.set_trailing_metadata(trailers)

    async def _call(self, grpc_context, empty, fn):
        """A unary RPC: ``fn()`` (a value or an awaitable) after authentication; an exception
        sets its status and answers ``empty``."""
        if not self._authorized(grpc_context):
            return empty
        try:
            out = fn()
            return await out if inspect.isawaitable(out) else out
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._fail(grpc_context, exc)
        return empty

    async def _stream(self, grpc_context, responses):
        """A server-streaming RPC's responses after authentication; an exception sets its status."""
        if not self._authorized(grpc_context):
            return
        try:
            async for resp in responses:
                yield resp
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._fail(grpc_context, exc)
        finally:
            await responses.aclose()

    # -- grpc.health.v1.Health ---------------------------------------------------------------------
    async def Check(self, request, grpc_context=None):  # noqa: N802
        from grpc_health.v1 import health_pb2

        up = serving(request.service, reasoning_available=self.reasoner is not None)
        if up is None:
            if grpc_context is not None:
                grpc_context.set_code(grpc.StatusCode.NOT_FOUND)
                grpc_context.set_details(f"unknown service {request.service[:200]!r}")
            return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVICE_UNKNOWN)
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING if up else health_pb2.HealthCheckResponse.NOT_SERVING)

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

    @http_app.get("/cds-services")
    async def cds_discovery(self) -> dict[str, Any]:
        """CDS Hooks discovery (services/cds_hooks.py): open, as on the standalone HTTP server."""
        from clinverify.services.cds_hooks import discovery

        return discovery()

    @http_app.post("/cds-services/{service_id}")
    async def cds_hook(self, service_id: str, request: Request):
        if not bearer_ok(self.token, request.headers.get("authorization")):
            return JSONResponse({"error": {"code": "unauthenticated", "message": "missing or invalid bearer token"}}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        status, body = await asyncio.to_thread(cds_answer, service_id, await request.body())
        return JSONResponse(body, status_code=status)

    async def _reward(self, request: Request):
        # The protocol (row building, reward kinds, extra_logs, step rewards) is the HTTP reward
        # server's; only verification runs here, fanned out over the Verifier replicas.
        if not bearer_ok(self.token, request.headers.get("authorization")):
            return JSONResponse({"error": {"code": "unauthenticated", "message": "missing or invalid bearer token"}}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        try:
            body = decode_body(await request.body())
        except ProtocolError as exc:  # not UTF-8, not JSON, nested too deep: 400, as the standalone reward server answers
            return JSONResponse({"error": {"code": "bad_request", "message": str(exc)}}, status_code=400)
        try:
            reward, steps = query_options(request.query_params.get("reward"), request.query_params.get("steps"))
            results = await self.executor.verify_rows(rows_from_request(body))
            return score_request(body, _Precomputed(results), reward, 0.0, steps)
        except ProtocolError as exc:
            return JSONResponse({"error": {"code": "bad_request", "message": str(exc)}}, status_code=400)


def _gateway_method(rpc: Rpc):
    """The Gateway method for ``rpc`` (Ray's gRPC proxy calls it by the RPC's name): one call
    into the service's core, after authentication."""
    if rpc.server_streaming:

        async def stream(self, request, grpc_context=None):
            async for resp in self._stream(grpc_context, getattr(self.cores[rpc.service], rpc.core_method)(request)):
                yield resp

        method = stream
    else:

        async def call(self, request, grpc_context=None):
            return await self._call(grpc_context, rpc.response_type(), lambda: getattr(self.cores[rpc.service], rpc.core_method)(request, None))

        method = call
    method.__name__ = method.__qualname__ = rpc.name
    return method


for _service in SERVICES:
    for _rpc in rpcs(_service):
        setattr(Gateway, _rpc.name, _gateway_method(_rpc))

Gateway = serve.deployment(name="Gateway", ray_actor_options={"num_cpus": 0.1}, max_ongoing_requests=256)(serve.ingress(http_app)(Gateway))
