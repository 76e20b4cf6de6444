"""vLLM backend: runs only where vllm is installed (and, being vLLM, a GPU is present)."""

import asyncio
import importlib.util

import pytest

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("vllm") is None, reason="vllm is not installed (extra [gpu])"),
    pytest.mark.gpu,
]

MSGS = [{"role": "user", "content": "What is 2 + 3? Answer with one number."}]


@pytest.fixture(scope="module")
def vllm_backend():
    from clinverify.services.reasoning import load_backend

    b = load_backend("vllm", gpu_memory_utilization=0.3, max_model_len=2048, enforce_eager=True)
    yield b
    b.close()


def test_vllm_async_generate_and_stream(vllm_backend):
    async def go():
        texts = await vllm_backend.agenerate(MSGS, n=3, max_tokens=16, temperature=0.8, seed=2)
        chunks = [c async for c in vllm_backend.astream(MSGS, max_tokens=16)]
        return texts, chunks

    texts, chunks = asyncio.run(go())
    assert len(texts) == 3 and all(texts)
    assert chunks and "".join(chunks).strip()
