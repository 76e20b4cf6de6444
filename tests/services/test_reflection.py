"""Server reflection: ``grpc.reflection.v1.ServerReflection`` (what current grpcurl asks for
first) and ``grpc.reflection.v1alpha.ServerReflection`` (older tools) on the standalone server,
both behind the bearer token like every method but health.

The v1 client here is built independently of the server's implementation: grpcio-reflection
ships only the v1alpha proto, and v1 is the same file with the package renamed (identical
messages and field numbers), so the test derives the v1 messages from v1alpha in a private
descriptor pool and calls ``/grpc.reflection.v1.ServerReflection/ServerReflectionInfo`` with
them.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from grpc_reflection.v1alpha import reflection_pb2 as v1alpha_pb2
from grpc_reflection.v1alpha import reflection_pb2_grpc as v1alpha_grpc

SERVICES = ["clinverify.api.v1.CalculatorService", "clinverify.api.v1.VerifierService", "clinverify.api.v1.ReasoningService"]
V1 = "grpc.reflection.v1.ServerReflection"
V1ALPHA = "grpc.reflection.v1alpha.ServerReflection"
V1_METHOD = f"/{V1}/ServerReflectionInfo"


def _v1_messages():
    """(ServerReflectionRequest, ServerReflectionResponse) classes of package grpc.reflection.v1."""
    fdp = descriptor_pb2.FileDescriptorProto()
    v1alpha_pb2.DESCRIPTOR.CopyToProto(fdp)
    old, new = ".grpc.reflection.v1alpha.", ".grpc.reflection.v1."
    fdp.name, fdp.package = "grpc/reflection/v1/reflection.proto", "grpc.reflection.v1"
    for msg in fdp.message_type:
        for field in msg.field:
            if field.type_name:
                field.type_name = field.type_name.replace(old, new)
    for method in fdp.service[0].method:
        method.input_type, method.output_type = method.input_type.replace(old, new), method.output_type.replace(old, new)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    return tuple(message_factory.GetMessageClass(pool.FindMessageTypeByName(f"grpc.reflection.v1.{n}")) for n in ("ServerReflectionRequest", "ServerReflectionResponse"))


V1Request, V1Response = _v1_messages()


def v1_info(channel, requests, metadata=None) -> list:
    call = channel.stream_stream(V1_METHOD, request_serializer=V1Request.SerializeToString, response_deserializer=V1Response.FromString)
    return list(call(iter(requests), timeout=10, metadata=metadata))


def v1_list_services(channel, metadata=None) -> list[str]:
    (resp,) = v1_info(channel, [V1Request(list_services="")], metadata)
    assert resp.DESCRIPTOR.full_name == "grpc.reflection.v1.ServerReflectionResponse"
    return [s.name for s in resp.list_services_response.service]


def v1alpha_list_services(channel, metadata=None) -> list[str]:
    stub = v1alpha_grpc.ServerReflectionStub(channel)
    responses = stub.ServerReflectionInfo(iter([v1alpha_pb2.ServerReflectionRequest(list_services="")]), timeout=10, metadata=metadata)
    return [s.name for r in responses for s in r.list_services_response.service]


def test_v1_lists_services(channel):
    names = v1_list_services(channel)
    for name in [*SERVICES, "grpc.health.v1.Health", V1, V1ALPHA]:
        assert name in names


def test_v1alpha_still_lists_services(channel):
    names = v1alpha_list_services(channel)
    for name in [*SERVICES, "grpc.health.v1.Health", V1, V1ALPHA]:
        assert name in names


def _file_protos(resp) -> list[descriptor_pb2.FileDescriptorProto]:
    out = []
    for raw in resp.file_descriptor_response.file_descriptor_proto:
        fdp = descriptor_pb2.FileDescriptorProto()
        fdp.ParseFromString(raw)
        out.append(fdp)
    return out


def test_v1_describes_services_and_itself(channel):
    """What ``grpcurl describe`` does: file_containing_symbol for each listed service, including
    the v1 reflection service itself (so its descriptor must be in the server's pool)."""
    reqs = [V1Request(file_containing_symbol=s) for s in (SERVICES[0], V1, V1ALPHA)]
    calc, v1, v1alpha = v1_info(channel, reqs)
    assert not calc.HasField("error_response")
    assert any(f.package == "clinverify.api.v1" and any(s.name == "CalculatorService" for s in f.service) for f in _file_protos(calc))
    (v1_file,) = [f for f in _file_protos(v1) if f.package == "grpc.reflection.v1"]
    assert [s.name for s in v1_file.service] == ["ServerReflection"]
    method = v1_file.service[0].method[0]
    assert (method.name, method.input_type, method.output_type) == ("ServerReflectionInfo", ".grpc.reflection.v1.ServerReflectionRequest", ".grpc.reflection.v1.ServerReflectionResponse")
    assert any(f.package == "grpc.reflection.v1alpha" for f in _file_protos(v1alpha))
    # An unknown symbol is a per-request NOT_FOUND, not a failed call.
    (missing,) = v1_info(channel, [V1Request(file_containing_symbol="no.such.Service")])
    assert missing.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]


