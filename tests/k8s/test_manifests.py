"""Offline validation of k8s/: KubeRay custom resources against their CRD schemas, built-in kinds
with kubernetes-validate, and the embedded Serve config against Ray's own ServeDeploySchema."""

import os
import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
SCHEMAS = Path(os.environ.get("CLINVERIFY_K8S_SCHEMAS", ROOT.parent / "shared" / "k8s-schemas"))
K8S_VERSION = "1.33.0"


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _all_docs() -> list[tuple[str, dict]]:
    out = []
    for p in sorted(K8S.rglob("*.yaml")):
        if p.name.startswith("serve_config"):  # Serve configs, not Kubernetes objects
            continue
        out += [(f"{p.relative_to(ROOT)}:{d['kind']}/{d['metadata']['name']}", d) for d in _docs(p)]
    return out


DOCS = _all_docs()
CUSTOM = {("ray.io/v1", "RayService"): "ray.io_rayservices.yaml", ("ray.io/v1", "RayCluster"): "ray.io_rayclusters.yaml"}


def _crd_schema(filename: str, version: str) -> dict:
    if not (SCHEMAS / filename).is_file():
        pytest.skip(f"KubeRay CRD schemas not found in {SCHEMAS} (set CLINVERIFY_K8S_SCHEMAS)")
    crd = yaml.safe_load((SCHEMAS / filename).read_text())
    return next(v["schema"]["openAPIV3Schema"] for v in crd["spec"]["versions"] if v["name"] == version)


def _int_or_string(schema):
    """CRD schemas mark quantities `x-kubernetes-int-or-string` without a type: let jsonschema
    accept both (as the API server does)."""
    if isinstance(schema, dict):
        if schema.get("x-kubernetes-int-or-string"):
            schema = {**schema, "anyOf": [{"type": "integer"}, {"type": "string"}]}
            schema.pop("pattern", None)
        return {k: _int_or_string(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_int_or_string(v) for v in schema]
    return schema


def test_manifests_exist():
    kinds = {d["kind"] for _, d in DOCS}
    assert {"RayService", "Deployment", "Service", "HorizontalPodAutoscaler", "Ingress", "PodDisruptionBudget"} <= kinds


def _unknown_fields(doc, schema, path="") -> list[str]:
    """Fields the schema does not declare (the API server would prune them silently;
    `kubectl apply --validate=strict` rejects them): catches misspelt keys."""
    out = []
    if isinstance(doc, dict) and isinstance(schema, dict):
        if schema.get("x-kubernetes-preserve-unknown-fields"):
            return out
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for k, v in doc.items():
            if props is not None and k in props:
                out += _unknown_fields(v, props[k], f"{path}/{k}")
            elif isinstance(extra, dict):
                out += _unknown_fields(v, extra, f"{path}/{k}")
            elif props is not None and k not in ("apiVersion", "kind", "metadata"):
                out.append(f"{path}/{k}")
    elif isinstance(doc, list) and isinstance(schema, dict) and "items" in schema:
        for i, v in enumerate(doc):
            out += _unknown_fields(v, schema["items"], f"{path}/{i}")
    return out


CUSTOM_DOCS = [x for x in DOCS if (x[1]["apiVersion"], x[1]["kind"]) in CUSTOM]
BUILTIN_DOCS = [x for x in DOCS if (x[1]["apiVersion"], x[1]["kind"]) not in CUSTOM]


@pytest.mark.parametrize("name,doc", CUSTOM_DOCS, ids=[n for n, _ in CUSTOM_DOCS])
def test_custom_resources_match_the_crd_schema(name, doc):
    jsonschema = pytest.importorskip("jsonschema")
    schema = _int_or_string(_crd_schema(CUSTOM[(doc["apiVersion"], doc["kind"])], doc["apiVersion"].split("/")[1]))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:10])
    assert not _unknown_fields(doc, schema), _unknown_fields(doc, schema)


