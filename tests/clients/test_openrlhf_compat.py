"""The OpenRLHF reward endpoint against OpenRLHF 0.11.2's own remote reward-model client.

OpenRLHF 0.11.2 calls a remote reward model from ``SingleTurnAgentExecutor`` in
``openrlhf/utils/agent.py`` (the wheel's ``openrlhf-0.11.2.data/purelib/openrlhf/utils/agent.py``):

- lines 286-292: ``query = hf_tokenizer.decode(prompt + response tokens, skip_special_tokens=False)``,
  then one request per sample with ``[query], [prompt], [label]``;
- lines 341-353: ``payload = {"query": [...], "prompts": [...], "labels": [...]}`` sent by
  ``aiohttp`` ``session.post(url, json=payload)``, ``response.raise_for_status()``,
  ``await response.json()``; up to 5 tries one second apart, failures logged at INFO only
  (lines 354-362, 303-304) and the sample is left without a reward;
- lines 294-302: the answer's ``scores`` (else ``rewards``), ``rewards`` and ``extra_logs`` are kept;
- lines 198-205 and 308-325: a ``--reward.remote_url`` ending in ``.py`` is loaded as a file and its
  ``reward_func(queries, prompts, labels)`` called with one sample.

``openrlhf/cli/train_ppo_ray.py`` line 558 defines ``--reward.remote_url``, line 582
``--data.label_key``; ``openrlhf/datasets/prompts_dataset.py`` line 44 sends ``""`` as the label
without a label key.

The first tests drive that module itself, loaded from the wheel (``pip download openrlhf==0.11.2
--no-deps``, or ``CLINVERIFY_OPENRLHF_WHEEL``; skipped when it cannot be fetched) without its
heavy dependencies: only ``aiohttp`` and its own logging module are imported. The last test
re-sends the same request with ``aiohttp`` directly, so the wire format is checked even without
the wheel.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinverify.services.reward_http import LOG_KEYS, RewardServer
from clinverify.services.reward_scoring import Scorer

aiohttp = pytest.importorskip("aiohttp")

OPENRLHF_VERSION = "0.11.2"
PURELIB = f"openrlhf-{OPENRLHF_VERSION}.data/purelib"
REPO = Path(__file__).resolve().parents[2]

# A chat-templated prompt as OpenRLHF's prompts dataset makes it (--data.apply_chat_template).
PROMPT = "<|im_start|>user\nWhat is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?<|im_end|>\n<|im_start|>assistant\n"
RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\n"
    "Answer: 70.71<|im_end|>"
)
SLIP = RIGHT.replace("70.71", "80.71")


# -- OpenRLHF's module, from its wheel ------------------------------------------------------------


@pytest.fixture(scope="module")
def openrlhf_root(tmp_path_factory) -> Path:
    """OpenRLHF 0.11.2's wheel unpacked; returns the folder holding the ``openrlhf`` package."""
    wheel = os.environ.get("CLINVERIFY_OPENRLHF_WHEEL")
    d = tmp_path_factory.mktemp("openrlhf")
    if not wheel:
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    f"openrlhf=={OPENRLHF_VERSION}",
                    "--no-deps",
                    "-d",
                    str(d),
                    "-q",
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            pytest.skip(f"cannot fetch the OpenRLHF {OPENRLHF_VERSION} wheel: {e}")
        wheels = sorted(d.glob("openrlhf-*.whl"))
        if proc.returncode or not wheels:
            pytest.skip(
                f"cannot fetch the OpenRLHF {OPENRLHF_VERSION} wheel (pip download failed): {proc.stderr.strip()[-300:]}"
            )
        wheel = str(wheels[0])
    with zipfile.ZipFile(wheel) as z:
        members = [n for n in z.namelist() if n.startswith(PURELIB + "/openrlhf/") and n.endswith(".py")]
        z.extractall(d / "src", members)
    root = d / "src" / PURELIB
    assert (root / "openrlhf/utils/agent.py").is_file(), "the wheel has no openrlhf/utils/agent.py"
    return root