def test_v1_serves_the_same_wire_format_as_v1alpha(channel):
    """v1 and v1alpha answer byte-for-byte the same (the server shares one servicer)."""
    req = v1alpha_pb2.ServerReflectionRequest(file_containing_symbol=SERVICES[1])
    alpha = v1alpha_grpc.ServerReflectionStub(channel).ServerReflectionInfo(iter([req]), timeout=10)
    (v1,) = v1_info(channel, [V1Request.FromString(req.SerializeToString())])
    (alpha,) = list(alpha)
    assert v1.SerializeToString(deterministic=True) == alpha.SerializeToString(deterministic=True)


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_requires_the_token(make_server, token, version):
    listing = v1_list_services if version == "v1" else v1alpha_list_services
    srv = make_server(token=token)
    with grpc.insecure_channel(srv.address) as ch:
        for metadata in (None, (("authorization", "Bearer wrong"),)):
            with pytest.raises(grpc.RpcError) as ei:
                listing(ch, metadata=metadata)
            assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert V1 in listing(ch, metadata=(("authorization", f"Bearer {token}"),))


# -- the grpcurl examples of docs/server.md ------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "server.md"
_VALUE_FLAGS = {"-H", "-d", "-cacert", "-cert", "-key", "-servername", "-authority", "-max-time"}


def doc_grpcurl_examples() -> list[dict]:
    """Each ``grpcurl`` line of docs/server.md's code blocks: flags (repeatable ``-H`` as a list) and
    positional arguments (address, then ``list`` / ``describe SYMBOL`` / ``Service/Method``)."""
    examples = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", DOC.read_text(), flags=re.M | re.S):
        for line in block.splitlines():
            if not line.startswith("grpcurl "):
                continue
            words, flags, args = shlex.split(line, comments=True)[1:], {"-H": []}, []
            while words:
                w = words.pop(0)
                if w in _VALUE_FLAGS:
                    value = words.pop(0)
                    flags["-H"].append(value) if w == "-H" else flags.__setitem__(w, value)
                elif w.startswith("-"):
                    flags[w] = True
                else:
                    args.append(w)
            examples.append({"line": line, "flags": flags, "args": args})
    return examples


def test_doc_grpcurl_examples_cover_token_and_tls():
    examples = doc_grpcurl_examples()
    assert examples, "no grpcurl examples in docs/server.md"
    kinds = set()
    for ex in examples:
        f, line = ex["flags"], ex["line"]
        assert ("-plaintext" in f) != ("-cacert" in f), f"one of -plaintext / -cacert: {line}"
        assert ("-cert" in f) == ("-key" in f), f"-cert and -key go together: {line}"
        assert "-cert" not in f or "-cacert" in f, f"mutual TLS needs the server's CA too: {line}"
        assert all(re.fullmatch(r"authorization: Bearer (\$\(cat \S+\)|\S+)", h) for h in f["-H"]), f"header: {line}"
        health = ex["args"][1].startswith("grpc.health.v1.Health/")
        assert not (health and f["-H"]), f"health checks need no token: {line}"
        # A TLS deployment is a shared one: its examples carry the token.
        assert "-plaintext" in f or f["-H"], f"TLS example without the token header: {line}"
        kinds.add(("tls" if "-cacert" in f else "plaintext", "mtls" if "-cert" in f else "", "token" if f["-H"] else ""))
    for kind in [("plaintext", "", ""), ("plaintext", "", "token"), ("tls", "", "token"), ("tls", "mtls", "token")]:
        assert kind in kinds, f"docs/server.md has no grpcurl example of kind {kind}"


def test_doc_grpcurl_examples_are_true(channel, make_server, token):
    """Every example, done with Python clients on the test servers: the plaintext ones without a
    token on the main server, those with the header on a server with ``--token-file`` (where they
    fail without it, health aside); symbols resolve through v1 reflection, ``-d`` bodies parse as
    the method's request and the call succeeds."""
    from google.protobuf import json_format, symbol_database

    secured = make_server(token=token)
    with grpc.insecure_channel(secured.address) as secured_ch:
        for ex in doc_grpcurl_examples():
            f, args = ex["flags"], ex["args"]
            ch = secured_ch if f["-H"] or "-plaintext" not in f else channel
            ok = (("authorization", f"Bearer {token}"),) if ch is secured_ch else None
            what = args[1]
            if what == "list":
                assert set(SERVICES) <= set(v1_list_services(ch, ok)), ex["line"]
                continue
            if what == "describe":
                (resp,) = v1_info(ch, [V1Request(file_containing_symbol=args[2])], ok)
                assert not resp.HasField("error_response"), ex["line"]
                continue
            service, method = what.split("/")
            desc = symbol_database.Default().pool.FindServiceByName(service).FindMethodByName(method)
            request_cls = message_factory.GetMessageClass(desc.input_type)
            response_cls = message_factory.GetMessageClass(desc.output_type)
            request = json_format.Parse(f.get("-d", "{}"), request_cls())
            if service == "grpc.health.v1.Health":  # exempt: on the token server, without the token
                ch, ok = secured_ch, None
            call = ch.unary_unary(f"/{service}/{method}", request_serializer=request_cls.SerializeToString, response_deserializer=response_cls.FromString)
            response = call(request, timeout=30, metadata=ok)
            if service == "grpc.health.v1.Health":
                assert response.status == 1, ex["line"]  # SERVING
            elif method == "Compute":
                assert response.value.decimal == pytest.approx(25.238, abs=1e-3), ex["line"]
            elif method == "Verify":
                assert response.steps and not response.HasField("error"), ex["line"]
            if ok is not None:
                with pytest.raises(grpc.RpcError) as ei:
                    call(request, timeout=10)
                assert ei.value.code() == grpc.StatusCode.UNAUTHENTICATED, ex["line"]