def test_crd_schema_catches_mistakes():
    jsonschema = pytest.importorskip("jsonschema")
    doc = next(d for _, d in DOCS if d["kind"] == "RayService")
    schema = _int_or_string(_crd_schema("ray.io_rayservices.yaml", "v1"))
    bad = yaml.safe_load(yaml.safe_dump(doc))
    bad["spec"]["rayClusterConfig"]["workerGroupSpecs"][0]["minReplicas"] = "two"
    del bad["spec"]["rayClusterConfig"]["headGroupSpec"]["template"]
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(bad))) >= 2
    typo = yaml.safe_load(yaml.safe_dump(doc))
    typo["spec"]["rayClusterConfig"]["workerGroupSpecs"][1]["template"]["spec"]["containers"][0]["resource"] = {}
    assert _unknown_fields(typo, schema) == ["/spec/rayClusterConfig/workerGroupSpecs/1/template/spec/containers/0/resource"]


@pytest.mark.parametrize("name,doc", BUILTIN_DOCS, ids=[n for n, _ in BUILTIN_DOCS])
def test_builtin_kinds_validate(name, doc):
    kv = pytest.importorskip("kubernetes_validate")
    kv.validate(doc, K8S_VERSION, strict=True)  # strict: unknown fields are errors


def test_kubernetes_validate_is_strict():
    kv = pytest.importorskip("kubernetes_validate")
    dep = yaml.safe_load(yaml.safe_dump(next(d for _, d in DOCS if d["kind"] == "Deployment")))
    dep["spec"]["template"]["spec"]["containers"][0]["resource"] = {}
    with pytest.raises(kv.ValidationError):
        kv.validate(dep, K8S_VERSION, strict=True)


def test_rayservice_shape():
    rs = next(d for _, d in DOCS if d["kind"] == "RayService")
    rc = rs["spec"]["rayClusterConfig"]
    groups = {g["groupName"]: g for g in rc["workerGroupSpecs"]}
    assert set(groups) == {"cpu", "gpu"}
    gpu = groups["gpu"]["template"]["spec"]["containers"][0]["resources"]
    assert gpu["limits"]["nvidia.com/gpu"] == 1
    assert "nvidia.com/gpu" not in groups["cpu"]["template"]["spec"]["containers"][0]["resources"].get("limits", {})
    pods = [rc["headGroupSpec"]["template"]["spec"]] + [g["template"]["spec"] for g in groups.values()]
    for pod in pods:
        c = pod["containers"][0]
        assert "readinessProbe" in c and "livenessProbe" in c
        assert any(m["mountPath"] == "/etc/clinverify/token" for m in c["volumeMounts"])
        assert any(v.get("secret", {}).get("secretName") == "clinverify-token" for v in pod["volumes"])
    ports = {p["name"]: p["port"] for p in rs["spec"]["serveService"]["spec"]["ports"]}
    assert ports == {"http": 8000, "grpc": 9000}


def test_serve_config_v2_is_the_serve_config_file():
    rs = next(d for _, d in DOCS if d["kind"] == "RayService")
    assert yaml.safe_load(rs["spec"]["serveConfigV2"]) == yaml.safe_load((K8S / "serve_config.yaml").read_text())


SERVE_CONFIGS = sorted(p.name for p in K8S.glob("serve_config*.yaml"))


def test_serve_configs_exist():
    assert SERVE_CONFIGS == ["serve_config.cpu.yaml", "serve_config.yaml"]


@pytest.mark.parametrize("filename", SERVE_CONFIGS)
def test_serve_config_matches_rays_schema(filename):
    pytest.importorskip("ray.serve", reason="needs the [serve] extra to check against ServeDeploySchema")
    from ray.serve.schema import ServeDeploySchema

    from clinverify.services import ray_app

    cfg = ServeDeploySchema.model_validate(yaml.safe_load((K8S / filename).read_text()))
    assert cfg.grpc_options.grpc_servicer_functions == ray_app.GRPC_SERVICER_FUNCTIONS
    (app,) = cfg.applications
    assert app.import_path == "clinverify.services.ray_app:build_app"
    ray_app.AppArgs(**app.args)  # the args are ones build_app accepts
    names = {d.name for d in app.deployments}
    # the Reasoner's options are app arguments: the config never names a deployment that the app
    # leaves out without the model backend (Serve would refuse the config)
    assert names == {"Gateway", "Calculators", "Verifier"}
    assert app.args["reasoner_num_gpus"] == (0 if filename == "serve_config.cpu.yaml" else 1)
    assert app.args["reasoner_deployment"]["autoscaling_config"]["min_replicas"] >= 1
    for d in app.deployments:
        if d.name in ("Calculators", "Verifier"):
            assert d.autoscaling_config["max_replicas"] > d.autoscaling_config["min_replicas"]


