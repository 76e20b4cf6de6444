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

    assert len(gRPCOptions(grpc_servicer_functions=ray_app.GRPC_SERVICER_FUNCTIONS).grpc_servicer_func_callable) == 5


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


# -- `serve run k8s/serve_config*.yaml`: the controller's build and override steps, offline -----------


def _deploy_offline(cfg: dict):
    """What Serve's controller does with a config's application (``build_serve_application``,
    then ``override_deployment_info``), run here without a cluster: import the builder from the
    import path, call it with the args, build the deployments and apply the config's per-deployment
    options. Returns {deployment name: DeploymentInfo}."""
    from ray._common.utils import import_attr
    from ray.serve._private.api import call_user_app_builder_with_args_if_necessary
    from ray.serve._private.application_state import override_deployment_info
    from ray.serve._private.build_app import build_app
    from ray.serve._private.deploy_utils import deploy_args_to_deployment_info, get_deploy_args

    (app_cfg,) = ServeDeploySchema.model_validate(cfg).applications
    app = call_user_app_builder_with_args_if_necessary(import_attr(app_cfg.import_path), app_cfg.args)
    built = build_app(app, name=app_cfg.name, default_runtime_env={})
    infos = {}
    for d in built.deployments:
        ingress = d.name == built.ingress_deployment_name
        kw = get_deploy_args(name=d.name, replica_config=d._replica_config, ingress=ingress, deployment_config=d._deployment_config,
                             version="v1", route_prefix="/" if ingress else None)
        infos[d.name] = deploy_args_to_deployment_info(**kw, app_name=app_cfg.name)
    return override_deployment_info(infos, app_cfg)


def _config(name: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / "k8s" / name).read_text())


@pytest.mark.parametrize("name", ["serve_config.yaml", "serve_config.cpu.yaml"])
def test_serve_run_config_without_the_model_backend(name, monkeypatch):
    monkeypatch.setattr(ray_app, "reasoning_deps_missing", lambda backend: ["torch", "gguf"])  # [serve] alone
    infos = _deploy_offline(_config(name))
    assert set(infos) == {"Gateway", "Calculators", "Verifier"}  # no Reasoner: ReasoningService NOT_SERVING
    assert infos["Verifier"].deployment_config.autoscaling_config.max_replicas == 32  # the config's options applied
    assert not any(i.replica_config.ray_actor_options.get("num_gpus") for i in infos.values())


@pytest.mark.parametrize(("name", "gpus"), [("serve_config.yaml", 1), ("serve_config.cpu.yaml", 0)])
def test_serve_run_config_with_the_model_backend(name, gpus, monkeypatch):
    monkeypatch.setattr(ray_app, "reasoning_deps_missing", lambda backend: [])  # [llm] installed
    reasoner = _deploy_offline(_config(name))["Reasoner"]
    assert reasoner.replica_config.ray_actor_options["num_gpus"] == gpus
    assert reasoner.replica_config.ray_actor_options["num_cpus"] == 2
    assert reasoner.deployment_config.max_ongoing_requests == 32
    assert (reasoner.deployment_config.autoscaling_config.min_replicas, reasoner.deployment_config.autoscaling_config.max_replicas) == (1, 4)


def test_a_reasoner_entry_under_deployments_is_refused_without_the_backend(monkeypatch):
    # why the Reasoner's options are app arguments: Serve refuses options for a deployment the app lacks
    monkeypatch.setattr(ray_app, "reasoning_deps_missing", lambda backend: ["torch"])
    cfg = _config("serve_config.cpu.yaml")
    cfg["applications"][0]["deployments"].append({"name": "Reasoner", "max_ongoing_requests": 32})
    with pytest.raises(ValueError, match="Deployment 'Reasoner' does not exist"):
        _deploy_offline(cfg)


def test_reasoner_deployment_options_are_checked():
    ray_app.AppArgs(reasoner_deployment={"num_replicas": 2, "ray_actor_options": {"memory": 2**30}})
    for bad, needle in [
        ({"num_gpus": 1}, "reasoner_deployment"),  # not a deployment option
        ({"ray_actor_options": {"num_gpus": 1}}, "reasoner_num_gpus"),
        ({"ray_actor_options": {"num_cpus": 4}}, "reasoner_num_cpus"),
        ({"name": "Other"}, "reasoner_deployment.name"),
        ({"max_ongoing_requests": -1}, "reasoner_deployment"),
    ]:
        with pytest.raises(ValueError, match=needle):
            ray_app.build_app({"reasoning_backend": "none", "reasoner_deployment": bad})
