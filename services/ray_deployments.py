"""The Ray Serve deployments that do the work (extra ``[serve]``), and the executor over them.

    Calculators  CPU, autoscaling   Compute, ComputeBatch items
    Verifier     CPU, autoscaling   Verify items, VerifyBatch chunks (fanned out over replicas),
                                    candidate verification, reward rows
    Reasoner     1 GPU if present, else CPU; transformers or vLLM   generation

The replicas run the same per-item functions as the standalone server's workers
(``clinverify.services.items``); ``RayExecutor`` is the ``Executor`` the Gateway's service cores
call, so validation, limits and errors are the standalone server's.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

import asyncio
import logging
from typing import Any

try:
    from ray import serve
    from ray.serve.handle import DeploymentHandle
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError("the Ray Serve app needs the [serve] extra: pip install 'clinverify[serve]'") from _exc

from clinverify.api.v1 import calculator_pb2, verifier_pb2
from clinverify.services.items import compute_item, compute_message, verify_item

log = logging.getLogger("clinverify.ray")

VERIFY_CHUNK = 32  # traces per Verifier call when a VerifyBatch fans out over replicas


@serve.deployment(
    name="Calculators",
    ray_actor_options={"num_cpus": 0.25},
    autoscaling_config={"min_replicas": 1, "max_replicas": 4, "target_ongoing_requests": 16},
    max_ongoing_requests=64,
)
class Calculators:
    def compute(self, req: calculator_pb2.ComputeRequest) -> calculator_pb2.ComputeResponse:
        """One request; bad input raises ServiceError."""
        return compute_message(req)

    def compute_batch(self, reqs: list[calculator_pb2.ComputeRequest]) -> list[calculator_pb2.ComputeResponse]:
        return [compute_item(r) for r in reqs]


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

    def verify_item(self, req: verifier_pb2.VerifyRequest, max_trace_chars: int) -> verifier_pb2.VerifyResponse:
        """One request: errors land in the response's ``error``."""
        return verify_item(req, max_trace_chars)

    def verify_batch_bytes(self, requests: list[bytes], max_trace_chars: int) -> bytes:
        """Serialized VerifyRequests -> a serialized VerifyBatchResponse chunk. Parsing, verifying
        and encoding all happen on this replica, so the Gateway only concatenates chunks (the
        protobuf encoding of a message with repeated fields is the concatenation of its parts)."""
        resp = verifier_pb2.VerifyBatchResponse()
        parse = verifier_pb2.VerifyRequest.FromString
        resp.results.extend(verify_item(parse(raw), max_trace_chars) for raw in requests)
        return resp.SerializeToString()

    def verify_candidates(self, texts: list[str], ctx: dict[str, Any]) -> list[dict[str, Any]]:
        from clinverify.services.reasoning.best_of_n import verify_candidates

        return [c.to_dict() for c in verify_candidates(texts, **ctx)]


@serve.deployment(name="Reasoner", max_ongoing_requests=4, health_check_period_s=30, health_check_timeout_s=60)
class Reasoner:
    def __init__(self, backend: str = "transformers", model: str = "default", device: str = "auto"):
        from clinverify.services.reasoning.loading import load_backend, vllm_usable

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


class RemoteBackend:
    """A ReasoningBackend-shaped adapter over the Reasoner deployment handle (so ReasoningCore's
    validation and defaults are the standalone server's)."""

    kind = "ray"

    def __init__(self, handle: DeploymentHandle):
        self.handle = handle

    async def agenerate(self, messages, n=1, max_tokens=512, temperature=0.0, seed=None):
        return await self.handle.generate.remote(list(messages), n, max_tokens, temperature, seed)

    async def astream(self, messages, max_tokens=512, temperature=0.0, seed=None):
        gen = self.handle.options(stream=True).stream.remote(list(messages), max_tokens, temperature, seed)
        async for chunk in gen:
            yield chunk


class Encoded:
    """An already-encoded response message: Serve's gRPC path only calls SerializeToString()."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def SerializeToString(self) -> bytes:  # noqa: N802 (protobuf's name)
        return self.data


class RayExecutor:
    """The ``Executor`` over the deployment handles. Ray's gRPC proxy gives no call deadline, so
    ``deadline`` is not used; a VerifyBatch or a reward request is cut into ``verify_chunk``
    items per Verifier call, spread over the replicas."""

    def __init__(self, calculators: DeploymentHandle, verifier: DeploymentHandle, verify_chunk: int = VERIFY_CHUNK):
        self.calculators = calculators
        self.verifier = verifier
        self.verify_chunk = max(1, int(verify_chunk))

    def check_deadline(self, deadline, message: str) -> None:
        return None

    async def compute(self, request):
        return await self.calculators.compute.remote(request)

    async def compute_batch(self, requests, pool_min, deadline):
        return calculator_pb2.ComputeBatchResponse(results=await self.calculators.compute_batch.remote(list(requests)))

    async def verify(self, request, max_trace_chars):
        return await self.verifier.verify_item.remote(request, max_trace_chars)

    async def verify_batch(self, requests, max_trace_chars, deadline):
        k = self.verify_chunk
        reqs = [r.SerializeToString() for r in requests]
        parts = await asyncio.gather(*(self.verifier.verify_batch_bytes.remote(reqs[i : i + k], max_trace_chars) for i in range(0, len(reqs), k)))
        return Encoded(b"".join(parts))

    async def verify_candidates(self, texts, context):
        from clinverify.services.reasoning.best_of_n import Candidate

        return [Candidate(**c) for c in await self.verifier.verify_candidates.remote(texts, context)]

    async def verify_rows(self, rows):
        k = self.verify_chunk
        parts = await asyncio.gather(*(self.verifier.verify_rows.remote(rows[i : i + k]) for i in range(0, len(rows), k)))
        return [r for p in parts for r in p]
