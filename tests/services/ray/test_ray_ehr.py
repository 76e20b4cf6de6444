"""EHR input on the Ray Serve app (local CPU-only Ray, no reasoning model): ComputeFromFhir over
Ray's gRPC proxy and CDS Hooks over its HTTP proxy, with the bearer token. Ray start-up dominates."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="Ray Serve tests need the [serve] extra: pip install 'clinverify[serve]'")
pytest.importorskip("ray.serve", reason="Ray Serve tests need the [serve] extra: pip install 'clinverify[serve]'")
pytest.importorskip("fhir.resources")
pytest.importorskip("ucumvert")

import grpc  # noqa: E402

from clinverify.api.v1 import calculator_pb2_grpc  # noqa: E402
from clinverify.services import codec  # noqa: E402

TOKEN = "s3cret-ehr-token"
AUTH = (("authorization", f"Bearer {TOKEN}"),)
PARKER = Path(__file__).resolve().parents[2] / "data" / "fhir" / "synthea" / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    import ray
    from ray import serve
    from ray.serve.config import gRPCOptions

    from clinverify.services import ray_app

    token_file = tmp_path_factory.mktemp("secret") / "token"
    token_file.write_text(TOKEN + "\n")
    grpc_port, http_port = _free_port(), _free_port()
    ray.init(num_cpus=2, num_gpus=0, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        serve.start(http_options={"host": "127.0.0.1", "port": http_port},
                    grpc_options=gRPCOptions(port=grpc_port, grpc_servicer_functions=ray_app.GRPC_SERVICER_FUNCTIONS))
        serve.run(ray_app.build_app({"token_file": str(token_file), "device": "cpu", "reasoning_backend": "none"}),
                  name=ray_app.APP_NAME, route_prefix="/")
        channel = grpc.insecure_channel(f"127.0.0.1:{grpc_port}")
        yield {"channel": channel, "http": f"http://127.0.0.1:{http_port}"}
        channel.close()
    finally:
        serve.shutdown()
        ray.shutdown()


def test_compute_from_fhir_over_ray_grpc(app):
    stub = calculator_pb2_grpc.CalculatorServiceStub(app["channel"])
    req = codec.fhir_request("cha2ds2_vasc", PARKER.read_bytes(), as_of="2021-02-20", absent_rule=True)
    out = codec.fhir_result_to_dict(stub.ComputeFromFhir(req, metadata=AUTH, timeout=60))
    assert out["status"] == "complete" and out["value"] == 4  # age 68, heart failure, hypertension, diabetes
    with pytest.raises(grpc.RpcError) as exc:
        stub.ComputeFromFhir(codec.fhir_request("bmi", "not json"), metadata=AUTH, timeout=60)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_cds_hooks_over_ray_http(app):
    with urllib.request.urlopen(app["http"] + "/cds-services", timeout=60) as resp:
        assert any(s["id"] == "cha2ds2_vasc" for s in json.loads(resp.read())["services"])
    resources = [e["resource"] for e in json.loads(PARKER.read_text(encoding="utf-8"))["entry"]]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    body = {"hook": "patient-view", "hookInstance": "h1", "context": {"userId": "Practitioner/1", "patientId": patient["id"]},
            "prefetch": {"patient": patient}}

    def post(token):
        headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        req = urllib.request.Request(app["http"] + "/cds-services/cha2ds2_vasc", data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    assert post(None)[0] == 401
    status, out = post(TOKEN)
    # Only the Patient was prefetched: age (today) and sex; the conditions are not documented.
    assert status == 200 and out["cards"][0]["summary"].startswith("CHA2DS2-VASc score:")
