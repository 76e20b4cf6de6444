"""The RPC table, read from the generated service descriptors: every RPC of the three API
services and the core method that answers it (``VerifyBatch`` -> ``verify_batch``).

The transports bind their methods from this table (``servicers.bind_rpcs`` for grpc.aio, the Ray
Gateway likewise), so an RPC added to a .proto file and to its service core is served by both
servers without touching either adapter. Core methods take ``(request, deadline)`` for a unary
response (a value or an awaitable; ``deadline`` gives the seconds left, or is None) and
``(request)`` for a streamed one (an async iterator); a client-streaming RPC passes the request
iterator as ``request``.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from google.protobuf.message_factory import GetMessageClass

from clinverify.api.v1 import calculator_pb2, reasoning_pb2, verifier_pb2

# service full name -> its file descriptor (generated code)
_FILES = {
    "clinverify.api.v1.CalculatorService": calculator_pb2.DESCRIPTOR,
    "clinverify.api.v1.VerifierService": verifier_pb2.DESCRIPTOR,
    "clinverify.api.v1.ReasoningService": reasoning_pb2.DESCRIPTOR,
}
SERVICES = tuple(_FILES)


@dataclass(frozen=True)
class Rpc:
    service: str  # full name, e.g. clinverify.api.v1.VerifierService
    name: str  # gRPC method name, e.g. VerifyBatch
    core_method: str  # e.g. verify_batch
    client_streaming: bool
    server_streaming: bool
    response_type: type


def core_method_name(rpc_name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", rpc_name).lower()


def rpcs(service: str) -> tuple[Rpc, ...]:
    fd = _FILES[service]
    svc = fd.services_by_name[service.rsplit(".", 1)[1]]
    out = []
    for m in svc.methods:
        out.append(Rpc(service, m.name, core_method_name(m.name), m.client_streaming, m.server_streaming, GetMessageClass(m.output_type)))
    return tuple(out)
