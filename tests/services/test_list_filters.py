"""The calculator list's category and text-query filter (``calculator_core.select_calculators``)
through every transport: the core, gRPC ListCalculators (raw stub and the Python client), the MCP
``list_calculators`` tool, the playground's ``GET /api/calculators`` and ``clinverify calc list``.
Every one answers the same calculators, and an unknown category or an over-long filter is
INVALID_ARGUMENT naming the field (and, for a category, the categories there are)."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from urllib.parse import quote, urlsplit

import grpc
import pytest
from grpc_status import rpc_status

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc
from clinverify.calculators import list_calculators
from clinverify.calculators.model import category_key
from clinverify.clients.cli import main
from clinverify.clients.grpc_client import Client, ClinverifyError
from clinverify.services import errors
from clinverify.services.calculator_core import MAX_LIST_FILTER_CHARS, select_calculators

ALL = [c.id for c in list_calculators()]
# (category, query): filters whose answer the transports must agree on.
FILTERS = [("cardiology", ""), ("Renal", ""), ("kidney", "egfr"), ("", "afib"), ("", "PHQ9"), ("heart", "qt"), ("psychiatry", "alcohol"), ("  hepatology ", " meld ")]


def expected(category: str, query: str) -> list[str]:
    """The filter's meaning, written out: the registry in order, category folded, query a substring."""
    cat, q = category_key(category) if category.strip() else None, query.strip().lower()
    return [c.id for c in list_calculators()
            if (cat is None or category_key(c.category) == cat)
            and q in " ".join((c.id, c.name, c.category, c.description, *c.keywords)).lower()]


# -- the core ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("category", "query"), FILTERS)
def test_select_keeps_the_category_and_the_query(category, query):
    got = [c.id for c in select_calculators(category, query)]
    assert got == expected(category, query) and got, (category, query)
    assert len(got) < len(ALL)


def test_select_without_filters_is_the_registry():
    assert [c.id for c in select_calculators()] == ALL
    assert [c.id for c in select_calculators("  ", "")] == ALL


def test_synonyms_of_a_specialty_list_the_same_calculators():
    renal = [c.id for c in select_calculators("renal")]
    assert renal == [c.id for c in select_calculators("Nephrology")] == [c.id for c in select_calculators("kidney")]
    assert {"cockcroft_gault", "ckd_epi_2021", "uacr"} <= set(renal) and "bmi" not in renal
    assert "phq_9" in [c.id for c in select_calculators("PSYCHIATRY")]


def test_unknown_category_names_the_field_and_the_categories():
    with pytest.raises(errors.ServiceError) as ei:
        select_calculators("astrology", "")
    e = ei.value
    assert e.code == "INVALID_ARGUMENT" and e.reason == "UNKNOWN_CATEGORY"
    (field, desc), = e.violations
    assert field == "category" and "'astrology'" in desc
    known = sorted({c.category for c in list_calculators()})
    assert all(k in desc for k in known) and e.metadata["categories"].split(",") == known
    assert e.message.startswith("category: ")


@pytest.mark.parametrize("field", ["category", "query"])
def test_a_filter_over_the_limit_names_the_field_and_the_limit(field):
    with pytest.raises(errors.ServiceError) as ei:
        select_calculators(**{field: "x" * (MAX_LIST_FILTER_CHARS + 1)})
    assert ei.value.violations == [(field, f"{MAX_LIST_FILTER_CHARS + 1} characters; the limit is {MAX_LIST_FILTER_CHARS}")]
    assert select_calculators(query="x" * MAX_LIST_FILTER_CHARS) == []  # at the limit: searched, nothing found


# -- one server: gRPC and the playground ---------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    from clinverify.services.server import ClinverifyServer, ServerConfig

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    srv = ClinverifyServer(ServerConfig(host="127.0.0.1", port=0, workers=0, http_port=0, token=None))
    port = asyncio.run_coroutine_threadsafe(srv.start(), loop).result(60)
    yield f"127.0.0.1:{port}", srv.playground.url
    asyncio.run_coroutine_threadsafe(srv.stop(0), loop).result(60)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(scope="module")
def stub(server):
    with grpc.insecure_channel(server[0]) as ch:
        yield calculator_pb2_grpc.CalculatorServiceStub(ch)


def grpc_ids(stub, category="", query=""):
    resp = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(category=category, query=query), timeout=10)
    return [c.id for c in resp.calculators]


@pytest.mark.parametrize(("category", "query"), FILTERS)
def test_grpc_list_filters(stub, category, query):
    assert grpc_ids(stub, category, query) == expected(category, query)


def test_grpc_empty_request_lists_every_calculator_as_before(stub):
    assert grpc_ids(stub) == ALL
    resp = stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(), timeout=10)
    cg = next(c for c in resp.calculators if c.id == "cockcroft_gault")
    assert (cg.medcalc_id, cg.category) == (2, "renal")
    # a filtered answer does not change the cached full list
    grpc_ids(stub, "cardiology", "qt")
    assert grpc_ids(stub) == ALL


