"""ReasoningService over gRPC: Generate (server-streaming tokens) and GenerateAndVerify.

Wiring into the standalone asyncio server (``clinverify serve``)::

    from clinverify.api.v1 import reasoning_pb2_grpc
    from clinverify.services.reasoning import load_backend
    from clinverify.services.reasoning.servicer import make_reasoning_servicer

    backend = load_backend("transformers", model=args.model)        # or None: UNIMPLEMENTED
    reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server(make_reasoning_servicer(backend), server)

or, with the server's own config object, ``ServerConfig(reasoning_servicer=make_reasoning_servicer(backend))``.

``ReasoningCore`` holds the transport-independent logic (validation, defaults, generation,
verification, ranking) and raises ``clinverify.services.convert.ServiceError``; the grpc.aio
servicer aborts with ``convert.rich_status`` (google.rpc.BadRequest field violations), the Ray
Serve ingress sets the same status on its own gRPC context. Patient data is never logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import grpc

from clinverify.api.v1 import reasoning_pb2, reasoning_pb2_grpc
from clinverify.services import convert
from clinverify.services.convert import ServiceError
from clinverify.services.reasoning.backend import MAX_N, MAX_TOKENS_LIMIT, BackendError, ReasoningBackend

log = logging.getLogger("clinverify.reasoning")

MAX_NOTE_CHARS = 100_000
MAX_QUESTION_CHARS = 5_000


class ReasoningCore:
    """Validation, defaults and the generate/verify pipeline, independent of the transport.

    Defaults for unset (zero) proto fields: ``max_tokens`` -> ``default_max_tokens``; ``n`` -> 4;
    ``temperature`` 0 means greedy for Generate and for GenerateAndVerify with n = 1, and
    ``default_temperature`` (0.7) for GenerateAndVerify with n > 1 (greedy decoding would return
    n identical candidates). ``seed`` is used as given (0 is a seed), so results are repeatable.
    """

    def __init__(
        self,
        backend: ReasoningBackend | None,
        *,
        default_max_tokens: int = 512,
        max_tokens_limit: int = 2048,
        default_n: int = 4,
        max_n: int = 16,
        default_temperature: float = 0.7,
        max_concurrency: int = 4,
    ):
        self.backend = backend
        self.default_max_tokens = default_max_tokens
        self.max_tokens_limit = min(max_tokens_limit, MAX_TOKENS_LIMIT)
        self.default_n = default_n
        self.max_n = min(max_n, MAX_N)
        self.default_temperature = default_temperature
        self._sem = asyncio.Semaphore(max_concurrency)

    # -- validation ----------------------------------------------------------------------------
    def _require_backend(self) -> ReasoningBackend:
        if self.backend is None:
            raise ServiceError("UNIMPLEMENTED", "no reasoning model is configured on this server (start it with a model; see docs/scale-out.md)")
        return self.backend

    def _common(self, g: reasoning_pb2.GenerateRequest, prefix: str) -> tuple[int, float]:
        viol = []
        if not g.question.strip():
            viol.append((f"{prefix}question", "required: the task, e.g. \"What is the patient's CURB-65 score?\""))
        elif len(g.question) > MAX_QUESTION_CHARS:
            viol.append((f"{prefix}question", f"{len(g.question)} characters; the limit is {MAX_QUESTION_CHARS}"))
        if len(g.patient_note) > MAX_NOTE_CHARS:
            viol.append((f"{prefix}patient_note", f"{len(g.patient_note)} characters; the limit is {MAX_NOTE_CHARS}"))
        max_tokens = g.max_tokens or self.default_max_tokens
        if not 1 <= max_tokens <= self.max_tokens_limit:
            viol.append((f"{prefix}max_tokens", f"expected 1–{self.max_tokens_limit} (0 for the default {self.default_max_tokens}), got {g.max_tokens}"))
        if not 0.0 <= g.temperature <= 5.0:
            viol.append((f"{prefix}temperature", f"expected 0–5, got {g.temperature:g}"))
        if viol:
            raise ServiceError("INVALID_ARGUMENT", "; ".join(f"{f}: {d}" for f, d in viol), viol)
        return max_tokens, g.temperature

    # -- RPCs ----------------------------------------------------------------------------------
    async def generate(self, request: reasoning_pb2.GenerateRequest) -> AsyncIterator[reasoning_pb2.GenerateResponse]:
        from clinverify.services.reasoning.prompting import build_messages

        max_tokens, temperature = self._common(request, "")
        backend = self._require_backend()
        messages = build_messages(request.patient_note, request.question)
        async with self._sem:
            try:
                async for chunk in backend.astream(messages, max_tokens=max_tokens, temperature=temperature, seed=request.seed):
                    yield reasoning_pb2.GenerateResponse(text=chunk)
            except BackendError as exc:
                log.warning("generation failed: %s", type(exc).__name__)
                raise ServiceError("INTERNAL", f"generation failed: {exc}") from None
        yield reasoning_pb2.GenerateResponse(done=True)

    def plan(self, request: reasoning_pb2.GenerateAndVerifyRequest) -> dict[str, Any]:
        """Validate a GenerateAndVerify request and apply the defaults: the generation arguments
        and the verification context (raises ServiceError)."""
        from clinverify.services.reasoning.prompting import build_messages

        g = request.generate
        max_tokens, temperature = self._common(g, "generate.")
        n = request.n or self.default_n
        if not 1 <= n <= self.max_n:
            raise ServiceError("INVALID_ARGUMENT", f"n: expected 1–{self.max_n} (0 for the default {self.default_n}), got {request.n}", [("n", f"expected 1–{self.max_n}")])
        if temperature == 0.0 and n > 1:
            temperature = self.default_temperature
        calculator = convert.resolve_calculator(request.calculator, "calculator").id if request.calculator.strip() else None
        ctx: dict[str, Any] = {"calculator": calculator, "question": g.question, "patient_note": g.patient_note}
        if request.HasField("entities"):
            ctx["entities"] = convert.from_struct(request.entities)
        if request.HasField("reference") and request.reference.answer:
            r = request.reference
            ctx["reference"] = {"answer": r.answer, "lower": r.lower or None, "upper": r.upper or None}
        gen = {"messages": build_messages(g.patient_note, g.question), "n": n, "max_tokens": max_tokens, "temperature": temperature, "seed": g.seed}
        return {"generate": gen, "verify": ctx}

    async def generate_and_verify(self, request: reasoning_pb2.GenerateAndVerifyRequest, verify_fn=None) -> reasoning_pb2.GenerateAndVerifyResponse:
        """Generate n candidates, verify and rank them. ``verify_fn(texts, ctx) -> list[Candidate]``
        (awaitable) defaults to verifying in a worker thread; the Ray app passes one that fans out
        to its Verifier deployment."""
        from clinverify.services.reasoning.best_of_n import verify_candidates

        p = self.plan(request)
        backend = self._require_backend()
        async with self._sem:
            try:
                texts = await backend.agenerate(**p["generate"])
            except BackendError as exc:
                log.warning("generation failed: %s", type(exc).__name__)
                raise ServiceError("INTERNAL", f"generation failed: {exc}") from None
        if verify_fn is None:
            cands = await asyncio.to_thread(verify_candidates, texts, **p["verify"])
        else:
            cands = await verify_fn(texts, p["verify"])
        return candidates_to_proto(cands)


def candidates_to_proto(cands) -> reasoning_pb2.GenerateAndVerifyResponse:
    """Ranked candidates (``best_of_n.Candidate``) as the GenerateAndVerify response."""
    resp = reasoning_pb2.GenerateAndVerifyResponse()
    for c in cands:
        resp.candidates.add(text=c.text, verification=convert.verification_to_proto(c.verification), grounded=convert.grounded_to_proto(c.grounded or {}))
    return resp


class ReasoningServicer(reasoning_pb2_grpc.ReasoningServiceServicer):
    """grpc.aio servicer (register it on a ``grpc.aio.server``). Unexpected exceptions end the
    call INTERNAL with the exception type only (its message may quote patient data)."""

    def __init__(self, backend: ReasoningBackend | None, **limits: Any):
        self.core = ReasoningCore(backend, **limits)

    async def Generate(self, request, context):  # noqa: N802 (gRPC method name)
        try:
            async for resp in self.core.generate(request):
                yield resp
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except Exception as exc:
            await _abort(context, exc)

    async def GenerateAndVerify(self, request, context):  # noqa: N802
        try:
            return await self.core.generate_and_verify(request)
        except (grpc.aio.AbortError, asyncio.CancelledError):
            raise
        except Exception as exc:
            await _abort(context, exc)


async def _abort(context, exc: Exception) -> None:
    """End the call with the ServiceError's status, or INTERNAL naming only the exception type."""
    err = exc if isinstance(exc, ServiceError) else convert.internal_error(exc)
    await context.abort_with_status(convert.rich_status(err))


def make_reasoning_servicer(backend: ReasoningBackend | None, **limits: Any) -> ReasoningServicer:
    """The ReasoningService servicer for a grpc.aio server. ``backend=None`` answers every call
    UNIMPLEMENTED with a readable message (the server's default when no model is configured)."""
    return ReasoningServicer(backend, **limits)
