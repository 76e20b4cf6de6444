"""The reasoning-backend interface (backend selection by name: ``loading.load_backend``).

    from clinverify.services.reasoning import load_backend
    backend = load_backend("transformers", model="default", device="cpu")
    texts = backend.generate(messages, n=4, max_tokens=256, temperature=0.7, seed=1)
    for chunk in backend.stream(messages, max_tokens=256):
        ...

A backend turns chat messages (``[{"role": ..., "content": ...}]``) into text. Concrete
backends: ``transformers`` (CPU or CUDA; the default model or any local path / hub id) and
``vllm`` (GPU; imported only when chosen). ``ScriptedBackend`` returns fixed texts (tests,
demos, and servers that want the verify path without a model).

Every backend has sync ``generate``/``stream`` and async ``agenerate``/``astream``; the async
forms default to running the sync ones in a worker thread, so an asyncio server never blocks its
event loop on a model call. Backends with a native async engine (vLLM) override them.
"""

from __future__ import annotations

import asyncio
import threading
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

Messages = Sequence[dict[str, str]]

DEFAULT_MAX_TOKENS = 512
MAX_TOKENS_LIMIT = 8192
MAX_N = 64


class BackendError(RuntimeError):
    """A backend could not be created or failed to generate."""


class ReasoningBackend(ABC):
    """Chat messages in, text out."""

    #: Short name for logs and health output ("transformers", "vllm", "scripted").
    kind: str = "abstract"
    #: Human-readable model description.
    model_name: str = ""

    @abstractmethod
    def generate(
        self,
        messages: Messages,
        n: int = 1,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> list[str]:
        """``n`` completions of the conversation (sampling when ``temperature > 0``; greedy
        otherwise, in which case the ``n`` texts are identical). ``seed`` makes sampling
        reproducible on the same backend, hardware and library versions."""

    @abstractmethod
    def stream(
        self,
        messages: Messages,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        temperature: float = 0.0,
        seed: int | None = None,
    ) -> Iterator[str]:
        """One completion as an iterator of text chunks (roughly one per token)."""

    async def agenerate(self, messages: Messages, n: int = 1, max_tokens: int = DEFAULT_MAX_TOKENS, temperature: float = 0.0, seed: int | None = None) -> list[str]:
        return await asyncio.to_thread(self.generate, messages, n, max_tokens, temperature, seed)

    async def astream(self, messages: Messages, max_tokens: int = DEFAULT_MAX_TOKENS, temperature: float = 0.0, seed: int | None = None) -> AsyncIterator[str]:
        """Async form of ``stream``: the sync iterator runs in a worker thread and its chunks are
        handed to the event loop through a queue."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        done = object()
        stop = threading.Event()

        def run() -> None:
            try:
                for chunk in self.stream(messages, max_tokens, temperature, seed):
                    if stop.is_set():
                        break
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
            except BaseException as exc:  # handed to the consumer
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, done)

        fut = loop.run_in_executor(None, run)
        try:
            while True:
                item = await queue.get()
                if item is done:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            await asyncio.shield(fut)

    def info(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": self.model_name}

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release model memory (optional)."""


def check_params(n: int, max_tokens: int, temperature: float) -> None:
    """Validate generation parameters (ValueError with the field named)."""
    if not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise ValueError(f"n: expected 1–{MAX_N}, got {n!r}")
    if not isinstance(max_tokens, int) or not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
        raise ValueError(f"max_tokens: expected 1–{MAX_TOKENS_LIMIT}, got {max_tokens!r}")
    if not 0.0 <= float(temperature) <= 5.0:
        raise ValueError(f"temperature: expected 0–5, got {temperature!r}")


class ScriptedBackend(ReasoningBackend):
    """Returns fixed texts in turn (cycling). For tests and for running the verify path without a
    model; ``stream`` yields the text word by word."""

    kind = "scripted"

    def __init__(self, texts: Sequence[str] | str, model_name: str = "scripted"):
        self.texts = [texts] if isinstance(texts, str) else list(texts)
        if not self.texts:
            raise ValueError("ScriptedBackend needs at least one text")
        self.model_name = model_name
        self._i = 0
        self._lock = threading.Lock()
        self.calls: list[dict[str, Any]] = []

    def _next(self) -> str:
        with self._lock:
            t = self.texts[self._i % len(self.texts)]
            self._i += 1
            return t

    def generate(self, messages, n=1, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None):
        check_params(n, max_tokens, temperature)
        self.calls.append({"messages": list(messages), "n": n, "max_tokens": max_tokens, "temperature": temperature, "seed": seed})
        return [self._next() for _ in range(n)]

    def stream(self, messages, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None):
        check_params(1, max_tokens, temperature)
        text = self._next()
        start = 0
        for i, ch in enumerate(text):
            if ch == " " and i > start:
                yield text[start:i]
                start = i
        if start < len(text):
            yield text[start:]