@pytest.fixture(scope="module")
def agent(openrlhf_root) -> Iterator[types.ModuleType]:
    """``openrlhf.utils.agent`` itself. Its packages' ``__init__`` files (which import torch and
    transformers) are replaced by bare namespace entries; the module imports only aiohttp and
    ``openrlhf.utils.logging_utils``."""
    names = ("openrlhf", "openrlhf.utils", "openrlhf.utils.logging_utils", "openrlhf.utils.agent")
    saved = {n: sys.modules.pop(n, None) for n in names}
    for name in names[:2]:
        pkg = types.ModuleType(name)
        pkg.__path__ = [str(openrlhf_root / name.replace(".", "/"))]
        sys.modules[name] = pkg
    try:
        yield importlib.import_module("openrlhf.utils.agent")
    finally:
        for n in names:
            sys.modules.pop(n, None)
            if saved[n] is not None:
                sys.modules[n] = saved[n]


class _Ids(list):
    def tolist(self) -> list[int]:
        return list(self)


class CharTokenizer:
    """A tokenizer with one token per character: what ``SingleTurnAgentExecutor`` calls on it."""

    def __call__(self, text: str, add_special_tokens: bool = False, return_tensors: str | None = None) -> dict:
        return {"input_ids": [_Ids(ord(c) for c in text)]}

    def decode(self, ids, skip_special_tokens: bool = False) -> str:
        return "".join(chr(i) for i in ids)


class FakeEngine:
    """The vLLM engine's ``generate``: answers every prompt with ``response``."""

    def __init__(self, response: str):
        self.response = response

    async def generate(self, prompt_token_ids, sampling_params, multi_modal_data=None):
        ids = [ord(c) for c in self.response]
        out = types.SimpleNamespace(token_ids=ids, text=self.response, finish_reason="stop", logprobs=None)
        return types.SimpleNamespace(outputs=[out])


def _execute(agent, url: str, response: str, label) -> dict:
    executor = agent.SingleTurnAgentExecutor(url)
    params = types.SimpleNamespace(max_tokens=None, logprobs=None)
    coro = executor.execute(PROMPT, label, params, 4096, CharTokenizer(), FakeEngine(response))
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def server() -> Iterator[RewardServer]:
    srv = RewardServer(("127.0.0.1", 0), Scorer(workers=0))
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_openrlhf_client_gets_rewards_from_the_endpoint(agent, server):
    right = _execute(agent, server.url, RIGHT, "70.71")
    slip = _execute(agent, server.url, SLIP, "70.71")
    # OpenRLHF keeps the answer's lists of one (it turns them into tensors of shape [1, 1])
    assert right["reward"] == [1.0] and right["scores"] == [1.0]
    assert slip["reward"] == [0.0] and slip["scores"] == [0.0]
    assert set(right["extra_logs"]) == {*LOG_KEYS, "applicable", "first_error_found", "verify_error"}
    assert right["extra_logs"]["process"] == [1.0] and slip["extra_logs"]["process"] == [0.0]
    assert all(isinstance(v, list) and len(v) == 1 and isinstance(v[0], float) for v in slip["extra_logs"].values())
    # a JSON label (the dataset's label column holding an object) and the ?reward= override
    label = json.dumps({"answer": "70.71", "lower": "67.17", "upper": "74.25", "calculator": "cockcroft_gault"})
    assert _execute(agent, server.url, RIGHT, label)["reward"] == [1.0]
    assert _execute(agent, server.url + "?reward=process", SLIP, label)["reward"] == [0.0]


