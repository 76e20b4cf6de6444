"""``buf lint`` is clean on protos/ (runs when buf is installed: on PATH or in
protos/node_modules/.bin, where .ci/run installs it with npm)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROTOS = Path(__file__).resolve().parents[2] / "protos"


def find_buf() -> str | None:
    local = PROTOS / "node_modules" / ".bin" / "buf"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which("buf")


def test_buf_lint():
    buf = find_buf()
    if buf is None:
        pytest.skip("buf not found on PATH or in protos/node_modules/.bin (install: npm install --no-save --prefix protos @bufbuild/buf)")
    r = subprocess.run([buf, "lint"], cwd=PROTOS, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"buf lint:\n{r.stdout}{r.stderr}"
