"""The examples in README.md run: every ```python block (in a fresh interpreter, with the names
the prose says are given: ``entities``, ``trace``, ``note``) and every ``clinverify calc`` /
``clinverify verify`` command line of the ```bash blocks (in a folder holding the example
inputs they name). Set-up lines (make, pip) and long-running servers are not run here; the
server has its own tests."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(python|bash)\n(.*?)^```", re.S | re.M)
BLOCKS = [(m.group(1), m.group(2), README[: m.start()].count("\n") + 1) for m in FENCE.finditer(README)]
PY = [(code, line) for lang, code, line in BLOCKS if lang == "python"]
CMDS = [
    (cmd, line)
    for lang, code, line in BLOCKS
    if lang == "bash"
    for cmd in (c.split("  #")[0].strip() for c in code.splitlines())
    if re.match(r"(clinverify|verify) (calc|verify)\b", cmd)
]

_EXAMPLE = json.loads((ROOT / "examples" / "traces.jsonl").read_text(encoding="utf-8").splitlines()[1])
PREAMBLE = f"""
entities = {_EXAMPLE["entities"]!r}
trace = {_EXAMPLE["trace"]!r}
note = "A 72-year-old woman, 59 kg, 160 cm; serum creatinine 1.3 mg/dL."
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def test_readme_has_examples():
    assert len(PY) >= 2 and len(CMDS) >= 4


@pytest.mark.parametrize(("code", "line"), PY, ids=[f"python-line{line}" for _, line in PY])
def test_python_block_runs(code, line, tmp_path):
    r = subprocess.run([sys.executable, "-P", "-c", PREAMBLE + code], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=_env())
    assert r.returncode == 0, f"README.md line {line}:\n{r.stderr[-2000:]}"


@pytest.mark.parametrize(("cmd", "line"), CMDS, ids=[f"line{line}-{c.split()[1]}-{i}" for i, (c, line) in enumerate(CMDS)])
def test_command_runs(cmd, line, tmp_path):
    shutil.copy(ROOT / "examples" / "rows.jsonl", tmp_path / "rows.jsonl")
    shutil.copy(ROOT / "examples" / "traces.jsonl", tmp_path / "traces.jsonl")
    r = subprocess.run(shlex.split(cmd), cwd=tmp_path, capture_output=True, text=True, timeout=120, env=_env())
    assert r.returncode == 0, f"README.md line {line}: {cmd}\nrc={r.returncode}\n{r.stderr[-2000:]}"
    assert "Traceback" not in r.stderr
    wrote = [p for p in tmp_path.iterdir() if p.name not in ("rows.jsonl", "traces.jsonl")]
    assert r.stdout.strip() or wrote, f"README.md line {line}: {cmd} printed and wrote nothing"
