"""serve_ray's config handling and the app builder (no cluster started)."""

import argparse
from pathlib import Path

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

from ray.serve.schema import ServeDeploySchema  # noqa: E402

from clinverify.services import ray_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]


def test_default_config_is_a_valid_serve_config():
    cfg = ray_app.default_config(9100, 8100, app_args={"model": "default"})
    schema = ServeDeploySchema.model_validate(cfg)
    assert schema.grpc_options.port == 9100
    assert schema.grpc_options.grpc_servicer_functions == ray_app.GRPC_SERVICER_FUNCTIONS
    assert schema.applications[0].import_path == "clinverify.services.ray_app:build_app"


def test_servicer_functions_are_importable():
    from ray.serve.config import gRPCOptions

    assert len(gRPCOptions(grpc_servicer_functions=ray_app.GRPC_SERVICER_FUNCTIONS).grpc_servicer_func_callable) == 4


def test_build_app_args_are_validated():
    ray_app.build_app({"reasoning_backend": "none"})
    with pytest.raises(ValueError):
        ray_app.build_app({"max_n": "many"})


def test_serve_ray_usage_errors_exit_2(tmp_path, capsys):
    assert ray_app.serve_ray(argparse.Namespace(config=str(tmp_path / "missing.yaml"))) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("applications: 3\n")
    assert ray_app.serve_ray(argparse.Namespace(config=str(bad))) == 2
    assert ray_app.serve_ray(argparse.Namespace(token_file=str(tmp_path / "no-token"))) == 2
    assert "clinverify serve --ray" in capsys.readouterr().err