def test_standalone_deployment_wires_tls_and_token():
    dep = next(d for _, d in DOCS if d["kind"] == "Deployment")
    c = dep["spec"]["template"]["spec"]["containers"][0]
    args = " ".join(c["args"])
    for flag in ("--tls-cert=/etc/clinverify/tls/tls.crt", "--tls-key=/etc/clinverify/tls/tls.key", "--token-file=/etc/clinverify/token/token"):
        assert flag in args
    secrets = {v["secret"]["secretName"] for v in dep["spec"]["template"]["spec"]["volumes"] if "secret" in v}
    assert secrets == {"clinverify-tls", "clinverify-token"}
    hpa = next(d for _, d in DOCS if d["kind"] == "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"]
    svc = next(d for _, d in DOCS if d["kind"] == "Service")
    assert svc["spec"]["selector"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()


def _gpu_requests(node, path=""):
    """Every GPU request in a Serve config: num_gpus / reasoner_num_gpus other than 0."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("num_gpus", "reasoner_num_gpus") and v not in (0, 0.0):
                out.append(f"{path}/{k}={v}")
            out += _gpu_requests(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _gpu_requests(v, f"{path}/{v.get('name', i) if isinstance(v, dict) else i}")
    return out


def test_gpu_config_needs_a_gpu_and_cpu_config_needs_none():
    gpu = yaml.safe_load((K8S / "serve_config.yaml").read_text())
    cpu = yaml.safe_load((K8S / "serve_config.cpu.yaml").read_text())
    # The GPU profile: the Reasoner (min_replicas 1) asks for a GPU, so it cannot schedule on a
    # CPU-only cluster; that is what the CPU profile is for.
    reasoner = gpu["applications"][0]["args"]
    assert reasoner["reasoner_deployment"]["autoscaling_config"]["min_replicas"] >= 1 and reasoner["reasoner_num_gpus"] == 1
    assert _gpu_requests(cpu) == []
    assert cpu["applications"][0]["args"]["device"] == "cpu"
    assert cpu["applications"][0]["args"]["reasoning_backend"] != "vllm"
    # Otherwise the same: the CPU profile cannot drift from the cluster profile.
    for c in (gpu, cpu):
        app = c["applications"][0]
        for k in ("reasoning_backend", "device", "reasoner_num_gpus"):
            app["args"].pop(k)
    assert cpu == gpu


def test_cpu_serve_config_builds_an_app_without_gpus(monkeypatch):
    pytest.importorskip("ray.serve", reason="needs the [serve] extra")
    from clinverify.services import ray_app

    monkeypatch.setattr(ray_app, "reasoning_deps_missing", lambda backend: [])  # as where [llm] is installed
    cpu = yaml.safe_load((K8S / "serve_config.cpu.yaml").read_text())
    app = ray_app.build_app(cpu["applications"][0]["args"])
    reasoner = app._bound_deployment.init_args[2]  # Gateway(calculators, verifier, reasoner, args)
    assert reasoner._bound_deployment.ray_actor_options == {"num_gpus": 0, "num_cpus": 2}
    assert reasoner._bound_deployment._deployment_config.max_ongoing_requests == 32
    assert reasoner._bound_deployment._deployment_config.autoscaling_config.max_replicas == 4
    assert reasoner._bound_deployment.init_args == ("transformers", "default", "cpu")


# -- what a real cluster needs from the pods: the token readable by the image's user, /dev/shm ------

RAY_UID = 1000  # the Dockerfile's USER (and Ray's own images')


def _ray_pods() -> list[tuple[str, dict]]:
    rc = next(d for _, d in DOCS if d["kind"] == "RayService")["spec"]["rayClusterConfig"]
    return [("head", rc["headGroupSpec"]["template"]["spec"])] + [(g["groupName"], g["template"]["spec"]) for g in rc["workerGroupSpecs"]]


def _readable(pod: dict, volume: dict) -> bool:
    """Whether the pod's user can read a file of a secret volume: kubelet writes it owned by root,
    group fsGroup (when set), with defaultMode (0644 when unset)."""
    sc = pod.get("securityContext", {})
    uid = sc.get("runAsUser", 0)
    groups = {sc.get("runAsGroup", 0), *(sc.get("supplementalGroups") or [])}
    mode = volume["secret"].get("defaultMode", 0o644)
    if uid == 0:
        return True
    if mode & 0o040 and "fsGroup" in sc and sc["fsGroup"] in groups | {sc["fsGroup"]}:
        return True  # fsGroup is always one of the process's groups
    return bool(mode & 0o004)


def test_readable_models_kubelet():
    pod = {"securityContext": {"runAsUser": 1000}}
    assert not _readable(pod, {"secret": {"defaultMode": 0o400}})  # the old manifests
    assert _readable({"securityContext": {"runAsUser": 1000, "fsGroup": 1000}}, {"secret": {"defaultMode": 0o440}})
    assert _readable(pod, {"secret": {}})  # 0644 default: world-readable


@pytest.mark.parametrize("group,pod", _ray_pods(), ids=[f"{g}-pod" for g, _ in _ray_pods()])
def test_ray_pods_run_as_the_image_user_and_can_read_the_token(group, pod):
    sc = pod["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["runAsUser"] == RAY_UID and "fsGroup" in sc
    token = next(v for v in pod["volumes"] if v.get("secret", {}).get("secretName") == "clinverify-token")
    assert _readable(pod, token)
    assert token["secret"]["defaultMode"] & 0o007 == 0, "the token must not be world-readable"
    assert any(m["name"] == token["name"] and m.get("readOnly") for m in pod["containers"][0]["volumeMounts"])


@pytest.mark.parametrize("group,pod", _ray_pods(), ids=[f"{g}-pod" for g, _ in _ray_pods()])
def test_ray_pods_mount_a_memory_backed_dev_shm(group, pod):
    c = pod["containers"][0]
    mount = next((m for m in c["volumeMounts"] if m["mountPath"] == "/dev/shm"), None)
    assert mount is not None, f"{group}: no /dev/shm (Ray's object store falls back to the 64 MB default)"
    vol = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert vol["emptyDir"]["medium"] == "Memory"

    def gib(q: str) -> float:
        return float(q[:-2]) if q.endswith("Gi") else float(q[:-2]) / 1024

    shm, mem = gib(vol["emptyDir"]["sizeLimit"]), gib(c["resources"]["limits"]["memory"])
    assert 0.25 * mem <= shm <= 0.5 * mem, (group, shm, mem)  # Ray's object store: 30 % of memory


def test_standalone_pod_can_read_its_secrets():
    dep = next(d for _, d in DOCS if d["kind"] == "Deployment")
    pod = dep["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == RAY_UID and pod["securityContext"]["runAsNonRoot"] is True
    for v in pod["volumes"]:
        if "secret" in v:
            assert _readable(pod, v) and v["secret"]["defaultMode"] & 0o007 == 0, v["name"]


def test_images_are_the_dockerfiles():
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    image = f"ghcr.io/clinverify/clinverify:{version}"
    cpu, llm_cpu, cuda = image, f"{image}-llm-cpu", f"{image}-cuda"
    # Ray pods: the model backend wherever the app is built (head) or the Reasoner may run
    for group, pod in _ray_pods():
        assert pod["containers"][0]["image"] == (cuda if group == "gpu" else llm_cpu), group
    dep = next(d for _, d in DOCS if d["kind"] == "Deployment")
    assert dep["spec"]["template"]["spec"]["containers"][0]["image"] == cpu
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"--target cpu  -t {cpu} " in dockerfile and f"--target cuda -t {cuda} " in dockerfile
    assert f"--target cpu  -t {llm_cpu} --build-arg EXTRAS=serve,llm-cpu " in dockerfile
