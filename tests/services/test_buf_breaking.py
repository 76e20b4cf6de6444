"""``buf breaking`` on protos/ against the previous version of the protos (rules: ``breaking:`` in
protos/buf.yaml, FILE), and proof that the check bites: a copy with one field renumbered fails.

The baseline is the parent of the last commit that changed ``protos/clinverify`` (the .proto
sources), taken with ``git archive``: the working tree is compared with the protos as they were
before the latest change, so that change and any uncommitted edit are both checked. Runs when buf
is installed (see test_buf_lint.py) and git history is available (CI clones have it); skips with
the reason otherwise. An intended breaking change means a new package (``clinverify.api.v2``),
not an edit of v1.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROTOS = ROOT / "protos"
SOURCES = "protos/clinverify"
# A field line: `[repeated|optional] Type name = N;` (with or without options).
FIELD = re.compile(r"^(\s+(?:repeated |optional )?[\w.]+ \w+ = )(\d+)(.*;)$", re.M)


def find_buf() -> str | None:
    local = PROTOS / "node_modules" / ".bin" / "buf"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which("buf")


def _git(*args: str, binary: bool = False):
    r = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=60)
    if r.returncode != 0:
        return None
    return r.stdout if binary else r.stdout.decode().strip()


def _baseline(tmp: Path) -> tuple[str, Path]:
    """(revision, directory) of the protos before the last commit that changed them; skips when
    git or the history is not there."""
    if shutil.which("git") is None:
        pytest.skip("git not found")
    if _git("rev-parse", "--is-inside-work-tree") != "true":
        pytest.skip(f"{ROOT} is not a git work tree (no history to compare the protos with)")
    last = _git("log", "-1", "--format=%H", "--", SOURCES)
    if not last:
        pytest.skip(f"no commit in the history changes {SOURCES} (shallow clone?)")
    rev = f"{last}~1"
    if _git("cat-file", "-e", f"{rev}:protos/buf.yaml") is None:
        pytest.skip(f"no previous version of the protos: {last[:12]} has no parent with protos/buf.yaml (first version, or a shallow clone)")
    archive = _git("archive", "--format=tar", rev, "protos/buf.yaml", SOURCES, binary=True)
    assert archive, f"git archive {rev} failed"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
    return rev, tmp / "protos"


def _breaking(buf: str, module: Path, against: Path) -> subprocess.CompletedProcess:
    return subprocess.run([buf, "breaking", str(module), "--against", str(against)], capture_output=True, text=True, timeout=120)


def _renumber_a_field(module: Path, baseline: Path) -> str:
    """Renumber, in the .proto files under ``module``, one field that the baseline has too; returns
    a description of the change."""
    for path in sorted(module.rglob("*.proto")):
        old = baseline / path.relative_to(module)
        if not old.is_file():
            continue
        before = old.read_text()
        text = path.read_text()
        used = {int(n) for _, n, _ in FIELD.findall(text)}
        for m in FIELD.finditer(text):
            if m.group(0) in before:
                new_number = max(used) + 1000
                path.write_text(text[: m.start()] + f"{m.group(1)}{new_number}{m.group(3)}" + text[m.end() :])
                return f"{path.relative_to(module)}: {m.group(0).strip()} -> = {new_number}"
    pytest.fail("found no field shared by the protos and the baseline to renumber")


def test_buf_breaking(tmp_path):
    buf = find_buf()
    if buf is None:
        pytest.skip("buf not found on PATH or in protos/node_modules/.bin (install: npm install --no-save --prefix protos @bufbuild/buf)")
    rev, baseline = _baseline(tmp_path / "baseline")

    r = _breaking(buf, PROTOS, baseline)
    assert r.returncode == 0, f"buf breaking protos --against {rev}:\n{r.stdout}{r.stderr}"

    # The same check on a copy with one field renumbered must fail (buf exits 100 on findings),
    # so the comparison above cannot pass vacuously.
    broken = tmp_path / "broken" / "protos"
    shutil.copytree(PROTOS, broken, ignore=shutil.ignore_patterns("node_modules", "gen"))
    change = _renumber_a_field(broken, baseline)
    r = _breaking(buf, broken, baseline)
    assert r.returncode == 100, f"buf breaking missed a renumbered field ({change}): rc {r.returncode}\n{r.stdout}{r.stderr}"
    assert re.search(r'Previously present field "\d+" with name "\w+" on message "\w+" was deleted', r.stdout), r.stdout + r.stderr