def test_grpc_unknown_category_is_invalid_argument_with_the_field(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(category="astrology"), timeout=10)
    exc = ei.value
    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert exc.details().startswith("category: no calculator is in 'astrology'") and "cardiology" in exc.details()
    d = errors.status_details(rpc_status.from_call(exc))
    assert [f for f, _ in d["field_violations"]] == ["category"] and "nephrology" in d["field_violations"][0][1]
    assert d["error_info"]["reason"] == "UNKNOWN_CATEGORY" and "cardiology" in d["error_info"]["metadata"]["categories"].split(",")


def test_grpc_query_over_the_limit(stub):
    with pytest.raises(grpc.RpcError) as ei:
        stub.ListCalculators(calculator_pb2.ListCalculatorsRequest(query="q" * 500), timeout=10)
    assert ei.value.code() == grpc.StatusCode.INVALID_ARGUMENT and ei.value.details() == f"query: 500 characters; the limit is {MAX_LIST_FILTER_CHARS}"


def test_python_client_passes_the_filters(server):
    with Client(server[0]) as c:
        assert [x["id"] for x in c.list_calculators(category="renal", query="egfr")] == expected("renal", "egfr")
        assert len(c.list_calculators()) == len(ALL)
        with pytest.raises(ClinverifyError) as ei:
            c.list_calculators(category="astrology")
        assert ei.value.code_name == "INVALID_ARGUMENT" and ei.value.violations[0]["field"] == "category"


# -- the playground --------------------------------------------------------------------------------


def get(url: str, path: str):
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", path)
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    return r.status, body


@pytest.mark.parametrize(("category", "query"), FILTERS)
def test_playground_list_filters(server, category, query):
    status, body = get(server[1], f"/api/calculators?category={quote(category)}&query={quote(query)}")
    assert status == 200 and [c["id"] for c in body["calculators"]] == expected(category, query)


def test_playground_list_without_parameters_and_with_others(server):
    assert [c["id"] for c in get(server[1], "/api/calculators")[1]["calculators"]] == ALL
    # unknown parameters are ignored; a repeated one counts once (the last)
    status, body = get(server[1], "/api/calculators?lang=en&category=astrology&category=cardiology")
    assert status == 200 and [c["id"] for c in body["calculators"]] == expected("cardiology", "")


def test_playground_bad_filters_are_400_naming_the_field(server):
    status, body = get(server[1], "/api/calculators?category=astrology")
    assert status == 400
    err = body["error"]
    assert err["status"] == "INVALID_ARGUMENT" and err["fields"][0]["field"] == "category" and "cardiology" in err["fields"][0]["description"]
    status, body = get(server[1], f"/api/calculators?query={'q' * (MAX_LIST_FILTER_CHARS + 1)}")
    assert status == 400 and body["error"]["fields"][0]["field"] == "query"
    status, body = get(server[1], "/api/calculators?query=%ff%fe")
    assert status == 400 and body["error"]["fields"][0]["field"] == "query string" and "Traceback" not in json.dumps(body)


# -- MCP ---------------------------------------------------------------------------------------------


def mcp_call(args):
    pytest.importorskip("mcp", reason="the MCP tests need the optional extra: pip install 'clinverify[mcp]'")
    import anyio
    from mcp import Client as MCPClient

    from clinverify.services.mcp_server import build_server

    async def run():
        async with MCPClient(build_server()) as client:
            return await client.call_tool("list_calculators", args)

    return anyio.run(run)


def test_mcp_list_filters_and_schema():
    for category, query in FILTERS[:4]:
        res = mcp_call({"category": category, "query": query})
        assert not res.is_error and [c["id"] for c in res.structured_content["calculators"]] == expected(category, query)
    assert [c["id"] for c in mcp_call({}).structured_content["calculators"]] == ALL


def test_mcp_unknown_category_is_a_tool_error_naming_the_field():
    res = mcp_call({"category": "astrology"})
    assert res.is_error
    text = res.content[0].text
    assert text.startswith("category: no calculator is in 'astrology'") and "cardiology" in text and "Traceback" not in text
    err = res.structured_content["error"]
    assert err["status"] == "INVALID_ARGUMENT" and err["fields"][0]["field"] == "category"


# -- the CLI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("category", "query"), FILTERS)
def test_cli_lists_the_same_calculators(capsys, category, query):
    args = (["--category", category] if category else []) + (["--keyword", query] if query else [])
    assert main(["calc", "list", *args]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == expected(category, query)


def test_cli_bad_filters_are_usage_errors_naming_the_flag(capsys):
    assert main(["calc", "list", "--category", "astrology"]) == 2
    err = capsys.readouterr().err
    assert "--category: no calculator is in 'astrology'" in err and "cardiology" in err
    assert main(["calc", "list", "--keyword", "k" * (MAX_LIST_FILTER_CHARS + 1)]) == 2
    assert f"--keyword: {MAX_LIST_FILTER_CHARS + 1} characters; the limit is {MAX_LIST_FILTER_CHARS}" in capsys.readouterr().err
