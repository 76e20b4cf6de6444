"""The OpenRLHF entry points on the client side: the documented ``clinverify.clients.openrlhf_server``
(``python -m`` runs the server of services/reward_http.py, plus ``--address``) and OpenRLHF's
Python reward-function mode (``reward_func``). The HTTP protocol itself: tests/services/test_reward_http.py."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from clinverify.clients.openrlhf_server import reward_func

PROMPT = "<|im_start|>user\nWhat is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?<|im_end|>\n<|im_start|>assistant\n"
RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\n"
    "Answer: 70.71"
)
SLIP = RIGHT.replace("70.71", "80.71")
# The documented command and the server's own module (local verification only).
MODULES = ("clinverify.clients.openrlhf_server", "clinverify.services.reward_http")


def test_python_reward_func_mode():
    out = reward_func([PROMPT + RIGHT, PROMPT + SLIP], [PROMPT, PROMPT], ["70.71", "70.71"])
    assert out["rewards"] == [1.0, 0.0] and len(out["extra_logs"]["process"]) == 2


@pytest.mark.parametrize("module", MODULES)
def test_main_as_module_prints_address_and_stops_on_sigterm(module):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-P", "-m", module, "--port", "0", "--workers", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "listening on" in line or not line:
                break
        m = re.search(r"listening on (\S+):(\d+)", line)
        assert m, f"no address printed: {line!r}"
        body = json.dumps({"query": [PROMPT + RIGHT], "prompts": [PROMPT], "labels": ["70.71"]}).encode()
        req = urllib.request.Request(f"http://{m.group(1)}:{m.group(2)}/get_reward", data=body, headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, out = resp.status, json.loads(resp.read())
        assert status == 200 and out["rewards"] == [1.0]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("module", MODULES)
def test_main_rejects_bad_flags(module):
    r = subprocess.run([sys.executable, "-P", "-m", module, "--reward", "bogus"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_address_options_only_where_a_client_connects():
    helps = {m: subprocess.run([sys.executable, "-P", "-m", m, "--help"], capture_output=True, text=True, timeout=60).stdout for m in MODULES}
    assert "--address" in helps["clinverify.clients.openrlhf_server"] and "--token-file" in helps["clinverify.clients.openrlhf_server"]
    assert "--address" not in helps["clinverify.services.reward_http"]


def _start(module: str, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str, list[str]]:
    """``python -m module --port 0 --workers 0 ARGS`` with no CLINVERIFY_* variables but ``env``;
    returns the process and its URL."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CLINVERIFY_")}
    proc = subprocess.Popen(
        [sys.executable, "-P", "-m", module, "--port", "0", "--workers", "0", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**base, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "listening on" in line or not line:
            break
    m = re.search(r"listening on (\S+):(\d+)", lines[-1])
    if not m:
        proc.kill()
        proc.wait()
        raise AssertionError(f"no address printed: {lines!r}")
    return proc, f"http://{m.group(1)}:{m.group(2)}", lines


def _post(url: str, headers: dict[str, str]) -> int:
    body = json.dumps({"query": [PROMPT + RIGHT], "prompts": [PROMPT], "labels": ["70.71"]}).encode()
    req = urllib.request.Request(url + "/get_reward", data=body, headers={"Content-Type": "application/json", **headers}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        assert exc.headers.get("WWW-Authenticate") == "Bearer"
        return exc.code


@pytest.mark.parametrize("module,via", [(MODULES[0], "flag"), (MODULES[1], "env_file"), (MODULES[1], "env")])
def test_main_requires_the_token_when_configured(module, via, tmp_path):
    tok = tmp_path / "reward.token"
    tok.write_text("s3cret\n")
    args, env = {"flag": (("--auth-token-file", str(tok)), {}), "env_file": ((), {"CLINVERIFY_TOKEN_FILE": str(tok)}), "env": ((), {"CLINVERIFY_TOKEN": "s3cret"})}[via]
    proc, url, lines = _start(module, *args, env=env)
    try:
        assert any("bearer token required" in line for line in lines)
        assert _post(url, {}) == 401
        assert _post(url, {"Authorization": "Bearer wrong"}) == 401
        assert _post(url, {"Authorization": "Bearer s3cret"}) == 200
        with urllib.request.urlopen(url + "/health", timeout=30) as resp:  # probes need no token
            assert resp.status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0


@pytest.mark.parametrize(
    "args,fragment",
    [
        (("--max-connections", "0"), "--max-connections"),
        (("--read-timeout", "0"), "--read-timeout"),
        (("--idle-timeout", "-1"), "--idle-timeout"),
        (("--auth-token-file", "/nonexistent/reward.token"), "No such file"),
        (("--auth-token-file", "EMPTY"), "empty"),
    ],
)
def test_main_rejects_bad_limits_and_token_files(args, fragment, tmp_path):
    empty = tmp_path / "empty.token"
    empty.write_text("\n")
    args = tuple(str(empty) if a == "EMPTY" else a for a in args)
    r = subprocess.run([sys.executable, "-P", "-m", MODULES[0], "--workers", "0", "--port", "0", *args], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and fragment in r.stderr


def test_hardening_options_on_both_commands():
    for m in MODULES:
        text = subprocess.run([sys.executable, "-P", "-m", m, "--help"], capture_output=True, text=True, timeout=60).stdout
        for flag in ("--auth-token-file", "--read-timeout", "--idle-timeout", "--max-connections", "--max-body-mb"):
            assert flag in text, (m, flag)
