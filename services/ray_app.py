"""The clinverify API on Ray Serve (extra ``[serve]``): scale-out deployment of the same gRPC API.

Deployments, composed with deployment handles::

    Gateway (ingress: gRPC methods + HTTP routes, auth)        services/ray_gateway.py
      ├── Calculators  CPU, autoscaling      Compute, ComputeBatch    services/ray_deployments.py
      ├── Verifier     CPU, autoscaling      Verify, VerifyBatch (chunks fan out over replicas),
      │                                      VerifyStream, candidate verification, RL rewards
      └── Reasoner     1 GPU if present, else CPU; transformers or vLLM   Generate, GenerateAndVerify

The Gateway runs the standalone server's service cores over the deployments (``RayExecutor``),
so both servers answer every RPC, error and health check alike. This module builds the
application (``build_app``, ``import_path: clinverify.services.ray_app:build_app``) and runs it
(``serve_ray``, ``clinverify serve --ray``); ``app`` (``import_path: clinverify.services.ray_app:app``, e.g.
for ``serve build``) is ``build_app()`` with the default arguments, built on first access.

When the reasoning backend's packages are not installed (the ``[serve]`` extra alone: no
transformers/torch/gguf, or no vllm for ``vllm``), ``build_app`` deploys without the Reasoner:
ReasoningService answers UNIMPLEMENTED and health reports it NOT_SERVING, as the standalone
server does without a model.

gRPC: Ray Serve's gRPC proxy (``grpc_options``) routes each method by name to the ingress; the
single ``clinverify`` application needs no ``application`` metadata. Server reflection (v1 and
v1alpha) is answered by the proxy itself (``ray_reflection.py``, the last servicer function). HTTP: ``POST /reward``
(OpenRLHF's remote reward protocol; alias ``/get_reward``) and ``GET /healthz``.

Authentication happens inside the Gateway: when a token is configured (``CLINVERIFY_TOKEN`` or
``CLINVERIFY_TOKEN_FILE`` in the replica's environment, or the ``token_file`` app argument),
every call must carry ``authorization: Bearer <token>`` (gRPC metadata or HTTP header); health
checks are exempt. Ray's gRPC proxy has neither TLS nor interceptors: terminate TLS in front
of it (ingress controller, Envoy, a cloud load balancer; see docs/scale-out.md).

Run: ``clinverify serve --ray [--config k8s/serve_config.yaml]`` (``serve_ray``), or
``serve run k8s/serve_config.yaml``, or in Python ``serve.run(build_app({...}))``.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

import importlib.util
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

try:
    from ray import serve
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError("the Ray Serve app needs the [serve] extra: pip install 'clinverify[serve]'") from _exc

from clinverify.services.auth import load_token
from clinverify.services.ray_deployments import Calculators, Reasoner, Verifier
from clinverify.services.ray_gateway import AppArgs, Gateway

__all__ = ["APP_NAME", "AppArgs", "GRPC_SERVICER_FUNCTIONS", "build_app", "default_config", "reasoning_deps_missing", "serve_ray", "wait_running"]

log = logging.getLogger("clinverify.ray")

APP_NAME = "clinverify"
GRPC_SERVICER_FUNCTIONS = [
    "clinverify.api.v1.calculator_pb2_grpc.add_CalculatorServiceServicer_to_server",
    "clinverify.api.v1.verifier_pb2_grpc.add_VerifierServiceServicer_to_server",
    "clinverify.api.v1.reasoning_pb2_grpc.add_ReasoningServiceServicer_to_server",
    "grpc_health.v1.health_pb2_grpc.add_HealthServicer_to_server",
    # last: reflection v1 and v1alpha in the proxy itself, advertising the services above (ray_reflection.py)
    "clinverify.services.ray_reflection.add_reflection_to_server",
]
DEFAULT_GRPC_PORT = 50051  # `clinverify serve --port`'s default, with or without --ray (k8s/ uses 9000)
DEFAULT_HTTP_PORT = 8000
DEFAULT_DEPLOY_TIMEOUT = 300.0  # seconds for the app to come up (`--deploy-timeout`); loading a model takes minutes
GRPC_BIND_HOST = "[::]"  # Ray's gRPC proxy binds all interfaces; it has no host option
REASONING_DEPS = {"transformers": ("transformers", "torch", "gguf"), "vllm": ("vllm",)}


# -- application builder -----------------------------------------------------------------------------


def _cluster_has_gpu() -> bool:
    try:
        import ray

        if ray.is_initialized():
            return ray.cluster_resources().get("GPU", 0) > 0
    except Exception:
        pass
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:
        return False


def reasoning_deps_missing(backend: str) -> list[str]:
    """The packages ``backend`` needs that are not installed (found with importlib.util.find_spec,
    nothing imported). ``auto``: vllm, else transformers' packages; ``none``: nothing."""
    backend = backend.lower()
    if backend == "none":
        return []
    if backend == "auto":
        if importlib.util.find_spec("vllm") is not None:
            return []
        backend = "transformers"
    return [m for m in REASONING_DEPS.get(backend, ()) if importlib.util.find_spec(m) is None]


