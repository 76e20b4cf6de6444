"""The Python gRPC client against a fake server (client mechanics: conversion, errors, retries,
deadlines, token, TLS, mTLS, streaming) and, in test_real_server.py, against the real one."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest

from clinverify.clients.grpc_client import AsyncClient, Client, ClinverifyError, verify_request


def test_list_and_get_calculator(fake_server):
    with Client(fake_server.address) as c:
        calcs = c.list_calculators()
        assert calcs[0] == {"id": "cockcroft_gault", "medcalc_id": 2, "name": "Creatinine Clearance (Cockcroft-Gault Equation)", "category": "renal"}
        assert calcs[1]["medcalc_id"] is None  # 0 on the wire: not in MedCalc-Bench
        d = c.get_calculator(2)
        assert d["id"] == "cockcroft_gault"
        age, sex = d["inputs"]
        assert age["range"] == [18, 120] and age["unit"] == "years" and age["required"] is True
        assert sex["range"] is None and sex["options"] == ["male", "female"] and sex["unit"] is None
        assert d["output"] == {"unit": "mL/min", "type": "decimal", "decimals": 3}
        assert d["citations"] == ["Cockcroft DW, Gault MH. Nephron 1976"]


def test_compute_value_types(fake_server):
    with Client(fake_server.address) as c:
        r = c.compute("cockcroft_gault", {"age": [72, "years"], "sex": "Female"}, explain=True, id=7)
        assert r == {
            "id": 7,
            "calculator": "cockcroft_gault",
            "value": 32.35,
            "unit": "mL/min",
            "intermediates": {"ideal_body_weight": 52.38},
            "explanation": ["step 1", "step 2"],
            "error": None,
        }
        assert c.compute("gestational_age", {"x": 1})["value"] == {"weeks": 17, "days": 4}
        v = c.compute("centor", {"x": 1})["value"]
        assert v == 3 and isinstance(v, int)


def test_compute_errors_carry_field_violations(fake_server):
    with Client(fake_server.address) as c:
        with pytest.raises(ClinverifyError) as ei:
            c.compute("cockcroft_gault", {})
        e = ei.value
        assert e.code == grpc.StatusCode.INVALID_ARGUMENT and e.code_name == "INVALID_ARGUMENT"
        assert e.message == "age: required; creatinine: required"
        assert e.violations == [{"field": "entities.age", "description": "required"}, {"field": "entities.creatinine", "description": "required"}]
        assert e.attempts == 1
        assert "entities.age: required" in str(e)
        assert e.to_dict()["fields"][0]["field"] == "entities.age"
        with pytest.raises(ClinverifyError) as ei:
            c.get_calculator("nope")
        assert ei.value.code == grpc.StatusCode.NOT_FOUND
        assert ei.value.violations == [{"field": "calculator.key", "description": "did you mean cockcroft_gault?"}]
    # Errors are not retried: one call reached the server.
    assert fake_server.state.calls["Compute"] == 1 and fake_server.state.calls["GetCalculator"] == 1


def test_compute_batch_items_in_order(fake_server):
    with Client(fake_server.address, batch_chunk=2) as c:
        rows = [
            {"id": 1, "calculator": "cockcroft_gault", "entities": {"age": 72}},
            {"id": "b", "calculator": "nope", "entities": {"age": 72}},
            {"id": 3, "calculator": 2, "entities": {}},
        ]
        out = c.compute_batch(rows)
    assert [r["id"] for r in out] == [1, "b", 3]
    assert out[0]["value"] == 32.35 and out[0]["error"] is None
    assert out[1]["error"]["code"] == "unknown_calculator" and out[1]["value"] is None
    assert out[2]["error"]["fields"] == [{"field": "entities.age", "description": "required"}]
    assert fake_server.state.calls["ComputeBatch"] == 2  # chunks of two


def test_verify_request_mapping():
    req = verify_request(
        {
            "Row Number": 12,
            "Calculator ID": "2",
            "Patient Note": "note",
            "Relevant Entities": "{'age': [87, 'years'], 'sex': 'Male'}",
            "LLM Explanation": "trace",
            "LLM Answer": 25.0,
            "Ground Truth Answer": "25.238",
            "Lower Limit": "23.976",
            "Upper Limit": "26.5",
        }
    )
    assert (req.id, req.calculator, req.patient_note, req.trace, req.answer) == ("12", "2", "note", "trace", "25")
    assert req.entities.fields["age"].list_value.values[1].string_value == "years"
    assert (req.reference.answer, req.reference.lower, req.reference.upper) == ("25.238", "23.976", "26.5")
    dur = verify_request({"trace": "t", "reference": {"answer": {"weeks": 14, "days": 1}}})
    assert dur.reference.answer == "('14 weeks', '1 days')"
    scalar = verify_request({"trace": "t", "reference": 3})
    assert scalar.reference.answer == "3"
    with pytest.raises(TypeError):
        verify_request({"calculator": 2})


def test_verify_and_batch_shapes(fake_server):
    with Client(fake_server.address) as c:
        r = c.verify("2 + 2 = 5. Answer: 5", calculator=2, entities={"age": [72, "years"]}, reference={"answer": 25.2, "lower": 24, "upper": 26}, id="a1")
        assert fake_server.verifier.last.reference.answer == "25.2"
        assert r["id"] == "a1" and r["calculator"] == "2"
        assert r["answer"] == {"value": 26.8, "expected": 25.2, "source": "reference", "correct": False, "cause": "arithmetic", "detail": "step 1 is the first wrong step"}
        assert r["steps"][1] == {"index": 1, "span": [6, 20], "text": "= 5. Answer: 5", "verdict": "incorrect", "error": "arithmetic", "detail": "2 + 2 = 4, not 5", "score": 0.0}
        assert r["steps"][0]["error"] is None
        assert r["first_error"] == 1
        assert r["scores"] == {"answer": 0.0, "factuality": 0.5, "completeness": None, "effectiveness": None, "process": 0.0, "reward": 0.0}
        assert r["error"] is None
        out = c.verify_batch([{"id": i, "trace": f"trace {i}"} for i in range(5)])
        assert [o["id"] for o in out] == list(range(5))
        # a whole row works too
        assert c.verify({"id": 9, "trace": "row form"})["id"] == 9


def test_verify_stream_sync(fake_server):
    with Client(fake_server.address) as c:
        out = list(c.verify_stream({"id": i, "trace": f"t{i}"} for i in range(4)))
    assert [o["id"] for o in out] == [0, 1, 2, 3]
    assert all(o["first_error"] == 1 for o in out)


def test_stream_bad_row_raises_itself(fake_server):
    with Client(fake_server.address) as c, pytest.raises(TypeError, match="trace"):
        list(c.verify_stream([{"id": 1, "trace": "a"}, {"id": 2}]))

    async def go():
        async with AsyncClient(fake_server.address) as c:
            return [r async for r in c.verify_stream([{"id": 1, "trace": "a"}, {"id": 2}])]

    with pytest.raises(TypeError, match="trace"):
        asyncio.run(go())


def test_async_client(fake_server, token):
    async def go():
        async with AsyncClient(fake_server.address, token=token) as c:
            calcs = await c.list_calculators()
            r = await c.compute("cockcroft_gault", {"age": 72})
            with pytest.raises(ClinverifyError) as ei:
                await c.compute("cockcroft_gault", {})
            v = await c.verify("abcdef ghi", calculator=2)
            vb = await c.verify_batch([{"id": 1, "trace": "x"}, {"id": 2, "trace": "y"}])

            async def rows():
                for i in range(3):
                    yield {"id": f"s{i}", "trace": f"trace {i}"}

            streamed = [o async for o in c.verify_stream(rows())]
            from_list = [o async for o in c.verify_stream([{"id": 5, "trace": "z"}])]
            return calcs, r, ei.value, v, vb, streamed, from_list

    calcs, r, err, v, vb, streamed, from_list = asyncio.run(go())
    assert len(calcs) == 2 and r["value"] == 32.35
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT and err.violations[0]["field"] == "entities.age"
    assert v["first_error"] == 1 and [x["id"] for x in vb] == [1, 2]
    assert [x["id"] for x in streamed] == ["s0", "s1", "s2"] and from_list[0]["id"] == 5
    # plaintext channel: the token travels as metadata
    assert all(md.get("authorization") == f"Bearer {token}" for md in fake_server.state.metadata)


def test_token_metadata_and_unauthenticated(fake_server, token):
    fake_server.state.token = token
    with Client(fake_server.address) as c, pytest.raises(ClinverifyError) as ei:
        c.list_calculators()
    assert ei.value.code == grpc.StatusCode.UNAUTHENTICATED and ei.value.attempts == 1
    with Client(fake_server.address, token=token) as c:
        assert len(c.list_calculators()) == 2


def test_token_file(fake_server, tmp_path, token):
    fake_server.state.token = token
    f = tmp_path / "token"
    f.write_text(token + "\n")
    with Client(fake_server.address, token_file=f) as c:
        assert len(c.list_calculators()) == 2


# -- retries and deadlines ---------------------------------------------------------------------


def test_retries_unavailable_then_succeeds(fake_server):
    fake_server.state.unavailable = 2
    with Client(fake_server.address, max_attempts=5, backoff_initial=0.01) as c:
        assert len(c.list_calculators()) == 2
    assert fake_server.state.calls["ListCalculators"] == 3


def test_retries_are_bounded(fake_server):
    fake_server.state.unavailable = 100
    with Client(fake_server.address, max_attempts=3, backoff_initial=0.01) as c, pytest.raises(ClinverifyError) as ei:
        c.list_calculators()
    assert ei.value.code == grpc.StatusCode.UNAVAILABLE and ei.value.attempts == 3
    assert fake_server.state.calls["ListCalculators"] == 3


def test_nobody_listening_gives_unavailable_after_bounded_attempts(unused_address):
    addr = unused_address
    t0 = time.monotonic()
    with Client(addr, max_attempts=4, backoff_initial=0.02, backoff_max=0.1, timeout=20) as c, pytest.raises(ClinverifyError) as ei:
        c.compute("cockcroft_gault", {"age": 72})
    assert ei.value.code == grpc.StatusCode.UNAVAILABLE
    assert ei.value.attempts == 4
    assert time.monotonic() - t0 < 10


def test_nobody_listening_async(unused_address):
    addr = unused_address

    async def go():
        async with AsyncClient(addr, max_attempts=3, backoff_initial=0.01) as c:
            await c.list_calculators()

    with pytest.raises(ClinverifyError) as ei:
        asyncio.run(go())
    assert ei.value.code == grpc.StatusCode.UNAVAILABLE and ei.value.attempts == 3


def test_deadline_exceeded_is_not_retried(fake_server):
    with Client(fake_server.address, timeout=0.3) as c, pytest.raises(ClinverifyError) as ei:
        c.verify("sleep")
    assert ei.value.code == grpc.StatusCode.DEADLINE_EXCEEDED and ei.value.attempts == 1
    # per-call timeout overrides the default
    with Client(fake_server.address, timeout=0.1) as c:
        assert c.verify("fast one", timeout=5)["first_error"] == 1


def test_backoff_is_jittered_and_capped():
    from clinverify.clients.grpc_client import _Config

    cfg = _Config("x:1", backoff_initial=0.1, backoff_max=0.5, backoff_multiplier=2)
    for attempt in range(1, 8):
        cap = min(0.5, 0.1 * 2 ** (attempt - 1))
        vals = [cfg.backoff(attempt) for _ in range(50)]
        assert all(0 <= v <= cap for v in vals)
        assert len(set(vals)) > 1
    with pytest.raises(ValueError):
        _Config("x:1", max_attempts=0)


# -- TLS and mTLS --------------------------------------------------------------------------------


def test_tls_with_root_certificate_and_token(certs, make_fake_server, token):
    srv = make_fake_server(tls=certs)
    srv.state.token = token
    with Client(srv.address, root_certificates=certs["ca_path"], token=token, server_name="localhost") as c:
        assert len(c.list_calculators()) == 2
    # over TLS the token is sent as call credentials: the same header on the wire
    assert srv.state.metadata[-1]["authorization"] == f"Bearer {token}"
    # without the CA the handshake fails: UNAVAILABLE after bounded retries
    with Client(srv.address, tls=True, max_attempts=2, backoff_initial=0.01, timeout=5) as c, pytest.raises(ClinverifyError) as ei:
        c.list_calculators()
    assert ei.value.code == grpc.StatusCode.UNAVAILABLE


def test_mtls(certs, make_fake_server):
    srv = make_fake_server(tls=certs, require_client_auth=True)
    with Client(srv.address, root_certificates=certs["ca"], certificate_chain=certs["client_cert_path"], private_key=certs["client_key_path"]) as c:
        assert c.compute("cockcroft_gault", {"age": 72})["value"] == 32.35

    async def go():
        async with AsyncClient(srv.address, root_certificates=certs["ca"], certificate_chain=certs["client_cert"], private_key=certs["client_key"]) as c:
            return await c.list_calculators()

    assert len(asyncio.run(go())) == 2
    # no client certificate: refused
    with Client(srv.address, root_certificates=certs["ca"], max_attempts=2, backoff_initial=0.01, timeout=5) as c, pytest.raises(ClinverifyError):
        c.list_calculators()


def test_mtls_needs_both_halves(certs):
    with pytest.raises(ValueError):
        Client("127.0.0.1:1", root_certificates=certs["ca"], certificate_chain=certs["client_cert"])


def test_address_schemes():
    from clinverify.clients.grpc_client import _Config

    assert _Config("grpcs://example.org:443").tls is True
    assert _Config("grpc://127.0.0.1:50051").target == "127.0.0.1:50051"
    assert _Config("127.0.0.1:50051").tls is False
