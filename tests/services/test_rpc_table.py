"""Every RPC in the generated service descriptors is answered by its core and bound on both
transports (grpc.aio servicers and the Ray Gateway) from the one RPC table."""

import inspect

import pytest

from clinverify.api.v1 import calculator_pb2_grpc, reasoning_pb2_grpc, verifier_pb2_grpc
from clinverify.services.calculator_core import CalculatorCore
from clinverify.services.reasoning.core import ReasoningCore
from clinverify.services.rpc import SERVICES, core_method_name, rpcs
from clinverify.services.servicers import CalculatorServicer, ReasoningServicer, VerifierServicer
from clinverify.services.verifier_core import VerifierCore

CORES = {
    "clinverify.api.v1.CalculatorService": CalculatorCore,
    "clinverify.api.v1.VerifierService": VerifierCore,
    "clinverify.api.v1.ReasoningService": ReasoningCore,
}
SERVICERS = {
    "clinverify.api.v1.CalculatorService": (CalculatorServicer, calculator_pb2_grpc.CalculatorServiceServicer),
    "clinverify.api.v1.VerifierService": (VerifierServicer, verifier_pb2_grpc.VerifierServiceServicer),
    "clinverify.api.v1.ReasoningService": (ReasoningServicer, reasoning_pb2_grpc.ReasoningServiceServicer),
}


def test_core_method_names():
    assert core_method_name("VerifyBatch") == "verify_batch"
    assert core_method_name("GenerateAndVerify") == "generate_and_verify"
    assert core_method_name("ListCalculators") == "list_calculators"


@pytest.mark.parametrize("service", SERVICES)
def test_every_rpc_has_a_core_method(service):
    names = [r.name for r in rpcs(service)]
    assert names, service
    for rpc in rpcs(service):
        method = getattr(CORES[service], rpc.core_method, None)
        assert callable(method), f"{service}.{rpc.name}: no {CORES[service].__name__}.{rpc.core_method}"
        if rpc.server_streaming:
            assert inspect.isasyncgenfunction(method), f"{rpc.name} streams: {rpc.core_method} must be an async generator"
        else:
            assert "deadline" in inspect.signature(method).parameters, f"{rpc.core_method} takes (request, deadline)"


@pytest.mark.parametrize("service", SERVICES)
def test_every_rpc_is_bound_on_the_aio_servicer(service):
    cls, generated = SERVICERS[service]
    for rpc in rpcs(service):
        assert getattr(cls, rpc.name) is not getattr(generated, rpc.name), f"{rpc.name} answers UNIMPLEMENTED"
        assert inspect.isasyncgenfunction(getattr(cls, rpc.name)) == rpc.server_streaming


def test_every_rpc_is_bound_on_the_ray_gateway():
    pytest.importorskip("ray.serve", reason="needs the [serve] extra")
    from clinverify.services.ray_gateway import Gateway

    cls = Gateway.func_or_class
    for service in SERVICES:
        for rpc in rpcs(service):
            assert inspect.isasyncgenfunction(getattr(cls, rpc.name)) == rpc.server_streaming, rpc.name
