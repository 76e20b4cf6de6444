"""`clinverify serve --ray --deploy-timeout`: an application that does not come up in time, or
whose deployment fails, ends the command with one line on stderr (which deployment waits for
what, or the builder's exception) and exit 2, never a traceback. Ray's own blocking deploy waited
a fixed 60 s, missed a failed deployment and raised a bare TimeoutError."""

import socket
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("ray.serve", reason="needs the [serve] extra: pip install 'clinverify[serve]'")

import yaml  # noqa: E402
from ray.serve._private.application_state import ApplicationStatusInfo, StatusOverview  # noqa: E402
from ray.serve._private.common import DeploymentStatus, DeploymentStatusInfo, DeploymentStatusTrigger  # noqa: E402
from ray.serve.schema import ApplicationStatus  # noqa: E402

from clinverify.clients.cli import build_parser  # noqa: E402
from clinverify.services import ray_app  # noqa: E402

WAITING = "Deployment 'Verifier' in application 'clinverify' has 1 replicas that have taken more than 30s to be scheduled. Resources required for each replica: {\"CPU\": 64}."


class _Client:
    """Serve's controller client as wait_running sees it: a status list per poll."""

    def __init__(self, *polls):
        self.polls = list(polls)
        self.calls = 0

    def list_serve_statuses(self):
        self.calls += 1
        return self.polls[min(self.calls, len(self.polls)) - 1]


def _status(app, message="", deployments=()):
    return StatusOverview(
        app_status=ApplicationStatusInfo(status=app, message=message), name="clinverify",
        deployment_statuses=[DeploymentStatusInfo(n, s, DeploymentStatusTrigger.CONFIG_UPDATE_STARTED, m) for n, s, m in deployments],
    )


def test_running_after_a_while():
    client = _Client([], [_status(ApplicationStatus.DEPLOYING)], [_status(ApplicationStatus.RUNNING)])
    assert ray_app.wait_running(client, ["clinverify"], 10, poll=0.01) is None and client.calls == 3


def test_failed_deployment_is_one_line_at_once():
    trace = "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: reasoner_deployment: bad option\n"
    client = _Client([_status(ApplicationStatus.DEPLOY_FAILED, trace)])
    msg = ray_app.wait_running(client, ["clinverify"], 600, poll=0.01)
    assert msg == "application 'clinverify' failed to deploy: ValueError: reasoner_deployment: bad option (full message: serve status)"
    assert client.calls == 1  # not waited out


def test_timeout_names_what_waits():
    st = _status(ApplicationStatus.DEPLOYING, deployments=[
        ("Gateway", DeploymentStatus.HEALTHY, ""), ("Verifier", DeploymentStatus.UPDATING, WAITING)])
    msg = ray_app.wait_running(_Client([st]), ["clinverify"], 0.05, poll=0.01)
    assert "\n" not in msg and msg.startswith("the application did not come up within 0.05 s (clinverify: DEPLOYING, waiting for Verifier UPDATING (")
    assert '{"CPU": 64}' in msg and "Gateway" not in msg and msg.endswith("allow more with --deploy-timeout SECONDS, or see `serve status`")
    assert "clinverify: not started" in ray_app.wait_running(_Client([]), ["clinverify"], 0.01, poll=0.01)


def test_flag_and_its_bounds(capsys):
    assert build_parser().parse_args(["serve", "--ray"]).deploy_timeout == 300
    assert build_parser().parse_args(["serve", "--ray", "--deploy-timeout", "12.5"]).deploy_timeout == 12.5
    assert ray_app.serve_ray(build_parser().parse_args(["serve", "--ray", "--deploy-timeout", "0"])) == 2
    assert capsys.readouterr().err.strip() == "clinverify serve --ray: --deploy-timeout must be more than 0 seconds (got 0)"


SCRIPT = """
import sys
from clinverify.clients.cli import build_parser
from clinverify.services.ray_app import serve_ray
args = build_parser().parse_args(["serve", "--ray", "--config", {config!r}, "--deploy-timeout", "4"])
args.num_cpus = 2
sys.exit(serve_ray(args))
"""


def test_app_that_cannot_schedule_times_out_with_one_line(tmp_path):
    """A real local Ray: the Verifier asks for 64 CPUs on a 2-CPU cluster and never schedules."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        http_port = sock.getsockname()[1]
    cfg = ray_app.default_config(0, http_port, app_args={"reasoning_backend": "none"})
    cfg["applications"][0]["deployments"] = [{"name": "Verifier", "num_replicas": 1, "ray_actor_options": {"num_cpus": 64}}]
    path = tmp_path / "unschedulable.yaml"
    path.write_text(yaml.safe_dump(cfg))
    res = subprocess.run([sys.executable, "-P", "-c", textwrap.dedent(SCRIPT.format(config=str(path)))],
                         capture_output=True, text=True, timeout=300)
    ours = [line for line in res.stderr.splitlines() if line.startswith("clinverify serve --ray:")]
    assert res.returncode == 2, res.stderr[-3000:]
    assert len(ours) == 1 and "did not come up within 4 s" in ours[0] and "Verifier" in ours[0], res.stderr[-3000:]
    assert "--deploy-timeout" in ours[0]
    assert "Traceback" not in res.stderr
