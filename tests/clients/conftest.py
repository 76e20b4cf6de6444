"""Fixtures for the client tests: a fake gRPC server (the generated servicers, canned answers),
the real ``clinverify serve`` with a token, and a free port (certificates and the serve subprocess
helper are shared, in tests/conftest.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest
from google.protobuf import any_pb2

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, common_pb2, verifier_pb2, verifier_pb2_grpc

TOKEN = "test-token-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rich_abort(context, code: grpc.StatusCode, message: str, violations=()):
    from google.rpc import error_details_pb2, status_pb2
    from grpc_status import rpc_status

    st = status_pb2.Status(code=code.value[0], message=message)
    if violations:
        br = error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(field=f, description=d) for f, d in violations])
        a = any_pb2.Any()
        a.Pack(br)
        st.details.append(a)
    context.abort_with_status(rpc_status.to_status(st))


class FakeState:
    def __init__(self):
        self.calls: Counter = Counter()
        self.unavailable = 0  # answer UNAVAILABLE this many times first
        self.token: str | None = None
        self.metadata: list[dict] = []
        self.lock = threading.Lock()

    def enter(self, name: str, context) -> None:
        md = dict(context.invocation_metadata())
        with self.lock:
            self.calls[name] += 1
            self.metadata.append(md)
            flaky = self.unavailable > 0
            if flaky:
                self.unavailable -= 1
        if flaky:
            context.abort(grpc.StatusCode.UNAVAILABLE, "warming up")
        if self.token is not None and md.get("authorization") != f"Bearer {self.token}":
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or invalid bearer token")


class FakeCalculators(calculator_pb2_grpc.CalculatorServiceServicer):
    def __init__(self, state: FakeState):
        self.s = state

    def ListCalculators(self, request, context):
        self.s.enter("ListCalculators", context)
        return calculator_pb2.ListCalculatorsResponse(
            calculators=[
                calculator_pb2.CalculatorSummary(id="cockcroft_gault", medcalc_id=2, name="Creatinine Clearance (Cockcroft-Gault Equation)", category="renal"),
                calculator_pb2.CalculatorSummary(id="aa_gradient", medcalc_id=0, name="A-a gradient", category="pulmonary"),
            ]
        )

    def GetCalculator(self, request, context):
        self.s.enter("GetCalculator", context)
        if request.calculator.key not in ("cockcroft_gault", "2"):
            _rich_abort(context, grpc.StatusCode.NOT_FOUND, f"unknown calculator {request.calculator.key!r}", [("calculator.key", "did you mean cockcroft_gault?")])
        r = calculator_pb2.GetCalculatorResponse(summary=calculator_pb2.CalculatorSummary(id="cockcroft_gault", medcalc_id=2, name="Creatinine Clearance", category="renal"), description="CrCl")
        r.inputs.add(name="age", kind="number", unit="years", minimum=18, maximum=120, required=True, aliases=["age"])
        r.inputs.add(name="sex", kind="choice", options=["male", "female"], required=True)
        r.output.unit, r.output.type, r.output.decimals = "mL/min", "decimal", 3
        r.citations.append("Cockcroft DW, Gault MH. Nephron 1976")
        return r

    def _compute(self, req, context, batch=False):
        resp = calculator_pb2.ComputeResponse(id=req.id)
        key = req.calculator.key
        if key not in ("cockcroft_gault", "2", "gestational_age", "centor"):
            if batch:
                resp.error.CopyFrom(common_pb2.ItemError(code="unknown_calculator", message=f"unknown calculator {key!r}"))
                return resp
            _rich_abort(context, grpc.StatusCode.NOT_FOUND, f"unknown calculator {key!r}", [("calculator.key", "no such calculator")])
        if not req.entities.fields:
            if batch:
                resp.error.CopyFrom(common_pb2.ItemError(code="invalid_input", message="age: required", fields=[common_pb2.FieldViolation(field="entities.age", description="required")]))
                return resp
            _rich_abort(context, grpc.StatusCode.INVALID_ARGUMENT, "age: required; creatinine: required", [("entities.age", "required"), ("entities.creatinine", "required")])
        if key == "gestational_age":
            resp.calculator = key
            resp.value.duration.weeks, resp.value.duration.days = 17, 4
            return resp
        if key == "centor":
            resp.calculator = key
            resp.value.integer = 3
            return resp
        resp.calculator = "cockcroft_gault"
        resp.value.decimal = 32.35
        resp.unit = "mL/min"
        resp.intermediates["ideal_body_weight"] = 52.38
        if req.explain:
            resp.explanation.extend(["step 1", "step 2"])
        return resp

    def Compute(self, request, context):
        self.s.enter("Compute", context)
        return self._compute(request, context)

    def ComputeBatch(self, request, context):
        self.s.enter("ComputeBatch", context)
        return calculator_pb2.ComputeBatchResponse(results=[self._compute(r, context, batch=True) for r in request.requests])


def fake_verification(req: verifier_pb2.VerifyRequest) -> verifier_pb2.VerifyResponse:
    r = verifier_pb2.VerifyResponse(id=req.id, calculator=req.calculator or "cockcroft_gault")
    r.steps.add(index=0, start=0, end=5, text=req.trace[:5], verdict="correct", detail="ok", score=1.0)
    r.steps.add(index=1, start=6, end=len(req.trace), text=req.trace[6:], verdict="incorrect", error="arithmetic", detail="2 + 2 = 4, not 5", score=0.0)
    r.first_error = 1
    r.answer.value.number_value = 26.8
    if req.reference.answer:
        r.answer.expected.number_value = float(req.reference.answer)
        r.answer.source = "reference"
        r.answer.correct = False
        r.answer.cause = "arithmetic"
        r.answer.detail = "step 1 is the first wrong step"
    r.scores.answer = 0.0
    r.scores.process = 0.0
    r.scores.factuality = 0.5
    r.scores.reward = 0.0
    return r


class FakeVerifier(verifier_pb2_grpc.VerifierServiceServicer):
    def __init__(self, state: FakeState):
        self.s = state
        self.last: verifier_pb2.VerifyRequest | None = None

    def Verify(self, request, context):
        self.s.enter("Verify", context)
        self.last = request
        if request.trace == "sleep":
            time.sleep(1.5)
        return fake_verification(request)

    def VerifyBatch(self, request, context):
        self.s.enter("VerifyBatch", context)
        return verifier_pb2.VerifyBatchResponse(results=[fake_verification(r) for r in request.requests])

    def VerifyStream(self, request_iterator, context):
        self.s.enter("VerifyStream", context)
        for m in request_iterator:
            yield verifier_pb2.VerifyStreamResponse(response=fake_verification(m.request))


class FakeServer:
    def __init__(self, tls: dict | None = None, require_client_auth: bool = False):
        self.state = FakeState()
        self.verifier = FakeVerifier(self.state)
        self.server = grpc.server(ThreadPoolExecutor(max_workers=8))
        calculator_pb2_grpc.add_CalculatorServiceServicer_to_server(FakeCalculators(self.state), self.server)
        verifier_pb2_grpc.add_VerifierServiceServicer_to_server(self.verifier, self.server)
        if tls is None:
            self.port = self.server.add_insecure_port("127.0.0.1:0")
        else:
            creds = grpc.ssl_server_credentials([(tls["server_key"], tls["server_cert"])], root_certificates=tls["ca"] if require_client_auth else None, require_client_auth=require_client_auth)
            self.port = self.server.add_secure_port("127.0.0.1:0", creds)
        self.address = f"127.0.0.1:{self.port}"
        self.server.start()

    def stop(self):
        self.server.stop(grace=None)


@pytest.fixture
def fake_server():
    s = FakeServer()
    yield s
    s.stop()


@pytest.fixture
def make_fake_server():
    """Factory: make_fake_server(tls=certs, require_client_auth=True) -> a started FakeServer."""
    made: list[FakeServer] = []

    def make(**kwargs) -> FakeServer:
        s = FakeServer(**kwargs)
        made.append(s)
        return s

    yield make
    for s in made:
        s.stop()


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture
def unused_address() -> str:
    """host:port where nobody listens."""
    return f"127.0.0.1:{free_port()}"


# ---------------------------------------------------------------------------------------------
# the real server (services/server.py), started as `clinverify serve --port 0`; certificates and
# ServeProcess come from tests/conftest.py
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_server(tmp_path_factory, serve_process_session):
    token_file = tmp_path_factory.mktemp("serve") / "token"
    token_file.write_text(TOKEN + "\n")
    try:
        return serve_process_session("--token-file", str(token_file))
    except RuntimeError as exc:
        pytest.fail(str(exc))
