"""The Ray Serve app on a local CPU-only Ray (ray.init(num_cpus=2)), called over gRPC and HTTP.

One module-scoped application: Gateway + Calculators + Verifier + Reasoner (default model on
CPU), with a bearer token. ~25 s on a 2-core machine, most of it Ray start-up and model load.
"""

import json
import socket
import urllib.error
import urllib.request

import pytest

pytest.importorskip("ray", reason="Ray Serve tests need the [serve] extra: pip install 'clinverify[serve]'")
pytest.importorskip("ray.serve", reason="Ray Serve tests need the [serve] extra: pip install 'clinverify[serve]'")

import grpc  # noqa: E402
from google.rpc import error_details_pb2  # noqa: E402
from grpc_health.v1 import health_pb2, health_pb2_grpc  # noqa: E402
from grpc_status import rpc_status  # noqa: E402

from clinverify.api.v1 import (  # noqa: E402
    calculator_pb2,
    calculator_pb2_grpc,
    common_pb2,
    reasoning_pb2,
    reasoning_pb2_grpc,
    verifier_pb2,
    verifier_pb2_grpc,
)

TOKEN = "s3cret-test-token"
AUTH = (("authorization", f"Bearer {TOKEN}"),)
TRACE_OK = "CrCl = ((140 - 87) * 48 * 0.85) / (72 * 1.4) = 21.45 mL/min. Answer: 21.45"
TRACE_BAD = "CrCl = ((140 - 87) * 48 * 0.85) / (72 * 1.4) = 26.8 mL/min. Answer: 26.8"
ENT = {"sex": "Female", "age": [87, "years"], "weight": [48, "kg"], "creatinine": [1.4, "mg/dL"]}


