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
