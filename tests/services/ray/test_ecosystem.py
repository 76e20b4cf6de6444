"""Fitting the Ray app into its ecosystem, without starting a cluster: an app without the
reasoning model's packages, `--no-model`, `serve build clinverify.services.ray_app:app`, and the
ports and addresses of `clinverify serve --ray`."""

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

yaml = pytest.importorskip("yaml")

from clinverify.clients.cli import build_parser  # noqa: E402
from clinverify.services import ray_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]


def _gateway_reasoner(app):
    """The Reasoner bound into the Gateway (its third init argument), read from the bound graph."""
    calculators, verifier, reasoner, args = app._bound_deployment.init_args
    return reasoner


def _find_spec_without(*absent):
    """find_spec as if every package but ``absent`` were installed (whatever this venv holds)."""

    def find_spec(name, *a, **kw):
        return None if name.split(".")[0] in absent else object()

    return find_spec


def test_reasoning_deps_missing(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("gguf", "torch", "vllm"))
    assert ray_app.reasoning_deps_missing("transformers") == ["torch", "gguf"]
    assert ray_app.reasoning_deps_missing("auto") == ["torch", "gguf"]
    assert ray_app.reasoning_deps_missing("vllm") == ["vllm"]
    assert ray_app.reasoning_deps_missing("none") == []
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("vllm"))
    assert ray_app.reasoning_deps_missing("transformers") == []
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("torch"))
    assert ray_app.reasoning_deps_missing("auto") == []  # vllm


def test_build_app_without_the_models_packages_has_no_reasoner(monkeypatch, caplog):
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("transformers", "torch", "gguf", "vllm"))
    with caplog.at_level(logging.WARNING, logger="clinverify.ray"):
        app = ray_app.build_app({"reasoner_num_gpus": 0})
    assert _gateway_reasoner(app) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "without the Reasoner" in warnings[0].getMessage() and "transformers, torch, gguf" in warnings[0].getMessage()


def test_build_app_with_the_models_packages_has_a_reasoner(monkeypatch, caplog):
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without())
    with caplog.at_level(logging.WARNING, logger="clinverify.ray"):
        app = ray_app.build_app({"reasoner_num_gpus": 0})
    assert _gateway_reasoner(app) is not None
    assert not caplog.records
    assert _gateway_reasoner(ray_app.build_app({"reasoning_backend": "none"})) is None


def _ray_args(*argv):
    return build_parser().parse_args(["serve", "--ray", *argv])


def test_serve_ray_flags_map_to_the_config():
    cfg = ray_app.config_from_args(_ray_args())
    assert cfg["grpc_options"]["port"] == 50051  # --port's default, with or without --ray
    assert cfg["http_options"] == {"host": "127.0.0.1", "port": 8000}
    assert cfg["applications"][0]["args"] == {"max_batch": 4096, "max_trace_chars": 200_000}
    cfg = ray_app.config_from_args(_ray_args("--host", "0.0.0.0", "--port", "9100", "--http-port", "8123", "--no-model"))
    assert cfg["grpc_options"]["port"] == 9100
    assert cfg["http_options"] == {"host": "0.0.0.0", "port": 8123}
    assert cfg["applications"][0]["args"]["reasoning_backend"] == "none"
    assert cfg["grpc_options"]["port"] != 0 and ray_app.config_from_args(_ray_args("--port", "0"))["grpc_options"]["port"] > 0


def test_no_model_with_a_config_drops_the_reasoner():
    cfg = ray_app.config_from_args(_ray_args("--config", str(ROOT / "k8s" / "serve_config.yaml"), "--no-model"))
    (app,) = cfg["applications"]
    assert app["args"]["reasoning_backend"] == "none"
    assert {d["name"] for d in app["deployments"]} == {"Gateway", "Calculators", "Verifier"}  # Serve refuses overrides of absent deployments
    from ray.serve.schema import ServeDeploySchema

    ServeDeploySchema.model_validate(cfg)


def test_missing_packages_are_said_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("torch"))
    ray_app.config_from_args(_ray_args("--config", str(ROOT / "k8s" / "serve_config.cpu.yaml")))
    err = capsys.readouterr().err
    assert "needs torch (not installed): serving without the reasoning model" in err and "--no-model" in err
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without())
    ray_app.config_from_args(_ray_args("--config", str(ROOT / "k8s" / "serve_config.cpu.yaml")))
    assert capsys.readouterr().err == ""


def test_an_old_style_reasoner_entry_is_dropped_without_the_backend(tmp_path, monkeypatch):
    # a user's config that still sets the Reasoner's options under deployments
    cfg = yaml.safe_load((ROOT / "k8s" / "serve_config.cpu.yaml").read_text())
    cfg["applications"][0]["deployments"].append({"name": "Reasoner", "max_ongoing_requests": 32})
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(cfg))
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without("torch"))
    assert "Reasoner" not in {d["name"] for d in ray_app.config_from_args(_ray_args("--config", str(path)))["applications"][0]["deployments"]}
    monkeypatch.setattr(importlib.util, "find_spec", _find_spec_without())
    assert "Reasoner" in {d["name"] for d in ray_app.config_from_args(_ray_args("--config", str(path)))["applications"][0]["deployments"]}


def test_listen_lines_name_the_bound_addresses():
    cfg = ray_app.config_from_args(_ray_args("--port", "9100", "--http-port", "8123"))
    # Ray's gRPC proxy binds all interfaces whatever --host says; HTTP binds --host.
    assert ray_app.listen_lines(cfg) == ["listening on [::]:9100", "http on 127.0.0.1:8123"]
    cfg = ray_app.load_config(ROOT / "k8s" / "serve_config.yaml")
    assert ray_app.listen_lines(cfg) == ["listening on [::]:9000", "http on 0.0.0.0:8000"]


def test_serve_ray_usage_error_paths_take_the_new_flags(tmp_path, capsys):
    assert ray_app.serve_ray(_ray_args("--no-model", "--http-port", "8123", "--tls-cert", "x")) == 2
    assert ray_app.serve_ray(_ray_args("--no-model", "--token-file", str(tmp_path / "absent"))) == 2
    assert capsys.readouterr().err.count("clinverify serve --ray") == 2


def test_module_attribute_app_is_lazy():
    code = "import sys; import clinverify.services.ray_app as m; assert 'app' not in vars(m); print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
    with pytest.raises(AttributeError):
        ray_app.no_such_thing  # noqa: B018


def test_serve_build_accepts_the_app(tmp_path):
    serve = Path(sys.executable).with_name("serve")
    if not serve.exists():
        pytest.skip("Ray's `serve` command is not installed next to this Python")
    out = tmp_path / "config.yaml"
    cmd = [str(serve), "build", "clinverify.services.ray_app:app", "-o", str(out)]
    cmd += [f"--grpc-servicer-functions={f}" for f in ray_app.GRPC_SERVICER_FUNCTIONS]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    cfg = yaml.safe_load(out.read_text())
    (app,) = cfg["applications"]
    assert app["import_path"] == "clinverify.services.ray_app:app"
    assert {"Gateway", "Calculators", "Verifier"} <= {d["name"] for d in app["deployments"]}
    assert cfg["grpc_options"]["grpc_servicer_functions"] == ray_app.GRPC_SERVICER_FUNCTIONS
    from ray.serve.schema import ServeDeploySchema

    ServeDeploySchema.model_validate(cfg)