def _free_ports(n: int) -> list[int]:
    """n distinct free ports: the sockets are held open together, so the system cannot hand the
    same port out twice (one port for both gRPC and HTTP failed a run: "Failed to bind")."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _has_model() -> bool:
    try:
        import gguf  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401

        from clinverify.services.reasoning.models import default_gguf_path

        default_gguf_path()
        return True
    except Exception:
        return False


HAS_MODEL = _has_model()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    import ray
    from ray import serve
    from ray.serve.config import gRPCOptions

    from clinverify.services import ray_app

    token_file = tmp_path_factory.mktemp("secret") / "token"
    token_file.write_text(TOKEN + "\n")
    for attempt in (1, 2):
        # A cold first start (fresh venv, empty page cache) can exceed Ray's raylet start-up
        # wait on a loaded 2-core machine; the second start is fast.
        try:
            ray.init(num_cpus=2, num_gpus=0, include_dashboard=False, log_to_driver=False, configure_logging=False)
            break
        except Exception:
            ray.shutdown()
            if attempt == 2:
                raise
    try:
        for attempt in (1, 2, 3):
            # The ports are taken after Ray's own processes have theirs; a port another process
            # takes between the choice and the bind ("Failed to bind") is chosen again.
            grpc_port, http_port = _free_ports(2)
            try:
                serve.start(
                    http_options={"host": "127.0.0.1", "port": http_port},
                    grpc_options=gRPCOptions(port=grpc_port, grpc_servicer_functions=ray_app.GRPC_SERVICER_FUNCTIONS),
                )
                args = {"token_file": str(token_file), "device": "cpu", "reasoning_backend": "transformers" if HAS_MODEL else "none"}
                serve.run(ray_app.build_app(args), name=ray_app.APP_NAME, route_prefix="/")
                break
            except Exception:
                serve.shutdown()
                if attempt == 3:
                    raise
        channel = grpc.insecure_channel(f"127.0.0.1:{grpc_port}")
        yield {"channel": channel, "http": f"http://127.0.0.1:{http_port}"}
        channel.close()
    finally:
        serve.shutdown()
        ray.shutdown()


def _violations(err):
    st = rpc_status.from_call(err)
    out = []
    for d in st.details if st else ():
        br = error_details_pb2.BadRequest()
        if d.Unpack(br):
            out += [v.field for v in br.field_violations]
    return out


def test_compute(app):
    stub = calculator_pb2_grpc.CalculatorServiceStub(app["channel"])
    req = calculator_pb2.ComputeRequest(id="c1", calculator=common_pb2.CalculatorRef(key="2"), explain=True)
    req.entities.update(ENT)
    r = stub.Compute(req, metadata=AUTH, timeout=30)
    assert r.id == "c1" and r.calculator == "cockcroft_gault" and r.unit == "mL/min"
    assert r.value.decimal == pytest.approx(21.4524, abs=1e-3) and r.explanation


def test_compute_errors_carry_status_and_field_violations(app):
    stub = calculator_pb2_grpc.CalculatorServiceStub(app["channel"])
    with pytest.raises(grpc.RpcError) as ei:
        stub.Compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="cockroft")), metadata=AUTH, timeout=30)
    assert ei.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as ei:
        stub.Compute(calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key="2")), metadata=AUTH, timeout=30)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "entities.age" in _violations(ei.value)


def test_compute_batch_and_catalogue(app):
    stub = calculator_pb2_grpc.CalculatorServiceStub(app["channel"])
    good = calculator_pb2.ComputeRequest(id="a", calculator=common_pb2.CalculatorRef(key="cockcroft_gault"))
    good.entities.update(ENT)
    bad = calculator_pb2.ComputeRequest(id="b", calculator=common_pb2.CalculatorRef(key="nope"))
    r = stub.ComputeBatch(calculator_pb2.ComputeBatchRequest(requests=[good, bad]), metadata=AUTH, timeout=30)
    assert [x.id for x in r.results] == ["a", "b"]
    assert not r.results[0].HasField("error") and r.results[1].error.code == "unknown_calculator"
    cat = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), metadata=AUTH, timeout=30)
    assert len(cat.calculators) > 40 and any(c.id == "cockcroft_gault" and c.medcalc_id == 2 for c in cat.calculators)
    desc = stub.GetCalculator(calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key="2")), metadata=AUTH, timeout=30)
    assert desc.summary.id == "cockcroft_gault" and desc.citations and any(i.name == "creatinine" for i in desc.inputs)


def test_verify_batch_keeps_order_across_chunks(app):
    stub = verifier_pb2_grpc.VerifierServiceStub(app["channel"])
    reqs = []
    for i in range(40):  # more than one Verifier chunk (32)
        reqs.append(verifier_pb2.VerifyRequest(id=str(i), calculator="cockcroft_gault", trace=TRACE_BAD if i % 3 == 0 else TRACE_OK))
    r = stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=reqs), metadata=AUTH, timeout=60)
    assert [x.id for x in r.results] == [str(i) for i in range(40)]
    for i, x in enumerate(r.results):
        assert x.scores.process == (0.0 if i % 3 == 0 else 1.0)
        assert x.HasField("first_error") == (i % 3 == 0)


def test_verify_and_verify_stream(app):
    stub = verifier_pb2_grpc.VerifierServiceStub(app["channel"])
    one = verifier_pb2.VerifyRequest(id="v", calculator="2", trace=TRACE_BAD, reference=verifier_pb2.Reference(answer="21.452"))
    r = stub.Verify(one, metadata=AUTH, timeout=30)
    assert r.answer.correct is False and r.steps[r.first_error].error == "arithmetic"
    with pytest.raises(grpc.RpcError) as ei:  # the standalone servicer's answer, through Ray
        stub.Verify(verifier_pb2.VerifyRequest(id="e", trace="  "), metadata=AUTH, timeout=30)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "trace" in _violations(ei.value)

    def reqs():
        for i in range(20):  # more than the stream window (16)
            yield verifier_pb2.VerifyStreamRequest(request=verifier_pb2.VerifyRequest(id=f"s{i}", calculator="2", trace=TRACE_OK if i != 5 else ""))

    out = list(stub.VerifyStream(reqs(), metadata=AUTH, timeout=60))
    assert [o.response.id for o in out] == [f"s{i}" for i in range(20)]
    assert out[5].response.error.code == "missing_field" and out[6].response.scores.process == 1.0


@pytest.mark.skipif(not HAS_MODEL, reason="needs the [llm] extra for the default model")
def test_generate_and_verify_with_the_default_model(app):
    stub = reasoning_pb2_grpc.ReasoningServiceStub(app["channel"])
    g = reasoning_pb2.GenerateRequest(
        patient_note="An 87-year-old woman, weight 48 kg, serum creatinine 1.4 mg/dL.",
        question="What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?",
        max_tokens=16,
        seed=1,
    )
    r = stub.GenerateAndVerify(reasoning_pb2.GenerateAndVerifyRequest(generate=g, n=2, calculator="2"), metadata=AUTH, timeout=120)
    assert len(r.candidates) == 2
    assert all(c.text and c.verification.calculator == "cockcroft_gault" and c.grounded.calculator == "cockcroft_gault" for c in r.candidates)
    chunks = list(stub.Generate(g, metadata=AUTH, timeout=120))
    assert chunks[-1].done and "".join(c.text for c in chunks)


def test_reward_route_speaks_openrlhf(app):
    prompt = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation? "
    body = {
        "query": [prompt + TRACE_OK, prompt + TRACE_BAD],
        "prompts": [prompt, prompt],
        "labels": [json.dumps({"calculator": 2, "reference": {"answer": "21.452"}}), "21.452"],
    }
    req = urllib.request.Request(
        app["http"] + "/reward?reward=answer_process",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    out = json.loads(urllib.request.urlopen(req, timeout=60).read())
    assert out["rewards"] == [1.0, 0.0] and out["scores"] == [1.0, 0.0]
    assert out["extra_logs"]["process"] == [1.0, 0.0] and out["extra_logs"]["first_error_found"] == [0.0, 1.0]
    bad = urllib.request.Request(app["http"] + "/get_reward?reward=vibes", data=json.dumps(body).encode(), headers={"Authorization": f"Bearer {TOKEN}"})
    with pytest.raises(urllib.error.HTTPError) as he:
        urllib.request.urlopen(bad, timeout=30)
    assert he.value.code == 400 and "reward" in json.loads(he.value.read())["error"]["message"]


def test_auth_is_enforced_on_grpc_and_http(app):
    stub = calculator_pb2_grpc.CalculatorServiceStub(app["channel"])
    for md in (None, (("authorization", "Bearer wrong"),)):
        with pytest.raises(grpc.RpcError) as ei:
            stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), metadata=md, timeout=30)
        assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
    req = urllib.request.Request(app["http"] + "/reward", data=b'{"query": []}', headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as he:
        urllib.request.urlopen(req, timeout=30)
    assert he.value.code == 401
    # health checks stay open (probes carry no token)
    h = health_pb2_grpc.HealthStub(app["channel"]).Check(health_pb2.HealthCheckRequest(), timeout=30)
    assert h.status == health_pb2.HealthCheckResponse.SERVING
    assert json.loads(urllib.request.urlopen(app["http"] + "/healthz", timeout=30).read())["status"] == "ok"
