"""CUDA paths (skipped without a GPU by tests/conftest.py)."""

import pytest

from .conftest import NOTE, QUESTION

MSGS = [{"role": "user", "content": "What is 2 + 3? Answer with one number."}]


@pytest.fixture(scope="module")
def cuda_backend():
    pytest.importorskip("transformers")
    from clinverify.services.reasoning import load_backend

    b = load_backend("transformers", device="cuda")
    yield b
    b.close()


@pytest.mark.gpu
def test_transformers_on_cuda_generates(cuda_backend):
    assert cuda_backend.info()["device"].startswith("cuda")
    assert cuda_backend.info()["dtype"] in ("bfloat16", "float16")
    texts = cuda_backend.generate(MSGS, n=4, max_tokens=16, temperature=0.7, seed=5)
    assert len(texts) == 4 and all(texts)
    assert texts == cuda_backend.generate(MSGS, n=4, max_tokens=16, temperature=0.7, seed=5)


@pytest.mark.gpu
def test_transformers_on_cuda_streams(cuda_backend):
    chunks = list(cuda_backend.stream(MSGS, max_tokens=16))
    assert "".join(chunks) == cuda_backend.generate(MSGS, max_tokens=16)[0]


@pytest.mark.gpu
def test_generate_and_verify_on_cuda(cuda_backend):
    from clinverify.services.reasoning import generate_and_verify

    cands = generate_and_verify(cuda_backend, NOTE, QUESTION, n=8, max_tokens=64, seed=1, calculator=2)
    assert len(cands) == 8 and all(c.verification["calculator"] == "cockcroft_gault" for c in cands)
