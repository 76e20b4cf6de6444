"""Runs every ```python block of docs/clients.md, each in a fresh interpreter.

The comment line right before a block says what it needs:
``<!-- docs-test: needs-grpc-server -->`` (the test starts ``clinverify serve`` and sets
CLINVERIFY_ADDRESS / CLINVERIFY_TOKEN), ``<!-- docs-test: needs-reward-server -->`` (an OpenRLHF
endpoint on 127.0.0.1, CLINVERIFY_REWARD_URL), ``<!-- docs-test: not run (...) -->`` (only
compiled), anything else runs in-process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "clients.md"
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
MARKER = re.compile(r"<!--\s*docs-test:\s*(.*?)\s*-->")


def blocks() -> list[tuple[str, str, int]]:
    text = DOC.read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        before = text[: m.start()].rstrip().splitlines()
        last = before[-1] if before else ""
        mk = MARKER.search(last)
        kind = mk.group(1) if mk else "in-process"
        line = text[: m.start()].count("\n") + 1
        out.append((kind, m.group(1), line))
    return out


BLOCKS = blocks()


def _id(b) -> str:
    kind, _, line = b
    return f"line{line}-{kind.split()[0]}"


@pytest.fixture(scope="module")
def reward_url():
    from clinverify.clients.openrlhf_server import RewardServer
    from clinverify.clients.rewards import RewardScorer

    srv = RewardServer(("127.0.0.1", 0), RewardScorer(workers=0))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.url
    srv.shutdown()
    srv.server_close()


def run_block(code: str, env_extra: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLINVERIFY_")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, timeout=180, cwd=cwd, env=env)


def test_doc_has_the_examples():
    kinds = [k.split()[0] for k, _, _ in BLOCKS]
    assert kinds.count("needs-grpc-server") == 2
    assert kinds.count("needs-reward-server") == 1
    assert kinds.count("in-process") >= 3
    for _, code, line in BLOCKS:
        compile(code, f"docs/clients.md:{line}", "exec")


@pytest.mark.parametrize("block", BLOCKS, ids=[_id(b) for b in BLOCKS])
def test_example_runs(block, request, tmp_path):
    kind, code, line = block
    env: dict[str, str] = {}
    if kind.startswith("not run"):
        pytest.skip(f"docs/clients.md:{line} {kind}")
    if kind == "needs-grpc-server":
        srv = request.getfixturevalue("real_server")
        env["CLINVERIFY_ADDRESS"] = srv.address
        env["CLINVERIFY_TOKEN"] = request.getfixturevalue("token")
    if kind == "needs-reward-server":
        env["CLINVERIFY_REWARD_URL"] = request.getfixturevalue("reward_url")
    r = run_block(code, env, tmp_path)
    assert r.returncode == 0, f"docs/clients.md:{line} failed:\n{r.stdout}\n{r.stderr}"
    if kind != "in-process" or "print(" in code:
        assert r.stdout.strip(), f"docs/clients.md:{line} printed nothing"