def build_app(args: Mapping[str, Any] | None = None):
    """The Serve application (``import_path: clinverify.services.ray_app:build_app``).

    Without the reasoning backend's packages the app has no Reasoner (one warning logged). The
    Reasoner's deployment options come from the ``reasoner_*`` arguments (``reasoner_deployment``:
    autoscaling, max_ongoing_requests, ...), so a config file never names a deployment the app may
    not have: ``serve run k8s/serve_config.yaml`` works with or without the model backend."""
    a = AppArgs(**dict(args or {}))
    reasoner = None
    missing = reasoning_deps_missing(a.reasoning_backend)
    if missing:
        log.warning(
            "reasoning backend %r needs %s, which %s not installed: deploying without the Reasoner "
            "(ReasoningService answers UNIMPLEMENTED; install 'clinverify[llm-cpu]' (CPU) or 'clinverify[llm]' (CUDA) for transformers or vllm for vllm, "
            "or set reasoning_backend: none / --no-model to silence this)",
            a.reasoning_backend, ", ".join(missing), "is" if len(missing) == 1 else "are",
        )
    elif a.reasoning_backend.lower() != "none":
        gpus = a.reasoner_num_gpus
        gpus = (1 if _cluster_has_gpu() else 0) if str(gpus).lower() == "auto" else float(gpus)
        device = a.device
        if device == "auto" and not gpus:
            device = "cpu"
        opts = dict(a.reasoner_deployment)
        actor = {**(opts.pop("ray_actor_options", None) or {}), "num_gpus": gpus, "num_cpus": a.reasoner_num_cpus}
        reasoner = Reasoner.options(ray_actor_options=actor, **opts).bind(a.reasoning_backend, a.model, device)
    verifier = Verifier if a.verifier_replicas is None else Verifier.options(num_replicas=a.verifier_replicas, autoscaling_config=None)
    return Gateway.bind(Calculators.bind(), verifier.bind(), reasoner, a.model_dump())


def __getattr__(name: str):
    """``app``: ``build_app()`` with the default arguments, built on first access (so that
    ``serve build clinverify.services.ray_app:app`` works and importing this module builds nothing)."""
    if name == "app":
        value = globals()["app"] = build_app()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- `clinverify serve --ray` -----------------------------------------------------------------------


