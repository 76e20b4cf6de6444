"""ReasoningService, independent of the transport: Generate (streamed text) and
GenerateAndVerify (best-of-n ranked by the verifier).

``ReasoningCore`` holds validation, defaults, generation and the verify-and-rank step, and raises
``ServiceError``; the grpc.aio servicer (``clinverify.services.servicers.ReasoningServicer``) and
the Ray Gateway apply the same status to their own contexts. Candidates are verified on the
executor (a worker thread locally, the Verifier deployment on Ray). Patient data is never logged.

Source folder ``services/reasoning/`` is installed as ``clinverify.services.reasoning``
(``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from clinverify.api.v1 import reasoning_pb2
from clinverify.services import codec
from clinverify.services.errors import ServiceError
from clinverify.services.executor import Executor, LocalExecutor
from clinverify.services.reasoning.backend import MAX_N, MAX_TOKENS_LIMIT, BackendError, ReasoningBackend
from clinverify.services.validation import resolve_calculator

log = logging.getLogger("clinverify.reasoning")

MAX_NOTE_CHARS = 100_000
MAX_QUESTION_CHARS = 5_000
UNAVAILABLE_MESSAGE = (
    "ReasoningService is not available: no reasoning model is configured on this server (start it "
    "with a model; see docs/scale-out.md); verify traces from your own model with "
    "VerifierService.Verify/VerifyBatch/VerifyStream"
)


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
        executor: Executor | None = None,
        default_max_tokens: int = 512,
        max_tokens_limit: int = 2048,
        default_n: int = 4,
        max_n: int = 16,
        default_temperature: float = 0.7,
        max_concurrency: int = 4,
    ):
        self.backend = backend
        self.executor = executor if executor is not None else LocalExecutor()
        self.default_max_tokens = default_max_tokens
        self.max_tokens_limit = min(max_tokens_limit, MAX_TOKENS_LIMIT)
        self.default_n = default_n
        self.max_n = min(max_n, MAX_N)
        self.default_temperature = default_temperature
        self._sem = asyncio.Semaphore(max_concurrency)

    # -- validation ----------------------------------------------------------------------------
    def _require_backend(self) -> ReasoningBackend:
        if self.backend is None:
            raise ServiceError("UNIMPLEMENTED", UNAVAILABLE_MESSAGE)
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

        backend = self._require_backend()
        max_tokens, temperature = self._common(request, "")
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
        calculator = resolve_calculator(request.calculator, "calculator").id if request.calculator.strip() else None
        ctx: dict[str, Any] = {"calculator": calculator, "question": g.question, "patient_note": g.patient_note}
        if request.HasField("entities"):
            ctx["entities"] = codec.from_struct(request.entities)
        if request.HasField("reference") and request.reference.answer:
            r = request.reference
            ctx["reference"] = {"answer": r.answer, "lower": r.lower or None, "upper": r.upper or None}
        gen = {"messages": build_messages(g.patient_note, g.question), "n": n, "max_tokens": max_tokens, "temperature": temperature, "seed": g.seed}
        return {"generate": gen, "verify": ctx}

    async def generate_and_verify(self, request: reasoning_pb2.GenerateAndVerifyRequest, deadline=None) -> reasoning_pb2.GenerateAndVerifyResponse:
        """Generate n candidates; verify, ground and rank them on the executor (a worker thread
        locally, the Verifier deployment on Ray)."""
        backend = self._require_backend()
        p = self.plan(request)
        async with self._sem:
            try:
                texts = await backend.agenerate(**p["generate"])
            except BackendError as exc:
                log.warning("generation failed: %s", type(exc).__name__)
                raise ServiceError("INTERNAL", f"generation failed: {exc}") from None
        return codec.candidates_to_proto(await self.executor.verify_candidates(texts, p["verify"]))