def test_openrlhf_without_label_key_sends_an_empty_label(agent, server):
    # No --data.label_key: the label is "" (prompts_dataset.py:44), read as "no reference". The
    # verifier then checks the response against itself (the answer recomputed from the values
    # it states): a consistent misreading of the note (80 kg, not 70) still scores 1, and only
    # the label catches it. Hence the label key in docs/clients.md.
    misread = RIGHT.replace("70 kg", "80 kg").replace("* 70 *", "* 80 *").replace("70.71", "80.81")
    assert _execute(agent, server.url, misread, "")["reward"] == [1.0]
    assert _execute(agent, server.url, misread, "70.71")["reward"] == [0.0]


def test_openrlhf_python_reward_func_file(agent, tmp_path):
    # --reward.remote_url /path/reward.py: the documented one-line file
    reward_py = tmp_path / "reward.py"
    reward_py.write_text("from clinverify.clients.openrlhf_server import reward_func  # noqa: F401\n")
    right = _execute(agent, str(reward_py), RIGHT, "70.71")
    slip = _execute(agent, str(reward_py), SLIP, "70.71")
    assert right["reward"] == [1.0] and slip["reward"] == [0.0] and slip["extra_logs"]["process"] == [0.0]


def test_openrlhf_failed_request_leaves_the_sample_without_reward(agent, caplog):
    # A refused request (401: a token the stock client does not send) is retried 5 times, one
    # second apart, logged at INFO only, and the sample keeps reward None: what docs/clients.md
    # tells users to look for.
    srv = RewardServer(("127.0.0.1", 0), Scorer(workers=0), token="s3cret")
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    agent.logger.addHandler(handler)
    try:
        out = _execute(agent, srv.url, RIGHT, "70.71")
    finally:
        agent.logger.removeHandler(handler)
        srv.shutdown()
        srv.server_close()
    assert out["reward"] is None and out["scores"] is None and out["extra_logs"] == {}
    messages = [r.getMessage() for r in records]
    assert any("401" in m for m in messages) and any("Failed to fetch reward from remote RM" in m for m in messages)
    assert all(r.levelno == logging.INFO for r in records)


def test_openrlhf_flags_in_its_parser_and_our_docs(openrlhf_root):
    parser = (openrlhf_root / "openrlhf/cli/train_ppo_ray.py").read_text()
    flags = set(re.findall(r'add_argument\(\s*"(--[\w.]+)"', parser))
    assert {"--reward.remote_url", "--data.label_key", "--data.input_key", "--data.apply_chat_template"} <= flags
    assert "--remote_rm_url" not in flags and "--label_key" not in flags
    for doc in (
        "docs/clients.md",
        "docs/scale-out.md",
        "services/reward_http.py",
        "clients/openrlhf_server.py",
        "clients/rewards/openrlhf.py",
    ):
        text = (REPO / doc).read_text()
        for old in ("--remote_rm_url", "--label_key"):  # given a value: a command line (naming them as old is fine)
            assert not re.search(rf"(?<![\w.-]){old}[ =]\S", text), f"{doc} still uses {old}"
    clients_md = (REPO / "docs/clients.md").read_text()
    assert "--reward.remote_url http://" in clients_md and "--data.label_key" in clients_md
    assert f"OpenRLHF {OPENRLHF_VERSION}" in clients_md


# -- the same request without the wheel -------------------------------------------------------------


def test_aiohttp_request_as_openrlhf_sends_it(server):
    # agent.py:341-353: json= body (aiohttp sets Content-Type and Content-Length), raise_for_status,
    # response.json() (which insists on a JSON content type).
    payload = {"query": [PROMPT + RIGHT, PROMPT + SLIP], "prompts": [PROMPT, PROMPT], "labels": ["70.71", "70.71"]}

    async def post() -> dict:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=180)) as session:
            async with session.post(server.url, json=copy.deepcopy(payload)) as response:
                response.raise_for_status()
                return await response.json()

    out = asyncio.run(post())
    assert out["rewards"] == [1.0, 0.0] and out["scores"] == [1.0, 0.0]
    assert out["extra_logs"]["process"] == [1.0, 0.0]