def default_config(grpc_port: int = DEFAULT_GRPC_PORT, http_port: int = DEFAULT_HTTP_PORT, host: str = "127.0.0.1", app_args: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Serve config ``serve_ray`` deploys when no ``--config`` is given."""
    return {
        "proxy_location": "EveryNode",
        "http_options": {"host": host, "port": http_port},
        # Ray's own reflection is v1alpha only; ours (the last servicer function) serves v1 and v1alpha
        "grpc_options": {"port": grpc_port, "grpc_servicer_functions": list(GRPC_SERVICER_FUNCTIONS), "enable_reflection": False},
        "applications": [{"name": APP_NAME, "route_prefix": "/", "import_path": "clinverify.services.ray_app:build_app", "args": dict(app_args or {})}],
    }


def load_config(path: str | os.PathLike) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    if not isinstance(cfg, dict):
        raise ValueError(f"{path}: expected a Serve config (YAML mapping)")
    return cfg


def _free_port(host: str = "127.0.0.1") -> int:
    import socket

    with socket.socket() as s:
        s.bind((host if host not in ("0.0.0.0", "::") else "", 0))
        return s.getsockname()[1]


def config_from_args(args: Any) -> dict[str, Any]:
    """The Serve config ``serve_ray`` deploys for ``args`` (see ``serve_ray``); raises OSError or
    ValueError for a usage error. A gRPC port of 0 is replaced by a free one."""

    def g(name: str, default: Any = None) -> Any:
        v = getattr(args, name, None)
        return default if v is None else v

    host = g("host", "127.0.0.1")
    if g("config"):
        # The config file is authoritative for ports, host and deployments.
        cfg = load_config(g("config"))
        if g("no_model"):
            for app in _our_apps(cfg):
                app["args"] = {**(app.get("args") or {}), "reasoning_backend": "none"}
    else:
        app_args: dict[str, Any] = {}
        if g("model"):
            app_args["model"] = g("model")
        if g("backend"):
            app_args["reasoning_backend"] = g("backend")
        if g("no_model"):
            app_args["reasoning_backend"] = "none"
        if g("token_file"):
            app_args["token_file"] = str(Path(g("token_file")).resolve())
            load_token(app_args["token_file"])  # unreadable or empty: a usage error now, not a failed deployment
        for name in ("max_batch", "max_trace_chars"):
            if g(name) is not None:
                app_args[name] = int(g(name))
        cfg = default_config(int(g("port", DEFAULT_GRPC_PORT)), int(g("http_port", DEFAULT_HTTP_PORT)), host, app_args)
    for note in _drop_absent_reasoner(cfg):
        print(f"clinverify serve --ray: {note}", file=sys.stderr, flush=True)
    grpc_cfg = cfg.setdefault("grpc_options", {})
    if int(grpc_cfg.get("port", DEFAULT_GRPC_PORT)) == 0:
        grpc_cfg["port"] = _free_port("")  # the proxy binds all interfaces
    return cfg


def _our_apps(cfg: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The config's applications built by ``build_app`` (a malformed config yields none: the
    schema check reports it)."""
    apps = cfg.get("applications")
    ok = isinstance(apps, list)
    return [a for a in apps if isinstance(a, dict) and a.get("import_path") == "clinverify.services.ray_app:build_app" and isinstance(a.get("args") or {}, dict)] if ok else []


def _drop_absent_reasoner(cfg: dict[str, Any]) -> list[str]:
    """Serve refuses a config that overrides a deployment the app does not have: when our app will
    be built without the Reasoner (backend none, or its packages missing here), drop the
    Reasoner's entry from ``deployments``. Returns a note per app whose packages are missing."""
    notes = []
    for app in _our_apps(cfg):
        backend = str((app.get("args") or {}).get("reasoning_backend", AppArgs.model_fields["reasoning_backend"].default))
        missing = reasoning_deps_missing(backend)
        if missing:
            notes.append(
                f"reasoning backend {backend!r} needs {', '.join(missing)} (not installed): serving without the "
                "reasoning model (ReasoningService answers UNIMPLEMENTED); install 'clinverify[llm-cpu]' (CPU) or 'clinverify[llm]' (CUDA), or pass --no-model"
            )
        if (backend.lower() == "none" or missing) and isinstance(app.get("deployments"), list):
            app["deployments"] = [d for d in app["deployments"] if not (isinstance(d, dict) and d.get("name") == "Reasoner")]
    return notes


def listen_lines(cfg: Mapping[str, Any]) -> list[str]:
    """What ``serve_ray`` prints once the app is up: ``listening on HOST:PORT`` for the gRPC proxy
    (which binds all interfaces, ``[::]``), then ``http on HOST:PORT`` (``http_options.host``)."""
    grpc_port = int((cfg.get("grpc_options") or {}).get("port", DEFAULT_GRPC_PORT))
    http = cfg.get("http_options") or {}
    return [f"listening on {GRPC_BIND_HOST}:{grpc_port}", f"http on {http.get('host') or '127.0.0.1'}:{int(http.get('port', DEFAULT_HTTP_PORT))}"]


def serve_ray(args: Any) -> int:
    """Entry point for ``clinverify serve --ray [--config F]``.

    ``args`` (the ``clinverify serve`` argparse Namespace; every attribute optional):
    ``config`` (Serve config YAML, e.g. k8s/serve_config.yaml: authoritative for ports, host and
    deployments); without it ``default_config`` with ``host`` (the HTTP proxy's address, default
    127.0.0.1; Ray's gRPC proxy always binds all interfaces), ``port`` (the gRPC port, default
    50051 as ``clinverify serve``; 0 picks a free one), ``http_port`` (default 8000),
    ``token_file``, ``max_batch``, ``max_trace_chars``, ``model``, ``backend`` (transformers |
    vllm | auto | none). ``no_model``: deploy without the Reasoner (also with ``config``).
    Also ``address`` (an existing Ray cluster; default: start a local one), ``num_cpus`` (for
    a local one) and ``deploy_timeout`` (seconds the applications get to reach RUNNING, default
    300). ``--tls-*`` flags are refused (exit 2): Ray's gRPC proxy has no TLS.

    Validates the config with Ray's ServeDeploySchema and deploys it the way ``serve run CONFIG``
    does (``deploy_apps``, so deployment overrides in the config apply), prints
    ``listening on [::]:PORT`` (the gRPC proxy) and ``http on HOST:PORT`` on stderr, blocks until
    SIGTERM/SIGINT, then shuts Serve down and returns 0. Returns 2 for a usage error (unreadable or invalid config, an
    application that fails to deploy, or one not RUNNING within ``deploy_timeout``: one line on
    stderr saying which deployment waits for what, no traceback).
    """
    import ray
    from ray.serve._private import api as serve_api
    from ray.serve.config import gRPCOptions
    from ray.serve.schema import ServeDeploySchema

    def g(name: str, default: Any = None) -> Any:
        v = getattr(args, name, None)
        return default if v is None else v

    deploy_timeout = float(g("deploy_timeout", DEFAULT_DEPLOY_TIMEOUT))
    if not deploy_timeout > 0:
        print(f"clinverify serve --ray: --deploy-timeout must be more than 0 seconds (got {deploy_timeout:g})", file=sys.stderr)
        return 2
    if g("tls_cert") or g("tls_key") or g("tls_client_ca"):
        print(
            "clinverify serve --ray: Ray Serve's gRPC proxy has no TLS; terminate TLS in front of it "
            "(ingress, Envoy, load balancer; see docs/scale-out.md) and drop --tls-*",
            file=sys.stderr,
        )
        return 2
    try:
        cfg = config_from_args(args)
        schema = ServeDeploySchema.model_validate(cfg)
    except (OSError, ValueError) as exc:
        print(f"clinverify serve --ray: {exc}", file=sys.stderr)
        return 2

    if not ray.is_initialized():
        kw = {"address": g("address")} if g("address") else {"num_cpus": g("num_cpus")}
        for attempt in (1, 2):
            # A cold first start of a local Ray (empty page cache, busy cores) can exceed its raylet
            # start-up wait; the second start is fast. A failure to reach --address is not retried.
            try:
                ray.init(namespace="serve", log_to_driver=False, **kw)
                break
            except Exception as exc:
                ray.shutdown()
                if attempt == 2 or "address" in kw:
                    print(f"clinverify serve --ray: Ray did not start: {exc}", file=sys.stderr)
                    return 2
    grpc_opts = gRPCOptions(**schema.grpc_options.model_dump())
    client = serve_api.serve_start(http_options=schema.http_options.model_dump(), grpc_options=grpc_opts, proxy_location=schema.proxy_location)
    try:
        client.deploy_apps(schema)  # not _blocking: Ray's own wait is a fixed 60 s that misses failures
        problem = wait_running(client, [a.name for a in schema.applications], deploy_timeout)
        if problem is None:
            client.wait_for_proxies_serving(wait_for_applications_running=True)
    except Exception as exc:  # the controller refused the config, or the proxies did not come up
        problem = _one_line(str(exc)) or type(exc).__name__
    if problem is not None:
        print(f"clinverify serve --ray: {problem}", file=sys.stderr, flush=True)
        _shutdown(ray)
        return 2
    for line in listen_lines(cfg):
        print(line, file=sys.stderr, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    _shutdown(ray)
    return 0


def _one_line(text: str, limit: int = 400) -> str:
    """The last non-empty line of ``text`` (a traceback's exception), at most ``limit`` characters."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def wait_running(client: Any, names: list[str], timeout: float, poll: float = 0.5) -> str | None:
    """Wait until every application in ``names`` is RUNNING. Returns None then, or one line saying
    why not: an application whose deployment failed (the last line of Serve's message, e.g. the
    builder's exception), or, after ``timeout`` seconds, each application's status and its
    deployments that are not healthy (Serve's message, e.g. the resources a replica waits for).
    ``client``: Serve's controller client (``list_serve_statuses()``)."""
    from ray.serve.schema import ApplicationStatus

    deadline = time.monotonic() + timeout
    while True:
        statuses = {s.name: s for s in client.list_serve_statuses() if s.name in names}
        for name, st in statuses.items():
            if st.app_status.status == ApplicationStatus.DEPLOY_FAILED:
                return f"application {name!r} failed to deploy: {_one_line(st.app_status.message)} (full message: serve status)"
        if len(statuses) == len(names) and all(st.app_status.status == ApplicationStatus.RUNNING for st in statuses.values()):
            return None
        if time.monotonic() >= deadline:
            parts = []
            for name in names:
                st = statuses.get(name)
                if st is None:
                    parts.append(f"{name}: not started")
                    continue
                waiting = [
                    f"{d.name} {getattr(d.status, 'value', d.status)}" + (f" ({_one_line(d.message, 300)})" if d.message else "")
                    for d in st.deployment_statuses
                    if getattr(d.status, "value", d.status) != "HEALTHY"
                ]
                parts.append(f"{name}: {getattr(st.app_status.status, 'value', st.app_status.status)}" + (f", waiting for {'; '.join(waiting)}" if waiting else ""))
            return (
                f"the application did not come up within {timeout:g} s ({' | '.join(parts)}); "
                "allow more with --deploy-timeout SECONDS, or see `serve status`"
            )
        time.sleep(poll)


def _shutdown(ray, timeout: float = 30.0) -> None:
    """serve.shutdown() then ray.shutdown(), bounded: when the signal also reached Ray's own
    processes (Ctrl-C in a terminal signals the whole process group) they may already be gone
    and a shutdown call can wait forever."""
    done = threading.Event()

    def run() -> None:
        for fn in (serve.shutdown, ray.shutdown):
            try:
                fn()
            except Exception:  # already gone
                pass
        done.set()

    threading.Thread(target=run, name="clinverify-ray-shutdown", daemon=True).start()
    if not done.wait(timeout):
        print(f"clinverify serve --ray: Ray did not shut down within {timeout:g} s; exiting", file=sys.stderr, flush=True)
        os._exit(0)
